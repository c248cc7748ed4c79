/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * What the walkers cost the processes they look at: every mmap_lock hold of a walk is
 * timed (count, total, longest, a log2 histogram), walks and the bytes rendered to user
 * space are counted. Lock-free counters, cheap enough to be always on, resettable. The
 * debugfs file stats and the netlink op stats-get render the same snapshot; reading them
 * never changes them.
 */
#ifndef _MMSCOPE_STATS_H
#define _MMSCOPE_STATS_H

#include <linux/mm_types.h>
#include <linux/types.h>

enum mms_stats_walker {
	MMS_STATS_WALK_PTDUMP,
	MMS_STATS_WALK_VMAS,
	MMS_STATS_WALK_ADDR,
	MMS_STATS_NR_WALKERS,
};

enum mms_stats_renderer {
	MMS_STATS_OUT_NETLINK,
	MMS_STATS_OUT_DEBUGFS,
	MMS_STATS_NR_OUT,
};

/* Hold times by log2 of nanoseconds: bucket b counts holds in [2^b, 2^(b+1)) ns. */
#define MMS_STATS_HIST	40

/* A snapshot, as rendered. */
struct mms_stats {
	u64 since_ns;		/* time since the counters were last reset (or loaded) */
	u64 walks[MMS_STATS_NR_WALKERS];
	u64 holds;
	u64 hold_total_ns;
	u64 hold_max_ns;
	u64 bytes[MMS_STATS_NR_OUT];
	u64 irqoff_max_ns;
	u64 hist[MMS_STATS_HIST];
};

/* One scalar of the snapshot: its name in the text view and its netlink attribute. */
struct mms_stats_field {
	const char *name;
	int attr;
	size_t offset;
};

extern const struct mms_stats_field mms_stats_fields[];
extern const unsigned int mms_stats_nr_fields;

static inline u64 mms_stats_value(const struct mms_stats *s, const struct mms_stats_field *f)
{
	return *(const u64 *)((const char *)s + f->offset);
}

/*
 * mmap_read_lock_killable() and mmap_read_unlock() for the walkers, timing the hold:
 * *t is set when the lock is taken and handed back to the unlock.
 */
int mms_mmap_lock(struct mm_struct *mm, u64 *t);
void mms_mmap_unlock(struct mm_struct *mm, u64 t);

/*
 * The bounded step loop of every process walk (netlink dumps and debugfs reads alike):
 * take mmap_lock (killable, timed), run one step, drop it, reschedule, and again until
 * *done or step returns non-zero (its output is full, or it has something to hand out).
 * Returns 0, or -EINTR when the lock wait or the loop was interrupted by a fatal signal.
 */
typedef int (*mms_mm_step_fn)(struct mm_struct *mm, void *arg, bool *done);
int mms_mmap_steps(struct mm_struct *mm, mms_mm_step_fn step, void *arg, bool *done);

/*
 * What the renderers have allocated now, for a leak check in the tests (debugfs features):
 * both 0 when no dump runs and no process file is open.
 */
enum mms_live {
	MMS_LIVE_DUMP_STATES,	/* netlink dump states */
	MMS_LIVE_PROC_FILES,	/* open debugfs vmas and ptdump files */
	MMS_NR_LIVE,
};

void mms_live_inc(enum mms_live what);
void mms_live_dec(enum mms_live what);
int mms_live_read(enum mms_live what);

void mms_stats_walk(enum mms_stats_walker w);
void mms_stats_bytes(enum mms_stats_renderer r, size_t n);
void mms_stats_read(struct mms_stats *s);

/*
 * Time a stretch with interrupts off (zone->lock, a slab node's list_lock): a clock read
 * before the lock is taken and one after it is dropped, so the wait for the lock counts
 * too, as an interrupts-off stretch of the walker's making.
 */
static inline u64 mms_irqoff_begin(void)
{
	return ktime_get_ns();
}

void mms_irqoff_end(u64 t0);
void mms_stats_reset(void);

#endif /* _MMSCOPE_STATS_H */
