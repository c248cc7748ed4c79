// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * mmscope-bench: what mmscope costs against the kernel's own interfaces, on the running
 * kernel with the module loaded (root). Prints a table and writes the figures as JSON.
 *
 *   range walks   ptdump (the CLI, output to /dev/null) of regions of a child process
 *                 against reading /proc/PID/pagemap for the same range (pread in large
 *                 chunks, decoded) and /proc/PID/smaps of the whole process: seconds,
 *                 pages per second, bytes from the kernel per GiB walked, mmap_lock holds
 *   faults        the page-fault latency of a process's own thread (p50, p99, max) while
 *                 nothing reads it, while smaps is read in a loop, while ptdump walks it
 *   system views  zones, buddy --types, slab (CLI and debugfs) against zoneinfo,
 *                 pagetypeinfo, slabinfo
 *   peak RSS      of the CLI for the walk of a 16 GiB mapping (it streams)
 *
 * Every figure is the median of --repeat runs, with min and max. --short uses small sizes
 * (the selftests run it so that it never rots); its timings mean nothing.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/mmscope.h>

#include "json.h"
#include "mmscope.h"

#define PAGE		4096UL
#define PMD		(2UL << 20)
#define GIB		(1UL << 30)
#define MAX_RUNS	32
#define CHUNK		(1UL << 19)	/* pagemap entries per pread: 4 MiB */

static bool short_mode, rss_only;
static unsigned int repeats = 5;
static const char *cli_path = "tools/mmscope";
static struct mmc_nl *nl;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("mmscope-bench: ", stderr);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

/* --- figures: several runs, reported as median, min, max --------------------------- */

struct fig {
	unsigned int n;
	double v[MAX_RUNS];
};

static void fig_add(struct fig *f, double v)
{
	if (f->n < MAX_RUNS)
		f->v[f->n++] = v;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void fig_stats(const struct fig *f, double *med, double *min, double *max)
{
	double s[MAX_RUNS];

	if (!f->n) {
		*med = *min = *max = 0;
		return;
	}
	memcpy(s, f->v, f->n * sizeof(double));
	qsort(s, f->n, sizeof(double), cmp_double);
	*min = s[0];
	*max = s[f->n - 1];
	*med = f->n % 2 ? s[f->n / 2] : (s[f->n / 2 - 1] + s[f->n / 2]) / 2;
}

static double fig_med(const struct fig *f)
{
	double med, min, max;

	fig_stats(f, &med, &min, &max);
	return med;
}

/* --- JSON output (tools/json.c) ---------------------------------------------------- */

static struct json jw;

/* A figure over the runs: {"median", "min", "max", "runs"}. */
static void json_fig(const char *k, const struct fig *f)
{
	double med, min, max;

	fig_stats(f, &med, &min, &max);
	json_object_start(&jw, k);
	json_double(&jw, "median", med);
	json_double(&jw, "min", min);
	json_double(&jw, "max", max);
	json_uint(&jw, "runs", f->n);
	json_object_end(&jw);
}

/* --- the CLI, as a user runs it: output to /dev/null ------------------------------- */

struct cli_run {
	double secs;
	long maxrss_kb;
	struct mmc_stats st;	/* the module's counters over the run */
};

static void stats_get(bool reset, struct mmc_stats *s)
{
	int err = mmc_stats_get(nl, reset, s);

	if (err)
		die("stats-get: %s (%s)", strerror(-err), mmc_nl_errmsg(nl) ?: "");
}

static void run_cli(char *const argv[], struct cli_run *r)
{
	struct mmc_stats s;
	struct rusage ru;
	double t0;
	pid_t pid;
	int st;

	stats_get(true, &s);
	t0 = now();
	pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (!pid) {
		int fd = open("/dev/null", O_WRONLY);

		dup2(fd, 1);
		execv(argv[0], argv);
		_exit(127);
	}
	if (wait4(pid, &st, 0, &ru) != pid)
		die("wait4: %s", strerror(errno));
	r->secs = now() - t0;
	r->maxrss_kb = ru.ru_maxrss;
	if (!WIFEXITED(st) || WEXITSTATUS(st))
		die("%s %s failed (status %#x)", argv[0], argv[1], st);
	stats_get(false, &r->st);
}

/*
 * The CLI's own peak RSS (VmHWM), read while it is stopped at its exit under ptrace: the
 * rusage of a child counts the memory of the process that forked it too (exec folds the
 * old mm's high-water mark into ru_maxrss), here the benchmark's own buffers.
 */
static long cli_peak_rss(char *const argv[])
{
	long hwm = -1;
	pid_t pid;
	int st;

	pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (!pid) {
		int fd = open("/dev/null", O_WRONLY);

		dup2(fd, 1);
		ptrace(PTRACE_TRACEME, 0, NULL, NULL);
		execv(argv[0], argv);
		_exit(127);
	}
	/* stopped by the exec's SIGTRAP */
	if (waitpid(pid, &st, 0) != pid || !WIFSTOPPED(st))
		die("%s did not start under ptrace (status %#x)", argv[0], st);
	ptrace(PTRACE_SETOPTIONS, pid, NULL, (void *)(long)PTRACE_O_TRACEEXIT);
	ptrace(PTRACE_CONT, pid, NULL, NULL);
	while (waitpid(pid, &st, 0) == pid && WIFSTOPPED(st)) {
		int sig = 0;

		if (st >> 8 == (SIGTRAP | (PTRACE_EVENT_EXIT << 8))) {
			char path[64], line[128];
			FILE *f;

			snprintf(path, sizeof(path), "/proc/%d/status", pid);
			f = fopen(path, "r");
			while (f && fgets(line, sizeof(line), f))
				if (!strncmp(line, "VmHWM:", 6))
					hwm = atol(line + 6);
			if (f)
				fclose(f);
		} else {
			sig = WSTOPSIG(st);
		}
		ptrace(PTRACE_CONT, pid, NULL, (void *)(long)sig);
	}
	if (!WIFEXITED(st) || WEXITSTATUS(st) || hwm < 0)
		die("%s %s failed (status %#x)", argv[0], argv[1], st);
	return hwm;
}

static long ptdump_peak_rss(pid_t pid, uint64_t start, uint64_t end)
{
	char p[16], s[24], e[24];
	char *argv[] = { (char *)cli_path, "ptdump", p, s, e, NULL };

	snprintf(p, sizeof(p), "%d", pid);
	snprintf(s, sizeof(s), "0x%" PRIx64, start);
	snprintf(e, sizeof(e), "0x%" PRIx64, end);
	return cli_peak_rss(argv);
}

static void run_ptdump(pid_t pid, uint64_t start, uint64_t end, struct cli_run *r)
{
	char p[16], s[24], e[24];
	char *argv[] = { (char *)cli_path, "ptdump", p, s, e, NULL };

	snprintf(p, sizeof(p), "%d", pid);
	snprintf(s, sizeof(s), "0x%" PRIx64, start);
	snprintf(e, sizeof(e), "0x%" PRIx64, end);
	run_cli(argv, r);
}

/* --- the kernel's own interfaces ----------------------------------------------------- */

struct pm_count {
	uint64_t present, swap, runs;	/* runs: of present pages with consecutive frames */
};

/* Read and decode /proc/PID/pagemap for [start, end); returns bytes read. */
static uint64_t read_pagemap(pid_t pid, uint64_t start, uint64_t end, struct pm_count *c)
{
	static uint64_t *buf;
	uint64_t va, bytes = 0, last_pfn = 0;
	bool last_present = false;
	char path[64];
	int fd;

	if (!buf)
		buf = malloc(CHUNK * 8);
	memset(c, 0, sizeof(*c));
	snprintf(path, sizeof(path), "/proc/%d/pagemap", pid);
	fd = open(path, O_RDONLY);
	if (fd < 0 || !buf)
		die("%s: %s", path, strerror(errno));
	for (va = start; va < end;) {
		uint64_t n = (end - va) / PAGE, i;
		ssize_t got;

		if (n > CHUNK)
			n = CHUNK;
		got = pread(fd, buf, n * 8, (va / PAGE) * 8);
		if (got <= 0)
			die("pread %s: %s", path, got ? strerror(errno) : "short");
		n = got / 8;
		bytes += got;
		for (i = 0; i < n; i++) {
			uint64_t e = buf[i], pfn = e & ((1ULL << 55) - 1);
			bool present = e >> 63;

			if (present) {
				c->present++;
				if (!last_present || pfn != last_pfn + 1)
					c->runs++;
				last_pfn = pfn;
			} else if ((e >> 62) & 1) {
				c->swap++;
			}
			last_present = present;
		}
		va += n * PAGE;
	}
	close(fd);
	return bytes;
}

/* Read /proc/PID/<file> whole, in large reads; returns bytes, *rss_kb: the Rss lines. */
static uint64_t read_whole(const char *path, uint64_t *rss_kb)
{
	static char buf[1 << 16];
	uint64_t bytes = 0;
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		die("%s: %s", path, strerror(errno));
	if (rss_kb)
		*rss_kb = 0;
	/* the Rss lines are counted as whole lines within one read: enough for a figure */
	while ((n = read(fd, buf, sizeof(buf) - 1)) > 0) {
		char *p = buf;

		bytes += n;
		buf[n] = 0;
		while (rss_kb && (p = strstr(p, "\nRss:")))
			*rss_kb += strtoull(p += 5, NULL, 10);
	}
	close(fd);
	return bytes;
}

/* --- the target: a child holding the regions, paused -------------------------------- */

enum { R_POP4K, R_THP, R_SPARSE, R_BIG, NR_REGIONS };

static const char *const region_names[] = {
	[R_POP4K] = "populated-4k",
	[R_THP] = "populated-thp",
	[R_SPARSE] = "sparse-1in64",
	[R_BIG] = "unpopulated-big",
};

static const char *const region_desc[] = {
	[R_POP4K] = "anonymous, every page touched, MADV_NOHUGEPAGE",
	[R_THP] = "anonymous, every page touched, MADV_HUGEPAGE",
	[R_SPARSE] = "anonymous, 1 page in 64 touched, MADV_NOHUGEPAGE",
	[R_BIG] = "anonymous MAP_NORESERVE, 1 page per 64 MiB touched",
};

struct target {
	pid_t pid;
	uint64_t addr[NR_REGIONS], len[NR_REGIONS];
};

static void *map_aligned(uint64_t len, int flags)
{
	char *p = mmap(NULL, len + PMD, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | flags,
		       -1, 0);
	uintptr_t a;

	if (p == MAP_FAILED)
		return NULL;
	a = ((uintptr_t)p + PMD - 1) & ~(PMD - 1);
	if (a > (uintptr_t)p)
		munmap(p, a - (uintptr_t)p);
	munmap((char *)a + len, (uintptr_t)p + PMD - a);
	return (void *)a;
}

static void touch(char *p, uint64_t len, uint64_t stride)
{
	uint64_t o;

	for (o = 0; o < len; o += stride)
		p[o] = 1;
}

static void start_target(struct target *t)
{
	struct target *sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
				 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	int ready[2];
	char c;

	t->len[R_POP4K] = t->len[R_THP] = t->len[R_SPARSE] = short_mode ? 16UL << 20 : GIB;
	t->len[R_BIG] = short_mode ? 256UL << 20 : 16 * GIB;
	if (sh == MAP_FAILED || pipe(ready))
		die("target: %s", strerror(errno));
	*sh = *t;
	t->pid = fork();
	if (!t->pid) {
		char *p[NR_REGIONS];
		int r;

		for (r = 0; r < NR_REGIONS; r++) {
			p[r] = map_aligned(sh->len[r], r == R_BIG ? MAP_NORESERVE : 0);
			if (!p[r])
				_exit(1);
			sh->addr[r] = (uintptr_t)p[r];
		}
		madvise(p[R_POP4K], sh->len[R_POP4K], MADV_NOHUGEPAGE);
		madvise(p[R_THP], sh->len[R_THP], MADV_HUGEPAGE);
		madvise(p[R_SPARSE], sh->len[R_SPARSE], MADV_NOHUGEPAGE);
		madvise(p[R_BIG], sh->len[R_BIG], MADV_NOHUGEPAGE);
		touch(p[R_POP4K], sh->len[R_POP4K], PAGE);
		touch(p[R_THP], sh->len[R_THP], PAGE);
		touch(p[R_SPARSE], sh->len[R_SPARSE], 64 * PAGE);
		touch(p[R_BIG], sh->len[R_BIG], 64UL << 20);
		c = 1;
		if (write(ready[1], &c, 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	close(ready[1]);
	if (t->pid < 0 || read(ready[0], &c, 1) != 1)
		die("the target did not start (out of memory?)");
	close(ready[0]);
	memcpy(t->addr, sh->addr, sizeof(t->addr));
	munmap(sh, sizeof(*sh));
}

/* Pages mmscope reports present (and huge) in [start, end), through the library. */
struct mmc_count {
	uint64_t present, huge, extents, pages;
};

static int mmc_count_one(const struct mmc_extent *e, void *arg)
{
	struct mmc_count *c = arg;

	c->extents++;
	c->pages += e->pages;
	if (e->state == MMSCOPE_PT_STATE_PRESENT) {
		c->present += e->pages;
		if (e->level != MMSCOPE_PT_LEVEL_PTE)
			c->huge += e->pages;
	}
	return 0;
}

/* --- range walks ---------------------------------------------------------------------- */

struct region_res {
	struct mmc_count mc;
	struct pm_count pc;
	struct fig mms_s, mms_pps, mms_bytes, mms_holds, mms_hold_max, mms_hold_mean;
	struct fig lib_s, lib_pps, lib_ratio;
	struct fig pm_s, pm_pps, pm_bytes, ratio;
};

struct smaps_res {
	struct fig s, bytes, pps;
	uint64_t rss_kb, size_pages;
};

static void bench_region(const struct target *t, int r, struct region_res *res)
{
	uint64_t start = t->addr[r], end = start + t->len[r], pages = t->len[r] / PAGE;
	unsigned int i;
	int err;

	err = mmc_ptdump(nl, t->pid, start, end, mmc_count_one, &res->mc);
	if (err)
		die("ptdump: %s (%s)", strerror(-err), mmc_nl_errmsg(nl) ?: "");
	for (i = 0; i < repeats; i++) {
		struct cli_run cr;
		double t0, pm_s;
		uint64_t bytes;

		run_ptdump(t->pid, start, end, &cr);
		fig_add(&res->mms_s, cr.secs);
		fig_add(&res->mms_pps, pages / cr.secs);
		fig_add(&res->mms_bytes, cr.st.bytes_netlink);
		fig_add(&res->mms_holds, cr.st.lock_holds);
		fig_add(&res->mms_hold_max, cr.st.lock_hold_max_ns);
		fig_add(&res->mms_hold_mean, cr.st.lock_holds ?
			(double)cr.st.lock_hold_total_ns / cr.st.lock_holds : 0);

		t0 = now();
		bytes = read_pagemap(t->pid, start, end, &res->pc);
		pm_s = now() - t0;
		fig_add(&res->pm_s, pm_s);
		fig_add(&res->pm_pps, pages / pm_s);
		fig_add(&res->pm_bytes, bytes);
		fig_add(&res->ratio, pm_s / cr.secs);

		/* the library in this process: the interface's cost without exec and printing */
		{
			struct mmc_count mc = { 0 };

			t0 = now();
			err = mmc_ptdump(nl, t->pid, start, end, mmc_count_one, &mc);
			if (err)
				die("ptdump: %s", strerror(-err));
			t0 = now() - t0;
			fig_add(&res->lib_s, t0);
			fig_add(&res->lib_pps, pages / t0);
			fig_add(&res->lib_ratio, pm_s / t0);
		}
	}
}

static void bench_smaps(const struct target *t, struct smaps_res *res)
{
	char path[64];
	unsigned int i, r;

	for (r = 0; r < NR_REGIONS; r++)
		res->size_pages += t->len[r] / PAGE;
	snprintf(path, sizeof(path), "/proc/%d/smaps", t->pid);
	for (i = 0; i < repeats; i++) {
		double t0 = now(), s;
		uint64_t bytes = read_whole(path, &res->rss_kb);

		s = now() - t0;
		fig_add(&res->s, s);
		fig_add(&res->bytes, bytes);
		fig_add(&res->pps, res->size_pages / s);
	}
}

/* --- fault latency ---------------------------------------------------------------- */

enum { F_NONE, F_SMAPS, F_PTDUMP, NR_FMODES };
static const char *const fmode_names[] = { "none", "smaps", "ptdump" };

struct fault_res {
	struct fig p50, p99, max, faults;
	struct fig hold_max, holds, walks, reads;
};

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * The faulter: its own thread touches fresh pages of a region, timing each fault, and
 * recycles them with MADV_DONTNEED; a populated region beside it gives walks work. The
 * latencies go back through a shared array, a ring of the last nlat faults: with a reader
 * (reads not NULL), it goes on until the reader finished two reads after the faults
 * began, so that at least one whole read overlaps them.
 */
static pid_t start_faulter(uint64_t *lat, uint64_t nlat, uint64_t flen, uint64_t blen,
			   int go_fd, int ready_fd, volatile uint64_t *reads)
{
	pid_t pid = fork();
	char c;

	if (pid)
		return pid;
	{
		char *f = map_aligned(flen, 0), *b = map_aligned(blen, 0);
		uint64_t k = 0, o, r0;

		if (!f || !b)
			_exit(1);
		madvise(f, flen, MADV_NOHUGEPAGE);
		madvise(b, blen, MADV_NOHUGEPAGE);
		touch(b, blen, PAGE);
		c = 1;
		if (write(ready_fd, &c, 1) != 1 || read(go_fd, &c, 1) != 1)
			_exit(1);
		r0 = reads ? *reads : 0;
		while (k < nlat || (reads && *reads < r0 + 2)) {
			for (o = 0; o < flen; o += PAGE) {
				uint64_t t0 = now_ns();

				f[o] = 1;
				lat[k++ % nlat] = now_ns() - t0;
			}
			madvise(f, flen, MADV_DONTNEED);
		}
		_exit(0);
	}
}

static void reader_loop(int mode, pid_t target, volatile int *stop, volatile uint64_t *reads)
{
	char path[64], p[16];
	char *argv[] = { (char *)cli_path, "ptdump", p, NULL };

	snprintf(path, sizeof(path), "/proc/%d/smaps", target);
	snprintf(p, sizeof(p), "%d", target);
	while (!*stop) {
		if (mode == F_SMAPS) {
			read_whole(path, NULL);
		} else {
			pid_t pid = fork();

			if (!pid) {
				int fd = open("/dev/null", O_WRONLY);

				/* the last walk may find the faulter gone */
				dup2(fd, 1);
				dup2(fd, 2);
				execv(argv[0], argv);
				_exit(127);
			}
			waitpid(pid, NULL, 0);
		}
		(*reads)++;
	}
}

static void bench_faults(struct fault_res res[NR_FMODES])
{
	uint64_t flen = short_mode ? 4UL << 20 : 64UL << 20;
	uint64_t blen = short_mode ? 16UL << 20 : 256UL << 20;
	uint64_t nlat = short_mode ? 4096 : 8 * (flen / PAGE);
	uint64_t *lat = mmap(NULL, nlat * 8, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
			     -1, 0);
	volatile int *stop = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
				  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	volatile uint64_t *reads = (volatile uint64_t *)(stop + 16);
	unsigned int i;
	int m;

	if (lat == MAP_FAILED || stop == MAP_FAILED)
		die("mmap: %s", strerror(errno));
	for (i = 0; i < repeats; i++) {
		for (m = 0; m < NR_FMODES; m++) {
			int go[2], ready[2];
			pid_t f, rd = 0;
			struct mmc_stats st;
			char c = 1;

			if (pipe(go) || pipe(ready))
				die("pipe: %s", strerror(errno));
			f = start_faulter(lat, nlat, flen, blen, go[0], ready[1],
					  m == F_NONE ? NULL : reads);
			if (f < 0 || read(ready[0], &c, 1) != 1)
				die("the faulter did not start");
			*stop = 0;
			*reads = 0;
			stats_get(true, &st);
			if (m != F_NONE) {
				rd = fork();
				if (!rd) {
					reader_loop(m, f, stop, reads);
					_exit(0);
				}
				/* let the reader get going before the faults start */
				usleep(200000);
			}
			if (write(go[1], &c, 1) != 1)
				die("the faulter is gone");
			waitpid(f, NULL, 0);
			*stop = 1;
			if (rd)
				waitpid(rd, NULL, 0);
			stats_get(false, &st);
			close(go[0]);
			close(go[1]);
			close(ready[0]);
			close(ready[1]);
			qsort(lat, nlat, sizeof(*lat), cmp_u64);
			fig_add(&res[m].p50, lat[nlat / 2]);
			fig_add(&res[m].p99, lat[nlat * 99 / 100]);
			fig_add(&res[m].max, lat[nlat - 1]);
			fig_add(&res[m].faults, nlat);
			fig_add(&res[m].reads, *reads);
			fig_add(&res[m].walks, st.walks_ptdump);
			fig_add(&res[m].holds, st.lock_holds);
			fig_add(&res[m].hold_max, st.lock_hold_max_ns);
		}
	}
	munmap(lat, nlat * 8);
	munmap((void *)stop, PAGE);
}

/* --- system views ------------------------------------------------------------------ */

struct sysview {
	const char *name;
	char *argv[4];
	const char *debugfs;
	const char *proc;
	struct fig cli_s, dbg_s, proc_s, cli_bytes, proc_bytes;
};

static void bench_sysviews(struct sysview *v, unsigned int nv, struct fig *exec_s)
{
	char *ver[] = { (char *)cli_path, "--version", NULL };
	unsigned int i, k;

	for (i = 0; i < repeats; i++) {
		struct cli_run cr;

		run_cli(ver, &cr);
		fig_add(exec_s, cr.secs);
		for (k = 0; k < nv; k++) {
			double t0;
			uint64_t b;

			v[k].argv[0] = (char *)cli_path;
			run_cli(v[k].argv, &cr);
			fig_add(&v[k].cli_s, cr.secs);
			t0 = now();
			read_whole(v[k].debugfs, NULL);
			fig_add(&v[k].dbg_s, now() - t0);
			t0 = now();
			b = read_whole(v[k].proc, NULL);
			fig_add(&v[k].proc_s, now() - t0);
			fig_add(&v[k].proc_bytes, b);
		}
	}
}

/* --- report ----------------------------------------------------------------------- */

static void fmt_fig(char *buf, size_t len, const struct fig *f, double scale, const char *unit)
{
	double med, min, max;

	fig_stats(f, &med, &min, &max);
	snprintf(buf, len, "%.3g%s [%.3g..%.3g]", med * scale, unit, min * scale, max * scale);
}

static double load1(void)
{
	double l = -1;
	FILE *f = fopen("/proc/loadavg", "r");

	if (f) {
		if (fscanf(f, "%lf", &l) != 1)
			l = -1;
		fclose(f);
	}
	return l;
}

int main(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "short", no_argument, NULL, 's' },
		{ "rss-only", no_argument, NULL, 'R' },
		{ "repeat", required_argument, NULL, 'r' },
		{ "json", required_argument, NULL, 'j' },
		{ "mmscope", required_argument, NULL, 'm' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static struct region_res rr[NR_REGIONS];
	static struct fault_res fr[NR_FMODES];
	static struct sysview sv[] = {
		{ .name = "zones", .argv = { NULL, "zones", NULL },
		  .debugfs = "/sys/kernel/debug/mmscope/zones", .proc = "/proc/zoneinfo" },
		{ .name = "buddy-types", .argv = { NULL, "buddy", "--types", NULL },
		  .debugfs = "/sys/kernel/debug/mmscope/pagetypeinfo", .proc = "/proc/pagetypeinfo" },
		{ .name = "slab", .argv = { NULL, "slab", NULL },
		  .debugfs = "/sys/kernel/debug/mmscope/slabinfo", .proc = "/proc/slabinfo" },
	};
	const char *json_path = NULL;
	FILE *jf;
	struct smaps_res smr = { 0 };
	struct fig exec_s = { 0 }, big_rss = { 0 }, small_rss = { 0 };
	struct target t = { 0 };
	struct utsname un;
	double load_start = load1();
	char a[64], b[64], c[64];
	int opt, r, m, err;
	unsigned int k;

	while ((opt = getopt_long(argc, argv, "sr:j:m:h", opts, NULL)) != -1) {
		switch (opt) {
		case 's':
			short_mode = true;
			break;
		case 'R':
			rss_only = true;
			break;
		case 'r':
			repeats = atoi(optarg);
			if (repeats < 1 || repeats > MAX_RUNS)
				die("--repeat: 1 to %d", MAX_RUNS);
			break;
		case 'j':
			json_path = optarg;
			break;
		case 'm':
			cli_path = optarg;
			break;
		default:
			printf("Usage: mmscope-bench [--short] [--rss-only] [--repeat N] [--json FILE] [--mmscope PATH]\n");
			return opt == 'h' ? 0 : 2;
		}
	}
	if (access(cli_path, X_OK))
		die("%s: %s (--mmscope PATH)", cli_path, strerror(errno));
	err = mmc_nl_open(&nl);
	if (err)
		die("mmc_nl_open: %s: is the module loaded?", strerror(-err));
	uname(&un);

	/* range walks */
	start_target(&t);
	for (r = 0; r < NR_REGIONS && !rss_only; r++)
		bench_region(&t, r, &rr[r]);
	if (!rss_only)
		bench_smaps(&t, &smr);
	for (k = 0; k < repeats; k++) {
		fig_add(&big_rss, ptdump_peak_rss(t.pid, t.addr[R_BIG], t.addr[R_BIG] + t.len[R_BIG]));
		fig_add(&small_rss, ptdump_peak_rss(t.pid, t.addr[R_BIG], t.addr[R_BIG] + PMD));
	}
	if (rss_only) {
		kill(t.pid, SIGKILL);
		waitpid(t.pid, NULL, 0);
		fmt_fig(a, sizeof(a), &big_rss, 1, " KiB");
		fmt_fig(b, sizeof(b), &small_rss, 1, " KiB");
		printf("kernel %s: CLI peak RSS: ptdump of %" PRIu64 " MiB %s; of 2 MiB %s\n",
		       un.release, t.len[R_BIG] >> 20, a, b);
		if (!json_path)
			return 0;
		jf = fopen(json_path, "w");
		if (!jf)
			die("%s: %s", json_path, strerror(errno));
		json_init_compact(&jw, jf);
		json_object_start(&jw, NULL);
		json_string(&jw, "kernel", un.release);
		json_object_start(&jw, "cli_peak_rss_kb");
		json_uint(&jw, "walk_bytes", t.len[R_BIG]);
		json_fig("walk", &big_rss);
		json_fig("walk_2mib", &small_rss);
		json_object_end(&jw);
		json_object_end(&jw);
		json_finish(&jw);
		fclose(jf);
		return 0;
	}
	kill(t.pid, SIGKILL);
	waitpid(t.pid, NULL, 0);

	bench_faults(fr);
	bench_sysviews(sv, sizeof(sv) / sizeof(sv[0]), &exec_s);

	/* the table */
	printf("mmscope-bench: kernel %s, %ld cpus, %s mode, %u runs each: median [min..max]\n",
	       un.release, sysconf(_SC_NPROCESSORS_ONLN), short_mode ? "short" : "full", repeats);
	printf("load average (1 min) at start %.2f, at end %.2f\n\n", load_start, load1());
	printf("%-16s %8s %10s %-30s %-30s %-30s %-26s %-26s %s\n", "region", "MiB", "present",
	       "CLI pages/s", "library pages/s", "pagemap pages/s", "CLI/pagemap",
	       "library/pagemap", "B/GiB mmscope (pagemap)");
	for (r = 0; r < NR_REGIONS; r++) {
		double gib = (double)t.len[r] / GIB;
		char d[64], e[64];

		fmt_fig(a, sizeof(a), &rr[r].mms_pps, 1, "");
		fmt_fig(d, sizeof(d), &rr[r].lib_pps, 1, "");
		fmt_fig(b, sizeof(b), &rr[r].pm_pps, 1, "");
		fmt_fig(c, sizeof(c), &rr[r].ratio, 1, "x");
		fmt_fig(e, sizeof(e), &rr[r].lib_ratio, 1, "x");
		printf("%-16s %8" PRIu64 " %10" PRIu64 " %-30s %-30s %-30s %-26s %-26s %.0f (%.0f)\n",
		       region_names[r], t.len[r] >> 20, rr[r].pc.present, a, d, b, c, e,
		       fig_med(&rr[r].mms_bytes) / gib, fig_med(&rr[r].pm_bytes) / gib);
	}
	fmt_fig(a, sizeof(a), &smr.s, 1e3, " ms");
	printf("smaps (whole process, %" PRIu64 " pages mapped): %s, %.0f bytes\n\n",
	       smr.size_pages, a, fig_med(&smr.bytes));
	printf("%-16s %12s %12s %-30s %s\n", "region", "extents", "lock holds", "longest hold",
	       "mean hold");
	for (r = 0; r < NR_REGIONS; r++) {
		fmt_fig(a, sizeof(a), &rr[r].mms_hold_max, 1e-3, " us");
		fmt_fig(b, sizeof(b), &rr[r].mms_hold_mean, 1e-3, " us");
		printf("%-16s %12" PRIu64 " %12.0f %-30s %s\n", region_names[r], rr[r].mc.extents,
		       fig_med(&rr[r].mms_holds), a, b);
	}
	printf("\n%-10s %-28s %-28s %-28s %s\n", "reader", "fault p50", "fault p99", "fault max",
	       "longest hold");
	for (m = 0; m < NR_FMODES; m++) {
		char d[64];

		fmt_fig(a, sizeof(a), &fr[m].p50, 1e-3, " us");
		fmt_fig(b, sizeof(b), &fr[m].p99, 1e-3, " us");
		fmt_fig(c, sizeof(c), &fr[m].max, 1e-3, " us");
		fmt_fig(d, sizeof(d), &fr[m].hold_max, 1e-3, " us");
		printf("%-10s %-28s %-28s %-28s %s\n", fmode_names[m], a, b, c,
		       m == F_PTDUMP ? d : "-");
	}
	fmt_fig(a, sizeof(a), &exec_s, 1e3, " ms");
	printf("\n%-12s %-28s %-28s %-28s  (mmscope --version: %s)\n", "view", "mmscope CLI",
	       "debugfs", "/proc", a);
	for (k = 0; k < sizeof(sv) / sizeof(sv[0]); k++) {
		char d[64];

		fmt_fig(a, sizeof(a), &sv[k].cli_s, 1e3, " ms");
		fmt_fig(b, sizeof(b), &sv[k].dbg_s, 1e3, " ms");
		fmt_fig(d, sizeof(d), &sv[k].proc_s, 1e3, " ms");
		printf("%-12s %-28s %-28s %-28s %s\n", sv[k].name, a, b, d, sv[k].proc);
	}
	fmt_fig(a, sizeof(a), &big_rss, 1, " KiB");
	fmt_fig(b, sizeof(b), &small_rss, 1, " KiB");
	printf("\nCLI peak RSS: ptdump of %" PRIu64 " MiB %s; of 2 MiB %s\n",
	       t.len[R_BIG] >> 20, a, b);

	if (!json_path)
		return 0;
	jf = fopen(json_path, "w");
	if (!jf)
		die("%s: %s", json_path, strerror(errno));
	json_init_compact(&jw, jf);
	json_object_start(&jw, NULL);
	json_string(&jw, "kernel", un.release);
	json_uint(&jw, "cpus", (uint64_t)sysconf(_SC_NPROCESSORS_ONLN));
	json_uint(&jw, "mem_kb",
		  (uint64_t)sysconf(_SC_PHYS_PAGES) * (sysconf(_SC_PAGESIZE) / 1024));
	json_string(&jw, "mode", short_mode ? "short" : "full");
	json_uint(&jw, "repeats", repeats);
	json_double(&jw, "load1_start", load_start);
	json_double(&jw, "load1_end", load1());
	json_array_start(&jw, "regions");
	for (r = 0; r < NR_REGIONS; r++) {
		double gib = (double)t.len[r] / GIB;
		struct fig bpg = { 0 }, pbpg = { 0 };

		for (k = 0; k < rr[r].mms_bytes.n; k++) {
			fig_add(&bpg, rr[r].mms_bytes.v[k] / gib);
			fig_add(&pbpg, rr[r].pm_bytes.v[k] / gib);
		}
		json_object_start(&jw, NULL);
		json_string(&jw, "name", region_names[r]);
		json_string(&jw, "what", region_desc[r]);
		json_uint(&jw, "bytes", t.len[r]);
		json_uint(&jw, "pages", t.len[r] / PAGE);
		json_uint(&jw, "present_pagemap", rr[r].pc.present);
		json_uint(&jw, "present_mmscope", rr[r].mc.present);
		json_uint(&jw, "huge_mmscope", rr[r].mc.huge);
		json_uint(&jw, "pages_mmscope", rr[r].mc.pages);
		json_uint(&jw, "extents", rr[r].mc.extents);
		json_uint(&jw, "pagemap_frame_runs", rr[r].pc.runs);
		json_object_start(&jw, "mmscope");
		json_fig("seconds", &rr[r].mms_s);
		json_fig("pages_per_s", &rr[r].mms_pps);
		json_fig("bytes", &rr[r].mms_bytes);
		json_fig("bytes_per_gib", &bpg);
		json_fig("lock_holds", &rr[r].mms_holds);
		json_fig("lock_hold_max_ns", &rr[r].mms_hold_max);
		json_fig("lock_hold_mean_ns", &rr[r].mms_hold_mean);
		json_object_end(&jw);
		json_object_start(&jw, "library");
		json_fig("seconds", &rr[r].lib_s);
		json_fig("pages_per_s", &rr[r].lib_pps);
		json_object_end(&jw);
		json_object_start(&jw, "pagemap");
		json_fig("seconds", &rr[r].pm_s);
		json_fig("pages_per_s", &rr[r].pm_pps);
		json_fig("bytes", &rr[r].pm_bytes);
		json_fig("bytes_per_gib", &pbpg);
		json_object_end(&jw);
		json_fig("ratio_mmscope_over_pagemap", &rr[r].ratio);
		json_fig("ratio_library_over_pagemap", &rr[r].lib_ratio);
		json_object_end(&jw);
	}
	json_array_end(&jw);
	json_object_start(&jw, "smaps");
	json_uint(&jw, "pages_mapped", smr.size_pages);
	json_uint(&jw, "rss_kb", smr.rss_kb);
	json_fig("seconds", &smr.s);
	json_fig("bytes", &smr.bytes);
	json_fig("pages_per_s", &smr.pps);
	json_object_end(&jw);
	json_object_start(&jw, "faults");
	for (m = 0; m < NR_FMODES; m++) {
		json_object_start(&jw, fmode_names[m]);
		json_fig("p50_ns", &fr[m].p50);
		json_fig("p99_ns", &fr[m].p99);
		json_fig("max_ns", &fr[m].max);
		json_fig("faults", &fr[m].faults);
		json_fig("reads", &fr[m].reads);
		json_fig("ptdump_walks", &fr[m].walks);
		json_fig("lock_holds", &fr[m].holds);
		json_fig("lock_hold_max_ns", &fr[m].hold_max);
		json_object_end(&jw);
	}
	json_object_end(&jw);
	json_object_start(&jw, "views");
	json_fig("exec_version_seconds", &exec_s);
	for (k = 0; k < sizeof(sv) / sizeof(sv[0]); k++) {
		json_object_start(&jw, sv[k].name);
		json_string(&jw, "proc", sv[k].proc);
		json_fig("cli_seconds", &sv[k].cli_s);
		json_fig("debugfs_seconds", &sv[k].dbg_s);
		json_fig("proc_seconds", &sv[k].proc_s);
		json_fig("proc_bytes", &sv[k].proc_bytes);
		json_object_end(&jw);
	}
	json_object_end(&jw);
	json_object_start(&jw, "cli_peak_rss_kb");
	json_uint(&jw, "walk_bytes", t.len[R_BIG]);
	json_fig("walk", &big_rss);
	json_fig("walk_2mib", &small_rss);
	json_object_end(&jw);
	json_bool(&jw, "short", short_mode);
	json_object_end(&jw);
	json_finish(&jw);
	fclose(jf);
	return 0;
}
