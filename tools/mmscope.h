/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * libmmscope: the mmscope generic netlink family (uapi/mmscope.yaml), decoded into plain C
 * structs. No printing: the mmscope tool and the selftests link this (libmmscope.a) and
 * render the structs their own way. To link it:
 *
 *	cc -I tools -isystem uapi $(pkg-config --cflags libnl-genl-3.0) test.c \
 *		tools/libmmscope.a $(pkg-config --libs libnl-genl-3.0)
 *
 * Usage:
 *
 *	struct mms_nl *nl;
 *	int err = mms_nl_open(&nl);		// -ENOENT: the module is not loaded
 *	if (!err)
 *		err = mms_zones_dump(nl, -1, my_cb, my_arg);
 *	if (err)
 *		fprintf(stderr, "%s (%s)\n", strerror(-err), mms_nl_errmsg(nl) ?: "");
 *	mms_nl_close(nl);
 *
 * Errors: every function returns 0 or a negative errno. After a failed request,
 * mms_nl_errmsg() says more when there is more to say: the kernel's extended ack message
 * (from NLMSG_ERROR or from the NLMSG_DONE that ends a dump), or the library's description
 * of a reply it could not decode (-EPROTO). Errnos worth telling apart:
 *
 *	-ENOENT		the family "mmscope" is not registered: the module is not loaded
 *			(from mms_nl_open, or from a request if it was unloaded since)
 *	-EPERM		the caller lacks CAP_NET_ADMIN (no message) or CAP_SYS_ADMIN
 *	-ENODEV		no such node online / zone not populated (kernel message says which)
 *	-EPROTO		a reply did not decode: wrong attribute size, too many entries, a
 *			required attribute missing (mms_nl_errmsg() says which)
 *	-EAGAIN		a dump was interrupted by concurrent changes (NLM_F_DUMP_INTR) on
 *			every one of MMS_DUMP_RETRIES attempts
 *
 * Dumps are delivered only once complete: the library collects every reply, retries the
 * whole dump when the kernel flags it inconsistent, and only then calls the callback once
 * per item, in the kernel's order. A callback returns 0 to go on; any other value stops
 * the walk and is returned by the dump function.
 *
 * Decoding is strict about sizes (a u64 attribute must carry 8 bytes, a u32 4) and
 * ignores attributes it does not know, so a newer module keeps working with this tool.
 */
#ifndef MMSCOPE_LIB_H
#define MMSCOPE_LIB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct nlattr;
struct nl_sock;

#define MMS_MAX_ORDERS		16	/* buddy orders (the module's MMS_MAX_ORDERS) */
#define MMS_MAX_ZONES		16	/* lowmem_reserve entries: one per zone index */
#define MMS_MAX_TYPES		16	/* migrate types */
#define MMS_NAME_LEN		32	/* zone and migrate type names, NUL included */
#define MMS_DUMP_RETRIES	5	/* attempts of a dump flagged NLM_F_DUMP_INTR */

/* One populated zone (zone-get). Counts are in pages unless said otherwise. */
struct mms_zone {
	uint32_t node;
	uint32_t idx;				/* zone index in the node (ZONE_DMA is 0) */
	char name[MMS_NAME_LEN];		/* "DMA", "DMA32", "Normal", "Movable", ... */
	uint64_t start_pfn;
	uint64_t spanned;			/* holes included */
	uint64_t present;
	uint64_t managed;			/* by the buddy allocator */
	uint64_t cma;
	uint64_t free;				/* NR_FREE_PAGES */
	uint64_t min, low, high;		/* watermarks, boost included */
	uint64_t promo;				/* valid when has_promo */
	uint64_t boost;
	bool has_promo;				/* the kernel has a promotion watermark */
	unsigned int nr_reserve;
	uint64_t lowmem_reserve[MMS_MAX_ZONES];	/* per zone index ("protection") */
	unsigned int nr_orders;
	uint64_t free_area[MMS_MAX_ORDERS];	/* free blocks per order */
	uint32_t pageblock_order;
};

/* Free blocks of one migrate type, per order. */
struct mms_pagetype {
	uint32_t idx;				/* the kernel's migrate type number */
	char name[MMS_NAME_LEN];		/* "Unmovable", "Movable", ... */
	unsigned int nr_orders;
	uint64_t free_blocks[MMS_MAX_ORDERS];
	uint32_t capped_orders;			/* bit N: free_blocks[N] is a lower bound */
};

/* One populated zone's free lists per migrate type (pagetype-get). */
struct mms_zone_types {
	uint32_t node;
	uint32_t idx;
	char name[MMS_NAME_LEN];
	uint32_t pageblock_order;
	unsigned int nr_types;
	struct mms_pagetype types[MMS_MAX_TYPES];	/* in the kernel's order */
};

/* The handle: one generic netlink socket bound to the resolved family. */
struct mms_nl;

/*
 * Open a generic netlink socket (extended acks on, 32 KiB receive buffer) and resolve the
 * family "mmscope". On success *nlp is the handle; on failure *nlp is NULL and the return
 * value is -ENOENT when the family does not exist (module not loaded), another -errno else.
 */
int mms_nl_open(struct mms_nl **nlp);
void mms_nl_close(struct mms_nl *nl);

/* The last failed request's message (kernel extack or decode failure), or NULL. */
const char *mms_nl_errmsg(const struct mms_nl *nl);
/* The last request's result: 0 or -errno, as it returned. */
int mms_nl_error(const struct mms_nl *nl);

/* For tests that craft their own requests: the socket and the resolved family id. */
struct nl_sock *mms_nl_sock(struct mms_nl *nl);
int mms_nl_family(const struct mms_nl *nl);

/*
 * zone-get. The dump lists every populated zone, or only node's when node >= 0 (-ENODEV
 * when the node is not online); the get fills *zone with one zone.
 */
int mms_zones_dump(struct mms_nl *nl, int node,
		   int (*cb)(const struct mms_zone *zone, void *arg), void *arg);
int mms_zone_get(struct mms_nl *nl, uint32_t node, uint32_t idx, struct mms_zone *zone);

/* pagetype-get: free blocks per migrate type and order, exact unless capped. */
int mms_pagetypes_dump(struct mms_nl *nl, int node,
		       int (*cb)(const struct mms_zone_types *zt, void *arg), void *arg);
int mms_pagetype_get(struct mms_nl *nl, uint32_t node, uint32_t idx,
		     struct mms_zone_types *zt);

/*
 * The decoders behind the functions above, for tests that feed them crafted attributes:
 * attrs/len are the attributes after the genetlink header. Return 0 or -EPROTO, with a
 * description in why (NUL-terminated, truncated to whylen) on failure.
 */
int mms_zone_decode(const struct nlattr *attrs, int len, struct mms_zone *zone,
		    char *why, size_t whylen);
int mms_zone_types_decode(const struct nlattr *attrs, int len, struct mms_zone_types *zt,
			  char *why, size_t whylen);

#endif /* MMSCOPE_LIB_H */
