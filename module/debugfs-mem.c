// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * The system's memory figures in debugfs, mem-get's snapshot as text: "mem" has one
 * "name value" line per figure of the system (kB, events as counted), "mem-nodes" a block
 * per node with memory, opened by "node N". A figure the kernel does not keep is left out.
 */
#include <linux/fs.h>
#include <linux/nodemask.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

#include "debugfs.h"
#include "mem.h"

static void mms_mem_show(struct seq_file *sf, const struct mms_mem *m)
{
	int attr;

	for (attr = 1; attr <= MMSCOPE_A_MEM_MAX; attr++)
		if (mms_mem_has(m, attr) && attr != MMSCOPE_A_MEM_NODE)
			seq_printf(sf, "%s %llu\n", mms_mem_names[attr], m->val[attr]);
}

static int mem_show(struct seq_file *sf, void *v)
{
	struct mms_mem *m = kmalloc(sizeof(*m), GFP_KERNEL_ACCOUNT);
	int err;

	if (!m)
		return -ENOMEM;
	err = mms_mem_read(m);
	if (!err)
		mms_mem_show(sf, m);
	kfree(m);
	return err;
}

static int mem_nodes_show(struct seq_file *sf, void *v)
{
	struct mms_mem *m = kmalloc(sizeof(*m), GFP_KERNEL_ACCOUNT);
	int nid;

	if (!m)
		return -ENOMEM;
	for (nid = mms_mem_next_node(0); nid < MAX_NUMNODES; nid = mms_mem_next_node(nid + 1)) {
		if (mms_mem_read_node(m, nid))
			continue;
		seq_printf(sf, "node %d\n", nid);
		mms_mem_show(sf, m);
	}
	kfree(m);
	return 0;
}

static const struct mms_debugfs_show mms_mem_files[] = {
	{ "mem", mem_show },
	{ "mem-nodes", mem_nodes_show },
};

void mms_debugfs_mem_init(void)
{
	mms_debugfs_add_shows(mms_mem_files, ARRAY_SIZE(mms_mem_files));
}
