// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * The page-fault counter (fault-counter.h): loads bpf/faults.bpf.c through its bpftool
 * skeleton, keeps the set of followed processes, reads the counts.
 */
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "fault-counter.h"
#include "json.h"

const char *const fc_kind_names[MMC_FAULT_NR_KINDS] = {
	[MMC_FAULT_ANON_ZERO] = "anon_zero",
	[MMC_FAULT_FILE_MINOR] = "file_minor",
	[MMC_FAULT_FILE_MAJOR] = "file_major",
	[MMC_FAULT_COW] = "cow",
	[MMC_FAULT_SHARED_WRITE] = "shared_write",
	[MMC_FAULT_SWAP_IN] = "swap_in",
	[MMC_FAULT_PROT] = "prot",
	[MMC_FAULT_NUMA] = "numa",
	[MMC_FAULT_OTHER] = "other",
};

volatile sig_atomic_t fc_stop;

static void fc_on_signal(int sig)
{
	(void)sig;
	fc_stop = 1;
}

void fc_catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fc_on_signal;	/* no SA_RESTART: a sleep returns at once */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

double fc_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int fc_parse_seconds(const struct cli *cli, const char *what, const char *arg, double *v)
{
	char *end;

	errno = 0;
	*v = strtod(arg, &end);
	if (!*arg || *end || errno || !isfinite(*v) || *v < 0.01 || *v > 1e7)
		return cli_usage_err(cli, "bad %s '%s': expected seconds (0.01 or more)", what, arg);
	return 0;
}

uint64_t fc_total(const uint64_t n[MMC_FAULT_NR_KINDS])
{
	uint64_t t = 0;
	int k;

	for (k = 0; k < MMC_FAULT_NR_KINDS; k++)
		t += n[k];
	return t;
}

void fc_json_counts(struct json *j, const char *key, const uint64_t n[MMC_FAULT_NR_KINDS])
{
	int k;

	json_object_start(j, key);
	for (k = 0; k < MMC_FAULT_NR_KINDS; k++)
		json_uint(j, fc_kind_names[k], n[k]);
	json_uint(j, "total", fc_total(n));
	json_object_end(j);
}

void fc_snapshot_free(struct fc_snapshot *snap)
{
	free(snap->e);
	memset(snap, 0, sizeof(*snap));
}

static struct fc_entry *fc_push(struct fc_snapshot *snap)
{
	if (snap->nr == snap->cap) {
		size_t cap = snap->cap ? snap->cap * 2 : 64;
		struct fc_entry *e = realloc(snap->e, cap * sizeof(*e));

		if (!e)
			return NULL;
		snap->e = e;
		snap->cap = cap;
	}
	memset(&snap->e[snap->nr], 0, sizeof(snap->e[0]));
	return &snap->e[snap->nr++];
}

static int fc_cmp(const void *a, const void *b)
{
	const struct fc_entry *x = a, *y = b;

	if (x->pid != y->pid)
		return x->pid < y->pid ? -1 : 1;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return 0;
}

void fc_delta(const struct fc_snapshot *cur, const struct fc_snapshot *prev,
	      struct fc_snapshot *delta)
{
	size_t i, p = 0;
	int k;

	delta->nr = 0;
	for (i = 0; i < cur->nr; i++) {
		const struct fc_entry *c = &cur->e[i], *o = NULL;
		struct fc_entry *d;
		uint64_t n[MMC_FAULT_NR_KINDS];

		while (p < prev->nr && fc_cmp(&prev->e[p], c) < 0)
			p++;
		if (p < prev->nr && !fc_cmp(&prev->e[p], c))
			o = &prev->e[p];
		for (k = 0; k < MMC_FAULT_NR_KINDS; k++)
			n[k] = c->n[k] - (o && o->n[k] <= c->n[k] ? o->n[k] : 0);
		if (!fc_total(n))
			continue;
		d = fc_push(delta);
		if (!d)
			return;
		*d = *c;
		memcpy(d->n, n, sizeof(n));
	}
}

void fc_sum_range(const struct fc_snapshot *snap, uint32_t pid, uint64_t start, uint64_t end,
		  uint64_t n[MMC_FAULT_NR_KINDS])
{
	size_t i;
	int k;

	memset(n, 0, sizeof(uint64_t) * MMC_FAULT_NR_KINDS);
	for (i = 0; i < snap->nr; i++) {
		if (snap->e[i].pid != pid || snap->e[i].start < start || snap->e[i].start >= end)
			continue;
		for (k = 0; k < MMC_FAULT_NR_KINDS; k++)
			n[k] += snap->e[i].n[k];
	}
}

#ifdef MMC_HAVE_BPF

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "faults.skel.h"

struct fc {
	struct faults_bpf *skel;
	uint32_t pid;
};

bool fc_available(void)
{
	return true;
}

/* libbpf's own messages only on request: ours say what went wrong in one line. */
static int fc_libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	static int debug = -1;

	if (debug < 0)
		debug = getenv("MMSCOPE_BPF_DEBUG") != NULL;
	if (!debug || level == LIBBPF_DEBUG)
		return 0;
	return vfprintf(stderr, fmt, ap);
}

int fc_open(struct fc **fcp, const struct cli *cli, uint32_t pid, bool children)
{
	uint32_t how = children ? MMC_TARGET_FOLLOW : 0;
	struct fc *fc;
	int err;

	*fcp = NULL;
	if (kill((pid_t)pid, 0) && errno == ESRCH) {
		cli_err(cli, "no process %u", pid);
		return CLI_EXIT_FAIL;
	}
	if (access("/sys/kernel/btf/vmlinux", R_OK)) {
		cli_err(cli, "the kernel has no BTF (/sys/kernel/btf/vmlinux: %s): the BPF fault "
			"counter needs a kernel built with CONFIG_DEBUG_INFO_BTF=y",
			strerror(errno));
		return errno == EACCES ? CLI_EXIT_PERM : CLI_EXIT_FAIL;
	}
	libbpf_set_print(fc_libbpf_print);
	fc = calloc(1, sizeof(*fc));
	if (!fc) {
		cli_err(cli, "out of memory");
		return CLI_EXIT_FAIL;
	}
	fc->pid = pid;
	fc->skel = faults_bpf__open();
	if (!fc->skel) {
		err = -errno;
		goto fail_open;
	}
	err = faults_bpf__load(fc->skel);
	if (err)
		goto fail_load;
	err = bpf_map_update_elem(bpf_map__fd(fc->skel->maps.targets), &pid, &how, BPF_ANY);
	if (err) {
		err = -errno;
		goto fail_load;
	}
	err = faults_bpf__attach(fc->skel);
	if (err) {
		cli_err(cli, "cannot attach to handle_mm_fault() (fentry/fexit) and the "
			"sched_process_fork tracepoint: %s; the kernel needs BPF trampolines "
			"(CONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS) and BTF", strerror(-err));
		fc_close(fc);
		return err == -EPERM || err == -EACCES ? CLI_EXIT_PERM : CLI_EXIT_FAIL;
	}
	*fcp = fc;
	return CLI_EXIT_OK;

fail_open:
fail_load:
	if (err == -EPERM || err == -EACCES) {
		cli_err(cli, "loading the BPF fault counter: permission denied: run as root "
			"(it needs CAP_BPF and CAP_PERFMON, or CAP_SYS_ADMIN)");
		fc_close(fc);
		return CLI_EXIT_PERM;
	}
	cli_err(cli, "cannot load the BPF fault counter: %s (MMSCOPE_BPF_DEBUG=1 shows "
		"libbpf's log); it needs a kernel with BTF and BPF trampolines, and "
		"handle_mm_fault() in its BTF", strerror(-err));
	fc_close(fc);
	return CLI_EXIT_FAIL;
}

int fc_read(struct fc *fc, struct fc_snapshot *snap)
{
	int fd = bpf_map__fd(fc->skel->maps.counts);
	struct mmc_fault_key key, next;
	struct mmc_fault_val val;
	void *prev = NULL;

	snap->nr = 0;
	while (!bpf_map_get_next_key(fd, prev, &next)) {
		key = next;
		prev = &key;
		if (!bpf_map_lookup_elem(fd, &key, &val)) {
			struct fc_entry *e = fc_push(snap);

			if (!e)
				return -ENOMEM;
			e->pid = key.tgid;
			e->start = key.vm_start;
			e->end = val.vm_end;
			memcpy(e->n, val.n, sizeof(e->n));
		}
	}
	qsort(snap->e, snap->nr, sizeof(snap->e[0]), fc_cmp);
	return 0;
}

bool fc_alive(struct fc *fc)
{
	int fd = bpf_map__fd(fc->skel->maps.targets);
	uint32_t key, next, dead[64];
	unsigned int nr_dead = 0, i;
	bool alive = false;
	void *prev = NULL;

	while (!bpf_map_get_next_key(fd, prev, &next)) {
		key = next;
		prev = &key;
		if (!kill((pid_t)key, 0) || errno == EPERM)
			alive = true;
		else if (nr_dead < 64)
			dead[nr_dead++] = key;
	}
	for (i = 0; i < nr_dead; i++)
		bpf_map_delete_elem(fd, &dead[i]);
	return alive;
}

void fc_close(struct fc *fc)
{
	if (!fc)
		return;
	faults_bpf__destroy(fc->skel);
	free(fc);
}

#else /* !MMC_HAVE_BPF */

struct fc {
	int unused;
};

bool fc_available(void)
{
	return false;
}

int fc_open(struct fc **fcp, const struct cli *cli, uint32_t pid, bool children)
{
	(void)pid;
	(void)children;
	*fcp = NULL;
	cli_err(cli, "this mmscope was built without its BPF fault counter: install clang, "
		"llvm, bpftool and libbpf-dev (scripts/deps.sh does) and rebuild (make -C tools)");
	return CLI_EXIT_FAIL;
}

int fc_read(struct fc *fc, struct fc_snapshot *snap)
{
	(void)fc;
	snap->nr = 0;
	return -EOPNOTSUPP;
}

bool fc_alive(struct fc *fc)
{
	(void)fc;
	return false;
}

void fc_close(struct fc *fc)
{
	(void)fc;
}

#endif /* MMC_HAVE_BPF */
