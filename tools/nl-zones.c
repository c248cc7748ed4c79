// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * zone-get and pagetype-get: requests, and the decoders of their replies into
 * struct mmc_zone and struct mmc_zone_types.
 */
#include <errno.h>
#include <string.h>

#include <netlink/attr.h>
#include <netlink/msg.h>

#include <linux/mmscope.h>

#include "nl-internal.h"

#define ZONE(t, k, m, nm)	MMC_FIELD(MMSCOPE_A_ZONE_##t, k, struct mmc_zone, m, nm)
#define ZT(t, k, m, nm)		MMC_FIELD(MMSCOPE_A_ZONE_##t, k, struct mmc_zone_types, m, nm)
#define MT(t, k, m, nm)		MMC_FIELD(MMSCOPE_A_MIGRATETYPE_##t, k, struct mmc_pagetype, m, nm)

/* zone-get: a zone's figures and its free blocks per order. */
static const struct mmc_attr_field mmc_zone_fields[] = {
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
	MMC_FIELD_MULTI(MMSCOPE_A_ZONE_LOWMEM_RESERVE, struct mmc_zone, lowmem_reserve,
			nr_reserve, "zone.lowmem-reserve"),
	MMC_FIELD_MULTI(MMSCOPE_A_ZONE_FREE_AREA, struct mmc_zone, free_area, nr_orders,
			"zone.free-area"),
	ZONE(PAGEBLOCK_ORDER,	U32, pageblock_order,	"zone.pageblock-order"),
};

/* The zone's identity, required in both replies. */
#define MMC_ZONE_NEED	(MMC_BIT(MMSCOPE_A_ZONE_NODE) | MMC_BIT(MMSCOPE_A_ZONE_IDX) | \
			 MMC_BIT(MMSCOPE_A_ZONE_NAME))

static const struct mmc_attr_set mmc_zone_set =
	MMC_ATTR_SET("zone", mmc_zone_fields, struct mmc_zone, MMC_ZONE_NEED);

int mmc_zone_decode(const struct nlattr *attrs, int len, struct mmc_zone *z,
		    char *why, size_t whylen)
{
	uint64_t seen;
	int err;

	err = mmc_attrs_decode(&mmc_zone_set, attrs, len, z, &seen, why, whylen);
	z->has_promo = !err && (seen & MMC_BIT(MMSCOPE_A_ZONE_PROMO));
	return err;
}

/* pagetype-get: one migrate type's nest. */
static const struct mmc_attr_field mmc_pagetype_fields[] = {
	MT(IDX,			U32, idx,		"migratetype.idx"),
	MT(NAME,		STR, name,		"migratetype.name"),
	MMC_FIELD_MULTI(MMSCOPE_A_MIGRATETYPE_FREE_BLOCKS, struct mmc_pagetype, free_blocks,
			nr_orders, "migratetype.free-blocks"),
	MT(CAPPED_ORDERS,	U32, capped_orders,	"migratetype.capped-orders"),
};

static const struct mmc_attr_set mmc_pagetype_set =
	MMC_ATTR_SET("zone.migratetype", mmc_pagetype_fields, struct mmc_pagetype,
		     MMC_BIT(MMSCOPE_A_MIGRATETYPE_IDX) | MMC_BIT(MMSCOPE_A_MIGRATETYPE_NAME));

static int mmc_pagetype_decode(const struct nlattr *nest, void *dst, const char *what,
			       char *why, size_t whylen)
{
	struct mmc_zone_types *zt = dst;

	if (zt->nr_types >= MMC_MAX_TYPES)
		return mmc_why(why, whylen, "%s: more than %u entries", what, MMC_MAX_TYPES);
	return mmc_attrs_decode(&mmc_pagetype_set, nla_data(nest), nla_len(nest),
				&zt->types[zt->nr_types++], NULL, why, whylen);
}

/* pagetype-get: the zone's identity and its migrate types. */
static const struct mmc_attr_field mmc_zone_types_fields[] = {
	ZT(NODE,		U32, node,		"zone.node"),
	ZT(IDX,			U32, idx,		"zone.idx"),
	ZT(NAME,		STR, name,		"zone.name"),
	ZT(PAGEBLOCK_ORDER,	U32, pageblock_order,	"zone.pageblock-order"),
	MMC_FIELD_OTHER(MMSCOPE_A_ZONE_MIGRATETYPE, mmc_pagetype_decode, "zone.migratetype"),
};

static const struct mmc_attr_set mmc_zone_types_set =
	MMC_ATTR_SET("zone", mmc_zone_types_fields, struct mmc_zone_types, MMC_ZONE_NEED);

int mmc_zone_types_decode(const struct nlattr *attrs, int len, struct mmc_zone_types *zt,
			  char *why, size_t whylen)
{
	return mmc_attrs_decode(&mmc_zone_types_set, attrs, len, zt, NULL, why, whylen);
}

/* A zone-get or pagetype-get request and the replies it collects. */
struct mmc_zone_req {
	int node;		/* -1: not in the request */
	int idx;		/* -1: not in the request */
	struct mmc_vec vec;	/* struct mmc_zone or struct mmc_zone_types */
};

static int mmc_zone_req_put(struct nl_msg *msg, void *arg)
{
	struct mmc_zone_req *zr = arg;

	if (zr->node >= 0 && nla_put_u32(msg, MMSCOPE_A_ZONE_NODE, zr->node) < 0)
		return -EMSGSIZE;
	if (zr->idx >= 0 && nla_put_u32(msg, MMSCOPE_A_ZONE_IDX, zr->idx) < 0)
		return -EMSGSIZE;
	return 0;
}

static void mmc_zone_req_reset(void *arg)
{
	struct mmc_zone_req *zr = arg;

	mmc_vec_clear(&zr->vec);
}

static int mmc_zone_parse(const struct nlattr *attrs, int len, void *arg,
			  char *why, size_t whylen)
{
	struct mmc_zone_req *zr = arg;
	struct mmc_zone *z = mmc_vec_push(&zr->vec);

	if (!z)
		return -ENOMEM;
	return mmc_zone_decode(attrs, len, z, why, whylen);
}

static int mmc_zone_types_parse(const struct nlattr *attrs, int len, void *arg,
				char *why, size_t whylen)
{
	struct mmc_zone_req *zr = arg;
	struct mmc_zone_types *zt = mmc_vec_push(&zr->vec);

	if (!zt)
		return -ENOMEM;
	return mmc_zone_types_decode(attrs, len, zt, why, whylen);
}

static int mmc_zone_req_run(struct mmc_nl *nl, uint8_t cmd, bool dump,
			    struct mmc_zone_req *zr)
{
	const struct mmc_req req = {
		.cmd	= cmd,
		.dump	= dump,
		.put	= mmc_zone_req_put,
		.parse	= cmd == MMSCOPE_CMD_ZONE_GET ? mmc_zone_parse : mmc_zone_types_parse,
		.reset	= mmc_zone_req_reset,
		.arg	= zr,
	};

	zr->vec.size = cmd == MMSCOPE_CMD_ZONE_GET ? sizeof(struct mmc_zone) :
						     sizeof(struct mmc_zone_types);
	return mmc_nl_run(nl, &req);
}

/* A do request answers with exactly one zone. */
static int mmc_zone_req_one(struct mmc_nl *nl, uint8_t cmd, uint32_t node, uint32_t idx,
			    void *out)
{
	struct mmc_zone_req zr = { .node = (int)node, .idx = (int)idx };
	int err;

	if (node > INT32_MAX || idx > INT32_MAX)
		return mmc_nl_fail(nl, -EINVAL, "node or zone index out of range");
	err = mmc_zone_req_run(nl, cmd, false, &zr);
	if (!err && zr.vec.n != 1)
		err = mmc_nl_fail(nl, -EPROTO, "malformed reply: %zu zones where one was asked for",
				  zr.vec.n);
	if (!err)
		memcpy(out, mmc_vec_at(&zr.vec, 0), zr.vec.size);
	mmc_vec_free(&zr.vec);
	return err;
}

int mmc_zones_dump(struct mmc_nl *nl, int node,
		   int (*cb)(const struct mmc_zone *zone, void *arg), void *arg)
{
	struct mmc_zone_req zr = { .node = node < 0 ? -1 : node, .idx = -1 };
	size_t i;
	int err;

	err = mmc_zone_req_run(nl, MMSCOPE_CMD_ZONE_GET, true, &zr);
	for (i = 0; !err && i < zr.vec.n; i++)
		err = cb(mmc_vec_at(&zr.vec, i), arg);
	mmc_vec_free(&zr.vec);
	return err;
}

int mmc_zone_get(struct mmc_nl *nl, uint32_t node, uint32_t idx, struct mmc_zone *zone)
{
	return mmc_zone_req_one(nl, MMSCOPE_CMD_ZONE_GET, node, idx, zone);
}

int mmc_pagetypes_dump(struct mmc_nl *nl, int node,
		       int (*cb)(const struct mmc_zone_types *zt, void *arg), void *arg)
{
	struct mmc_zone_req zr = { .node = node < 0 ? -1 : node, .idx = -1 };
	size_t i;
	int err;

	err = mmc_zone_req_run(nl, MMSCOPE_CMD_PAGETYPE_GET, true, &zr);
	for (i = 0; !err && i < zr.vec.n; i++)
		err = cb(mmc_vec_at(&zr.vec, i), arg);
	mmc_vec_free(&zr.vec);
	return err;
}

int mmc_pagetype_get(struct mmc_nl *nl, uint32_t node, uint32_t idx,
		     struct mmc_zone_types *zt)
{
	return mmc_zone_req_one(nl, MMSCOPE_CMD_PAGETYPE_GET, node, idx, zt);
}
