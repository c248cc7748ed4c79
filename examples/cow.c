// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * cow: the seeds' copy-on-write experiment. The parent maps 100 MiB of anonymous memory and
 * touches every page, then forks: fork copies the page tables, not the memory, and marks
 * the entries of both processes read-only, so parent and child map the same frames. When
 * the child writes a page, the write faults and the kernel copies that one page for the
 * child; free memory drops only then, 10 MiB per step.
 *
 *	cow [-s SIZE_MIB] [-c CHUNK_MIB] [-p]
 *
 * THP is turned off for the mapping (MADV_NOHUGEPAGE) so that every copy is a 4 KiB page.
 * After the fork only the child reads stdin; the parent waits for it and exits with it.
 */
#include <sys/wait.h>

#include "experiment.h"

static const char what[] =
	"The seeds' copy-on-write experiment: map SIZE MiB of anonymous memory and touch\n"
	"every page, fork, then let the child write to every page, CHUNK MiB at a time. Until\n"
	"it writes, parent and child share the frames; each write copies one page.";

int main(int argc, char *argv[])
{
	struct experiment ex = { .name = "cow" };
	long page = sysconf(_SC_PAGESIZE);
	volatile char *region;
	size_t off;
	int status;
	pid_t child;

	ex_args(&ex, argc, argv, what);

	region = ex_map(&ex);
	for (off = 0; off < ex.size; off += page)
		region[off] = 1;
	ex_say(&ex, "pid %d: mapped %zu MiB at %p-%p (anonymous, private, no THP) and touched "
	       "every page (rss %ld kB); free memory before fork: MemFree %ld kB; press Enter to fork",
	       getpid(), ex.size / MIB, (void *)region, (void *)(region + ex.size), ex_rss_kib(),
	       ex_memfree_kib());
	ex_wait_enter();

	child = fork();
	if (child < 0) {
		perror("cow: fork");
		return 1;
	}
	if (child) {
		ex.name = "cow parent";
		ex_say(&ex, "pid %d forked child %d: both map the same frames, copy-on-write; "
		       "waiting for the child", getpid(), child);
		if (waitpid(child, &status, 0) < 0) {
			perror("cow: waitpid");
			return 1;
		}
		ex_say(&ex, "the child exited; exiting");
		return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
	}

	ex.name = "cow child";
	ex_say(&ex, "pid %d, parent %d: rss %ld kB (the shared pages count for both), minor "
	       "faults %ld, MemFree %ld kB; press Enter to write the first %zu MiB",
	       getpid(), getppid(), ex_rss_kib(), ex_minflt(), ex_memfree_kib(), ex.chunk / MIB);
	ex_wait_enter();
	ex_write_steps(&ex, region, 2, "wrote", " (each a copy)", "write the next chunk");
	return 0;
}
