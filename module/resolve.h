/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * What the kernel does not export, found once at load time: symbols through kallsyms and
 * struct layouts through the running kernel's BTF. The only place that does either. A
 * feature whose pieces cannot be found is switched off with the reason, and the module
 * loads anyway.
 */
#ifndef _MMSCOPE_RESOLVE_H
#define _MMSCOPE_RESOLVE_H

#include <linux/types.h>

struct list_head;
struct mutex;

enum mms_feature {
	MMS_FEAT_SLAB,		/* the slab caches: slab.c */
	MMS_FEAT_COMMIT,	/* the overcommit settings and swap total: mem.c */
	MMS_NR_FEATURES,
};

/* A bitfield, read as the aligned 32-bit word that holds it. */
struct mms_bitfield {
	u32 offset;		/* of the word */
	u32 shift;
	u32 mask;		/* after the shift */
};

/* Offsets are in bytes from the start of the struct named in the comment. */
struct mms_slab_layout {
	struct list_head *caches;	/* slab_caches */
	struct mutex *mutex;		/* slab_mutex */
	/* struct kmem_cache */
	u32 kc_name;
	u32 kc_object_size;
	u32 kc_size;
	u32 kc_align;
	u32 kc_oo;			/* order << 16 | objects, struct kmem_cache_order_objects */
	u32 kc_flags;
	u32 kc_refcount;
	u32 kc_list;
	u32 kc_node;			/* the struct kmem_cache_node * of node 0 */
	u32 kc_node_stride;		/* to the next node's */
	u32 kc_node_count;		/* entries: MAX_NUMNODES */
	/* struct kmem_cache_node */
	u32 kn_size;
	u32 kn_list_lock;
	u32 kn_nr_partial;
	u32 kn_partial;
	u32 kn_nr_slabs;
	u32 kn_total_objects;
	/* struct slab */
	u32 sl_slab_list;
	struct mms_bitfield sl_inuse;
	struct mms_bitfield sl_objects;
};

extern struct mms_slab_layout mms_slab_layout;

struct hstate;

/*
 * What vm_commit_limit() reads (not exported, nor is si_swapinfo()): the overcommit
 * sysctls, the swap total and the hugetlb pools, read without a lock as the kernel does.
 */
struct mms_commit_syms {
	int *overcommit_memory;			/* sysctl_overcommit_memory */
	int *overcommit_ratio;			/* sysctl_overcommit_ratio */
	unsigned long *overcommit_kbytes;	/* sysctl_overcommit_kbytes */
	long *total_swap_pages;
	struct hstate *hstates;			/* NULL without CONFIG_HUGETLB_PAGE */
	int *hugetlb_max_hstate;
};

extern struct mms_commit_syms mms_commit_syms;

/* Resolve everything; never fails: a feature that cannot be resolved is off. */
void mms_resolve_init(void);
/* Switch a feature off during init (a later self-check failed), with the reason. */
void mms_feature_disable(enum mms_feature f, const char *fmt, ...) __printf(2, 3);
/* Log each feature's state, once, at the end of the module's init. */
void mms_features_report(void);

const char *mms_feature_name(enum mms_feature f);
/*
 * NULL when the feature is on, else a message that says why it is off, starting with the
 * feature ("slab view unavailable: ..."). It lives as long as the module: an extack may
 * point at it.
 */
const char *mms_feature_off(enum mms_feature f);

#endif /* _MMSCOPE_RESOLVE_H */
