// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * slab-get: requests, and the decoder of its replies into struct mmc_slab.
 */
#include <errno.h>
#include <string.h>

#include <netlink/attr.h>
#include <netlink/msg.h>

#include <linux/mmscope.h>

#include "nl-internal.h"

/* The kernel's names of the flags, as include/linux/slab.h spells them after SLAB_. */
static const char *const mmc_slab_flag_names[] = {
	"CONSISTENCY_CHECKS", "RED_ZONE", "POISON", "KMALLOC", "HWCACHE_ALIGN", "CACHE_DMA",
	"CACHE_DMA32", "STORE_USER", "PANIC", "TYPESAFE_BY_RCU", "TRACE", "DEBUG_OBJECTS",
	"NOLEAKTRACE", "NO_MERGE", "FAILSLAB", "ACCOUNT", "KASAN", "NO_USER_FLAGS",
	"SKIP_KFENCE", "RECLAIM_ACCOUNT", "NO_OBJ_EXT", "MEM_SPREAD", "NO_SHEAVES",
	"OBJ_EXT_IN_OBJ",
};

const char *mmc_slab_flag_name(uint32_t flag)
{
	unsigned int bit;

	if (!flag || (flag & (flag - 1)))
		return NULL;
	bit = __builtin_ctz(flag);
	if (bit >= ARRAY_LEN(mmc_slab_flag_names))
		return NULL;
	return mmc_slab_flag_names[bit];
}

#define SLAB(t, k, m, nm)	MMC_FIELD(MMSCOPE_A_SLAB_##t, k, struct mmc_slab, m, nm)
#define SN(t, k, m, nm)		MMC_FIELD(MMSCOPE_A_SLAB_NODE_##t, k, struct mmc_slab_node, m, nm)

/* One node's nest of a cache. */
static const struct mmc_attr_field mmc_slab_node_fields[] = {
	SN(NODE,		U32,  node,		"slab.node.node"),
	SN(NUM_SLABS,		U64,  num_slabs,	"slab.node.num-slabs"),
	SN(NUM_OBJS,		U64,  num_objs,		"slab.node.num-objs"),
	SN(PARTIAL_SLABS,	U64,  partial_slabs,	"slab.node.partial-slabs"),
	SN(PARTIAL_FREE,	U64,  partial_free,	"slab.node.partial-free"),
	SN(ACTIVE_OBJS,		U64,  active_objs,	"slab.node.active-objs"),
	SN(APPROX,		FLAG, approx,		"slab.node.approx"),
};

static const struct mmc_attr_set mmc_slab_node_set =
	MMC_ATTR_SET("slab.node", mmc_slab_node_fields, struct mmc_slab_node,
		     MMC_BIT(MMSCOPE_A_SLAB_NODE_NODE) |
		     MMC_BIT(MMSCOPE_A_SLAB_NODE_NUM_SLABS) |
		     MMC_BIT(MMSCOPE_A_SLAB_NODE_NUM_OBJS));

static int mmc_slab_node_decode(const struct nlattr *nest, void *dst, const char *what,
				char *why, size_t whylen)
{
	struct mmc_slab *s = dst;

	(void)what;
	if (s->nr_nodes == MMC_MAX_NODES) {
		s->nodes_truncated = true;	/* the totals have them */
		return 0;
	}
	return mmc_attrs_decode(&mmc_slab_node_set, nla_data(nest), nla_len(nest),
				&s->nodes[s->nr_nodes++], NULL, why, whylen);
}

static const struct mmc_attr_field mmc_slab_fields[] = {
	SLAB(NAME,		STR,  name,		"slab.name"),
	SLAB(OBJECT_SIZE,	U32,  object_size,	"slab.object-size"),
	SLAB(SIZE,		U32,  size,		"slab.size"),
	SLAB(ALIGN,		U32,  align,		"slab.align"),
	SLAB(OBJS_PER_SLAB,	U32,  objs_per_slab,	"slab.objs-per-slab"),
	SLAB(ORDER,		U32,  order,		"slab.order"),
	SLAB(PAGES_PER_SLAB,	U32,  pages_per_slab,	"slab.pages-per-slab"),
	SLAB(ACTIVE_OBJS,	U64,  active_objs,	"slab.active-objs"),
	SLAB(NUM_OBJS,		U64,  num_objs,		"slab.num-objs"),
	SLAB(NUM_SLABS,		U64,  num_slabs,	"slab.num-slabs"),
	SLAB(PARTIAL_SLABS,	U64,  partial_slabs,	"slab.partial-slabs"),
	SLAB(FLAGS,		U32,  flags,		"slab.flags"),
	SLAB(KERNEL_FLAGS,	U32,  kernel_flags,	"slab.kernel-flags"),
	SLAB(REFCOUNT,		U32,  refcount,		"slab.refcount"),	/* int32_t */
	SLAB(APPROX,		FLAG, approx,		"slab.approx"),
	MMC_FIELD_OTHER(MMSCOPE_A_SLAB_NODE, mmc_slab_node_decode, "slab.node"),
};

static const struct mmc_attr_set mmc_slab_set =
	MMC_ATTR_SET("slab", mmc_slab_fields, struct mmc_slab,
		     MMC_BIT(MMSCOPE_A_SLAB_NAME) | MMC_BIT(MMSCOPE_A_SLAB_SIZE) |
		     MMC_BIT(MMSCOPE_A_SLAB_OBJECT_SIZE) |
		     MMC_BIT(MMSCOPE_A_SLAB_OBJS_PER_SLAB) | MMC_BIT(MMSCOPE_A_SLAB_ORDER) |
		     MMC_BIT(MMSCOPE_A_SLAB_NUM_OBJS) | MMC_BIT(MMSCOPE_A_SLAB_ACTIVE_OBJS) |
		     MMC_BIT(MMSCOPE_A_SLAB_NUM_SLABS));

int mmc_slab_decode(const struct nlattr *attrs, int len, struct mmc_slab *s,
		    char *why, size_t whylen)
{
	uint64_t seen;
	int err;

	err = mmc_attrs_decode(&mmc_slab_set, attrs, len, s, &seen, why, whylen);
	/* pages-per-slab is optional: it is 1 << order. */
	if (!err && !(seen & MMC_BIT(MMSCOPE_A_SLAB_PAGES_PER_SLAB)) && s->order < 32)
		s->pages_per_slab = 1U << s->order;
	return err;
}

/* A slab-get request and the replies it collects. */
struct mmc_slab_req {
	const char *name;	/* NULL: a dump */
	struct mmc_vec vec;	/* struct mmc_slab */
};

static int mmc_slab_req_put(struct nl_msg *msg, void *arg)
{
	struct mmc_slab_req *sr = arg;

	if (sr->name && nla_put_string(msg, MMSCOPE_A_SLAB_NAME, sr->name) < 0)
		return -EMSGSIZE;
	return 0;
}

static void mmc_slab_req_reset(void *arg)
{
	struct mmc_slab_req *sr = arg;

	mmc_vec_clear(&sr->vec);
}

static int mmc_slab_parse(const struct nlattr *attrs, int len, void *arg,
			  char *why, size_t whylen)
{
	struct mmc_slab_req *sr = arg;
	struct mmc_slab *s = mmc_vec_push(&sr->vec);

	if (!s)
		return -ENOMEM;
	return mmc_slab_decode(attrs, len, s, why, whylen);
}

static int mmc_slab_req_run(struct mmc_nl *nl, struct mmc_slab_req *sr)
{
	const struct mmc_req req = {
		.cmd	= MMSCOPE_CMD_SLAB_GET,
		.dump	= !sr->name,
		.put	= mmc_slab_req_put,
		.parse	= mmc_slab_parse,
		.reset	= mmc_slab_req_reset,
		.arg	= sr,
	};

	sr->vec.size = sizeof(struct mmc_slab);
	return mmc_nl_run(nl, &req);
}

int mmc_slabs_dump(struct mmc_nl *nl, int (*cb)(const struct mmc_slab *slab, void *arg),
		   void *arg)
{
	struct mmc_slab_req sr = { 0 };
	size_t i;
	int err;

	err = mmc_slab_req_run(nl, &sr);
	for (i = 0; !err && i < sr.vec.n; i++)
		err = cb(mmc_vec_at(&sr.vec, i), arg);
	mmc_vec_free(&sr.vec);
	return err;
}

int mmc_slab_get(struct mmc_nl *nl, const char *name, struct mmc_slab *slab)
{
	struct mmc_slab_req sr = { .name = name };
	int err;

	if (!name || !*name)
		return mmc_nl_fail(nl, -EINVAL, "a cache name is required");
	err = mmc_slab_req_run(nl, &sr);
	if (!err && sr.vec.n != 1)
		err = mmc_nl_fail(nl, -EPROTO, "malformed reply: %zu caches where one was asked for",
				  sr.vec.n);
	if (!err)
		memcpy(slab, mmc_vec_at(&sr.vec, 0), sizeof(*slab));
	mmc_vec_free(&sr.vec);
	return err;
}
