/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/* Do not edit directly, auto-generated from: */
/*	uapi/mmscope.yaml */
/* YNL-GEN kernel header */

#ifndef _LINUX_MMSCOPE_GEN_H
#define _LINUX_MMSCOPE_GEN_H

#include <net/netlink.h>
#include <net/genetlink.h>

#include <uapi/linux/mmscope.h>

/* Ops table for mmscope */
extern const struct genl_split_ops mmscope_nl_ops[13];

int mmscope_nl_zone_dump_start(struct netlink_callback *cb);
int mmscope_nl_slab_dump_start(struct netlink_callback *cb);
int mmscope_nl_vma_dump_start(struct netlink_callback *cb);
int mmscope_nl_ptdump_start(struct netlink_callback *cb);
int mmscope_nl_dump_done(struct netlink_callback *cb);
int mmscope_nl_proc_dump_done(struct netlink_callback *cb);

int mmscope_nl_zone_get_doit(struct sk_buff *skb, struct genl_info *info);
int mmscope_nl_zone_get_dumpit(struct sk_buff *skb,
			       struct netlink_callback *cb);
int mmscope_nl_pagetype_get_doit(struct sk_buff *skb, struct genl_info *info);
int mmscope_nl_pagetype_get_dumpit(struct sk_buff *skb,
				   struct netlink_callback *cb);
int mmscope_nl_slab_get_doit(struct sk_buff *skb, struct genl_info *info);
int mmscope_nl_slab_get_dumpit(struct sk_buff *skb,
			       struct netlink_callback *cb);
int mmscope_nl_vma_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int mmscope_nl_walk_doit(struct sk_buff *skb, struct genl_info *info);
int mmscope_nl_ptdump_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int mmscope_nl_stats_get_doit(struct sk_buff *skb, struct genl_info *info);
int mmscope_nl_stats_reset_doit(struct sk_buff *skb, struct genl_info *info);
int mmscope_nl_mem_get_doit(struct sk_buff *skb, struct genl_info *info);
int mmscope_nl_mem_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);

#endif /* _LINUX_MMSCOPE_GEN_H */
