/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * What bpf/faults.bpf.c and the tool share: the fault kinds and the maps' keys and values.
 * The classification is documented in docs/faults.md and mmscope(8).
 */
#ifndef MMSCOPE_FAULTS_BPF_H
#define MMSCOPE_FAULTS_BPF_H

#include <linux/types.h>

enum mms_fault_kind {
	MMS_FAULT_ANON_ZERO,	/* no entry, anonymous VMA: a zeroed page (or the zero page) */
	MMS_FAULT_FILE_MINOR,	/* no entry, file VMA: the page was in the page cache */
	MMS_FAULT_FILE_MAJOR,	/* no entry, file VMA: the page had to be read in (I/O) */
	MMS_FAULT_COW,		/* write to a write-protected private page: copied */
	MMS_FAULT_SHARED_WRITE,	/* write to a write-protected page of a shared VMA */
	MMS_FAULT_SWAP_IN,	/* a swap (or migration) entry */
	MMS_FAULT_PROT,		/* write-protect fault resolved without a copy */
	MMS_FAULT_NUMA,		/* a PROT_NONE (NUMA hinting) entry */
	MMS_FAULT_OTHER,	/* spurious (already resolved), special mappings, unreadable */
	MMS_FAULT_NR_KINDS,
};

/* counts: per process (tgid) and VMA (its start when the fault happened) */
struct mms_fault_key {
	__u32 tgid;
	__u32 pad;
	__u64 vm_start;
};

struct mms_fault_val {
	__u64 vm_end;		/* at the last fault */
	__u64 n[MMS_FAULT_NR_KINDS];
};

/* targets: tgid -> MMS_TARGET_* */
#define MMS_TARGET_FOLLOW	1	/* add the children it forks */

#define MMS_FAULTS_MAX_TARGETS	4096
#define MMS_FAULTS_MAX_VMAS	65536

#endif /* MMSCOPE_FAULTS_BPF_H */
