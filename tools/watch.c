// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * mmscope watch: one process, refreshed: its VMAs with resident and swapped pages (the
 * module's vma-get), the page faults per VMA since the last refresh (the BPF fault
 * counter) and the zones' free pages (zone-get).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <linux/mmscope.h>

#include "cli.h"
#include "fault-counter.h"
#include "json.h"

static const char watch_usage[] =
	"Usage: " PROG_NAME " watch PID [--interval S] [--iterations N] [--json]\n"
	"\n"
	"Process PID, refreshed every interval: its VMAs with resident and swapped memory,\n"
	"the page faults in each since the last refresh (anon_zero, file_minor + file_major,\n"
	"cow and the rest, as mmscope faults counts them), faults per second, and the free\n"
	"pages of every zone. On a terminal the screen is redrawn until Ctrl-C; otherwise,\n"
	"or with --iterations, N plain snapshots are printed one after the other (1 when\n"
	"stdout is not a terminal) and SIGINT or SIGTERM prints a last one and stops. Needs\n"
	"the mmscope module; the fault counts need root (CAP_BPF and CAP_PERFMON, or\n"
	"CAP_SYS_ADMIN): without them the rest is shown and a warning says why.\n"
	"\n";

static const struct cli_option watch_options[] = {
	{ "interval", 'i', "S", "seconds between refreshes (default 1; fractions allowed)" },
	{ "iterations", 'n', "N", "print N snapshots and stop" },
	{ 0 },
};

static struct {
	uint32_t pid;
	double interval;
	unsigned long iterations;	/* 0: until stopped on a terminal, else 1 */
} watch_args = { .interval = 1 };

struct watch_vmas {
	size_t nr, cap;
	struct mmc_vma *v;
};

struct watch_zones {
	size_t nr;
	struct mmc_zone z[64];
};

static int watch_vma_cb(const struct mmc_vma *vma, void *arg)
{
	struct watch_vmas *w = arg;

	if (w->nr == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 64;
		struct mmc_vma *v = realloc(w->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		w->v = v;
		w->cap = cap;
	}
	w->v[w->nr++] = *vma;
	return 0;
}

static int watch_zone_cb(const struct mmc_zone *zone, void *arg)
{
	struct watch_zones *w = arg;

	if (w->nr < sizeof(w->z) / sizeof(w->z[0]))
		w->z[w->nr++] = *zone;
	return 0;
}

static void watch_perms(char buf[5], uint64_t flags)
{
	buf[0] = flags & MMSCOPE_VM_FLAGS_READ ? 'r' : '-';
	buf[1] = flags & MMSCOPE_VM_FLAGS_WRITE ? 'w' : '-';
	buf[2] = flags & MMSCOPE_VM_FLAGS_EXEC ? 'x' : '-';
	buf[3] = flags & MMSCOPE_VM_FLAGS_MAYSHARE ? 's' : 'p';
	buf[4] = '\0';
}

struct watch_view {
	uint32_t pid;
	double time, interval;
	bool have_faults;
	const struct watch_vmas *vmas;
	const struct watch_zones *zones;
	const struct fc_snapshot *delta;
};

static void watch_json(const struct watch_view *w)
{
	uint64_t rss = 0, swap = 0, all[MMC_FAULT_NR_KINDS] = { 0 };
	struct json j;
	size_t i;

	for (i = 0; i < w->vmas->nr; i++) {
		rss += w->vmas->v[i].rss_pages;
		swap += w->vmas->v[i].swap_pages;
	}
	fc_sum_range(w->delta, w->pid, 0, UINT64_MAX, all);
	json_init_compact(&j, stdout);
	json_object_start(&j, NULL);
	json_uint(&j, "pid", w->pid);
	json_fixed3(&j, "time", w->time);
	json_fixed3(&j, "interval", w->interval);
	json_uint(&j, "rss_pages", rss);
	json_uint(&j, "swap_pages", swap);
	if (w->have_faults)
		fc_json_counts(&j, "faults", all);
	else
		json_null(&j, "faults");
	json_array_start(&j, "vmas");
	for (i = 0; i < w->vmas->nr; i++) {
		const struct mmc_vma *v = &w->vmas->v[i];
		uint64_t n[MMC_FAULT_NR_KINDS];
		char perms[5];

		watch_perms(perms, v->flags);
		json_object_start(&j, NULL);
		json_uint(&j, "start", v->start);
		json_uint(&j, "end", v->end);
		json_string(&j, "perms", perms);
		json_string(&j, "name", v->name);
		json_uint(&j, "rss_pages", v->rss_pages);
		json_uint(&j, "swap_pages", v->swap_pages);
		if (w->have_faults) {
			fc_sum_range(w->delta, w->pid, v->start, v->end, n);
			fc_json_counts(&j, "faults", n);
		} else {
			json_null(&j, "faults");
		}
		json_object_end(&j);
	}
	json_array_end(&j);
	json_array_start(&j, "zones");
	for (i = 0; i < w->zones->nr; i++) {
		const struct mmc_zone *z = &w->zones->z[i];

		json_object_start(&j, NULL);
		json_uint(&j, "node", z->node);
		json_string(&j, "zone", z->name);
		json_uint(&j, "free", z->free);
		json_uint(&j, "managed", z->managed);
		json_uint(&j, "min", z->min);
		json_uint(&j, "low", z->low);
		json_uint(&j, "high", z->high);
		json_object_end(&j);
	}
	json_array_end(&j);
	json_object_end(&j);
	json_finish(&j);
}

static void watch_text(const struct watch_view *w)
{
	uint64_t page_kb = (uint64_t)sysconf(_SC_PAGESIZE) / 1024;
	uint64_t rss = 0, swap = 0, all[MMC_FAULT_NR_KINDS];
	char size[32];
	size_t i;

	for (i = 0; i < w->vmas->nr; i++) {
		rss += w->vmas->v[i].rss_pages;
		swap += w->vmas->v[i].swap_pages;
	}
	fc_sum_range(w->delta, w->pid, 0, UINT64_MAX, all);
	printf("pid %u at %.1fs: %zu VMAs, RSS %" PRIu64 " kB, swap %" PRIu64 " kB", w->pid,
	       w->time, w->vmas->nr, rss * page_kb, swap * page_kb);
	if (w->have_faults)
		printf(", %" PRIu64 " faults in %.1fs (%.0f/s)", fc_total(all), w->interval,
		       w->interval > 0 ? fc_total(all) / w->interval : 0.0);
	putchar('\n');
	printf("%-25s %4s %9s %9s %8s %8s %8s %8s %8s  %s\n", "ADDRESS", "PERM", "RSS_kB",
	       "SWAP_kB", "FAULTS", "ANON", "FILE", "COW", "REST", "NAME");
	for (i = 0; i < w->vmas->nr; i++) {
		const struct mmc_vma *v = &w->vmas->v[i];
		uint64_t n[MMC_FAULT_NR_KINDS];
		char range[48], perms[5];

		snprintf(range, sizeof(range), "%08" PRIx64 "-%08" PRIx64, v->start, v->end);
		watch_perms(perms, v->flags);
		printf("%-25s %4s %9" PRIu64 " %9" PRIu64, range, perms, v->rss_pages * page_kb,
		       v->swap_pages * page_kb);
		if (w->have_faults) {
			uint64_t file, rest;

			fc_sum_range(w->delta, w->pid, v->start, v->end, n);
			file = n[MMC_FAULT_FILE_MINOR] + n[MMC_FAULT_FILE_MAJOR];
			rest = fc_total(n) - n[MMC_FAULT_ANON_ZERO] - file - n[MMC_FAULT_COW];
			printf(" %8" PRIu64 " %8" PRIu64 " %8" PRIu64 " %8" PRIu64 " %8" PRIu64,
			       fc_total(n), n[MMC_FAULT_ANON_ZERO], file, n[MMC_FAULT_COW], rest);
		} else {
			printf(" %8s %8s %8s %8s %8s", "-", "-", "-", "-", "-");
		}
		printf("  %s\n", v->name);
	}
	for (i = 0; i < w->zones->nr; i++) {
		const struct mmc_zone *z = &w->zones->z[i];

		printf("%s node %u %-8s free %10" PRIu64 " pages (%s), min %" PRIu64 " low %"
		       PRIu64 " high %" PRIu64 "\n", i ? "      " : "zones:", z->node, z->name,
		       z->free, cli_size(size, sizeof(size),
					 z->free * (uint64_t)sysconf(_SC_PAGESIZE)),
		       z->min, z->low, z->high);
	}
}

static int watch_option(struct cli *cli, int key, const char *arg)
{
	char *end;

	switch (key) {
	case 'i':
		return fc_parse_seconds(cli, "interval", arg, &watch_args.interval);
	case 'n':
		errno = 0;
		watch_args.iterations = strtoul(arg, &end, 10);
		if (!*arg || *end || errno || !watch_args.iterations || *arg == '-')
			return cli_usage_err(cli, "bad iterations '%s': expected a count "
					     "of 1 or more", arg);
		break;
	}
	return 0;
}

static int watch_operands(struct cli *cli, int argc, char *argv[])
{
	if (!argc)
		return cli_usage_err(cli, "a PID is required");
	if (cli_parse_pid(cli, argv[0], &watch_args.pid))
		return CLI_EXIT_USAGE;
	return cli_no_args(cli, argc - 1, argv + 1);
}

static int watch_run(struct cli *cli, struct mmc_nl *nl)
{
	struct fc_snapshot cur = { 0 }, prev = { 0 }, delta = { 0 };
	struct watch_vmas vmas = { 0 };
	struct watch_zones zones;
	struct watch_view view = { .pid = watch_args.pid };
	unsigned long iterations = watch_args.iterations, done = 0;
	double interval = watch_args.interval, t0, last;
	struct fc *fc = NULL;
	bool screen;
	int status = CLI_EXIT_OK, err;

	screen = !iterations && !cli->json && isatty(STDOUT_FILENO);
	if (!iterations && !screen)
		iterations = 1;

	/* the process must be there and ours to look at before anything is loaded */
	err = mmc_vmas_dump(nl, view.pid, watch_vma_cb, &vmas);
	if (err) {
		status = cli_request_err(cli, nl, "vma-get failed", err);
		goto out;
	}
	fc_catch_signals();
	if (fc_open(&fc, cli, view.pid, false))
		cli_err(cli, "going on without fault counts");
	else
		fprintf(stderr, "%s watch: attached to pid %u\n", PROG_NAME, view.pid);
	view.have_faults = fc != NULL;
	t0 = last = fc_now();

	for (;;) {
		double now;

		vmas.nr = 0;
		zones.nr = 0;
		err = mmc_vmas_dump(nl, view.pid, watch_vma_cb, &vmas);
		if (err) {
			status = cli_request_err(cli, nl, "vma-get failed", err);
			break;
		}
		err = mmc_zones_dump(nl, -1, watch_zone_cb, &zones);
		if (err) {
			status = cli_request_err(cli, nl, "zone-get failed", err);
			break;
		}
		now = fc_now();
		if (fc && !fc_read(fc, &cur)) {
			fc_delta(&cur, &prev, &delta);
			{
				struct fc_snapshot t = prev;

				prev = cur;
				cur = t;
			}
		}
		view.time = now - t0;
		view.interval = now - last;
		view.vmas = &vmas;
		view.zones = &zones;
		view.delta = &delta;
		last = now;
		if (screen)
			fputs("\033[H\033[2J", stdout);
		else if (done && !cli->json)
			putchar('\n');
		if (cli->json)
			watch_json(&view);
		else
			watch_text(&view);
		fflush(stdout);
		if (ferror(stdout) || fc_stop || (iterations && ++done >= iterations))
			break;
		/* sleep; a signal ends it, and a last snapshot is printed (plain output) */
		{
			double left = last + interval - fc_now();
			struct timespec ts;

			if (left > 0) {
				ts.tv_sec = (time_t)left;
				ts.tv_nsec = (long)((left - ts.tv_sec) * 1e9);
				nanosleep(&ts, NULL);
			}
		}
		if (fc_stop && screen)
			break;
	}
out:
	fc_close(fc);
	free(vmas.v);
	fc_snapshot_free(&cur);
	fc_snapshot_free(&prev);
	fc_snapshot_free(&delta);
	return status;
}

/* --json in the help */
static const char watch_json_help[] =
	"one JSON object a line per snapshot: {\"pid\", \"time\",\n"
	"\"interval\", \"rss_pages\", \"swap_pages\", \"faults\", \"vmas\":\n"
	"[{\"start\", \"end\", \"perms\", \"name\", \"rss_pages\",\n"
	"\"swap_pages\", \"faults\"}], \"zones\": [{\"node\", \"zone\",\n"
	"\"free\", \"managed\", \"min\", \"low\", \"high\"}]}";

const struct cli_command watch_command = {
	.name = "watch",
	.summary = "one process live: VMAs, RSS, faults per VMA, zones' free pages",
	.usage = watch_usage,
	.options = watch_options,
	.json_help = watch_json_help,
	.family = true,
	.option = watch_option,
	.operands = watch_operands,
	.run = watch_run,
};
