/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright (C) 2026 The mmscope authors.
 */
#ifndef _MMSCOPE_DEBUGFS_H
#define _MMSCOPE_DEBUGFS_H

void mms_debugfs_init(void);
void mms_debugfs_exit(void);

struct dentry;
struct file;
/* 0 when the opener may read the files (CAP_SYS_ADMIN), else -EPERM. */
int mms_debugfs_may_open(struct file *file);
/* The process views: target, vmas and ptdump (debugfs-proc.c). */
void mms_debugfs_proc_init(struct dentry *dir);
int mms_debugfs_proc_live_files(void);

#endif /* _MMSCOPE_DEBUGFS_H */
