// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * The module's own state in debugfs: stats (the walkers' cost counters) and features
 * (what resolve.c found at load time, what is allocated now, the slab layout in use).
 */
#include <linux/fs.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

#include "debugfs.h"
#include "resolve.h"
#include "slab.h"
#include "stats.h"

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
	seq_printf(m, "live: dump-states %d proc-files %d\n",
		   mms_live_read(MMS_LIVE_DUMP_STATES), mms_live_read(MMS_LIVE_PROC_FILES));
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
 * The walkers' cost counters, as stats-get sends them. Reading never changes them; writing
 * anything to the file is the explicit reset.
 */
static int stats_show(struct seq_file *m, void *v)
{
	struct mms_stats *s = kmalloc(sizeof(*s), GFP_KERNEL_ACCOUNT);
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

static const struct mms_debugfs_show mms_stats_files[] = {
	{ "features", features_show },
};

void mms_debugfs_stats_init(void)
{
	mms_debugfs_add_shows(mms_stats_files, ARRAY_SIZE(mms_stats_files));
	mms_debugfs_add("stats", 0600, NULL, &stats_fops);
}
