// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The mmscope authors.
 */
#include <linux/mm.h>
#include <uapi/linux/mmscope.h>

#include "pgtable.h"
#include "ptdump.h"
#include "stats.h"
#include "vmas.h"

void mms_ptdump_init(struct mms_ptdump *pd, unsigned long start, unsigned long end,
		     bool with_pfn)
{
	memset(pd, 0, sizeof(*pd));
	pd->addr = start;
	pd->end = end;
	pd->with_pfn = with_pfn;
	mms_stats_walk(MMS_STATS_WALK_PTDUMP);
}

static bool mms_extent_extends(const struct mms_ptdump *pd, const struct mms_run *run)
{
	const struct mms_extent *ext = &pd->ext;

	if (ext->end != run->addr || ext->state != run->e.state || ext->level != run->e.level ||
	    ext->bits != run->e.bits || ext->swap_type != run->e.swap_type)
		return false;
	switch (run->e.state) {
	case MMSCOPE_PT_STATE_NONE:
		return true;
	case MMSCOPE_PT_STATE_MARKER:
		return ext->pfn == run->e.pfn;
	default:
		/* without frames to show, do not reveal physical contiguity either */
		return !pd->with_pfn || ext->pfn + ext->pages == run->e.pfn;
	}
}

struct mms_ptdump_ctx {
	struct mms_ptdump *pd;
	mms_extent_fn emit;
	void *arg;
};

static int mms_ptdump_run(const struct mms_run *run, void *arg)
{
	struct mms_ptdump_ctx *c = arg;
	struct mms_ptdump *pd = c->pd;
	int ret;

	if (pd->have && mms_extent_extends(pd, run)) {
		pd->ext.end += run->pages << PAGE_SHIFT;
		pd->ext.pages += run->pages;
		return 0;
	}
	if (pd->have) {
		ret = c->emit(&pd->ext, c->arg);
		if (ret)
			return ret;
	}
	pd->have = true;
	pd->ext.start = run->addr;
	pd->ext.end = run->addr + (run->pages << PAGE_SHIFT);
	pd->ext.pages = run->pages;
	pd->ext.pfn = run->e.pfn;
	pd->ext.bits = run->e.bits;
	pd->ext.swap_type = run->e.swap_type;
	pd->ext.state = run->e.state;
	pd->ext.level = run->e.level;
	return 0;
}

int mms_ptdump_step(struct mm_struct *mm, struct mms_ptdump *pd, mms_extent_fn emit,
		    void *arg)
{
	struct mms_ptdump_ctx c = { .pd = pd, .emit = emit, .arg = arg };
	unsigned int budget = MMS_PT_STEP;
	struct vm_area_struct *vma;
	int stopped, ret;

	while (budget && pd->addr < pd->end) {
		vma = find_vma(mm, pd->addr);
		if (!vma || vma->vm_start >= pd->end) {
			pd->addr = pd->end;
			break;
		}
		/* holes between VMAs are not walked */
		if (pd->addr < vma->vm_start)
			pd->addr = vma->vm_start;
		pd->addr = mms_pt_walk_range(mm, pd->addr, min(vma->vm_end, pd->end), &budget,
					     mms_ptdump_run, &c, &stopped);
		if (stopped)
			return stopped;
	}
	if (pd->addr >= pd->end) {
		if (pd->have) {
			ret = emit(&pd->ext, arg);
			if (ret)
				return ret;
			pd->have = false;
		}
		pd->done = true;
	}
	return 0;
}
