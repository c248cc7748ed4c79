// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * mmscope faults: a process's page faults per interval, per VMA and per kind, counted by
 * the BPF fault counter (fault-counter.h). Needs no module: names come from /proc/PID/maps.
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "fault-counter.h"
#include "json.h"

static const char faults_usage[] =
	"Usage: " PROG_NAME " faults PID [--interval S] [--duration S] [--children] [--json]\n"
	"\n"
	"Count process PID's page faults with a BPF program on handle_mm_fault() and print\n"
	"them every interval, per VMA and per kind: anon_zero (a new anonymous page),\n"
	"file_minor and file_major (a file page from the page cache, or read in), cow (a\n"
	"write-protected private page copied), shared_write (a write to a write-protected\n"
	"page of a shared mapping), swap_in (a swap or migration entry), prot (a write-\n"
	"protect fault resolved without a copy), numa (a NUMA hinting entry), other\n"
	"(spurious or special). Counts are of faults completed in the interval. After\n"
	"attaching, one line starting with 'mmscope faults: attached' goes to stderr. Stops\n"
	"on SIGINT or SIGTERM, after --duration, or when the processes followed are gone,\n"
	"printing the last interval first. Needs root (CAP_BPF and CAP_PERFMON, or\n"
	"CAP_SYS_ADMIN) and a kernel with BTF; not the mmscope module.\n"
	"\n";

static const struct cli_option faults_options[] = {
	{ "interval", 'i', "S", "seconds between reports (default 1; fractions allowed)" },
	{ "duration", 'd', "S", "stop after S seconds" },
	{ "children", 'c', NULL, "follow the children PID forks from now on (and theirs)" },
	{ 0 },
};

static struct {
	uint32_t pid;
	double interval;
	double duration;	/* 0: until stopped */
	bool children;
} faults_args = { .interval = 1 };

/* A VMA's name, as /proc/PID/maps shows it; remembered for VMAs gone since. */
struct vma_name {
	uint32_t pid;
	uint64_t start;
	char *name;
};

struct names {
	size_t nr;
	struct vma_name *v;
};

static const char *names_find(const struct names *names, uint32_t pid, uint64_t start)
{
	size_t i;

	for (i = 0; i < names->nr; i++)
		if (names->v[i].pid == pid && names->v[i].start == start)
			return names->v[i].name;
	return NULL;
}

static void names_add(struct names *names, uint32_t pid, uint64_t start, const char *name)
{
	struct vma_name *v;
	size_t i;

	for (i = 0; i < names->nr; i++) {
		if (names->v[i].pid == pid && names->v[i].start == start) {
			if (strcmp(names->v[i].name, name)) {
				char *dup = strdup(name);

				if (dup) {
					free(names->v[i].name);
					names->v[i].name = dup;
				}
			}
			return;
		}
	}
	v = realloc(names->v, (names->nr + 1) * sizeof(*v));
	if (!v)
		return;
	names->v = v;
	v[names->nr].pid = pid;
	v[names->nr].start = start;
	v[names->nr].name = strdup(name);
	if (v[names->nr].name)
		names->nr++;
}

static void names_free(struct names *names)
{
	size_t i;

	for (i = 0; i < names->nr; i++)
		free(names->v[i].name);
	free(names->v);
}

/* Learn the names of pid's VMAs that delta mentions. */
static void names_learn(struct names *names, const struct fc_snapshot *delta, uint32_t pid)
{
	char path[64], line[4608];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%u/maps", pid);
	f = fopen(path, "re");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		unsigned long long start, end;
		int off = 0;
		size_t i, len;
		char *name;

		if (sscanf(line, "%llx-%llx %*s %*s %*s %*s %n", &start, &end, &off) < 2 || !off)
			continue;
		name = line + off;
		len = strlen(name);
		while (len && (name[len - 1] == '\n' || name[len - 1] == ' '))
			name[--len] = '\0';
		for (i = 0; i < delta->nr; i++)
			if (delta->e[i].pid == pid && delta->e[i].start == start) {
				names_add(names, pid, start, name);
				break;
			}
	}
	fclose(f);
}

static const char *faults_name(struct names *names, const struct fc_snapshot *delta,
			       const struct fc_entry *e)
{
	const char *n = names_find(names, e->pid, e->start);

	if (!n) {
		names_learn(names, delta, e->pid);
		n = names_find(names, e->pid, e->start);
	}
	return n ? n : "";
}

static void faults_print(uint32_t pid, double t, double interval, const struct fc_snapshot *d,
			 struct names *names, bool json_mode)
{
	uint64_t sum[MMC_FAULT_NR_KINDS] = { 0 };
	size_t i;
	int k;

	/* names first: they are read while the VMAs still exist */
	for (i = 0; i < d->nr; i++) {
		faults_name(names, d, &d->e[i]);
		for (k = 0; k < MMC_FAULT_NR_KINDS; k++)
			sum[k] += d->e[i].n[k];
	}
	if (json_mode) {
		struct json j;

		json_init_compact(&j, stdout);
		json_object_start(&j, NULL);
		json_uint(&j, "pid", pid);
		json_fixed3(&j, "time", t);
		json_fixed3(&j, "interval", interval);
		fc_json_counts(&j, "faults", sum);
		json_array_start(&j, "vmas");
		for (i = 0; i < d->nr; i++) {
			json_object_start(&j, NULL);
			json_uint(&j, "pid", d->e[i].pid);
			json_uint(&j, "start", d->e[i].start);
			json_uint(&j, "end", d->e[i].end);
			json_string(&j, "name", faults_name(names, d, &d->e[i]));
			fc_json_counts(&j, "faults", d->e[i].n);
			json_object_end(&j);
		}
		json_array_end(&j);
		json_object_end(&j);
		json_finish(&j);
	} else {
		printf("%.3fs (+%.3fs) pid %u: %" PRIu64 " faults", t, interval, pid,
		       fc_total(sum));
		for (k = 0; k < MMC_FAULT_NR_KINDS; k++)
			if (sum[k])
				printf(", %s %" PRIu64, fc_kind_names[k], sum[k]);
		putchar('\n');
		if (d->nr) {
			printf("  %7s %-29s", "PID", "VMA");
			for (k = 0; k < MMC_FAULT_NR_KINDS; k++)
				printf(" %*s", k == MMC_FAULT_SHARED_WRITE ? 12 : 10,
				       fc_kind_names[k]);
			printf(" %10s  %s\n", "total", "NAME");
		}
		for (i = 0; i < d->nr; i++) {
			char range[40];

			snprintf(range, sizeof(range), "%012" PRIx64 "-%012" PRIx64,
				 d->e[i].start, d->e[i].end);
			printf("  %7u %-29s", d->e[i].pid, range);
			for (k = 0; k < MMC_FAULT_NR_KINDS; k++)
				printf(" %*" PRIu64, k == MMC_FAULT_SHARED_WRITE ? 12 : 10,
				       d->e[i].n[k]);
			printf(" %10" PRIu64 "  %s\n", fc_total(d->e[i].n),
			       faults_name(names, d, &d->e[i]));
		}
	}
	fflush(stdout);
}

static int faults_option(struct cli *cli, int key, const char *arg)
{
	switch (key) {
	case 'i':
		return fc_parse_seconds(cli, "interval", arg, &faults_args.interval);
	case 'd':
		return fc_parse_seconds(cli, "duration", arg, &faults_args.duration);
	case 'c':
		faults_args.children = true;
		break;
	}
	return 0;
}

static int faults_operands(struct cli *cli, int argc, char *argv[])
{
	if (!argc)
		return cli_usage_err(cli, "a PID is required");
	if (cli_parse_pid(cli, argv[0], &faults_args.pid))
		return CLI_EXIT_USAGE;
	return cli_no_args(cli, argc - 1, argv + 1);
}

static int faults_run(struct cli *cli, struct mmc_nl *nl)
{
	struct fc_snapshot cur = { 0 }, prev = { 0 }, delta = { 0 };
	double interval = faults_args.interval, duration = faults_args.duration;
	double t0, last, deadline = 0;
	bool children = faults_args.children, done = false;
	uint32_t pid = faults_args.pid;
	struct names names = { 0 };
	struct fc *fc;
	int status;

	(void)nl;
	fc_catch_signals();
	status = fc_open(&fc, cli, pid, children);
	if (status)
		return status;
	fprintf(stderr, "%s faults: attached to pid %u%s\n", PROG_NAME, pid,
		children ? " and its children" : "");
	t0 = last = fc_now();
	if (duration)
		deadline = t0 + duration;

	while (!done) {
		double now = fc_now(), until = last + interval;
		struct timespec ts;

		if (deadline && deadline < until)
			until = deadline;
		if (until > now && !fc_stop) {
			ts.tv_sec = (time_t)(until - now);
			ts.tv_nsec = (long)((until - now - ts.tv_sec) * 1e9);
			nanosleep(&ts, NULL);	/* a signal cuts it short */
		}
		now = fc_now();
		if (fc_stop || (deadline && now >= deadline))
			done = true;
		else if (now < until)
			continue;	/* woken early by something else */
		if (!fc_alive(fc))
			done = true;
		if (fc_read(fc, &cur)) {
			cli_err(cli, "reading the counts failed");
			status = CLI_EXIT_FAIL;
			break;
		}
		fc_delta(&cur, &prev, &delta);
		faults_print(pid, now - t0, now - last, &delta, &names, cli->json);
		if (ferror(stdout))
			break;
		last = now;
		{
			struct fc_snapshot t = prev;

			prev = cur;
			cur = t;
		}
	}
	fc_close(fc);
	fc_snapshot_free(&cur);
	fc_snapshot_free(&prev);
	fc_snapshot_free(&delta);
	names_free(&names);
	return status;
}

/* --json in the help */
static const char faults_json_help[] =
	"one JSON object a line per interval: {\"pid\", \"time\",\n"
	"\"interval\", \"faults\": {\"anon_zero\", ..., \"total\"},\n"
	"\"vmas\": [{\"pid\", \"start\", \"end\", \"name\", \"faults\"}]}";

const struct cli_command faults_command = {
	.name = "faults",
	.summary = "a process's page faults per VMA and kind, live (BPF)",
	.usage = faults_usage,
	.options = faults_options,
	.json_help = faults_json_help,
	/* no family: the BPF counter needs no module */
	.option = faults_option,
	.operands = faults_operands,
	.run = faults_run,
};
