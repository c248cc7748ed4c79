/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * Oracles for a process's memory: /proc/PID/maps and smaps, /proc/PID/pagemap,
 * /proc/kpagecount and /proc/kpageflags.
 */
#ifndef _MMSCOPE_SELFTESTS_PROCMAPS_H
#define _MMSCOPE_SELFTESTS_PROCMAPS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

struct proc_vma {
	uint64_t start, end, offset, inode;
	unsigned int dev_major, dev_minor;
	char perms[8];
	char path[4096];
	/* from smaps, in kB */
	uint64_t rss, swap, anon_huge, private_hugetlb, shared_hugetlb;
};

/*
 * /proc/PID/smaps (which carries the maps lines), without the gate area ([vsyscall]): it is
 * not a VMA of the mm. Returns the count or -errno.
 */
int proc_smaps(pid_t pid, struct proc_vma *v, int max);

/* One /proc/PID/pagemap entry per page of [start, start + n pages). 0 or -errno. */
int proc_pagemap(pid_t pid, uint64_t start, uint64_t n, uint64_t *out);

#define PM_PRESENT	(1ULL << 63)
#define PM_SWAP		(1ULL << 62)
#define PM_FILE		(1ULL << 61)
#define PM_EXCLUSIVE	(1ULL << 56)
#define PM_SOFT_DIRTY	(1ULL << 55)
#define PM_PFN(e)	((e) & ((1ULL << 55) - 1))
#define PM_SWAP_TYPE(e)	((e) & 0x1f)
#define PM_SWAP_OFF(e)	(PM_PFN(e) >> 5)

int64_t proc_kpagecount(uint64_t pfn);
int64_t proc_kpageflags(uint64_t pfn);

#define KPF_ANON	12
#define KPF_HUGE	17
#define KPF_THP		22
#define KPF_ZERO_PAGE	24

#endif
