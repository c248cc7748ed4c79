// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * mmscope stats: what the module's walkers cost the processes they look at.
 */
#include <inttypes.h>
#include <stdio.h>

#include "cli.h"
#include "json.h"

static const char stats_usage[] =
	"Usage: " PROG_NAME " stats [--reset] [--json]\n"
	"\n"
	"Show the module's walker counters since it was loaded or last reset: walks started\n"
	"(ptdump, vmas, walk), mmap_lock holds of the walks (count, total and longest hold,\n"
	"and a histogram by powers of two of nanoseconds) and the bytes sent to user space\n"
	"by the process views (netlink dumps, debugfs text). The same counters are in\n"
	"/sys/kernel/debug/mmscope/stats. Needs root.\n"
	"\n";

static const struct cli_option stats_options[] = {
	{ "reset", 'r', NULL, "reset the counters after reading them" },
	{ 0 },
};

static struct {
	bool reset;
} stats_args;

static void stats_json(const struct mmc_stats *s)
{
	struct json j;
	unsigned int i;

	json_init(&j, stdout);
	json_object_start(&j, NULL);
	json_uint(&j, "since_ns", s->since_ns);
	json_object_start(&j, "walks");
	json_uint(&j, "ptdump", s->walks_ptdump);
	json_uint(&j, "vmas", s->walks_vmas);
	json_uint(&j, "addr", s->walks_addr);
	json_object_end(&j);
	json_uint(&j, "lock_holds", s->lock_holds);
	json_uint(&j, "lock_hold_total_ns", s->lock_hold_total_ns);
	json_uint(&j, "lock_hold_max_ns", s->lock_hold_max_ns);
	json_uint(&j, "bytes_netlink", s->bytes_netlink);
	json_uint(&j, "bytes_debugfs", s->bytes_debugfs);
	json_uint(&j, "irqoff_max_ns", s->irqoff_max_ns);
	json_array_start(&j, "lock_hold_hist");
	for (i = 0; i < s->nr_hist; i++)
		json_uint(&j, NULL, s->hist[i]);
	json_array_end(&j);
	json_object_end(&j);
	json_finish(&j);
}

static void stats_text(const struct mmc_stats *s)
{
	unsigned int i;

	printf("since reset     %.3f s\n", s->since_ns / 1e9);
	printf("walks           ptdump %" PRIu64 "  vmas %" PRIu64 "  walk %" PRIu64 "\n",
	       s->walks_ptdump, s->walks_vmas, s->walks_addr);
	printf("mmap_lock holds %" PRIu64 "\n", s->lock_holds);
	printf("  total         %" PRIu64 " ns\n", s->lock_hold_total_ns);
	printf("  mean          %" PRIu64 " ns\n",
	       s->lock_holds ? s->lock_hold_total_ns / s->lock_holds : 0);
	printf("  longest       %" PRIu64 " ns\n", s->lock_hold_max_ns);
	printf("bytes sent      netlink %" PRIu64 "  debugfs %" PRIu64 "\n", s->bytes_netlink,
	       s->bytes_debugfs);
	printf("irqoff_max_ns   %" PRIu64 " (longest stretch with interrupts off: zone, slab)\n",
	       s->irqoff_max_ns);
	printf("hold histogram (ns, from):\n");
	for (i = 0; i < s->nr_hist && i < 64; i++)
		if (s->hist[i])
			printf("  %20" PRIu64 " %" PRIu64 "\n", (uint64_t)1 << i, s->hist[i]);
}

static int stats_option(struct cli *cli, int key, const char *arg)
{
	(void)cli;
	(void)arg;
	if (key == 'r')
		stats_args.reset = true;
	return 0;
}

static int stats_run(struct cli *cli, struct mmc_nl *nl)
{
	struct mmc_stats s;
	int err = mmc_stats_get(nl, stats_args.reset, &s);

	if (err)
		return cli_request_err(cli, nl, "get failed", err);
	if (cli->json)
		stats_json(&s);
	else
		stats_text(&s);
	return CLI_EXIT_OK;
}

/* --json in the help */
static const char stats_json_help[] =
	"print JSON: {\"since_ns\", \"walks\": {\"ptdump\", \"vmas\", \"addr\"},\n"
	"\"lock_holds\", \"lock_hold_total_ns\", \"lock_hold_max_ns\",\n"
	"\"bytes_netlink\", \"bytes_debugfs\", \"irqoff_max_ns\", \"lock_hold_hist\": [...]}";

const struct cli_command stats_command = {
	.name = "stats",
	.summary = "the walkers' cost: mmap_lock holds, walks, bytes sent (--reset)",
	.usage = stats_usage,
	.options = stats_options,
	.json_help = stats_json_help,
	.family = true,
	.option = stats_option,
	.run = stats_run,
};
