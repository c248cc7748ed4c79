// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * The slab walker's debugfs file: slabinfo, in /proc/slabinfo's layout.
 */
#include <linux/seq_file.h>

#include "debugfs.h"
#include "slab.h"

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

static const struct mms_debugfs_show mms_slab_files[] = {
	{ "slabinfo", slabinfo_show },
};

void mms_debugfs_slab_init(void)
{
	mms_debugfs_add_shows(mms_slab_files, ARRAY_SIZE(mms_slab_files));
}
