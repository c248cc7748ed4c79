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
 * Names: user space's are mmc_ / MMC_ ("mmscope client"): the library's types and
 * functions, and the tool's (whose commands' own helpers are cli_). The module's are
 * mms_ / MMS_ and the wire's (uapi/mmscope.h) MMSCOPE_, so a struct of the same meaning
 * on both sides (struct mms_walk in the module, struct mmc_walk here) is never taken for
 * the other: their layouts differ.
 *
 * Usage:
 *
 *	struct mmc_nl *nl;
 *	int err = mmc_nl_open(&nl);		// -ENOENT: the module is not loaded
 *	if (!err)
 *		err = mmc_zones_dump(nl, -1, my_cb, my_arg);
 *	if (err)
 *		fprintf(stderr, "%s (%s)\n", strerror(-err), mmc_nl_errmsg(nl) ?: "");
 *	mmc_nl_close(nl);
 *
 * Errors: every function returns 0 or a negative errno. After a failed request,
 * mmc_nl_errmsg() says more when there is more to say: the kernel's extended ack message
 * (from NLMSG_ERROR or from the NLMSG_DONE that ends a dump), or the library's description
 * of a reply it could not decode (-EPROTO). Errnos worth telling apart:
 *
 *	-ENOENT		the family "mmscope" is not registered: the module is not loaded
 *			(from mmc_nl_open, or from a request if it was unloaded since)
 *	-EPERM		the caller lacks CAP_NET_ADMIN (no message) or CAP_SYS_ADMIN, or
 *			(process views) the process is not plainly the caller's own
 *	-ENODEV		no such node online / zone not populated (kernel message says which)
 *	-ESRCH		no such process, or it is exiting or exited (the message says which)
 *	-ENXIO		the address is outside every VMA of the process
 *	-EINVAL		a bad request: a kernel thread, an address above the user address
 *			space, an empty range or START above END (the message says which)
 *	-EOPNOTSUPP	the module could not resolve what a view needs (the message says what)
 *	-EPROTO		a reply did not decode: wrong attribute size, too many entries, a
 *			required attribute missing (mmc_nl_errmsg() says which)
 *	-EAGAIN		a dump was interrupted by concurrent changes (NLM_F_DUMP_INTR) on
 *			every one of MMC_DUMP_RETRIES attempts (a streamed dump: at once)
 *
 * Dumps are delivered only once complete: the library collects every reply, retries the
 * whole dump when the kernel flags it inconsistent, and only then calls the callback once
 * per item, in the kernel's order. The exception is mmc_ptdump(), which is streamed: its
 * callback runs as each reply arrives, so a failure can come after some calls, and an
 * interrupted dump is not retried. A callback returns 0 to go on; any other value stops
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

#define MMC_MAX_ORDERS		16	/* buddy orders (as the module's MMS_MAX_ORDERS) */
#define MMC_MAX_ZONES		16	/* lowmem_reserve entries: one per zone index */
#define MMC_MAX_TYPES		16	/* migrate types */
#define MMC_NAME_LEN		32	/* zone and migrate type names, NUL included */
#define MMC_DUMP_RETRIES	5	/* attempts of a dump flagged NLM_F_DUMP_INTR */

/* One populated zone (zone-get). Counts are in pages unless said otherwise. */
struct mmc_zone {
	uint32_t node;
	uint32_t idx;				/* zone index in the node (ZONE_DMA is 0) */
	char name[MMC_NAME_LEN];		/* "DMA", "DMA32", "Normal", "Movable", ... */
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
	uint64_t lowmem_reserve[MMC_MAX_ZONES];	/* per zone index ("protection") */
	unsigned int nr_orders;
	uint64_t free_area[MMC_MAX_ORDERS];	/* free blocks per order */
	uint32_t pageblock_order;
};

/* Free blocks of one migrate type, per order. */
struct mmc_pagetype {
	uint32_t idx;				/* the kernel's migrate type number */
	char name[MMC_NAME_LEN];		/* "Unmovable", "Movable", ... */
	unsigned int nr_orders;
	uint64_t free_blocks[MMC_MAX_ORDERS];
	uint32_t capped_orders;			/* bit N: free_blocks[N] is a lower bound */
};

/* One populated zone's free lists per migrate type (pagetype-get). */
struct mmc_zone_types {
	uint32_t node;
	uint32_t idx;
	char name[MMC_NAME_LEN];
	uint32_t pageblock_order;
	unsigned int nr_types;
	struct mmc_pagetype types[MMC_MAX_TYPES];	/* in the kernel's order */
};

#define MMC_SLAB_NAME_LEN	128	/* slab cache names, NUL included (longer ones cut) */
#define MMC_MAX_NODES		64	/* per-node entries kept per cache (totals have all) */

/* One node's part of a slab cache. */
struct mmc_slab_node {
	uint32_t node;
	uint64_t num_slabs;
	uint64_t num_objs;			/* objects in those slabs, free or not */
	uint64_t partial_slabs;
	uint64_t partial_free;			/* free objects on the partial slabs */
	uint64_t active_objs;			/* num_objs - partial_free */
	bool approx;				/* partial_free estimated (> 10000 slabs) */
};

/* One slab cache (slab-get), counted as /proc/slabinfo counts it. */
struct mmc_slab {
	char name[MMC_SLAB_NAME_LEN];
	uint32_t object_size;			/* bytes asked for */
	uint32_t size;				/* stride: "objsize" in /proc/slabinfo */
	uint32_t align;
	uint32_t objs_per_slab;
	uint32_t order;
	uint32_t pages_per_slab;		/* 1 << order */
	uint64_t active_objs;			/* not free on a partial slab */
	uint64_t num_objs;
	uint64_t num_slabs;
	uint64_t partial_slabs;
	uint32_t flags;				/* MMSCOPE_SLAB_FLAGS_* */
	uint32_t kernel_flags;			/* the running kernel's SLAB_* bits */
	int32_t refcount;			/* > 1: other caches merged into it */
	bool approx;				/* some node's partial_free is estimated */
	bool nodes_truncated;			/* more than MMC_MAX_NODES nodes */
	unsigned int nr_nodes;
	struct mmc_slab_node nodes[MMC_MAX_NODES];
};

/*
 * A process's memory (vma-get, walk, ptdump). Root (CAP_SYS_ADMIN) may look at any
 * process; another user only at processes plainly its own, and without frames: pfn, phys,
 * node, zone, migratetype, page and swap offsets are then absent (has_* false), and the
 * raw entries are 0 (bits still says what they held).
 */
#define MMC_VMA_NAME_LEN	4096	/* VMA names (paths), NUL included (longer ones cut) */
#define MMC_MAX_LEVELS		5	/* pgd, p4d, pud, pmd, pte */

/* One VMA, as /proc/PID/maps shows it, with what its page tables hold (as smaps counts). */
struct mmc_vma {
	uint64_t start, end;
	uint64_t flags;				/* MMSCOPE_VM_FLAGS_* */
	uint64_t pgoff;				/* bytes */
	uint32_t dev_major, dev_minor;
	uint64_t inode;
	char name[MMC_VMA_NAME_LEN];		/* path, [heap], [stack], [vdso], [anon:x], or "" */
	uint64_t rss_pages, swap_pages, huge_pages, anon_pages;
	bool anon_vma;				/* anonymous pages can exist in it */
};

/* One level of a walk. */
struct mmc_pt_level {
	uint32_t level;				/* MMSCOPE_PT_LEVEL_* */
	uint32_t index;				/* of the entry in its table */
	uint64_t entry;				/* raw (0 without frames) */
	uint32_t bits;				/* MMSCOPE_PT_BITS_* */
	bool folded;				/* folded into the level above (p4d) */
};

/* The page (and folio) behind a present entry. */
struct mmc_page {
	uint32_t refcount;
	uint32_t mapcount;			/* as /proc/kpagecount counts it */
	uint32_t flags;				/* MMSCOPE_PAGE_FLAGS_* */
	uint32_t order;				/* the folio's (0: a small page) */
	uint32_t folio_mapcount;
};

/* The walk of one address. */
struct mmc_walk {
	uint32_t pid;
	uint64_t addr;
	unsigned int nr_levels;
	struct mmc_pt_level levels[MMC_MAX_LEVELS];	/* from pgd down to where it stopped */
	bool has_leaf;
	uint32_t leaf;				/* MMSCOPE_PT_LEVEL_*: the leaf entry's level */
	uint32_t state;				/* MMSCOPE_PT_STATE_* */
	bool has_pfn;
	uint64_t pfn, phys;			/* of the page holding addr, and of addr */
	bool has_node;
	uint32_t node;
	char zone[MMC_NAME_LEN];		/* "" unless has_node */
	char migratetype[MMC_NAME_LEN];		/* of the pageblock; "" unless has_node */
	bool has_swap;				/* a non-present leaf: swap, migration, ... */
	uint32_t swap_type;
	bool has_swap_offset;
	uint64_t swap_offset;			/* or the frame of a migration/device entry */
	bool has_page;
	struct mmc_page page;
	bool cow;				/* a write will copy the page */
	uint64_t vma_start, vma_end, vma_flags;	/* the VMA holding addr; MMSCOPE_VM_FLAGS_* */
};

/* A run of pages with the same state, leaf level and bits, frames consecutive. */
struct mmc_extent {
	uint64_t start, end, pages;		/* [start, end) */
	uint32_t state, level, bits;		/* MMSCOPE_PT_STATE_*, _LEVEL_*, _BITS_* */
	bool has_pfn;
	uint64_t pfn;				/* first frame, or first swap offset */
};

/* The handle: one generic netlink socket bound to the resolved family. */
struct mmc_nl;

/*
 * Open a generic netlink socket (extended acks on, 32 KiB receive buffer) and resolve the
 * family "mmscope". On success *nlp is the handle; on failure *nlp is NULL and the return
 * value is -ENOENT when the family does not exist (module not loaded), another -errno else.
 */
int mmc_nl_open(struct mmc_nl **nlp);
void mmc_nl_close(struct mmc_nl *nl);

/* The last failed request's message (kernel extack or decode failure), or NULL. */
const char *mmc_nl_errmsg(const struct mmc_nl *nl);
/* The last request's result: 0 or -errno, as it returned. */
int mmc_nl_error(const struct mmc_nl *nl);

/* For tests that craft their own requests: the socket and the resolved family id. */
struct nl_sock *mmc_nl_sock(struct mmc_nl *nl);
int mmc_nl_family(const struct mmc_nl *nl);

/*
 * zone-get. The dump lists every populated zone, or only node's when node >= 0 (-ENODEV
 * when the node is not online); the get fills *zone with one zone.
 */
int mmc_zones_dump(struct mmc_nl *nl, int node,
		   int (*cb)(const struct mmc_zone *zone, void *arg), void *arg);
int mmc_zone_get(struct mmc_nl *nl, uint32_t node, uint32_t idx, struct mmc_zone *zone);

/* pagetype-get: free blocks per migrate type and order, exact unless capped. */
int mmc_pagetypes_dump(struct mmc_nl *nl, int node,
		       int (*cb)(const struct mmc_zone_types *zt, void *arg), void *arg);
int mmc_pagetype_get(struct mmc_nl *nl, uint32_t node, uint32_t idx,
		     struct mmc_zone_types *zt);

/*
 * slab-get. The dump lists every cache in the kernel's list order; the get fills *slab with
 * the first cache called name (-ENOENT when there is none). Both fail with -EOPNOTSUPP, and
 * a message naming what is missing, when the module could not resolve the slab structures.
 */
int mmc_slabs_dump(struct mmc_nl *nl, int (*cb)(const struct mmc_slab *slab, void *arg),
		   void *arg);
int mmc_slab_get(struct mmc_nl *nl, const char *name, struct mmc_slab *slab);
/* The kernel's name of one MMSCOPE_SLAB_FLAGS_* bit, without SLAB_ ("HWCACHE_ALIGN"). */
const char *mmc_slab_flag_name(uint32_t flag);

/* vma-get: the VMAs of process pid (in the caller's PID namespace), in address order. */
int mmc_vmas_dump(struct mmc_nl *nl, uint32_t pid,
		  int (*cb)(const struct mmc_vma *vma, void *arg), void *arg);
/* walk: fills *w with the walk of addr in process pid (-ENXIO: addr is in no VMA). */
int mmc_walk(struct mmc_nl *nl, uint32_t pid, uint64_t addr, struct mmc_walk *w);
/*
 * ptdump: the extents of [start, end) of process pid, or of the whole user address space
 * when start == end == 0. Streamed: cb runs as each reply arrives, never on a collected
 * dump (a walk of 16 GiB is not held in memory); -EAGAIN at once on an interrupted dump.
 */
int mmc_ptdump(struct mmc_nl *nl, uint32_t pid, uint64_t start, uint64_t end,
	       int (*cb)(const struct mmc_extent *ext, void *arg), void *arg);

#define MMC_STATS_MAX_HIST	64	/* hold-time histogram buckets kept */

/* The walkers' cost counters (stats-get), since the module was loaded or last reset. */
struct mmc_stats {
	uint64_t since_ns;
	uint64_t walks_ptdump;			/* range walks started */
	uint64_t walks_vmas;			/* VMA walks started */
	uint64_t walks_addr;			/* single-address walks */
	uint64_t lock_holds;			/* mmap_lock holds of walks */
	uint64_t lock_hold_total_ns;
	uint64_t lock_hold_max_ns;
	uint64_t bytes_netlink;			/* vma-get and ptdump dump bytes sent */
	uint64_t bytes_debugfs;			/* vmas and ptdump text bytes read */
	uint64_t irqoff_max_ns;			/* longest interrupts-off stretch */
	unsigned int nr_hist;
	uint64_t hist[MMC_STATS_MAX_HIST];	/* holds of [2^i, 2^(i+1)) ns */
};

/* stats-get (CAP_SYS_ADMIN): the counters; reset: reset them after reading. */
int mmc_stats_get(struct mmc_nl *nl, bool reset, struct mmc_stats *s);

/*
 * The system's memory, or one node's (mem-get): the figures of /proc/meminfo (a node's
 * meminfo) and the event counters of /proc/vmstat, in kB unless said otherwise. A figure
 * the kernel does not report is absent, not 0: mmc_mem_has() says which are there (an
 * absent one reads 0 here). A node's reply has the node-level figures only (no buffers,
 * cached, swap, commit, hugetlb, overcommit or event counters).
 */
struct mmc_mem {
	uint32_t node;				/* a node's figures: has(MMSCOPE_A_MEM_NODE) */
	uint64_t total, free, available;	/* MemTotal, MemFree, MemAvailable */
	uint64_t reserve;			/* totalreserve_pages */
	uint64_t wmark_low;			/* the zones' low watermarks, summed */
	uint64_t buffers, cached, swap_cached, file_pages, shmem;
	uint64_t active_anon, inactive_anon, active_file, inactive_file, unevictable;
	uint64_t mlocked, dirty, writeback, anon, mapped;
	uint64_t slab_reclaimable, slab_unreclaimable, kernel_misc_reclaimable;
	uint64_t kernel_stack, page_tables;
	uint64_t swap_total, swap_free;
	uint64_t committed, commit_limit;	/* Committed_AS, CommitLimit */
	uint64_t hugetlb;			/* the hugetlb pools */
	uint32_t overcommit_policy;		/* MMSCOPE_OVERCOMMIT_* */
	uint32_t overcommit_ratio;		/* percent */
	uint64_t overcommit_kbytes;
	/* Event counters since boot: pages, but pgpgin and pgpgout are kB. */
	uint64_t pgpgin, pgpgout, pswpin, pswpout, pgfault, pgmajfault, pgfree;
	uint64_t pgscan_kswapd, pgscan_direct, pgscan_khugepaged;
	uint64_t pgsteal_kswapd, pgsteal_direct, pgsteal_khugepaged;
	uint64_t pgsteal_anon, pgsteal_file;	/* by LRU, any reclaimer */
	uint64_t pgscan_direct_throttle, oom_kill;
	uint64_t seen;				/* bit MMSCOPE_A_MEM_*: the attribute came */
};

/*
 * mem-get. mmc_mem_get: the whole system's figures (node < 0) or node's (-ENODEV when it
 * is not online). mmc_mem_nodes: one entry per node with memory, in the kernel's order,
 * in *nodes (malloc'ed, the caller frees it; NULL when *n is 0).
 */
int mmc_mem_get(struct mmc_nl *nl, int node, struct mmc_mem *m);
int mmc_mem_nodes(struct mmc_nl *nl, struct mmc_mem **nodes, size_t *n);
/* Whether the reply carried attribute attr (MMSCOPE_A_MEM_*). */
bool mmc_mem_has(const struct mmc_mem *m, int attr);
/*
 * Attribute attr's value, widened to 64 bits, when the reply carried it (else false, *v
 * 0); false too for an attribute that is no figure (node, pad, unknown).
 */
bool mmc_mem_value(const struct mmc_mem *m, int attr, uint64_t *v);
/* The spec's name of attribute attr ("slab-reclaimable"), or NULL. */
const char *mmc_mem_attr_name(int attr);
/* The spec's name of an MMSCOPE_OVERCOMMIT_* value ("guess"), or NULL. */
const char *mmc_overcommit_name(uint32_t policy);

/*
 * The spec's names ("pte", "present", "soft-dirty", "growsdown", "anon-exclusive"), or
 * NULL when unknown. The flag sets take a bit number: 1 << bit is the flag's mask.
 */
const char *mmc_pt_level_name(uint32_t level);
const char *mmc_pt_state_name(uint32_t state);
const char *mmc_pt_bit_name(unsigned int bit);
const char *mmc_vm_flag_name(unsigned int bit);
const char *mmc_page_flag_name(unsigned int bit);

/*
 * The decoders behind the functions above, for tests that feed them crafted attributes:
 * attrs/len are the attributes after the genetlink header. Return 0 or -EPROTO, with a
 * description in why (NUL-terminated, truncated to whylen) on failure.
 */
int mmc_zone_decode(const struct nlattr *attrs, int len, struct mmc_zone *zone,
		    char *why, size_t whylen);
int mmc_zone_types_decode(const struct nlattr *attrs, int len, struct mmc_zone_types *zt,
			  char *why, size_t whylen);
int mmc_slab_decode(const struct nlattr *attrs, int len, struct mmc_slab *slab,
		    char *why, size_t whylen);
int mmc_vma_decode(const struct nlattr *attrs, int len, struct mmc_vma *vma,
		   char *why, size_t whylen);
int mmc_walk_decode(const struct nlattr *attrs, int len, struct mmc_walk *w,
		    char *why, size_t whylen);
int mmc_extent_decode(const struct nlattr *attrs, int len, struct mmc_extent *ext,
		      char *why, size_t whylen);
int mmc_stats_decode(const struct nlattr *attrs, int len, struct mmc_stats *s,
		     char *why, size_t whylen);
/* mem-get: total, free and available are required (node too in a node's reply). */
int mmc_mem_decode(const struct nlattr *attrs, int len, struct mmc_mem *m,
		   char *why, size_t whylen);

#endif /* MMSCOPE_LIB_H */
