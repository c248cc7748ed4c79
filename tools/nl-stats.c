// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * stats-get: the walkers' cost counters (walks, mmap_lock holds, bytes rendered).
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include <netlink/attr.h>
#include <netlink/msg.h>

#include <linux/mmscope.h>

#include "nl-internal.h"

#define STATS(t, m, nm)	MMS_FIELD(MMSCOPE_A_STATS_##t, U64, struct mms_stats, m, nm)

/* reset is the request's flag, never in a reply: no entry. */
static const struct mms_attr_field mms_stats_fields[] = {
	STATS(SINCE_NS,			since_ns,		"stats.since-ns"),
	STATS(WALKS_PTDUMP,		walks_ptdump,		"stats.walks-ptdump"),
	STATS(WALKS_VMAS,		walks_vmas,		"stats.walks-vmas"),
	STATS(WALKS_ADDR,		walks_addr,		"stats.walks-addr"),
	STATS(LOCK_HOLDS,		lock_holds,		"stats.lock-holds"),
	STATS(LOCK_HOLD_TOTAL_NS,	lock_hold_total_ns,	"stats.lock-hold-total-ns"),
	STATS(LOCK_HOLD_MAX_NS,		lock_hold_max_ns,	"stats.lock-hold-max-ns"),
	STATS(BYTES_NETLINK,		bytes_netlink,		"stats.bytes-netlink"),
	STATS(BYTES_DEBUGFS,		bytes_debugfs,		"stats.bytes-debugfs"),
	MMS_FIELD_MULTI(MMSCOPE_A_STATS_LOCK_HOLD_HIST, struct mms_stats, hist, nr_hist,
			"stats.lock-hold-hist"),
};

static const struct mms_attr_set mms_stats_set =
	MMS_ATTR_SET("stats", mms_stats_fields, struct mms_stats,
		     MMS_BIT(MMSCOPE_A_STATS_LOCK_HOLDS) |
		     MMS_BIT(MMSCOPE_A_STATS_LOCK_HOLD_MAX_NS) |
		     MMS_BIT(MMSCOPE_A_STATS_WALKS_PTDUMP));

int mms_stats_decode(const struct nlattr *attrs, int len, struct mms_stats *s,
		     char *why, size_t whylen)
{
	return mms_attrs_decode(&mms_stats_set, attrs, len, s, NULL, why, whylen);
}

struct mms_stats_req {
	bool reset;
	struct mms_stats *s;
	unsigned int n;
};

static int mms_stats_req_put(struct nl_msg *msg, void *arg)
{
	struct mms_stats_req *sr = arg;

	if (sr->reset && nla_put_flag(msg, MMSCOPE_A_STATS_RESET) < 0)
		return -EMSGSIZE;
	return 0;
}

static int mms_stats_parse(const struct nlattr *attrs, int len, void *arg,
			   char *why, size_t whylen)
{
	struct mms_stats_req *sr = arg;

	sr->n++;
	return mms_stats_decode(attrs, len, sr->s, why, whylen);
}

int mms_stats_get(struct mms_nl *nl, bool reset, struct mms_stats *s)
{
	struct mms_stats_req sr = { .reset = reset, .s = s };
	const struct mms_req req = {
		.cmd	= MMSCOPE_CMD_STATS_GET,
		.put	= mms_stats_req_put,
		.parse	= mms_stats_parse,
		.arg	= &sr,
	};
	int err;

	err = mms_nl_run(nl, &req);
	if (!err && sr.n != 1)
		err = mms_nl_fail(nl, -EPROTO, "malformed reply: %u stats where one was asked for",
				  sr.n);
	return err;
}
