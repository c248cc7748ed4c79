// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * The debugfs renderer: text views of the walkers' output under /sys/kernel/debug/mmscope,
 * laid out like their /proc counterparts so that the two can be compared with diff.
 */
#include <linux/capability.h>
#include <linux/debugfs.h>
#include <linux/mm.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/user_namespace.h>

#include "debugfs.h"
#include "netlink.h"
#include "resolve.h"
#include "slab.h"
#include "stats.h"
#include "zones.h"

static struct dentry *mms_debugfs_dir;

static int zones_show(struct seq_file *m, void *v)
{
	struct mms_zone_info *zi;
	unsigned long cursor = 0;
	struct zone *zone;
	unsigned int i;

	zi = kmalloc(sizeof(*zi), GFP_KERNEL);
	if (!zi)
		return -ENOMEM;
	for (zone = mms_zone_next(&cursor, NUMA_NO_NODE); zone;
	     cursor++, zone = mms_zone_next(&cursor, NUMA_NO_NODE)) {
		mms_zone_read(zone, zi);
		seq_printf(m, "Node %d, zone %8s\n", zi->nid, zi->name);
		seq_printf(m, "  start_pfn %lu\n  spanned   %lu\n  present   %lu\n"
			   "  managed   %lu\n  cma       %lu\n  free      %lu\n",
			   zi->start_pfn, zi->spanned, zi->present, zi->managed, zi->cma,
			   zi->free);
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
	kfree(zi);
	return 0;
}

static int buddyinfo_show(struct seq_file *m, void *v)
{
	struct mms_zone_info *zi;
	unsigned long cursor = 0;
	struct zone *zone;
	unsigned int o;

	zi = kmalloc(sizeof(*zi), GFP_KERNEL);
	if (!zi)
		return -ENOMEM;
	for (zone = mms_zone_next(&cursor, NUMA_NO_NODE); zone;
	     cursor++, zone = mms_zone_next(&cursor, NUMA_NO_NODE)) {
		mms_zone_read(zone, zi);
		seq_printf(m, "Node %d, zone %8s ", zi->nid, zi->name);
		for (o = 0; o < zi->nr_orders; o++)
			seq_printf(m, "%6lu ", zi->nr_free[o]);
		seq_putc(m, '\n');
	}
	kfree(zi);
	return 0;
}

static int pagetypeinfo_show(struct seq_file *m, void *v)
{
	struct mms_zone_types *zt;
	unsigned long cursor = 0;
	struct zone *zone;
	unsigned int mt, o;

	zt = kmalloc(sizeof(*zt), GFP_KERNEL);
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

static int slabinfo_one(const struct mms_slab_info *si, void *arg)
{
	struct seq_file *m = arg;

	/* SLUB has no tunables and no shared caches: the kernel prints zeros too */
	seq_printf(m, "%-17s %6lu %6lu %6u %4u %4d : tunables %4u %4u %4u : slabdata %6lu %6lu %6lu\n",
		   si->name, si->active_objs, si->num_objs, si->size, si->objs_per_slab,
		   1 << si->order, 0, 0, 0, si->num_slabs, si->num_slabs, 0UL);
	return 0;
}

/* /proc/slabinfo's layout; slab_mutex is dropped every MMS_SLABINFO_BATCH caches. */
#define MMS_SLABINFO_BATCH	32

static int slabinfo_show(struct seq_file *m, void *v)
{
	struct mms_slab_pos pos = { };
	struct mms_slab_info *si;
	const char *off = mms_slab_off();
	int err;

	if (off) {
		seq_printf(m, "%s\n", off);
		return 0;
	}
	si = mms_slab_info_alloc();
	if (!si)
		return -ENOMEM;
	seq_puts(m, "slabinfo - version: 2.1\n");
	seq_puts(m, "# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab>");
	seq_puts(m, " : tunables <limit> <batchcount> <sharedfactor>");
	seq_puts(m, " : slabdata <active_slabs> <num_slabs> <sharedavail>\n");
	do {
		err = mms_slab_walk(&pos, MMS_SLABINFO_BATCH, si, slabinfo_one, m);
	} while (err == MMS_SLAB_MORE);
	mms_slab_info_free(si);
	return err;
}

/* What resolve.c found at load time, and why a feature is off. */
static int features_show(struct seq_file *m, void *v)
{
	const struct mms_slab_layout *l = &mms_slab_layout;
	unsigned int f;

	for (f = 0; f < MMS_NR_FEATURES; f++) {
		const char *off = mms_feature_off(f);

		seq_printf(m, "%s: %s\n", mms_feature_name(f), off ?: "on");
	}
	/* what is allocated now: both 0 when no dump runs and no process file is open */
	seq_printf(m, "live: dump-states %d proc-files %d\n", mms_nl_live_dump_states(),
		   mms_debugfs_proc_live_files());
	if (mms_slab_off())
		return 0;
	seq_printf(m, "  struct kmem_cache: name %u object_size %u size %u align %u oo %u flags %u refcount %u list %u node %u+%u*nid\n",
		   l->kc_name, l->kc_object_size, l->kc_size, l->kc_align, l->kc_oo,
		   l->kc_flags, l->kc_refcount, l->kc_list, l->kc_node, l->kc_node_stride);
	seq_printf(m, "  struct kmem_cache_node: size %u list_lock %u nr_partial %u partial %u nr_slabs %u total_objects %u\n",
		   l->kn_size, l->kn_list_lock, l->kn_nr_partial, l->kn_partial,
		   l->kn_nr_slabs, l->kn_total_objects);
	seq_printf(m, "  struct slab: slab_list %u inuse %u:%u objects %u:%u\n", l->sl_slab_list,
		   l->sl_inuse.offset, l->sl_inuse.shift, l->sl_objects.offset,
		   l->sl_objects.shift);
	return 0;
}

/*
 * The files show frames and kernel layouts: CAP_SYS_ADMIN in the initial user namespace,
 * checked at open as /proc/PID/pagemap checks it. The mode bits alone would let root in a
 * user namespace (uid 0, no capability here) read them.
 */
int mms_debugfs_may_open(struct file *file)
{
	return file_ns_capable(file, &init_user_ns, CAP_SYS_ADMIN) ? 0 : -EPERM;
}

struct mms_show_file {
	const char *name;
	int (*show)(struct seq_file *m, void *v);
};

static const struct mms_show_file mms_show_files[] = {
	{ "zones", zones_show },
	{ "buddyinfo", buddyinfo_show },
	{ "pagetypeinfo", pagetypeinfo_show },
	{ "slabinfo", slabinfo_show },
	{ "features", features_show },
};

static int mms_show_open(struct inode *inode, struct file *file)
{
	const struct mms_show_file *f = inode->i_private;
	int err = mms_debugfs_may_open(file);

	return err ?: single_open(file, f->show, NULL);
}

static const struct file_operations mms_show_fops = {
	.owner = THIS_MODULE,
	.open = mms_show_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = single_release,
};

/* The walkers' cost counters, as stats-get sends them; writing anything resets them. */
static int stats_show(struct seq_file *m, void *v)
{
	struct mms_stats *s = kmalloc(sizeof(*s), GFP_KERNEL);
	unsigned int i;

	if (!s)
		return -ENOMEM;
	mms_stats_read(s);
	for (i = 0; i < mms_stats_nr_fields; i++)
		seq_printf(m, "%s %llu\n", mms_stats_fields[i].name,
			   mms_stats_value(s, &mms_stats_fields[i]));
	seq_puts(m, "lock_hold_hist");
	for (i = 0; i < MMS_STATS_HIST; i++)
		seq_printf(m, " %llu", s->hist[i]);
	seq_putc(m, '\n');
	kfree(s);
	return 0;
}

static int stats_open(struct inode *inode, struct file *file)
{
	int err = mms_debugfs_may_open(file);

	return err ?: single_open(file, stats_show, inode->i_private);
}

static ssize_t stats_write(struct file *file, const char __user *ubuf, size_t count,
			   loff_t *ppos)
{
	mms_stats_reset();
	return count;
}

static const struct file_operations stats_fops = {
	.owner = THIS_MODULE,
	.open = stats_open,
	.read = seq_read,
	.write = stats_write,
	.llseek = seq_lseek,
	.release = single_release,
};

void mms_debugfs_init(void)
{
	unsigned int i;

	/* debugfs failures are not fatal: netlink still works without it. */
	mms_debugfs_dir = debugfs_create_dir(KBUILD_MODNAME, NULL);
	for (i = 0; i < ARRAY_SIZE(mms_show_files); i++)
		debugfs_create_file(mms_show_files[i].name, 0400, mms_debugfs_dir,
				    (void *)&mms_show_files[i], &mms_show_fops);
	debugfs_create_file("stats", 0600, mms_debugfs_dir, NULL, &stats_fops);
	mms_debugfs_proc_init(mms_debugfs_dir);
}

void mms_debugfs_exit(void)
{
	debugfs_remove_recursive(mms_debugfs_dir);
}
