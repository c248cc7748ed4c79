// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * Slab caches: every cache and figure the module exports, checked against the kernel's own
 * views in the same guest (/proc/slabinfo, /sys/kernel/slab/NAME/), and a test module's
 * cache moved by known numbers of objects.
 *
 * Caches move while we read, so counts are compared on caches that are quiet: mmscope, then
 * the kernel's view, then mmscope again, and a cache counts only when the two mmscope reads
 * agree. No tolerance: a figure that is off on a quiet cache fails.
 */
#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/mmscope.h>

#include "kselftest_harness.h"
#include "mmscope.h"
#include "nl-internal.h"
#include "procfs.h"

#define TRIES		50
#define MAX_CACHES	1024
#define DBG_SLABINFO	"/sys/kernel/debug/mmscope/slabinfo"
#define SYS_SLAB	"/sys/kernel/slab"
#define KMOD_CTL	"/sys/kernel/debug/mms_slab_test/ctl"
#define KMOD_CACHE	"mmscope_test"

struct caches {
	int n;
	struct mmc_slab s[MAX_CACHES];
};

static int collect(const struct mmc_slab *s, void *arg)
{
	struct caches *c = arg;

	if (c->n >= MAX_CACHES)
		return -ENOSPC;
	c->s[c->n++] = *s;
	return 0;
}

static int read_caches(struct mmc_nl *nl, struct caches *c)
{
	c->n = 0;
	return mmc_slabs_dump(nl, collect, c);
}

/* The same caches, in the same order, with the same counts. */
static bool same_counts(const struct mmc_slab *a, const struct mmc_slab *b)
{
	return !strcmp(a->name, b->name) && a->active_objs == b->active_objs &&
	       a->num_objs == b->num_objs && a->num_slabs == b->num_slabs &&
	       a->partial_slabs == b->partial_slabs;
}

static bool same_list(const struct caches *a, const struct caches *b)
{
	int i;

	if (a->n != b->n)
		return false;
	for (i = 0; i < a->n; i++)
		if (strcmp(a->s[i].name, b->s[i].name))
			return false;
	return true;
}

/* A name used by one cache only: its /sys/kernel/slab/NAME is that cache's. */
static bool unique_name(const struct caches *c, int i)
{
	int j;

	if (strchr(c->s[i].name, '/'))
		return false;
	for (j = 0; j < c->n; j++)
		if (j != i && !strcmp(c->s[j].name, c->s[i].name))
			return false;
	return true;
}

/* The first number of a sysfs slab attribute ("12 N0=12"); -1 when there is none. */
static long long sysfs_slab_num(const char *name, const char *attr)
{
	char path[PATH_MAX];
	long long v;
	FILE *f;
	int ok;

	snprintf(path, sizeof(path), SYS_SLAB "/%s/%s", name, attr);
	f = fopen(path, "re");
	if (!f)
		return -1;
	ok = fscanf(f, "%lld", &v) == 1;
	fclose(f);
	return ok ? v : -1;
}

FIXTURE(slab) {
	struct mmc_nl *nl;
	struct caches *a, *b;
	struct proc_slab *p;
};

FIXTURE_SETUP(slab)
{
	int err = mmc_nl_open(&self->nl);

	ASSERT_EQ(0, err) TH_LOG("mmc_nl_open: %s (is the module loaded?)", strerror(-err));
	self->a = calloc(1, sizeof(*self->a));
	self->b = calloc(1, sizeof(*self->b));
	self->p = calloc(MAX_CACHES, sizeof(*self->p));
	ASSERT_TRUE(self->a && self->b && self->p);
	err = read_caches(self->nl, self->a);
	if (err == -EOPNOTSUPP)
		SKIP(return, "the slab view is off: %s", mmc_nl_errmsg(self->nl));
	ASSERT_EQ(0, err) TH_LOG("slab dump: %s (%s)", strerror(-err),
				 mmc_nl_errmsg(self->nl) ?: "");
}

FIXTURE_TEARDOWN(slab)
{
	free(self->a);
	free(self->b);
	free(self->p);
	mmc_nl_close(self->nl);
}

/* Every cache of /proc/slabinfo, in its order, and no other; geometry equal. */
TEST_F(slab, every_cache_listed_with_its_geometry)
{
	char why[512] = "";
	int try, n = 0, i;

	for (try = 0; try < TRIES; try++) {
		ASSERT_EQ(0, read_caches(self->nl, self->a));
		n = proc_slabinfo("/proc/slabinfo", self->p, MAX_CACHES);
		ASSERT_LT(0, n);
		ASSERT_EQ(0, read_caches(self->nl, self->b));
		if (!same_list(self->a, self->b))
			continue;	/* a cache came or went: read again */
		if (self->a->n != n) {
			snprintf(why, sizeof(why), "%d caches, /proc/slabinfo has %d", self->a->n, n);
			continue;
		}
		for (i = 0; i < n; i++) {
			const struct mmc_slab *s = &self->a->s[i];
			const struct proc_slab *p = &self->p[i];

			if (strcmp(s->name, p->name)) {
				snprintf(why, sizeof(why), "cache %d is %s, /proc/slabinfo has %s",
					 i, s->name, p->name);
				break;
			}
			/* the same cache in the same list: its geometry cannot differ */
			ASSERT_TRUE(s->size == p->objsize && s->objs_per_slab == p->objperslab &&
				    s->pages_per_slab == p->pagesperslab &&
				    s->pages_per_slab == 1U << s->order)
				TH_LOG("%s: size %u objs/slab %u pages/slab %u (order %u), /proc/slabinfo %u %u %u",
				       s->name, s->size, s->objs_per_slab, s->pages_per_slab,
				       s->order, p->objsize, p->objperslab, p->pagesperslab);
		}
		if (i == n)
			break;
	}
	ASSERT_LT(try, TRIES) TH_LOG("%s", why);
	TH_LOG("%d caches, names and geometry as /proc/slabinfo (after %d retries)", n, try);
}

/*
 * Counts per cache: a cache is checked once it was quiet (both mmscope reads equal) in a
 * round where the cache list did not change; then /proc/slabinfo must say the same.
 */
TEST_F(slab, counts_equal_slabinfo_on_quiet_caches)
{
	static char checked[MAX_CACHES], quiet_off[MAX_CACHES];
	char why[512] = "";
	int try, n = 0, i, ok = 0, busy = 0, bad = 0;

	memset(checked, 0, sizeof(checked));
	memset(quiet_off, 0, sizeof(quiet_off));
	for (try = 0; try < TRIES; try++) {
		ASSERT_EQ(0, read_caches(self->nl, self->a));
		n = proc_slabinfo("/proc/slabinfo", self->p, MAX_CACHES);
		ASSERT_EQ(0, read_caches(self->nl, self->b));
		if (!same_list(self->a, self->b) || self->a->n != n)
			continue;
		for (i = 0, ok = 0; i < n; i++) {
			const struct mmc_slab *s = &self->a->s[i];
			const struct proc_slab *p = &self->p[i];

			if (checked[i]) {
				ok++;
				continue;
			}
			if (!same_counts(s, &self->b->s[i]) || strcmp(s->name, p->name))
				continue;
			if (s->active_objs == p->active_objs && s->num_objs == p->num_objs &&
			    s->num_slabs == p->num_slabs && s->num_slabs == p->active_slabs) {
				checked[i] = 1;
				ok++;
			} else if (++quiet_off[i] == 3) {
				snprintf(why, sizeof(why),
					 "%s: active %llu objs %llu slabs %llu, /proc/slabinfo %llu %llu %llu",
					 s->name, (unsigned long long)s->active_objs,
					 (unsigned long long)s->num_objs,
					 (unsigned long long)s->num_slabs,
					 (unsigned long long)p->active_objs,
					 (unsigned long long)p->num_objs,
					 (unsigned long long)p->num_slabs);
			}
		}
		if (n && ok == n)
			break;
	}
	for (i = 0; i < n; i++) {
		if (checked[i])
			continue;
		/* quiet three times, never equal: that is a wrong count, not a busy cache */
		if (quiet_off[i] >= 3)
			bad++;
		else
			busy++;
		TH_LOG("%s: never matched (%d quiet mismatches)", self->a->s[i].name,
		       quiet_off[i]);
	}
	EXPECT_EQ(0, bad) TH_LOG("%s", why);
	/* A busy cache or two in a test VM; most must be quiet enough to check. */
	EXPECT_LE(busy, n / 10 + 2);
	TH_LOG("%d of %d caches equal /proc/slabinfo, %d too busy (after %d retries)",
	       n - busy - bad, n, busy, try);
}

/* partial slabs as /sys/kernel/slab/NAME/partial counts them (nr_partial per node). */
TEST_F(slab, partial_equals_sysfs)
{
	int try, i, checked = 0, n = 0, missing = 0;
	char why[256] = "";

	for (try = 0; try < TRIES; try++) {
		long long sys[MAX_CACHES];
		bool bad = false;

		ASSERT_EQ(0, read_caches(self->nl, self->a));
		for (i = 0; i < self->a->n; i++)
			sys[i] = unique_name(self->a, i) ?
				 sysfs_slab_num(self->a->s[i].name, "partial") : -2;
		ASSERT_EQ(0, read_caches(self->nl, self->b));
		if (!same_list(self->a, self->b))
			continue;
		n = self->a->n;
		for (i = 0, checked = 0, missing = 0; i < n; i++) {
			const struct mmc_slab *s = &self->a->s[i];

			if (sys[i] == -2)
				continue;
			if (sys[i] < 0) {
				missing++;
				continue;
			}
			if (s->partial_slabs != self->b->s[i].partial_slabs)
				continue;
			if ((long long)s->partial_slabs != sys[i]) {
				snprintf(why, sizeof(why), "%s: %llu partial slabs, sysfs %lld",
					 s->name, (unsigned long long)s->partial_slabs, sys[i]);
				bad = true;
				break;
			}
			checked++;
		}
		if (!bad && checked >= n - missing - n / 10 - 2)
			break;
	}
	ASSERT_LT(try, TRIES) TH_LOG("%s", why);
	TH_LOG("%d of %d caches: partial equals /sys/kernel/slab/NAME/partial (%d without it)",
	       checked, n, missing);
}

/* Flags and merged caches against the per-flag files and "aliases" in sysfs. */
/* Reads sysfs for every cache: minutes on a debug kernel under emulation. */
TEST_F_TIMEOUT(slab, flags_and_aliases_equal_sysfs, 300)
{
	static const struct {
		uint32_t flag;
		const char *file;
	} files[] = {
		{ MMSCOPE_SLAB_FLAGS_RECLAIM_ACCOUNT, "reclaim_account" },
		{ MMSCOPE_SLAB_FLAGS_HWCACHE_ALIGN, "hwcache_align" },
		{ MMSCOPE_SLAB_FLAGS_CACHE_DMA, "cache_dma" },
		{ MMSCOPE_SLAB_FLAGS_TYPESAFE_BY_RCU, "destroy_by_rcu" },
		{ MMSCOPE_SLAB_FLAGS_CONSISTENCY_CHECKS, "sanity_checks" },
		{ MMSCOPE_SLAB_FLAGS_TRACE, "trace" },
		{ MMSCOPE_SLAB_FLAGS_RED_ZONE, "red_zone" },
		{ MMSCOPE_SLAB_FLAGS_POISON, "poison" },
		{ MMSCOPE_SLAB_FLAGS_STORE_USER, "store_user" },
	};
	int i, f, checked = 0, kmalloc = 0, merged = 0;

	for (i = 0; i < self->a->n; i++) {
		const struct mmc_slab *s = &self->a->s[i];
		long long aliases;

		kmalloc += !!(s->flags & MMSCOPE_SLAB_FLAGS_KMALLOC);
		if (!unique_name(self->a, i))
			continue;
		aliases = sysfs_slab_num(s->name, "aliases");
		if (aliases < 0)
			continue;
		EXPECT_EQ(aliases, s->refcount < 0 ? 0 : s->refcount - 1)
			TH_LOG("%s: refcount %d, sysfs aliases %lld", s->name, s->refcount, aliases);
		merged += s->refcount > 1;
		for (f = 0; f < (int)(sizeof(files) / sizeof(files[0])); f++) {
			long long v = sysfs_slab_num(s->name, files[f].file);

			if (v < 0)
				continue;
			EXPECT_EQ(v, !!(s->flags & files[f].flag))
				TH_LOG("%s: %s is %lld in sysfs, flags %#x", s->name,
				       files[f].file, v, s->flags);
		}
		checked++;
	}
	EXPECT_LT(0, checked);
	EXPECT_LT(0, kmalloc) TH_LOG("no cache has SLAB_KMALLOC");
	TH_LOG("%d caches' flags and aliases equal sysfs; %d kmalloc caches, %d merged into",
	       checked, kmalloc, merged);
}

TEST_F(slab, nodes_add_up)
{
	int i;
	unsigned int k;

	for (i = 0; i < self->a->n; i++) {
		const struct mmc_slab *s = &self->a->s[i];
		uint64_t slabs = 0, objs = 0, partial = 0, active = 0;

		ASSERT_LT(0, s->nr_nodes) TH_LOG("%s has no node", s->name);
		for (k = 0; k < s->nr_nodes; k++) {
			slabs += s->nodes[k].num_slabs;
			objs += s->nodes[k].num_objs;
			partial += s->nodes[k].partial_slabs;
			active += s->nodes[k].active_objs;
			EXPECT_EQ(s->nodes[k].active_objs,
				  s->nodes[k].num_objs - s->nodes[k].partial_free);
		}
		EXPECT_EQ(slabs, s->num_slabs) TH_LOG("%s", s->name);
		EXPECT_EQ(objs, s->num_objs) TH_LOG("%s", s->name);
		EXPECT_EQ(partial, s->partial_slabs) TH_LOG("%s", s->name);
		EXPECT_EQ(active, s->active_objs) TH_LOG("%s", s->name);
		EXPECT_LE(s->active_objs, s->num_objs);
		EXPECT_EQ(s->num_objs, s->num_slabs * s->objs_per_slab) TH_LOG("%s", s->name);
	}
}

/* mmscope's debugfs slabinfo, line by line, as /proc/slabinfo on quiet caches. */
TEST_F(slab, debugfs_slabinfo_equals_proc)
{
	static struct proc_slab d[MAX_CACHES], d2[MAX_CACHES];
	int try, n = 0, m, n2, i, diff = 0;

	for (try = 0; try < TRIES; try++) {
		n = proc_slabinfo(DBG_SLABINFO, d, MAX_CACHES);
		ASSERT_LT(0, n) TH_LOG("%s: %s", DBG_SLABINFO, strerror(-n));
		m = proc_slabinfo("/proc/slabinfo", self->p, MAX_CACHES);
		n2 = proc_slabinfo(DBG_SLABINFO, d2, MAX_CACHES);
		if (n != m || n != n2)
			continue;
		for (i = 0, diff = 0; i < n; i++)
			if (!memcmp(&d[i], &d2[i], sizeof(d[i])) &&
			    memcmp(&d[i], &self->p[i], sizeof(d[i])))
				diff++;
		if (!diff)
			break;
	}
	ASSERT_LT(try, TRIES) TH_LOG("%d quiet rows differ from /proc/slabinfo", diff);
}

TEST_F(slab, get_by_name)
{
	struct mmc_slab s;
	int i, err;

	for (i = 0; i < self->a->n; i++) {
		if (!unique_name(self->a, i))
			continue;
		ASSERT_EQ(0, mmc_slab_get(self->nl, self->a->s[i].name, &s))
			TH_LOG("%s: %s", self->a->s[i].name, mmc_nl_errmsg(self->nl) ?: "");
		EXPECT_STREQ(self->a->s[i].name, s.name);
		EXPECT_EQ(self->a->s[i].size, s.size);
		EXPECT_EQ(self->a->s[i].objs_per_slab, s.objs_per_slab);
		EXPECT_EQ(self->a->s[i].flags, s.flags);
	}
	err = mmc_slab_get(self->nl, "no-such-cache-here", &s);
	EXPECT_EQ(-ENOENT, err);
	ASSERT_NE(NULL, mmc_nl_errmsg(self->nl));
	TH_LOG("unknown cache: %s", mmc_nl_errmsg(self->nl));
}

/* ---- the test module's cache ----------------------------------------------------------- */

static int kmod_cmd(const char *fmt, unsigned long n)
{
	char cmd[64];
	int len = snprintf(cmd, sizeof(cmd), fmt, n);
	FILE *f = fopen(KMOD_CTL, "we");
	int ok;

	if (!f)
		return -errno;
	ok = fwrite(cmd, 1, len, f) == (size_t)len;
	ok = !fclose(f) && ok;
	return ok ? 0 : -EIO;
}

struct expect {
	uint64_t slabs, objs, active, partial;
};

/* The objects the test module holds, as it says. */
static long long kmod_held(void)
{
	long long held = -1;
	FILE *f = fopen(KMOD_CTL, "re");

	if (f) {
		if (fscanf(f, "held %lld", &held) != 1)
			held = -1;
		fclose(f);
	}
	return held;
}

/*
 * mmscope, /proc/slabinfo and sysfs must all say the same about the test cache; what is
 * active must be what the module holds; and with exact, the slab counts must be e's.
 */
static void check_kmod_cache(struct __test_metadata *_metadata, struct mmc_nl *nl,
			     const char *step, const struct expect *e, bool exact)
{
	static struct proc_slab p[MAX_CACHES];
	struct mmc_slab s;
	int n, i;

	ASSERT_EQ(0, mmc_slab_get(nl, KMOD_CACHE, &s)) TH_LOG("%s", mmc_nl_errmsg(nl) ?: "");
	TH_LOG("%s: %llu slabs, %llu objects, %llu active, %llu partial", step,
	       (unsigned long long)s.num_slabs, (unsigned long long)s.num_objs,
	       (unsigned long long)s.active_objs, (unsigned long long)s.partial_slabs);
	/* after a shrink, nothing is cached per CPU: the active objects are the held ones */
	EXPECT_EQ(e->active, s.active_objs) TH_LOG("%s: active objects", step);
	EXPECT_EQ(kmod_held(), (long long)s.active_objs) TH_LOG("%s: held objects", step);
	EXPECT_EQ(s.num_slabs * s.objs_per_slab, s.num_objs) TH_LOG("%s: objects", step);
	EXPECT_LE(s.partial_slabs, s.num_slabs) TH_LOG("%s: partial slabs", step);
	if (exact) {
		EXPECT_EQ(e->slabs, s.num_slabs) TH_LOG("%s: slabs", step);
		EXPECT_EQ(e->objs, s.num_objs) TH_LOG("%s: objects", step);
		EXPECT_EQ(e->partial, s.partial_slabs) TH_LOG("%s: partial slabs", step);
	}

	n = proc_slabinfo("/proc/slabinfo", p, MAX_CACHES);
	for (i = 0; i < n && strcmp(p[i].name, KMOD_CACHE); i++)
		;
	ASSERT_LT(i, n) TH_LOG("%s not in /proc/slabinfo", KMOD_CACHE);
	EXPECT_EQ(p[i].num_slabs, s.num_slabs) TH_LOG("%s: /proc/slabinfo slabs", step);
	EXPECT_EQ(p[i].num_objs, s.num_objs) TH_LOG("%s: /proc/slabinfo objects", step);
	EXPECT_EQ(p[i].active_objs, s.active_objs) TH_LOG("%s: /proc/slabinfo active", step);
	EXPECT_EQ(sysfs_slab_num(KMOD_CACHE, "partial"), (long long)s.partial_slabs);
	EXPECT_EQ(sysfs_slab_num(KMOD_CACHE, "objects"), (long long)s.active_objs);
	EXPECT_EQ(sysfs_slab_num(KMOD_CACHE, "total_objects"), (long long)s.num_objs);
}

FIXTURE(kmod) {
	struct mmc_nl *nl;
	bool loaded;
};

/*
 * plain: a cache like most, with per-CPU slabs or sheaves; debug: consistency checks, so
 * objects come from the slabs one at a time and the slab counts are known too.
 */
FIXTURE_VARIANT(kmod) {
	bool debug;
};

FIXTURE_VARIANT_ADD(kmod, plain) {
	.debug = false,
};

FIXTURE_VARIANT_ADD(kmod, debug) {
	.debug = true,
};

/* The test module, freshly loaded (a fresh cache), and this process on CPU 0. */
FIXTURE_SETUP(kmod)
{
	const char *top = getenv("MMSCOPE_TOP") ?: ".";
	char cmd[PATH_MAX + 64];
	cpu_set_t cpus;

	CPU_ZERO(&cpus);
	CPU_SET(0, &cpus);
	ASSERT_EQ(0, sched_setaffinity(0, sizeof(cpus), &cpus));
	/* left loaded by an earlier run that died: start from a fresh cache */
	ASSERT_LE(0, system("rmmod mms_slab_test 2>/dev/null"));
	snprintf(cmd, sizeof(cmd), "insmod %s/selftests/kmod/mms_slab_test.ko debug=%d", top,
		 variant->debug);
	ASSERT_EQ(0, system(cmd)) TH_LOG("%s failed", cmd);
	self->loaded = true;
	ASSERT_EQ(0, mmc_nl_open(&self->nl));
}

FIXTURE_TEARDOWN(kmod)
{
	mmc_nl_close(self->nl);
	if (self->loaded)
		EXPECT_EQ(0, system("rmmod mms_slab_test"));
}

/*
 * The test module's cache, on one CPU, from empty: allocate three slabs' worth, free the
 * first slab's objects, then one more, then all; kmem_cache_shrink() after each step puts
 * what is cached per CPU back on the node lists, where /proc/slabinfo counts it.
 */
TEST_F(kmod, counts_move_by_known_numbers)
{
	bool exact = variant->debug;
	struct expect e = { 0 };
	struct mmc_slab s;
	uint64_t per;
	int err;

	err = mmc_slab_get(self->nl, KMOD_CACHE, &s);
	if (err == -EOPNOTSUPP)
		SKIP(return, "the slab view is off: %s", mmc_nl_errmsg(self->nl));
	ASSERT_EQ(0, err) TH_LOG("%s", mmc_nl_errmsg(self->nl) ?: "");
	EXPECT_NE(0, s.flags & MMSCOPE_SLAB_FLAGS_HWCACHE_ALIGN);
	EXPECT_NE(0, s.flags & MMSCOPE_SLAB_FLAGS_RECLAIM_ACCOUNT);
	EXPECT_EQ(variant->debug, !!(s.flags & MMSCOPE_SLAB_FLAGS_CONSISTENCY_CHECKS));
	EXPECT_EQ(1, s.refcount) TH_LOG("a cache with a constructor is never merged");
	per = s.objs_per_slab;
	ASSERT_LT(1, per);
	check_kmod_cache(_metadata, self->nl, "empty", &e, true);

	ASSERT_EQ(0, kmod_cmd("alloc %lu", 3 * per));
	ASSERT_EQ(0, kmod_cmd("shrink", 0));
	e = (struct expect){ .slabs = 3, .objs = 3 * per, .active = 3 * per };
	check_kmod_cache(_metadata, self->nl, "3 slabs allocated", &e, exact);

	ASSERT_EQ(0, kmod_cmd("free %lu", per));
	ASSERT_EQ(0, kmod_cmd("shrink", 0));
	e = (struct expect){ .slabs = 2, .objs = 2 * per, .active = 2 * per };
	check_kmod_cache(_metadata, self->nl, "first slab freed", &e, exact);

	ASSERT_EQ(0, kmod_cmd("free %lu", 1));
	ASSERT_EQ(0, kmod_cmd("shrink", 0));
	e = (struct expect){ .slabs = 2, .objs = 2 * per, .active = 2 * per - 1, .partial = 1 };
	check_kmod_cache(_metadata, self->nl, "one more object freed", &e, exact);

	ASSERT_EQ(0, kmod_cmd("free %lu", 2 * per - 1));
	ASSERT_EQ(0, kmod_cmd("shrink", 0));
	e = (struct expect){ 0 };
	check_kmod_cache(_metadata, self->nl, "all freed", &e, true);
}

/* A destroyed cache leaves the list: the dump and the get stop showing it. */
TEST_F(kmod, destroyed_cache_is_gone)
{
	struct mmc_slab s;

	if (mmc_slab_get(self->nl, KMOD_CACHE, &s) == -EOPNOTSUPP)
		SKIP(return, "the slab view is off");
	ASSERT_EQ(0, system("rmmod mms_slab_test"));
	self->loaded = false;
	EXPECT_EQ(-ENOENT, mmc_slab_get(self->nl, KMOD_CACHE, &s));
}

/*
 * Dumps while a cache is created and destroyed over and over: slab_mutex is dropped between
 * batches of caches, so the list changes under a dump; the dump must still list each cache
 * once (the client retries a dump flagged NLM_F_DUMP_INTR) or report -EAGAIN.
 */
struct counted_dump {
	struct caches *c;
	int restarts;		/* dumps started over after NLM_F_DUMP_INTR */
};

static int counted_parse(const struct nlattr *attrs, int len, void *arg, char *why,
			 size_t whylen)
{
	struct counted_dump *d = arg;

	if (d->c->n >= MAX_CACHES)
		return -ENOSPC;
	return mmc_slab_decode(attrs, len, &d->c->s[d->c->n++], why, whylen);
}

static void counted_reset(void *arg)
{
	struct counted_dump *d = arg;

	d->c->n = 0;
	d->restarts++;
}

/* Test modules load and unload while we dump: slow under emulation on a loaded host. */
FIXTURE(churn) {};
FIXTURE_SETUP(churn) {}
FIXTURE_TEARDOWN(churn) {}

TEST_F_TIMEOUT(churn, dump_while_caches_come_and_go, 300)
{
	const char *top = getenv("MMSCOPE_TOP") ?: ".";
	static struct caches c;
	struct counted_dump d = { .c = &c };
	const struct mmc_req req = {
		.cmd = MMSCOPE_CMD_SLAB_GET, .dump = true,
		.parse = counted_parse, .reset = counted_reset, .arg = &d,
	};
	int ok = 0, again = 0, rounds = 0, status, i, j;
	struct mmc_nl *nl;
	char cmd[PATH_MAX + 96];
	pid_t pid;

	ASSERT_EQ(0, mmc_nl_open(&nl));
	if (read_caches(nl, &c) == -EOPNOTSUPP)
		SKIP(return, "the slab view is off");
	snprintf(cmd, sizeof(cmd),
		 "for i in $(seq 10); do insmod %s/selftests/kmod/mms_slab_test.ko && rmmod mms_slab_test; done",
		 top);
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid)
		_exit(system(cmd) ? 1 : 0);
	while (waitpid(pid, &status, WNOHANG) == 0) {
		int err;

		c.n = 0;
		err = mmc_nl_run(nl, &req);

		rounds++;
		if (err == -EAGAIN) {
			again++;
			continue;
		}
		ASSERT_EQ(0, err) TH_LOG("%s", mmc_nl_errmsg(nl) ?: "");
		ok++;
		/* every cache once: no entry read twice across a resume */
		for (i = 0; i < c.n; i++)
			for (j = i + 1; j < c.n; j++)
				if (!strcmp(c.s[i].name, c.s[j].name) &&
				    !strcmp(c.s[i].name, KMOD_CACHE))
					ASSERT_TRUE(false) TH_LOG("%s listed twice", KMOD_CACHE);
	}
	ASSERT_TRUE(WIFEXITED(status) && !WEXITSTATUS(status)) TH_LOG("insmod/rmmod loop failed");
	mmc_nl_close(nl);
	EXPECT_LT(0, ok);
	TH_LOG("%d dumps: %d complete, %d interrupted 5 times in a row; %d restarts after a change",
	       rounds, ok, again, d.restarts);
}

TEST_HARNESS_MAIN
