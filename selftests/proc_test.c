// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * A process's memory: VMAs against /proc/PID/maps and smaps, page-table walks against
 * /proc/PID/pagemap, /proc/kpagecount and /proc/kpageflags, on a child that makes each
 * state appear (demand paging, copy-on-write, THP, hugetlb, swap, PROT_NONE, files) and
 * then blocks, so that nothing moves while both views are read.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/mmscope.h>

#include "kselftest_harness.h"
#include "mmscope.h"
#include "procmaps.h"

#define PAGE		4096UL
#define ANON_LEN	(64UL << 20)
#define HUGE_LEN	(2UL << 20)
#define MAX_VMAS	512
#define MAX_EXT		(1 << 16)

/* Shared between the test and its child: where the child put things. */
struct ctl {
	uint64_t anon, thp, huge, file_priv, file_shared, prot, cow;
	pid_t grandchild;
	int thp_ok, huge_ok, swap_ok;
	volatile int gc_wrote;
};

static struct ctl *ctl;

/* --- the child: sets up mappings on command, then blocks on the pipe ------------ */

static void touch(uint64_t addr, uint64_t len, uint64_t stride)
{
	uint64_t a;

	for (a = addr; a < addr + len; a += stride)
		*(volatile char *)a = 1;
}

static void *map_aligned(size_t len, size_t align, int prot, int flags)
{
	char *p = mmap(NULL, len + align, prot, flags, -1, 0);
	uintptr_t a;

	if (p == MAP_FAILED)
		return NULL;
	a = ((uintptr_t)p + align - 1) & ~(align - 1);
	return (void *)a;
}

static void gc_write(int sig)
{
	(void)sig;
	*(volatile char *)ctl->cow = 2;
	ctl->gc_wrote = 1;
}

static int child_cmd(char c)
{
	char path[] = "/tmp/mmscope-proc-XXXXXX";
	void *p;
	pid_t gc;
	int fd;

	switch (c) {
	case 'a':	/* demand paging: 64 MiB, every other page touched, no THP */
		p = mmap(NULL, ANON_LEN, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			 -1, 0);
		if (p == MAP_FAILED)
			return -1;
		madvise(p, ANON_LEN, MADV_NOHUGEPAGE);
		touch((uint64_t)p, ANON_LEN, 2 * PAGE);
		ctl->anon = (uint64_t)p;
		return 0;
	case 'f':	/* a file mapped private and shared, both read */
		fd = mkstemp(path);
		if (fd < 0 || ftruncate(fd, 4 * PAGE))
			return -1;
		unlink(path);
		p = mmap(NULL, 4 * PAGE, PROT_READ, MAP_PRIVATE, fd, 0);
		ctl->file_priv = (uint64_t)p;
		p = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		ctl->file_shared = (uint64_t)p;
		close(fd);
		if (!ctl->file_priv || !ctl->file_shared)
			return -1;
		(void)*(volatile char *)ctl->file_priv;
		*(volatile char *)ctl->file_shared = 1;
		return 0;
	case 'p':	/* touched, then PROT_NONE */
		p = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			 -1, 0);
		touch((uint64_t)p, 4 * PAGE, PAGE);
		mprotect(p, 4 * PAGE, PROT_NONE);
		ctl->prot = (uint64_t)p;
		return 0;
	case 't':	/* a THP: MADV_HUGEPAGE, then MADV_COLLAPSE if the fault got none */
		p = map_aligned(2 * HUGE_LEN, HUGE_LEN, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS);
		if (!p)
			return -1;
		madvise(p, 2 * HUGE_LEN, MADV_HUGEPAGE);
		touch((uint64_t)p, 2 * HUGE_LEN, PAGE);
		madvise(p, 2 * HUGE_LEN, 25 /* MADV_COLLAPSE */);
		ctl->thp = (uint64_t)p;
		return 0;
	case 'h':	/* hugetlb */
		p = mmap(NULL, HUGE_LEN, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB, -1, 0);
		if (p == MAP_FAILED)
			return -1;
		touch((uint64_t)p, HUGE_LEN, HUGE_LEN);
		ctl->huge = (uint64_t)p;
		return 0;
	case 'r':	/* write again to every eighth page of the demand-paged region */
		touch(ctl->anon, ANON_LEN, 8 * PAGE);
		return 0;
	case 's':	/* page the demand-paged region out to swap */
		if (madvise((void *)ctl->anon, ANON_LEN / 2, 21 /* MADV_PAGEOUT */))
			return -1;
		return 0;
	case 'c':	/* fork a grandchild sharing a written page */
		p = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			 -1, 0);
		touch((uint64_t)p, 4 * PAGE, PAGE);
		ctl->cow = (uint64_t)p;
		signal(SIGUSR1, gc_write);
		/* only the parent side writes the shared ctl page */
		gc = fork();
		if (gc < 0)
			return -1;
		if (!gc) {
			for (;;)
				pause();
		}
		ctl->grandchild = gc;
		return 0;
	}
	return -1;
}

static void child_loop(int cmd, int ack)
{
	char c, r;

	for (;;) {
		if (read(cmd, &c, 1) != 1)
			_exit(0);
		r = child_cmd(c) ? '-' : '+';
		if (write(ack, &r, 1) != 1)
			_exit(1);
	}
}

/* --- the test side ------------------------------------------------------------- */

/*
 * Each case builds a child with 64 MiB touched and reads it page by page through pagemap:
 * seconds under TCG, minutes under KASAN with other guests on the host. The harness's
 * default of 30 s is a hang detector here, not a speed limit.
 */
#define PROC_TIMEOUT	300

FIXTURE(proc) {
	struct mmc_nl *nl;
	pid_t child;
	int cmd, ack;
};

FIXTURE_SETUP(proc)
{
	int c[2], a[2];

	ASSERT_EQ(0, mmc_nl_open(&self->nl));
	ctl = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, ctl);
	memset(ctl, 0, sizeof(*ctl));
	ASSERT_EQ(0, pipe(c));
	ASSERT_EQ(0, pipe(a));
	self->child = fork();
	ASSERT_LE(0, self->child);
	if (!self->child) {
		close(c[1]);
		close(a[0]);
		child_loop(c[0], a[1]);
	}
	close(c[0]);
	close(a[1]);
	self->cmd = c[1];
	self->ack = a[0];
}

FIXTURE_TEARDOWN(proc)
{
	if (ctl && ctl->grandchild > 0)
		kill(ctl->grandchild, SIGKILL);
	kill(self->child, SIGKILL);
	waitpid(self->child, NULL, 0);
	mmc_nl_close(self->nl);
}

static int ask(int cmd, int ack, char c)
{
	char r;

	if (write(cmd, &c, 1) != 1 || read(ack, &r, 1) != 1)
		return -1;
	return r == '+' ? 0 : -1;
}

#define ASK(c) ask(self->cmd, self->ack, c)

struct vmas {
	int n;
	struct mmc_vma v[MAX_VMAS];
};

static int collect_vma(const struct mmc_vma *v, void *arg)
{
	struct vmas *vs = arg;

	if (vs->n >= MAX_VMAS)
		return -ENOSPC;
	vs->v[vs->n++] = *v;
	return 0;
}

static void perms_of(const struct mmc_vma *v, char *p)
{
	p[0] = v->flags & MMSCOPE_VM_FLAGS_READ ? 'r' : '-';
	p[1] = v->flags & MMSCOPE_VM_FLAGS_WRITE ? 'w' : '-';
	p[2] = v->flags & MMSCOPE_VM_FLAGS_EXEC ? 'x' : '-';
	p[3] = v->flags & MMSCOPE_VM_FLAGS_MAYSHARE ? 's' : 'p';
	p[4] = 0;
}

struct exts {
	int n;
	struct mmc_extent e[MAX_EXT];
};

static int collect_ext(const struct mmc_extent *e, void *arg)
{
	struct exts *es = arg;

	if (es->n >= MAX_EXT)
		return -ENOSPC;
	es->e[es->n++] = *e;
	return 0;
}

/* The extent covering addr, or NULL. */
static const struct mmc_extent *ext_at(const struct exts *es, uint64_t addr)
{
	int i;

	for (i = 0; i < es->n; i++)
		if (es->e[i].start <= addr && addr < es->e[i].end)
			return &es->e[i];
	return NULL;
}

TEST_F_TIMEOUT(proc, vmas_match_maps_and_smaps, PROC_TIMEOUT)
{
	static struct vmas vs;
	static struct proc_vma pv[MAX_VMAS];
	int i, n;

	ASSERT_EQ(0, ASK('a'));
	ASSERT_EQ(0, ASK('f'));
	ASSERT_EQ(0, ASK('p'));
	ASSERT_EQ(0, ASK('c'));
	vs.n = 0;
	ASSERT_EQ(0, mmc_vmas_dump(self->nl, self->child, collect_vma, &vs))
		TH_LOG("%s", mmc_nl_errmsg(self->nl) ?: "");
	n = proc_smaps(self->child, pv, MAX_VMAS);
	ASSERT_EQ(n, vs.n);
	for (i = 0; i < n; i++) {
		const struct mmc_vma *v = &vs.v[i];
		char perms[8];

		perms_of(v, perms);
		EXPECT_EQ(pv[i].start, v->start);
		EXPECT_EQ(pv[i].end, v->end);
		EXPECT_STREQ(pv[i].perms, perms);
		EXPECT_EQ(pv[i].offset, v->pgoff);
		EXPECT_EQ(pv[i].dev_major, v->dev_major);
		EXPECT_EQ(pv[i].dev_minor, v->dev_minor);
		EXPECT_EQ(pv[i].inode, v->inode);
		EXPECT_STREQ(pv[i].path, v->name);
		EXPECT_EQ(pv[i].rss, v->rss_pages * 4) TH_LOG("%s %lx", pv[i].path, (long)v->start);
		EXPECT_EQ(pv[i].swap, v->swap_pages * 4);
		EXPECT_EQ(pv[i].anon_huge, v->anon_pages && v->huge_pages ? v->huge_pages * 4 : 0);
	}
	TH_LOG("%d VMAs match maps and smaps", n);
}

static int write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), ok;

	if (fd < 0)
		return -1;
	ok = write(fd, s, strlen(s)) == (ssize_t)strlen(s);
	close(fd);
	return ok ? 0 : -1;
}

/* ptdump and walk of the demand-paged region against pagemap, page by page. */
TEST_F_TIMEOUT(proc, demand_paging_matches_pagemap, PROC_TIMEOUT)
{
	static struct exts es;
	static uint64_t pm[ANON_LEN / PAGE];
	uint64_t i, present = 0, none = 0, a;
	struct mmc_walk w;

	ASSERT_EQ(0, ASK('a'));
	es.n = 0;
	ASSERT_EQ(0, mmc_ptdump(self->nl, self->child, ctl->anon, ctl->anon + ANON_LEN,
				collect_ext, &es)) TH_LOG("%s", mmc_nl_errmsg(self->nl) ?: "");
	ASSERT_EQ(0, proc_pagemap(self->child, ctl->anon, ANON_LEN / PAGE, pm));
	for (i = 0; i < ANON_LEN / PAGE; i++) {
		const struct mmc_extent *e;

		a = ctl->anon + i * PAGE;
		e = ext_at(&es, a);
		ASSERT_NE(NULL, e) TH_LOG("no extent at %lx", (long)a);
		/* pagemap ORs the VMA's VM_SOFTDIRTY into the pte's bit */
		if (e->bits & MMSCOPE_PT_BITS_SOFT_DIRTY)
			ASSERT_TRUE(pm[i] & PM_SOFT_DIRTY) TH_LOG("%lx", (long)a);
		if (pm[i] & PM_PRESENT) {
			present++;
			ASSERT_EQ(MMSCOPE_PT_STATE_PRESENT, e->state) TH_LOG("%lx", (long)a);
			ASSERT_TRUE(e->has_pfn);
			ASSERT_EQ(PM_PFN(pm[i]), e->pfn + (a - e->start) / PAGE);
			ASSERT_EQ(MMSCOPE_PT_LEVEL_PTE, e->level);
		} else {
			none++;
			ASSERT_EQ(MMSCOPE_PT_STATE_NONE, e->state) TH_LOG("%lx", (long)a);
		}
	}
	EXPECT_EQ(ANON_LEN / PAGE / 2, present);
	EXPECT_EQ(ANON_LEN / PAGE / 2, none);

	/* one touched, one untouched page, walked level by level */
	ASSERT_EQ(0, mmc_walk(self->nl, self->child, ctl->anon, &w));
	EXPECT_EQ(MMSCOPE_PT_STATE_PRESENT, w.state);
	EXPECT_TRUE(w.has_leaf);
	EXPECT_EQ(MMSCOPE_PT_LEVEL_PTE, w.leaf);
	EXPECT_EQ(5, w.nr_levels);
	EXPECT_EQ(PM_PFN(pm[0]), w.pfn);
	EXPECT_EQ(w.pfn * PAGE, w.phys);
	EXPECT_TRUE(w.has_page);
	EXPECT_EQ(proc_kpagecount(w.pfn), w.page.mapcount);
	EXPECT_TRUE(w.page.flags & MMSCOPE_PAGE_FLAGS_ANON);
	EXPECT_EQ(!!(pm[0] & PM_EXCLUSIVE), !!(w.page.flags & MMSCOPE_PAGE_FLAGS_ANON_EXCLUSIVE));
	EXPECT_FALSE(pm[0] & PM_FILE);
	EXPECT_TRUE(proc_kpageflags(w.pfn) & (1LL << KPF_ANON));
	EXPECT_FALSE(w.cow);
	ASSERT_EQ(0, mmc_walk(self->nl, self->child, ctl->anon + PAGE, &w));
	EXPECT_EQ(MMSCOPE_PT_STATE_NONE, w.state);
	EXPECT_FALSE(w.has_leaf);
	EXPECT_FALSE(w.has_pfn);
}

/* Soft-dirty after clear_refs: only the pages written since carry the bit. */
/* New VMAs carry VM_SOFTDIRTY ("sd") only on kernels built with CONFIG_MEM_SOFT_DIRTY. */
static bool kernel_has_soft_dirty(void)
{
	char line[512];
	bool sd = false;
	FILE *f = fopen("/proc/self/smaps", "r");

	if (!f)
		return false;
	while (!sd && fgets(line, sizeof(line), f))
		sd = !strncmp(line, "VmFlags:", 8) && strstr(line, " sd");
	fclose(f);
	return sd;
}

TEST_F_TIMEOUT(proc, soft_dirty_matches_pagemap, PROC_TIMEOUT)
{
	static struct exts es;
	static uint64_t pm[ANON_LEN / PAGE];
	char path[64];
	uint64_t i, dirty = 0;

	if (!kernel_has_soft_dirty())
		SKIP(return, "the kernel has no soft-dirty tracking (CONFIG_MEM_SOFT_DIRTY)");
	ASSERT_EQ(0, ASK('a'));
	snprintf(path, sizeof(path), "/proc/%d/clear_refs", self->child);
	ASSERT_EQ(0, write_file(path, "4"));
	ASSERT_EQ(0, ASK('r'));
	es.n = 0;
	ASSERT_EQ(0, mmc_ptdump(self->nl, self->child, ctl->anon, ctl->anon + ANON_LEN,
				collect_ext, &es));
	ASSERT_EQ(0, proc_pagemap(self->child, ctl->anon, ANON_LEN / PAGE, pm));
	for (i = 0; i < ANON_LEN / PAGE; i++) {
		const struct mmc_extent *e = ext_at(&es, ctl->anon + i * PAGE);

		ASSERT_NE(NULL, e);
		ASSERT_EQ(!!(pm[i] & PM_SOFT_DIRTY), !!(e->bits & MMSCOPE_PT_BITS_SOFT_DIRTY))
			TH_LOG("page %llu", (unsigned long long)i);
		dirty += !!(pm[i] & PM_SOFT_DIRTY);
	}
	EXPECT_EQ(ANON_LEN / PAGE / 8, dirty);
}

/* Copy-on-write after fork: shared frames with mapcount 2, then a write splits them. */
TEST_F_TIMEOUT(proc, copy_on_write_after_fork, PROC_TIMEOUT)
{
	struct mmc_walk p, c;
	int tries;

	ASSERT_EQ(0, ASK('c'));
	ASSERT_LT(0, ctl->grandchild);
	ASSERT_EQ(0, mmc_walk(self->nl, self->child, ctl->cow, &p));
	ASSERT_EQ(0, mmc_walk(self->nl, ctl->grandchild, ctl->cow, &c));
	ASSERT_EQ(MMSCOPE_PT_STATE_PRESENT, p.state);
	ASSERT_EQ(MMSCOPE_PT_STATE_PRESENT, c.state);
	EXPECT_EQ(p.pfn, c.pfn);
	EXPECT_EQ(2, p.page.mapcount);
	EXPECT_EQ(proc_kpagecount(p.pfn), p.page.mapcount);
	EXPECT_TRUE(p.cow);
	EXPECT_TRUE(c.cow);
	EXPECT_FALSE(p.levels[4].bits & MMSCOPE_PT_BITS_RW);

	ASSERT_EQ(0, kill(ctl->grandchild, SIGUSR1));
	for (tries = 0; tries < 1000 && !ctl->gc_wrote; tries++)
		usleep(1000);
	ASSERT_TRUE(ctl->gc_wrote);
	ASSERT_EQ(0, mmc_walk(self->nl, self->child, ctl->cow, &p));
	ASSERT_EQ(0, mmc_walk(self->nl, ctl->grandchild, ctl->cow, &c));
	EXPECT_NE(p.pfn, c.pfn);
	EXPECT_EQ(1, c.page.mapcount);
	EXPECT_FALSE(c.cow);
	EXPECT_TRUE(c.levels[4].bits & MMSCOPE_PT_BITS_RW);
	EXPECT_TRUE(c.levels[4].bits & MMSCOPE_PT_BITS_DIRTY);
}

TEST_F_TIMEOUT(proc, thp_is_a_pmd_leaf, PROC_TIMEOUT)
{
	static struct exts es;
	struct mmc_walk w;
	uint64_t pm;
	int64_t kf;

	write_file("/sys/kernel/mm/transparent_hugepage/enabled", "madvise");
	ASSERT_EQ(0, ASK('t'));
	ASSERT_EQ(0, proc_pagemap(self->child, ctl->thp, 1, &pm));
	kf = proc_kpageflags(PM_PFN(pm));
	if (!(kf & (1LL << KPF_THP)))
		SKIP(return, "the guest could not give the child a THP (kpageflags %llx)",
		     (long long)kf);
	ASSERT_EQ(0, mmc_walk(self->nl, self->child, ctl->thp + 5 * PAGE, &w));
	EXPECT_EQ(MMSCOPE_PT_STATE_PRESENT, w.state);
	EXPECT_EQ(MMSCOPE_PT_LEVEL_PMD, w.leaf);
	EXPECT_EQ(4, w.nr_levels);
	EXPECT_TRUE(w.levels[3].bits & MMSCOPE_PT_BITS_HUGE);
	EXPECT_EQ(PM_PFN(pm) + 5, w.pfn);
	EXPECT_TRUE(w.page.flags & MMSCOPE_PAGE_FLAGS_THP);
	EXPECT_EQ(9, w.page.order);
	EXPECT_EQ(proc_kpagecount(w.pfn), w.page.mapcount);

	es.n = 0;
	ASSERT_EQ(0, mmc_ptdump(self->nl, self->child, ctl->thp, ctl->thp + HUGE_LEN,
				collect_ext, &es));
	ASSERT_EQ(1, es.n);
	EXPECT_EQ(512, es.e[0].pages);
	EXPECT_EQ(MMSCOPE_PT_LEVEL_PMD, es.e[0].level);
	EXPECT_EQ(PM_PFN(pm), es.e[0].pfn);
}

TEST_F_TIMEOUT(proc, hugetlb_is_a_pmd_leaf, PROC_TIMEOUT)
{
	static struct vmas vs;
	static struct proc_vma pv[MAX_VMAS];
	struct mmc_walk w;
	uint64_t pm;
	int i, n;

	write_file("/proc/sys/vm/nr_hugepages", "4");
	if (ASK('h'))
		SKIP(return, "no hugetlb page could be reserved in the guest");
	ASSERT_EQ(0, mmc_walk(self->nl, self->child, ctl->huge + 3 * PAGE, &w));
	ASSERT_EQ(0, proc_pagemap(self->child, ctl->huge, 1, &pm));
	EXPECT_EQ(MMSCOPE_PT_STATE_PRESENT, w.state);
	EXPECT_EQ(MMSCOPE_PT_LEVEL_PMD, w.leaf);
	EXPECT_TRUE(w.page.flags & MMSCOPE_PAGE_FLAGS_HUGETLB);
	EXPECT_TRUE(proc_kpageflags(w.pfn) & (1LL << KPF_HUGE));
	EXPECT_TRUE(w.vma_flags & MMSCOPE_VM_FLAGS_HUGETLB);
	EXPECT_EQ(PM_PFN(pm) + 3, w.pfn);

	vs.n = 0;
	ASSERT_EQ(0, mmc_vmas_dump(self->nl, self->child, collect_vma, &vs));
	n = proc_smaps(self->child, pv, MAX_VMAS);
	for (i = 0; i < n && i < vs.n; i++)
		if (vs.v[i].start == ctl->huge)
			EXPECT_EQ(pv[i].private_hugetlb + pv[i].shared_hugetlb,
				  vs.v[i].huge_pages * 4);
}

static int swap_setup(void)
{
	if (system("grep -q zram0 /proc/swaps 2>/dev/null && exit 0; "
		   "modprobe zram 2>/dev/null; "
		   "echo 64M > /sys/block/zram0/disksize && mkswap /dev/zram0 >/dev/null && "
		   "swapon /dev/zram0"))
		return -1;
	return 0;
}

TEST_F_TIMEOUT(proc, swap_entries_match_pagemap, PROC_TIMEOUT)
{
	static uint64_t pm[ANON_LEN / 2 / PAGE];
	static struct exts es;
	uint64_t i, swapped = 0;
	struct mmc_walk w;

	if (swap_setup())
		SKIP(return, "no zram swap in this guest");
	ASSERT_EQ(0, ASK('a'));
	ASSERT_EQ(0, ASK('s'));
	ASSERT_EQ(0, proc_pagemap(self->child, ctl->anon, ANON_LEN / 2 / PAGE, pm));
	es.n = 0;
	ASSERT_EQ(0, mmc_ptdump(self->nl, self->child, ctl->anon, ctl->anon + ANON_LEN / 2,
				collect_ext, &es));
	for (i = 0; i < ANON_LEN / 2 / PAGE; i++) {
		uint64_t a = ctl->anon + i * PAGE;
		const struct mmc_extent *e = ext_at(&es, a);

		ASSERT_NE(NULL, e);
		if (!(pm[i] & PM_SWAP))
			continue;
		swapped++;
		ASSERT_EQ(MMSCOPE_PT_STATE_SWAP, e->state) TH_LOG("%lx", (long)a);
		ASSERT_EQ(PM_SWAP_OFF(pm[i]), e->pfn + (a - e->start) / PAGE);
		if (swapped == 1) {
			ASSERT_EQ(0, mmc_walk(self->nl, self->child, a, &w));
			EXPECT_EQ(MMSCOPE_PT_STATE_SWAP, w.state);
			EXPECT_TRUE(w.has_swap);
			EXPECT_EQ(PM_SWAP_TYPE(pm[i]), w.swap_type);
			EXPECT_EQ(PM_SWAP_OFF(pm[i]), w.swap_offset);
		}
	}
	ASSERT_LT(0, swapped) TH_LOG("MADV_PAGEOUT swapped nothing out");
	TH_LOG("%llu swapped pages match pagemap", (unsigned long long)swapped);
}

TEST_F_TIMEOUT(proc, protnone_file_stack_vdso, PROC_TIMEOUT)
{
	static struct vmas vs;
	struct mmc_walk w;
	uint64_t pm;
	bool stack = false, vdso = false;
	int i;

	ASSERT_EQ(0, ASK('p'));
	ASSERT_EQ(0, ASK('f'));
	ASSERT_EQ(0, mmc_walk(self->nl, self->child, ctl->prot, &w));
	ASSERT_EQ(0, proc_pagemap(self->child, ctl->prot, 1, &pm));
	EXPECT_EQ(!!(pm & PM_PRESENT), w.state == MMSCOPE_PT_STATE_PRESENT);
	EXPECT_FALSE(w.vma_flags & (MMSCOPE_VM_FLAGS_READ | MMSCOPE_VM_FLAGS_WRITE));

	ASSERT_EQ(0, mmc_walk(self->nl, self->child, ctl->file_priv, &w));
	ASSERT_EQ(0, proc_pagemap(self->child, ctl->file_priv, 1, &pm));
	EXPECT_EQ(MMSCOPE_PT_STATE_PRESENT, w.state);
	EXPECT_EQ(PM_PFN(pm), w.pfn);
	EXPECT_TRUE(w.page.flags & MMSCOPE_PAGE_FLAGS_FILE);
	EXPECT_TRUE(pm & PM_FILE);
	EXPECT_EQ(proc_kpagecount(w.pfn), w.page.mapcount);
	ASSERT_EQ(0, mmc_walk(self->nl, self->child, ctl->file_shared, &w));
	EXPECT_TRUE(w.vma_flags & MMSCOPE_VM_FLAGS_SHARED);
	EXPECT_TRUE(w.page.flags & MMSCOPE_PAGE_FLAGS_DIRTY || w.levels[4].bits & MMSCOPE_PT_BITS_DIRTY);

	vs.n = 0;
	ASSERT_EQ(0, mmc_vmas_dump(self->nl, self->child, collect_vma, &vs));
	for (i = 0; i < vs.n; i++) {
		stack |= !strcmp(vs.v[i].name, "[stack]");
		if (!strcmp(vs.v[i].name, "[vdso]")) {
			vdso = true;
			ASSERT_EQ(0, mmc_walk(self->nl, self->child, vs.v[i].start, &w));
			ASSERT_EQ(0, proc_pagemap(self->child, vs.v[i].start, 1, &pm));
			EXPECT_EQ(!!(pm & PM_PRESENT), w.state == MMSCOPE_PT_STATE_PRESENT);
		}
	}
	EXPECT_TRUE(stack);
	EXPECT_TRUE(vdso);
}

static void expect_error(struct __test_metadata *_metadata, struct mmc_nl *nl, int got,
			 int want)
{
	EXPECT_EQ(want, got);
	EXPECT_NE(NULL, mmc_nl_errmsg(nl));
	TH_LOG("%d: %s", got, mmc_nl_errmsg(nl) ?: "(no message)");
}

TEST_F_TIMEOUT(proc, bad_input_is_refused_with_a_message, PROC_TIMEOUT)
{
	static struct exts es;
	struct mmc_walk w;
	pid_t zombie;

	expect_error(_metadata, self->nl, mmc_walk(self->nl, 999999, 0x1000, &w), -ESRCH);
	/* kthreadd */
	expect_error(_metadata, self->nl, mmc_walk(self->nl, 2, 0x1000, &w), -EINVAL);
	expect_error(_metadata, self->nl, mmc_walk(self->nl, self->child, 1ULL << 60, &w),
		     -EINVAL);
	expect_error(_metadata, self->nl, mmc_walk(self->nl, self->child, 0x1000, &w), -ENXIO);
	expect_error(_metadata, self->nl,
		     mmc_ptdump(self->nl, self->child, 0x2000, 0x1000, collect_ext, &es),
		     -EINVAL);
	expect_error(_metadata, self->nl,
		     mmc_ptdump(self->nl, self->child, 1ULL << 60, (1ULL << 60) + 4096,
				collect_ext, &es), -EINVAL);
	expect_error(_metadata, self->nl,
		     mmc_vmas_dump(self->nl, 2, collect_vma, NULL), -EINVAL);

	zombie = fork();
	ASSERT_LE(0, zombie);
	if (!zombie)
		_exit(0);
	usleep(100000);
	expect_error(_metadata, self->nl, mmc_walk(self->nl, zombie, 0x1000, &w), -ESRCH);
	waitpid(zombie, NULL, 0);
}

/* The target dies while its ptdump is streaming: a clean error or a clean end. */
static pid_t victim;
static int kill_on_first(const struct mmc_extent *e, void *arg)
{
	int *n = arg;

	(void)e;
	if (!(*n)++)
		kill(victim, SIGKILL);
	return 0;
}

TEST_F_TIMEOUT(proc, target_exits_during_ptdump, PROC_TIMEOUT)
{
	int n = 0, err;

	ASSERT_EQ(0, ASK('a'));
	victim = self->child;
	err = mmc_ptdump(self->nl, self->child, 0, 0, kill_on_first, &n);
	EXPECT_TRUE(err == 0 || err == -ESRCH) TH_LOG("err %d: %s", err,
						      mmc_nl_errmsg(self->nl) ?: "");
	TH_LOG("%d extents, then: %s", n, err ? mmc_nl_errmsg(self->nl) : "completed");
	/* the family still answers */
	EXPECT_EQ(0, mmc_ptdump(self->nl, getpid(), 0, 0, collect_ext,
				&(struct exts){ .n = 0 }));
}

/* Another thread of the target maps and unmaps while the target is dumped. */
TEST_F_TIMEOUT(proc, dumps_while_the_target_remaps, PROC_TIMEOUT)
{
	static struct exts es;
	static struct vmas vs;
	pid_t churn = fork();
	int i, err;

	ASSERT_LE(0, churn);
	if (!churn) {
		for (;;) {
			char *p = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE,
				       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
			if (p != MAP_FAILED) {
				touch((uint64_t)p, 1 << 20, PAGE);
				mprotect(p, 1 << 19, PROT_READ);
				madvise(p, 1 << 20, MADV_DONTNEED);
				munmap(p, 1 << 20);
			}
		}
	}
	for (i = 0; i < 50; i++) {
		es.n = 0;
		vs.n = 0;
		err = mmc_ptdump(self->nl, churn, 0, 0, collect_ext, &es);
		EXPECT_EQ(0, err) TH_LOG("%s", mmc_nl_errmsg(self->nl) ?: "");
		err = mmc_vmas_dump(self->nl, churn, collect_vma, &vs);
		EXPECT_EQ(0, err);
		for (int j = 1; j < es.n; j++)
			ASSERT_LE(es.e[j - 1].end, es.e[j].start);
	}
	kill(churn, SIGKILL);
	waitpid(churn, NULL, 0);
}

/* An ordinary user: its own process without frames; another's refused. */
static int walk_as_user(pid_t other)
{
	struct mmc_nl *nl;
	struct mmc_walk w;
	int err;
	static char buf[4096];

	if (setgroups(0, NULL) || setresgid(65534, 65534, 65534) ||
	    setresuid(65534, 65534, 65534))
		return 10;
	/* changing uids cleared it; an ordinary user's process is dumpable */
	if (prctl(PR_SET_DUMPABLE, 1))
		return 10;
	if (mmc_nl_open(&nl))
		return 11;
	err = mmc_walk(nl, getpid(), (uint64_t)buf, &w);
	if (err == -EPERM && mmc_nl_errmsg(nl) && strstr(mmc_nl_errmsg(nl), "dumpability"))
		err = 0;	/* this kernel cannot check dumpability: refused by design */
	else if (err || w.has_pfn || w.has_page || PM_PFN(w.levels[w.nr_levels - 1].entry) >> 12)
		return 12;
	if (mmc_walk(nl, other, 0x1000, &w) != -EPERM || !mmc_nl_errmsg(nl))
		return 13;
	return err;
}

TEST_F_TIMEOUT(proc, unprivileged_sees_own_without_frames, PROC_TIMEOUT)
{
	int status;
	pid_t pid = fork();

	ASSERT_LE(0, pid);
	if (!pid)
		_exit(walk_as_user(self->child));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_EQ(0, WEXITSTATUS(status));
}

TEST_HARNESS_MAIN
