// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * Nodes, zones and the buddy allocator's free lists, read the way mm/vmstat.c reads them
 * for /proc/zoneinfo, buddyinfo and pagetypeinfo: zone->lock with interrupts off, one free
 * list per hold, and a reschedule point between holds.
 */
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/vmstat.h>
#include <linux/nodemask.h>
#include <linux/sched.h>
#include <linux/spinlock.h>

#include "stats.h"
#include "zones.h"

static const char * const mms_mt_names[MIGRATE_TYPES] = {
	[MIGRATE_UNMOVABLE]	= "Unmovable",
	[MIGRATE_MOVABLE]	= "Movable",
	[MIGRATE_RECLAIMABLE]	= "Reclaimable",
	[MIGRATE_HIGHATOMIC]	= "HighAtomic",
#ifdef CONFIG_CMA
	[MIGRATE_CMA]		= "CMA",
#endif
#ifdef CONFIG_MEMORY_ISOLATION
	[MIGRATE_ISOLATE]	= "Isolate",
#endif
};

const char *mms_migratetype_name(unsigned int mt)
{
	if (mt >= ARRAY_SIZE(mms_mt_names) || !mms_mt_names[mt])
		return "Unknown";
	return mms_mt_names[mt];
}

struct zone *mms_zone_next(unsigned long *cursor, int only_nid)
{
	unsigned long c = *cursor;
	int nid, zid;

	for (nid = c / MAX_NR_ZONES, zid = c % MAX_NR_ZONES; nid < MAX_NUMNODES;
	     nid++, zid = 0) {
		pg_data_t *pgdat;

		if (only_nid >= 0 && nid != only_nid)
			continue;
		if (!node_online(nid))
			continue;
		pgdat = NODE_DATA(nid);
		for (; zid < MAX_NR_ZONES; zid++) {
			struct zone *zone = &pgdat->node_zones[zid];

			if (!populated_zone(zone))
				continue;
			*cursor = (unsigned long)nid * MAX_NR_ZONES + zid;
			return zone;
		}
	}
	*cursor = (unsigned long)MAX_NUMNODES * MAX_NR_ZONES;
	return NULL;
}

void mms_zone_read(struct zone *zone, struct mms_zone_info *zi)
{
	unsigned long flags;
	u64 t0;
	unsigned int o;
	int i;

	BUILD_BUG_ON(MMS_NR_ORDERS > MMS_MAX_ORDERS);

	zi->nid = zone_to_nid(zone);
	zi->idx = zone_idx(zone);
	zi->name = zone->name;
	zi->start_pfn = zone->zone_start_pfn;
	zi->spanned = zone->spanned_pages;
	zi->present = zone->present_pages;
	zi->managed = zone_managed_pages(zone);
	zi->cma = zone_cma_pages(zone);
	zi->wmark_min = min_wmark_pages(zone);
	zi->wmark_low = low_wmark_pages(zone);
	zi->wmark_high = high_wmark_pages(zone);
#ifdef MMS_HAVE_WMARK_PROMO
	zi->wmark_promo = promo_wmark_pages(zone);
	zi->has_promo = true;
#else
	zi->wmark_promo = 0;
	zi->has_promo = false;
#endif
	zi->boost = zone->watermark_boost;
	for (i = 0; i < MAX_NR_ZONES; i++)
		zi->lowmem_reserve[i] = zone->lowmem_reserve[i];

	/*
	 * The per-order counts and the free-page counter move together under zone->lock:
	 * read both in one hold so that sum(nr_free << order) == free on a quiet zone.
	 */
	zi->nr_orders = MMS_NR_ORDERS;
	t0 = mms_irqoff_begin();
	spin_lock_irqsave(&zone->lock, flags);
	for (o = 0; o < MMS_NR_ORDERS; o++)
		zi->nr_free[o] = zone->free_area[o].nr_free;
	zi->free = zone_page_state_snapshot(zone, NR_FREE_PAGES);
	spin_unlock_irqrestore(&zone->lock, flags);
	mms_irqoff_end(t0);
}

static unsigned long mms_count_list(struct list_head *head, bool *capped)
{
	unsigned long n = 0;
	struct list_head *pos;

	list_for_each(pos, head) {
		if (n == MMS_FREELIST_MAX) {
			*capped = true;
			break;
		}
		n++;
	}
	return n;
}

void mms_zone_read_types(struct zone *zone, struct mms_zone_types *zt)
{
	unsigned int mt, o;
	unsigned long flags;
	u64 t0;

	zt->nr_types = MMS_NR_MIGRATETYPES;
	zt->nr_orders = MMS_NR_ORDERS;
	for (mt = 0; mt < MMS_NR_MIGRATETYPES; mt++) {
		for (o = 0; o < MMS_NR_ORDERS; o++) {
			struct free_area *area = &zone->free_area[o];

			zt->capped[mt][o] = false;
			t0 = mms_irqoff_begin();
			spin_lock_irqsave(&zone->lock, flags);
			zt->count[mt][o] = mms_count_list(&area->free_list[mt],
							  &zt->capped[mt][o]);
			spin_unlock_irqrestore(&zone->lock, flags);
			mms_irqoff_end(t0);
			cond_resched();
		}
	}
}
