// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * vma-get, walk and ptdump: a process's memory. Requests, the decoders of their replies
 * into struct mmc_vma, struct mmc_walk and struct mmc_extent, and the spec's names of
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

static const char *const mmc_pt_level_names[] = { "pgd", "p4d", "pud", "pmd", "pte" };

static const char *const mmc_pt_state_names[] = {
	"none", "present", "swap", "migration", "device", "hwpoison", "marker",
};

static const char *const mmc_pt_bit_names[] = {
	"present", "rw", "user", "pwt", "pcd", "accessed", "dirty", "huge", "global", "nx",
	"soft-dirty", "uffd-wp", "protnone", "special", "devmap", "exclusive", "zero-page",
};

static const char *const mmc_vm_flag_names[] = {
	"read", "write", "exec", "shared", "mayread", "maywrite", "mayexec", "mayshare",
	"growsdown", "pfnmap", "locked", "io", "seq-read", "rand-read", "dontcopy",
	"dontexpand", "lockonfault", "account", "noreserve", "hugetlb", "sync", "wipeonfork",
	"dontdump", "softdirty", "mixedmap", "hugepage", "nohugepage", "mergeable",
	"uffd-missing", "uffd-wp", "uffd-minor", "shadow-stack",
};

static const char *const mmc_page_flag_names[] = {
	"anon", "file", "ksm", "lru", "dirty", "swapcache", "hugetlb", "thp", "zero",
	"reserved", "anon-exclusive",
};

#define MMC_NAME_AT(names, i)	((i) < ARRAY_LEN(names) ? (names)[i] : NULL)

const char *mmc_pt_level_name(uint32_t level)
{
	return MMC_NAME_AT(mmc_pt_level_names, level);
}

const char *mmc_pt_state_name(uint32_t state)
{
	return MMC_NAME_AT(mmc_pt_state_names, state);
}

const char *mmc_pt_bit_name(unsigned int bit)
{
	return MMC_NAME_AT(mmc_pt_bit_names, bit);
}

const char *mmc_vm_flag_name(unsigned int bit)
{
	return MMC_NAME_AT(mmc_vm_flag_names, bit);
}

const char *mmc_page_flag_name(unsigned int bit)
{
	return MMC_NAME_AT(mmc_page_flag_names, bit);
}

#define VMA(t, k, m, nm)	MMC_FIELD(MMSCOPE_A_VMA_##t, k, struct mmc_vma, m, nm)
#define LV(t, k, m, nm)		MMC_FIELD(MMSCOPE_A_PT_LEVEL_##t, k, struct mmc_pt_level, m, nm)
#define PG(t, k, m, nm)		MMC_FIELD(MMSCOPE_A_PAGE_##t, k, struct mmc_page, m, nm)
#define WALK(t, k, m, nm)	MMC_FIELD(MMSCOPE_A_WALK_##t, k, struct mmc_walk, m, nm)
#define EXT(t, k, m, nm)	MMC_FIELD(MMSCOPE_A_EXTENT_##t, k, struct mmc_extent, m, nm)

static const struct mmc_attr_field mmc_vma_fields[] = {
	VMA(START,	U64,  start,		"vma.start"),
	VMA(END,	U64,  end,		"vma.end"),
	VMA(FLAGS,	U64,  flags,		"vma.flags"),
	VMA(PGOFF,	U64,  pgoff,		"vma.pgoff"),
	VMA(DEV_MAJOR,	U32,  dev_major,	"vma.dev-major"),
	VMA(DEV_MINOR,	U32,  dev_minor,	"vma.dev-minor"),
	VMA(INODE,	U64,  inode,		"vma.inode"),
	VMA(NAME,	STR,  name,		"vma.name"),
	VMA(RSS_PAGES,	U64,  rss_pages,	"vma.rss-pages"),
	VMA(SWAP_PAGES,	U64,  swap_pages,	"vma.swap-pages"),
	VMA(HUGE_PAGES,	U64,  huge_pages,	"vma.huge-pages"),
	VMA(ANON_PAGES,	U64,  anon_pages,	"vma.anon-pages"),
	VMA(ANON_VMA,	FLAG, anon_vma,		"vma.anon-vma"),
};

static const struct mmc_attr_set mmc_vma_set =
	MMC_ATTR_SET("vma", mmc_vma_fields, struct mmc_vma,
		     MMC_BIT(MMSCOPE_A_VMA_START) | MMC_BIT(MMSCOPE_A_VMA_END) |
		     MMC_BIT(MMSCOPE_A_VMA_FLAGS));

int mmc_vma_decode(const struct nlattr *attrs, int len, struct mmc_vma *v,
		   char *why, size_t whylen)
{
	return mmc_attrs_decode(&mmc_vma_set, attrs, len, v, NULL, why, whylen);
}

/* walk: one level's nest. */
static const struct mmc_attr_field mmc_pt_level_fields[] = {
	LV(LEVEL,	U32,  level,	"walk.level.level"),
	LV(INDEX,	U32,  index,	"walk.level.index"),
	LV(ENTRY,	U64,  entry,	"walk.level.entry"),
	LV(BITS,	U32,  bits,	"walk.level.bits"),
	LV(FOLDED,	FLAG, folded,	"walk.level.folded"),
};

static const struct mmc_attr_set mmc_pt_level_set =
	MMC_ATTR_SET("walk.level", mmc_pt_level_fields, struct mmc_pt_level,
		     MMC_BIT(MMSCOPE_A_PT_LEVEL_LEVEL) | MMC_BIT(MMSCOPE_A_PT_LEVEL_ENTRY));

static int mmc_pt_level_decode(const struct nlattr *nest, void *dst, const char *what,
			       char *why, size_t whylen)
{
	struct mmc_walk *w = dst;

	if (w->nr_levels >= MMC_MAX_LEVELS)
		return mmc_why(why, whylen, "%s: more than %u entries", what, MMC_MAX_LEVELS);
	return mmc_attrs_decode(&mmc_pt_level_set, nla_data(nest), nla_len(nest),
				&w->levels[w->nr_levels++], NULL, why, whylen);
}

/* walk: the page's nest. */
static const struct mmc_attr_field mmc_page_fields[] = {
	PG(REFCOUNT,		U32, refcount,		"walk.page.refcount"),
	PG(MAPCOUNT,		U32, mapcount,		"walk.page.mapcount"),
	PG(FLAGS,		U32, flags,		"walk.page.flags"),
	PG(ORDER,		U32, order,		"walk.page.order"),
	PG(FOLIO_MAPCOUNT,	U32, folio_mapcount,	"walk.page.folio-mapcount"),
};

static const struct mmc_attr_set mmc_page_set =
	MMC_ATTR_SET("walk.page", mmc_page_fields, struct mmc_page,
		     MMC_BIT(MMSCOPE_A_PAGE_REFCOUNT) | MMC_BIT(MMSCOPE_A_PAGE_MAPCOUNT) |
		     MMC_BIT(MMSCOPE_A_PAGE_FLAGS));

static int mmc_page_decode(const struct nlattr *nest, void *dst, const char *what,
			   char *why, size_t whylen)
{
	struct mmc_walk *w = dst;

	(void)what;
	w->has_page = true;
	return mmc_attrs_decode(&mmc_page_set, nla_data(nest), nla_len(nest), &w->page, NULL,
				why, whylen);
}

static const struct mmc_attr_field mmc_walk_fields[] = {
	WALK(PID,		U32,  pid,		"walk.pid"),
	WALK(ADDR,		U64,  addr,		"walk.addr"),
	MMC_FIELD_OTHER(MMSCOPE_A_WALK_LEVEL, mmc_pt_level_decode, "walk.level"),
	WALK(LEAF,		U32,  leaf,		"walk.leaf"),
	WALK(STATE,		U32,  state,		"walk.state"),
	WALK(PFN,		U64,  pfn,		"walk.pfn"),
	WALK(PHYS,		U64,  phys,		"walk.phys"),
	WALK(NODE,		U32,  node,		"walk.node"),
	WALK(ZONE,		STR,  zone,		"walk.zone"),
	WALK(MIGRATETYPE,	STR,  migratetype,	"walk.migratetype"),
	WALK(SWAP_TYPE,		U32,  swap_type,	"walk.swap-type"),
	WALK(SWAP_OFFSET,	U64,  swap_offset,	"walk.swap-offset"),
	MMC_FIELD_OTHER(MMSCOPE_A_WALK_PAGE, mmc_page_decode, "walk.page"),
	WALK(COW,		FLAG, cow,		"walk.cow"),
	WALK(VMA_START,		U64,  vma_start,	"walk.vma-start"),
	WALK(VMA_END,		U64,  vma_end,		"walk.vma-end"),
	WALK(VMA_FLAGS,		U64,  vma_flags,	"walk.vma-flags"),
};

static const struct mmc_attr_set mmc_walk_set =
	MMC_ATTR_SET("walk", mmc_walk_fields, struct mmc_walk,
		     MMC_BIT(MMSCOPE_A_WALK_PID) | MMC_BIT(MMSCOPE_A_WALK_ADDR) |
		     MMC_BIT(MMSCOPE_A_WALK_STATE));

int mmc_walk_decode(const struct nlattr *attrs, int len, struct mmc_walk *w,
		    char *why, size_t whylen)
{
	uint64_t seen;
	int err;

	err = mmc_attrs_decode(&mmc_walk_set, attrs, len, w, &seen, why, whylen);
	if (err)
		return err;
	/* The optional attributes that came. */
	w->has_leaf = seen & MMC_BIT(MMSCOPE_A_WALK_LEAF);
	w->has_pfn = seen & MMC_BIT(MMSCOPE_A_WALK_PFN);
	w->has_node = seen & MMC_BIT(MMSCOPE_A_WALK_NODE);
	w->has_swap = seen & MMC_BIT(MMSCOPE_A_WALK_SWAP_TYPE);
	w->has_swap_offset = seen & MMC_BIT(MMSCOPE_A_WALK_SWAP_OFFSET);
	return 0;
}

static const struct mmc_attr_field mmc_extent_fields[] = {
	EXT(START,	U64, start,	"extent.start"),
	EXT(END,	U64, end,	"extent.end"),
	EXT(STATE,	U32, state,	"extent.state"),
	EXT(LEVEL,	U32, level,	"extent.level"),
	EXT(PFN,	U64, pfn,	"extent.pfn"),
	EXT(PAGES,	U64, pages,	"extent.pages"),
	EXT(BITS,	U32, bits,	"extent.bits"),
};

static const struct mmc_attr_set mmc_extent_set =
	MMC_ATTR_SET("extent", mmc_extent_fields, struct mmc_extent,
		     MMC_BIT(MMSCOPE_A_EXTENT_START) | MMC_BIT(MMSCOPE_A_EXTENT_END) |
		     MMC_BIT(MMSCOPE_A_EXTENT_STATE) | MMC_BIT(MMSCOPE_A_EXTENT_LEVEL) |
		     MMC_BIT(MMSCOPE_A_EXTENT_PAGES));

int mmc_extent_decode(const struct nlattr *attrs, int len, struct mmc_extent *ext,
		      char *why, size_t whylen)
{
	uint64_t seen;
	int err;

	err = mmc_attrs_decode(&mmc_extent_set, attrs, len, ext, &seen, why, whylen);
	ext->has_pfn = !err && (seen & MMC_BIT(MMSCOPE_A_EXTENT_PFN));
	return err;
}

/* --- vma-get: collected, each VMA's name apart from its figures ------------------ */

struct mmc_vma_rec {
	uint64_t start, end, flags, pgoff, inode;
	uint32_t dev_major, dev_minor;
	uint64_t rss_pages, swap_pages, huge_pages, anon_pages;
	bool anon_vma;
	char *name;
};

struct mmc_vma_req {
	uint32_t pid;
	struct mmc_vma *scratch;	/* one decoded reply */
	struct mmc_vec vec;		/* struct mmc_vma_rec */
};

static int mmc_pid_put(struct nl_msg *msg, int type, uint32_t pid)
{
	return nla_put_u32(msg, type, pid) < 0 ? -EMSGSIZE : 0;
}

static int mmc_vma_req_put(struct nl_msg *msg, void *arg)
{
	struct mmc_vma_req *vr = arg;

	return mmc_pid_put(msg, MMSCOPE_A_VMA_PID, vr->pid);
}

static void mmc_vma_req_reset(void *arg)
{
	struct mmc_vma_req *vr = arg;
	size_t i;

	for (i = 0; i < vr->vec.n; i++)
		free(((struct mmc_vma_rec *)mmc_vec_at(&vr->vec, i))->name);
	mmc_vec_clear(&vr->vec);
}

static int mmc_vma_parse(const struct nlattr *attrs, int len, void *arg,
			 char *why, size_t whylen)
{
	struct mmc_vma_req *vr = arg;
	struct mmc_vma *v = vr->scratch;
	struct mmc_vma_rec *r;
	char *name;
	int err;

	err = mmc_vma_decode(attrs, len, v, why, whylen);
	if (err)
		return err;
	name = strdup(v->name);
	r = name ? mmc_vec_push(&vr->vec) : NULL;
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

static void mmc_vma_from_rec(struct mmc_vma *v, const struct mmc_vma_rec *r)
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

int mmc_vmas_dump(struct mmc_nl *nl, uint32_t pid,
		  int (*cb)(const struct mmc_vma *vma, void *arg), void *arg)
{
	struct mmc_vma_req vr = { .pid = pid, .vec.size = sizeof(struct mmc_vma_rec) };
	const struct mmc_req req = {
		.cmd	= MMSCOPE_CMD_VMA_GET,
		.dump	= true,
		.put	= mmc_vma_req_put,
		.parse	= mmc_vma_parse,
		.reset	= mmc_vma_req_reset,
		.arg	= &vr,
	};
	size_t i;
	int err;

	vr.scratch = malloc(sizeof(*vr.scratch));
	if (!vr.scratch)
		return mmc_nl_fail(nl, -ENOMEM, "out of memory");
	err = mmc_nl_run(nl, &req);
	for (i = 0; !err && i < vr.vec.n; i++) {
		mmc_vma_from_rec(vr.scratch, mmc_vec_at(&vr.vec, i));
		err = cb(vr.scratch, arg);
	}
	mmc_vma_req_reset(&vr);
	mmc_vec_free(&vr.vec);
	free(vr.scratch);
	return err;
}

/* --- walk: one reply --------------------------------------------------------------- */

struct mmc_walk_req {
	uint32_t pid;
	uint64_t addr;
	struct mmc_walk *w;
	unsigned int n;		/* replies */
};

static int mmc_walk_req_put(struct nl_msg *msg, void *arg)
{
	struct mmc_walk_req *wr = arg;

	if (mmc_pid_put(msg, MMSCOPE_A_WALK_PID, wr->pid) ||
	    nla_put_u64(msg, MMSCOPE_A_WALK_ADDR, wr->addr) < 0)
		return -EMSGSIZE;
	return 0;
}

static int mmc_walk_parse(const struct nlattr *attrs, int len, void *arg,
			  char *why, size_t whylen)
{
	struct mmc_walk_req *wr = arg;

	wr->n++;
	return mmc_walk_decode(attrs, len, wr->w, why, whylen);
}

int mmc_walk(struct mmc_nl *nl, uint32_t pid, uint64_t addr, struct mmc_walk *w)
{
	struct mmc_walk_req wr = { .pid = pid, .addr = addr, .w = w };
	const struct mmc_req req = {
		.cmd	= MMSCOPE_CMD_WALK,
		.put	= mmc_walk_req_put,
		.parse	= mmc_walk_parse,
		.arg	= &wr,
	};
	int err;

	err = mmc_nl_run(nl, &req);
	if (!err && wr.n != 1)
		err = mmc_nl_fail(nl, -EPROTO, "malformed reply: %u walks where one was asked for",
				  wr.n);
	return err;
}

/* --- ptdump: streamed -------------------------------------------------------------- */

struct mmc_ptdump_req {
	uint32_t pid;
	uint64_t start, end;	/* both 0: the whole address space */
	int (*cb)(const struct mmc_extent *ext, void *arg);
	void *arg;
};

static int mmc_ptdump_req_put(struct nl_msg *msg, void *arg)
{
	struct mmc_ptdump_req *pr = arg;

	if (mmc_pid_put(msg, MMSCOPE_A_EXTENT_PID, pr->pid))
		return -EMSGSIZE;
	if (!pr->start && !pr->end)
		return 0;
	if (nla_put_u64(msg, MMSCOPE_A_EXTENT_START, pr->start) < 0 ||
	    nla_put_u64(msg, MMSCOPE_A_EXTENT_END, pr->end) < 0)
		return -EMSGSIZE;
	return 0;
}

/* Each extent goes to the caller as its message arrives: nothing is collected. */
static int mmc_ptdump_parse(const struct nlattr *attrs, int len, void *arg,
			    char *why, size_t whylen)
{
	struct mmc_ptdump_req *pr = arg;
	struct mmc_extent ext;
	int err;

	err = mmc_extent_decode(attrs, len, &ext, why, whylen);
	return err ?: pr->cb(&ext, pr->arg);
}

int mmc_ptdump(struct mmc_nl *nl, uint32_t pid, uint64_t start, uint64_t end,
	       int (*cb)(const struct mmc_extent *ext, void *arg), void *arg)
{
	struct mmc_ptdump_req pr = {
		.pid = pid, .start = start, .end = end, .cb = cb, .arg = arg,
	};
	const struct mmc_req req = {
		.cmd	= MMSCOPE_CMD_PTDUMP,
		.dump	= true,
		.put	= mmc_ptdump_req_put,
		.parse	= mmc_ptdump_parse,
		.arg	= &pr,
		.stream	= true,
	};

	return mmc_nl_run(nl, &req);
}
