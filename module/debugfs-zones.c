// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * The zone walker's debugfs files: zones (/proc/zoneinfo's figures), buddyinfo and
 * pagetypeinfo in their /proc layouts.
 */
#include <linux/mm.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

#include "debugfs.h"
#include "zones.h"

/* Each populated zone, read once, rendered by one line printer. */
static int mms_zones_each(struct seq_file *m,
			  void (*print)(struct seq_file *m, const struct mms_zone_info *zi))
{
	struct mms_zone_info *zi;
	unsigned long cursor = 0;
	struct zone *zone;

	zi = kmalloc(sizeof(*zi), GFP_KERNEL_ACCOUNT);
	if (!zi)
		return -ENOMEM;
	for (zone = mms_zone_next(&cursor, NUMA_NO_NODE); zone;
	     cursor++, zone = mms_zone_next(&cursor, NUMA_NO_NODE)) {
		mms_zone_read(zone, zi);
		print(m, zi);
	}
	kfree(zi);
	return 0;
}

static void zones_print(struct seq_file *m, const struct mms_zone_info *zi)
{
	unsigned int i;

	seq_printf(m, "Node %d, zone %8s\n", zi->nid, zi->name);
	seq_printf(m, "  start_pfn %lu\n  spanned   %lu\n  present   %lu\n"
		   "  managed   %lu\n  cma       %lu\n  free      %lu\n",
		   zi->start_pfn, zi->spanned, zi->present, zi->managed, zi->cma, zi->free);
	seq_printf(m, "  min       %lu\n  low       %lu\n  high      %lu\n",
		   zi->wmark_min, zi->wmark_low, zi->wmark_high);
	if (zi->has_promo)
		seq_printf(m, "  promo     %lu\n", zi->wmark_promo);
	seq_printf(m, "  boost     %lu\n  protection: (", zi->boost);
	for (i = 0; i < MAX_NR_ZONES; i++)
		seq_printf(m, "%s%lu", i ? ", " : "", zi->lowmem_reserve[i]);
	seq_puts(m, ")\n  free_area:");
	for (i = 0; i < zi->nr_orders; i++)
		seq_printf(m, " %lu", zi->nr_free[i]);
	seq_putc(m, '\n');
}

static int zones_show(struct seq_file *m, void *v)
{
	return mms_zones_each(m, zones_print);
}

static void buddyinfo_print(struct seq_file *m, const struct mms_zone_info *zi)
{
	unsigned int o;

	seq_printf(m, "Node %d, zone %8s ", zi->nid, zi->name);
	for (o = 0; o < zi->nr_orders; o++)
		seq_printf(m, "%6lu ", zi->nr_free[o]);
	seq_putc(m, '\n');
}

static int buddyinfo_show(struct seq_file *m, void *v)
{
	return mms_zones_each(m, buddyinfo_print);
}

static int pagetypeinfo_show(struct seq_file *m, void *v)
{
	struct mms_zone_types *zt;
	unsigned long cursor = 0;
	struct zone *zone;
	unsigned int mt, o;

	zt = kmalloc(sizeof(*zt), GFP_KERNEL_ACCOUNT);
	if (!zt)
		return -ENOMEM;
	seq_printf(m, "Page block order: %d\nPages per block:  %lu\n\n",
		   pageblock_order, pageblock_nr_pages);
	seq_printf(m, "%-43s ", "Free pages count per migrate type at order");
	for (o = 0; o < MMS_NR_ORDERS; o++)
		seq_printf(m, "%6u ", o);
	seq_putc(m, '\n');
	for (zone = mms_zone_next(&cursor, NUMA_NO_NODE); zone;
	     cursor++, zone = mms_zone_next(&cursor, NUMA_NO_NODE)) {
		mms_zone_read_types(zone, zt);
		for (mt = 0; mt < zt->nr_types; mt++) {
			seq_printf(m, "Node %4d, zone %8s, type %12s ", zone_to_nid(zone),
				   zone->name, mms_migratetype_name(mt));
			for (o = 0; o < zt->nr_orders; o++)
				seq_printf(m, "%s%6lu ", zt->capped[mt][o] ? ">" : "",
					   zt->count[mt][o]);
			seq_putc(m, '\n');
		}
	}
	kfree(zt);
	return 0;
}

static const struct mms_debugfs_show mms_zones_files[] = {
	{ "zones", zones_show },
	{ "buddyinfo", buddyinfo_show },
	{ "pagetypeinfo", pagetypeinfo_show },
};

void mms_debugfs_zones_init(void)
{
	mms_debugfs_add_shows(mms_zones_files, ARRAY_SIZE(mms_zones_files));
}
