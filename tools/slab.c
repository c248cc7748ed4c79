// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * mmscope slab: the kernel's slab caches, one row per cache, as /proc/slabinfo counts them,
 * with the memory they hold, their utilisation and their flags; sorted, cut to the top N,
 * or refreshed every few seconds with what changed since the previous refresh.
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <linux/mmscope.h>

#include "cli.h"
#include "json.h"

static const char slab_usage[] =
	"Usage: " PROG_NAME " slab [--nodes] [--sort KEY] [--top N] [--watch SECONDS [--count N]]\n"
	"                    [--json] [NAME]\n"
	"\n"
	"Every slab cache on the kernel's list (or only the cache NAME), counted as\n"
	"/proc/slabinfo counts it: object size, stride (size), alignment, objects and pages\n"
	"per slab, active and total objects, slabs, partial slabs, the memory the slabs hold\n"
	"(slabs x pages x page size), utilisation (active / total) and the cache's flags.\n"
	"MERGED(N) in the flags: N other caches were merged into this one.\n"
	"\n";

static const struct cli_option slab_options[] = {
	{ "nodes", 'N', NULL, "also one row per node under each cache" },
	{ "sort", 's', "KEY", "name (A-Z), objs (most objects first), size (largest object\n"
			      "size first), mem (most memory first) or util (least used\n"
			      "first); default: the kernel's list order" },
	{ "top", 't', "N", "only the first N caches (after sorting)" },
	{ "watch", 'w', "SECONDS", "refresh every SECONDS (like slabtop), with the change of the\n"
				   "active objects and of the memory since the previous refresh;\n"
				   "Ctrl-C ends it" },
	{ "count", 'c', "N", "with --watch: stop after N refreshes" },
	{ 0 },
};

enum slab_sort { SORT_NONE, SORT_NAME, SORT_OBJS, SORT_SIZE, SORT_MEM, SORT_UTIL };

static const char *const sort_names[] = {
	[SORT_NAME] = "name", [SORT_OBJS] = "objs", [SORT_SIZE] = "size",
	[SORT_MEM] = "mem", [SORT_UTIL] = "util",
};

struct slab_opts {
	bool nodes;
	enum slab_sort sort;
	unsigned long top;		/* 0: all */
	unsigned long watch;		/* seconds, 0: once */
	unsigned long count;		/* refreshes, 0: until interrupted */
	const char *name;
	uint64_t page_size;
};

/* One refresh: the caches, in the kernel's order. */
struct slab_set {
	struct mmc_slab *caches;
	size_t n, cap;
};

static int slab_collect(const struct mmc_slab *s, void *arg)
{
	struct slab_set *set = arg;

	if (set->n == set->cap) {
		size_t cap = set->cap ? set->cap * 2 : 256;
		struct mmc_slab *c = reallocarray(set->caches, cap, sizeof(*c));

		if (!c)
			return -ENOMEM;
		set->caches = c;
		set->cap = cap;
	}
	set->caches[set->n++] = *s;
	return 0;
}

static int slab_fetch(struct mmc_nl *nl, const struct slab_opts *o, struct slab_set *set)
{
	struct mmc_slab s;
	int err;

	set->n = 0;
	if (!o->name)
		return mmc_slabs_dump(nl, slab_collect, set);
	err = mmc_slab_get(nl, o->name, &s);
	return err ?: slab_collect(&s, set);
}

static uint64_t slab_mem(const struct mmc_slab *s, uint64_t page_size)
{
	return s->num_slabs * s->pages_per_slab * page_size;
}

/* Utilisation in hundredths of a percent; -1 for a cache without objects. */
static long slab_util(uint64_t active, uint64_t total)
{
	return total ? (long)(active * 10000 / total) : -1;
}

static uint64_t sort_page_size;
static enum slab_sort sort_key;

static int slab_cmp(const void *pa, const void *pb)
{
	const struct mmc_slab *a = pa, *b = pb;
	uint64_t x = 0, y = 0;
	long ua, ub;

	switch (sort_key) {
	case SORT_OBJS:
		x = b->num_objs, y = a->num_objs;
		break;
	case SORT_SIZE:
		x = b->object_size, y = a->object_size;
		break;
	case SORT_MEM:
		x = slab_mem(b, sort_page_size), y = slab_mem(a, sort_page_size);
		break;
	case SORT_UTIL:
		/* least used first, empty caches last */
		ua = slab_util(a->active_objs, a->num_objs);
		ub = slab_util(b->active_objs, b->num_objs);
		x = ua < 0 ? 20000 : ua;
		y = ub < 0 ? 20000 : ub;
		break;
	default:
		break;
	}
	if (x != y)
		return x < y ? -1 : 1;
	return strcmp(a->name, b->name);
}

static void slab_sort_set(struct slab_set *set, const struct slab_opts *o)
{
	if (o->sort == SORT_NONE)
		return;
	sort_key = o->sort;
	sort_page_size = o->page_size;
	qsort(set->caches, set->n, sizeof(*set->caches), slab_cmp);
}

static size_t slab_shown(const struct slab_set *set, const struct slab_opts *o)
{
	return o->top && o->top < set->n ? o->top : set->n;
}

/* "HWCACHE_ALIGN,ACCOUNT,MERGED(2)" into buf; "-" when there is nothing to say. */
static const char *slab_flags_str(const struct mmc_slab *s, char *buf, size_t len)
{
	size_t used = 0;
	unsigned int bit;

	buf[0] = '\0';
	for (bit = 0; bit < 32; bit++) {
		const char *name = s->flags & (1U << bit) ? mmc_slab_flag_name(1U << bit) : NULL;

		if (name && used < len)
			used += snprintf(buf + used, len - used, "%s%s", used ? "," : "", name);
	}
	if (s->refcount > 1 && used < len)
		used += snprintf(buf + used, len - used, "%sMERGED(%d)", used ? "," : "",
				 s->refcount - 1);
	return buf[0] ? buf : "-";
}

static void slab_util_str(char *buf, size_t len, uint64_t active, uint64_t total)
{
	long u = slab_util(active, total);

	if (u < 0)
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%ld.%ld%%", u / 100, u % 100 / 10);
}

/* The previous refresh's figures of a cache, by name (the n-th cache of that name). */
static const struct mmc_slab *slab_prev(const struct slab_set *prev, const struct slab_set *cur,
					const struct mmc_slab *s)
{
	size_t i, nth = 0;

	for (i = 0; i < cur->n && &cur->caches[i] != s; i++)
		nth += !strcmp(cur->caches[i].name, s->name);
	for (i = 0; prev && i < prev->n; i++)
		if (!strcmp(prev->caches[i].name, s->name) && !nth--)
			return &prev->caches[i];
	return NULL;
}

static void slab_print_header(bool watch)
{
	printf("%-24s %7s %7s %5s %8s %7s %10s %10s %8s %7s %10s %6s", "NAME", "OBJSIZE",
	       "SIZE", "ALIGN", "OBJ/SLAB", "PG/SLAB", "ACTIVE", "TOTAL", "SLABS", "PARTIAL",
	       "MEMORY", "UTIL");
	if (watch)
		printf(" %9s %10s", "+ACTIVE", "+MEMORY");
	printf("  FLAGS\n");
}

/* A signed change as "+12" / "-3" / "" (no change), bytes with a unit. */
static const char *slab_delta(char *buf, size_t len, int64_t d, bool bytes)
{
	char size[32];

	if (!d)
		return "";
	if (!bytes) {
		snprintf(buf, len, "%+" PRId64, d);
		return buf;
	}
	cli_size(size, sizeof(size), d < 0 ? (uint64_t)-d : (uint64_t)d);
	snprintf(buf, len, "%c%s", d < 0 ? '-' : '+', size);
	return buf;
}

/* first: the first refresh of --watch, where no cache is new */
static void slab_print_row(const struct slab_opts *o, const struct mmc_slab *s,
			   const struct mmc_slab *prev, bool watch, bool first)
{
	char mem[32], util[32], flags[256], d1[48], d2[48];
	unsigned int i;

	cli_size(mem, sizeof(mem), slab_mem(s, o->page_size));
	slab_util_str(util, sizeof(util), s->active_objs, s->num_objs);
	printf("%-24s %7" PRIu32 " %7" PRIu32 " %5" PRIu32 " %8" PRIu32 " %7" PRIu32 " %10"
	       PRIu64 " %10" PRIu64 " %8" PRIu64 " %7" PRIu64 " %10s %6s", s->name,
	       s->object_size, s->size, s->align, s->objs_per_slab, s->pages_per_slab,
	       s->active_objs, s->num_objs, s->num_slabs, s->partial_slabs, mem, util);
	if (watch) {
		int64_t da = prev ? (int64_t)(s->active_objs - prev->active_objs) : 0;
		int64_t dm = prev ? (int64_t)(slab_mem(s, o->page_size) -
					      slab_mem(prev, o->page_size)) : 0;

		printf(" %9s %10s", prev || first ? slab_delta(d1, sizeof(d1), da, false) : "new",
		       slab_delta(d2, sizeof(d2), dm, true));
	}
	printf("  %s%s\n", slab_flags_str(s, flags, sizeof(flags)), s->approx ? " (estimated)" : "");
	if (!o->nodes)
		return;
	for (i = 0; i < s->nr_nodes; i++) {
		const struct mmc_slab_node *n = &s->nodes[i];
		char label[32];

		cli_size(mem, sizeof(mem), n->num_slabs * s->pages_per_slab * o->page_size);
		slab_util_str(util, sizeof(util), n->active_objs, n->num_objs);
		snprintf(label, sizeof(label), "  node %" PRIu32, n->node);
		printf("%-24s %7s %7s %5s %8s %7s %10" PRIu64 " %10" PRIu64 " %8" PRIu64 " %7"
		       PRIu64 " %10s %6s\n", label, "", "", "", "", "", n->active_objs,
		       n->num_objs, n->num_slabs, n->partial_slabs, mem, util);
	}
	if (s->nodes_truncated)
		printf("  (more nodes than shown: the totals include them)\n");
}

static void slab_json(const struct slab_opts *o, const struct slab_set *set)
{
	struct json j;
	size_t i, k;

	json_init(&j, stdout);
	json_object_start(&j, NULL);
	json_array_start(&j, "caches");
	for (i = 0; i < slab_shown(set, o); i++) {
		const struct mmc_slab *s = &set->caches[i];
		unsigned int bit;

		json_object_start(&j, NULL);
		json_string(&j, "name", s->name);
		json_uint(&j, "object_size", s->object_size);
		json_uint(&j, "size", s->size);
		json_uint(&j, "align", s->align);
		json_uint(&j, "objs_per_slab", s->objs_per_slab);
		json_uint(&j, "pages_per_slab", s->pages_per_slab);
		json_uint(&j, "order", s->order);
		json_uint(&j, "active_objs", s->active_objs);
		json_uint(&j, "num_objs", s->num_objs);
		json_uint(&j, "num_slabs", s->num_slabs);
		json_uint(&j, "partial_slabs", s->partial_slabs);
		json_uint(&j, "memory_bytes", slab_mem(s, o->page_size));
		json_array_start(&j, "flags");
		for (bit = 0; bit < 32; bit++)
			if ((s->flags & (1U << bit)) && mmc_slab_flag_name(1U << bit))
				json_string(&j, NULL, mmc_slab_flag_name(1U << bit));
		json_array_end(&j);
		json_uint(&j, "kernel_flags", s->kernel_flags);
		json_int(&j, "refcount", s->refcount);
		json_bool(&j, "merged", s->refcount > 1);
		json_bool(&j, "estimated", s->approx);
		if (o->nodes) {
			json_array_start(&j, "nodes");
			for (k = 0; k < s->nr_nodes; k++) {
				const struct mmc_slab_node *n = &s->nodes[k];

				json_object_start(&j, NULL);
				json_uint(&j, "node", n->node);
				json_uint(&j, "active_objs", n->active_objs);
				json_uint(&j, "num_objs", n->num_objs);
				json_uint(&j, "num_slabs", n->num_slabs);
				json_uint(&j, "partial_slabs", n->partial_slabs);
				json_uint(&j, "partial_free", n->partial_free);
				json_object_end(&j);
			}
			json_array_end(&j);
		}
		json_object_end(&j);
	}
	json_array_end(&j);
	json_object_end(&j);
	json_finish(&j);
}

static void slab_text(const struct slab_opts *o, const struct slab_set *set,
		      const struct slab_set *prev)
{
	bool watch = o->watch;
	size_t i;

	slab_print_header(watch);
	for (i = 0; i < slab_shown(set, o); i++)
		slab_print_row(o, &set->caches[i],
			       watch ? slab_prev(prev, set, &set->caches[i]) : NULL, watch, !prev);
}

static volatile sig_atomic_t slab_stop;

static void slab_on_signal(int sig)
{
	(void)sig;
	slab_stop = 1;
}

/* The summary line over every cache (not only the shown ones). */
static void slab_watch_title(const struct slab_opts *o, const struct slab_set *set)
{
	uint64_t active = 0, total = 0, mem = 0;
	char size[32], stamp[32];
	time_t now = time(NULL);
	size_t i;

	for (i = 0; i < set->n; i++) {
		active += set->caches[i].active_objs;
		total += set->caches[i].num_objs;
		mem += slab_mem(&set->caches[i], o->page_size);
	}
	strftime(stamp, sizeof(stamp), "%H:%M:%S", localtime(&now));
	printf("%s slab, every %lus, %s: %zu caches, %" PRIu64 " of %" PRIu64
	       " objects active, %s held%s%s\n\n", PROG_NAME, o->watch, stamp, set->n, active,
	       total, cli_size(size, sizeof(size), mem),
	       o->sort ? ", sorted by " : "", o->sort ? sort_names[o->sort] : "");
}

static int slab_watch(const struct cli *cli, struct mmc_nl *nl, const struct slab_opts *o)
{
	struct slab_set sets[2] = { { 0 } };
	struct sigaction sa = { .sa_handler = slab_on_signal };
	bool tty = isatty(STDOUT_FILENO);
	unsigned long round;
	int status = CLI_EXIT_OK, err;

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	for (round = 0; !slab_stop && (!o->count || round < o->count); round++) {
		struct slab_set *cur = &sets[round % 2], *prev = round ? &sets[(round + 1) % 2] : NULL;
		struct timespec ts = { .tv_sec = (time_t)o->watch };

		err = slab_fetch(nl, o, cur);
		if (err) {
			status = cli_request_err(cli, nl, "dump failed", err);
			break;
		}
		slab_sort_set(cur, o);
		if (tty)
			fputs("\033[H\033[2J", stdout);
		else if (round)
			putchar('\n');
		slab_watch_title(o, cur);
		slab_text(o, cur, prev);
		if (fflush(stdout))
			break;
		if (o->count && round + 1 == o->count)
			break;
		/* a signal cuts the sleep short and ends the loop */
		while (!slab_stop && nanosleep(&ts, &ts) && errno == EINTR)
			;
	}
	free(sets[0].caches);
	free(sets[1].caches);
	return status;
}

static int parse_ulong(const struct cli *cli, const char *opt, const char *arg,
		       unsigned long min, unsigned long *v)
{
	char *end;

	errno = 0;
	*v = strtoul(arg, &end, 10);
	if (!*arg || *arg == '-' || *arg == '+' || *end || errno || *v < min || *v > 1000000)
		return cli_usage_err(cli, "bad %s '%s': expected a number from %lu", opt, arg, min);
	return 0;
}

static struct slab_opts slab_args;

static int slab_option(struct cli *cli, int key, const char *arg)
{
	unsigned int k;

	switch (key) {
	case 'N':
		slab_args.nodes = true;
		break;
	case 's':
		for (k = SORT_NAME; k <= SORT_UTIL; k++)
			if (!strcmp(arg, sort_names[k]))
				slab_args.sort = k;
		if (slab_args.sort == SORT_NONE)
			return cli_usage_err(cli, "bad sort key '%s': name, objs, size, mem "
					     "or util", arg);
		break;
	case 't':
		return parse_ulong(cli, "--top", arg, 1, &slab_args.top);
	case 'w':
		return parse_ulong(cli, "--watch", arg, 1, &slab_args.watch);
	case 'c':
		return parse_ulong(cli, "--count", arg, 1, &slab_args.count);
	}
	return 0;
}

static int slab_operands(struct cli *cli, int argc, char *argv[])
{
	if (argc > 0) {
		slab_args.name = argv[0];
		argc--;
		argv++;
	}
	if (cli_no_args(cli, argc, argv))
		return CLI_EXIT_USAGE;
	if (slab_args.watch && cli->json)
		return cli_usage_err(cli, "--watch prints text only: leave out --json");
	if (slab_args.count && !slab_args.watch)
		return cli_usage_err(cli, "--count goes with --watch");
	return 0;
}

static int slab_run(struct cli *cli, struct mmc_nl *nl)
{
	struct slab_set set = { 0 };
	int status = CLI_EXIT_OK, err;

	slab_args.page_size = (uint64_t)sysconf(_SC_PAGESIZE);
	if (slab_args.watch)
		return slab_watch(cli, nl, &slab_args);

	/* Output starts once the dump is complete: a failure prints nothing on stdout. */
	err = slab_fetch(nl, &slab_args, &set);
	if (err) {
		status = cli_request_err(cli, nl, slab_args.name ? "get failed" : "dump failed",
					 err);
	} else {
		slab_sort_set(&set, &slab_args);
		if (cli->json)
			slab_json(&slab_args, &set);
		else
			slab_text(&slab_args, &set, NULL);
	}
	free(set.caches);
	return status;
}

/* --json in the help */
static const char slab_json_help[] =
	"print JSON: {\"caches\": [{\"name\", \"object_size\", \"size\",\n"
	"\"objs_per_slab\", \"pages_per_slab\", \"active_objs\",\n"
	"\"num_objs\", \"num_slabs\", \"partial_slabs\", \"flags\", ...}]}";

const struct cli_command slab_command = {
	.name = "slab",
	.summary = "slab caches: objects, slabs, memory, flags (slabinfo); --watch",
	.usage = slab_usage,
	.options = slab_options,
	.json_help = slab_json_help,
	.family = true,
	.option = slab_option,
	.operands = slab_operands,
	.run = slab_run,
};
