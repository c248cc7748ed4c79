/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * Range walks as extents: runs of pages with the same state, leaf level and bits whose
 * frames (or swap offsets) are consecutive, built from the page-table walker's runs.
 */
#ifndef _MMSCOPE_PTDUMP_H
#define _MMSCOPE_PTDUMP_H

#include <linux/mm_types.h>
#include <linux/types.h>

struct mms_extent {
	unsigned long start;
	unsigned long end;
	unsigned long pfn;	/* first frame (present, migration, device) or swap offset */
	unsigned long pages;
	u32 bits;
	u32 swap_type;
	u8 state;
	u8 level;
};

/* Report one extent. Non-zero: stop; the extent is reported again on the next step. */
typedef int (*mms_extent_fn)(const struct mms_extent *ext, void *arg);

struct mms_ptdump {
	unsigned long addr;	/* where the walk goes on */
	unsigned long end;
	bool with_pfn;		/* frames known to the caller: merge only consecutive ones */
	bool have;		/* ext is being built */
	bool done;
	struct mms_extent ext;
};

void mms_ptdump_init(struct mms_ptdump *pd, unsigned long start, unsigned long end,
		     bool with_pfn);
/*
 * One bounded step under mmap_lock (held by the caller), within the VMAs of [addr, end).
 * emit runs under RCU and must not sleep. Returns emit's non-zero return, else 0.
 */
int mms_ptdump_step(struct mm_struct *mm, struct mms_ptdump *pd, mms_extent_fn emit,
		    void *arg);

#endif /* _MMSCOPE_PTDUMP_H */
