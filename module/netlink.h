/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright (C) 2026 The mmscope authors.
 */
#ifndef _MMSCOPE_NETLINK_H
#define _MMSCOPE_NETLINK_H

int mms_nl_init(void);
void mms_nl_exit(void);

#endif /* _MMSCOPE_NETLINK_H */
