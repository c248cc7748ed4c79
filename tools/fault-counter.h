/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * The page-fault counter behind mmscope faults and mmscope watch: a libbpf CO-RE program
 * (bpf/faults.bpf.c) on handle_mm_fault() that counts a process's faults per VMA and kind.
 * Built only when clang, bpftool and libbpf are there (tools/Makefile); otherwise
 * fc_open() says how to get it.
 */
#ifndef MMSCOPE_FAULT_COUNTER_H
#define MMSCOPE_FAULT_COUNTER_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "faults-bpf.h"

struct cli;
struct json;
struct fc;

/* Counts of one VMA of one process. */
struct fc_entry {
	uint32_t pid;			/* tgid */
	uint64_t start, end;
	uint64_t n[MMC_FAULT_NR_KINDS];
};

/* Every VMA that has faulted, sorted by pid and start. */
struct fc_snapshot {
	size_t nr, cap;
	struct fc_entry *e;
};

/* The JSON names of the kinds, in enum mmc_fault_kind order. */
extern const char *const fc_kind_names[MMC_FAULT_NR_KINDS];

/* Whether this build has the BPF commands. */
bool fc_available(void);
/*
 * Load and attach, following pid (and its children with children). On failure the
 * reason is reported (cli_err) and the exit status returned; 0 on success.
 */
int fc_open(struct fc **fc, const struct cli *cli, uint32_t pid, bool children);
/* The counts since attaching, into snap (its previous contents replaced). */
int fc_read(struct fc *fc, struct fc_snapshot *snap);
/* Whether a followed process is still alive (the dead are dropped from the filter). */
bool fc_alive(struct fc *fc);
/* Detach and unload: nothing stays loaded. NULL is fine. */
void fc_close(struct fc *fc);

/* Set by SIGINT, SIGTERM and SIGHUP once fc_catch_signals() ran. */
extern volatile sig_atomic_t fc_stop;
/* Catch those signals without SA_RESTART, so that a sleep ends at once. */
void fc_catch_signals(void);
/* CLOCK_MONOTONIC, in seconds. */
double fc_now(void);
/* Seconds (0.01 to 1e7, fractions allowed), or a usage error. */
int fc_parse_seconds(const struct cli *cli, const char *what, const char *arg, double *v);

/* cur - prev per entry into delta (entries with no fault in between left out). */
void fc_delta(const struct fc_snapshot *cur, const struct fc_snapshot *prev,
	      struct fc_snapshot *delta);
/* The counts of pid's VMA [start, end) in snap (zeros if none), summed over entries in it. */
void fc_sum_range(const struct fc_snapshot *snap, uint32_t pid, uint64_t start, uint64_t end,
		  uint64_t n[MMC_FAULT_NR_KINDS]);
uint64_t fc_total(const uint64_t n[MMC_FAULT_NR_KINDS]);
/* {"anon_zero": n, ..., "total": n} at key. */
void fc_json_counts(struct json *j, const char *key, const uint64_t n[MMC_FAULT_NR_KINDS]);
void fc_snapshot_free(struct fc_snapshot *snap);

#endif /* MMSCOPE_FAULT_COUNTER_H */
