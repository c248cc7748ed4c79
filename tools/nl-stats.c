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

#define STATS(t, m, nm)	MMC_FIELD(MMSCOPE_A_STATS_##t, U64, struct mmc_stats, m, nm)

/* reset is refused in a request and never in a reply: no entry. */
static const struct mmc_attr_field mmc_stats_fields[] = {
	STATS(SINCE_NS,			since_ns,		"stats.since-ns"),
	STATS(WALKS_PTDUMP,		walks_ptdump,		"stats.walks-ptdump"),
	STATS(WALKS_VMAS,		walks_vmas,		"stats.walks-vmas"),
	STATS(WALKS_ADDR,		walks_addr,		"stats.walks-addr"),
	STATS(LOCK_HOLDS,		lock_holds,		"stats.lock-holds"),
	STATS(LOCK_HOLD_TOTAL_NS,	lock_hold_total_ns,	"stats.lock-hold-total-ns"),
	STATS(LOCK_HOLD_MAX_NS,		lock_hold_max_ns,	"stats.lock-hold-max-ns"),
	STATS(BYTES_NETLINK,		bytes_netlink,		"stats.bytes-netlink"),
	STATS(BYTES_DEBUGFS,		bytes_debugfs,		"stats.bytes-debugfs"),
	STATS(IRQOFF_MAX_NS,		irqoff_max_ns,		"stats.irqoff-max-ns"),
	MMC_FIELD_MULTI(MMSCOPE_A_STATS_LOCK_HOLD_HIST, struct mmc_stats, hist, nr_hist,
			"stats.lock-hold-hist"),
};

static const struct mmc_attr_set mmc_stats_set =
	MMC_ATTR_SET("stats", mmc_stats_fields, struct mmc_stats,
		     MMC_BIT(MMSCOPE_A_STATS_LOCK_HOLDS) |
		     MMC_BIT(MMSCOPE_A_STATS_LOCK_HOLD_MAX_NS) |
		     MMC_BIT(MMSCOPE_A_STATS_WALKS_PTDUMP));

int mmc_stats_decode(const struct nlattr *attrs, int len, struct mmc_stats *s,
		     char *why, size_t whylen)
{
	return mmc_attrs_decode(&mmc_stats_set, attrs, len, s, NULL, why, whylen);
}

struct mmc_stats_req {
	struct mmc_stats *s;
	unsigned int n;
};

static int mmc_stats_parse(const struct nlattr *attrs, int len, void *arg,
			   char *why, size_t whylen)
{
	struct mmc_stats_req *sr = arg;

	sr->n++;
	return mmc_stats_decode(attrs, len, sr->s, why, whylen);
}

/* stats-get never resets; with reset, stats-reset follows the read. */
int mmc_stats_get(struct mmc_nl *nl, bool reset, struct mmc_stats *s)
{
	struct mmc_stats_req sr = { .s = s };
	const struct mmc_req req = {
		.cmd	= MMSCOPE_CMD_STATS_GET,
		.parse	= mmc_stats_parse,
		.arg	= &sr,
	};
	const struct mmc_req reset_req = { .cmd = MMSCOPE_CMD_STATS_RESET };
	int err;

	err = mmc_nl_run(nl, &req);
	if (!err && sr.n != 1)
		err = mmc_nl_fail(nl, -EPROTO, "malformed reply: %u stats where one was asked for",
				  sr.n);
	if (!err && reset)
		err = mmc_nl_run(nl, &reset_req);
	return err;
}
