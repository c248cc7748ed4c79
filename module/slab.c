// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * The slab caches, read the way mm/slub.c reads them for /proc/slabinfo: the cache list
 * under slab_mutex, the per-node counters (CONFIG_SLUB_DEBUG), and the free objects of the
 * partial slabs counted under each node's list_lock with interrupts off, at most
 * MMS_PARTIAL_SCAN slabs per hold (count_partial_free_approx() on 6.10+).
 *
 * Every structure is reached through the offsets resolve.c found in the kernel's BTF.
 * Before the first use, a self-check reads every cache without trusting them (faults are
 * caught) and switches the view off if what it finds does not hold together.
 */
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/math.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/nodemask.h>
#include <linux/overflow.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "resolve.h"
#include "slab.h"
#include "stats.h"

/* mm/slub.c packs a cache's slab geometry as order << OO_SHIFT | objects. */
#define MMS_OO_SHIFT	16
#define MMS_OO_MASK	(BIT(MMS_OO_SHIFT) - 1)

/* The self-check gives up on a list longer than this: it is not a list. */
#define MMS_MAX_CACHES	100000

static const struct mms_slab_layout *const lay = &mms_slab_layout;

static inline void *mms_at(const void *base, u32 off)
{
	return (void *)base + off;
}

static inline u32 mms_u32(const void *base, u32 off)
{
	return READ_ONCE(*(u32 *)mms_at(base, off));
}

static inline u32 mms_bits(const void *base, const struct mms_bitfield *bf)
{
	return mms_u32(base, bf->offset) >> bf->shift & bf->mask;
}

static inline void *mms_cache_node(const void *s, int nid)
{
	return READ_ONCE(*(void **)mms_at(s, lay->kc_node + nid * lay->kc_node_stride));
}

const char *mms_slab_off(void)
{
	return mms_feature_off(MMS_FEAT_SLAB);
}

struct mms_slab_info *mms_slab_info_alloc(void)
{
	struct mms_slab_info *si;

	/* a caller's request (slab-get, debugfs slabinfo) pays for it */
	return kvzalloc(struct_size(si, nodes, nr_node_ids), GFP_KERNEL_ACCOUNT);
}

void mms_slab_info_free(struct mms_slab_info *si)
{
	kvfree(si);
}

/* Free objects of one partial slab, given its slab_list entry. */
static unsigned long mms_slab_free_objs(const struct list_head *entry)
{
	const void *slab = (const void *)entry - lay->sl_slab_list;
	u32 objects = mms_bits(slab, &lay->sl_objects);
	u32 inuse = mms_bits(slab, &lay->sl_inuse);

	return objects > inuse ? objects - inuse : 0;
}

/* One node's counters; its partial list under list_lock, bounded like the kernel's. */
static void mms_slab_read_node(const void *n, struct mms_slab_node *sn)
{
	spinlock_t *lock = mms_at(n, lay->kn_list_lock);
	struct list_head *head = mms_at(n, lay->kn_partial), *pos;
	unsigned long flags, nr_partial, free = 0, scanned = 0;
	u64 t0;

	sn->nr_slabs = atomic_long_read((atomic_long_t *)mms_at(n, lay->kn_nr_slabs));
	sn->total_objs = atomic_long_read((atomic_long_t *)mms_at(n, lay->kn_total_objects));
	sn->approx = false;

	t0 = mms_irqoff_begin();
	spin_lock_irqsave(lock, flags);
	nr_partial = READ_ONCE(*(unsigned long *)mms_at(n, lay->kn_nr_partial));
	if (nr_partial <= MMS_PARTIAL_SCAN) {
		list_for_each(pos, head) {
			free += mms_slab_free_objs(pos);
			if (++scanned == MMS_PARTIAL_SCAN)
				break;
		}
	} else {
		/* Half from each end, scaled to the whole list: the kernel's estimate. */
		list_for_each(pos, head) {
			free += mms_slab_free_objs(pos);
			if (++scanned == MMS_PARTIAL_SCAN / 2)
				break;
		}
		list_for_each_prev(pos, head) {
			free += mms_slab_free_objs(pos);
			if (++scanned == MMS_PARTIAL_SCAN)
				break;
		}
		free = mult_frac(free, nr_partial, scanned);
		free = min_t(unsigned long, free,
			     atomic_long_read(mms_at(n, lay->kn_total_objects)));
		sn->approx = true;
	}
	spin_unlock_irqrestore(lock, flags);
	mms_irqoff_end(t0);

	sn->nr_partial = nr_partial;
	sn->partial_free = free;
}

/* Called with slab_mutex held: s is on the list and cannot go away. */
static void mms_slab_read(const void *s, struct mms_slab_info *si)
{
	const char *name = READ_ONCE(*(const char **)mms_at(s, lay->kc_name));
	u32 oo = mms_u32(s, lay->kc_oo);
	unsigned int i;
	int nid;

	strscpy(si->name, name ?: "", sizeof(si->name));
	si->object_size = mms_u32(s, lay->kc_object_size);
	si->size = mms_u32(s, lay->kc_size);
	si->align = mms_u32(s, lay->kc_align);
	si->objs_per_slab = oo & MMS_OO_MASK;
	si->order = oo >> MMS_OO_SHIFT;
	si->kflags = mms_u32(s, lay->kc_flags);
	si->refcount = (int)mms_u32(s, lay->kc_refcount);
	si->num_objs = 0;
	si->num_slabs = 0;
	si->partial_slabs = 0;
	si->approx = false;
	si->nr_nodes = 0;

	for (nid = 0; nid < nr_node_ids; nid++) {
		struct mms_slab_node *sn = &si->nodes[si->nr_nodes];
		const void *n = mms_cache_node(s, nid);

		if (!n)
			continue;
		sn->nid = nid;
		mms_slab_read_node(n, sn);
		si->num_slabs += sn->nr_slabs;
		si->num_objs += sn->total_objs;
		si->partial_slabs += sn->nr_partial;
		si->approx |= sn->approx;
		si->nr_nodes++;
	}
	/* As get_slabinfo(): what is not free on a partial slab counts as active. */
	si->active_objs = si->num_objs;
	for (i = 0; i < si->nr_nodes; i++)
		si->active_objs -= min(si->nodes[i].partial_free, si->active_objs);
}

static inline void *mms_list_cache(const struct list_head *entry)
{
	return (void *)entry - lay->kc_list;
}

/*
 * The list entry to continue from, with slab_mutex held. The cache expected at pos->index
 * is normally still there; if not, the list changed while the mutex was dropped: find the
 * cache wherever it went, or carry on at the same index if it is gone.
 */
static struct list_head *mms_slab_resume(struct mms_slab_pos *pos)
{
	struct list_head *head = lay->caches, *p, *at = head;
	unsigned long i = 0;

	if (pos->done)
		return head;
	list_for_each(p, head) {
		if (i++ == pos->index) {
			at = p;
			break;
		}
	}
	if (!pos->cache || (at != head && (unsigned long)mms_list_cache(at) == pos->cache))
		return at;

	pos->changed = true;
	i = 0;
	list_for_each(p, head) {
		if ((unsigned long)mms_list_cache(p) == pos->cache) {
			pos->index = i;
			return p;
		}
		i++;
	}
	return at;
}

int mms_slab_walk(struct mms_slab_pos *pos, unsigned int max, struct mms_slab_info *si,
		  mms_slab_fn fn, void *arg)
{
	struct list_head *head = lay->caches, *p;
	int ret = 0;

	if (mms_slab_off())
		return -EOPNOTSUPP;
	if (mutex_lock_killable(lay->mutex))
		return -EINTR;
	for (p = mms_slab_resume(pos); p != head; p = p->next, pos->index++) {
		if (!max--) {
			ret = MMS_SLAB_MORE;
			break;
		}
		mms_slab_read(mms_list_cache(p), si);
		ret = fn(si, arg);
		if (ret)
			break;
		cond_resched();
	}
	pos->cache = p == head ? 0 : (unsigned long)mms_list_cache(p);
	pos->done = p == head;
	mutex_unlock(lay->mutex);
	return ret;
}

int mms_slab_get(const char *name, struct mms_slab_info *si)
{
	struct list_head *p;
	int ret = -ENOENT;

	if (mms_slab_off())
		return -EOPNOTSUPP;
	if (mutex_lock_killable(lay->mutex))
		return -EINTR;
	list_for_each(p, lay->caches) {
		const void *s = mms_list_cache(p);
		const char *sname = READ_ONCE(*(const char **)mms_at(s, lay->kc_name));

		if (sname && !strcmp(sname, name)) {
			mms_slab_read(s, si);
			ret = 0;
			break;
		}
	}
	mutex_unlock(lay->mutex);
	return ret;
}

/* ---- the self-check -------------------------------------------------------------------- */

static int mms_peek(void *dst, const void *src, size_t size)
{
	return copy_from_kernel_nofault(dst, src, size) ? -EFAULT : 0;
}

static int mms_peek_name(const void *s, char *buf, size_t len)
{
	const char *name;
	size_t i;

	if (mms_peek(&name, mms_at(s, lay->kc_name), sizeof(name)) || !name)
		return -EFAULT;
	for (i = 0; i < len - 1; i++) {
		if (mms_peek(&buf[i], name + i, 1))
			return -EFAULT;
		if (!buf[i])
			return 0;
	}
	buf[i] = '\0';
	return 0;
}

/* One cache, read through faulting-safe copies; a message in why when it does not add up. */
static int mms_slab_check_cache(const void *s, char *name, size_t nlen, char *why, size_t len)
{
	u32 object_size, size, oo, objects, order;
	unsigned long nr_slabs, total;
	int nid;

	if (mms_peek_name(s, name, nlen)) {
		scnprintf(why, len, "a cache on the list has no readable name");
		return -EFAULT;
	}
	if (mms_peek(&object_size, mms_at(s, lay->kc_object_size), sizeof(u32)) ||
	    mms_peek(&size, mms_at(s, lay->kc_size), sizeof(u32)) ||
	    mms_peek(&oo, mms_at(s, lay->kc_oo), sizeof(u32)))
		return -EFAULT;
	objects = oo & MMS_OO_MASK;
	order = oo >> MMS_OO_SHIFT;
	if (!size || size < object_size || !objects || order >= MMS_NR_ORDERS ||
	    (u64)objects * size > PAGE_SIZE << order) {
		scnprintf(why, len, "cache %s: size %u, object_size %u, %u objects of order %u",
			  name, size, object_size, objects, order);
		return -EINVAL;
	}
	for (nid = 0; nid < nr_node_ids; nid++) {
		void *n;

		if (mms_peek(&n, mms_at(s, lay->kc_node + nid * lay->kc_node_stride), sizeof(n)))
			return -EFAULT;
		if (!n)
			continue;
		if (mms_peek(&nr_slabs, mms_at(n, lay->kn_nr_slabs), sizeof(nr_slabs)) ||
		    mms_peek(&total, mms_at(n, lay->kn_total_objects), sizeof(total))) {
			scnprintf(why, len, "cache %s: node %d unreadable", name, nid);
			return -EFAULT;
		}
		/* Slabs shrink when memory is tight, never grow: at most objects each. */
		if ((long)nr_slabs < 0 || (long)total < 0 || total > nr_slabs * MMS_OO_MASK) {
			scnprintf(why, len, "cache %s: node %d has %ld slabs of %ld objects",
				  name, nid, (long)nr_slabs, (long)total);
			return -EINVAL;
		}
	}
	return 0;
}

/* The boot caches hold the structures we resolved: their sizes must agree with BTF. */
static int mms_slab_check_boot(const void *s, const char *name, char *why, size_t len)
{
	u32 object_size = mms_u32(s, lay->kc_object_size);
	/* kmem_cache objects end with the node pointers of the nodes that can exist */
	u32 need = lay->kc_node + (nr_node_ids - 1) * lay->kc_node_stride + sizeof(void *);

	if (!strcmp(name, "kmem_cache_node") && object_size != lay->kn_size) {
		scnprintf(why, len, "cache kmem_cache_node holds %u bytes, BTF says %u",
			  object_size, lay->kn_size);
		return -EINVAL;
	}
	if (!strcmp(name, "kmem_cache") && object_size < need) {
		scnprintf(why, len, "cache kmem_cache holds %u bytes, node pointers end at %u",
			  object_size, need);
		return -EINVAL;
	}
	return 0;
}

void mms_slab_init(void)
{
	struct list_head *head = lay->caches, *p, *next, *back;
	char name[MMS_SLAB_NAME_LEN], why[128] = "";
	unsigned int seen = 0, boot = 0;
	int err = 0;

	if (mms_slab_off())
		return;
	mutex_lock(lay->mutex);
	if (mms_peek(&p, &head->next, sizeof(p)) || mms_peek(&next, &p->prev, sizeof(next)) ||
	    next != head) {
		scnprintf(why, sizeof(why), "slab_caches is not a list head");
		err = -EINVAL;
	}
	while (!err && p != head) {
		const void *s = mms_list_cache(p);

		if (++seen > MMS_MAX_CACHES) {
			scnprintf(why, sizeof(why), "slab_caches does not end");
			err = -ELOOP;
			break;
		}
		err = mms_slab_check_cache(s, name, sizeof(name), why, sizeof(why)) ?:
		      mms_slab_check_boot(s, name, why, sizeof(why)) ?:
		      mms_peek(&next, &p->next, sizeof(next));
		if (!err && mms_peek(&back, &next->prev, sizeof(back)))
			err = -EFAULT;
		if (!err && back != p) {
			scnprintf(why, sizeof(why), "slab_caches is broken after cache %s", name);
			err = -EINVAL;
		}
		boot += !strcmp(name, "kmem_cache") + !strcmp(name, "kmem_cache_node");
		p = next;
	}
	mutex_unlock(lay->mutex);

	if (!err && boot != 2) {
		scnprintf(why, sizeof(why), "%u caches, without kmem_cache and kmem_cache_node",
			  seen);
		err = -ENOENT;
	}
	if (err)
		mms_feature_disable(MMS_FEAT_SLAB, "self-check: %s", why[0] ? why :
				    "a fault reading the caches");
}
