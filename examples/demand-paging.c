// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * demand-paging: the seeds' demand-paging experiment. Mapping 100 MiB of anonymous memory
 * only reserves virtual addresses (a new VMA, nothing resident); touching it page by page
 * takes one page fault per page, and each fault maps a fresh zeroed frame, so resident
 * memory (and the page faults counted for the process) climb 10 MiB at a time.
 *
 *	demand-paging [-s SIZE_MIB] [-c CHUNK_MIB] [-p]
 *
 * THP is turned off for the mapping (MADV_NOHUGEPAGE) so that every page is a 4 KiB fault.
 */
#include <sys/mman.h>

#include "experiment.h"

static const char what[] =
	"The seeds' demand-paging experiment: map SIZE MiB of anonymous memory, then write one\n"
	"byte to each of its pages, CHUNK MiB at a time. Resident memory grows only as pages\n"
	"are touched: one page fault per page.";

int main(int argc, char *argv[])
{
	struct experiment ex = { .name = "demand-paging" };
	long page = sysconf(_SC_PAGESIZE);
	volatile char *region;
	size_t done, off;
	long flt0, flt;

	ex_args(&ex, argc, argv, what);

	ex_say(&ex, "pid %d, before allocation (rss %ld kB, MemFree %ld kB); press Enter to map %zu MiB",
	       getpid(), ex_rss_kib(), ex_memfree_kib(), ex.size / MIB);
	ex_wait_enter();

	region = mmap(NULL, ex.size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (region == MAP_FAILED) {
		perror("demand-paging: mmap");
		return 1;
	}
	if (madvise((void *)region, ex.size, MADV_NOHUGEPAGE))
		perror("demand-paging: madvise(MADV_NOHUGEPAGE)");
	ex_say(&ex, "mapped %zu MiB at %p-%p (anonymous, private, no THP): virtual memory only, "
	       "nothing touched yet (rss %ld kB); press Enter to touch it %zu MiB at a time",
	       ex.size / MIB, (void *)region, (void *)(region + ex.size), ex_rss_kib(),
	       ex.chunk / MIB);
	ex_wait_enter();

	for (done = 0; done < ex.size; ) {
		size_t end = done + ex.chunk < ex.size ? done + ex.chunk : ex.size;

		if (done)
			ex_between_steps(&ex);
		flt0 = ex_minflt();
		for (off = done; off < end; off += page)
			region[off] = 1;
		flt = ex_minflt();
		ex_say(&ex, "touched %zu MiB of %zu (%zu pages more): minor faults +%ld, rss %ld kB, "
		       "MemFree %ld kB%s", end / MIB, ex.size / MIB, (end - done) / page, flt - flt0,
		       ex_rss_kib(), ex_memfree_kib(),
		       end == ex.size ? "; press Enter to exit" :
		       ex.pause_each ? "; press Enter to touch the next chunk" : "");
		done = end;
	}
	ex_wait_enter();
	return 0;
}
