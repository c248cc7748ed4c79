/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * The debugfs renderer's core: the directory /sys/kernel/debug/mmscope, the permission
 * check every file makes at open, and helpers to add a file. Each domain registers its own
 * files from debugfs-<domain>.c, called by main.c after mms_debugfs_init(): the core knows
 * no domain.
 */
#ifndef _MMSCOPE_DEBUGFS_H
#define _MMSCOPE_DEBUGFS_H

#include <linux/fs.h>
#include <linux/types.h>

struct seq_file;

/* The directory; each domain's init adds its files to it. */
void mms_debugfs_init(void);
/* Removes the directory and every file: then the domains' exits. */
void mms_debugfs_exit(void);

/* 0 when the opener may read the files (CAP_SYS_ADMIN), else -EPERM. */
int mms_debugfs_may_open(struct file *file);

/* A read-only text file rendered whole by show at open (seq_file single_open). */
struct mms_debugfs_show {
	const char *name;
	int (*show)(struct seq_file *m, void *v);
};

/* Add files to the directory: failures are not fatal, netlink works without debugfs. */
void mms_debugfs_add(const char *name, umode_t mode, void *data,
		     const struct file_operations *fops);
void mms_debugfs_add_shows(const struct mms_debugfs_show *files, unsigned int n);

/*
 * Each domain's files: debugfs-zones.c, debugfs-slab.c, debugfs-stats.c, debugfs-proc.c,
 * debugfs-mem.c.
 */
void mms_debugfs_zones_init(void);
void mms_debugfs_slab_init(void);
void mms_debugfs_stats_init(void);
void mms_debugfs_proc_init(void);
void mms_debugfs_proc_exit(void);
void mms_debugfs_mem_init(void);

#endif /* _MMSCOPE_DEBUGFS_H */
