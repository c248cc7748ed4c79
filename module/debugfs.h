/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright (C) 2026 The mmscope authors.
 */
#ifndef _MMSCOPE_DEBUGFS_H
#define _MMSCOPE_DEBUGFS_H

void mms_debugfs_init(void);
void mms_debugfs_exit(void);

#endif /* _MMSCOPE_DEBUGFS_H */
