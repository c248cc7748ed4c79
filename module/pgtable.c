// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * Page tables are read the way the kernel's lockless walkers read them: the caller holds
 * mmap_lock for read, which keeps the upper levels (freed only under the write lock); a
 * PTE table is entered under rcu_read_lock() from a snapshot of its pmd, re-checked, as
 * __pte_offset_map() does, because PTE tables can be freed under the read lock (by
 * khugepaged, or empty-table reclaim) but only after an RCU grace period. Entries are read
 * once (READ_ONCE: an x86-64 entry is one word) and decoded from that snapshot; nothing is
 * written. A shared hugetlb mapping is walked under its file's i_mmap_rwsem as well (see
 * mms_hugetlb_share_lock()).
 */
#include <linux/fs.h>
#include <linux/hugetlb.h>
#include <linux/mm.h>
#include <linux/pgtable.h>
#include <linux/rcupdate.h>
#include <linux/swap.h>
#include <linux/swapops.h>
#include <uapi/linux/mmscope.h>

#include "pgtable.h"
#include "stats.h"

#ifndef CONFIG_X86_64
#error "mmscope decodes x86-64 page-table entries"
#endif

/* Hardware and software bits of an entry that maps something. */
static u32 mms_present_bits(u64 v, bool pse_is_huge)
{
	u32 b = 0;

	if (v & _PAGE_PRESENT)
		b |= MMSCOPE_PT_BITS_PRESENT;
	else if (v & _PAGE_PROTNONE)
		b |= MMSCOPE_PT_BITS_PROTNONE;
	if (v & _PAGE_RW)
		b |= MMSCOPE_PT_BITS_RW;
	if (v & _PAGE_USER)
		b |= MMSCOPE_PT_BITS_USER;
	if (v & _PAGE_PWT)
		b |= MMSCOPE_PT_BITS_PWT;
	if (v & _PAGE_PCD)
		b |= MMSCOPE_PT_BITS_PCD;
	if (v & _PAGE_ACCESSED)
		b |= MMSCOPE_PT_BITS_ACCESSED;
	if (v & _PAGE_DIRTY)
		b |= MMSCOPE_PT_BITS_DIRTY;
	/* bit 7 is PSE above the PTE level, PAT in a PTE */
	if (pse_is_huge && (v & _PAGE_PSE))
		b |= MMSCOPE_PT_BITS_HUGE;
	/* the global bit doubles as PROTNONE when the entry is not present */
	if ((v & _PAGE_PRESENT) && (v & _PAGE_GLOBAL))
		b |= MMSCOPE_PT_BITS_GLOBAL;
	if (v & _PAGE_NX)
		b |= MMSCOPE_PT_BITS_NX;
	if (_PAGE_SOFT_DIRTY && (v & _PAGE_SOFT_DIRTY))
		b |= MMSCOPE_PT_BITS_SOFT_DIRTY;
	if (_PAGE_UFFD_WP && (v & _PAGE_UFFD_WP))
		b |= MMSCOPE_PT_BITS_UFFD_WP;
	if (!pse_is_huge && (v & _PAGE_SPECIAL))
		b |= MMSCOPE_PT_BITS_SPECIAL;
#ifdef _PAGE_DEVMAP
	if (_PAGE_DEVMAP && (v & _PAGE_DEVMAP))
		b |= MMSCOPE_PT_BITS_DEVMAP;
#endif
	return b;
}

/* A non-present, non-empty entry: swap, migration, device, hwpoison or a marker. */
static void mms_decode_swap(u64 v, swp_entry_t arch, struct mms_entry *e)
{
	unsigned int type = __swp_type(arch);
	unsigned long offset = __swp_offset(arch);

	e->swap_type = type;
	e->pfn = offset;
	if (_PAGE_SWP_SOFT_DIRTY && (v & _PAGE_SWP_SOFT_DIRTY))
		e->bits |= MMSCOPE_PT_BITS_SOFT_DIRTY;
#ifdef _PAGE_SWP_UFFD_WP
	if (_PAGE_SWP_UFFD_WP && (v & _PAGE_SWP_UFFD_WP))
		e->bits |= MMSCOPE_PT_BITS_UFFD_WP;
#endif
#ifdef _PAGE_SWP_EXCLUSIVE
	if (v & _PAGE_SWP_EXCLUSIVE)
		e->bits |= MMSCOPE_PT_BITS_EXCLUSIVE;
#endif
	if (type < MAX_SWAPFILES) {
		e->state = MMSCOPE_PT_STATE_SWAP;
		return;
	}
#ifdef SWP_PFN_BITS
	/* pfn entries keep young/dirty bits above the frame */
	e->pfn = offset & ((1UL << SWP_PFN_BITS) - 1);
#endif
#ifdef SWP_HWPOISON
	if (type == SWP_HWPOISON) {
		e->state = MMSCOPE_PT_STATE_HWPOISON;
		return;
	}
#endif
#ifdef SWP_MIGRATION_READ
	if (type >= SWP_MIGRATION_READ && type < SWP_MIGRATION_READ + SWP_MIGRATION_NUM) {
		e->state = MMSCOPE_PT_STATE_MIGRATION;
		return;
	}
#endif
#ifdef SWP_PTE_MARKER
	if (type == SWP_PTE_MARKER) {
		e->state = MMSCOPE_PT_STATE_MARKER;
		e->pfn = offset;
		return;
	}
#endif
	/* the remaining non-swap types are device-private/exclusive entries */
	e->state = MMSCOPE_PT_STATE_DEVICE;
}

static void mms_decode_pte(pte_t pte, struct mms_entry *e)
{
	u64 v = pte_val(pte);

	memset(e, 0, sizeof(*e));
	e->raw = v;
	e->level = MMSCOPE_PT_LEVEL_PTE;
	if (pte_none(pte)) {
		e->state = MMSCOPE_PT_STATE_NONE;
	} else if (pte_present(pte)) {
		e->state = MMSCOPE_PT_STATE_PRESENT;
		e->bits = mms_present_bits(v, false);
		e->pfn = pte_pfn(pte);
		if (is_zero_pfn(e->pfn))
			e->bits |= MMSCOPE_PT_BITS_ZERO_PAGE;
	} else {
		mms_decode_swap(v, __pte_to_swp_entry(pte), e);
	}
}

static void mms_decode_pmd(pmd_t pmd, struct mms_entry *e)
{
	u64 v = pmd_val(pmd);

	memset(e, 0, sizeof(*e));
	e->raw = v;
	e->level = MMSCOPE_PT_LEVEL_PMD;
	if (pmd_none(pmd)) {
		e->state = MMSCOPE_PT_STATE_NONE;
	} else if (v & (_PAGE_PRESENT | _PAGE_PROTNONE | _PAGE_PSE)) {
		e->state = MMSCOPE_PT_STATE_PRESENT;
		e->bits = mms_present_bits(v, true);
		e->pfn = pmd_pfn(pmd);
	} else {
		mms_decode_swap(v, __pmd_to_swp_entry(pmd), e);
	}
}

static void mms_decode_pud(pud_t pud, struct mms_entry *e)
{
	u64 v = pud_val(pud);

	memset(e, 0, sizeof(*e));
	e->raw = v;
	e->level = MMSCOPE_PT_LEVEL_PUD;
	if (pud_none(pud)) {
		e->state = MMSCOPE_PT_STATE_NONE;
	} else if (v & (_PAGE_PRESENT | _PAGE_PROTNONE)) {
		e->state = MMSCOPE_PT_STATE_PRESENT;
		e->bits = mms_present_bits(v, true);
		e->pfn = pud_pfn(pud);
	} else {
		/* a hugetlb migration or hwpoison entry at the pud level */
		mms_decode_swap(v, __pte_to_swp_entry(__pte(v)), e);
	}
}

/* A table entry above the PTE level: present and not a huge leaf. */
static inline bool mms_is_table(u64 v)
{
	return (v & _PAGE_PRESENT) && !(v & _PAGE_PSE);
}

struct mms_pt_ctx {
	mms_run_fn fn;
	void *arg;
	unsigned int *budget;
	int stopped;
};

static inline bool mms_emit(struct mms_pt_ctx *c, unsigned long addr, unsigned long end,
			    const struct mms_entry *e, unsigned long leaf_start)
{
	struct mms_run run = {
		.addr = addr,
		.pages = (end - addr) >> PAGE_SHIFT,
		.e = *e,
	};

	/* a huge leaf entered midway: its frame at addr */
	if (e->state == MMSCOPE_PT_STATE_PRESENT || e->state == MMSCOPE_PT_STATE_MIGRATION)
		run.e.pfn += (addr - leaf_start) >> PAGE_SHIFT;
	c->stopped = c->fn(&run, c->arg);
	return c->stopped;
}

/* An empty entry at a given level. */
static inline bool mms_emit_none(struct mms_pt_ctx *c, unsigned long addr, unsigned long end,
				 u8 level, u64 raw)
{
	struct mms_entry e = { .raw = raw, .level = level, .state = MMSCOPE_PT_STATE_NONE };

	return mms_emit(c, addr, end, &e, addr);
}

static unsigned long mms_walk_pte(struct mms_pt_ctx *c, pmd_t *pmdp, unsigned long addr,
				  unsigned long end)
{
	struct mms_entry e;
	pmd_t pmdval;
	pte_t *ptep;

	rcu_read_lock();
	/* the table may have gone since the caller looked: decide again on this snapshot */
	pmdval = READ_ONCE(*pmdp);
	if (!mms_is_table(pmd_val(pmdval))) {
		rcu_read_unlock();
		return addr;
	}
	ptep = pte_offset_kernel(&pmdval, addr);
	for (; addr < end; addr += PAGE_SIZE, ptep++) {
		mms_decode_pte(ptep_get(ptep), &e);
		if (mms_emit(c, addr, addr + PAGE_SIZE, &e, addr))
			break;
	}
	rcu_read_unlock();
	return addr;
}

static unsigned long mms_walk_pmd(struct mms_pt_ctx *c, pud_t pudval, unsigned long addr,
				  unsigned long end)
{
	unsigned long next;
	struct mms_entry e;

	do {
		pmd_t *pmdp = pmd_offset(&pudval, addr);
		pmd_t pmdval;

		next = pmd_addr_end(addr, end);
		if (!*c->budget)
			return addr;
		(*c->budget)--;
		pmdval = READ_ONCE(*pmdp);
		if (mms_is_table(pmd_val(pmdval))) {
			unsigned long stop = mms_walk_pte(c, pmdp, addr, next);

			if (c->stopped)
				return stop;
			/* the table vanished under us: look at the entry again */
			if (stop != next) {
				next = addr;
				continue;
			}
			if (*c->budget >= PTRS_PER_PTE)
				*c->budget -= PTRS_PER_PTE;
			else
				*c->budget = 0;
			continue;
		}
		mms_decode_pmd(pmdval, &e);
		if (e.state == MMSCOPE_PT_STATE_NONE) {
			if (mms_emit_none(c, addr, next, MMSCOPE_PT_LEVEL_PMD, e.raw))
				return addr;
		} else if (mms_emit(c, addr, next, &e, addr & PMD_MASK)) {
			return addr;
		}
	} while (addr = next, addr != end);
	return addr;
}

static unsigned long mms_walk_pud(struct mms_pt_ctx *c, p4d_t p4dval, unsigned long addr,
				  unsigned long end)
{
	unsigned long next;
	struct mms_entry e;

	do {
		pud_t pudval = READ_ONCE(*pud_offset(&p4dval, addr));

		next = pud_addr_end(addr, end);
		if (!*c->budget)
			return addr;
		(*c->budget)--;
		if (mms_is_table(pud_val(pudval))) {
			unsigned long stop = mms_walk_pmd(c, pudval, addr, next);

			if (stop != next)
				return stop;
			continue;
		}
		mms_decode_pud(pudval, &e);
		if (e.state == MMSCOPE_PT_STATE_NONE) {
			if (mms_emit_none(c, addr, next, MMSCOPE_PT_LEVEL_PUD, e.raw))
				return addr;
		} else if (mms_emit(c, addr, next, &e, addr & PUD_MASK)) {
			return addr;
		}
	} while (addr = next, addr != end);
	return addr;
}

static unsigned long mms_walk_p4d(struct mms_pt_ctx *c, pgd_t pgdval, unsigned long addr,
				  unsigned long end)
{
	unsigned long next;

	do {
		/* with 4-level paging p4d_offset() folds back onto the pgd snapshot */
		p4d_t p4dval = READ_ONCE(*p4d_offset(&pgdval, addr));

		next = p4d_addr_end(addr, end);
		if (!*c->budget)
			return addr;
		(*c->budget)--;
		if (p4d_none(p4dval) || !(p4d_val(p4dval) & _PAGE_PRESENT)) {
			if (mms_emit_none(c, addr, next, MMSCOPE_PT_LEVEL_P4D, p4d_val(p4dval)))
				return addr;
			continue;
		}
		{
			unsigned long stop = mms_walk_pud(c, p4dval, addr, next);

			if (stop != next)
				return stop;
		}
	} while (addr = next, addr != end);
	return addr;
}

/*
 * The PMD table of a shared hugetlb mapping can be shared with other processes
 * (huge_pmd_share()). huge_pmd_unshare() takes it out of this mm under the read side of
 * mmap_lock (MADV_DONTNEED, or a fault's unsharing), after which the last other sharer
 * frees it. Unsharing needs the file's i_mmap_rwsem for writing: hold it for reading while
 * the range is read, one of the two locks hugetlb_walk() accepts (the other, the hugetlb
 * VMA lock, is not exported). Lock order as in a hugetlb fault: mmap_lock, i_mmap_rwsem.
 */
static struct address_space *mms_hugetlb_share_lock(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma = find_vma(mm, addr);
	struct address_space *mapping;

	if (!vma || vma->vm_start > addr || !is_vm_hugetlb_page(vma) ||
	    !(vma->vm_flags & VM_MAYSHARE) || !vma->vm_file)
		return NULL;
	mapping = vma->vm_file->f_mapping;
	i_mmap_lock_read(mapping);
	return mapping;
}

static void mms_hugetlb_share_unlock(struct address_space *mapping)
{
	if (mapping)
		i_mmap_unlock_read(mapping);
}

unsigned long mms_pt_walk_range(struct mm_struct *mm, unsigned long addr, unsigned long end,
				unsigned int *budget, mms_run_fn fn, void *arg, int *stopped)
{
	struct mms_pt_ctx c = { .fn = fn, .arg = arg, .budget = budget };
	struct address_space *shared;
	unsigned long next;

	mmap_assert_locked(mm);
	/* callers walk within one VMA at a time */
	shared = mms_hugetlb_share_lock(mm, addr);
	do {
		pgd_t pgdval = READ_ONCE(*pgd_offset(mm, addr));
		unsigned long stop;

		next = pgd_addr_end(addr, end);
		if (!*budget)
			break;
		if (pgd_none(pgdval) || !(pgd_val(pgdval) & _PAGE_PRESENT)) {
			(*budget)--;
			if (mms_emit_none(&c, addr, next, MMSCOPE_PT_LEVEL_PGD, pgd_val(pgdval)))
				break;
			continue;
		}
		stop = mms_walk_p4d(&c, pgdval, addr, next);
		if (stop != next) {
			addr = stop;
			break;
		}
	} while (addr = next, addr != end);
	mms_hugetlb_share_unlock(shared);
	*stopped = c.stopped;
	return addr;
}

static void mms_add_level(struct mms_walk *w, u8 level, u32 index, u64 raw, bool folded)
{
	struct mms_walk_level *lv = &w->lv[w->nr_levels++];

	lv->level = level;
	lv->index = index;
	lv->raw = raw;
	lv->folded = folded;
	/* a table entry's bits; a leaf's are set from its decoded entry */
	lv->bits = (raw & _PAGE_PRESENT) ? mms_present_bits(raw, true) : 0;
}

static void mms_walk_leaf(struct mms_walk *w, unsigned long addr, unsigned long size)
{
	/* the leaf's bits as decoded for its state (swap entries have bits of their own) */
	w->lv[w->nr_levels - 1].bits = w->e.bits;
	w->leaf = w->e.state != MMSCOPE_PT_STATE_NONE;
	if (w->e.state == MMSCOPE_PT_STATE_PRESENT || w->e.state == MMSCOPE_PT_STATE_MIGRATION)
		w->e.pfn += (addr & (size - 1)) >> PAGE_SHIFT;
}

static void mms_pt_walk_levels(struct mm_struct *mm, unsigned long addr, struct mms_walk *w)
{
	pgd_t pgdval;
	p4d_t p4dval;
	pud_t pudval;
	pmd_t pmdval, *pmdp;

	pgdval = READ_ONCE(*pgd_offset(mm, addr));
	mms_add_level(w, MMSCOPE_PT_LEVEL_PGD, pgd_index(addr), pgd_val(pgdval), false);
	w->e.level = MMSCOPE_PT_LEVEL_PGD;
	if (!(pgd_val(pgdval) & _PAGE_PRESENT))
		return;

	p4dval = READ_ONCE(*p4d_offset(&pgdval, addr));
	mms_add_level(w, MMSCOPE_PT_LEVEL_P4D, p4d_index(addr), p4d_val(p4dval),
		      !pgtable_l5_enabled());
	w->e.level = MMSCOPE_PT_LEVEL_P4D;
	if (!(p4d_val(p4dval) & _PAGE_PRESENT))
		return;

	pudval = READ_ONCE(*pud_offset(&p4dval, addr));
	mms_add_level(w, MMSCOPE_PT_LEVEL_PUD, pud_index(addr), pud_val(pudval), false);
	if (!mms_is_table(pud_val(pudval))) {
		mms_decode_pud(pudval, &w->e);
		mms_walk_leaf(w, addr, PUD_SIZE);
		return;
	}

	pmdp = pmd_offset(&pudval, addr);
	pmdval = READ_ONCE(*pmdp);
	mms_add_level(w, MMSCOPE_PT_LEVEL_PMD, pmd_index(addr), pmd_val(pmdval), false);
	if (!mms_is_table(pmd_val(pmdval))) {
		mms_decode_pmd(pmdval, &w->e);
		mms_walk_leaf(w, addr, PMD_SIZE);
		return;
	}

	rcu_read_lock();
	pmdval = READ_ONCE(*pmdp);
	if (mms_is_table(pmd_val(pmdval))) {
		pte_t pte = ptep_get(pte_offset_kernel(&pmdval, addr));

		mms_add_level(w, MMSCOPE_PT_LEVEL_PTE, pte_index(addr), pte_val(pte), false);
		mms_decode_pte(pte, &w->e);
		mms_walk_leaf(w, addr, PAGE_SIZE);
	} else {
		/* collapsed or zapped meanwhile: report the pmd as it is now */
		w->lv[w->nr_levels - 1].raw = pmd_val(pmdval);
		mms_decode_pmd(pmdval, &w->e);
		mms_walk_leaf(w, addr, PMD_SIZE);
	}
	rcu_read_unlock();
}

void mms_pt_walk_addr(struct mm_struct *mm, unsigned long addr, struct mms_walk *w)
{
	struct address_space *shared;

	memset(w, 0, sizeof(*w));
	mmap_assert_locked(mm);
	mms_stats_walk(MMS_STATS_WALK_ADDR);
	shared = mms_hugetlb_share_lock(mm, addr);
	mms_pt_walk_levels(mm, addr, w);
	mms_hugetlb_share_unlock(shared);
}
