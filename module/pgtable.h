/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * The page-table walker: the one place that reads a process's page tables.
 */
#ifndef _MMSCOPE_PGTABLE_H
#define _MMSCOPE_PGTABLE_H

#include <linux/mm_types.h>
#include <linux/types.h>

/* One decoded entry. level, state and bits use the uapi values (MMSCOPE_PT_*). */
struct mms_entry {
	u64 raw;
	unsigned long pfn;	/* present: frame; migration/device: frame; swap: offset */
	u32 bits;
	u32 swap_type;
	u8 level;
	u8 state;
};

/* A run of pages that one entry (or one empty entry of an upper level) describes. */
struct mms_run {
	unsigned long addr;
	unsigned long pages;
	struct mms_entry e;	/* for a huge leaf entered midway, pfn is addr's frame */
};

/*
 * Called for each run, in address order, under RCU (it must not sleep). Non-zero stops
 * the walk before the run: the walk returns run->addr and the run is not consumed.
 */
typedef int (*mms_run_fn)(const struct mms_run *run, void *arg);

/*
 * Walk [addr, end) of mm's page tables with mmap_lock held for read. Examines at most
 * *budget entries (a page table, or that many empty upper-level entries), so that the
 * caller can drop mmap_lock between steps. Returns where the walk stopped; *stopped is
 * fn's non-zero return, if any.
 */
unsigned long mms_pt_walk_range(struct mm_struct *mm, unsigned long addr, unsigned long end,
				unsigned int *budget, mms_run_fn fn, void *arg, int *stopped);

/* One address, level by level. */
struct mms_walk_level {
	u64 raw;
	u32 index;
	u32 bits;
	u8 level;
	bool folded;
};

struct mms_walk {
	unsigned int nr_levels;
	struct mms_walk_level lv[5];
	struct mms_entry e;	/* the leaf, or state none with the level it stopped at */
	bool leaf;		/* e is a leaf entry (present, swap, migration, ...) */
};

void mms_pt_walk_addr(struct mm_struct *mm, unsigned long addr, struct mms_walk *w);

/* The frame behind addr in a present or pfn-carrying leaf run. */
static inline unsigned long mms_run_pfn_at(const struct mms_run *run, unsigned long addr)
{
	return run->e.pfn + ((addr - run->addr) >> PAGE_SHIFT);
}

#endif /* _MMSCOPE_PGTABLE_H */
