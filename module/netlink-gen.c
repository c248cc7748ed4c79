// SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)
/* Do not edit directly, auto-generated from: */
/*	uapi/mmscope.yaml */
/* YNL-GEN kernel source */

#include <net/netlink.h>
#include <net/genetlink.h>

#include "netlink-gen.h"

#include <uapi/linux/mmscope.h>

/* MMSCOPE_CMD_ZONE_GET - do */
static const struct nla_policy mmscope_zone_get_do_nl_policy[MMSCOPE_A_ZONE_IDX + 1] = {
	[MMSCOPE_A_ZONE_NODE] = { .type = NLA_U32, },
	[MMSCOPE_A_ZONE_IDX] = { .type = NLA_U32, },
};

/* MMSCOPE_CMD_ZONE_GET - dump */
static const struct nla_policy mmscope_zone_get_dump_nl_policy[MMSCOPE_A_ZONE_NODE + 1] = {
	[MMSCOPE_A_ZONE_NODE] = { .type = NLA_U32, },
};

/* MMSCOPE_CMD_PAGETYPE_GET - do */
static const struct nla_policy mmscope_pagetype_get_do_nl_policy[MMSCOPE_A_ZONE_IDX + 1] = {
	[MMSCOPE_A_ZONE_NODE] = { .type = NLA_U32, },
	[MMSCOPE_A_ZONE_IDX] = { .type = NLA_U32, },
};

/* MMSCOPE_CMD_PAGETYPE_GET - dump */
static const struct nla_policy mmscope_pagetype_get_dump_nl_policy[MMSCOPE_A_ZONE_NODE + 1] = {
	[MMSCOPE_A_ZONE_NODE] = { .type = NLA_U32, },
};

/* MMSCOPE_CMD_SLAB_GET - do */
static const struct nla_policy mmscope_slab_get_nl_policy[MMSCOPE_A_SLAB_NAME + 1] = {
	[MMSCOPE_A_SLAB_NAME] = { .type = NLA_NUL_STRING, .len = 255, },
};

/* MMSCOPE_CMD_VMA_GET - dump */
static const struct nla_policy mmscope_vma_get_nl_policy[MMSCOPE_A_VMA_PID + 1] = {
	[MMSCOPE_A_VMA_PID] = { .type = NLA_U32, },
};

/* MMSCOPE_CMD_WALK - do */
static const struct nla_policy mmscope_walk_nl_policy[MMSCOPE_A_WALK_ADDR + 1] = {
	[MMSCOPE_A_WALK_PID] = { .type = NLA_U32, },
	[MMSCOPE_A_WALK_ADDR] = { .type = NLA_U64, },
};

/* MMSCOPE_CMD_PTDUMP - dump */
static const struct nla_policy mmscope_ptdump_nl_policy[MMSCOPE_A_EXTENT_END + 1] = {
	[MMSCOPE_A_EXTENT_PID] = { .type = NLA_U32, },
	[MMSCOPE_A_EXTENT_START] = { .type = NLA_U64, },
	[MMSCOPE_A_EXTENT_END] = { .type = NLA_U64, },
};

/* MMSCOPE_CMD_STATS_GET - do */
static const struct nla_policy mmscope_stats_get_nl_policy[MMSCOPE_A_STATS_RESET + 1] = {
	[MMSCOPE_A_STATS_RESET] = { .type = NLA_FLAG, },
};

/* MMSCOPE_CMD_MEM_GET - do */
static const struct nla_policy mmscope_mem_get_nl_policy[MMSCOPE_A_MEM_NODE + 1] = {
	[MMSCOPE_A_MEM_NODE] = { .type = NLA_U32, },
};

/* Ops table for mmscope */
const struct genl_split_ops mmscope_nl_ops[13] = {
	{
		.cmd		= MMSCOPE_CMD_ZONE_GET,
		.doit		= mmscope_nl_zone_get_doit,
		.policy		= mmscope_zone_get_do_nl_policy,
		.maxattr	= MMSCOPE_A_ZONE_IDX,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= MMSCOPE_CMD_ZONE_GET,
		.start		= mmscope_nl_zone_dump_start,
		.dumpit		= mmscope_nl_zone_get_dumpit,
		.done		= mmscope_nl_dump_done,
		.policy		= mmscope_zone_get_dump_nl_policy,
		.maxattr	= MMSCOPE_A_ZONE_NODE,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DUMP,
	},
	{
		.cmd		= MMSCOPE_CMD_PAGETYPE_GET,
		.doit		= mmscope_nl_pagetype_get_doit,
		.policy		= mmscope_pagetype_get_do_nl_policy,
		.maxattr	= MMSCOPE_A_ZONE_IDX,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= MMSCOPE_CMD_PAGETYPE_GET,
		.start		= mmscope_nl_zone_dump_start,
		.dumpit		= mmscope_nl_pagetype_get_dumpit,
		.done		= mmscope_nl_dump_done,
		.policy		= mmscope_pagetype_get_dump_nl_policy,
		.maxattr	= MMSCOPE_A_ZONE_NODE,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DUMP,
	},
	{
		.cmd		= MMSCOPE_CMD_SLAB_GET,
		.doit		= mmscope_nl_slab_get_doit,
		.policy		= mmscope_slab_get_nl_policy,
		.maxattr	= MMSCOPE_A_SLAB_NAME,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd	= MMSCOPE_CMD_SLAB_GET,
		.start	= mmscope_nl_slab_dump_start,
		.dumpit	= mmscope_nl_slab_get_dumpit,
		.done	= mmscope_nl_dump_done,
		.flags	= GENL_ADMIN_PERM | GENL_CMD_CAP_DUMP,
	},
	{
		.cmd		= MMSCOPE_CMD_VMA_GET,
		.start		= mmscope_nl_vma_dump_start,
		.dumpit		= mmscope_nl_vma_get_dumpit,
		.done		= mmscope_nl_proc_dump_done,
		.policy		= mmscope_vma_get_nl_policy,
		.maxattr	= MMSCOPE_A_VMA_PID,
		.flags		= GENL_CMD_CAP_DUMP,
	},
	{
		.cmd		= MMSCOPE_CMD_WALK,
		.doit		= mmscope_nl_walk_doit,
		.policy		= mmscope_walk_nl_policy,
		.maxattr	= MMSCOPE_A_WALK_ADDR,
		.flags		= GENL_CMD_CAP_DO,
	},
	{
		.cmd		= MMSCOPE_CMD_PTDUMP,
		.start		= mmscope_nl_ptdump_start,
		.dumpit		= mmscope_nl_ptdump_dumpit,
		.done		= mmscope_nl_proc_dump_done,
		.policy		= mmscope_ptdump_nl_policy,
		.maxattr	= MMSCOPE_A_EXTENT_END,
		.flags		= GENL_CMD_CAP_DUMP,
	},
	{
		.cmd		= MMSCOPE_CMD_STATS_GET,
		.doit		= mmscope_nl_stats_get_doit,
		.policy		= mmscope_stats_get_nl_policy,
		.maxattr	= MMSCOPE_A_STATS_RESET,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd	= MMSCOPE_CMD_STATS_RESET,
		.doit	= mmscope_nl_stats_reset_doit,
		.flags	= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= MMSCOPE_CMD_MEM_GET,
		.doit		= mmscope_nl_mem_get_doit,
		.policy		= mmscope_mem_get_nl_policy,
		.maxattr	= MMSCOPE_A_MEM_NODE,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd	= MMSCOPE_CMD_MEM_GET,
		.dumpit	= mmscope_nl_mem_get_dumpit,
		.flags	= GENL_ADMIN_PERM | GENL_CMD_CAP_DUMP,
	},
};
