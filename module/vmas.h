/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * The VMA walker: a process's VMAs as /proc/PID/maps shows them, with what their page
 * tables hold counted by the page-table walker.
 */
#ifndef _MMSCOPE_VMAS_H
#define _MMSCOPE_VMAS_H

#include <linux/mm_types.h>
#include <linux/types.h>

struct mms_vma_info {
	unsigned long start;
	unsigned long end;
	u64 flags;		/* MMSCOPE_VM_FLAGS_* */
	u64 pgoff;		/* in bytes, file mappings only */
	u32 dev_major;
	u32 dev_minor;
	u64 ino;
	const char *name;	/* path or [heap]/[stack]/[vdso]/[anon:...], may be "" */
	bool anon_vma;
};

/* Under mmap_lock. buf (of len bytes) holds the name when it has to be built. */
void mms_vma_read(struct vm_area_struct *vma, struct mms_vma_info *vi, char *buf, size_t len);
u64 mms_vm_flags(unsigned long vm_flags);

struct mms_vma_counts {
	bool hugetlb;		/* counting a hugetlb VMA: its pages are huge, not rss */
	unsigned long rss;	/* as smaps Rss: mapped pages, zero page and special excluded */
	unsigned long swap;
	unsigned long huge;	/* mapped by pmd or pud leaves */
	unsigned long anon;
};

/*
 * Count [*addr, end) of one VMA into c, at most *budget page-table entries: a step of a
 * walk that the caller resumes from *addr after dropping and retaking mmap_lock.
 */
void mms_vma_count_step(struct mm_struct *mm, unsigned long *addr, unsigned long end,
			struct mms_vma_counts *c, unsigned int *budget);

#endif /* _MMSCOPE_VMAS_H */

/* A resumable walk over a process's VMAs, each counted before it is reported. */
struct mms_vma_cursor {
	unsigned long next;		/* look for the next VMA from here */
	bool counting;			/* cur_* is being counted */
	unsigned long cur_start;
	unsigned long cur_end;
	unsigned long count_addr;
	unsigned int restarts;
	struct mms_vma_counts counts;
};

/* Report one counted VMA (mmap_lock held). Non-zero: stop; the VMA is reported again. */
typedef int (*mms_vma_fn)(struct vm_area_struct *vma, const struct mms_vma_counts *c,
			  void *arg);

/*
 * One bounded step under mmap_lock (held by the caller): count and report VMAs until the
 * budget is spent. Returns emit's non-zero return, else 0; *done when every VMA was
 * reported.
 */
int mms_vmas_step(struct mm_struct *mm, struct mms_vma_cursor *vc, mms_vma_fn emit,
		  void *arg, bool *done);

/* Page-table entries examined per mmap_lock hold: one page table's worth. */
#define MMS_PT_STEP	512
