// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * mmscope shows the kernel's memory-management structures as they are: zones and the buddy
 * allocator, through generic netlink (for the mmscope tool) and debugfs (for cat).
 */
#include <linux/init.h>
#include <linux/module.h>

#include "debugfs.h"
#include "netlink.h"
#include "resolve.h"
#include "slab.h"
#include "stats.h"

/* The debugfs files of every domain (each renderer file registers its own). */
static void mmscope_debugfs_init(void)
{
	mms_debugfs_init();
	mms_debugfs_zones_init();
	mms_debugfs_slab_init();
	mms_debugfs_stats_init();
	mms_debugfs_proc_init();
	mms_debugfs_mem_init();
}

static void mmscope_debugfs_exit(void)
{
	mms_debugfs_exit();
	mms_debugfs_proc_exit();
}

static int __init mmscope_init(void)
{
	int err;

	/* Never fails: what cannot be resolved is reported and switched off. */
	mms_stats_reset();
	mms_resolve_init();
	mms_slab_init();
	mmscope_debugfs_init();
	err = mms_nl_init();
	if (err) {
		mmscope_debugfs_exit();
		return err;
	}
	pr_info("version %s loaded\n", MMSCOPE_VERSION);
	mms_features_report();
	return 0;
}

static void __exit mmscope_exit(void)
{
	mms_nl_exit();
	mmscope_debugfs_exit();
}

module_init(mmscope_init);
module_exit(mmscope_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Kernel memory-management inspector");
MODULE_AUTHOR("The mmscope authors");
MODULE_VERSION(MMSCOPE_VERSION);
