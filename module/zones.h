/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * The zones and buddy walker: the one place that reads struct zone and its free lists.
 */
#ifndef _MMSCOPE_ZONES_H
#define _MMSCOPE_ZONES_H

#include <linux/mmzone.h>

struct mms_zone_info {
	int nid;
	int idx;			/* zone_idx(): ZONE_DMA, ZONE_DMA32, ... */
	const char *name;
	unsigned long start_pfn;
	unsigned long spanned;
	unsigned long present;
	unsigned long managed;
	unsigned long cma;
	unsigned long free;		/* NR_FREE_PAGES, per-CPU deltas folded */
	/* min/low/high include the boost, as the page allocator and zoneinfo use them */
	unsigned long wmark_min;
	unsigned long wmark_low;
	unsigned long wmark_high;
	unsigned long wmark_promo;
	unsigned long boost;
	bool has_promo;
	unsigned long lowmem_reserve[MAX_NR_ZONES];
	unsigned int nr_orders;
	unsigned long nr_free[MMS_MAX_ORDERS];	/* free blocks per order */
};

/* Free blocks per migrate type and order, counted on the free lists themselves. */
struct mms_zone_types {
	unsigned int nr_types;
	unsigned int nr_orders;
	unsigned long count[MIGRATE_TYPES][MMS_MAX_ORDERS];
	/* a list longer than MMS_FREELIST_MAX: count[][] is a lower bound */
	bool capped[MIGRATE_TYPES][MMS_MAX_ORDERS];
};

/*
 * Entries counted per free list, in one zone->lock hold with interrupts off: the cap
 * /proc/pagetypeinfo has (mm/vmstat.c), set there after hard-lockup reports. A longer
 * list is reported as at least this many.
 */
#define MMS_FREELIST_MAX	100000

/*
 * Zones are addressed by a cursor, nid * MAX_NR_ZONES + zone index, so that a netlink dump
 * or a seq_file can resume after any zone.
 */
struct zone *mms_zone_next(unsigned long *cursor, int only_nid);
void mms_zone_read(struct zone *zone, struct mms_zone_info *zi);
void mms_zone_read_types(struct zone *zone, struct mms_zone_types *zt);
const char *mms_migratetype_name(unsigned int mt);

#endif /* _MMSCOPE_ZONES_H */
