// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * mmscope mem: the system's memory as free(1) and sar -r show it, computed from the
 * kernel's own counters (mem-get) the way procps-ng 4.0.2 and sysstat 12.6 compute it,
 * the overcommit settings, one row per node, and with --explain the formula behind every
 * column; --watch prints sar -r and sar -B lines.
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <linux/mmscope.h>

#include "cli.h"
#include "json.h"

static const char mem_usage[] =
	"Usage: " PROG_NAME " mem [--node N] [--explain] [--mib] [--watch S [--count N]] [--json]\n"
	"\n"
	"The system's memory from the kernel's counters: the table of free(1) (total, used,\n"
	"free, shared, buff/cache, available; swap), computed as procps-ng 4.0.2 does (used\n"
	"is total - available), the memory columns of sar -r (sysstat 12.6), the overcommit\n"
	"policy with CommitLimit and Committed_AS, and one row per node with memory. Sizes\n"
	"in kB; - marks a figure the kernel does not report. Needs root.\n"
	"\n";

static const struct cli_option mem_options[] = {
	{ "node", 'n', "N", "only node N in the node table (an error when N has\n"
	  "no memory)" },
	{ "explain", 'e', NULL, "each column with the kernel counters and the formula\n"
	  "behind it, numbers filled in" },
	{ "mib", 'm', NULL, "the free and node tables in MiB (as free -m)" },
	{ "watch", 'w', "S", "every S seconds one line of the sar -r columns and\n"
	  "the sar -B rates over the measured interval" },
	{ "count", 'c', "N", "with --watch: stop after N lines" },
	{ 0 },
};

static struct {
	int node;		/* -1: every node */
	bool explain, mib;
	unsigned long watch;	/* seconds, 0: once */
	unsigned long count;	/* lines, 0: until interrupted */
} mem_args = { .node = -1 };

/* A figure that may be unknown: the kernel did not report what it is made of. */
struct fig {
	bool ok;
	uint64_t v;
};

struct pct {
	bool ok;
	double v;
};

static struct fig fig_attr(const struct mmc_mem *m, int attr)
{
	struct fig f;

	f.ok = mmc_mem_value(m, attr, &f.v);
	return f;
}

static struct fig fig_add(struct fig a, struct fig b)
{
	return (struct fig){ a.ok && b.ok, a.v + b.v };
}

/* a - b, at least 0 */
static struct fig fig_sub(struct fig a, struct fig b)
{
	return (struct fig){ a.ok && b.ok, a.v > b.v ? a.v - b.v : 0 };
}

static struct fig fig_known(uint64_t v)
{
	return (struct fig){ true, v };
}

/* n * 100 / d, as sysstat's SP_VALUE; unknown without n or d, 0 for d == 0 */
static struct pct pct_of(struct fig n, struct fig d)
{
	return (struct pct){ n.ok && d.ok, d.v ? (double)n.v * 100 / d.v : 0 };
}

#define FIG(m, name)	fig_attr(m, MMSCOPE_A_MEM_##name)
#define MEM_LEN(a)	(sizeof(a) / sizeof((a)[0]))

/* free's table, as procps-ng 4.0.2 computes it (library/meminfo.c, free.c). */
struct mem_free {
	struct fig total, used, free, shared, buff_cache, available;
	struct fig swap_total, swap_used, swap_free;
	struct fig old_used;		/* procps-ng 4.0.0 and older: total - free - buff/cache */
};

static void mem_free_cols(const struct mmc_mem *m, struct mem_free *f)
{
	uint64_t avail = m->available;
	int64_t used;

	/* procps: 0 is a kernel before 3.14, without MemAvailable */
	if (!avail)
		avail = m->free;
	/* procps: more available than total is a container's distorted figures */
	if (avail > m->total)
		avail = m->free;
	used = (int64_t)m->total - (int64_t)avail;
	if (used < 0)
		used = (int64_t)m->total - (int64_t)m->free;

	f->total = fig_known(m->total);
	f->free = fig_known(m->free);
	f->available = fig_known(avail);
	f->used = fig_known(used > 0 ? (uint64_t)used : 0);
	f->shared = FIG(m, SHMEM);
	/* procps's cache is Cached + SReclaimable */
	f->buff_cache = fig_add(fig_add(FIG(m, BUFFERS), FIG(m, CACHED)),
				FIG(m, SLAB_RECLAIMABLE));
	f->swap_total = FIG(m, SWAP_TOTAL);
	f->swap_free = FIG(m, SWAP_FREE);
	f->swap_used = fig_sub(f->swap_total, f->swap_free);
	/* procps 3.3 fell back to total - free too when that went negative */
	f->old_used = fig_sub(f->total, f->free);
	if (f->buff_cache.v <= f->old_used.v)
		f->old_used = fig_sub(f->old_used, f->buff_cache);
	else
		f->old_used.ok = f->old_used.ok && f->buff_cache.ok;
}

/* sar -r's memory columns, as sysstat 12.6 computes them (pr_stats.c). */
struct mem_sar {
	struct fig kbmemfree, kbavail, kbmemused, kbbuffers, kbcached, kbcommit;
	struct fig kbactive, kbinact, kbdirty;
	struct fig nousedmem;		/* min(total, free + buffers + cached + slab) */
	struct pct memused_pct, commit_pct;
};

static struct fig mem_slab(const struct mmc_mem *m)
{
	return fig_add(FIG(m, SLAB_RECLAIMABLE), FIG(m, SLAB_UNRECLAIMABLE));
}

static void mem_sar_cols(const struct mmc_mem *m, struct mem_sar *s)
{
	struct fig total = fig_known(m->total), noused;

	s->kbmemfree = fig_known(m->free);
	s->kbavail = fig_known(m->available);
	s->kbbuffers = FIG(m, BUFFERS);
	s->kbcached = FIG(m, CACHED);
	noused = fig_add(fig_add(s->kbmemfree, s->kbbuffers), fig_add(s->kbcached, mem_slab(m)));
	if (noused.v > total.v)
		noused.v = total.v;
	s->nousedmem = noused;
	s->kbmemused = fig_sub(total, noused);
	s->memused_pct = pct_of(s->kbmemused, total);
	s->kbcommit = FIG(m, COMMITTED);
	s->commit_pct = pct_of(s->kbcommit, fig_add(total, FIG(m, SWAP_TOTAL)));
	s->kbactive = fig_add(FIG(m, ACTIVE_ANON), FIG(m, ACTIVE_FILE));
	s->kbinact = fig_add(FIG(m, INACTIVE_ANON), FIG(m, INACTIVE_FILE));
	s->kbdirty = FIG(m, DIRTY);
}

/*
 * The sar -B counters, summed mmscope's way: pgsteal is the pages reclaimed, by kswapd,
 * direct reclaim and khugepaged (when counted); pgscand is direct reclaim's scans and
 * khugepaged's.
 */
struct mem_events {
	struct fig pgpgin, pgpgout, fault, majflt, pgfree, pgscank, pgscand, pgsteal;
};

static struct fig fig_opt_add(struct fig a, struct fig b)
{
	return b.ok ? fig_add(a, b) : a;
}

static void mem_events(const struct mmc_mem *m, struct mem_events *e)
{
	e->pgpgin = FIG(m, PGPGIN);
	e->pgpgout = FIG(m, PGPGOUT);
	e->fault = FIG(m, PGFAULT);
	e->majflt = FIG(m, PGMAJFAULT);
	e->pgfree = FIG(m, PGFREE);
	e->pgscank = FIG(m, PGSCAN_KSWAPD);
	e->pgscand = fig_opt_add(FIG(m, PGSCAN_DIRECT), FIG(m, PGSCAN_KHUGEPAGED));
	e->pgsteal = fig_opt_add(fig_add(FIG(m, PGSTEAL_KSWAPD), FIG(m, PGSTEAL_DIRECT)),
				 FIG(m, PGSTEAL_KHUGEPAGED));
}

/* %vmeff: pgsteal / (pgscank + pgscand) * 100, 0 without a scan (as sar) */
static struct pct mem_vmeff(struct fig steal, struct fig scank, struct fig scand)
{
	return pct_of(steal, fig_add(scank, scand));
}

/*
 * Numbers for one printf: a ring of buffers, so that a line can format a dozen figures.
 * Each holds a number or "-".
 */
#define MEM_STR_RING	32
#define MEM_STR_LEN	32

static char *mem_str_next(void)
{
	static char ring[MEM_STR_RING][MEM_STR_LEN];
	static unsigned int next;

	return ring[next++ % MEM_STR_RING];
}

static const char *fs(struct fig f)
{
	char *b = mem_str_next();

	if (!f.ok)
		return "-";
	snprintf(b, MEM_STR_LEN, "%" PRIu64, f.v);
	return b;
}

/* a size in the unit of the tables: kB, or MiB with --mib (truncated, as free -m) */
static const char *fsz(struct fig f)
{
	if (f.ok && mem_args.mib)
		f.v /= 1024;
	return fs(f);
}

static const char *ps(struct pct p)
{
	char *b = mem_str_next();

	if (!p.ok)
		return "-";
	snprintf(b, MEM_STR_LEN, "%.2f", p.v);
	return b;
}

/* the columns of sar: a label of 11, then columns of 10 */
static const char *const sar_r_head[] = {
	"kbmemfree", "kbavail", "kbmemused", "%memused", "kbbuffers", "kbcached",
	"kbcommit", "%commit", "kbactive", "kbinact", "kbdirty",
};

static const char *const sar_b_head[] = {
	"pgpgin/s", "pgpgout/s", "fault/s", "majflt/s", "pgfree/s", "pgscank/s",
	"pgscand/s", "pgsteal/s", "%vmeff",
};

static void sar_head(const char *label, bool paging)
{
	size_t i;

	printf("%-11s", label);
	for (i = 0; i < MEM_LEN(sar_r_head); i++)
		printf(" %9s", sar_r_head[i]);
	for (i = 0; paging && i < MEM_LEN(sar_b_head); i++)
		printf(" %9s", sar_b_head[i]);
	putchar('\n');
}

static void sar_r_values(const struct mem_sar *s)
{
	printf(" %9s %9s %9s %9s %9s %9s %9s %9s %9s %9s %9s", fs(s->kbmemfree),
	       fs(s->kbavail), fs(s->kbmemused), ps(s->memused_pct), fs(s->kbbuffers),
	       fs(s->kbcached), fs(s->kbcommit), ps(s->commit_pct), fs(s->kbactive),
	       fs(s->kbinact), fs(s->kbdirty));
}

static void mem_text_free(const struct mem_free *f)
{
	printf("%-8s %11s %11s %11s %11s %11s %11s\n", "", "total", "used", "free", "shared",
	       "buff/cache", "available");
	printf("%-8s %11s %11s %11s %11s %11s %11s\n", "Mem:", fsz(f->total), fsz(f->used),
	       fsz(f->free), fsz(f->shared), fsz(f->buff_cache), fsz(f->available));
	printf("%-8s %11s %11s %11s\n", "Swap:", fsz(f->swap_total), fsz(f->swap_used),
	       fsz(f->swap_free));
}

static const char *mem_policy_str(const struct mmc_mem *m, char *buf, size_t len)
{
	if (!mmc_mem_has(m, MMSCOPE_A_MEM_OVERCOMMIT_POLICY))
		return "-";
	return cli_enum_str(buf, len, mmc_overcommit_name(m->overcommit_policy),
			    m->overcommit_policy);
}

static void mem_text_commit(const struct mmc_mem *m)
{
	char buf[16];

	printf("overcommit: %s (vm.overcommit_memory %s), ratio %s%%, kbytes %s\n",
	       mem_policy_str(m, buf, sizeof(buf)), fs(FIG(m, OVERCOMMIT_POLICY)),
	       fs(FIG(m, OVERCOMMIT_RATIO)), fs(FIG(m, OVERCOMMIT_KBYTES)));
	printf("CommitLimit:  %11s kB\n", fs(FIG(m, COMMIT_LIMIT)));
	printf("Committed_AS: %11s kB\n", fs(FIG(m, COMMITTED)));
}

/* A node's row: used is total - free (a node has no buffers or cached of its own). */
struct mem_node {
	struct fig total, free, used, file_pages, anon, slab, available;
};

static void mem_node_cols(const struct mmc_mem *m, struct mem_node *n)
{
	n->total = FIG(m, TOTAL);
	n->free = FIG(m, FREE);
	n->used = fig_sub(n->total, n->free);
	n->file_pages = FIG(m, FILE_PAGES);
	n->anon = FIG(m, ANON);
	n->slab = mem_slab(m);
	n->available = FIG(m, AVAILABLE);
}

static void mem_text_nodes(const struct mmc_mem *nodes, size_t nr)
{
	size_t i;

	printf("%-8s %11s %11s %11s %11s %11s %11s %11s\n", "node", "total", "free", "used",
	       "file_pages", "anon", "slab", "available");
	for (i = 0; i < nr; i++) {
		struct mem_node n;

		mem_node_cols(&nodes[i], &n);
		printf("%-8" PRIu32 " %11s %11s %11s %11s %11s %11s %11s\n", nodes[i].node,
		       fsz(n.total), fsz(n.free), fsz(n.used), fsz(n.file_pages), fsz(n.anon),
		       fsz(n.slab), fsz(n.available));
	}
}

static void mem_text(const struct mmc_mem *m, const struct mmc_mem *nodes, size_t nr)
{
	struct mem_free f;
	struct mem_sar s;

	mem_free_cols(m, &f);
	mem_sar_cols(m, &s);
	mem_text_free(&f);
	putchar('\n');
	sar_head("", false);
	printf("%-11s", "sar -r");
	sar_r_values(&s);
	putchar('\n');
	putchar('\n');
	mem_text_commit(m);
	putchar('\n');
	mem_text_nodes(nodes, nr);
}

/*
 * --explain: one block per column, "name value = formula with its inputs". Sizes in kB
 * whatever --mib says: the formulas add up in one unit.
 */
static void ex(const char *name, const char *value, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void ex(const char *name, const char *value, const char *fmt, ...)
{
	va_list ap;

	printf("  %-12s %12s  ", name, value);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

/* a continuation line of the formula above */
#define EX_MORE	"\n                             "

/*
 * MemAvailable as si_mem_available() computes it, in pages as the kernel does (halving
 * kB would round differently): unknown when a counter is missing.
 */
struct mem_avail {
	struct fig pagecache, pagecache_cut, reclaimable, reclaimable_cut, result;
};

static void mem_avail_calc(const struct mmc_mem *m, struct mem_avail *a)
{
	uint64_t pkb = (uint64_t)sysconf(_SC_PAGESIZE) / 1024;
	struct fig wmark = FIG(m, WMARK_LOW);
	int64_t avail;

	if (!pkb)
		pkb = 4;
	a->pagecache = fig_add(FIG(m, ACTIVE_FILE), FIG(m, INACTIVE_FILE));
	a->pagecache_cut = (struct fig){ a->pagecache.ok && wmark.ok,
		(a->pagecache.v / pkb / 2 < wmark.v / pkb ? a->pagecache.v / pkb / 2 :
		 wmark.v / pkb) * pkb };
	a->reclaimable = fig_add(FIG(m, SLAB_RECLAIMABLE), FIG(m, KERNEL_MISC_RECLAIMABLE));
	a->reclaimable_cut = (struct fig){ a->reclaimable.ok && wmark.ok,
		(a->reclaimable.v / pkb / 2 < wmark.v / pkb ? a->reclaimable.v / pkb / 2 :
		 wmark.v / pkb) * pkb };
	avail = (int64_t)m->free - (int64_t)m->reserve + (int64_t)a->pagecache.v -
		(int64_t)a->pagecache_cut.v + (int64_t)a->reclaimable.v -
		(int64_t)a->reclaimable_cut.v;
	a->result = (struct fig){ a->pagecache_cut.ok && a->reclaimable_cut.ok &&
				  mmc_mem_has(m, MMSCOPE_A_MEM_RESERVE),
				  avail > 0 ? (uint64_t)avail : 0 };
}

/* node: a node's figure, the same formula over its own counters */
static void mem_explain_available(const struct mmc_mem *m, bool node)
{
	struct mem_avail a;

	mem_avail_calc(m, &a);
	ex("available", fs(FIG(m, AVAILABLE)),
	   "= free %s - reserve %s" EX_MORE
	   "+ pagecache %s (active-file %s + inactive-file %s)" EX_MORE
	   "- min(pagecache/2, wmark-low %s) %s" EX_MORE
	   "+ reclaimable %s (slab-reclaimable %s" EX_MORE
	   "  + kernel-misc-reclaimable %s)" EX_MORE
	   "- min(reclaimable/2, wmark-low) %s, at least 0 = %s%s" EX_MORE
	   "%s",
	   fs(FIG(m, FREE)), fs(FIG(m, RESERVE)), fs(a.pagecache), fs(FIG(m, ACTIVE_FILE)),
	   fs(FIG(m, INACTIVE_FILE)), fs(FIG(m, WMARK_LOW)), fs(a.pagecache_cut),
	   fs(a.reclaimable), fs(FIG(m, SLAB_RECLAIMABLE)),
	   fs(FIG(m, KERNEL_MISC_RECLAIMABLE)), fs(a.reclaimable_cut), fs(a.result),
	   a.result.ok && a.result.v != m->available ?
	   EX_MORE "(the counters moved between the kernel's reads)" : "",
	   node ? "(si_mem_available()'s formula over the node's counters: the" EX_MORE
		  "kernel has no per-node figure; reserve is the node's" EX_MORE
		  "totalreserve_pages)" :
		  "(si_mem_available(); reserve is totalreserve_pages: each zone's" EX_MORE
		  "high watermark plus its largest lowmem reserve)");
}

static void mem_explain_free(const struct mmc_mem *m)
{
	struct mem_free f;

	mem_free_cols(m, &f);
	printf("free (procps-ng 4.0.2), kB:\n");
	ex("total", fs(f.total), "MemTotal: the pages the buddy allocator manages "
	   "(totalram_pages)");
	ex("used", fs(f.used), "= total %s - available %s"
	   EX_MORE "(procps-ng 4.0.1 and later: commit 2184e90d, \"library: modify"
	   EX_MORE "calculation of 'MEMINFO_MEM_USED' item\"); procps-ng 4.0.0 and"
	   EX_MORE "older, and procps 3.3, printed total - free - buff/cache"
	   EX_MORE "= %s - %s - %s = %s",
	   fs(f.total), fs(f.available), fs(f.total), fs(f.free), fs(f.buff_cache),
	   fs(f.old_used));
	ex("free", fs(f.free), "MemFree: free pages (NR_FREE_PAGES)");
	ex("shared", fs(f.shared), "Shmem: shmem and tmpfs pages (NR_SHMEM), inside"
	   EX_MORE "buff/cache");
	ex("buff/cache", fs(f.buff_cache), "= buffers %s + cached %s + slab-reclaimable %s"
	   EX_MORE "(cached = file-pages %s - swap-cached %s - buffers, at least 0)",
	   fs(FIG(m, BUFFERS)), fs(FIG(m, CACHED)), fs(FIG(m, SLAB_RECLAIMABLE)),
	   fs(FIG(m, FILE_PAGES)), fs(FIG(m, SWAP_CACHED)));
	if (f.available.v != m->available)
		ex("available", fs(f.available), "= free: MemAvailable %" PRIu64 " is %s, "
		   "which procps takes for a kernel" EX_MORE "without it or a container's "
		   "distorted figures", m->available, m->available ? "above total" : "0");
	else
		mem_explain_available(m, false);
	ex("Swap total", fs(f.swap_total), "SwapTotal: total_swap_pages");
	ex("Swap used", fs(f.swap_used), "= swap-total %s - swap-free %s",
	   fs(f.swap_total), fs(f.swap_free));
	ex("Swap free", fs(f.swap_free), "SwapFree: nr_swap_pages");
}

static void mem_explain_sar(const struct mmc_mem *m)
{
	struct mem_sar s;

	mem_sar_cols(m, &s);
	printf("sar -r (sysstat 12.6), kB:\n");
	ex("kbmemfree", fs(s.kbmemfree), "= free (MemFree)");
	ex("kbavail", fs(s.kbavail), "= available (MemAvailable as the kernel reports it)");
	ex("kbmemused", fs(s.kbmemused), "= total %s - min(total, free %s + buffers %s"
	   EX_MORE "  + cached %s + slab %s)"
	   EX_MORE "= total - %s"
	   EX_MORE "(slab = slab-reclaimable %s + slab-unreclaimable %s)",
	   fs(FIG(m, TOTAL)), fs(s.kbmemfree), fs(s.kbbuffers), fs(s.kbcached),
	   fs(mem_slab(m)), fs(s.nousedmem), fs(FIG(m, SLAB_RECLAIMABLE)),
	   fs(FIG(m, SLAB_UNRECLAIMABLE)));
	ex("%memused", ps(s.memused_pct), "= kbmemused %s * 100 / total %s",
	   fs(s.kbmemused), fs(FIG(m, TOTAL)));
	ex("kbbuffers", fs(s.kbbuffers), "= buffers (Buffers: block device page cache)");
	ex("kbcached", fs(s.kbcached), "= cached (Cached: file-pages - swap-cached - buffers)");
	ex("kbcommit", fs(s.kbcommit), "= committed (Committed_AS: vm_memory_committed())");
	ex("%commit", ps(s.commit_pct), "= committed %s * 100 / (total %s + swap-total %s)",
	   fs(s.kbcommit), fs(FIG(m, TOTAL)), fs(FIG(m, SWAP_TOTAL)));
	ex("kbactive", fs(s.kbactive), "= active-anon %s + active-file %s",
	   fs(FIG(m, ACTIVE_ANON)), fs(FIG(m, ACTIVE_FILE)));
	ex("kbinact", fs(s.kbinact), "= inactive-anon %s + inactive-file %s",
	   fs(FIG(m, INACTIVE_ANON)), fs(FIG(m, INACTIVE_FILE)));
	ex("kbdirty", fs(s.kbdirty), "= dirty (Dirty: NR_FILE_DIRTY)");
}

static void mem_explain_commit(const struct mmc_mem *m)
{
	struct fig kbytes = FIG(m, OVERCOMMIT_KBYTES), limit;
	char buf[16], calc[160];

	printf("commit, kB:\n");
	ex("policy", mem_policy_str(m, buf, sizeof(buf)), "vm.overcommit_memory %s: guess (0) "
	   "refuses only what" EX_MORE "cannot fit, always (1) nothing, never (2) what "
	   "goes" EX_MORE "beyond CommitLimit",
	   fs(FIG(m, OVERCOMMIT_POLICY)));
	/* vm_commit_limit(), in pages as the kernel computes it */
	if (kbytes.ok && kbytes.v) {
		limit = fig_add(kbytes, FIG(m, SWAP_TOTAL));
		snprintf(calc, sizeof(calc), "overcommit-kbytes %s + swap-total %s = %s",
			 fs(kbytes), fs(FIG(m, SWAP_TOTAL)), fs(limit));
	} else {
		uint64_t pkb = (uint64_t)sysconf(_SC_PAGESIZE) / 1024;
		struct fig base = fig_sub(FIG(m, TOTAL), FIG(m, HUGETLB));
		struct fig ratio = FIG(m, OVERCOMMIT_RATIO);

		if (!pkb)
			pkb = 4;
		base.v = base.v / pkb * ratio.v / 100 * pkb;
		base.ok = base.ok && ratio.ok;
		limit = fig_add(base, FIG(m, SWAP_TOTAL));
		snprintf(calc, sizeof(calc), "(total %s - hugetlb %s) * overcommit-ratio %s / 100"
			 EX_MORE "+ swap-total %s = %s", fs(FIG(m, TOTAL)), fs(FIG(m, HUGETLB)),
			 fs(ratio), fs(FIG(m, SWAP_TOTAL)), fs(limit));
	}
	ex("CommitLimit", fs(FIG(m, COMMIT_LIMIT)), "= %s" EX_MORE "(vm_commit_limit(): "
	   "overcommit-kbytes when not 0, else the ratio)", calc);
	ex("Committed_AS", fs(FIG(m, COMMITTED)), "vm_memory_committed(): what the processes' "
	   "private" EX_MORE "writable mappings could need");
}

static void mem_explain_events(const struct mmc_mem *m)
{
	struct fig sar_steal, sar_scand;
	struct mem_events e;

	mem_events(m, &e);
	/* sar adds every pgsteal_* line, and every pgscan_direct* line */
	sar_steal = fig_opt_add(fig_opt_add(e.pgsteal, FIG(m, PGSTEAL_ANON)),
				FIG(m, PGSTEAL_FILE));
	sar_scand = fig_opt_add(FIG(m, PGSCAN_DIRECT), FIG(m, PGSCAN_DIRECT_THROTTLE));
	printf("sar -B, since boot (--watch shows them per second), pages unless said:\n");
	ex("pgpgin", fs(e.pgpgin), "kB read from block devices (pgpgin)");
	ex("pgpgout", fs(e.pgpgout), "kB written to block devices (pgpgout)");
	ex("fault", fs(e.fault), "page faults, minor and major (pgfault)");
	ex("majflt", fs(e.majflt), "major faults: the page had to be read in (pgmajfault)");
	ex("pgfree", fs(e.pgfree), "pages freed (pgfree)");
	ex("pgscank", fs(e.pgscank), "= pgscan-kswapd");
	ex("pgscand", fs(e.pgscand), "= pgscan-direct %s + pgscan-khugepaged %s (when"
	   EX_MORE "counted); sar -B adds every pgscan_direct* line of /proc/vmstat,"
	   EX_MORE "pgscan-direct + pgscan-direct-throttle %s (throttled reclaims,"
	   EX_MORE "not pages) = %s, and leaves pgscan_khugepaged out",
	   fs(FIG(m, PGSCAN_DIRECT)), fs(FIG(m, PGSCAN_KHUGEPAGED)),
	   fs(FIG(m, PGSCAN_DIRECT_THROTTLE)), fs(sar_scand));
	ex("pgsteal", fs(e.pgsteal), "= pgsteal-kswapd %s + pgsteal-direct %s"
	   EX_MORE "+ pgsteal-khugepaged %s (when counted): the pages reclaimed;"
	   EX_MORE "sar -B sums every pgsteal_* line of /proc/vmstat, so it also"
	   EX_MORE "counts pgsteal-anon %s and pgsteal-file %s, the same"
	   EX_MORE "pages by LRU: %s, twice the pages reclaimed",
	   fs(FIG(m, PGSTEAL_KSWAPD)), fs(FIG(m, PGSTEAL_DIRECT)),
	   fs(FIG(m, PGSTEAL_KHUGEPAGED)), fs(FIG(m, PGSTEAL_ANON)), fs(FIG(m, PGSTEAL_FILE)),
	   fs(sar_steal));
	ex("%vmeff", ps(mem_vmeff(e.pgsteal, e.pgscank, e.pgscand)),
	   "= pgsteal * 100 / (pgscank + pgscand), 0.00 without a scan;"
	   EX_MORE "sar's, from its own sums: %s",
	   ps(mem_vmeff(sar_steal, e.pgscank, sar_scand)));
	ex("pswpin", fs(FIG(m, PSWPIN)), "pages swapped in (sar -W)");
	ex("pswpout", fs(FIG(m, PSWPOUT)), "pages swapped out (sar -W)");
	ex("oom-kill", fs(FIG(m, OOM_KILL)), "processes the OOM killer killed");
}

static void mem_explain_nodes(const struct mmc_mem *nodes, size_t nr)
{
	size_t i;

	printf("nodes, kB (each node's own counters; a node has no buffers, cached, swap or"
	       "\ncommit figures):\n");
	for (i = 0; i < nr; i++) {
		const struct mmc_mem *m = &nodes[i];
		struct mem_node n;

		mem_node_cols(m, &n);
		printf(" node %" PRIu32 ":\n", m->node);
		ex("total", fs(n.total), "the node's zones' managed pages");
		ex("free", fs(n.free), "NR_FREE_PAGES of its zones");
		ex("used", fs(n.used), "= total %s - free %s", fs(n.total), fs(n.free));
		ex("file_pages", fs(n.file_pages), "NR_FILE_PAGES: its page cache");
		ex("anon", fs(n.anon), "NR_ANON_MAPPED: its mapped anonymous pages");
		ex("slab", fs(n.slab), "= slab-reclaimable %s + slab-unreclaimable %s",
		   fs(FIG(m, SLAB_RECLAIMABLE)), fs(FIG(m, SLAB_UNRECLAIMABLE)));
		mem_explain_available(m, true);
	}
}

static void mem_explain(const struct mmc_mem *m, const struct mmc_mem *nodes, size_t nr)
{
	mem_explain_free(m);
	putchar('\n');
	mem_explain_sar(m);
	putchar('\n');
	mem_explain_commit(m);
	putchar('\n');
	mem_explain_events(m);
	putchar('\n');
	mem_explain_nodes(nodes, nr);
}

static void json_fig(struct json *j, const char *key, struct fig f)
{
	if (f.ok)
		json_uint(j, key, f.v);
	else
		json_null(j, key);
}

/* a percentage with two decimals, as sar prints it */
static void json_pct(struct json *j, const char *key, struct pct p)
{
	if (p.ok)
		json_fixed2(j, key, p.v);
	else
		json_null(j, key);
}

/* The attribute's spec name with - as _, the JSON key of a raw figure. */
static const char *mem_key(int attr, char *buf, size_t len)
{
	const char *name = mmc_mem_attr_name(attr);
	char *p;

	snprintf(buf, len, "%s", name ? name : "");
	for (p = buf; *p; p++)
		if (*p == '-')
			*p = '_';
	return buf;
}

/* The event counters: the one stretch of the attribute set that is not a figure. */
static bool mem_is_event(int attr)
{
	return attr >= MMSCOPE_A_MEM_PGPGIN && attr <= MMSCOPE_A_MEM_OOM_KILL;
}

/* The figures a node's reply carries (the spec's "node-level figures"). */
static const int mem_node_attrs[] = {
	MMSCOPE_A_MEM_TOTAL, MMSCOPE_A_MEM_FREE, MMSCOPE_A_MEM_AVAILABLE,
	MMSCOPE_A_MEM_RESERVE, MMSCOPE_A_MEM_WMARK_LOW, MMSCOPE_A_MEM_SWAP_CACHED,
	MMSCOPE_A_MEM_FILE_PAGES, MMSCOPE_A_MEM_SHMEM, MMSCOPE_A_MEM_ACTIVE_ANON,
	MMSCOPE_A_MEM_INACTIVE_ANON, MMSCOPE_A_MEM_ACTIVE_FILE, MMSCOPE_A_MEM_INACTIVE_FILE,
	MMSCOPE_A_MEM_UNEVICTABLE, MMSCOPE_A_MEM_MLOCKED, MMSCOPE_A_MEM_DIRTY,
	MMSCOPE_A_MEM_WRITEBACK, MMSCOPE_A_MEM_ANON, MMSCOPE_A_MEM_MAPPED,
	MMSCOPE_A_MEM_SLAB_RECLAIMABLE, MMSCOPE_A_MEM_SLAB_UNRECLAIMABLE,
	MMSCOPE_A_MEM_KERNEL_MISC_RECLAIMABLE, MMSCOPE_A_MEM_KERNEL_STACK,
	MMSCOPE_A_MEM_PAGE_TABLES,
};

static void mem_json(const struct mmc_mem *m, const struct mmc_mem *nodes, size_t nr)
{
	struct mem_events e;
	struct mem_free f;
	struct mem_sar s;
	struct json j;
	char key[64];
	size_t i, k;
	int attr;

	mem_free_cols(m, &f);
	mem_sar_cols(m, &s);
	mem_events(m, &e);
	json_init(&j, stdout);
	json_object_start(&j, NULL);

	json_object_start(&j, "free");
	json_fig(&j, "total", f.total);
	json_fig(&j, "used", f.used);
	json_fig(&j, "free", f.free);
	json_fig(&j, "shared", f.shared);
	json_fig(&j, "buff_cache", f.buff_cache);
	json_fig(&j, "available", f.available);
	json_fig(&j, "swap_total", f.swap_total);
	json_fig(&j, "swap_used", f.swap_used);
	json_fig(&j, "swap_free", f.swap_free);
	json_object_end(&j);

	json_object_start(&j, "sar");
	json_fig(&j, "kbmemfree", s.kbmemfree);
	json_fig(&j, "kbavail", s.kbavail);
	json_fig(&j, "kbmemused", s.kbmemused);
	json_pct(&j, "memused_pct", s.memused_pct);
	json_fig(&j, "kbbuffers", s.kbbuffers);
	json_fig(&j, "kbcached", s.kbcached);
	json_fig(&j, "kbcommit", s.kbcommit);
	json_pct(&j, "commit_pct", s.commit_pct);
	json_fig(&j, "kbactive", s.kbactive);
	json_fig(&j, "kbinact", s.kbinact);
	json_fig(&j, "kbdirty", s.kbdirty);
	json_object_end(&j);

	json_object_start(&j, "commit");
	json_fig(&j, "limit", FIG(m, COMMIT_LIMIT));
	json_fig(&j, "committed", FIG(m, COMMITTED));
	if (mmc_mem_has(m, MMSCOPE_A_MEM_OVERCOMMIT_POLICY)) {
		char buf[16];

		json_string(&j, "policy", mem_policy_str(m, buf, sizeof(buf)));
	} else {
		json_null(&j, "policy");
	}
	json_object_end(&j);

	json_array_start(&j, "nodes");
	for (i = 0; i < nr; i++) {
		struct mem_node n;

		mem_node_cols(&nodes[i], &n);
		json_object_start(&j, NULL);
		json_uint(&j, "node", nodes[i].node);
		json_fig(&j, "total", n.total);
		json_fig(&j, "free", n.free);
		json_fig(&j, "used", n.used);
		json_fig(&j, "available", n.available);
		json_fig(&j, "file_pages", n.file_pages);
		json_fig(&j, "anon", n.anon);
		json_fig(&j, "slab", n.slab);
		/* then the node's raw figures, those not above already */
		for (k = 0; k < MEM_LEN(mem_node_attrs); k++) {
			attr = mem_node_attrs[k];
			if (attr == MMSCOPE_A_MEM_TOTAL || attr == MMSCOPE_A_MEM_FREE ||
			    attr == MMSCOPE_A_MEM_AVAILABLE || attr == MMSCOPE_A_MEM_FILE_PAGES ||
			    attr == MMSCOPE_A_MEM_ANON)
				continue;
			json_fig(&j, mem_key(attr, key, sizeof(key)), fig_attr(&nodes[i], attr));
		}
		json_object_end(&j);
	}
	json_array_end(&j);

	/* every raw figure and setting by its spec name; the event counters below */
	json_object_start(&j, "counters");
	for (attr = MMSCOPE_A_MEM_TOTAL; attr <= MMSCOPE_A_MEM_MAX; attr++)
		if (mmc_mem_attr_name(attr) && !mem_is_event(attr))
			json_fig(&j, mem_key(attr, key, sizeof(key)), fig_attr(m, attr));
	json_object_end(&j);

	json_object_start(&j, "events");
	for (attr = MMSCOPE_A_MEM_PGPGIN; attr <= MMSCOPE_A_MEM_OOM_KILL; attr++)
		json_fig(&j, mem_key(attr, key, sizeof(key)), fig_attr(m, attr));
	json_object_end(&j);

	json_object_end(&j);
	json_finish(&j);
}

static volatile sig_atomic_t mem_stop;

static void mem_on_signal(int sig)
{
	(void)sig;
	mem_stop = 1;
}

static double mem_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* a counter's change per second; unknown when either sample lacks it */
static struct pct mem_rate(struct fig cur, struct fig prev, double secs)
{
	if (!cur.ok || !prev.ok || secs <= 0)
		return (struct pct){ false, 0 };
	/* a counter going back (a wrap, a hot-removed node's share) counts as 0 */
	return (struct pct){ true, cur.v > prev.v ? (cur.v - prev.v) / secs : 0 };
}

static struct fig fig_delta(struct fig cur, struct fig prev)
{
	return (struct fig){ cur.ok && prev.ok, cur.v > prev.v ? cur.v - prev.v : 0 };
}

/* the wall-clock time, as sar starts its lines */
static const char *mem_stamp(char *buf, size_t len)
{
	time_t now = time(NULL);

	strftime(buf, len, "%H:%M:%S", localtime(&now));
	return buf;
}

static void mem_watch_line(const struct mmc_mem *cur, const struct mmc_mem *prev, double secs)
{
	struct mem_events ec, ep;
	struct mem_sar s;
	char stamp[16];

	mem_sar_cols(cur, &s);
	mem_events(cur, &ec);
	mem_events(prev, &ep);
	printf("%-11s", mem_stamp(stamp, sizeof(stamp)));
	sar_r_values(&s);
	printf(" %9s %9s %9s %9s %9s %9s %9s %9s %9s\n",
	       ps(mem_rate(ec.pgpgin, ep.pgpgin, secs)), ps(mem_rate(ec.pgpgout, ep.pgpgout, secs)),
	       ps(mem_rate(ec.fault, ep.fault, secs)), ps(mem_rate(ec.majflt, ep.majflt, secs)),
	       ps(mem_rate(ec.pgfree, ep.pgfree, secs)),
	       ps(mem_rate(ec.pgscank, ep.pgscank, secs)),
	       ps(mem_rate(ec.pgscand, ep.pgscand, secs)),
	       ps(mem_rate(ec.pgsteal, ep.pgsteal, secs)),
	       ps(mem_vmeff(fig_delta(ec.pgsteal, ep.pgsteal), fig_delta(ec.pgscank, ep.pgscank),
			    fig_delta(ec.pgscand, ep.pgscand))));
}

/* As sar INTERVAL COUNT: a header, then a line per interval, rates over what it measured. */
static int mem_watch(const struct cli *cli, struct mmc_nl *nl)
{
	struct sigaction sa = { .sa_handler = mem_on_signal };	/* no SA_RESTART */
	struct mmc_mem snap[2];
	unsigned long line;
	double t[2];
	int err;

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	err = mmc_mem_get(nl, -1, &snap[0]);
	if (err)
		return cli_request_err(cli, nl, "get failed", err);
	t[0] = mem_now();
	/* unlike sar's, the header has no time: a line starting with a digit is a sample */
	sar_head("", true);
	if (fflush(stdout))
		return CLI_EXIT_OK;	/* cli_run reports the write error */
	for (line = 0; !mem_stop && (!mem_args.count || line < mem_args.count); line++) {
		struct mmc_mem *cur = &snap[(line + 1) % 2], *prev = &snap[line % 2];
		struct timespec ts = { .tv_sec = (time_t)mem_args.watch };

		/* a signal cuts the sleep short and ends the loop */
		while (!mem_stop && nanosleep(&ts, &ts) && errno == EINTR)
			;
		if (mem_stop)
			break;
		err = mmc_mem_get(nl, -1, cur);
		if (err)
			return cli_request_err(cli, nl, "get failed", err);
		t[(line + 1) % 2] = mem_now();
		mem_watch_line(cur, prev, t[(line + 1) % 2] - t[line % 2]);
		if (fflush(stdout))
			break;
	}
	return CLI_EXIT_OK;
}

static int mem_parse_ulong(const struct cli *cli, const char *opt, const char *arg,
			   unsigned long *v)
{
	char *end;

	errno = 0;
	*v = strtoul(arg, &end, 10);
	if (!*arg || *arg == '-' || *arg == '+' || *end || errno || !*v || *v > 1000000)
		return cli_usage_err(cli, "bad %s '%s': expected a number from 1", opt, arg);
	return 0;
}

static int mem_option(struct cli *cli, int key, const char *arg)
{
	switch (key) {
	case 'n':
		return cli_parse_node(cli, arg, &mem_args.node);
	case 'e':
		mem_args.explain = true;
		break;
	case 'm':
		mem_args.mib = true;
		break;
	case 'w':
		return mem_parse_ulong(cli, "--watch", arg, &mem_args.watch);
	case 'c':
		return mem_parse_ulong(cli, "--count", arg, &mem_args.count);
	}
	return 0;
}

static int mem_operands(struct cli *cli, int argc, char *argv[])
{
	if (cli_no_args(cli, argc, argv))
		return CLI_EXIT_USAGE;
	if (mem_args.count && !mem_args.watch)
		return cli_usage_err(cli, "--count goes with --watch");
	if (mem_args.watch && cli->json)
		return cli_usage_err(cli, "--watch prints text only: leave out --json");
	if (mem_args.explain && cli->json)
		return cli_usage_err(cli, "--explain prints text only: leave out --json");
	if (mem_args.explain && mem_args.watch)
		return cli_usage_err(cli, "--explain and --watch do not go together");
	if (mem_args.node >= 0 && mem_args.watch)
		return cli_usage_err(cli, "--watch shows the system: leave out --node");
	return 0;
}

static int mem_run(struct cli *cli, struct mmc_nl *nl)
{
	struct mmc_mem m, *nodes = NULL;
	size_t nr = 0;
	int err;

	if (mem_args.watch)
		return mem_watch(cli, nl);
	/* Output starts once both replies are in: a failure prints nothing on stdout. */
	err = mmc_mem_get(nl, -1, &m);
	if (err)
		return cli_request_err(cli, nl, "get failed", err);
	if (mem_args.node >= 0) {
		nodes = malloc(sizeof(*nodes));
		if (!nodes) {
			cli_err(cli, "out of memory");
			return CLI_EXIT_FAIL;
		}
		nr = 1;
		err = mmc_mem_get(nl, mem_args.node, nodes);
	} else {
		err = mmc_mem_nodes(nl, &nodes, &nr);
	}
	if (err) {
		free(nodes);
		return cli_request_err(cli, nl, mem_args.node >= 0 ? "node get failed" :
				       "node dump failed", err);
	}
	if (cli->json)
		mem_json(&m, nodes, nr);
	else if (mem_args.explain)
		mem_explain(&m, nodes, nr);
	else
		mem_text(&m, nodes, nr);
	free(nodes);
	return CLI_EXIT_OK;
}

/* --json in the help */
static const char mem_json_help[] =
	"print JSON: {\"free\": {\"total\", \"used\", ...}, \"sar\":\n"
	"{\"kbmemfree\", ...}, \"commit\": {\"limit\", \"committed\",\n"
	"\"policy\"}, \"nodes\": [{\"node\", \"total\", ...}], \"counters\":\n"
	"{...}, \"events\": {...}}; kB, null when unknown";

const struct cli_command mem_command = {
	.name = "mem",
	.summary = "memory as free and sar -r count it, from the kernel's counters",
	.usage = mem_usage,
	.options = mem_options,
	.json_help = mem_json_help,
	.family = true,
	.option = mem_option,
	.operands = mem_operands,
	.run = mem_run,
};
