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
#include "experiment.h"

static const char what[] =
	"The seeds' demand-paging experiment: map SIZE MiB of anonymous memory, then write one\n"
	"byte to each of its pages, CHUNK MiB at a time. Resident memory grows only as pages\n"
	"are touched: one page fault per page.";

int main(int argc, char *argv[])
{
	struct experiment ex = { .name = "demand-paging" };
	volatile char *region;

	ex_args(&ex, argc, argv, what);

	ex_say(&ex, "pid %d, before allocation (rss %ld kB, MemFree %ld kB); press Enter to map %zu MiB",
	       getpid(), ex_rss_kib(), ex_memfree_kib(), ex.size / MIB);
	ex_wait_enter();

	region = ex_map(&ex);
	ex_say(&ex, "mapped %zu MiB at %p-%p (anonymous, private, no THP): virtual memory only, "
	       "nothing touched yet (rss %ld kB); press Enter to touch it %zu MiB at a time",
	       ex.size / MIB, (void *)region, (void *)(region + ex.size), ex_rss_kib(),
	       ex.chunk / MIB);
	ex_wait_enter();

	ex_write_steps(&ex, region, 1, "touched", "", "touch the next chunk");
	return 0;
}
