// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * The walkers' cost counters (stats-get, debugfs stats) are real: a ptdump of a region whose
 * page tables the test laid out takes exactly as many mmap_lock holds as the walker's step
 * implies (one populated page table per step, 512 empty entries per step), counts one walk,
 * a hold time above zero, and the bytes netlink sent; the debugfs view renders the same
 * counters; a reset zeroes them.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/mmscope.h>

#include "kselftest_harness.h"
#include "mmscope.h"

#define PAGE		4096UL
#define PMD		(2UL << 20)
#define PUD		(1UL << 30)
#define NR_TABLES	8	/* populated page tables: one page touched in each */
#define NR_EMPTY	64	/* PMD entries of a mapped but untouched region */
#define DBG		"/sys/kernel/debug/mmscope/"

struct layout {
	uint64_t sparse;	/* NR_TABLES PMDs, one page touched in each */
	uint64_t empty;		/* NR_EMPTY PMDs, nothing touched */
};

static void *map_pmd_aligned(size_t len)
{
	char *p = mmap(NULL, len + PMD, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		       -1, 0);
	uintptr_t a;

	if (p == MAP_FAILED)
		return NULL;
	a = ((uintptr_t)p + PMD - 1) & ~(PMD - 1);
	if (a > (uintptr_t)p)
		munmap(p, a - (uintptr_t)p);
	munmap((char *)a + len, (uintptr_t)p + PMD - a);
	/* a THP would make a PMD leaf: no page table to walk */
	madvise((void *)a, len, MADV_NOHUGEPAGE);
	return (void *)a;
}

static int fetch(struct mmc_nl *nl, bool reset, struct mmc_stats *s)
{
	int err = mmc_stats_get(nl, reset, s);

	if (err)
		fprintf(stderr, "stats-get: %s (%s)\n", strerror(-err), mmc_nl_errmsg(nl) ?: "");
	return err;
}

static int count_extent(const struct mmc_extent *e, void *arg)
{
	(void)e;
	(*(unsigned long *)arg)++;
	return 0;
}

/* One counter of the debugfs view by name, or -1. */
static long long dbg_value(const char *text, const char *name)
{
	size_t n = strlen(name);
	const char *p;

	for (p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (!strncmp(p, name, n) && p[n] == ' ')
			return atoll(p + n + 1);
	return -1;
}

static int read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	ssize_t n, len = 0;

	if (fd < 0)
		return -errno;
	while ((n = read(fd, buf + len, size - 1 - len)) > 0)
		len += n;
	close(fd);
	buf[len] = 0;
	return n < 0 ? -EIO : (int)len;
}

static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, text, strlen(text));
	close(fd);
	return n == (ssize_t)strlen(text) ? 0 : -EIO;
}

FIXTURE(stats) {
	pid_t child;
	struct layout *lay;
	struct mmc_nl *nl;
};

FIXTURE_SETUP(stats)
{
	int ready[2], err;
	char c;

	self->lay = mmap(NULL, sizeof(*self->lay), PROT_READ | PROT_WRITE,
			 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, self->lay);
	ASSERT_EQ(0, pipe(ready));
	self->child = fork();
	ASSERT_GE(self->child, 0);
	if (!self->child) {
		char *sparse = map_pmd_aligned(NR_TABLES * PMD);
		char *empty = map_pmd_aligned(NR_EMPTY * PMD);
		unsigned int i;

		if (!sparse || !empty)
			_exit(1);
		for (i = 0; i < NR_TABLES; i++)
			sparse[i * PMD + 17 * PAGE] = 1;
		self->lay->sparse = (uintptr_t)sparse;
		self->lay->empty = (uintptr_t)empty;
		c = 1;
		if (write(ready[1], &c, 1) != 1)
			_exit(1);
		pause();
		_exit(0);
	}
	close(ready[1]);
	ASSERT_EQ(1, read(ready[0], &c, 1));
	close(ready[0]);
	err = mmc_nl_open(&self->nl);
	ASSERT_EQ(0, err) TH_LOG("mmc_nl_open: %s", strerror(-err));
}

FIXTURE_TEARDOWN(stats)
{
	if (self->nl)
		mmc_nl_close(self->nl);
	kill(self->child, SIGKILL);
	waitpid(self->child, NULL, 0);
}

/* A reset zeroes the counters; the reply of the resetting call has what was there before. */
TEST_F(stats, reset_zeroes_the_counters)
{
	struct mmc_stats s;
	unsigned long n = 0;

	ASSERT_EQ(0, mmc_ptdump(self->nl, self->child, self->lay->sparse,
				self->lay->sparse + NR_TABLES * PMD, count_extent, &n));
	ASSERT_EQ(0, fetch(self->nl, true, &s));
	EXPECT_GE(s.walks_ptdump, 1);
	EXPECT_GE(s.lock_holds, NR_TABLES);
	ASSERT_EQ(0, fetch(self->nl, false, &s));
	EXPECT_EQ(0, s.walks_ptdump);
	EXPECT_EQ(0, s.walks_vmas);
	EXPECT_EQ(0, s.lock_holds);
	EXPECT_EQ(0, s.lock_hold_max_ns);
	EXPECT_EQ(0, s.bytes_netlink);
}

/*
 * One populated page table per step: NR_TABLES holds for NR_TABLES tables, and the
 * extents are what the child made (a present page, then none up to the next one).
 */
TEST_F(stats, ptdump_holds_the_lock_once_per_page_table)
{
	struct mmc_stats s;
	unsigned long n = 0, sum = 0;
	unsigned int i;

	ASSERT_EQ(0, fetch(self->nl, true, &s));
	ASSERT_EQ(0, mmc_ptdump(self->nl, self->child, self->lay->sparse,
				self->lay->sparse + NR_TABLES * PMD, count_extent, &n));
	ASSERT_EQ(0, fetch(self->nl, false, &s));
	/* none, present, none per table, the nones merging across table boundaries */
	EXPECT_EQ(2 * NR_TABLES + 1, n);
	EXPECT_EQ(1, s.walks_ptdump);
	EXPECT_EQ(NR_TABLES, s.lock_holds);
	EXPECT_GT(s.lock_hold_max_ns, 0);
	EXPECT_GE(s.lock_hold_total_ns, s.lock_hold_max_ns);
	EXPECT_GT(s.bytes_netlink, n * 20);	/* each extent a message with a header */
	EXPECT_EQ(0, s.bytes_debugfs);
	ASSERT_GT(s.nr_hist, 0);
	for (i = 0; i < s.nr_hist; i++)
		sum += s.hist[i];
	EXPECT_EQ(s.lock_holds, sum);
}

struct extents {
	unsigned int n;
	struct mmc_extent e[8];
};

static int keep_extent(const struct mmc_extent *e, void *arg)
{
	struct extents *x = arg;

	if (x->n < sizeof(x->e) / sizeof(x->e[0]))
		x->e[x->n] = *e;
	x->n++;
	return 0;
}

/* On a failure: what the walk saw, and the child's mappings around the region. */
static void explain(struct __test_metadata *_metadata, pid_t pid, const struct extents *x,
		    const struct mmc_stats *s)
{
	char path[64], line[512];
	unsigned int i;
	FILE *f;

	TH_LOG("lock_holds %llu walks_ptdump %llu; %u extents:",
	       (unsigned long long)s->lock_holds, (unsigned long long)s->walks_ptdump, x->n);
	for (i = 0; i < x->n && i < sizeof(x->e) / sizeof(x->e[0]); i++)
		TH_LOG("  %llx-%llx state %u level %u pages %llu",
		       (unsigned long long)x->e[i].start, (unsigned long long)x->e[i].end,
		       x->e[i].state, x->e[i].level, (unsigned long long)x->e[i].pages);
	snprintf(path, sizeof(path), "/proc/%d/maps", pid);
	f = fopen(path, "r");
	while (f && fgets(line, sizeof(line), f))
		TH_LOG("  maps: %s", strtok(line, "\n"));
	if (f)
		fclose(f);
}

/* Empty PMD entries cost one each: NR_EMPTY of them fit one step. */
TEST_F(stats, an_untouched_region_is_one_step)
{
	struct extents x = { 0 };
	struct mmc_stats s;
	unsigned int i;

	ASSERT_EQ(0, fetch(self->nl, true, &s));
	ASSERT_EQ(0, mmc_ptdump(self->nl, self->child, self->lay->empty,
				self->lay->empty + NR_EMPTY * PMD, keep_extent, &x));
	ASSERT_EQ(0, fetch(self->nl, false, &s));
	/*
	 * Nothing but none, [empty, end) without a gap. An extent keeps the level the walk
	 * stopped at: where the region crosses a 1 GiB boundary, a PUD entry without a PMD
	 * table and a PMD table with empty entries are two extents, split at that boundary.
	 */
	EXPECT_GE(x.n, 1);
	EXPECT_LE(x.n, 2);
	if (x.n == 1 || x.n == 2) {
		EXPECT_EQ(self->lay->empty, x.e[0].start);
		EXPECT_EQ(self->lay->empty + NR_EMPTY * PMD, x.e[x.n - 1].end);
	}
	for (i = 0; i < x.n && i < 2; i++)
		EXPECT_EQ(MMSCOPE_PT_STATE_NONE, x.e[i].state);
	if (x.n == 2) {
		EXPECT_EQ(x.e[0].end, x.e[1].start);
		EXPECT_EQ(0, x.e[0].end & (PUD - 1));
		EXPECT_NE(x.e[0].level, x.e[1].level);
	}
	EXPECT_EQ(1, s.walks_ptdump);
	EXPECT_EQ(1, s.lock_holds);
	if (_metadata->exit_code == KSFT_FAIL) {
		TH_LOG("walked %llx-%llx", (unsigned long long)self->lay->empty,
		       (unsigned long long)(self->lay->empty + NR_EMPTY * PMD));
		explain(_metadata, self->child, &x, &s);
	}
}

/* The debugfs ptdump takes the same steps, and the debugfs stats view shows the same counts. */
TEST_F(stats, debugfs_renders_the_same_counters)
{
	static char text[1 << 16];
	struct mmc_stats s;
	char target[96];
	int len;

	if (access(DBG "stats", R_OK))
		SKIP(return, "debugfs is not mounted");
	snprintf(target, sizeof(target), "%d %llx %llx", self->child,
		 (unsigned long long)self->lay->sparse,
		 (unsigned long long)(self->lay->sparse + NR_TABLES * PMD));
	ASSERT_EQ(0, write_file(DBG "target", target));
	ASSERT_EQ(0, write_file(DBG "stats", "reset\n"));
	len = read_file(DBG "ptdump", text, sizeof(text));
	ASSERT_GT(len, 0);
	ASSERT_GT(read_file(DBG "stats", text, sizeof(text)), 0);
	ASSERT_EQ(0, fetch(self->nl, false, &s));
	TH_LOG("%s", text);
	EXPECT_EQ(1, dbg_value(text, "walks_ptdump"));
	EXPECT_EQ(NR_TABLES, dbg_value(text, "lock_holds"));
	EXPECT_EQ(len, dbg_value(text, "bytes_debugfs"));
	EXPECT_EQ(0, dbg_value(text, "bytes_netlink"));
	EXPECT_EQ((long long)s.lock_holds, dbg_value(text, "lock_holds"));
	EXPECT_EQ((long long)s.lock_hold_max_ns, dbg_value(text, "lock_hold_max_ns"));
	EXPECT_EQ((long long)s.bytes_debugfs, dbg_value(text, "bytes_debugfs"));
	EXPECT_NE(NULL, strstr(text, "lock_hold_hist "));
}

TEST_HARNESS_MAIN
