// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * The walkers' cost counters: atomics only, so that timing a hold costs two clock reads
 * and a few atomic adds, and readers never stop a walk.
 */
#include <linux/atomic.h>
#include <linux/log2.h>
#include <linux/mmap_lock.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/stddef.h>
#include <linux/timekeeping.h>
#include <uapi/linux/mmscope.h>

#include "stats.h"

static struct {
	atomic64_t reset_ns;
	atomic64_t walks[MMS_STATS_NR_WALKERS];
	atomic64_t holds;
	atomic64_t hold_total_ns;
	atomic64_t hold_max_ns;
	atomic64_t bytes[MMS_STATS_NR_OUT];
	atomic64_t irqoff_max_ns;
	atomic64_t hist[MMS_STATS_HIST];
} mms_counters;

#define MMS_FIELD(n, a, m) { .name = n, .attr = MMSCOPE_A_STATS_##a, \
			     .offset = offsetof(struct mms_stats, m) }

const struct mms_stats_field mms_stats_fields[] = {
	MMS_FIELD("since_ns", SINCE_NS, since_ns),
	MMS_FIELD("walks_ptdump", WALKS_PTDUMP, walks[MMS_STATS_WALK_PTDUMP]),
	MMS_FIELD("walks_vmas", WALKS_VMAS, walks[MMS_STATS_WALK_VMAS]),
	MMS_FIELD("walks_addr", WALKS_ADDR, walks[MMS_STATS_WALK_ADDR]),
	MMS_FIELD("lock_holds", LOCK_HOLDS, holds),
	MMS_FIELD("lock_hold_total_ns", LOCK_HOLD_TOTAL_NS, hold_total_ns),
	MMS_FIELD("lock_hold_max_ns", LOCK_HOLD_MAX_NS, hold_max_ns),
	MMS_FIELD("bytes_netlink", BYTES_NETLINK, bytes[MMS_STATS_OUT_NETLINK]),
	MMS_FIELD("bytes_debugfs", BYTES_DEBUGFS, bytes[MMS_STATS_OUT_DEBUGFS]),
	MMS_FIELD("irqoff_max_ns", IRQOFF_MAX_NS, irqoff_max_ns),
};

const unsigned int mms_stats_nr_fields = ARRAY_SIZE(mms_stats_fields);

/* Raise *max to v unless it is larger already; racing writers keep the largest. */
static void mms_stats_max(atomic64_t *max, u64 v)
{
	s64 cur = atomic64_read(max);

	while ((u64)cur < v) {
		s64 old = atomic64_cmpxchg(max, cur, v);

		if (old == cur)
			break;
		cur = old;
	}
}

int mms_mmap_lock(struct mm_struct *mm, u64 *t)
{
	int err = mmap_read_lock_killable(mm);

	*t = err ? 0 : ktime_get_ns();
	return err;
}

void mms_mmap_unlock(struct mm_struct *mm, u64 t)
{
	u64 ns = ktime_get_ns() - t;

	mmap_read_unlock(mm);
	atomic64_inc(&mms_counters.holds);
	atomic64_add(ns, &mms_counters.hold_total_ns);
	atomic64_inc(&mms_counters.hist[min_t(unsigned int, ns ? ilog2(ns) : 0,
					      MMS_STATS_HIST - 1)]);
	mms_stats_max(&mms_counters.hold_max_ns, ns);
}

void mms_irqoff_end(u64 t0)
{
	mms_stats_max(&mms_counters.irqoff_max_ns, ktime_get_ns() - t0);
}

int mms_mmap_steps(struct mm_struct *mm, mms_mm_step_fn step, void *arg, bool *done)
{
	int stop = 0;
	u64 t0;

	*done = false;
	while (!*done && !stop) {
		if (mms_mmap_lock(mm, &t0))
			return -EINTR;
		stop = step(mm, arg, done);
		mms_mmap_unlock(mm, t0);
		if (fatal_signal_pending(current))
			return -EINTR;
		cond_resched();
	}
	return 0;
}

static atomic_t mms_live[MMS_NR_LIVE];

void mms_live_inc(enum mms_live what)
{
	atomic_inc(&mms_live[what]);
}

void mms_live_dec(enum mms_live what)
{
	atomic_dec(&mms_live[what]);
}

int mms_live_read(enum mms_live what)
{
	return atomic_read(&mms_live[what]);
}

void mms_stats_walk(enum mms_stats_walker w)
{
	atomic64_inc(&mms_counters.walks[w]);
}

void mms_stats_bytes(enum mms_stats_renderer r, size_t n)
{
	atomic64_add(n, &mms_counters.bytes[r]);
}

void mms_stats_read(struct mms_stats *s)
{
	unsigned int i;

	s->since_ns = ktime_get_ns() - atomic64_read(&mms_counters.reset_ns);
	for (i = 0; i < MMS_STATS_NR_WALKERS; i++)
		s->walks[i] = atomic64_read(&mms_counters.walks[i]);
	s->holds = atomic64_read(&mms_counters.holds);
	s->hold_total_ns = atomic64_read(&mms_counters.hold_total_ns);
	s->hold_max_ns = atomic64_read(&mms_counters.hold_max_ns);
	for (i = 0; i < MMS_STATS_NR_OUT; i++)
		s->bytes[i] = atomic64_read(&mms_counters.bytes[i]);
	s->irqoff_max_ns = atomic64_read(&mms_counters.irqoff_max_ns);
	for (i = 0; i < MMS_STATS_HIST; i++)
		s->hist[i] = atomic64_read(&mms_counters.hist[i]);
}

/* Not atomic as a whole: a hold ending meanwhile may be counted in part. */
void mms_stats_reset(void)
{
	unsigned int i;

	for (i = 0; i < MMS_STATS_NR_WALKERS; i++)
		atomic64_set(&mms_counters.walks[i], 0);
	atomic64_set(&mms_counters.holds, 0);
	atomic64_set(&mms_counters.hold_total_ns, 0);
	atomic64_set(&mms_counters.hold_max_ns, 0);
	for (i = 0; i < MMS_STATS_NR_OUT; i++)
		atomic64_set(&mms_counters.bytes[i], 0);
	atomic64_set(&mms_counters.irqoff_max_ns, 0);
	for (i = 0; i < MMS_STATS_HIST; i++)
		atomic64_set(&mms_counters.hist[i], 0);
	atomic64_set(&mms_counters.reset_ns, ktime_get_ns());
}
