// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * vma-get, walk and ptdump: a process's memory. Requests, the decoders of their replies
 * into struct mms_vma, struct mms_walk and struct mms_extent, and the spec's names of
 * their enums and flags. vma-get is collected before delivery (names kept apart, so that
 * a process with many VMAs costs little); ptdump is streamed to its callback.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <netlink/attr.h>
#include <netlink/msg.h>

#include <linux/mmscope.h>

#include "nl-internal.h"

#define ARRAY_LEN(a)	(sizeof(a) / sizeof((a)[0]))

static const char *const mms_pt_level_names[] = { "pgd", "p4d", "pud", "pmd", "pte" };

static const char *const mms_pt_state_names[] = {
	"none", "present", "swap", "migration", "device", "hwpoison", "marker",
};

static const char *const mms_pt_bit_names[] = {
	"present", "rw", "user", "pwt", "pcd", "accessed", "dirty", "huge", "global", "nx",
	"soft-dirty", "uffd-wp", "protnone", "special", "devmap", "exclusive", "zero-page",
};

static const char *const mms_vm_flag_names[] = {
	"read", "write", "exec", "shared", "mayread", "maywrite", "mayexec", "mayshare",
	"growsdown", "pfnmap", "locked", "io", "seq-read", "rand-read", "dontcopy",
	"dontexpand", "lockonfault", "account", "noreserve", "hugetlb", "sync", "wipeonfork",
	"dontdump", "softdirty", "mixedmap", "hugepage", "nohugepage", "mergeable",
	"uffd-missing", "uffd-wp", "uffd-minor", "shadow-stack",
};

static const char *const mms_page_flag_names[] = {
	"anon", "file", "ksm", "lru", "dirty", "swapcache", "hugetlb", "thp", "zero",
	"reserved", "anon-exclusive",
};

#define MMS_NAME_AT(names, i)	((i) < ARRAY_LEN(names) ? (names)[i] : NULL)

const char *mms_pt_level_name(uint32_t level)
{
	return MMS_NAME_AT(mms_pt_level_names, level);
}

const char *mms_pt_state_name(uint32_t state)
{
	return MMS_NAME_AT(mms_pt_state_names, state);
}

const char *mms_pt_bit_name(unsigned int bit)
{
	return MMS_NAME_AT(mms_pt_bit_names, bit);
}

const char *mms_vm_flag_name(unsigned int bit)
{
	return MMS_NAME_AT(mms_vm_flag_names, bit);
}

const char *mms_page_flag_name(unsigned int bit)
{
	return MMS_NAME_AT(mms_page_flag_names, bit);
}

static const char *const mms_vma_attr_names[] = {
	[MMSCOPE_A_VMA_PID]		= "vma.pid",
	[MMSCOPE_A_VMA_START]		= "vma.start",
	[MMSCOPE_A_VMA_END]		= "vma.end",
	[MMSCOPE_A_VMA_FLAGS]		= "vma.flags",
	[MMSCOPE_A_VMA_PGOFF]		= "vma.pgoff",
	[MMSCOPE_A_VMA_DEV_MAJOR]	= "vma.dev-major",
	[MMSCOPE_A_VMA_DEV_MINOR]	= "vma.dev-minor",
	[MMSCOPE_A_VMA_INODE]		= "vma.inode",
	[MMSCOPE_A_VMA_NAME]		= "vma.name",
	[MMSCOPE_A_VMA_RSS_PAGES]	= "vma.rss-pages",
	[MMSCOPE_A_VMA_SWAP_PAGES]	= "vma.swap-pages",
	[MMSCOPE_A_VMA_HUGE_PAGES]	= "vma.huge-pages",
	[MMSCOPE_A_VMA_ANON_PAGES]	= "vma.anon-pages",
	[MMSCOPE_A_VMA_ANON_VMA]	= "vma.anon-vma",
};

static const char *const mms_pt_level_attr_names[] = {
	[MMSCOPE_A_PT_LEVEL_LEVEL]	= "walk.level.level",
	[MMSCOPE_A_PT_LEVEL_INDEX]	= "walk.level.index",
	[MMSCOPE_A_PT_LEVEL_ENTRY]	= "walk.level.entry",
	[MMSCOPE_A_PT_LEVEL_BITS]	= "walk.level.bits",
	[MMSCOPE_A_PT_LEVEL_FOLDED]	= "walk.level.folded",
};

static const char *const mms_page_attr_names[] = {
	[MMSCOPE_A_PAGE_REFCOUNT]	= "walk.page.refcount",
	[MMSCOPE_A_PAGE_MAPCOUNT]	= "walk.page.mapcount",
	[MMSCOPE_A_PAGE_FLAGS]		= "walk.page.flags",
	[MMSCOPE_A_PAGE_ORDER]		= "walk.page.order",
	[MMSCOPE_A_PAGE_FOLIO_MAPCOUNT]	= "walk.page.folio-mapcount",
};

static const char *const mms_walk_attr_names[] = {
	[MMSCOPE_A_WALK_PID]		= "walk.pid",
	[MMSCOPE_A_WALK_ADDR]		= "walk.addr",
	[MMSCOPE_A_WALK_LEVEL]		= "walk.level",
	[MMSCOPE_A_WALK_LEAF]		= "walk.leaf",
	[MMSCOPE_A_WALK_STATE]		= "walk.state",
	[MMSCOPE_A_WALK_PFN]		= "walk.pfn",
	[MMSCOPE_A_WALK_PHYS]		= "walk.phys",
	[MMSCOPE_A_WALK_NODE]		= "walk.node",
	[MMSCOPE_A_WALK_ZONE]		= "walk.zone",
	[MMSCOPE_A_WALK_MIGRATETYPE]	= "walk.migratetype",
	[MMSCOPE_A_WALK_SWAP_TYPE]	= "walk.swap-type",
	[MMSCOPE_A_WALK_SWAP_OFFSET]	= "walk.swap-offset",
	[MMSCOPE_A_WALK_PAGE]		= "walk.page",
	[MMSCOPE_A_WALK_COW]		= "walk.cow",
	[MMSCOPE_A_WALK_VMA_START]	= "walk.vma-start",
	[MMSCOPE_A_WALK_VMA_END]	= "walk.vma-end",
	[MMSCOPE_A_WALK_VMA_FLAGS]	= "walk.vma-flags",
};

static const char *const mms_extent_attr_names[] = {
	[MMSCOPE_A_EXTENT_PID]		= "extent.pid",
	[MMSCOPE_A_EXTENT_START]	= "extent.start",
	[MMSCOPE_A_EXTENT_END]		= "extent.end",
	[MMSCOPE_A_EXTENT_STATE]	= "extent.state",
	[MMSCOPE_A_EXTENT_LEVEL]	= "extent.level",
	[MMSCOPE_A_EXTENT_PFN]		= "extent.pfn",
	[MMSCOPE_A_EXTENT_PAGES]	= "extent.pages",
	[MMSCOPE_A_EXTENT_BITS]		= "extent.bits",
};

int mms_vma_decode(const struct nlattr *attrs, int len, struct mms_vma *v,
		   char *why, size_t whylen)
{
	const uint64_t need = MMS_BIT(MMSCOPE_A_VMA_START) | MMS_BIT(MMSCOPE_A_VMA_END) |
			      MMS_BIT(MMSCOPE_A_VMA_FLAGS);
	const struct nlattr *a;
	uint64_t seen = 0;
	int rem, err;

	memset(v, 0, sizeof(*v));
	for (a = attrs, rem = len; nla_ok(a, rem); a = nla_next(a, &rem)) {
		int type = nla_type(a);
		const char *what;
		uint32_t *u32 = NULL;
		uint64_t *u64 = NULL;

		if (type > MMSCOPE_A_VMA_MAX || type == MMSCOPE_A_VMA_PAD)
			continue;	/* newer than us, or padding */
		what = mms_vma_attr_names[type];
		switch (type) {
		case MMSCOPE_A_VMA_NAME:
			err = mms_attr_str(a, v->name, sizeof(v->name), what, why, whylen);
			break;
		case MMSCOPE_A_VMA_ANON_VMA:
			err = mms_attr_flag(a, &v->anon_vma, what, why, whylen);
			break;
		case MMSCOPE_A_VMA_DEV_MAJOR:	u32 = &v->dev_major;	break;
		case MMSCOPE_A_VMA_DEV_MINOR:	u32 = &v->dev_minor;	break;
		case MMSCOPE_A_VMA_START:	u64 = &v->start;	break;
		case MMSCOPE_A_VMA_END:		u64 = &v->end;		break;
		case MMSCOPE_A_VMA_FLAGS:	u64 = &v->flags;	break;
		case MMSCOPE_A_VMA_PGOFF:	u64 = &v->pgoff;	break;
		case MMSCOPE_A_VMA_INODE:	u64 = &v->inode;	break;
		case MMSCOPE_A_VMA_RSS_PAGES:	u64 = &v->rss_pages;	break;
		case MMSCOPE_A_VMA_SWAP_PAGES:	u64 = &v->swap_pages;	break;
		case MMSCOPE_A_VMA_HUGE_PAGES:	u64 = &v->huge_pages;	break;
		case MMSCOPE_A_VMA_ANON_PAGES:	u64 = &v->anon_pages;	break;
		default:
			continue;	/* not part of a vma-get reply */
		}
		if (u32)
			err = mms_attr_u32(a, u32, what, why, whylen);
		else if (u64)
			err = mms_attr_u64(a, u64, what, why, whylen);
		if (err)
			return err;
		seen |= MMS_BIT(type);
	}
	err = mms_attr_trailing(rem, "vma", why, whylen);
	if (!err)
		err = mms_attr_missing(seen, need, mms_vma_attr_names, why, whylen);
	return err;
}

static int mms_pt_level_decode(const struct nlattr *nest, struct mms_pt_level *lv,
			       char *why, size_t whylen)
{
	const uint64_t need = MMS_BIT(MMSCOPE_A_PT_LEVEL_LEVEL) |
			      MMS_BIT(MMSCOPE_A_PT_LEVEL_ENTRY);
	const struct nlattr *a;
	uint64_t seen = 0;
	int rem, err;

	memset(lv, 0, sizeof(*lv));
	for (a = nla_data(nest), rem = nla_len(nest); nla_ok(a, rem); a = nla_next(a, &rem)) {
		int type = nla_type(a);
		const char *what;

		if (type > MMSCOPE_A_PT_LEVEL_MAX || type == MMSCOPE_A_PT_LEVEL_PAD)
			continue;
		what = mms_pt_level_attr_names[type];
		switch (type) {
		case MMSCOPE_A_PT_LEVEL_LEVEL:
			err = mms_attr_u32(a, &lv->level, what, why, whylen);
			break;
		case MMSCOPE_A_PT_LEVEL_INDEX:
			err = mms_attr_u32(a, &lv->index, what, why, whylen);
			break;
		case MMSCOPE_A_PT_LEVEL_ENTRY:
			err = mms_attr_u64(a, &lv->entry, what, why, whylen);
			break;
		case MMSCOPE_A_PT_LEVEL_BITS:
			err = mms_attr_u32(a, &lv->bits, what, why, whylen);
			break;
		case MMSCOPE_A_PT_LEVEL_FOLDED:
			err = mms_attr_flag(a, &lv->folded, what, why, whylen);
			break;
		default:
			continue;
		}
		if (err)
			return err;
		seen |= MMS_BIT(type);
	}
	err = mms_attr_trailing(rem, "walk.level", why, whylen);
	if (!err)
		err = mms_attr_missing(seen, need, mms_pt_level_attr_names, why, whylen);
	return err;
}

static int mms_page_decode(const struct nlattr *nest, struct mms_page *pg,
			   char *why, size_t whylen)
{
	const uint64_t need = MMS_BIT(MMSCOPE_A_PAGE_REFCOUNT) |
			      MMS_BIT(MMSCOPE_A_PAGE_MAPCOUNT) | MMS_BIT(MMSCOPE_A_PAGE_FLAGS);
	const struct nlattr *a;
	uint64_t seen = 0;
	int rem, err;

	memset(pg, 0, sizeof(*pg));
	for (a = nla_data(nest), rem = nla_len(nest); nla_ok(a, rem); a = nla_next(a, &rem)) {
		int type = nla_type(a);
		uint32_t *u32;

		if (type > MMSCOPE_A_PAGE_MAX)
			continue;
		switch (type) {
		case MMSCOPE_A_PAGE_REFCOUNT:		u32 = &pg->refcount;		break;
		case MMSCOPE_A_PAGE_MAPCOUNT:		u32 = &pg->mapcount;		break;
		case MMSCOPE_A_PAGE_FLAGS:		u32 = &pg->flags;		break;
		case MMSCOPE_A_PAGE_ORDER:		u32 = &pg->order;		break;
		case MMSCOPE_A_PAGE_FOLIO_MAPCOUNT:	u32 = &pg->folio_mapcount;	break;
		default:
			continue;
		}
		err = mms_attr_u32(a, u32, mms_page_attr_names[type], why, whylen);
		if (err)
			return err;
		seen |= MMS_BIT(type);
	}
	err = mms_attr_trailing(rem, "walk.page", why, whylen);
	if (!err)
		err = mms_attr_missing(seen, need, mms_page_attr_names, why, whylen);
	return err;
}

int mms_walk_decode(const struct nlattr *attrs, int len, struct mms_walk *w,
		    char *why, size_t whylen)
{
	const uint64_t need = MMS_BIT(MMSCOPE_A_WALK_PID) | MMS_BIT(MMSCOPE_A_WALK_ADDR) |
			      MMS_BIT(MMSCOPE_A_WALK_STATE);
	const struct nlattr *a;
	uint64_t seen = 0;
	int rem, err;

	memset(w, 0, sizeof(*w));
	for (a = attrs, rem = len; nla_ok(a, rem); a = nla_next(a, &rem)) {
		int type = nla_type(a);
		const char *what;
		uint32_t *u32 = NULL;
		uint64_t *u64 = NULL;

		if (type > MMSCOPE_A_WALK_MAX || type == MMSCOPE_A_WALK_PAD)
			continue;
		what = mms_walk_attr_names[type];
		switch (type) {
		case MMSCOPE_A_WALK_LEVEL:
			if (w->nr_levels >= MMS_MAX_LEVELS)
				return mms_why(why, whylen, "%s: more than %u entries", what,
					       MMS_MAX_LEVELS);
			err = mms_pt_level_decode(a, &w->levels[w->nr_levels++], why, whylen);
			break;
		case MMSCOPE_A_WALK_ZONE:
			err = mms_attr_str(a, w->zone, sizeof(w->zone), what, why, whylen);
			break;
		case MMSCOPE_A_WALK_MIGRATETYPE:
			err = mms_attr_str(a, w->migratetype, sizeof(w->migratetype), what,
					   why, whylen);
			break;
		case MMSCOPE_A_WALK_PAGE:
			w->has_page = true;
			err = mms_page_decode(a, &w->page, why, whylen);
			break;
		case MMSCOPE_A_WALK_COW:
			err = mms_attr_flag(a, &w->cow, what, why, whylen);
			break;
		case MMSCOPE_A_WALK_LEAF:
			w->has_leaf = true;
			u32 = &w->leaf;
			break;
		case MMSCOPE_A_WALK_NODE:
			w->has_node = true;
			u32 = &w->node;
			break;
		case MMSCOPE_A_WALK_SWAP_TYPE:
			w->has_swap = true;
			u32 = &w->swap_type;
			break;
		case MMSCOPE_A_WALK_PFN:
			w->has_pfn = true;
			u64 = &w->pfn;
			break;
		case MMSCOPE_A_WALK_SWAP_OFFSET:
			w->has_swap_offset = true;
			u64 = &w->swap_offset;
			break;
		case MMSCOPE_A_WALK_PID:	u32 = &w->pid;		break;
		case MMSCOPE_A_WALK_STATE:	u32 = &w->state;	break;
		case MMSCOPE_A_WALK_ADDR:	u64 = &w->addr;		break;
		case MMSCOPE_A_WALK_PHYS:	u64 = &w->phys;		break;
		case MMSCOPE_A_WALK_VMA_START:	u64 = &w->vma_start;	break;
		case MMSCOPE_A_WALK_VMA_END:	u64 = &w->vma_end;	break;
		case MMSCOPE_A_WALK_VMA_FLAGS:	u64 = &w->vma_flags;	break;
		default:
			continue;	/* not part of a walk reply */
		}
		if (u32)
			err = mms_attr_u32(a, u32, what, why, whylen);
		else if (u64)
			err = mms_attr_u64(a, u64, what, why, whylen);
		if (err)
			return err;
		seen |= MMS_BIT(type);
	}
	err = mms_attr_trailing(rem, "walk", why, whylen);
	if (!err)
		err = mms_attr_missing(seen, need, mms_walk_attr_names, why, whylen);
	return err;
}

int mms_extent_decode(const struct nlattr *attrs, int len, struct mms_extent *ext,
		      char *why, size_t whylen)
{
	const uint64_t need = MMS_BIT(MMSCOPE_A_EXTENT_START) | MMS_BIT(MMSCOPE_A_EXTENT_END) |
			      MMS_BIT(MMSCOPE_A_EXTENT_STATE) | MMS_BIT(MMSCOPE_A_EXTENT_LEVEL) |
			      MMS_BIT(MMSCOPE_A_EXTENT_PAGES);
	const struct nlattr *a;
	uint64_t seen = 0;
	int rem, err;

	memset(ext, 0, sizeof(*ext));
	for (a = attrs, rem = len; nla_ok(a, rem); a = nla_next(a, &rem)) {
		int type = nla_type(a);
		const char *what;
		uint32_t *u32 = NULL;
		uint64_t *u64 = NULL;

		if (type > MMSCOPE_A_EXTENT_MAX || type == MMSCOPE_A_EXTENT_PAD)
			continue;
		what = mms_extent_attr_names[type];
		switch (type) {
		case MMSCOPE_A_EXTENT_PFN:
			ext->has_pfn = true;
			u64 = &ext->pfn;
			break;
		case MMSCOPE_A_EXTENT_STATE:	u32 = &ext->state;	break;
		case MMSCOPE_A_EXTENT_LEVEL:	u32 = &ext->level;	break;
		case MMSCOPE_A_EXTENT_BITS:	u32 = &ext->bits;	break;
		case MMSCOPE_A_EXTENT_START:	u64 = &ext->start;	break;
		case MMSCOPE_A_EXTENT_END:	u64 = &ext->end;	break;
		case MMSCOPE_A_EXTENT_PAGES:	u64 = &ext->pages;	break;
		default:
			continue;	/* not part of a ptdump reply */
		}
		if (u32)
			err = mms_attr_u32(a, u32, what, why, whylen);
		else
			err = mms_attr_u64(a, u64, what, why, whylen);
		if (err)
			return err;
		seen |= MMS_BIT(type);
	}
	err = mms_attr_trailing(rem, "extent", why, whylen);
	if (!err)
		err = mms_attr_missing(seen, need, mms_extent_attr_names, why, whylen);
	return err;
}

/* --- vma-get: collected, each VMA's name apart from its figures ------------------ */

struct mms_vma_rec {
	uint64_t start, end, flags, pgoff, inode;
	uint32_t dev_major, dev_minor;
	uint64_t rss_pages, swap_pages, huge_pages, anon_pages;
	bool anon_vma;
	char *name;
};

struct mms_vma_req {
	uint32_t pid;
	struct mms_vma *scratch;	/* one decoded reply */
	struct mms_vec vec;		/* struct mms_vma_rec */
};

static int mms_pid_put(struct nl_msg *msg, int type, uint32_t pid)
{
	return nla_put_u32(msg, type, pid) < 0 ? -EMSGSIZE : 0;
}

static int mms_vma_req_put(struct nl_msg *msg, void *arg)
{
	struct mms_vma_req *vr = arg;

	return mms_pid_put(msg, MMSCOPE_A_VMA_PID, vr->pid);
}

static void mms_vma_req_reset(void *arg)
{
	struct mms_vma_req *vr = arg;
	size_t i;

	for (i = 0; i < vr->vec.n; i++)
		free(((struct mms_vma_rec *)mms_vec_at(&vr->vec, i))->name);
	mms_vec_clear(&vr->vec);
}

static int mms_vma_parse(const struct nlattr *attrs, int len, void *arg,
			 char *why, size_t whylen)
{
	struct mms_vma_req *vr = arg;
	struct mms_vma *v = vr->scratch;
	struct mms_vma_rec *r;
	char *name;
	int err;

	err = mms_vma_decode(attrs, len, v, why, whylen);
	if (err)
		return err;
	name = strdup(v->name);
	r = name ? mms_vec_push(&vr->vec) : NULL;
	if (!r) {
		free(name);
		return -ENOMEM;
	}
	r->name = name;
	r->start = v->start;
	r->end = v->end;
	r->flags = v->flags;
	r->pgoff = v->pgoff;
	r->inode = v->inode;
	r->dev_major = v->dev_major;
	r->dev_minor = v->dev_minor;
	r->rss_pages = v->rss_pages;
	r->swap_pages = v->swap_pages;
	r->huge_pages = v->huge_pages;
	r->anon_pages = v->anon_pages;
	r->anon_vma = v->anon_vma;
	return 0;
}

static void mms_vma_from_rec(struct mms_vma *v, const struct mms_vma_rec *r)
{
	v->start = r->start;
	v->end = r->end;
	v->flags = r->flags;
	v->pgoff = r->pgoff;
	v->inode = r->inode;
	v->dev_major = r->dev_major;
	v->dev_minor = r->dev_minor;
	v->rss_pages = r->rss_pages;
	v->swap_pages = r->swap_pages;
	v->huge_pages = r->huge_pages;
	v->anon_pages = r->anon_pages;
	v->anon_vma = r->anon_vma;
	snprintf(v->name, sizeof(v->name), "%s", r->name);
}

int mms_vmas_dump(struct mms_nl *nl, uint32_t pid,
		  int (*cb)(const struct mms_vma *vma, void *arg), void *arg)
{
	struct mms_vma_req vr = { .pid = pid, .vec.size = sizeof(struct mms_vma_rec) };
	const struct mms_req req = {
		.cmd	= MMSCOPE_CMD_VMA_GET,
		.dump	= true,
		.put	= mms_vma_req_put,
		.parse	= mms_vma_parse,
		.reset	= mms_vma_req_reset,
		.arg	= &vr,
	};
	size_t i;
	int err;

	vr.scratch = malloc(sizeof(*vr.scratch));
	if (!vr.scratch)
		return mms_nl_fail(nl, -ENOMEM, "out of memory");
	err = mms_nl_run(nl, &req);
	for (i = 0; !err && i < vr.vec.n; i++) {
		mms_vma_from_rec(vr.scratch, mms_vec_at(&vr.vec, i));
		err = cb(vr.scratch, arg);
	}
	mms_vma_req_reset(&vr);
	mms_vec_free(&vr.vec);
	free(vr.scratch);
	return err;
}

/* --- walk: one reply --------------------------------------------------------------- */

struct mms_walk_req {
	uint32_t pid;
	uint64_t addr;
	struct mms_walk *w;
	unsigned int n;		/* replies */
};

static int mms_walk_req_put(struct nl_msg *msg, void *arg)
{
	struct mms_walk_req *wr = arg;

	if (mms_pid_put(msg, MMSCOPE_A_WALK_PID, wr->pid) ||
	    nla_put_u64(msg, MMSCOPE_A_WALK_ADDR, wr->addr) < 0)
		return -EMSGSIZE;
	return 0;
}

static int mms_walk_parse(const struct nlattr *attrs, int len, void *arg,
			  char *why, size_t whylen)
{
	struct mms_walk_req *wr = arg;

	wr->n++;
	return mms_walk_decode(attrs, len, wr->w, why, whylen);
}

int mms_walk(struct mms_nl *nl, uint32_t pid, uint64_t addr, struct mms_walk *w)
{
	struct mms_walk_req wr = { .pid = pid, .addr = addr, .w = w };
	const struct mms_req req = {
		.cmd	= MMSCOPE_CMD_WALK,
		.put	= mms_walk_req_put,
		.parse	= mms_walk_parse,
		.arg	= &wr,
	};
	int err;

	err = mms_nl_run(nl, &req);
	if (!err && wr.n != 1)
		err = mms_nl_fail(nl, -EPROTO, "malformed reply: %u walks where one was asked for",
				  wr.n);
	return err;
}

/* --- ptdump: streamed -------------------------------------------------------------- */

struct mms_ptdump_req {
	uint32_t pid;
	uint64_t start, end;	/* both 0: the whole address space */
	int (*cb)(const struct mms_extent *ext, void *arg);
	void *arg;
};

static int mms_ptdump_req_put(struct nl_msg *msg, void *arg)
{
	struct mms_ptdump_req *pr = arg;

	if (mms_pid_put(msg, MMSCOPE_A_EXTENT_PID, pr->pid))
		return -EMSGSIZE;
	if (!pr->start && !pr->end)
		return 0;
	if (nla_put_u64(msg, MMSCOPE_A_EXTENT_START, pr->start) < 0 ||
	    nla_put_u64(msg, MMSCOPE_A_EXTENT_END, pr->end) < 0)
		return -EMSGSIZE;
	return 0;
}

/* Each extent goes to the caller as its message arrives: nothing is collected. */
static int mms_ptdump_parse(const struct nlattr *attrs, int len, void *arg,
			    char *why, size_t whylen)
{
	struct mms_ptdump_req *pr = arg;
	struct mms_extent ext;
	int err;

	err = mms_extent_decode(attrs, len, &ext, why, whylen);
	return err ?: pr->cb(&ext, pr->arg);
}

int mms_ptdump(struct mms_nl *nl, uint32_t pid, uint64_t start, uint64_t end,
	       int (*cb)(const struct mms_extent *ext, void *arg), void *arg)
{
	struct mms_ptdump_req pr = {
		.pid = pid, .start = start, .end = end, .cb = cb, .arg = arg,
	};
	const struct mms_req req = {
		.cmd	= MMSCOPE_CMD_PTDUMP,
		.dump	= true,
		.put	= mms_ptdump_req_put,
		.parse	= mms_ptdump_parse,
		.arg	= &pr,
		.stream	= true,
	};

	return mms_nl_run(nl, &req);
}
