/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright (C) 2026 The mmscope authors.
 */
#ifndef _MMSCOPE_DEBUGFS_H
#define _MMSCOPE_DEBUGFS_H

void mms_debugfs_init(void);
void mms_debugfs_exit(void);

struct dentry;
/* The process views: target, vmas and ptdump (debugfs-proc.c). */
void mms_debugfs_proc_init(struct dentry *dir);

#endif /* _MMSCOPE_DEBUGFS_H */
