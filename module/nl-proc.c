// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * Netlink renderer of a process's memory: vma-get, walk and ptdump. Long walks are dumps
 * that take mmap_lock for one bounded step at a time and resume from their cursor, so a
 * large target is never stalled for long.
 */
#include <linux/capability.h>
#include <linux/limits.h>
#include <linux/mm.h>
#include <linux/pid.h>
#include <linux/slab.h>
#include <net/genetlink.h>

#include "netlink-gen.h"
#include "netlink.h"
#include "page.h"
#include "pgtable.h"
#include "proc.h"
#include "ptdump.h"
#include "stats.h"
#include "vmas.h"

struct mms_proc_dump {
	struct mms_dump_hdr hdr;
	struct pid *pid;
	bool privileged;	/* CAP_SYS_ADMIN: may look at any process */
	bool frames;		/* may see frames: mms_nl_sees_frames() */
	bool done;		/* all sent: the target may be gone, do not look again */
	char *namebuf;
	union {
		struct mms_vma_cursor vc;
		struct mms_ptdump pd;
	};
};

struct mms_nl_out {
	struct sk_buff *skb;
	struct netlink_callback *cb;
	struct mms_proc_dump *d;
	u8 cmd;
};

/* May look at any process; seeing its frames is mms_nl_sees_frames(). */
static bool mms_privileged(const struct sk_buff *skb)
{
	return netlink_capable(skb, CAP_SYS_ADMIN);
}

/* The pid named by attr, referenced, in the caller's PID namespace. */
static struct pid *mms_nl_get_pid(const struct nlattr *attr)
{
	return attr ? find_get_pid(nla_get_u32(attr)) : NULL;
}

static void *mms_msg_start(struct mms_nl_out *o)
{
	return mms_dump_msg_start(o->skb, o->cb, o->cmd);
}

/* --- vma-get --------------------------------------------------------------------- */

static int mms_vma_emit(struct vm_area_struct *vma, const struct mms_vma_counts *c, void *arg)
{
	struct mms_nl_out *o = arg;
	struct mms_vma_info vi;
	void *hdr;

	mms_vma_read(vma, &vi, o->d->namebuf, PATH_MAX);
	hdr = mms_msg_start(o);
	if (!hdr)
		return -EMSGSIZE;
	if (mms_put_u64(o->skb, VMA, START, vi.start) ||
	    mms_put_u64(o->skb, VMA, END, vi.end) ||
	    mms_put_u64(o->skb, VMA, FLAGS, vi.flags) ||
	    mms_put_u64(o->skb, VMA, PGOFF, vi.pgoff) ||
	    nla_put_u32(o->skb, MMSCOPE_A_VMA_DEV_MAJOR, vi.dev_major) ||
	    nla_put_u32(o->skb, MMSCOPE_A_VMA_DEV_MINOR, vi.dev_minor) ||
	    mms_put_u64(o->skb, VMA, INODE, vi.ino) ||
	    nla_put_string(o->skb, MMSCOPE_A_VMA_NAME, vi.name) ||
	    mms_put_u64(o->skb, VMA, RSS_PAGES, c->rss) ||
	    mms_put_u64(o->skb, VMA, SWAP_PAGES, c->swap) ||
	    mms_put_u64(o->skb, VMA, HUGE_PAGES, c->huge) ||
	    mms_put_u64(o->skb, VMA, ANON_PAGES, c->anon) ||
	    (vi.anon_vma && nla_put_flag(o->skb, MMSCOPE_A_VMA_ANON_VMA))) {
		genlmsg_cancel(o->skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(o->skb, hdr);
	return 0;
}

/*
 * The checks common to the process dumps, last in their start callbacks: a failure frees
 * the state (or defers the error), so nothing may be checked after this. The pid is
 * referenced for the whole dump and put by mmscope_nl_proc_dump_done().
 */
static int mms_proc_dump_start(struct netlink_callback *cb, struct mms_proc_dump *d,
			       struct nlattr *pid_attr)
{
	struct mms_target t;
	const char *why;
	int err;

	if (!pid_attr) {
		err = -EINVAL;
		why = KBUILD_MODNAME ": pid is required";
		goto fail;
	}
	d->privileged = mms_privileged(cb->skb);
	d->frames = mms_nl_sees_frames(cb->skb);
	d->pid = mms_nl_get_pid(pid_attr);
	if (!d->pid) {
		err = -ESRCH;
		why = KBUILD_MODNAME ": no such process";
		goto fail;
	}
	/* fail early with the reason: kernel thread, zombie, another user's */
	err = mms_target_get(d->pid, d->privileged, &t, &why);
	if (err)
		goto fail;
	mms_target_put(&t);
	return 0;

fail:
	put_pid(d->pid);
	d->pid = NULL;
	kfree(d->namebuf);
	d->namebuf = NULL;
	mms_nl_set_msg(cb->extack, why);
	return __mms_dump_defer(cb, err, why);
}

int mmscope_nl_vma_dump_start(struct netlink_callback *cb)
{
	struct mms_proc_dump *d = mms_dump_alloc(cb, sizeof(*d));

	if (!d)
		return -ENOMEM;
	d->namebuf = kmalloc(PATH_MAX, GFP_KERNEL_ACCOUNT);
	if (!d->namebuf) {
		mmscope_nl_dump_done(cb);
		return -ENOMEM;
	}
	return mms_proc_dump_start(cb, d, mms_dump_attrs(cb)[MMSCOPE_A_VMA_PID]);
}

int mmscope_nl_proc_dump_done(struct netlink_callback *cb)
{
	struct mms_proc_dump *d = (void *)cb->args[0];

	if (d) {
		put_pid(d->pid);
		kfree(d->namebuf);
	}
	return mmscope_nl_dump_done(cb);
}

/*
 * Run the walk's bounded steps (mms_mmap_steps()) until the message is full or the walk
 * is done. step returns non-zero when its emitter could not add to the message.
 */
static int mms_proc_dumpit(struct sk_buff *skb, struct netlink_callback *cb, u8 cmd,
			   mms_mm_step_fn step)
{
	struct mms_nl_out o = { .skb = skb, .cb = cb, .cmd = cmd };
	struct mms_target t;
	const char *why;
	bool done;
	int err;

	o.d = mms_dump_state(cb, &err);
	if (!o.d)
		return err;
	if (o.d->done)
		return 0;
	err = mms_target_get(o.d->pid, o.d->privileged, &t, &why);
	if (err) {
		mms_nl_set_msg(cb->extack, err == -ESRCH ?
			    KBUILD_MODNAME ": the process exited during the walk" : why);
		return err;
	}
	err = mms_mmap_steps(t.mm, step, &o, &done);
	mms_target_put(&t);
	if (err)
		return err;
	o.d->done = done;
	mms_stats_bytes(MMS_STATS_OUT_NETLINK, skb->len);
	/* every record fits an empty message: a full one has at least one */
	return skb->len;
}

static int mms_vma_step(struct mm_struct *mm, void *arg, bool *done)
{
	struct mms_nl_out *o = arg;

	return mms_vmas_step(mm, &o->d->vc, mms_vma_emit, o, done);
}

int mmscope_nl_vma_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	return mms_proc_dumpit(skb, cb, MMSCOPE_CMD_VMA_GET, mms_vma_step);
}

/* --- ptdump ---------------------------------------------------------------------- */

static bool mms_state_has_frame(u8 state)
{
	return state == MMSCOPE_PT_STATE_PRESENT || state == MMSCOPE_PT_STATE_SWAP ||
	       state == MMSCOPE_PT_STATE_MIGRATION || state == MMSCOPE_PT_STATE_DEVICE;
}

static int mms_extent_emit(const struct mms_extent *ext, void *arg)
{
	struct mms_nl_out *o = arg;
	void *hdr = mms_msg_start(o);

	if (!hdr)
		return -EMSGSIZE;
	if (mms_put_u64(o->skb, EXTENT, START, ext->start) ||
	    mms_put_u64(o->skb, EXTENT, END, ext->end) ||
	    nla_put_u32(o->skb, MMSCOPE_A_EXTENT_STATE, ext->state) ||
	    nla_put_u32(o->skb, MMSCOPE_A_EXTENT_LEVEL, ext->level) ||
	    mms_put_u64(o->skb, EXTENT, PAGES, ext->pages) ||
	    nla_put_u32(o->skb, MMSCOPE_A_EXTENT_BITS, ext->bits) ||
	    (o->d->frames && mms_state_has_frame(ext->state) &&
	     mms_put_u64(o->skb, EXTENT, PFN, ext->pfn))) {
		genlmsg_cancel(o->skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(o->skb, hdr);
	return 0;
}

static int mms_ptdump_nl_step(struct mm_struct *mm, void *arg, bool *done)
{
	struct mms_nl_out *o = arg;
	int ret = mms_ptdump_step(mm, &o->d->pd, mms_extent_emit, o);

	*done = o->d->pd.done;
	return ret;
}

int mmscope_nl_ptdump_start(struct netlink_callback *cb)
{
	struct mms_proc_dump *d = mms_dump_alloc(cb, sizeof(*d));
	struct nlattr **attrs = mms_dump_attrs(cb);
	unsigned long start = 0, end = TASK_SIZE_MAX;

	if (!d)
		return -ENOMEM;
	if (attrs[MMSCOPE_A_EXTENT_START])
		start = nla_get_u64(attrs[MMSCOPE_A_EXTENT_START]);
	if (attrs[MMSCOPE_A_EXTENT_END])
		end = nla_get_u64(attrs[MMSCOPE_A_EXTENT_END]);
	if (start >= TASK_SIZE_MAX)
		return mms_dump_defer(cb, -EINVAL,
				      KBUILD_MODNAME ": start is above the user address space");
	if (start > end)
		return mms_dump_defer(cb, -EINVAL, KBUILD_MODNAME ": start is above end");
	if (start == end)
		return mms_dump_defer(cb, -EINVAL, KBUILD_MODNAME ": the range is empty");
	end = min(end, TASK_SIZE_MAX);
	mms_ptdump_init(&d->pd, start & PAGE_MASK, PAGE_ALIGN(end), mms_nl_sees_frames(cb->skb));
	return mms_proc_dump_start(cb, d, attrs[MMSCOPE_A_EXTENT_PID]);
}

int mmscope_nl_ptdump_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	return mms_proc_dumpit(skb, cb, MMSCOPE_CMD_PTDUMP, mms_ptdump_nl_step);
}

/* --- walk ------------------------------------------------------------------------ */

struct mms_walk_result {
	struct mms_walk w;
	struct mms_page_info pi;
	unsigned long vma_start, vma_end;
	u64 vma_flags;
	bool cow;
};

static int mms_put_walk(struct sk_buff *skb, u32 pid, unsigned long addr,
			const struct mms_walk_result *r, bool frames)
{
	const struct mms_walk *w = &r->w;
	unsigned int i;

	if (nla_put_u32(skb, MMSCOPE_A_WALK_PID, pid) ||
	    mms_put_u64(skb, WALK, ADDR, addr) ||
	    mms_put_u64(skb, WALK, VMA_START, r->vma_start) ||
	    mms_put_u64(skb, WALK, VMA_END, r->vma_end) ||
	    mms_put_u64(skb, WALK, VMA_FLAGS, r->vma_flags) ||
	    nla_put_u32(skb, MMSCOPE_A_WALK_STATE, w->e.state))
		return -EMSGSIZE;
	for (i = 0; i < w->nr_levels; i++) {
		const struct mms_walk_level *lv = &w->lv[i];
		struct nlattr *nest = nla_nest_start(skb, MMSCOPE_A_WALK_LEVEL);
		/*
		 * The raw entry only to those who may see frames: any mask would leave
		 * something (swap type and offset, software bits). bits has what it decodes.
		 */
		u64 raw = frames ? lv->raw : 0;

		if (!nest || nla_put_u32(skb, MMSCOPE_A_PT_LEVEL_LEVEL, lv->level) ||
		    nla_put_u32(skb, MMSCOPE_A_PT_LEVEL_INDEX, lv->index) ||
		    mms_put_u64(skb, PT_LEVEL, ENTRY, raw) ||
		    nla_put_u32(skb, MMSCOPE_A_PT_LEVEL_BITS, lv->bits) ||
		    (lv->folded && nla_put_flag(skb, MMSCOPE_A_PT_LEVEL_FOLDED)))
			return -EMSGSIZE;
		nla_nest_end(skb, nest);
	}
	if (w->leaf && nla_put_u32(skb, MMSCOPE_A_WALK_LEAF, w->e.level))
		return -EMSGSIZE;
	/* pagemap hides swap type and offset from unprivileged readers too */
	if (frames && w->leaf && w->e.state != MMSCOPE_PT_STATE_PRESENT &&
	    (nla_put_u32(skb, MMSCOPE_A_WALK_SWAP_TYPE, w->e.swap_type) ||
	     mms_put_u64(skb, WALK, SWAP_OFFSET, w->e.pfn)))
		return -EMSGSIZE;
	if (r->cow && nla_put_flag(skb, MMSCOPE_A_WALK_COW))
		return -EMSGSIZE;
	if (!frames || w->e.state != MMSCOPE_PT_STATE_PRESENT)
		return 0;
	if (mms_put_u64(skb, WALK, PFN, w->e.pfn) ||
	    mms_put_u64(skb, WALK, PHYS, PFN_PHYS(w->e.pfn) | (addr & ~PAGE_MASK)))
		return -EMSGSIZE;
	if (r->pi.valid) {
		struct nlattr *nest;

		if (nla_put_u32(skb, MMSCOPE_A_WALK_NODE, r->pi.nid) ||
		    nla_put_string(skb, MMSCOPE_A_WALK_ZONE, r->pi.zone) ||
		    nla_put_string(skb, MMSCOPE_A_WALK_MIGRATETYPE, r->pi.migratetype))
			return -EMSGSIZE;
		nest = nla_nest_start(skb, MMSCOPE_A_WALK_PAGE);
		if (!nest || nla_put_u32(skb, MMSCOPE_A_PAGE_REFCOUNT, r->pi.refcount) ||
		    nla_put_u32(skb, MMSCOPE_A_PAGE_MAPCOUNT, r->pi.mapcount) ||
		    nla_put_u32(skb, MMSCOPE_A_PAGE_FLAGS, r->pi.flags) ||
		    nla_put_u32(skb, MMSCOPE_A_PAGE_ORDER, r->pi.order) ||
		    nla_put_u32(skb, MMSCOPE_A_PAGE_FOLIO_MAPCOUNT, r->pi.folio_mapcount))
			return -EMSGSIZE;
		nla_nest_end(skb, nest);
	}
	return 0;
}

/*
 * Copy-on-write pending: a write to this present, write-protected page of a writable
 * private VMA copies it, because it is shared (or is the zero page).
 */
static bool mms_cow_pending(const struct mms_walk_result *r)
{
	const struct mms_entry *e = &r->w.e;

	if (e->state != MMSCOPE_PT_STATE_PRESENT || (e->bits & MMSCOPE_PT_BITS_RW))
		return false;
	if (!(r->vma_flags & MMSCOPE_VM_FLAGS_WRITE) || (r->vma_flags & MMSCOPE_VM_FLAGS_SHARED))
		return false;
	return (e->bits & MMSCOPE_PT_BITS_ZERO_PAGE) || (r->pi.valid && r->pi.mapcount > 1);
}

int mmscope_nl_walk_doit(struct sk_buff *skb, struct genl_info *info)
{
	bool privileged = mms_privileged(skb);
	struct mms_walk_result *r;
	struct vm_area_struct *vma;
	struct sk_buff *msg = NULL;
	struct mms_target t;
	unsigned long addr;
	const char *why;
	struct pid *pid;
	void *hdr;
	int err;
	u64 t0;

	if (GENL_REQ_ATTR_CHECK(info, MMSCOPE_A_WALK_PID) ||
	    GENL_REQ_ATTR_CHECK(info, MMSCOPE_A_WALK_ADDR)) {
		NL_SET_ERR_MSG_MOD(info->extack, "pid and addr are required");
		return -EINVAL;
	}
	addr = nla_get_u64(info->attrs[MMSCOPE_A_WALK_ADDR]);
	if (addr >= TASK_SIZE_MAX) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[MMSCOPE_A_WALK_ADDR],
				    KBUILD_MODNAME ": the address is above the user address space");
		return -EINVAL;
	}
	pid = mms_nl_get_pid(info->attrs[MMSCOPE_A_WALK_PID]);
	if (!pid) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[MMSCOPE_A_WALK_PID],
				    KBUILD_MODNAME ": no such process");
		return -ESRCH;
	}
	err = mms_target_get(pid, privileged, &t, &why);
	put_pid(pid);
	if (err) {
		mms_nl_set_msg(info->extack, why);
		return err;
	}
	r = kzalloc(sizeof(*r), GFP_KERNEL_ACCOUNT);
	if (!r) {
		err = -ENOMEM;
		goto out;
	}

	err = mms_mmap_lock(t.mm, &t0);
	if (err)
		goto out;
	vma = find_vma(t.mm, addr);
	if (!vma || vma->vm_start > addr) {
		mms_mmap_unlock(t.mm, t0);
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[MMSCOPE_A_WALK_ADDR],
				    KBUILD_MODNAME ": the address is outside every VMA");
		err = -ENXIO;
		goto out;
	}
	r->vma_start = vma->vm_start;
	r->vma_end = vma->vm_end;
	r->vma_flags = mms_vm_flags(vma->vm_flags);
	mms_pt_walk_addr(t.mm, addr, &r->w);
	if (r->w.e.state == MMSCOPE_PT_STATE_PRESENT)
		mms_page_read(r->w.e.pfn, &r->pi);
	mms_mmap_unlock(t.mm, t0);
	r->cow = mms_cow_pending(r);

	err = -ENOMEM;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		goto out;
	hdr = genlmsg_put_reply(msg, info, &mmscope_nl_family, 0, info->genlhdr->cmd);
	if (!hdr)
		goto out;
	err = mms_put_walk(msg, nla_get_u32(info->attrs[MMSCOPE_A_WALK_PID]), addr, r,
			   mms_nl_sees_frames(skb));
	if (err)
		goto out;
	genlmsg_end(msg, hdr);
	mms_target_put(&t);
	kfree(r);
	return genlmsg_reply(msg, info);

out:
	nlmsg_free(msg);
	kfree(r);
	mms_target_put(&t);
	return err;
}
