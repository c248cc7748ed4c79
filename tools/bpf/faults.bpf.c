// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * mmscope faults: count a process's page faults per VMA and per kind.
 *
 * fentry on handle_mm_fault() reads the page-table entry the fault is about before the
 * kernel changes it; fexit sees the outcome. A fault is counted once, by the attempt that
 * completes it: an attempt returning VM_FAULT_RETRY (lock dropped for I/O, or the per-VMA
 * lock path giving up) is retried and counted then, as the kernel's own fault accounting
 * (mm_account_fault) does. The rules are in docs/faults.md.
 *
 * No vmlinux.h: the few kernel fields used are declared here and relocated by CO-RE, so
 * one object runs on every kernel with BTF (6.1 to 7.2 tested).
 */
#include <linux/types.h>
#include <linux/bpf.h>
#include <stdbool.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

#include "../faults-bpf.h"

char LICENSE[] SEC("license") = "GPL";

/* The kernel's types, reduced to what is read (CO-RE finds the fields by name). */
struct mm_struct {
	void *pgd;
} __attribute__((preserve_access_index));

struct vm_area_struct {
	unsigned long vm_start;
	unsigned long vm_end;
	struct mm_struct *vm_mm;
	unsigned long vm_flags;		/* a union member since 6.3: found all the same */
	const void *vm_ops;
	void *vm_file;
} __attribute__((preserve_access_index));

struct task_struct {
	int pid;
	int tgid;
} __attribute__((preserve_access_index));

/* Enumerator values are relocated against the running kernel's BTF. */
enum fault_flag {
	FAULT_FLAG_WRITE = 1,
	FAULT_FLAG_TRIED = 32,
	FAULT_FLAG_UNSHARE = 1024,
};

enum vm_fault_reason {
	VM_FAULT_OOM = 1,
	VM_FAULT_SIGBUS = 2,
	VM_FAULT_MAJOR = 4,
	VM_FAULT_HWPOISON = 16,
	VM_FAULT_HWPOISON_LARGE = 32,
	VM_FAULT_SIGSEGV = 64,
	VM_FAULT_RETRY = 1024,
	VM_FAULT_FALLBACK = 2048,
};

/* VM_* flags: plain #defines, the same on every kernel since 2.6 */
#define VM_SHARED	0x08UL

/* x86-64 page-table entry bits */
#define PTE_PRESENT	(1ULL << 0)
#define PTE_RW		(1ULL << 1)
#define PTE_PSE		(1ULL << 7)	/* a leaf at the pud and pmd levels */
#define PTE_PROTNONE	(1ULL << 8)	/* with present clear: PROT_NONE / NUMA hint */
#define PTE_PFN_MASK	0x000ffffffffff000ULL

enum pt_state { PT_NONE, PT_PRESENT, PT_PROTNONE, PT_SWAP, PT_UNKNOWN };

/* The direct map's base (__va), randomized by KASLR. Absent: the unrandomized default. */
extern const void page_offset_base __ksym __weak;

struct pt_leaf {
	__u64 entry;
	__u32 state;
};

/* What the fentry saw, per thread, until the attempt that completes the fault. */
struct inflight {
	__u64 address;
	__u64 entry;
	__u32 state;
	__u32 major;		/* an earlier attempt of this fault returned VM_FAULT_MAJOR */
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, MMC_FAULTS_MAX_TARGETS);
	__type(key, __u32);
	__type(value, __u32);
} targets SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__type(key, __u32);
	__type(value, struct inflight);
} inflight SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, MMC_FAULTS_MAX_VMAS);
	__type(key, struct mmc_fault_key);
	__type(value, struct mmc_fault_val);
} counts SEC(".maps");

static __always_inline __u64 read_entry(__u64 table_pa, __u64 base, __u64 addr, int shift)
{
	__u64 e = 0;

	if (bpf_probe_read_kernel(&e, sizeof(e),
				  (void *)(base + table_pa + ((addr >> shift) & 511) * 8)))
		return ~0ULL;	/* unreadable: PT_UNKNOWN */
	return e;
}

enum pt_level_kind { PT_TABLE, PT_MAYBE_HUGE, PT_LAST };

/*
 * Whether entry e ends the walk (and what it is): none, a swap entry, a huge leaf at the
 * pud or pmd level, or any entry at the pte level.
 */
static __always_inline int leaf_state(__u64 e, int kind, struct pt_leaf *leaf)
{
	leaf->entry = e;
	if (e == ~0ULL) {
		leaf->state = PT_UNKNOWN;
		return 1;
	}
	if (!e) {
		leaf->state = PT_NONE;
		return 1;
	}
	/* x86 swap entries never have _PAGE_PROTNONE set */
	if (!(e & (PTE_PRESENT | PTE_PROTNONE))) {
		leaf->state = PT_SWAP;
		return 1;
	}
	if (kind == PT_LAST || (kind == PT_MAYBE_HUGE && (e & PTE_PSE))) {
		leaf->state = e & PTE_PRESENT ? PT_PRESENT : PT_PROTNONE;
		return 1;
	}
	if (!(e & PTE_PRESENT)) {	/* a PROT_NONE table entry: cannot be */
		leaf->state = PT_UNKNOWN;
		return 1;
	}
	return 0;
}

/*
 * The entry that maps addr, as the fault handler will find it: pgd -> (p4d) -> pud -> pmd
 * -> pte, stopping at the first none, non-present or huge entry. 5-level paging puts the
 * direct map below 0xffff000000000000; with 4 levels it is above.
 */
static __always_inline void walk(struct mm_struct *mm, __u64 addr, struct pt_leaf *leaf)
{
	__u64 base = 0xffff888000000000ULL, pgd, e;
	const void *pob = &page_offset_base;

	if (pob)
		bpf_probe_read_kernel(&base, sizeof(base), pob);
	pgd = (__u64)BPF_CORE_READ(mm, pgd);
	if (!pgd) {
		leaf->state = PT_UNKNOWN;
		return;
	}
	if ((base >> 48) != 0xffff) {
		e = read_entry(pgd - base, base, addr, 48);
		if (leaf_state(e, PT_TABLE, leaf))
			return;
		e = read_entry(e & PTE_PFN_MASK, base, addr, 39);
	} else {
		e = read_entry(pgd - base, base, addr, 39);
	}
	if (leaf_state(e, PT_TABLE, leaf))
		return;
	e = read_entry(e & PTE_PFN_MASK, base, addr, 30);	/* pud */
	if (leaf_state(e, PT_MAYBE_HUGE, leaf))
		return;
	e = read_entry(e & PTE_PFN_MASK, base, addr, 21);	/* pmd */
	if (leaf_state(e, PT_MAYBE_HUGE, leaf))
		return;
	e = read_entry(e & PTE_PFN_MASK, base, addr, 12);	/* pte */
	leaf_state(e, PT_LAST, leaf);
}

SEC("fentry/handle_mm_fault")
int BPF_PROG(mmc_fault_enter, struct vm_area_struct *vma, unsigned long address,
	     unsigned int flags)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tgid = id >> 32, tid = (__u32)id;
	struct inflight *prev, cur = {};
	struct pt_leaf leaf = {};

	if (!bpf_map_lookup_elem(&targets, &tgid))
		return 0;
	walk(BPF_CORE_READ(vma, vm_mm), address, &leaf);
	cur.address = address;
	cur.entry = leaf.entry;
	cur.state = leaf.state;
	/* a retry of the same fault keeps 'major' from the attempt that did the I/O */
	prev = bpf_map_lookup_elem(&inflight, &tid);
	if (prev && prev->address == address)
		cur.major = prev->major;
	bpf_map_update_elem(&inflight, &tid, &cur, BPF_ANY);
	return 0;
}

static __always_inline __u32 classify(struct vm_area_struct *vma, unsigned long address,
				      unsigned int flags, bool major, const struct inflight *pre)
{
	unsigned long vm_flags = BPF_CORE_READ(vma, vm_flags);
	bool write = flags & (bpf_core_enum_value(enum fault_flag, FAULT_FLAG_WRITE) |
			      bpf_core_enum_value(enum fault_flag, FAULT_FLAG_UNSHARE));
	struct pt_leaf post = {};

	switch (pre->state) {
	case PT_NONE:
		if (!BPF_CORE_READ(vma, vm_ops))	/* vma_is_anonymous() */
			return MMC_FAULT_ANON_ZERO;
		if (!BPF_CORE_READ(vma, vm_file))	/* special mapping, own handler */
			return MMC_FAULT_OTHER;
		if (write && !(vm_flags & VM_SHARED))	/* read in, then copied */
			return MMC_FAULT_COW;
		return major ? MMC_FAULT_FILE_MAJOR : MMC_FAULT_FILE_MINOR;
	case PT_PRESENT:
		if (!write || (pre->entry & PTE_RW))
			return MMC_FAULT_OTHER;		/* resolved meanwhile (spurious) */
		if (vm_flags & VM_SHARED)
			return MMC_FAULT_SHARED_WRITE;
		/* a new frame: the page was copied; the same frame: reused in place */
		walk(BPF_CORE_READ(vma, vm_mm), address, &post);
		if (post.state == PT_PRESENT &&
		    (post.entry & PTE_PFN_MASK) == (pre->entry & PTE_PFN_MASK))
			return MMC_FAULT_PROT;
		return MMC_FAULT_COW;
	case PT_PROTNONE:
		return MMC_FAULT_NUMA;
	case PT_SWAP:
		return MMC_FAULT_SWAP_IN;
	default:
		return MMC_FAULT_OTHER;
	}
}

SEC("fexit/handle_mm_fault")
int BPF_PROG(mmc_fault_exit, struct vm_area_struct *vma, unsigned long address,
	     unsigned int flags, void *regs, unsigned int ret)
{
	unsigned int error = bpf_core_enum_value(enum vm_fault_reason, VM_FAULT_OOM) |
			     bpf_core_enum_value(enum vm_fault_reason, VM_FAULT_SIGBUS) |
			     bpf_core_enum_value(enum vm_fault_reason, VM_FAULT_SIGSEGV) |
			     bpf_core_enum_value(enum vm_fault_reason, VM_FAULT_HWPOISON) |
			     bpf_core_enum_value(enum vm_fault_reason, VM_FAULT_HWPOISON_LARGE) |
			     bpf_core_enum_value(enum vm_fault_reason, VM_FAULT_FALLBACK);
	unsigned int major_bit = bpf_core_enum_value(enum vm_fault_reason, VM_FAULT_MAJOR);
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tgid = id >> 32, tid = (__u32)id;
	struct mmc_fault_key key = { .tgid = tgid };
	struct mmc_fault_val *val, zero = {};
	struct inflight *pre;
	bool major;
	__u32 kind;

	pre = bpf_map_lookup_elem(&inflight, &tid);
	if (!pre)
		return 0;
	if (ret & bpf_core_enum_value(enum vm_fault_reason, VM_FAULT_RETRY)) {
		if (ret & major_bit)
			pre->major = 1;
		return 0;	/* counted when the retry completes */
	}
	/* as mm_account_fault(): a failed fault is no fault of the process's */
	if (ret & error) {
		bpf_map_delete_elem(&inflight, &tid);
		return 0;
	}
	major = pre->major || (ret & major_bit) ||
		(flags & bpf_core_enum_value(enum fault_flag, FAULT_FLAG_TRIED));
	kind = classify(vma, address, flags, major, pre);
	bpf_map_delete_elem(&inflight, &tid);

	key.vm_start = BPF_CORE_READ(vma, vm_start);
	val = bpf_map_lookup_elem(&counts, &key);
	if (!val) {
		bpf_map_update_elem(&counts, &key, &zero, BPF_NOEXIST);
		val = bpf_map_lookup_elem(&counts, &key);
		if (!val)
			return 0;	/* full */
	}
	val->vm_end = BPF_CORE_READ(vma, vm_end);
	if (kind < MMC_FAULT_NR_KINDS)
		__sync_fetch_and_add(&val->n[kind], 1);
	return 0;
}

/* A followed process's children are followed from their birth (fork starts CoW). */
SEC("tp_btf/sched_process_fork")
int BPF_PROG(mmc_fork, struct task_struct *parent, struct task_struct *child)
{
	__u32 ptgid = BPF_CORE_READ(parent, tgid), ctgid = BPF_CORE_READ(child, tgid);
	__u32 *how = bpf_map_lookup_elem(&targets, &ptgid);
	__u32 follow = MMC_TARGET_FOLLOW;

	if (how && (*how & MMC_TARGET_FOLLOW) && ctgid != ptgid)
		bpf_map_update_elem(&targets, &ctgid, &follow, BPF_NOEXIST);
	return 0;
}
