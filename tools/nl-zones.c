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

static const char *const mms_zone_attr_names[] = {
	[MMSCOPE_A_ZONE_NODE]		 = "zone.node",
	[MMSCOPE_A_ZONE_IDX]		 = "zone.idx",
	[MMSCOPE_A_ZONE_NAME]		 = "zone.name",
	[MMSCOPE_A_ZONE_START_PFN]	 = "zone.start-pfn",
	[MMSCOPE_A_ZONE_SPANNED]	 = "zone.spanned",
	[MMSCOPE_A_ZONE_PRESENT]	 = "zone.present",
	[MMSCOPE_A_ZONE_MANAGED]	 = "zone.managed",
	[MMSCOPE_A_ZONE_CMA]		 = "zone.cma",
	[MMSCOPE_A_ZONE_FREE]		 = "zone.free",
	[MMSCOPE_A_ZONE_MIN]		 = "zone.min",
	[MMSCOPE_A_ZONE_LOW]		 = "zone.low",
	[MMSCOPE_A_ZONE_HIGH]		 = "zone.high",
	[MMSCOPE_A_ZONE_PROMO]		 = "zone.promo",
	[MMSCOPE_A_ZONE_BOOST]		 = "zone.boost",
	[MMSCOPE_A_ZONE_LOWMEM_RESERVE]	 = "zone.lowmem-reserve",
	[MMSCOPE_A_ZONE_FREE_AREA]	 = "zone.free-area",
	[MMSCOPE_A_ZONE_PAGEBLOCK_ORDER] = "zone.pageblock-order",
	[MMSCOPE_A_ZONE_MIGRATETYPE]	 = "zone.migratetype",
};

static const char *const mms_mt_attr_names[] = {
	[MMSCOPE_A_MIGRATETYPE_IDX]		= "migratetype.idx",
	[MMSCOPE_A_MIGRATETYPE_NAME]		= "migratetype.name",
	[MMSCOPE_A_MIGRATETYPE_FREE_BLOCKS]	= "migratetype.free-blocks",
	[MMSCOPE_A_MIGRATETYPE_CAPPED_ORDERS]	= "migratetype.capped-orders",
};

int mms_zone_decode(const struct nlattr *attrs, int len, struct mms_zone *z,
		    char *why, size_t whylen)
{
	const uint64_t need = MMS_BIT(MMSCOPE_A_ZONE_NODE) | MMS_BIT(MMSCOPE_A_ZONE_IDX) |
			      MMS_BIT(MMSCOPE_A_ZONE_NAME);
	const struct nlattr *a;
	uint64_t seen = 0;
	int rem, err;

	memset(z, 0, sizeof(*z));
	for (a = attrs, rem = len; nla_ok(a, rem); a = nla_next(a, &rem)) {
		int type = nla_type(a);
		const char *what;
		uint64_t *u64 = NULL;

		if (type > MMSCOPE_A_ZONE_MAX || type == MMSCOPE_A_ZONE_PAD)
			continue;	/* newer than us, or padding */
		what = mms_zone_attr_names[type];
		switch (type) {
		case MMSCOPE_A_ZONE_NODE:
			err = mms_attr_u32(a, &z->node, what, why, whylen);
			break;
		case MMSCOPE_A_ZONE_IDX:
			err = mms_attr_u32(a, &z->idx, what, why, whylen);
			break;
		case MMSCOPE_A_ZONE_NAME:
			err = mms_attr_str(a, z->name, sizeof(z->name), what, why, whylen);
			break;
		case MMSCOPE_A_ZONE_PAGEBLOCK_ORDER:
			err = mms_attr_u32(a, &z->pageblock_order, what, why, whylen);
			break;
		case MMSCOPE_A_ZONE_LOWMEM_RESERVE:
			err = mms_attr_u64_multi(a, z->lowmem_reserve, &z->nr_reserve,
						 MMS_MAX_ZONES, what, why, whylen);
			break;
		case MMSCOPE_A_ZONE_FREE_AREA:
			err = mms_attr_u64_multi(a, z->free_area, &z->nr_orders,
						 MMS_MAX_ORDERS, what, why, whylen);
			break;
		case MMSCOPE_A_ZONE_PROMO:
			z->has_promo = true;
			u64 = &z->promo;
			break;
		case MMSCOPE_A_ZONE_START_PFN:	u64 = &z->start_pfn;	break;
		case MMSCOPE_A_ZONE_SPANNED:	u64 = &z->spanned;	break;
		case MMSCOPE_A_ZONE_PRESENT:	u64 = &z->present;	break;
		case MMSCOPE_A_ZONE_MANAGED:	u64 = &z->managed;	break;
		case MMSCOPE_A_ZONE_CMA:	u64 = &z->cma;		break;
		case MMSCOPE_A_ZONE_FREE:	u64 = &z->free;		break;
		case MMSCOPE_A_ZONE_MIN:	u64 = &z->min;		break;
		case MMSCOPE_A_ZONE_LOW:	u64 = &z->low;		break;
		case MMSCOPE_A_ZONE_HIGH:	u64 = &z->high;		break;
		case MMSCOPE_A_ZONE_BOOST:	u64 = &z->boost;	break;
		default:
			continue;	/* not part of a zone-get reply */
		}
		if (u64)
			err = mms_attr_u64(a, u64, what, why, whylen);
		if (err)
			return err;
		seen |= MMS_BIT(type);
	}
	err = mms_attr_trailing(rem, "zone", why, whylen);
	if (!err)
		err = mms_attr_missing(seen, need, mms_zone_attr_names, why, whylen);
	return err;
}

static int mms_pagetype_decode(const struct nlattr *nest, struct mms_pagetype *pt,
			       char *why, size_t whylen)
{
	const uint64_t need = MMS_BIT(MMSCOPE_A_MIGRATETYPE_IDX) |
			      MMS_BIT(MMSCOPE_A_MIGRATETYPE_NAME);
	const struct nlattr *a;
	uint64_t seen = 0;
	int rem, err;

	memset(pt, 0, sizeof(*pt));
	for (a = nla_data(nest), rem = nla_len(nest); nla_ok(a, rem); a = nla_next(a, &rem)) {
		int type = nla_type(a);
		const char *what;

		if (type > MMSCOPE_A_MIGRATETYPE_MAX || type == MMSCOPE_A_MIGRATETYPE_PAD)
			continue;
		what = mms_mt_attr_names[type];
		switch (type) {
		case MMSCOPE_A_MIGRATETYPE_IDX:
			err = mms_attr_u32(a, &pt->idx, what, why, whylen);
			break;
		case MMSCOPE_A_MIGRATETYPE_NAME:
			err = mms_attr_str(a, pt->name, sizeof(pt->name), what, why, whylen);
			break;
		case MMSCOPE_A_MIGRATETYPE_FREE_BLOCKS:
			err = mms_attr_u64_multi(a, pt->free_blocks, &pt->nr_orders,
						 MMS_MAX_ORDERS, what, why, whylen);
			break;
		case MMSCOPE_A_MIGRATETYPE_CAPPED_ORDERS:
			err = mms_attr_u32(a, &pt->capped_orders, what, why, whylen);
			break;
		default:
			continue;
		}
		if (err)
			return err;
		seen |= MMS_BIT(type);
	}
	err = mms_attr_trailing(rem, "zone.migratetype", why, whylen);
	if (!err)
		err = mms_attr_missing(seen, need, mms_mt_attr_names, why, whylen);
	return err;
}

int mms_zone_types_decode(const struct nlattr *attrs, int len, struct mms_zone_types *zt,
			  char *why, size_t whylen)
{
	const uint64_t need = MMS_BIT(MMSCOPE_A_ZONE_NODE) | MMS_BIT(MMSCOPE_A_ZONE_IDX) |
			      MMS_BIT(MMSCOPE_A_ZONE_NAME);
	const struct nlattr *a;
	uint64_t seen = 0;
	int rem, err;

	memset(zt, 0, sizeof(*zt));
	for (a = attrs, rem = len; nla_ok(a, rem); a = nla_next(a, &rem)) {
		int type = nla_type(a);
		const char *what;

		if (type > MMSCOPE_A_ZONE_MAX || type == MMSCOPE_A_ZONE_PAD)
			continue;
		what = mms_zone_attr_names[type];
		switch (type) {
		case MMSCOPE_A_ZONE_NODE:
			err = mms_attr_u32(a, &zt->node, what, why, whylen);
			break;
		case MMSCOPE_A_ZONE_IDX:
			err = mms_attr_u32(a, &zt->idx, what, why, whylen);
			break;
		case MMSCOPE_A_ZONE_NAME:
			err = mms_attr_str(a, zt->name, sizeof(zt->name), what, why, whylen);
			break;
		case MMSCOPE_A_ZONE_PAGEBLOCK_ORDER:
			err = mms_attr_u32(a, &zt->pageblock_order, what, why, whylen);
			break;
		case MMSCOPE_A_ZONE_MIGRATETYPE:
			if (zt->nr_types >= MMS_MAX_TYPES)
				return mms_why(why, whylen, "%s: more than %u entries", what,
					       MMS_MAX_TYPES);
			err = mms_pagetype_decode(a, &zt->types[zt->nr_types++], why, whylen);
			break;
		default:
			continue;
		}
		if (err)
			return err;
		seen |= MMS_BIT(type);
	}
	err = mms_attr_trailing(rem, "zone", why, whylen);
	if (!err)
		err = mms_attr_missing(seen, need, mms_zone_attr_names, why, whylen);
	return err;
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
