// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * The generic netlink renderer: turns the walkers' output into the mmscope family's
 * messages. The ops table and policies are generated from uapi/mmscope.yaml
 * (netlink-gen.c); the handlers below are the hand-written half.
 */
#include <linux/capability.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <net/genetlink.h>

#include "netlink-gen.h"
#include "netlink.h"
#include "stats.h"
#include "zones.h"

struct mms_zone_dump {
	struct mms_dump_hdr hdr;
	unsigned long cursor;	/* next walker position */
	int nid;		/* node filter or NUMA_NO_NODE */
};

/*
 * Every reply carries page frame numbers: CAP_SYS_ADMIN, on top of the CAP_NET_ADMIN that
 * GENL_ADMIN_PERM asks for, both against the initial user namespace.
 */
int mms_nl_check_priv(const struct sk_buff *skb, struct netlink_ext_ack *extack)
{
	if (netlink_capable(skb, CAP_SYS_ADMIN))
		return 0;
	NL_SET_ERR_MSG(extack, MMS_MSG_PRIV);
	return -EPERM;
}

/* Dump states alive now: allocated by a start callback and not freed yet (debugfs features). */
static atomic_t mms_nr_dump_states = ATOMIC_INIT(0);

int mms_nl_live_dump_states(void)
{
	return atomic_read(&mms_nr_dump_states);
}

void *mms_dump_alloc(struct netlink_callback *cb, size_t size)
{
	void *state = kzalloc(size, GFP_KERNEL);

	if (state)
		atomic_inc(&mms_nr_dump_states);
	cb->args[0] = (unsigned long)state;
	return state;
}

/* Free the dump state in cb->args[0], if any. */
static void mms_dump_free(struct netlink_callback *cb)
{
	void *state = (void *)cb->args[0];

	if (state)
		atomic_dec(&mms_nr_dump_states);
	kfree(state);
	cb->args[0] = 0;
}

void mms_nl_set_msg(struct netlink_ext_ack *extack, const char *msg)
{
	if (extack)
		extack->_msg = msg;
}

int __mms_dump_defer(struct netlink_callback *cb, int err, const char *msg)
{
	struct mms_dump_hdr *hdr = (void *)cb->args[0];

	mms_nl_set_msg(cb->extack, msg);
	if (MMS_DUMP_START_HAS_EXTACK || !hdr) {
		mms_dump_free(cb);
		return err;
	}
	/* Reported by the first dumpit call, in the NLMSG_DONE that ends the dump. */
	hdr->err = err;
	hdr->msg = msg;
	return 0;
}

void *mms_dump_state(struct netlink_callback *cb, int *err)
{
	struct mms_dump_hdr *hdr = (void *)cb->args[0];

	*err = 0;
	if (hdr && hdr->err) {
		mms_nl_set_msg(cb->extack, hdr->msg);
		*err = hdr->err;
		return NULL;
	}
	return hdr;
}

int mmscope_nl_dump_done(struct netlink_callback *cb)
{
	mms_dump_free(cb);
	return 0;
}

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

static int mms_put_u64(struct sk_buff *skb, int type, u64 value, int pad)
{
	return nla_put_u64_64bit(skb, type, value, pad);
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

#define MMS_PUT_ZONE_U64(skb, attr, v) \
	mms_put_u64(skb, MMSCOPE_A_ZONE_##attr, v, MMSCOPE_A_ZONE_PAD)

static int mms_fill_zone(struct sk_buff *skb, struct zone *zone, void *scratch)
{
	struct mms_zone_info *zi = scratch;
	unsigned int i;

	mms_zone_read(zone, zi);
	if (mms_put_zone_id(skb, zone) ||
	    MMS_PUT_ZONE_U64(skb, START_PFN, zi->start_pfn) ||
	    MMS_PUT_ZONE_U64(skb, SPANNED, zi->spanned) ||
	    MMS_PUT_ZONE_U64(skb, PRESENT, zi->present) ||
	    MMS_PUT_ZONE_U64(skb, MANAGED, zi->managed) ||
	    MMS_PUT_ZONE_U64(skb, CMA, zi->cma) ||
	    MMS_PUT_ZONE_U64(skb, FREE, zi->free) ||
	    MMS_PUT_ZONE_U64(skb, MIN, zi->wmark_min) ||
	    MMS_PUT_ZONE_U64(skb, LOW, zi->wmark_low) ||
	    MMS_PUT_ZONE_U64(skb, HIGH, zi->wmark_high) ||
	    (zi->has_promo && MMS_PUT_ZONE_U64(skb, PROMO, zi->wmark_promo)) ||
	    MMS_PUT_ZONE_U64(skb, BOOST, zi->boost))
		return -EMSGSIZE;
	for (i = 0; i < MAX_NR_ZONES; i++)
		if (MMS_PUT_ZONE_U64(skb, LOWMEM_RESERVE, zi->lowmem_reserve[i]))
			return -EMSGSIZE;
	for (i = 0; i < zi->nr_orders; i++)
		if (MMS_PUT_ZONE_U64(skb, FREE_AREA, zi->nr_free[i]))
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
			if (mms_put_u64(skb, MMSCOPE_A_MIGRATETYPE_FREE_BLOCKS, zt->count[mt][o],
					MMSCOPE_A_MIGRATETYPE_PAD))
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

	scratch = kmalloc(scratch_size, GFP_KERNEL);
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

	scratch = kmalloc(scratch_size, GFP_KERNEL);
	if (!scratch)
		return -ENOMEM;

	for (zone = mms_zone_next(&d->cursor, d->nid); zone;
	     d->cursor++, zone = mms_zone_next(&d->cursor, d->nid)) {
		void *hdr;

		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
				  &mmscope_nl_family, NLM_F_MULTI, cmd);
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

struct genl_family mmscope_nl_family __ro_after_init = {
	.name		= MMSCOPE_FAMILY_NAME,
	.version	= MMSCOPE_FAMILY_VERSION,
	.module		= THIS_MODULE,
	.resv_start_op	= MMSCOPE_CMD_MAX + 1,
};

int mms_nl_init(void)
{
	return mms_genl_register_family(&mmscope_nl_family, mmscope_nl_ops,
					ARRAY_SIZE(mmscope_nl_ops));
}

void mms_nl_exit(void)
{
	mms_genl_unregister_family(&mmscope_nl_family);
}

/* --- stats-get ------------------------------------------------------------------- */

int mmscope_nl_stats_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct mms_stats *s;
	struct sk_buff *msg;
	struct nlattr *a;
	unsigned int i;
	void *hdr;
	int err;

	err = mms_nl_check_priv(skb, info->extack);
	if (err)
		return err;
	s = kmalloc(sizeof(*s), GFP_KERNEL);
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	err = -ENOMEM;
	if (!s || !msg)
		goto out;
	mms_stats_read(s);
	if (info->attrs[MMSCOPE_A_STATS_RESET])
		mms_stats_reset();
	hdr = genlmsg_put_reply(msg, info, &mmscope_nl_family, 0, info->genlhdr->cmd);
	err = -EMSGSIZE;
	if (!hdr)
		goto out;
	for (i = 0; i < mms_stats_nr_fields; i++) {
		const struct mms_stats_field *f = &mms_stats_fields[i];

		if (nla_put_u64_64bit(msg, f->attr, mms_stats_value(s, f), MMSCOPE_A_STATS_PAD))
			goto out;
	}
	for (i = 0; i < MMS_STATS_HIST; i++) {
		a = nla_reserve_64bit(msg, MMSCOPE_A_STATS_LOCK_HOLD_HIST, sizeof(u64),
				      MMSCOPE_A_STATS_PAD);
		if (!a)
			goto out;
		memcpy(nla_data(a), &s->hist[i], sizeof(u64));
	}
	genlmsg_end(msg, hdr);
	kfree(s);
	return genlmsg_reply(msg, info);

out:
	nlmsg_free(msg);
	kfree(s);
	return err;
}
