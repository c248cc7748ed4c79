// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * mmscope-demo: a process whose memory tells the seeds' stories, for mmscope to look at.
 * It maps SIZE MiB of anonymous memory (no THP) and touches every other page (demand
 * paging), then forks: parent and child share those pages copy-on-write. It prints the
 * addresses and pids, and waits; on SIGUSR1 the child writes to the first page.
 *
 *	mmscope-demo [SIZE_MIB]
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

static char *region;

static void write_first(int sig)
{
	(void)sig;
	region[0] = 2;
}

int main(int argc, char *argv[])
{
	size_t size = (argc > 1 ? strtoul(argv[1], NULL, 0) : 16) << 20;
	long page = sysconf(_SC_PAGESIZE);
	pid_t child;
	size_t off;

	region = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (region == MAP_FAILED) {
		perror("mmscope-demo: mmap");
		return 1;
	}
	madvise(region, size, MADV_NOHUGEPAGE);
	for (off = 0; off < size; off += 2 * page)
		region[off] = 1;

	signal(SIGUSR1, write_first);
	child = fork();
	if (child < 0) {
		perror("mmscope-demo: fork");
		return 1;
	}
	if (!child) {
		for (;;)
			pause();
	}
	printf("parent %d child %d region %p size %zu\n", getpid(), child, (void *)region, size);
	fflush(stdout);
	pause();
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	return 0;
}
