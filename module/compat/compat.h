/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * Everything that differs between the kernels mmscope builds for lives here. The probes in
 * compat.mk define MMS_HAVE_* from the target's headers; this file turns them into one API
 * so that the walkers and renderers read like upstream code. Force-included in every file.
 */
#ifndef _MMSCOPE_COMPAT_H
#define _MMSCOPE_COMPAT_H

#include <linux/kconfig.h>

/*
 * Buddy orders and migrate types: size the arrays from struct zone itself, which is right
 * whether the kernel spells it MAX_ORDER (exclusive or inclusive) or NR_PAGE_ORDERS.
 */
#define MMS_NR_ORDERS		ARRAY_SIZE(((struct zone *)NULL)->free_area)
#define MMS_NR_MIGRATETYPES	ARRAY_SIZE(((struct free_area *)NULL)->free_list)
/* Upper bound usable in array declarations before struct zone is known. */
#define MMS_MAX_ORDERS		16

#ifndef MMS_HAVE_NL_SET_ERR_MSG_FMT
#include <linux/netlink.h>
/* Older kernels take only constant strings: keep the format as the message. */
#define NL_SET_ERR_MSG_FMT_MOD(extack, fmt, args...) NL_SET_ERR_MSG_MOD(extack, fmt)
#endif

/* The parsed attributes of a dump request. */
#ifdef MMS_HAVE_GENL_DUMPIT_INFO_INFO
#define mms_dump_attrs(cb)	(genl_dumpit_info(cb)->info.attrs)
#else
#define mms_dump_attrs(cb)	(genl_dumpit_info(cb)->attrs)
#endif

#endif /* _MMSCOPE_COMPAT_H */
