// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * zone-get and pagetype-get: requests, and the decoders of their replies into
 * struct mms_zone and struct mms_zone_types.
 */
#include <errno.h>
#include <string.h>

#include <netlink/attr.h>
#include <netlink/msg.h>

#include <linux/mmscope.h>

#include "nl-internal.h"

#define ZONE(t, k, m, nm)	MMS_FIELD(MMSCOPE_A_ZONE_##t, k, struct mms_zone, m, nm)
#define ZT(t, k, m, nm)		MMS_FIELD(MMSCOPE_A_ZONE_##t, k, struct mms_zone_types, m, nm)
#define MT(t, k, m, nm)		MMS_FIELD(MMSCOPE_A_MIGRATETYPE_##t, k, struct mms_pagetype, m, nm)

/* zone-get: a zone's figures and its free blocks per order. */
static const struct mms_attr_field mms_zone_fields[] = {
	ZONE(NODE,		U32, node,		"zone.node"),
	ZONE(IDX,		U32, idx,		"zone.idx"),
	ZONE(NAME,		STR, name,		"zone.name"),
	ZONE(START_PFN,		U64, start_pfn,		"zone.start-pfn"),
	ZONE(SPANNED,		U64, spanned,		"zone.spanned"),
	ZONE(PRESENT,		U64, present,		"zone.present"),
	ZONE(MANAGED,		U64, managed,		"zone.managed"),
	ZONE(CMA,		U64, cma,		"zone.cma"),
	ZONE(FREE,		U64, free,		"zone.free"),
	ZONE(MIN,		U64, min,		"zone.min"),
	ZONE(LOW,		U64, low,		"zone.low"),
	ZONE(HIGH,		U64, high,		"zone.high"),
	ZONE(PROMO,		U64, promo,		"zone.promo"),
	ZONE(BOOST,		U64, boost,		"zone.boost"),
	MMS_FIELD_MULTI(MMSCOPE_A_ZONE_LOWMEM_RESERVE, struct mms_zone, lowmem_reserve,
			nr_reserve, "zone.lowmem-reserve"),
	MMS_FIELD_MULTI(MMSCOPE_A_ZONE_FREE_AREA, struct mms_zone, free_area, nr_orders,
			"zone.free-area"),
	ZONE(PAGEBLOCK_ORDER,	U32, pageblock_order,	"zone.pageblock-order"),
};

/* The zone's identity, required in both replies. */
#define MMS_ZONE_NEED	(MMS_BIT(MMSCOPE_A_ZONE_NODE) | MMS_BIT(MMSCOPE_A_ZONE_IDX) | \
			 MMS_BIT(MMSCOPE_A_ZONE_NAME))

static const struct mms_attr_set mms_zone_set =
	MMS_ATTR_SET("zone", mms_zone_fields, struct mms_zone, MMS_ZONE_NEED);

int mms_zone_decode(const struct nlattr *attrs, int len, struct mms_zone *z,
		    char *why, size_t whylen)
{
	uint64_t seen;
	int err;

	err = mms_attrs_decode(&mms_zone_set, attrs, len, z, &seen, why, whylen);
	z->has_promo = !err && (seen & MMS_BIT(MMSCOPE_A_ZONE_PROMO));
	return err;
}

/* pagetype-get: one migrate type's nest. */
static const struct mms_attr_field mms_pagetype_fields[] = {
	MT(IDX,			U32, idx,		"migratetype.idx"),
	MT(NAME,		STR, name,		"migratetype.name"),
	MMS_FIELD_MULTI(MMSCOPE_A_MIGRATETYPE_FREE_BLOCKS, struct mms_pagetype, free_blocks,
			nr_orders, "migratetype.free-blocks"),
	MT(CAPPED_ORDERS,	U32, capped_orders,	"migratetype.capped-orders"),
};

static const struct mms_attr_set mms_pagetype_set =
	MMS_ATTR_SET("zone.migratetype", mms_pagetype_fields, struct mms_pagetype,
		     MMS_BIT(MMSCOPE_A_MIGRATETYPE_IDX) | MMS_BIT(MMSCOPE_A_MIGRATETYPE_NAME));

static int mms_pagetype_decode(const struct nlattr *nest, void *dst, const char *what,
			       char *why, size_t whylen)
{
	struct mms_zone_types *zt = dst;

	if (zt->nr_types >= MMS_MAX_TYPES)
		return mms_why(why, whylen, "%s: more than %u entries", what, MMS_MAX_TYPES);
	return mms_attrs_decode(&mms_pagetype_set, nla_data(nest), nla_len(nest),
				&zt->types[zt->nr_types++], NULL, why, whylen);
}

/* pagetype-get: the zone's identity and its migrate types. */
static const struct mms_attr_field mms_zone_types_fields[] = {
	ZT(NODE,		U32, node,		"zone.node"),
	ZT(IDX,			U32, idx,		"zone.idx"),
	ZT(NAME,		STR, name,		"zone.name"),
	ZT(PAGEBLOCK_ORDER,	U32, pageblock_order,	"zone.pageblock-order"),
	MMS_FIELD_OTHER(MMSCOPE_A_ZONE_MIGRATETYPE, mms_pagetype_decode, "zone.migratetype"),
};

static const struct mms_attr_set mms_zone_types_set =
	MMS_ATTR_SET("zone", mms_zone_types_fields, struct mms_zone_types, MMS_ZONE_NEED);

int mms_zone_types_decode(const struct nlattr *attrs, int len, struct mms_zone_types *zt,
			  char *why, size_t whylen)
{
	return mms_attrs_decode(&mms_zone_types_set, attrs, len, zt, NULL, why, whylen);
}

/* A zone-get or pagetype-get request and the replies it collects. */
struct mms_zone_req {
	int node;		/* -1: not in the request */
	int idx;		/* -1: not in the request */
	struct mms_vec vec;	/* struct mms_zone or struct mms_zone_types */
};

static int mms_zone_req_put(struct nl_msg *msg, void *arg)
{
	struct mms_zone_req *zr = arg;

	if (zr->node >= 0 && nla_put_u32(msg, MMSCOPE_A_ZONE_NODE, zr->node) < 0)
		return -EMSGSIZE;
	if (zr->idx >= 0 && nla_put_u32(msg, MMSCOPE_A_ZONE_IDX, zr->idx) < 0)
		return -EMSGSIZE;
	return 0;
}

static void mms_zone_req_reset(void *arg)
{
	struct mms_zone_req *zr = arg;

	mms_vec_clear(&zr->vec);
}

static int mms_zone_parse(const struct nlattr *attrs, int len, void *arg,
			  char *why, size_t whylen)
{
	struct mms_zone_req *zr = arg;
	struct mms_zone *z = mms_vec_push(&zr->vec);

	if (!z)
		return -ENOMEM;
	return mms_zone_decode(attrs, len, z, why, whylen);
}

static int mms_zone_types_parse(const struct nlattr *attrs, int len, void *arg,
				char *why, size_t whylen)
{
	struct mms_zone_req *zr = arg;
	struct mms_zone_types *zt = mms_vec_push(&zr->vec);

	if (!zt)
		return -ENOMEM;
	return mms_zone_types_decode(attrs, len, zt, why, whylen);
}

static int mms_zone_req_run(struct mms_nl *nl, uint8_t cmd, bool dump,
			    struct mms_zone_req *zr)
{
	const struct mms_req req = {
		.cmd	= cmd,
		.dump	= dump,
		.put	= mms_zone_req_put,
		.parse	= cmd == MMSCOPE_CMD_ZONE_GET ? mms_zone_parse : mms_zone_types_parse,
		.reset	= mms_zone_req_reset,
		.arg	= zr,
	};

	zr->vec.size = cmd == MMSCOPE_CMD_ZONE_GET ? sizeof(struct mms_zone) :
						     sizeof(struct mms_zone_types);
	return mms_nl_run(nl, &req);
}

/* A do request answers with exactly one zone. */
static int mms_zone_req_one(struct mms_nl *nl, uint8_t cmd, uint32_t node, uint32_t idx,
			    void *out)
{
	struct mms_zone_req zr = { .node = (int)node, .idx = (int)idx };
	int err;

	if (node > INT32_MAX || idx > INT32_MAX)
		return mms_nl_fail(nl, -EINVAL, "node or zone index out of range");
	err = mms_zone_req_run(nl, cmd, false, &zr);
	if (!err && zr.vec.n != 1)
		err = mms_nl_fail(nl, -EPROTO, "malformed reply: %zu zones where one was asked for",
				  zr.vec.n);
	if (!err)
		memcpy(out, mms_vec_at(&zr.vec, 0), zr.vec.size);
	mms_vec_free(&zr.vec);
	return err;
}

int mms_zones_dump(struct mms_nl *nl, int node,
		   int (*cb)(const struct mms_zone *zone, void *arg), void *arg)
{
	struct mms_zone_req zr = { .node = node < 0 ? -1 : node, .idx = -1 };
	size_t i;
	int err;

	err = mms_zone_req_run(nl, MMSCOPE_CMD_ZONE_GET, true, &zr);
	for (i = 0; !err && i < zr.vec.n; i++)
		err = cb(mms_vec_at(&zr.vec, i), arg);
	mms_vec_free(&zr.vec);
	return err;
}

int mms_zone_get(struct mms_nl *nl, uint32_t node, uint32_t idx, struct mms_zone *zone)
{
	return mms_zone_req_one(nl, MMSCOPE_CMD_ZONE_GET, node, idx, zone);
}

int mms_pagetypes_dump(struct mms_nl *nl, int node,
		       int (*cb)(const struct mms_zone_types *zt, void *arg), void *arg)
{
	struct mms_zone_req zr = { .node = node < 0 ? -1 : node, .idx = -1 };
	size_t i;
	int err;

	err = mms_zone_req_run(nl, MMSCOPE_CMD_PAGETYPE_GET, true, &zr);
	for (i = 0; !err && i < zr.vec.n; i++)
		err = cb(mms_vec_at(&zr.vec, i), arg);
	mms_vec_free(&zr.vec);
	return err;
}

int mms_pagetype_get(struct mms_nl *nl, uint32_t node, uint32_t idx,
		     struct mms_zone_types *zt)
{
	return mms_zone_req_one(nl, MMSCOPE_CMD_PAGETYPE_GET, node, idx, zt);
}
