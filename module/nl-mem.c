// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * mem-get: the system's memory figures (do), one node's (do with node) or every node's
 * (dump), from mem.c's snapshot. Each figure is an attribute; one the snapshot lacks is
 * left out, so the reader sees "unknown", never 0.
 */
#include <linux/nodemask.h>
#include <linux/slab.h>
#include <net/genetlink.h>

#include "mem.h"
#include "netlink-gen.h"
#include "netlink.h"

static int mms_fill_mem(struct sk_buff *skb, const struct mms_mem *m)
{
	int attr;

	for (attr = 1; attr <= MMSCOPE_A_MEM_MAX; attr++) {
		if (!mms_mem_has(m, attr))
			continue;
		switch (attr) {
		case MMSCOPE_A_MEM_NODE:
		case MMSCOPE_A_MEM_OVERCOMMIT_POLICY:
		case MMSCOPE_A_MEM_OVERCOMMIT_RATIO:
			if (nla_put_u32(skb, attr, m->val[attr]))
				return -EMSGSIZE;
			break;
		default:
			if (mms_put_u64_type(skb, MEM, attr, m->val[attr]))
				return -EMSGSIZE;
		}
	}
	return 0;
}

int mmscope_nl_mem_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *node = info->attrs[MMSCOPE_A_MEM_NODE];
	struct sk_buff *msg;
	struct mms_mem *m;
	void *hdr;
	int err;

	err = mms_nl_check_priv(skb, info->extack);
	if (err)
		return err;
	m = kmalloc(sizeof(*m), GFP_KERNEL_ACCOUNT);
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	err = -ENOMEM;
	if (!m || !msg)
		goto out;
	if (node) {
		err = mms_mem_read_node(m, nla_get_u32(node));
		if (err) {
			NL_SET_ERR_MSG_ATTR(info->extack, node,
					    KBUILD_MODNAME ": no such node with memory");
			goto out;
		}
	} else {
		err = mms_mem_read(m);
		if (err)
			goto out;
	}
	err = -EMSGSIZE;
	hdr = genlmsg_put_reply(msg, info, &mmscope_nl_family, 0, info->genlhdr->cmd);
	if (!hdr || mms_fill_mem(msg, m))
		goto out;
	genlmsg_end(msg, hdr);
	kfree(m);
	return genlmsg_reply(msg, info);

out:
	nlmsg_free(msg);
	kfree(m);
	return err;
}

/* One message per node with memory; cb->args[0] is the next node to look at. */
int mmscope_nl_mem_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct mms_mem *m;
	int nid, err = 0;

	if (!netlink_capable(cb->skb, CAP_SYS_ADMIN)) {
		NL_SET_ERR_MSG(cb->extack, MMS_MSG_PRIV);
		return -EPERM;
	}
	m = kmalloc(sizeof(*m), GFP_KERNEL_ACCOUNT);
	if (!m)
		return -ENOMEM;
	for (nid = mms_mem_next_node(cb->args[0]); nid < MAX_NUMNODES;
	     nid = mms_mem_next_node(nid + 1)) {
		void *hdr;

		/* a node gone offline since it was found is skipped */
		if (mms_mem_read_node(m, nid))
			continue;
		hdr = mms_dump_msg_start(skb, cb, MMSCOPE_CMD_MEM_GET);
		if (!hdr) {
			err = -EMSGSIZE;
			break;
		}
		err = mms_fill_mem(skb, m);
		if (err) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
		cb->args[0] = nid + 1;
	}
	kfree(m);
	/* A node that does not fit in an empty message would never be sent. */
	if (err && !skb->len)
		return err;
	return skb->len;
}
