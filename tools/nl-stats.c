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

static const char *const mms_stats_attr_names[] = {
	[MMSCOPE_A_STATS_RESET]			= "stats.reset",
	[MMSCOPE_A_STATS_SINCE_NS]		= "stats.since-ns",
	[MMSCOPE_A_STATS_WALKS_PTDUMP]		= "stats.walks-ptdump",
	[MMSCOPE_A_STATS_WALKS_VMAS]		= "stats.walks-vmas",
	[MMSCOPE_A_STATS_WALKS_ADDR]		= "stats.walks-addr",
	[MMSCOPE_A_STATS_LOCK_HOLDS]		= "stats.lock-holds",
	[MMSCOPE_A_STATS_LOCK_HOLD_TOTAL_NS]	= "stats.lock-hold-total-ns",
	[MMSCOPE_A_STATS_LOCK_HOLD_MAX_NS]	= "stats.lock-hold-max-ns",
	[MMSCOPE_A_STATS_BYTES_NETLINK]		= "stats.bytes-netlink",
	[MMSCOPE_A_STATS_BYTES_DEBUGFS]		= "stats.bytes-debugfs",
	[MMSCOPE_A_STATS_LOCK_HOLD_HIST]	= "stats.lock-hold-hist",
	[MMSCOPE_A_STATS_PAD]			= "stats.pad",
};

#define STATS_AT(attr, member) [MMSCOPE_A_STATS_##attr] = offsetof(struct mms_stats, member) + 1

/* Where each scalar goes (offset + 1; 0: not a scalar). */
static const size_t mms_stats_offsets[] = {
	STATS_AT(SINCE_NS, since_ns),
	STATS_AT(WALKS_PTDUMP, walks_ptdump),
	STATS_AT(WALKS_VMAS, walks_vmas),
	STATS_AT(WALKS_ADDR, walks_addr),
	STATS_AT(LOCK_HOLDS, lock_holds),
	STATS_AT(LOCK_HOLD_TOTAL_NS, lock_hold_total_ns),
	STATS_AT(LOCK_HOLD_MAX_NS, lock_hold_max_ns),
	STATS_AT(BYTES_NETLINK, bytes_netlink),
	STATS_AT(BYTES_DEBUGFS, bytes_debugfs),
};

int mms_stats_decode(const struct nlattr *attrs, int len, struct mms_stats *s,
		     char *why, size_t whylen)
{
	const uint64_t need = MMS_BIT(MMSCOPE_A_STATS_LOCK_HOLDS) |
			      MMS_BIT(MMSCOPE_A_STATS_LOCK_HOLD_MAX_NS) |
			      MMS_BIT(MMSCOPE_A_STATS_WALKS_PTDUMP);
	const struct nlattr *a;
	uint64_t seen = 0;
	int rem, err;

	memset(s, 0, sizeof(*s));
	for (a = attrs, rem = len; nla_ok(a, rem); a = nla_next(a, &rem)) {
		int type = nla_type(a);
		const char *what;

		if (type > MMSCOPE_A_STATS_MAX || type == MMSCOPE_A_STATS_PAD ||
		    type == MMSCOPE_A_STATS_RESET)
			continue;
		what = mms_stats_attr_names[type];
		if (type == MMSCOPE_A_STATS_LOCK_HOLD_HIST)
			err = mms_attr_u64_multi(a, s->hist, &s->nr_hist, MMS_STATS_MAX_HIST, what,
						 why, whylen);
		else if ((size_t)type < sizeof(mms_stats_offsets) / sizeof(mms_stats_offsets[0]) &&
			 mms_stats_offsets[type])
			err = mms_attr_u64(a, (uint64_t *)((char *)s + mms_stats_offsets[type] - 1),
					   what, why, whylen);
		else
			continue;
		if (err)
			return err;
		seen |= MMS_BIT(type);
	}
	err = mms_attr_trailing(rem, "stats", why, whylen);
	if (!err)
		err = mms_attr_missing(seen, need, mms_stats_attr_names, why, whylen);
	return err;
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
