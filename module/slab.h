/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * The slab cache walker: the one place that reads struct kmem_cache, kmem_cache_node and
 * struct slab (through the layouts resolve.c found) and the cache list.
 */
#ifndef _MMSCOPE_SLAB_H
#define _MMSCOPE_SLAB_H

#include <linux/types.h>

/* Longer names are cut (the kernel's are well under this). */
#define MMS_SLAB_NAME_LEN	128

/* Partial slabs counted in one list_lock hold, as get_slabinfo() does since 6.10. */
#define MMS_PARTIAL_SCAN	10000

struct mms_slab_node {
	int nid;
	unsigned long nr_slabs;
	unsigned long total_objs;
	unsigned long nr_partial;
	unsigned long partial_free;	/* free objects on the partial slabs */
	bool approx;			/* partial_free estimated: a list over MMS_PARTIAL_SCAN */
};

/* One cache, as /proc/slabinfo and /sys/kernel/slab/NAME/ count it. */
struct mms_slab_info {
	char name[MMS_SLAB_NAME_LEN];
	unsigned int object_size;
	unsigned int size;		/* the object stride: objsize in /proc/slabinfo */
	unsigned int align;
	unsigned int objs_per_slab;
	unsigned int order;		/* pages per slab: 1 << order */
	u32 kflags;			/* slab_flags_t, the running kernel's bits */
	int refcount;			/* > 1: other caches were merged into this one */
	unsigned long num_objs;
	unsigned long num_slabs;
	unsigned long partial_slabs;
	unsigned long active_objs;	/* num_objs minus the free objects on partial slabs */
	bool approx;			/* some node's partial_free is an estimate */
	unsigned int nr_nodes;		/* nodes with a kmem_cache_node */
	struct mms_slab_node nodes[];	/* nr_node_ids entries allocated */
};

/*
 * Where a walk resumes: the cache expected at index. The cache is only compared with list
 * entries, never dereferenced, so it may be gone by the next walk.
 */
struct mms_slab_pos {
	unsigned long index;
	unsigned long cache;	/* 0: start at index 0 */
	bool done;		/* the end of the list was reached */
	bool changed;		/* the list changed between two holds of the mutex */
};

/* Returned by mms_slab_walk() when it stopped after max caches. */
#define MMS_SLAB_MORE	1

typedef int (*mms_slab_fn)(const struct mms_slab_info *si, void *arg);

/* Check the resolved layout against the live caches; switches the slab view off if not. */
void mms_slab_init(void);
/* NULL when the slab view works, else why not (see mms_feature_off()). */
const char *mms_slab_off(void);

struct mms_slab_info *mms_slab_info_alloc(void);
void mms_slab_info_free(struct mms_slab_info *si);

/*
 * Read up to max caches from pos on, under slab_mutex, calling fn for each. fn returns 0
 * to go on; anything else stops the walk with pos at that cache (it is read again by the
 * next walk) and is returned. 0 at the end of the list, MMS_SLAB_MORE after max caches,
 * -EINTR when interrupted waiting for the mutex, -EOPNOTSUPP when the view is off.
 */
int mms_slab_walk(struct mms_slab_pos *pos, unsigned int max, struct mms_slab_info *si,
		  mms_slab_fn fn, void *arg);
/* The first cache called name: 0, or -ENOENT. */
int mms_slab_get(const char *name, struct mms_slab_info *si);

#endif /* _MMSCOPE_SLAB_H */
