// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * mem-get: the system's (or a node's) memory figures and event counters, decoded into
 * struct mmc_mem with a record of which attributes came: a figure the kernel does not
 * keep is absent, and must read as unknown, never as 0.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <netlink/attr.h>
#include <netlink/msg.h>

#include <linux/mmscope.h>

#include "nl-internal.h"

/* seen is a 64-bit set of attribute types. */
_Static_assert(MMSCOPE_A_MEM_MAX < 64, "mem attributes do not fit struct mmc_mem.seen");

#define MEM(t, k, m, nm)	MMC_FIELD(MMSCOPE_A_MEM_##t, k, struct mmc_mem, m, "mem." nm)

static const struct mmc_attr_field mmc_mem_fields[] = {
	MEM(NODE,			U32, node,			"node"),
	MEM(TOTAL,			U64, total,			"total"),
	MEM(FREE,			U64, free,			"free"),
	MEM(AVAILABLE,			U64, available,			"available"),
	MEM(RESERVE,			U64, reserve,			"reserve"),
	MEM(WMARK_LOW,			U64, wmark_low,			"wmark-low"),
	MEM(BUFFERS,			U64, buffers,			"buffers"),
	MEM(CACHED,			U64, cached,			"cached"),
	MEM(SWAP_CACHED,		U64, swap_cached,		"swap-cached"),
	MEM(FILE_PAGES,			U64, file_pages,		"file-pages"),
	MEM(SHMEM,			U64, shmem,			"shmem"),
	MEM(ACTIVE_ANON,		U64, active_anon,		"active-anon"),
	MEM(INACTIVE_ANON,		U64, inactive_anon,		"inactive-anon"),
	MEM(ACTIVE_FILE,		U64, active_file,		"active-file"),
	MEM(INACTIVE_FILE,		U64, inactive_file,		"inactive-file"),
	MEM(UNEVICTABLE,		U64, unevictable,		"unevictable"),
	MEM(MLOCKED,			U64, mlocked,			"mlocked"),
	MEM(DIRTY,			U64, dirty,			"dirty"),
	MEM(WRITEBACK,			U64, writeback,			"writeback"),
	MEM(ANON,			U64, anon,			"anon"),
	MEM(MAPPED,			U64, mapped,			"mapped"),
	MEM(SLAB_RECLAIMABLE,		U64, slab_reclaimable,		"slab-reclaimable"),
	MEM(SLAB_UNRECLAIMABLE,		U64, slab_unreclaimable,	"slab-unreclaimable"),
	MEM(KERNEL_MISC_RECLAIMABLE,	U64, kernel_misc_reclaimable,	"kernel-misc-reclaimable"),
	MEM(KERNEL_STACK,		U64, kernel_stack,		"kernel-stack"),
	MEM(PAGE_TABLES,		U64, page_tables,		"page-tables"),
	MEM(SWAP_TOTAL,			U64, swap_total,		"swap-total"),
	MEM(SWAP_FREE,			U64, swap_free,			"swap-free"),
	MEM(COMMITTED,			U64, committed,			"committed"),
	MEM(COMMIT_LIMIT,		U64, commit_limit,		"commit-limit"),
	MEM(HUGETLB,			U64, hugetlb,			"hugetlb"),
	MEM(OVERCOMMIT_POLICY,		U32, overcommit_policy,		"overcommit-policy"),
	MEM(OVERCOMMIT_RATIO,		U32, overcommit_ratio,		"overcommit-ratio"),
	MEM(OVERCOMMIT_KBYTES,		U64, overcommit_kbytes,		"overcommit-kbytes"),
	MEM(PGPGIN,			U64, pgpgin,			"pgpgin"),
	MEM(PGPGOUT,			U64, pgpgout,			"pgpgout"),
	MEM(PSWPIN,			U64, pswpin,			"pswpin"),
	MEM(PSWPOUT,			U64, pswpout,			"pswpout"),
	MEM(PGFAULT,			U64, pgfault,			"pgfault"),
	MEM(PGMAJFAULT,			U64, pgmajfault,		"pgmajfault"),
	MEM(PGFREE,			U64, pgfree,			"pgfree"),
	MEM(PGSCAN_KSWAPD,		U64, pgscan_kswapd,		"pgscan-kswapd"),
	MEM(PGSCAN_DIRECT,		U64, pgscan_direct,		"pgscan-direct"),
	MEM(PGSCAN_KHUGEPAGED,		U64, pgscan_khugepaged,		"pgscan-khugepaged"),
	MEM(PGSTEAL_KSWAPD,		U64, pgsteal_kswapd,		"pgsteal-kswapd"),
	MEM(PGSTEAL_DIRECT,		U64, pgsteal_direct,		"pgsteal-direct"),
	MEM(PGSTEAL_KHUGEPAGED,		U64, pgsteal_khugepaged,	"pgsteal-khugepaged"),
	MEM(PGSTEAL_ANON,		U64, pgsteal_anon,		"pgsteal-anon"),
	MEM(PGSTEAL_FILE,		U64, pgsteal_file,		"pgsteal-file"),
	MEM(PGSCAN_DIRECT_THROTTLE,	U64, pgscan_direct_throttle,	"pgscan-direct-throttle"),
	MEM(OOM_KILL,			U64, oom_kill,			"oom-kill"),
	/* pad: no entry */
};

/* What si_meminfo() always has; free's columns cannot do without them. */
#define MMC_MEM_NEED	(MMC_BIT(MMSCOPE_A_MEM_TOTAL) | MMC_BIT(MMSCOPE_A_MEM_FREE) | \
			 MMC_BIT(MMSCOPE_A_MEM_AVAILABLE))

static const struct mmc_attr_set mmc_mem_set =
	MMC_ATTR_SET("mem", mmc_mem_fields, struct mmc_mem, MMC_MEM_NEED);

static const char *const mmc_overcommit_names[] = { "guess", "always", "never" };

const char *mmc_overcommit_name(uint32_t policy)
{
	return policy < ARRAY_LEN(mmc_overcommit_names) ? mmc_overcommit_names[policy] : NULL;
}

const char *mmc_mem_attr_name(int attr)
{
	if (attr < 0 || (unsigned int)attr >= ARRAY_LEN(mmc_mem_fields) ||
	    !mmc_mem_fields[attr].name)
		return NULL;
	return mmc_mem_fields[attr].name + strlen("mem.");
}

bool mmc_mem_has(const struct mmc_mem *m, int attr)
{
	return attr >= 0 && attr < 64 && (m->seen & MMC_BIT(attr));
}

bool mmc_mem_value(const struct mmc_mem *m, int attr, uint64_t *v)
{
	const struct mmc_attr_field *f;
	const char *p;

	*v = 0;
	if (attr == MMSCOPE_A_MEM_NODE || !mmc_mem_has(m, attr) ||
	    (unsigned int)attr >= ARRAY_LEN(mmc_mem_fields))
		return false;
	f = &mmc_mem_fields[attr];
	p = (const char *)m + f->off;
	if (f->kind == MMC_ATTR_U32) {
		uint32_t v32;

		memcpy(&v32, p, sizeof(v32));
		*v = v32;
	} else if (f->kind == MMC_ATTR_U64) {
		memcpy(v, p, sizeof(*v));
	} else {
		return false;
	}
	return true;
}

int mmc_mem_decode(const struct nlattr *attrs, int len, struct mmc_mem *m,
		   char *why, size_t whylen)
{
	uint64_t seen = 0;
	int err;

	err = mmc_attrs_decode(&mmc_mem_set, attrs, len, m, &seen, why, whylen);
	m->seen = seen;
	return err;
}

/* A mem-get request and the replies it collects. */
struct mmc_mem_req {
	int node;		/* -1: not in the request */
	struct mmc_vec vec;	/* struct mmc_mem */
};

static int mmc_mem_req_put(struct nl_msg *msg, void *arg)
{
	struct mmc_mem_req *mr = arg;

	if (mr->node >= 0 && nla_put_u32(msg, MMSCOPE_A_MEM_NODE, mr->node) < 0)
		return -EMSGSIZE;
	return 0;
}

static void mmc_mem_req_reset(void *arg)
{
	struct mmc_mem_req *mr = arg;

	mmc_vec_clear(&mr->vec);
}

static int mmc_mem_parse(const struct nlattr *attrs, int len, void *arg,
			 char *why, size_t whylen)
{
	struct mmc_mem_req *mr = arg;
	struct mmc_mem *m = mmc_vec_push(&mr->vec);

	if (!m)
		return -ENOMEM;
	return mmc_mem_decode(attrs, len, m, why, whylen);
}

static int mmc_mem_req_run(struct mmc_nl *nl, bool dump, struct mmc_mem_req *mr)
{
	const struct mmc_req req = {
		.cmd	= MMSCOPE_CMD_MEM_GET,
		.dump	= dump,
		.put	= mmc_mem_req_put,
		.parse	= mmc_mem_parse,
		.reset	= mmc_mem_req_reset,
		.arg	= mr,
	};

	mr->vec.size = sizeof(struct mmc_mem);
	return mmc_nl_run(nl, &req);
}

int mmc_mem_get(struct mmc_nl *nl, int node, struct mmc_mem *m)
{
	struct mmc_mem_req mr = { .node = node < 0 ? -1 : node };
	const struct mmc_mem *r;
	int err;

	err = mmc_mem_req_run(nl, false, &mr);
	if (!err && mr.vec.n != 1)
		err = mmc_nl_fail(nl, -EPROTO, "malformed reply: %zu replies where one was "
				  "asked for", mr.vec.n);
	if (err)
		goto out;
	r = mmc_vec_at(&mr.vec, 0);
	/* A node's figures must say whose they are; the system's are nobody's. */
	if (node >= 0 && !mmc_mem_has(r, MMSCOPE_A_MEM_NODE))
		err = mmc_nl_fail(nl, -EPROTO, "malformed reply: mem.node is missing");
	else if (node >= 0 && r->node != (uint32_t)node)
		err = mmc_nl_fail(nl, -EPROTO, "malformed reply: node %u's figures where "
				  "node %d's were asked for", r->node, node);
	else if (node < 0 && mmc_mem_has(r, MMSCOPE_A_MEM_NODE))
		err = mmc_nl_fail(nl, -EPROTO, "malformed reply: node %u's figures where "
				  "the system's were asked for", r->node);
	else
		*m = *r;
out:
	mmc_vec_free(&mr.vec);
	return err;
}

int mmc_mem_nodes(struct mmc_nl *nl, struct mmc_mem **nodes, size_t *n)
{
	struct mmc_mem_req mr = { .node = -1 };
	size_t i;
	int err;

	*nodes = NULL;
	*n = 0;
	err = mmc_mem_req_run(nl, true, &mr);
	for (i = 0; !err && i < mr.vec.n; i++)
		if (!mmc_mem_has(mmc_vec_at(&mr.vec, i), MMSCOPE_A_MEM_NODE))
			err = mmc_nl_fail(nl, -EPROTO, "malformed reply: mem.node is missing "
					  "in a dump's reply %zu", i);
	if (err || !mr.vec.n) {
		mmc_vec_free(&mr.vec);
		return err;
	}
	*nodes = mr.vec.items;
	*n = mr.vec.n;
	return 0;
}
