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

enum mmc_fault_kind {
	MMC_FAULT_ANON_ZERO,	/* no entry, anonymous VMA: a zeroed page (or the zero page) */
	MMC_FAULT_FILE_MINOR,	/* no entry, file VMA: the page was in the page cache */
	MMC_FAULT_FILE_MAJOR,	/* no entry, file VMA: the page had to be read in (I/O) */
	MMC_FAULT_COW,		/* write to a write-protected private page: copied */
	MMC_FAULT_SHARED_WRITE,	/* write to a write-protected page of a shared VMA */
	MMC_FAULT_SWAP_IN,	/* a swap (or migration) entry */
	MMC_FAULT_PROT,		/* write-protect fault resolved without a copy */
	MMC_FAULT_NUMA,		/* a PROT_NONE (NUMA hinting) entry */
	MMC_FAULT_OTHER,	/* spurious (already resolved), special mappings, unreadable */
	MMC_FAULT_NR_KINDS,
};

/* counts: per process (tgid) and VMA (its start when the fault happened) */
struct mmc_fault_key {
	__u32 tgid;
	__u32 pad;
	__u64 vm_start;
};

struct mmc_fault_val {
	__u64 vm_end;		/* at the last fault */
	__u64 n[MMC_FAULT_NR_KINDS];
};

/* targets: tgid -> MMC_TARGET_* */
#define MMC_TARGET_FOLLOW	1	/* add the children it forks */

#define MMC_FAULTS_MAX_TARGETS	4096
#define MMC_FAULTS_MAX_VMAS	65536

#endif /* MMSCOPE_FAULTS_BPF_H */
