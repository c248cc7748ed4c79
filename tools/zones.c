// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * mmscope zones: every populated zone of every node (or of one), with its size, free
 * pages, watermarks, lowmem reserves and free blocks per order.
 */
#include <inttypes.h>
#include <stdio.h>
#include <unistd.h>

#include "cli.h"
#include "json.h"

static const char zones_usage[] =
	"Usage: " PROG_NAME " zones [--node N] [--json]\n"
	"\n"
	"Every populated zone of every online node: start pfn, spanned, present and managed\n"
	"pages, CMA pages, free pages, the min/low/high watermarks (boost included, as in\n"
	"/proc/zoneinfo), the promotion watermark where the kernel has one, the watermark\n"
	"boost, the lowmem reserves per zone index (\"protection\") and the free blocks per\n"
	"buddy order.\n"
	"\n";

static const struct cli_option zones_options[] = {
	{ "node", 'n', "N", "only node N's zones" },
	{ 0 },
};

static struct {
	int node;
} zones_args = { .node = -1 };

struct zones_out {
	struct cli_list list;
	uint64_t page_size;
};

static void zones_json_zone(struct zones_out *out, const struct mmc_zone *z)
{
	struct json *j = &out->list.json;
	unsigned int i;

	json_object_start(j, NULL);
	json_uint(j, "node", z->node);
	json_string(j, "zone", z->name);
	json_uint(j, "idx", z->idx);
	json_uint(j, "start_pfn", z->start_pfn);
	json_uint(j, "spanned", z->spanned);
	json_uint(j, "present", z->present);
	json_uint(j, "managed", z->managed);
	json_uint(j, "cma", z->cma);
	json_uint(j, "free", z->free);
	json_uint(j, "min", z->min);
	json_uint(j, "low", z->low);
	json_uint(j, "high", z->high);
	if (z->has_promo)
		json_uint(j, "promo", z->promo);
	json_uint(j, "boost", z->boost);
	json_array_start(j, "lowmem_reserve");
	for (i = 0; i < z->nr_reserve; i++)
		json_uint(j, NULL, z->lowmem_reserve[i]);
	json_array_end(j);
	json_array_start(j, "free_area");
	for (i = 0; i < z->nr_orders; i++)
		json_uint(j, NULL, z->free_area[i]);
	json_array_end(j);
	json_uint(j, "pageblock_order", z->pageblock_order);
	json_object_end(j);
}

static void zones_print_pages(const struct zones_out *out, const char *label, uint64_t pages)
{
	char size[32];

	printf("  %-16s %14" PRIu64 " pages  %s\n", label, pages,
	       cli_size(size, sizeof(size), pages * out->page_size));
}

static int digits(uint64_t v)
{
	int n = 1;

	while (v >= 10) {
		v /= 10;
		n++;
	}
	return n;
}

static void zones_print_zone(struct zones_out *out, const struct mmc_zone *z, bool first)
{
	char size[32];
	unsigned int i;
	int width = 6;

	if (!first)
		putchar('\n');
	printf("Node %" PRIu32 ", zone %s (index %" PRIu32 ")\n", z->node, z->name, z->idx);
	printf("  %-16s %14" PRIu64 "\n", "start_pfn", z->start_pfn);
	printf("  %-16s %14" PRIu32 "        %s per block\n", "pageblock_order",
	       z->pageblock_order,
	       cli_size(size, sizeof(size),
			z->pageblock_order < 64 - 16 ? out->page_size << z->pageblock_order : 0));
	zones_print_pages(out, "spanned", z->spanned);
	zones_print_pages(out, "present", z->present);
	zones_print_pages(out, "managed", z->managed);
	zones_print_pages(out, "cma", z->cma);
	zones_print_pages(out, "free", z->free);
	zones_print_pages(out, "min", z->min);
	zones_print_pages(out, "low", z->low);
	zones_print_pages(out, "high", z->high);
	if (z->has_promo)
		zones_print_pages(out, "promo", z->promo);
	zones_print_pages(out, "boost", z->boost);

	printf("  %-16s (", "protection");
	for (i = 0; i < z->nr_reserve; i++)
		printf("%s%" PRIu64, i ? ", " : "", z->lowmem_reserve[i]);
	printf(")\n");

	for (i = 0; i < z->nr_orders; i++)
		if (digits(z->free_area[i]) + 1 > width)
			width = digits(z->free_area[i]) + 1;
	printf("  %-16s", "order");
	for (i = 0; i < z->nr_orders; i++)
		printf(" %*u", width, i);
	printf("\n  %-16s", "free blocks");
	for (i = 0; i < z->nr_orders; i++)
		printf(" %*" PRIu64, width, z->free_area[i]);
	putchar('\n');
}

static int zones_one(const struct mmc_zone *z, void *arg)
{
	struct zones_out *out = arg;
	bool first = cli_list_item(&out->list);

	if (out->list.json_mode)
		zones_json_zone(out, z);
	else
		zones_print_zone(out, z, first);
	return 0;
}

static int zones_option(struct cli *cli, int key, const char *arg)
{
	return key == 'n' ? cli_parse_node(cli, arg, &zones_args.node) : 0;
}

static int zones_run(struct cli *cli, struct mmc_nl *nl)
{
	struct zones_out out = {
		.list.key = "zones",
		.list.json_mode = cli->json,
		.page_size = (uint64_t)sysconf(_SC_PAGESIZE),
	};
	int err = mmc_zones_dump(nl, zones_args.node, zones_one, &out);

	return cli_list_done(cli, nl, &out.list, err);
}

const struct cli_command zones_command = {
	.name = "zones",
	.summary = "nodes and zones: sizes, free pages, watermarks, reserves",
	.usage = zones_usage,
	.options = zones_options,
	.json_help = "print JSON: {\"zones\": [{\"node\", \"zone\", \"idx\", ...}]}",
	.family = true,
	.option = zones_option,
	.run = zones_run,
};
