/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * The system's memory as the kernel counts it: the figures /proc/meminfo, a node's
 * meminfo and /proc/vmstat print (and free and sar are made of), read from the kernel's
 * own counters, for the whole system or one node. The counters are atomics: nothing is
 * locked, so the figures of one snapshot are as consistent as /proc/meminfo's.
 */
#ifndef _MMSCOPE_MEM_H
#define _MMSCOPE_MEM_H

#include <linux/types.h>
#include <uapi/linux/mmscope.h>

/*
 * One snapshot, indexed by MMSCOPE_A_MEM_*: sizes in kB, events as counted. A figure
 * missing from have is unknown (this kernel does not keep it, or it is the system's
 * only), never 0.
 */
struct mms_mem {
	u64 val[MMSCOPE_A_MEM_MAX + 1];
	u64 have;		/* BIT_ULL(attr) */
};

static inline bool mms_mem_has(const struct mms_mem *m, int attr)
{
	return m->have & BIT_ULL(attr);
}

/* Attribute names as in the spec, for the debugfs file. */
extern const char *const mms_mem_names[MMSCOPE_A_MEM_MAX + 1];

/* The whole system's figures. 0 or -ENOMEM. */
int mms_mem_read(struct mms_mem *m);
/* Node nid's figures (and MMSCOPE_A_MEM_NODE). 0, or -ENOENT when it has no memory. */
int mms_mem_read_node(struct mms_mem *m, int nid);
/* The next node with memory from nid on, or MAX_NUMNODES when there is none. */
int mms_mem_next_node(int nid);

#endif /* _MMSCOPE_MEM_H */
