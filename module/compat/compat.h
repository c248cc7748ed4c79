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

/* What a mapped file looks like to the user (maps shows the overlay's, not the backing file). */
#ifdef MMS_HAVE_FILE_USER_PATH
#define mms_file_user_path(f)	file_user_path(f)
#define mms_file_user_inode(f)	file_user_inode(f)
#else
#define mms_file_user_path(f)	(&(f)->f_path)
#define mms_file_user_inode(f)	file_inode(f)
#endif

#ifdef MMS_HAVE_DUMP_START_EXTACK
#define MMS_DUMP_START_HAS_EXTACK	1
#else
#define MMS_DUMP_START_HAS_EXTACK	0
#endif

/* A reclaim counter (PGSCAN_*, PGSTEAL_*): a node stat, or one of the vm events in ev. */
#ifdef MMS_HAVE_RECLAIM_NODE_STAT
#define mms_reclaim_count(ev, item)	({ (void)(ev); global_node_page_state(item); })
#else
#define mms_reclaim_count(ev, item)	((ev)[item])
#endif

struct genl_family;
struct genl_split_ops;
struct genl_info;
struct netlink_callback;
struct nla_policy;
struct sk_buff;

#ifndef MMS_HAVE_GENL_SPLIT_OPS
/* The generated ops table is split (one entry per do and per dump), as on 6.2+. */
struct genl_split_ops {
	union {
		struct {
			int (*pre_doit)(const struct genl_split_ops *ops,
					struct sk_buff *skb, struct genl_info *info);
			int (*doit)(struct sk_buff *skb, struct genl_info *info);
			void (*post_doit)(const struct genl_split_ops *ops,
					  struct sk_buff *skb, struct genl_info *info);
		};
		struct {
			int (*start)(struct netlink_callback *cb);
			int (*dumpit)(struct sk_buff *skb, struct netlink_callback *cb);
			int (*done)(struct netlink_callback *cb);
		};
	};
	const struct nla_policy *policy;
	unsigned int maxattr;
	u8 cmd;
	u8 internal_flags;
	u8 flags;
	u8 validate;
};
#endif

/* Register a family from a split ops table, whatever the kernel's genetlink takes. */
int mms_genl_register_family(struct genl_family *family, const struct genl_split_ops *ops,
			     unsigned int n_ops);
void mms_genl_unregister_family(struct genl_family *family);

#endif /* _MMSCOPE_COMPAT_H */
