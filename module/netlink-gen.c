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

/* Ops table for mmscope */
const struct genl_split_ops mmscope_nl_ops[4] = {
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
};
