// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * slab-get: the slab walker's caches as mmscope family messages. A dump holds slab_mutex
 * for at most MMS_SLAB_BATCH caches at a time and resumes where it stopped; when the cache
 * list changed in between, the messages carry NLM_F_DUMP_INTR and the client starts over.
 */
#include <linux/capability.h>
#include <linux/slab.h>
#include <net/genetlink.h>

#include "netlink-gen.h"
#include "netlink.h"
#include "slab.h"

/* Caches read per hold of slab_mutex. */
#define MMS_SLAB_BATCH	16

/* The kernel's SLAB_* bits that the running kernel has, and ours for them. */
#define MMS_SLAB_FLAG(name)	{ (__force u32)SLAB_##name, MMSCOPE_SLAB_FLAGS_##name }
static const struct {
	u32 kflag;
	u32 flag;
} mms_slab_flags[] = {
	MMS_SLAB_FLAG(CONSISTENCY_CHECKS),
	MMS_SLAB_FLAG(RED_ZONE),
	MMS_SLAB_FLAG(POISON),
	MMS_SLAB_FLAG(KMALLOC),
	MMS_SLAB_FLAG(HWCACHE_ALIGN),
	MMS_SLAB_FLAG(CACHE_DMA),
	MMS_SLAB_FLAG(CACHE_DMA32),
	MMS_SLAB_FLAG(STORE_USER),
	MMS_SLAB_FLAG(PANIC),
	MMS_SLAB_FLAG(TYPESAFE_BY_RCU),
	MMS_SLAB_FLAG(TRACE),
	MMS_SLAB_FLAG(DEBUG_OBJECTS),
	MMS_SLAB_FLAG(NOLEAKTRACE),
	MMS_SLAB_FLAG(FAILSLAB),
	MMS_SLAB_FLAG(ACCOUNT),
	MMS_SLAB_FLAG(KASAN),
	MMS_SLAB_FLAG(NO_USER_FLAGS),
	MMS_SLAB_FLAG(SKIP_KFENCE),
	MMS_SLAB_FLAG(RECLAIM_ACCOUNT),
	/* flags that came or went: present where the kernel's header defines them */
#ifdef SLAB_NO_MERGE
	MMS_SLAB_FLAG(NO_MERGE),
#endif
#ifdef SLAB_NO_OBJ_EXT
	MMS_SLAB_FLAG(NO_OBJ_EXT),
#endif
#ifdef SLAB_MEM_SPREAD
	MMS_SLAB_FLAG(MEM_SPREAD),
#endif
#ifdef SLAB_NO_SHEAVES
	MMS_SLAB_FLAG(NO_SHEAVES),
#endif
#ifdef SLAB_OBJ_EXT_IN_OBJ
	MMS_SLAB_FLAG(OBJ_EXT_IN_OBJ),
#endif
};

static u32 mms_slab_uflags(u32 kflags)
{
	u32 flags = 0;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(mms_slab_flags); i++)
		/* a flag configured out is 0 in the kernel's bits: never set */
		if (mms_slab_flags[i].kflag && (kflags & mms_slab_flags[i].kflag))
			flags |= mms_slab_flags[i].flag;
	return flags;
}

static int mms_nl_slab_fill_node(struct sk_buff *skb, const struct mms_slab_node *sn)
{
	struct nlattr *nest = nla_nest_start(skb, MMSCOPE_A_SLAB_NODE);

	if (!nest ||
	    nla_put_u32(skb, MMSCOPE_A_SLAB_NODE_NODE, sn->nid) ||
	    mms_put_u64(skb, SLAB_NODE, NUM_SLABS, sn->nr_slabs) ||
	    mms_put_u64(skb, SLAB_NODE, NUM_OBJS, sn->total_objs) ||
	    mms_put_u64(skb, SLAB_NODE, PARTIAL_SLABS, sn->nr_partial) ||
	    mms_put_u64(skb, SLAB_NODE, PARTIAL_FREE, sn->partial_free) ||
	    mms_put_u64(skb, SLAB_NODE, ACTIVE_OBJS,
			sn->total_objs - min(sn->partial_free, sn->total_objs)) ||
	    (sn->approx && nla_put_flag(skb, MMSCOPE_A_SLAB_NODE_APPROX)))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int mms_nl_slab_fill(struct sk_buff *skb, const struct mms_slab_info *si)
{
	unsigned int i;

	if (nla_put_string(skb, MMSCOPE_A_SLAB_NAME, si->name) ||
	    nla_put_u32(skb, MMSCOPE_A_SLAB_OBJECT_SIZE, si->object_size) ||
	    nla_put_u32(skb, MMSCOPE_A_SLAB_SIZE, si->size) ||
	    nla_put_u32(skb, MMSCOPE_A_SLAB_ALIGN, si->align) ||
	    nla_put_u32(skb, MMSCOPE_A_SLAB_OBJS_PER_SLAB, si->objs_per_slab) ||
	    nla_put_u32(skb, MMSCOPE_A_SLAB_ORDER, si->order) ||
	    nla_put_u32(skb, MMSCOPE_A_SLAB_PAGES_PER_SLAB, 1U << si->order) ||
	    mms_put_u64(skb, SLAB, ACTIVE_OBJS, si->active_objs) ||
	    mms_put_u64(skb, SLAB, NUM_OBJS, si->num_objs) ||
	    mms_put_u64(skb, SLAB, NUM_SLABS, si->num_slabs) ||
	    mms_put_u64(skb, SLAB, PARTIAL_SLABS, si->partial_slabs) ||
	    nla_put_u32(skb, MMSCOPE_A_SLAB_FLAGS, mms_slab_uflags(si->kflags)) ||
	    nla_put_u32(skb, MMSCOPE_A_SLAB_KERNEL_FLAGS, si->kflags) ||
	    nla_put_s32(skb, MMSCOPE_A_SLAB_REFCOUNT, si->refcount) ||
	    (si->approx && nla_put_flag(skb, MMSCOPE_A_SLAB_APPROX)))
		return -EMSGSIZE;
	for (i = 0; i < si->nr_nodes; i++)
		if (mms_nl_slab_fill_node(skb, &si->nodes[i]))
			return -EMSGSIZE;
	return 0;
}

int mmscope_nl_slab_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct mms_slab_info *si = NULL;
	struct sk_buff *msg = NULL;
	const char *off;
	void *hdr;
	int err;

	err = mms_nl_check_priv(skb, info->extack);
	if (err)
		return err;
	off = mms_slab_off();
	if (off) {
		mms_nl_set_msg(info->extack, off);
		return -EOPNOTSUPP;
	}
	if (GENL_REQ_ATTR_CHECK(info, MMSCOPE_A_SLAB_NAME)) {
		NL_SET_ERR_MSG_MOD(info->extack, "name is required: a dump lists every cache");
		return -EINVAL;
	}

	si = mms_slab_info_alloc();
	if (!si)
		return -ENOMEM;
	err = mms_slab_get(nla_data(info->attrs[MMSCOPE_A_SLAB_NAME]), si);
	if (err == -ENOENT)
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[MMSCOPE_A_SLAB_NAME],
				    "no slab cache of that name");
	if (err)
		goto out;

	err = -ENOMEM;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		goto out;
	hdr = genlmsg_put_reply(msg, info, &mmscope_nl_family, 0, info->genlhdr->cmd);
	if (!hdr)
		goto out;
	err = mms_nl_slab_fill(msg, si);
	if (err)
		goto out;
	genlmsg_end(msg, hdr);
	mms_slab_info_free(si);
	return genlmsg_reply(msg, info);

out:
	nlmsg_free(msg);
	mms_slab_info_free(si);
	return err;
}

struct mms_slab_dump {
	struct mms_dump_hdr hdr;
	struct mms_slab_pos pos;
};

int mmscope_nl_slab_dump_start(struct netlink_callback *cb)
{
	struct mms_slab_dump *d = mms_dump_alloc(cb, sizeof(*d));
	const char *off;

	if (!d)
		return -ENOMEM;
	if (!netlink_capable(cb->skb, CAP_SYS_ADMIN))
		return mms_dump_defer(cb, -EPERM, MMS_MSG_PRIV);
	off = mms_slab_off();
	if (off) {
		mms_nl_set_msg(cb->extack, off);
		return __mms_dump_defer(cb, -EOPNOTSUPP, off);
	}
	/* Any change to the cache list during the dump bumps seq: NLM_F_DUMP_INTR. */
	cb->seq = 1;
	return 0;
}

struct mms_slab_dump_ctx {
	struct sk_buff *skb;
	struct netlink_callback *cb;
	struct mms_slab_dump *d;
};

/* Called under slab_mutex: fills a preallocated skb, nothing that sleeps. */
static int mms_nl_slab_dump_one(const struct mms_slab_info *si, void *arg)
{
	struct mms_slab_dump_ctx *ctx = arg;
	struct netlink_callback *cb = ctx->cb;
	void *hdr;

	if (ctx->d->pos.changed)
		cb->seq = 2;
	hdr = mms_dump_msg_start(ctx->skb, cb, MMSCOPE_CMD_SLAB_GET);
	if (!hdr)
		return -EMSGSIZE;
	genl_dump_check_consistent(cb, hdr);
	if (mms_nl_slab_fill(ctx->skb, si)) {
		genlmsg_cancel(ctx->skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(ctx->skb, hdr);
	return 0;
}

int mmscope_nl_slab_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct mms_slab_dump_ctx ctx = { .skb = skb, .cb = cb };
	struct mms_slab_info *si;
	int err;

	ctx.d = mms_dump_state(cb, &err);
	if (!ctx.d)
		return err;
	si = mms_slab_info_alloc();
	if (!si)
		return -ENOMEM;
	do {
		err = mms_slab_walk(&ctx.d->pos, MMS_SLAB_BATCH, si, mms_nl_slab_dump_one, &ctx);
	} while (err == MMS_SLAB_MORE);
	mms_slab_info_free(si);
	/* Flag the NLMSG_DONE too when the list changed after the last message. */
	if (ctx.d->pos.changed)
		cb->seq = 2;

	if (err == -EMSGSIZE && skb->len)
		return skb->len;
	/* A cache that does not fit in an empty message would never be sent. */
	if (err)
		return err;
	return skb->len;
}
