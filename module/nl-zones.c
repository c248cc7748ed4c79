// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * zone-get and pagetype-get: the zone walker's figures and free-list counts as mmscope
 * family messages, one message per zone. A do names one zone by node and index; a dump
 * sends every populated zone (of one node, when asked) and resumes from its cursor.
 */
#include <linux/capability.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <net/genetlink.h>

#include "netlink-gen.h"
#include "netlink.h"
#include "zones.h"

struct mms_zone_dump {
	struct mms_dump_hdr hdr;
	unsigned long cursor;	/* next walker position */
	int nid;		/* node filter or NUMA_NO_NODE */
};

#define MMS_MSG_NODE KBUILD_MODNAME ": no such node online"

/* NUMA_NO_NODE when attrs name no node, -ENODEV when they name one that is not online. */
static int mms_nl_get_node(struct nlattr **attrs)
{
	struct nlattr *attr = attrs[MMSCOPE_A_ZONE_NODE];
	u32 node;

	if (!attr)
		return NUMA_NO_NODE;
	node = nla_get_u32(attr);
	if (node >= MAX_NUMNODES || !node_online(node))
		return -ENODEV;
	return node;
}

/* The zone a do request names by node and idx. */
static int mms_nl_get_zone(struct genl_info *info, struct zone **zonep)
{
	struct nlattr *idx_attr = info->attrs[MMSCOPE_A_ZONE_IDX];
	struct zone *zone;
	int nid;
	u32 idx;

	if (GENL_REQ_ATTR_CHECK(info, MMSCOPE_A_ZONE_NODE) ||
	    GENL_REQ_ATTR_CHECK(info, MMSCOPE_A_ZONE_IDX)) {
		NL_SET_ERR_MSG_MOD(info->extack, "node and idx are required");
		return -EINVAL;
	}
	nid = mms_nl_get_node(info->attrs);
	if (nid < 0) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[MMSCOPE_A_ZONE_NODE], MMS_MSG_NODE);
		return nid;
	}
	idx = nla_get_u32(idx_attr);
	if (idx >= MAX_NR_ZONES) {
		NL_SET_ERR_MSG_ATTR(info->extack, idx_attr, "zone index out of range");
		return -EINVAL;
	}
	zone = &NODE_DATA(nid)->node_zones[idx];
	if (!populated_zone(zone)) {
		NL_SET_ERR_MSG_ATTR(info->extack, idx_attr, "zone is not populated");
		return -ENODEV;
	}
	*zonep = zone;
	return 0;
}

static int mms_put_zone_id(struct sk_buff *skb, struct zone *zone)
{
	if (nla_put_u32(skb, MMSCOPE_A_ZONE_NODE, zone_to_nid(zone)) ||
	    nla_put_u32(skb, MMSCOPE_A_ZONE_IDX, zone_idx(zone)) ||
	    nla_put_string(skb, MMSCOPE_A_ZONE_NAME, zone->name) ||
	    nla_put_u32(skb, MMSCOPE_A_ZONE_PAGEBLOCK_ORDER, pageblock_order))
		return -EMSGSIZE;
	return 0;
}

static int mms_fill_zone(struct sk_buff *skb, struct zone *zone, void *scratch)
{
	struct mms_zone_info *zi = scratch;
	unsigned int i;

	mms_zone_read(zone, zi);
	if (mms_put_zone_id(skb, zone) ||
	    mms_put_u64(skb, ZONE, START_PFN, zi->start_pfn) ||
	    mms_put_u64(skb, ZONE, SPANNED, zi->spanned) ||
	    mms_put_u64(skb, ZONE, PRESENT, zi->present) ||
	    mms_put_u64(skb, ZONE, MANAGED, zi->managed) ||
	    mms_put_u64(skb, ZONE, CMA, zi->cma) ||
	    mms_put_u64(skb, ZONE, FREE, zi->free) ||
	    mms_put_u64(skb, ZONE, MIN, zi->wmark_min) ||
	    mms_put_u64(skb, ZONE, LOW, zi->wmark_low) ||
	    mms_put_u64(skb, ZONE, HIGH, zi->wmark_high) ||
	    (zi->has_promo && mms_put_u64(skb, ZONE, PROMO, zi->wmark_promo)) ||
	    mms_put_u64(skb, ZONE, BOOST, zi->boost))
		return -EMSGSIZE;
	for (i = 0; i < MAX_NR_ZONES; i++)
		if (mms_put_u64(skb, ZONE, LOWMEM_RESERVE, zi->lowmem_reserve[i]))
			return -EMSGSIZE;
	for (i = 0; i < zi->nr_orders; i++)
		if (mms_put_u64(skb, ZONE, FREE_AREA, zi->nr_free[i]))
			return -EMSGSIZE;
	return 0;
}

static int mms_fill_pagetype(struct sk_buff *skb, struct zone *zone, void *scratch)
{
	struct mms_zone_types *zt = scratch;
	unsigned int mt, o;

	mms_zone_read_types(zone, zt);
	if (mms_put_zone_id(skb, zone))
		return -EMSGSIZE;
	for (mt = 0; mt < zt->nr_types; mt++) {
		struct nlattr *nest = nla_nest_start(skb, MMSCOPE_A_ZONE_MIGRATETYPE);
		u32 capped = 0;

		if (!nest)
			return -EMSGSIZE;
		if (nla_put_u32(skb, MMSCOPE_A_MIGRATETYPE_IDX, mt) ||
		    nla_put_string(skb, MMSCOPE_A_MIGRATETYPE_NAME, mms_migratetype_name(mt)))
			return -EMSGSIZE;
		for (o = 0; o < zt->nr_orders; o++) {
			if (mms_put_u64(skb, MIGRATETYPE, FREE_BLOCKS, zt->count[mt][o]))
				return -EMSGSIZE;
			if (zt->capped[mt][o])
				capped |= BIT(o);
		}
		if (nla_put_u32(skb, MMSCOPE_A_MIGRATETYPE_CAPPED_ORDERS, capped))
			return -EMSGSIZE;
		nla_nest_end(skb, nest);
	}
	return 0;
}

typedef int (*mms_zone_fill_t)(struct sk_buff *skb, struct zone *zone, void *scratch);

static int mms_nl_zone_doit(struct sk_buff *skb, struct genl_info *info,
			    mms_zone_fill_t fill, size_t scratch_size)
{
	struct sk_buff *msg;
	struct zone *zone;
	void *hdr, *scratch;
	int err;

	err = mms_nl_check_priv(skb, info->extack);
	if (err)
		return err;
	err = mms_nl_get_zone(info, &zone);
	if (err)
		return err;

	scratch = kmalloc(scratch_size, GFP_KERNEL_ACCOUNT);
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	err = -ENOMEM;
	if (!scratch || !msg)
		goto err_free;
	hdr = genlmsg_put_reply(msg, info, &mmscope_nl_family, 0, info->genlhdr->cmd);
	if (!hdr)
		goto err_free;
	err = fill(msg, zone, scratch);
	if (err)
		goto err_free;
	genlmsg_end(msg, hdr);
	kfree(scratch);
	return genlmsg_reply(msg, info);

err_free:
	nlmsg_free(msg);
	kfree(scratch);
	return err;
}

/* One message per zone; the cursor lets the next call resume after the last zone sent. */
static int mms_nl_zone_dumpit(struct sk_buff *skb, struct netlink_callback *cb, u8 cmd,
			      mms_zone_fill_t fill, size_t scratch_size)
{
	struct mms_zone_dump *d;
	struct zone *zone;
	void *scratch;
	int err;

	d = mms_dump_state(cb, &err);
	if (!d)
		return err;

	scratch = kmalloc(scratch_size, GFP_KERNEL_ACCOUNT);
	if (!scratch)
		return -ENOMEM;

	for (zone = mms_zone_next(&d->cursor, d->nid); zone;
	     d->cursor++, zone = mms_zone_next(&d->cursor, d->nid)) {
		void *hdr;

		hdr = mms_dump_msg_start(skb, cb, cmd);
		if (!hdr) {
			err = -EMSGSIZE;
			break;
		}
		err = fill(skb, zone, scratch);
		if (err) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
	}
	kfree(scratch);

	/* A zone that does not fit in an empty message would never be sent. */
	if (err && !skb->len)
		return err;
	return skb->len;
}

/* Checks a zone or pagetype dump request before the first message. */
int mmscope_nl_zone_dump_start(struct netlink_callback *cb)
{
	struct mms_zone_dump *d = mms_dump_alloc(cb, sizeof(*d));

	if (!d)
		return -ENOMEM;
	if (!netlink_capable(cb->skb, CAP_SYS_ADMIN))
		return mms_dump_defer(cb, -EPERM, MMS_MSG_PRIV);
	d->nid = mms_nl_get_node(mms_dump_attrs(cb));
	if (d->nid == -ENODEV)
		return mms_dump_defer(cb, -ENODEV, MMS_MSG_NODE);
	return 0;
}

int mmscope_nl_zone_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	return mms_nl_zone_doit(skb, info, mms_fill_zone, sizeof(struct mms_zone_info));
}

int mmscope_nl_zone_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	return mms_nl_zone_dumpit(skb, cb, MMSCOPE_CMD_ZONE_GET, mms_fill_zone,
				  sizeof(struct mms_zone_info));
}

int mmscope_nl_pagetype_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	return mms_nl_zone_doit(skb, info, mms_fill_pagetype, sizeof(struct mms_zone_types));
}

int mmscope_nl_pagetype_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	return mms_nl_zone_dumpit(skb, cb, MMSCOPE_CMD_PAGETYPE_GET, mms_fill_pagetype,
				  sizeof(struct mms_zone_types));
}
