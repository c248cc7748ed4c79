/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * What demand-paging.c and cow.c share: argument parsing, timestamped messages, waiting
 * for Enter, the process's own counters (resident memory, minor faults, free memory), the
 * mapping and the step-by-step writes.
 */
#ifndef MMSCOPE_EXPERIMENT_H
#define MMSCOPE_EXPERIMENT_H

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#define MIB (1024UL * 1024UL)

struct experiment {
	const char *name;
	size_t size;		/* bytes mapped */
	size_t chunk;		/* bytes touched (or written) per step */
	int pause_each;		/* -p: wait for Enter before every chunk, not 1 s */
};

static inline void ex_usage(const struct experiment *ex, const char *what, int status)
{
	fprintf(status ? stderr : stdout,
		"Usage: %s [-s SIZE_MIB] [-c CHUNK_MIB] [-p]\n\n%s\n"
		"  -s SIZE_MIB   size of the anonymous mapping (default 100)\n"
		"  -c CHUNK_MIB  how much each step touches (default 10)\n"
		"  -p            wait for Enter before every step (default: 1 s between steps)\n\n"
		"It prints its pid and addresses and waits for Enter before each stage: watch it\n"
		"from another terminal with mmscope vmas/walk/ptdump/faults, ps -o rss,min_flt,\n"
		"or sar -r -B 1.\n", ex->name, what);
	exit(status);
}

static inline void ex_args(struct experiment *ex, int argc, char *argv[], const char *what)
{
	unsigned long size = 100, chunk = 10;
	char *end;
	int opt;

	while ((opt = getopt(argc, argv, "s:c:ph")) != -1) {
		switch (opt) {
		case 's':
		case 'c':
			errno = 0;
			*(opt == 's' ? &size : &chunk) = strtoul(optarg, &end, 0);
			if (errno || *end || end == optarg)
				ex_usage(ex, what, 2);
			break;
		case 'p':
			ex->pause_each = 1;
			break;
		case 'h':
			ex_usage(ex, what, 0);
			break;
		default:
			ex_usage(ex, what, 2);
		}
	}
	if (optind != argc || !size || !chunk || chunk > size || size > (1UL << 20))
		ex_usage(ex, what, 2);
	ex->size = size * MIB;
	ex->chunk = chunk * MIB;
}

/* say("..."): one line on stdout, timestamped as the seeds' programs do, flushed at once. */
static inline void __attribute__((format(printf, 2, 3)))
ex_say(const struct experiment *ex, const char *fmt, ...)
{
	char stamp[32];
	time_t now = time(NULL);
	va_list ap;

	strftime(stamp, sizeof(stamp), "%H:%M:%S", localtime(&now));
	printf("[%s] %s: ", stamp, ex->name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

/*
 * Wait for a line on stdin. read(2), one byte at a time: nothing is buffered ahead, so that
 * a child forked later reads the lines meant for it. End of input: exit quietly.
 */
static inline void ex_wait_enter(void)
{
	char c;
	ssize_t n;

	for (;;) {
		n = read(0, &c, 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			exit(0);
		if (c == '\n')
			return;
	}
}

/* Between steps: Enter with -p, else a second, as the seeds' programs sleep. */
static inline void ex_between_steps(const struct experiment *ex)
{
	if (ex->pause_each)
		ex_wait_enter();
	else
		sleep(1);
}

/* This process's minor page faults so far (getrusage, as ps -o min_flt shows them). */
static inline long ex_minflt(void)
{
	struct rusage ru;

	return getrusage(RUSAGE_SELF, &ru) ? -1 : ru.ru_minflt;
}

/* This process's resident memory in KiB (/proc/self/statm, as ps -o rss shows it). */
static inline long ex_rss_kib(void)
{
	long size, resident = -1;
	FILE *f = fopen("/proc/self/statm", "r");

	if (!f)
		return -1;
	if (fscanf(f, "%ld %ld", &size, &resident) != 2)
		resident = -1;
	fclose(f);
	return resident < 0 ? -1 : resident * (sysconf(_SC_PAGESIZE) / 1024);
}

/* The system's free memory in KiB (MemFree of /proc/meminfo, as free and sar -r show it). */
static inline long ex_memfree_kib(void)
{
	char line[128];
	long kib = -1;
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "MemFree: %ld kB", &kib) == 1)
			break;
	fclose(f);
	return kib;
}

/*
 * ex->size bytes of private anonymous memory, without THP (MADV_NOHUGEPAGE) so that every
 * fault is one 4 KiB page. Exits on failure.
 */
static inline volatile char *ex_map(const struct experiment *ex)
{
	void *p = mmap(NULL, ex->size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		fprintf(stderr, "%s: mmap: %s\n", ex->name, strerror(errno));
		exit(1);
	}
	if (madvise(p, ex->size, MADV_NOHUGEPAGE))
		fprintf(stderr, "%s: madvise(MADV_NOHUGEPAGE): %s\n", ex->name, strerror(errno));
	return p;
}

/*
 * Write value to every page of region, ex->chunk bytes per step, one line per step: the
 * minor faults it took (verb "touched": one per page; "wrote" after fork: one copy per
 * page), resident and free memory. Then wait for Enter to exit.
 */
static inline void ex_write_steps(const struct experiment *ex, volatile char *region,
				  char value, const char *verb, const char *fault_note,
				  const char *next)
{
	long page = sysconf(_SC_PAGESIZE), flt0, flt;
	size_t done, end, off;

	for (done = 0; done < ex->size; done = end) {
		end = done + ex->chunk < ex->size ? done + ex->chunk : ex->size;
		if (done)
			ex_between_steps(ex);
		flt0 = ex_minflt();
		for (off = done; off < end; off += page)
			region[off] = value;
		flt = ex_minflt();	/* before the counters below, which fault themselves */
		ex_say(ex, "%s %zu MiB of %zu (%zu pages more): minor faults +%ld%s, rss %ld kB, "
		       "MemFree %ld kB%s%s", verb, end / MIB, ex->size / MIB, (end - done) / page,
		       flt - flt0, fault_note, ex_rss_kib(), ex_memfree_kib(),
		       end == ex->size ? "; press Enter to exit" :
		       ex->pause_each ? "; press Enter to " : "",
		       end < ex->size && ex->pause_each ? next : "");
	}
	ex_wait_enter();
}

#endif /* MMSCOPE_EXPERIMENT_H */
