// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * The debugfs renderer: text views of the walkers' output under /sys/kernel/debug/mmscope,
 * laid out like their /proc counterparts so that the two can be compared with diff. This
 * file holds the directory, the permission check and the helpers that add a file; the
 * views are in debugfs-<domain>.c.
 */
#include <linux/capability.h>
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/seq_file.h>
#include <linux/user_namespace.h>

#include "debugfs.h"

static struct dentry *mms_debugfs_dir;

/*
 * The files show frames and kernel layouts: CAP_SYS_ADMIN in the initial user namespace,
 * checked at open as /proc/PID/pagemap checks it. The mode bits alone would let root in a
 * user namespace (uid 0, no capability here) read them.
 */
int mms_debugfs_may_open(struct file *file)
{
	return file_ns_capable(file, &init_user_ns, CAP_SYS_ADMIN) ? 0 : -EPERM;
}

static int mms_show_open(struct inode *inode, struct file *file)
{
	const struct mms_debugfs_show *f = inode->i_private;
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

void mms_debugfs_add(const char *name, umode_t mode, void *data,
		     const struct file_operations *fops)
{
	debugfs_create_file(name, mode, mms_debugfs_dir, data, fops);
}

void mms_debugfs_add_shows(const struct mms_debugfs_show *files, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		mms_debugfs_add(files[i].name, 0400, (void *)&files[i], &mms_show_fops);
}

void mms_debugfs_init(void)
{
	/* debugfs failures are not fatal: netlink still works without it. */
	mms_debugfs_dir = debugfs_create_dir(KBUILD_MODNAME, NULL);
}

void mms_debugfs_exit(void)
{
	/* no file is open after this: the domains may free what their files used */
	debugfs_remove_recursive(mms_debugfs_dir);
}
