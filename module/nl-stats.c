// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * stats-get: the walkers' cost counters (stats.c) as one mmscope family message, the
 * same snapshot the debugfs stats file shows; stats-reset zeroes them.
 */
#include <linux/slab.h>
#include <net/genetlink.h>

#include "netlink-gen.h"
#include "netlink.h"
#include "stats.h"

int mmscope_nl_stats_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct mms_stats *s;
	struct sk_buff *msg;
	unsigned int i;
	void *hdr;
	int err;

	err = mms_nl_check_priv(skb, info->extack);
	if (err)
		return err;
	/* a read has no side effect: resetting is an operation of its own */
	if (info->attrs[MMSCOPE_A_STATS_RESET]) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[MMSCOPE_A_STATS_RESET],
				    KBUILD_MODNAME ": stats-get never resets: use stats-reset");
		return -EINVAL;
	}
	s = kmalloc(sizeof(*s), GFP_KERNEL_ACCOUNT);
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	err = -ENOMEM;
	if (!s || !msg)
		goto out;
	mms_stats_read(s);
	hdr = genlmsg_put_reply(msg, info, &mmscope_nl_family, 0, info->genlhdr->cmd);
	err = -EMSGSIZE;
	if (!hdr)
		goto out;
	for (i = 0; i < mms_stats_nr_fields; i++) {
		const struct mms_stats_field *f = &mms_stats_fields[i];

		if (mms_put_u64_type(msg, STATS, f->attr, mms_stats_value(s, f)))
			goto out;
	}
	for (i = 0; i < MMS_STATS_HIST; i++)
		if (mms_put_u64(msg, STATS, LOCK_HOLD_HIST, s->hist[i]))
			goto out;
	genlmsg_end(msg, hdr);
	kfree(s);
	return genlmsg_reply(msg, info);

out:
	nlmsg_free(msg);
	kfree(s);
	return err;
}

int mmscope_nl_stats_reset_doit(struct sk_buff *skb, struct genl_info *info)
{
	int err = mms_nl_check_priv(skb, info->extack);

	if (err)
		return err;
	mms_stats_reset();
	return 0;
}
