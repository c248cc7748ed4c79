// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * mmscope export: zone, buddy and slab figures in the Prometheus text exposition format
 * (version 0.0.4), for node_exporter's textfile collector. Everything is collected and
 * rendered in memory first: a failed dump writes nothing, and --textfile replaces the file
 * atomically (PATH.tmp.PID, fsync, rename).
 *
 * The metric names and labels are a stable interface (mmscope(8), METRICS): add, never
 * rename.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/mmscope.h>

#include "cli.h"

static const char export_usage[] =
	"Usage: " PROG_NAME " export [--textfile PATH]\n"
	"\n"
	"Zone, buddy and slab figures in the Prometheus text exposition format (0.0.4), as\n"
	"node_exporter's textfile collector reads it: per zone (labels node, zone) the\n"
	"spanned, present, managed, CMA and free pages, the watermarks and the boost; per\n"
	"zone, order and migrate type the free blocks; per slab cache (label cache) the\n"
	"active and total objects, object size, slabs, partial slabs and memory; the\n"
	"system's and each node's memory figures (mmscope mem), and the kernel's memory\n"
	"event counters as counters. When the module's slab view is unavailable, the rest\n"
	"is exported with a comment saying why, mmscope_slab_available is 0 and the exit\n"
	"status is 0.\n"
	"\n";

static const struct cli_option export_options[] = {
	{ "textfile", 'o', "PATH",
	  "write to PATH atomically (PATH.tmp.PID, fsync, rename)\n"
	  "instead of to standard output; for the textfile collector,\n"
	  "PATH ends in .prom and lies in its --collector.textfile.directory" },
	{ 0 },
};

static struct {
	const char *textfile;	/* NULL: standard output */
} export_args;

/* A slab cache's figures, summed over the caches of that name. */
struct export_slab {
	char name[MMC_SLAB_NAME_LEN];
	uint64_t active_objs, num_objs, object_size, num_slabs, partial_slabs, pages;
};

struct export_data {
	struct mmc_zone *zones;
	size_t nr_zones, cap_zones;
	struct mmc_zone_types *types;
	size_t nr_types, cap_types;
	struct export_slab *slabs;
	size_t nr_slabs, cap_slabs;
	bool slab_off;
	char slab_why[256];
	struct mmc_mem mem;
	struct mmc_mem *mem_nodes;
	size_t nr_mem_nodes;
	bool mem_off;
	char mem_why[256];
	uint64_t page_size;
};

/* Grow *arr (of *cap elements of size sz) to hold one more than n. */
static int grow(void **arr, size_t *cap, size_t n, size_t sz)
{
	void *p;
	size_t c;

	if (n < *cap)
		return 0;
	c = *cap ? *cap * 2 : 32;
	p = reallocarray(*arr, c, sz);
	if (!p)
		return -ENOMEM;
	*arr = p;
	*cap = c;
	return 0;
}

static int export_zone(const struct mmc_zone *z, void *arg)
{
	struct export_data *d = arg;

	if (grow((void **)&d->zones, &d->cap_zones, d->nr_zones, sizeof(*z)))
		return -ENOMEM;
	d->zones[d->nr_zones++] = *z;
	return 0;
}

static int export_types(const struct mmc_zone_types *zt, void *arg)
{
	struct export_data *d = arg;

	if (grow((void **)&d->types, &d->cap_types, d->nr_types, sizeof(*zt)))
		return -ENOMEM;
	d->types[d->nr_types++] = *zt;
	return 0;
}

/*
 * Caches sharing a name (possible: names are not unique, and long ones are cut) would
 * give duplicate series, which the textfile collector rejects: they are summed into one,
 * with the largest object size.
 */
static int export_slab(const struct mmc_slab *s, void *arg)
{
	struct export_data *d = arg;
	struct export_slab *t = NULL;
	size_t i;

	for (i = 0; i < d->nr_slabs && !t; i++)
		if (!strcmp(d->slabs[i].name, s->name))
			t = &d->slabs[i];
	if (!t) {
		if (grow((void **)&d->slabs, &d->cap_slabs, d->nr_slabs, sizeof(*t)))
			return -ENOMEM;
		t = &d->slabs[d->nr_slabs++];
		memset(t, 0, sizeof(*t));
		memcpy(t->name, s->name, sizeof(t->name));
		t->name[sizeof(t->name) - 1] = '\0';
	}
	t->active_objs += s->active_objs;
	t->num_objs += s->num_objs;
	t->num_slabs += s->num_slabs;
	t->partial_slabs += s->partial_slabs;
	t->pages += s->num_slabs * s->pages_per_slab;
	if (s->object_size > t->object_size)
		t->object_size = s->object_size;
	return 0;
}

/* A label value: \, " and newline escaped; bytes that are not UTF-8 become U+FFFD. */
static void put_label(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		unsigned int len = 0, i;

		if (*p < 0x80) {
			if (*p == '\\')
				fputs("\\\\", f);
			else if (*p == '"')
				fputs("\\\"", f);
			else if (*p == '\n')
				fputs("\\n", f);
			else
				fputc(*p, f);
			p++;
			continue;
		}
		if (*p >= 0xc2 && *p <= 0xdf)
			len = 2;
		else if (*p >= 0xe0 && *p <= 0xef)
			len = 3;
		else if (*p >= 0xf0 && *p <= 0xf4)
			len = 4;
		for (i = 1; i < len; i++)
			if ((p[i] & 0xc0) != 0x80)
				break;
		/* overlong 3- and 4-byte forms, surrogates, above U+10FFFF: not UTF-8 */
		if (len && i == len &&
		    !(len == 3 && p[0] == 0xe0 && p[1] < 0xa0) &&
		    !(len == 3 && p[0] == 0xed && p[1] >= 0xa0) &&
		    !(len == 4 && p[0] == 0xf0 && p[1] < 0x90) &&
		    !(len == 4 && p[0] == 0xf4 && p[1] >= 0x90)) {
			fwrite(p, 1, len, f);
			p += len;
		} else {
			fputs("\xef\xbf\xbd", f);
			p++;
		}
	}
}

static void family(FILE *f, const char *name, const char *help)
{
	fprintf(f, "# HELP %s %s\n# TYPE %s gauge\n", name, help, name);
}

static void zone_sample(FILE *f, const char *name, const struct mmc_zone *z, uint64_t v)
{
	fprintf(f, "%s{node=\"%" PRIu32 "\",zone=\"", name, z->node);
	put_label(f, z->name);
	fprintf(f, "\"} %" PRIu64 "\n", v);
}

#define ZONE_FIELD(field) offsetof(struct mmc_zone, field)

static void export_zones(FILE *f, const struct export_data *d)
{
	static const struct {
		const char *name, *help;
		size_t off;
	} fields[] = {
		{ "mmscope_zone_spanned_pages", "Pages the zone spans, holes included.",
		  ZONE_FIELD(spanned) },
		{ "mmscope_zone_present_pages", "Pages present in the zone.",
		  ZONE_FIELD(present) },
		{ "mmscope_zone_managed_pages", "Pages of the zone managed by the buddy allocator.",
		  ZONE_FIELD(managed) },
		{ "mmscope_zone_cma_pages", "Pages of the zone reserved for CMA.",
		  ZONE_FIELD(cma) },
		{ "mmscope_zone_free_pages", "Free pages of the zone (NR_FREE_PAGES).",
		  ZONE_FIELD(free) },
		{ "mmscope_zone_watermark_boost_pages", "The zone's watermark boost.",
		  ZONE_FIELD(boost) },
	};
	size_t i, k;

	for (k = 0; k < sizeof(fields) / sizeof(fields[0]); k++) {
		family(f, fields[k].name, fields[k].help);
		for (i = 0; i < d->nr_zones; i++) {
			const struct mmc_zone *z = &d->zones[i];

			zone_sample(f, fields[k].name, z,
				    *(const uint64_t *)((const char *)z + fields[k].off));
		}
	}

	family(f, "mmscope_zone_watermark_pages",
	       "The zone's watermarks (label watermark: min, low, high, and promo where the "
	       "kernel has one), boost included, as /proc/zoneinfo prints them.");
	for (i = 0; i < d->nr_zones; i++) {
		const struct mmc_zone *z = &d->zones[i];

		const char *const marks[] = { "min", "low", "high", "promo" };
		const uint64_t v[] = { z->min, z->low, z->high, z->promo };

		for (k = 0; k < (z->has_promo ? 4 : 3); k++) {
			fprintf(f, "mmscope_zone_watermark_pages{node=\"%" PRIu32 "\",zone=\"",
				z->node);
			put_label(f, z->name);
			fprintf(f, "\",watermark=\"%s\"} %" PRIu64 "\n", marks[k], v[k]);
		}
	}
}

static void export_buddy(FILE *f, const struct export_data *d)
{
	char buf[16];
	size_t i;
	unsigned int t, o;

	family(f, "mmscope_buddy_free_blocks",
	       "Free blocks of the buddy allocator per zone, order and migrate type "
	       "(a block of order N is 2^N pages).");
	for (i = 0; i < d->nr_types; i++) {
		const struct mmc_zone_types *zt = &d->types[i];

		for (t = 0; t < zt->nr_types; t++) {
			const struct mmc_pagetype *pt = &zt->types[t];
			const char *mt = pt->name[0] ? pt->name :
				cli_enum_str(buf, sizeof(buf), NULL, pt->idx);

			for (o = 0; o < pt->nr_orders; o++) {
				fprintf(f, "mmscope_buddy_free_blocks{node=\"%" PRIu32
					"\",zone=\"", zt->node);
				put_label(f, zt->name);
				fprintf(f, "\",order=\"%u\",migratetype=\"", o);
				put_label(f, mt);
				fprintf(f, "\"} %" PRIu64 "\n", pt->free_blocks[o]);
			}
		}
	}

	family(f, "mmscope_buddy_free_blocks_capped",
	       "1 when the module stopped counting a free list at its cap, so that "
	       "mmscope_buddy_free_blocks of that zone is a lower bound.");
	for (i = 0; i < d->nr_types; i++) {
		const struct mmc_zone_types *zt = &d->types[i];
		bool capped = false;

		for (t = 0; t < zt->nr_types; t++)
			capped |= zt->types[t].capped_orders != 0;
		fprintf(f, "mmscope_buddy_free_blocks_capped{node=\"%" PRIu32 "\",zone=\"",
			zt->node);
		put_label(f, zt->name);
		fprintf(f, "\"} %d\n", capped);
	}
}

static void export_slabs(FILE *f, const struct export_data *d)
{
	static const char *const names[] = {
		"mmscope_slab_active_objects", "mmscope_slab_objects",
		"mmscope_slab_object_size_bytes", "mmscope_slab_slabs",
		"mmscope_slab_partial_slabs", "mmscope_slab_memory_bytes",
	};
	static const char *const helps[] = {
		"Objects of the slab cache in use (active_objs of /proc/slabinfo).",
		"Objects of the slab cache, free or not (num_objs of /proc/slabinfo).",
		"Object size of the slab cache, as created.",
		"Slabs of the slab cache.",
		"Partial slabs of the slab cache.",
		"Memory the slab cache's slabs hold (slabs x pages per slab x page size).",
	};
	size_t i, k;

	family(f, "mmscope_slab_available",
	       "1 when the module's slab view works, 0 when the slab figures are missing.");
	fprintf(f, "mmscope_slab_available %d\n", !d->slab_off);
	if (d->slab_off) {
		fprintf(f, "# mmscope: slab figures unavailable: ");
		put_label(f, d->slab_why);
		fputc('\n', f);
		return;
	}
	for (k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
		family(f, names[k], helps[k]);
		for (i = 0; i < d->nr_slabs; i++) {
			const struct export_slab *s = &d->slabs[i];
			uint64_t v = 0;

			switch (k) {
			case 0: v = s->active_objs; break;
			case 1: v = s->num_objs; break;
			case 2: v = s->object_size; break;
			case 3: v = s->num_slabs; break;
			case 4: v = s->partial_slabs; break;
			case 5: v = s->pages * d->page_size; break;
			}
			fprintf(f, "%s{cache=\"", names[k]);
			put_label(f, s->name);
			fprintf(f, "\"} %" PRIu64 "\n", v);
		}
	}
}

/*
 * The mem figures: the system's as mmscope_mem_*, each node's as mmscope_node_*{node},
 * in bytes; a figure the kernel does not report has no sample (never a 0).
 */
static const struct {
	int attr;
	const char *help;
} export_mem_figs[] = {
	{ MMSCOPE_A_MEM_TOTAL, "MemTotal: memory the buddy allocator manages." },
	{ MMSCOPE_A_MEM_FREE, "MemFree: free memory (NR_FREE_PAGES)." },
	{ MMSCOPE_A_MEM_AVAILABLE, "MemAvailable, as si_mem_available() computes it (a node: "
	  "the same formula over its counters)." },
	{ MMSCOPE_A_MEM_RESERVE, "Memory kept out of reach of user space (totalreserve_pages)." },
	{ MMSCOPE_A_MEM_WMARK_LOW, "The zones' low watermarks, summed." },
	{ MMSCOPE_A_MEM_BUFFERS, "Buffers: block device page cache." },
	{ MMSCOPE_A_MEM_CACHED, "Cached: page cache less swap cache and buffers." },
	{ MMSCOPE_A_MEM_SWAP_CACHED, "SwapCached (NR_SWAPCACHE)." },
	{ MMSCOPE_A_MEM_FILE_PAGES, "The whole page cache (NR_FILE_PAGES)." },
	{ MMSCOPE_A_MEM_SHMEM, "Shmem (NR_SHMEM)." },
	{ MMSCOPE_A_MEM_ACTIVE_ANON, "Active(anon)." },
	{ MMSCOPE_A_MEM_INACTIVE_ANON, "Inactive(anon)." },
	{ MMSCOPE_A_MEM_ACTIVE_FILE, "Active(file)." },
	{ MMSCOPE_A_MEM_INACTIVE_FILE, "Inactive(file)." },
	{ MMSCOPE_A_MEM_UNEVICTABLE, "Unevictable." },
	{ MMSCOPE_A_MEM_MLOCKED, "Mlocked (NR_MLOCK)." },
	{ MMSCOPE_A_MEM_DIRTY, "Dirty (NR_FILE_DIRTY)." },
	{ MMSCOPE_A_MEM_WRITEBACK, "Writeback (NR_WRITEBACK)." },
	{ MMSCOPE_A_MEM_ANON, "AnonPages (NR_ANON_MAPPED)." },
	{ MMSCOPE_A_MEM_MAPPED, "Mapped (NR_FILE_MAPPED)." },
	{ MMSCOPE_A_MEM_SLAB_RECLAIMABLE, "SReclaimable." },
	{ MMSCOPE_A_MEM_SLAB_UNRECLAIMABLE, "SUnreclaim." },
	{ MMSCOPE_A_MEM_KERNEL_MISC_RECLAIMABLE, "NR_KERNEL_MISC_RECLAIMABLE (KReclaimable "
	  "less SReclaimable)." },
	{ MMSCOPE_A_MEM_KERNEL_STACK, "KernelStack." },
	{ MMSCOPE_A_MEM_PAGE_TABLES, "PageTables." },
	{ MMSCOPE_A_MEM_SWAP_TOTAL, "SwapTotal." },
	{ MMSCOPE_A_MEM_SWAP_FREE, "SwapFree." },
	{ MMSCOPE_A_MEM_COMMITTED, "Committed_AS (vm_memory_committed())." },
	{ MMSCOPE_A_MEM_COMMIT_LIMIT, "CommitLimit (vm_commit_limit())." },
	{ MMSCOPE_A_MEM_HUGETLB, "Memory in the hugetlb pools." },
	{ MMSCOPE_A_MEM_OVERCOMMIT_KBYTES, "vm.overcommit_kbytes (0: the ratio applies)." },
};

/* The event counters since boot, pages unless pgpgin, pgpgout (kB, exported as bytes). */
static const struct {
	int attr;
	const char *help;
} export_mem_events[] = {
	{ MMSCOPE_A_MEM_PGPGIN, "Bytes read from block devices (pgpgin)." },
	{ MMSCOPE_A_MEM_PGPGOUT, "Bytes written to block devices (pgpgout)." },
	{ MMSCOPE_A_MEM_PSWPIN, "Pages swapped in (pswpin)." },
	{ MMSCOPE_A_MEM_PSWPOUT, "Pages swapped out (pswpout)." },
	{ MMSCOPE_A_MEM_PGFAULT, "Page faults, minor and major (pgfault)." },
	{ MMSCOPE_A_MEM_PGMAJFAULT, "Major page faults (pgmajfault)." },
	{ MMSCOPE_A_MEM_PGFREE, "Pages freed (pgfree)." },
	{ MMSCOPE_A_MEM_PGSCAN_KSWAPD, "Pages scanned by kswapd." },
	{ MMSCOPE_A_MEM_PGSCAN_DIRECT, "Pages scanned by direct reclaim." },
	{ MMSCOPE_A_MEM_PGSCAN_KHUGEPAGED, "Pages scanned by khugepaged's reclaim." },
	{ MMSCOPE_A_MEM_PGSTEAL_KSWAPD, "Pages reclaimed by kswapd." },
	{ MMSCOPE_A_MEM_PGSTEAL_DIRECT, "Pages reclaimed by direct reclaim." },
	{ MMSCOPE_A_MEM_PGSTEAL_KHUGEPAGED, "Pages reclaimed by khugepaged." },
	{ MMSCOPE_A_MEM_PGSTEAL_ANON, "Pages reclaimed from the anonymous LRU, any reclaimer "
	  "(the same pages as kswapd, direct and khugepaged count)." },
	{ MMSCOPE_A_MEM_PGSTEAL_FILE, "Pages reclaimed from the file LRU, any reclaimer." },
	{ MMSCOPE_A_MEM_PGSCAN_DIRECT_THROTTLE, "Direct reclaims throttled." },
	{ MMSCOPE_A_MEM_OOM_KILL, "Processes the OOM killer killed." },
};

/* "prefix" + the spec name with - as _ + suffix */
static void mem_metric(char *buf, size_t len, const char *prefix, int attr, const char *suffix)
{
	const char *name = mmc_mem_attr_name(attr);
	char *p;

	/* overcommit-kbytes is a size like the others: its unit goes in the suffix */
	if (attr == MMSCOPE_A_MEM_OVERCOMMIT_KBYTES)
		name = "overcommit";
	snprintf(buf, len, "%s%s%s", prefix, name ? name : "unknown", suffix);
	for (p = buf; *p; p++)
		if (*p == '-')
			*p = '_';
}

static bool mem_nodes_have(const struct export_data *d, int attr)
{
	size_t i;

	for (i = 0; i < d->nr_mem_nodes; i++)
		if (mmc_mem_has(&d->mem_nodes[i], attr))
			return true;
	return false;
}

static void export_mem(FILE *f, const struct export_data *d)
{
	char name[96];
	uint64_t v;
	size_t k, i;

	if (d->mem_off) {
		fprintf(f, "# mmscope: mem figures unavailable: ");
		put_label(f, d->mem_why);
		fputc('\n', f);
		return;
	}
	for (k = 0; k < sizeof(export_mem_figs) / sizeof(export_mem_figs[0]); k++) {
		int attr = export_mem_figs[k].attr;

		if (!mmc_mem_value(&d->mem, attr, &v))
			continue;
		mem_metric(name, sizeof(name), "mmscope_mem_", attr, "_bytes");
		family(f, name, export_mem_figs[k].help);
		fprintf(f, "%s %" PRIu64 "\n", name, v * 1024);
	}
	if (mmc_mem_value(&d->mem, MMSCOPE_A_MEM_OVERCOMMIT_POLICY, &v)) {
		family(f, "mmscope_mem_overcommit_policy",
		       "vm.overcommit_memory: 0 guess, 1 always, 2 never.");
		fprintf(f, "mmscope_mem_overcommit_policy %" PRIu64 "\n", v);
	}
	if (mmc_mem_value(&d->mem, MMSCOPE_A_MEM_OVERCOMMIT_RATIO, &v)) {
		family(f, "mmscope_mem_overcommit_ratio_percent", "vm.overcommit_ratio.");
		fprintf(f, "mmscope_mem_overcommit_ratio_percent %" PRIu64 "\n", v);
	}
	for (k = 0; k < sizeof(export_mem_events) / sizeof(export_mem_events[0]); k++) {
		int attr = export_mem_events[k].attr;
		bool kb = attr == MMSCOPE_A_MEM_PGPGIN || attr == MMSCOPE_A_MEM_PGPGOUT;

		if (!mmc_mem_value(&d->mem, attr, &v))
			continue;
		mem_metric(name, sizeof(name), "mmscope_mem_", attr, kb ? "_bytes_total" : "_total");
		fprintf(f, "# HELP %s %s\n# TYPE %s counter\n", name, export_mem_events[k].help,
			name);
		fprintf(f, "%s %" PRIu64 "\n", name, kb ? v * 1024 : v);
	}

	/* per node: the figures a node's reply has */
	for (k = 0; k < sizeof(export_mem_figs) / sizeof(export_mem_figs[0]); k++) {
		int attr = export_mem_figs[k].attr;

		if (!mem_nodes_have(d, attr))
			continue;
		mem_metric(name, sizeof(name), "mmscope_node_", attr, "_bytes");
		family(f, name, export_mem_figs[k].help);
		for (i = 0; i < d->nr_mem_nodes; i++) {
			const struct mmc_mem *m = &d->mem_nodes[i];

			if (mmc_mem_value(m, attr, &v))
				fprintf(f, "%s{node=\"%" PRIu32 "\"} %" PRIu64 "\n", name, m->node,
					v * 1024);
		}
	}
}

static void export_render(FILE *f, const struct export_data *d)
{
	family(f, "mmscope_page_size_bytes", "The kernel's page size.");
	fprintf(f, "mmscope_page_size_bytes %" PRIu64 "\n", d->page_size);
	export_zones(f, d);
	export_buddy(f, d);
	export_slabs(f, d);
	export_mem(f, d);
}

/* Write buf to path atomically: path.tmp.PID, fsync, rename. Returns the exit status. */
static int export_textfile(const struct cli *cli, const char *path, const char *buf,
			   size_t len)
{
	size_t tlen = strlen(path) + 32, done = 0;
	char *tmp = malloc(tlen);
	int fd, err = 0;
	const char *what = "writing";

	if (!tmp) {
		cli_err(cli, "writing %s failed: %s", path, strerror(ENOMEM));
		return CLI_EXIT_FAIL;
	}
	snprintf(tmp, tlen, "%s.tmp.%ld", path, (long)getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0) {
		err = errno;
		cli_err(cli, "creating %s failed: %s", tmp, strerror(err));
		free(tmp);
		return err == EACCES || err == EPERM ? CLI_EXIT_PERM : CLI_EXIT_FAIL;
	}
	/* readable by node_exporter whatever the umask */
	if (fchmod(fd, 0644))
		err = errno, what = "setting the mode of";
	while (!err && done < len) {
		ssize_t n = write(fd, buf + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			err = errno;
		else
			done += n;
	}
	if (!err && fsync(fd))
		err = errno, what = "syncing";
	if (close(fd) && !err)
		err = errno, what = "closing";
	if (!err && rename(tmp, path))
		err = errno, what = "renaming";
	if (err) {
		if (!strcmp(what, "renaming"))
			cli_err(cli, "renaming %s to %s failed: %s", tmp, path, strerror(err));
		else
			cli_err(cli, "%s %s failed: %s", what, tmp, strerror(err));
		unlink(tmp);
	}
	free(tmp);
	return err ? CLI_EXIT_FAIL : CLI_EXIT_OK;
}

static int export_option(struct cli *cli, int key, const char *arg)
{
	if (key == 'o') {
		if (!*arg)
			return cli_usage_err(cli, "option '--textfile' needs a path");
		export_args.textfile = arg;
	}
	return 0;
}

static int export_operands(struct cli *cli, int argc, char *argv[])
{
	if (cli_no_args(cli, argc, argv))
		return CLI_EXIT_USAGE;
	if (cli->json)
		return cli_usage_err(cli, "no JSON output: export writes the Prometheus text "
				     "format");
	return 0;
}

static int export_run(struct cli *cli, struct mmc_nl *nl)
{
	struct export_data d = { .page_size = (uint64_t)sysconf(_SC_PAGESIZE) };
	int status = CLI_EXIT_OK, err;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	err = mmc_zones_dump(nl, -1, export_zone, &d);
	if (err) {
		status = cli_request_err(cli, nl, "zone dump failed", err);
		goto out;
	}
	err = mmc_pagetypes_dump(nl, -1, export_types, &d);
	if (err) {
		status = cli_request_err(cli, nl, "pagetype dump failed", err);
		goto out;
	}
	err = mmc_slabs_dump(nl, export_slab, &d);
	if (err == -EOPNOTSUPP) {
		const char *msg = mmc_nl_errmsg(nl);

		if (msg && !strncmp(msg, PROG_NAME ": ", strlen(PROG_NAME ": ")))
			msg += strlen(PROG_NAME ": ");
		snprintf(d.slab_why, sizeof(d.slab_why), "%s", msg ? msg : strerror(-err));
		d.slab_off = true;
	} else if (err) {
		status = cli_request_err(cli, nl, "slab dump failed", err);
		goto out;
	}
	err = mmc_mem_get(nl, -1, &d.mem);
	if (!err)
		err = mmc_mem_nodes(nl, &d.mem_nodes, &d.nr_mem_nodes);
	if (err == -EOPNOTSUPP) {
		/* a module without mem-get: the rest is still worth collecting */
		const char *msg = mmc_nl_errmsg(nl);

		if (msg && !strncmp(msg, PROG_NAME ": ", strlen(PROG_NAME ": ")))
			msg += strlen(PROG_NAME ": ");
		snprintf(d.mem_why, sizeof(d.mem_why), "%s", msg ? msg : strerror(-err));
		d.mem_off = true;
	} else if (err) {
		status = cli_request_err(cli, nl, "mem-get failed", err);
		goto out;
	}

	f = open_memstream(&buf, &len);
	if (!f) {
		cli_err(cli, "rendering failed: %s", strerror(errno));
		status = CLI_EXIT_FAIL;
		goto out;
	}
	export_render(f, &d);
	if (fclose(f)) {
		cli_err(cli, "rendering failed: %s", strerror(errno));
		status = CLI_EXIT_FAIL;
		goto out;
	}
	if (export_args.textfile)
		status = export_textfile(cli, export_args.textfile, buf, len);
	else
		fwrite(buf, 1, len, stdout);
out:
	free(buf);
	free(d.zones);
	free(d.types);
	free(d.slabs);
	free(d.mem_nodes);
	return status;
}

const struct cli_command export_command = {
	.name = "export",
	.summary = "zone, buddy, slab, memory figures for Prometheus (textfile collector)",
	.usage = export_usage,
	.options = export_options,
	/* no json_help: export_operands() refuses --json */
	.family = true,
	.option = export_option,
	.operands = export_operands,
	.run = export_run,
};
