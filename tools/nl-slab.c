// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * slab-get: requests, and the decoder of its replies into struct mms_slab.
 */
#include <errno.h>
#include <string.h>

#include <netlink/attr.h>
#include <netlink/msg.h>

#include <linux/mmscope.h>

#include "nl-internal.h"

static const char *const mms_slab_attr_names[] = {
	[MMSCOPE_A_SLAB_NAME]		= "slab.name",
	[MMSCOPE_A_SLAB_OBJECT_SIZE]	= "slab.object-size",
	[MMSCOPE_A_SLAB_SIZE]		= "slab.size",
	[MMSCOPE_A_SLAB_ALIGN]		= "slab.align",
	[MMSCOPE_A_SLAB_OBJS_PER_SLAB]	= "slab.objs-per-slab",
	[MMSCOPE_A_SLAB_ORDER]		= "slab.order",
	[MMSCOPE_A_SLAB_PAGES_PER_SLAB]	= "slab.pages-per-slab",
	[MMSCOPE_A_SLAB_ACTIVE_OBJS]	= "slab.active-objs",
	[MMSCOPE_A_SLAB_NUM_OBJS]	= "slab.num-objs",
	[MMSCOPE_A_SLAB_NUM_SLABS]	= "slab.num-slabs",
	[MMSCOPE_A_SLAB_PARTIAL_SLABS]	= "slab.partial-slabs",
	[MMSCOPE_A_SLAB_FLAGS]		= "slab.flags",
	[MMSCOPE_A_SLAB_KERNEL_FLAGS]	= "slab.kernel-flags",
	[MMSCOPE_A_SLAB_REFCOUNT]	= "slab.refcount",
	[MMSCOPE_A_SLAB_APPROX]		= "slab.approx",
	[MMSCOPE_A_SLAB_NODE]		= "slab.node",
};

static const char *const mms_slab_node_attr_names[] = {
	[MMSCOPE_A_SLAB_NODE_NODE]		= "slab.node.node",
	[MMSCOPE_A_SLAB_NODE_NUM_SLABS]		= "slab.node.num-slabs",
	[MMSCOPE_A_SLAB_NODE_NUM_OBJS]		= "slab.node.num-objs",
	[MMSCOPE_A_SLAB_NODE_PARTIAL_SLABS]	= "slab.node.partial-slabs",
	[MMSCOPE_A_SLAB_NODE_PARTIAL_FREE]	= "slab.node.partial-free",
	[MMSCOPE_A_SLAB_NODE_ACTIVE_OBJS]	= "slab.node.active-objs",
	[MMSCOPE_A_SLAB_NODE_APPROX]		= "slab.node.approx",
};

/* The kernel's names of the flags, as include/linux/slab.h spells them after SLAB_. */
static const char *const mms_slab_flag_names[] = {
	"CONSISTENCY_CHECKS", "RED_ZONE", "POISON", "KMALLOC", "HWCACHE_ALIGN", "CACHE_DMA",
	"CACHE_DMA32", "STORE_USER", "PANIC", "TYPESAFE_BY_RCU", "TRACE", "DEBUG_OBJECTS",
	"NOLEAKTRACE", "NO_MERGE", "FAILSLAB", "ACCOUNT", "KASAN", "NO_USER_FLAGS",
	"SKIP_KFENCE", "RECLAIM_ACCOUNT", "NO_OBJ_EXT", "MEM_SPREAD", "NO_SHEAVES",
	"OBJ_EXT_IN_OBJ",
};

const char *mms_slab_flag_name(uint32_t flag)
{
	unsigned int bit;

	if (!flag || (flag & (flag - 1)))
		return NULL;
	bit = __builtin_ctz(flag);
	if (bit >= sizeof(mms_slab_flag_names) / sizeof(mms_slab_flag_names[0]))
		return NULL;
	return mms_slab_flag_names[bit];
}

static int mms_slab_node_decode(const struct nlattr *nest, struct mms_slab_node *sn,
				char *why, size_t whylen)
{
	const uint64_t need = MMS_BIT(MMSCOPE_A_SLAB_NODE_NODE) |
			      MMS_BIT(MMSCOPE_A_SLAB_NODE_NUM_SLABS) |
			      MMS_BIT(MMSCOPE_A_SLAB_NODE_NUM_OBJS);
	const struct nlattr *a;
	uint64_t seen = 0;
	int rem, err;

	memset(sn, 0, sizeof(*sn));
	for (a = nla_data(nest), rem = nla_len(nest); nla_ok(a, rem); a = nla_next(a, &rem)) {
		int type = nla_type(a);
		const char *what;
		uint64_t *u64 = NULL;

		if (type > MMSCOPE_A_SLAB_NODE_MAX || type == MMSCOPE_A_SLAB_NODE_PAD)
			continue;
		what = mms_slab_node_attr_names[type];
		switch (type) {
		case MMSCOPE_A_SLAB_NODE_NODE:
			err = mms_attr_u32(a, &sn->node, what, why, whylen);
			break;
		case MMSCOPE_A_SLAB_NODE_APPROX:
			err = mms_attr_flag(a, &sn->approx, what, why, whylen);
			break;
		case MMSCOPE_A_SLAB_NODE_NUM_SLABS:	u64 = &sn->num_slabs;		break;
		case MMSCOPE_A_SLAB_NODE_NUM_OBJS:	u64 = &sn->num_objs;		break;
		case MMSCOPE_A_SLAB_NODE_PARTIAL_SLABS:	u64 = &sn->partial_slabs;	break;
		case MMSCOPE_A_SLAB_NODE_PARTIAL_FREE:	u64 = &sn->partial_free;	break;
		case MMSCOPE_A_SLAB_NODE_ACTIVE_OBJS:	u64 = &sn->active_objs;		break;
		default:
			continue;
		}
		if (u64)
			err = mms_attr_u64(a, u64, what, why, whylen);
		if (err)
			return err;
		seen |= MMS_BIT(type);
	}
	err = mms_attr_trailing(rem, "slab.node", why, whylen);
	if (!err)
		err = mms_attr_missing(seen, need, mms_slab_node_attr_names, why, whylen);
	return err;
}

int mms_slab_decode(const struct nlattr *attrs, int len, struct mms_slab *s,
		    char *why, size_t whylen)
{
	const uint64_t need = MMS_BIT(MMSCOPE_A_SLAB_NAME) | MMS_BIT(MMSCOPE_A_SLAB_SIZE) |
			      MMS_BIT(MMSCOPE_A_SLAB_OBJECT_SIZE) |
			      MMS_BIT(MMSCOPE_A_SLAB_OBJS_PER_SLAB) |
			      MMS_BIT(MMSCOPE_A_SLAB_ORDER) | MMS_BIT(MMSCOPE_A_SLAB_NUM_OBJS) |
			      MMS_BIT(MMSCOPE_A_SLAB_ACTIVE_OBJS) |
			      MMS_BIT(MMSCOPE_A_SLAB_NUM_SLABS);
	const struct nlattr *a;
	uint64_t seen = 0;
	int rem, err;

	memset(s, 0, sizeof(*s));
	for (a = attrs, rem = len; nla_ok(a, rem); a = nla_next(a, &rem)) {
		int type = nla_type(a);
		const char *what;
		uint32_t *u32 = NULL;
		uint64_t *u64 = NULL;

		if (type > MMSCOPE_A_SLAB_MAX || type == MMSCOPE_A_SLAB_PAD)
			continue;	/* newer than us, or padding */
		what = mms_slab_attr_names[type];
		switch (type) {
		case MMSCOPE_A_SLAB_NAME:
			err = mms_attr_str(a, s->name, sizeof(s->name), what, why, whylen);
			break;
		case MMSCOPE_A_SLAB_REFCOUNT:
			err = mms_attr_u32(a, (uint32_t *)&s->refcount, what, why, whylen);
			break;
		case MMSCOPE_A_SLAB_APPROX:
			err = mms_attr_flag(a, &s->approx, what, why, whylen);
			break;
		case MMSCOPE_A_SLAB_NODE:
			if (s->nr_nodes == MMS_MAX_NODES) {
				s->nodes_truncated = true;	/* the totals have them */
				continue;
			}
			err = mms_slab_node_decode(a, &s->nodes[s->nr_nodes++], why, whylen);
			break;
		case MMSCOPE_A_SLAB_OBJECT_SIZE:	u32 = &s->object_size;		break;
		case MMSCOPE_A_SLAB_SIZE:		u32 = &s->size;			break;
		case MMSCOPE_A_SLAB_ALIGN:		u32 = &s->align;		break;
		case MMSCOPE_A_SLAB_OBJS_PER_SLAB:	u32 = &s->objs_per_slab;	break;
		case MMSCOPE_A_SLAB_ORDER:		u32 = &s->order;		break;
		case MMSCOPE_A_SLAB_PAGES_PER_SLAB:	u32 = &s->pages_per_slab;	break;
		case MMSCOPE_A_SLAB_FLAGS:		u32 = &s->flags;		break;
		case MMSCOPE_A_SLAB_KERNEL_FLAGS:	u32 = &s->kernel_flags;		break;
		case MMSCOPE_A_SLAB_ACTIVE_OBJS:	u64 = &s->active_objs;		break;
		case MMSCOPE_A_SLAB_NUM_OBJS:		u64 = &s->num_objs;		break;
		case MMSCOPE_A_SLAB_NUM_SLABS:		u64 = &s->num_slabs;		break;
		case MMSCOPE_A_SLAB_PARTIAL_SLABS:	u64 = &s->partial_slabs;	break;
		default:
			continue;	/* not part of a slab-get reply */
		}
		if (u32)
			err = mms_attr_u32(a, u32, what, why, whylen);
		else if (u64)
			err = mms_attr_u64(a, u64, what, why, whylen);
		if (err)
			return err;
		seen |= MMS_BIT(type);
	}
	err = mms_attr_trailing(rem, "slab", why, whylen);
	if (!err)
		err = mms_attr_missing(seen, need, mms_slab_attr_names, why, whylen);
	if (!err && !(seen & MMS_BIT(MMSCOPE_A_SLAB_PAGES_PER_SLAB)) && s->order < 32)
		s->pages_per_slab = 1U << s->order;
	return err;
}

/* A slab-get request and the replies it collects. */
struct mms_slab_req {
	const char *name;	/* NULL: a dump */
	struct mms_vec vec;	/* struct mms_slab */
};

static int mms_slab_req_put(struct nl_msg *msg, void *arg)
{
	struct mms_slab_req *sr = arg;

	if (sr->name && nla_put_string(msg, MMSCOPE_A_SLAB_NAME, sr->name) < 0)
		return -EMSGSIZE;
	return 0;
}

static void mms_slab_req_reset(void *arg)
{
	struct mms_slab_req *sr = arg;

	mms_vec_clear(&sr->vec);
}

static int mms_slab_parse(const struct nlattr *attrs, int len, void *arg,
			  char *why, size_t whylen)
{
	struct mms_slab_req *sr = arg;
	struct mms_slab *s = mms_vec_push(&sr->vec);

	if (!s)
		return -ENOMEM;
	return mms_slab_decode(attrs, len, s, why, whylen);
}

static int mms_slab_req_run(struct mms_nl *nl, struct mms_slab_req *sr)
{
	const struct mms_req req = {
		.cmd	= MMSCOPE_CMD_SLAB_GET,
		.dump	= !sr->name,
		.put	= mms_slab_req_put,
		.parse	= mms_slab_parse,
		.reset	= mms_slab_req_reset,
		.arg	= sr,
	};

	sr->vec.size = sizeof(struct mms_slab);
	return mms_nl_run(nl, &req);
}

int mms_slabs_dump(struct mms_nl *nl, int (*cb)(const struct mms_slab *slab, void *arg),
		   void *arg)
{
	struct mms_slab_req sr = { 0 };
	size_t i;
	int err;

	err = mms_slab_req_run(nl, &sr);
	for (i = 0; !err && i < sr.vec.n; i++)
		err = cb(mms_vec_at(&sr.vec, i), arg);
	mms_vec_free(&sr.vec);
	return err;
}

int mms_slab_get(struct mms_nl *nl, const char *name, struct mms_slab *slab)
{
	struct mms_slab_req sr = { .name = name };
	int err;

	if (!name || !*name)
		return mms_nl_fail(nl, -EINVAL, "a cache name is required");
	err = mms_slab_req_run(nl, &sr);
	if (!err && sr.vec.n != 1)
		err = mms_nl_fail(nl, -EPROTO, "malformed reply: %zu caches where one was asked for",
				  sr.vec.n);
	if (!err)
		memcpy(slab, mms_vec_at(&sr.vec, 0), sizeof(*slab));
	mms_vec_free(&sr.vec);
	return err;
}
