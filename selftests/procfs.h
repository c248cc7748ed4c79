/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * Parsers of the kernel's own views (/proc/zoneinfo, buddyinfo, pagetypeinfo): the oracles
 * the selftests check mmscope against.
 */
#ifndef _MMSCOPE_SELFTESTS_PROCFS_H
#define _MMSCOPE_SELFTESTS_PROCFS_H

#include <stdbool.h>
#include <stdint.h>

#define PROC_MAX_ZONES	64
#define PROC_MAX_ORDERS	16
#define PROC_MAX_TYPES	16

struct proc_zone {
	int node;
	char name[32];
	uint64_t free, boost, min, low, high, promo, spanned, present, managed, cma;
	uint64_t start_pfn;
	bool has_promo;
	int nr_protection;
	uint64_t protection[16];
};

struct proc_buddy {
	int node;
	char name[32];
	int nr_orders;
	uint64_t free[PROC_MAX_ORDERS];
};

struct proc_pagetype {
	int node;
	char zone[32];
	char type[32];
	int nr_orders;
	uint64_t count[PROC_MAX_ORDERS];
	bool capped[PROC_MAX_ORDERS];	/* printed as ">100000" */
};

/* One row of /proc/slabinfo (or mmscope's debugfs copy of it). */
struct proc_slab {
	char name[128];
	uint64_t active_objs, num_objs;
	uint32_t objsize, objperslab, pagesperslab;
	uint64_t active_slabs, num_slabs;
};

/* Each returns the number of entries read (populated zones only), or -errno. */
int proc_zoneinfo(struct proc_zone *z, int max);
int proc_buddyinfo(const char *path, struct proc_buddy *b, int max);
int proc_pagetypeinfo(const char *path, struct proc_pagetype *p, int max);
/* The caches in the file's (the kernel's list) order; -EINVAL on a row that does not parse. */
int proc_slabinfo(const char *path, struct proc_slab *s, int max);

#endif
