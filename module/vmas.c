// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * What /proc/PID/maps and smaps say about a VMA, computed the same way: the name rules of
 * show_map_vma() and the Rss/Swap rules of smaps (pages vm_normal_page() would not return,
 * the zero page and special mappings, are not resident).
 */
#include <linux/dcache.h>
#include <linux/fs.h>
#include <linux/kdev_t.h>
#include <linux/mm.h>
#include <uapi/linux/mmscope.h>

#include "page.h"
#include "pgtable.h"
#include "stats.h"
#include "vmas.h"

static const struct {
	unsigned long vm;
	u64 uapi;
} mms_vm_flag_map[] = {
	{ VM_READ, MMSCOPE_VM_FLAGS_READ },
	{ VM_WRITE, MMSCOPE_VM_FLAGS_WRITE },
	{ VM_EXEC, MMSCOPE_VM_FLAGS_EXEC },
	{ VM_SHARED, MMSCOPE_VM_FLAGS_SHARED },
	{ VM_MAYREAD, MMSCOPE_VM_FLAGS_MAYREAD },
	{ VM_MAYWRITE, MMSCOPE_VM_FLAGS_MAYWRITE },
	{ VM_MAYEXEC, MMSCOPE_VM_FLAGS_MAYEXEC },
	{ VM_MAYSHARE, MMSCOPE_VM_FLAGS_MAYSHARE },
	{ VM_GROWSDOWN, MMSCOPE_VM_FLAGS_GROWSDOWN },
	{ VM_PFNMAP, MMSCOPE_VM_FLAGS_PFNMAP },
	{ VM_LOCKED, MMSCOPE_VM_FLAGS_LOCKED },
	{ VM_IO, MMSCOPE_VM_FLAGS_IO },
	{ VM_SEQ_READ, MMSCOPE_VM_FLAGS_SEQ_READ },
	{ VM_RAND_READ, MMSCOPE_VM_FLAGS_RAND_READ },
	{ VM_DONTCOPY, MMSCOPE_VM_FLAGS_DONTCOPY },
	{ VM_DONTEXPAND, MMSCOPE_VM_FLAGS_DONTEXPAND },
	{ VM_LOCKONFAULT, MMSCOPE_VM_FLAGS_LOCKONFAULT },
	{ VM_ACCOUNT, MMSCOPE_VM_FLAGS_ACCOUNT },
	{ VM_NORESERVE, MMSCOPE_VM_FLAGS_NORESERVE },
	{ VM_HUGETLB, MMSCOPE_VM_FLAGS_HUGETLB },
	{ VM_SYNC, MMSCOPE_VM_FLAGS_SYNC },
	{ VM_WIPEONFORK, MMSCOPE_VM_FLAGS_WIPEONFORK },
	{ VM_DONTDUMP, MMSCOPE_VM_FLAGS_DONTDUMP },
	{ VM_SOFTDIRTY, MMSCOPE_VM_FLAGS_SOFTDIRTY },
	{ VM_MIXEDMAP, MMSCOPE_VM_FLAGS_MIXEDMAP },
	{ VM_HUGEPAGE, MMSCOPE_VM_FLAGS_HUGEPAGE },
	{ VM_NOHUGEPAGE, MMSCOPE_VM_FLAGS_NOHUGEPAGE },
	{ VM_MERGEABLE, MMSCOPE_VM_FLAGS_MERGEABLE },
	{ VM_UFFD_MISSING, MMSCOPE_VM_FLAGS_UFFD_MISSING },
	{ VM_UFFD_WP, MMSCOPE_VM_FLAGS_UFFD_WP },
	{ VM_UFFD_MINOR, MMSCOPE_VM_FLAGS_UFFD_MINOR },
#ifdef VM_SHADOW_STACK
	{ VM_SHADOW_STACK, MMSCOPE_VM_FLAGS_SHADOW_STACK },
#endif
};

u64 mms_vm_flags(unsigned long vm_flags)
{
	u64 f = 0;
	int i;

	/* a flag the kernel is built without is VM_NONE and never matches */
	for (i = 0; i < ARRAY_SIZE(mms_vm_flag_map); i++)
		if (mms_vm_flag_map[i].vm && (vm_flags & mms_vm_flag_map[i].vm))
			f |= mms_vm_flag_map[i].uapi;
	return f;
}

static const char *mms_vma_name(struct vm_area_struct *vma, char *buf, size_t len)
{
	struct mm_struct *mm = vma->vm_mm;
	const char *name;

	if (vma->vm_file) {
		name = d_path(mms_file_user_path(vma->vm_file), buf, len);
		return IS_ERR(name) ? "" : name;
	}
	if (vma->vm_ops && vma->vm_ops->name) {
		name = vma->vm_ops->name(vma);
		if (name)
			return name;
	}
	if (vma->vm_start <= mm->brk && vma->vm_end >= mm->start_brk)
		return "[heap]";
	if (vma->vm_start <= mm->start_stack && vma->vm_end >= mm->start_stack)
		return "[stack]";
#ifdef CONFIG_ANON_VMA_NAME
	/* valid for VMAs without a file only (it shares a union on older kernels) */
	if (vma->anon_name) {
		snprintf(buf, len, "[anon:%s]", vma->anon_name->name);
		return buf;
	}
#endif
	return "";
}

void mms_vma_read(struct vm_area_struct *vma, struct mms_vma_info *vi, char *buf, size_t len)
{
	memset(vi, 0, sizeof(*vi));
	vi->start = vma->vm_start;
	vi->end = vma->vm_end;
	vi->flags = mms_vm_flags(vma->vm_flags);
	vi->anon_vma = !!vma->anon_vma;
	if (vma->vm_file) {
		const struct inode *inode = mms_file_user_inode(vma->vm_file);

		vi->dev_major = MAJOR(inode->i_sb->s_dev);
		vi->dev_minor = MINOR(inode->i_sb->s_dev);
		vi->ino = inode->i_ino;
		vi->pgoff = (u64)vma->vm_pgoff << PAGE_SHIFT;
	}
	vi->name = mms_vma_name(vma, buf, len);
}

static int mms_count_run(const struct mms_run *run, void *arg)
{
	struct mms_vma_counts *c = arg;

	switch (run->e.state) {
	case MMSCOPE_PT_STATE_PRESENT:
		if (run->e.bits & (MMSCOPE_PT_BITS_SPECIAL | MMSCOPE_PT_BITS_ZERO_PAGE))
			break;
		/* smaps keeps hugetlb out of Rss (it has Private_/Shared_Hugetlb) */
		if (c->hugetlb) {
			c->huge += run->pages;
			break;
		}
		c->rss += run->pages;
		if (run->e.level != MMSCOPE_PT_LEVEL_PTE)
			c->huge += run->pages;
		if (mms_page_is_anon(run->e.pfn))
			c->anon += run->pages;
		break;
	case MMSCOPE_PT_STATE_SWAP:
		c->swap += run->pages;
		break;
	case MMSCOPE_PT_STATE_MIGRATION:
	case MMSCOPE_PT_STATE_DEVICE:
		/* smaps counts the page behind a pfn entry as resident */
		c->rss += run->pages;
		break;
	}
	return 0;
}

void mms_vma_count_step(struct mm_struct *mm, unsigned long *addr, unsigned long end,
			struct mms_vma_counts *c, unsigned int *budget)
{
	int stopped;

	*addr = mms_pt_walk_range(mm, *addr, end, budget, mms_count_run, c, &stopped);
}

int mms_vmas_step(struct mm_struct *mm, struct mms_vma_cursor *vc, mms_vma_fn emit,
		  void *arg, bool *done)
{
	unsigned int budget = MMS_PT_STEP;
	struct vm_area_struct *vma;
	int ret;

	*done = false;
	/* a fresh cursor: a walk starts */
	if (!vc->next && !vc->counting)
		mms_stats_walk(MMS_STATS_WALK_VMAS);
	while (budget) {
		vma = find_vma(mm, vc->counting ? vc->cur_start : vc->next);
		if (!vma) {
			*done = true;
			return 0;
		}
		/*
		 * A new VMA, or the one being counted changed while mmap_lock was dropped
		 * between steps: count what is there now, from its start.
		 */
		if (!vc->counting || vma->vm_start != vc->cur_start ||
		    vma->vm_end != vc->cur_end) {
			if (vc->counting)
				vc->restarts++;
			else
				vc->restarts = 0;
			vc->counting = true;
			vc->cur_start = vma->vm_start;
			vc->cur_end = vma->vm_end;
			vc->count_addr = vma->vm_start;
			memset(&vc->counts, 0, sizeof(vc->counts));
			vc->counts.hugetlb = !!(vma->vm_flags & VM_HUGETLB);
			/* one that never holds still is reported with what was counted */
			if (vc->restarts > 8)
				vc->count_addr = vc->cur_end;
		}
		if (vc->count_addr < vc->cur_end) {
			mms_vma_count_step(mm, &vc->count_addr, vc->cur_end, &vc->counts, &budget);
			if (vc->count_addr < vc->cur_end)
				continue;
		}
		ret = emit(vma, &vc->counts, arg);
		if (ret)
			return ret;
		vc->counting = false;
		vc->next = vc->cur_end;
		/* reporting costs too: bound the VMAs per step for tiny ones */
		budget = budget > 8 ? budget - 8 : 0;
	}
	return 0;
}
