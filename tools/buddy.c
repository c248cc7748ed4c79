// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * mmscope buddy: the buddy allocator's free blocks per order, one row per zone as
 * /proc/buddyinfo prints them, or with --types one row per zone and migrate type as
 * /proc/pagetypeinfo does, counted on the free lists (exact where /proc stops at 100000).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "json.h"

static const char buddy_usage[] =
	"Usage: " PROG_NAME " buddy [--types] [--node N] [--json]\n"
	"\n"
	"Free blocks per buddy order, one row per populated zone, laid out as\n"
	"/proc/buddyinfo. With --types, one row per zone and migrate type, laid out as the\n"
	"free-list part of /proc/pagetypeinfo: a list is counted up to 100000 entries in\n"
	"one lock hold, as the kernel does; a longer one is printed as '>100000'.\n"
	"\n";

static const struct cli_option buddy_options[] = {
	{ "types", 't', NULL, "per migrate type" },
	{ "node", 'n', "N", "only node N's zones" },
	{ 0 },
};

static struct {
	int node;
	bool types;
} buddy_args = { .node = -1 };

static int buddy_zone(const struct mmc_zone *z, void *arg)
{
	struct cli_list *out = arg;
	unsigned int o;

	cli_list_item(out);
	if (out->json_mode) {
		struct json *j = &out->json;

		json_object_start(j, NULL);
		json_uint(j, "node", z->node);
		json_string(j, "zone", z->name);
		json_array_start(j, "free_area");
		for (o = 0; o < z->nr_orders; o++)
			json_uint(j, NULL, z->free_area[o]);
		json_array_end(j);
		json_object_end(j);
	} else {
		/* /proc/buddyinfo's layout, so that the two diff cleanly */
		printf("Node %" PRIu32 ", zone %8s ", z->node, z->name);
		for (o = 0; o < z->nr_orders; o++)
			printf("%6" PRIu64 " ", z->free_area[o]);
		putchar('\n');
	}
	return 0;
}

/*
 * The JSON key of a migrate type: its name, unless an earlier type of the zone has the
 * same one (a kernel without names for some types says "Unknown" twice): keys stay unique.
 */
static const char *buddy_type_key(const struct mmc_zone_types *zt, unsigned int t,
				  char *buf, size_t len)
{
	unsigned int i;

	for (i = 0; i < t; i++) {
		if (!strcmp(zt->types[i].name, zt->types[t].name)) {
			snprintf(buf, len, "%s-%" PRIu32, zt->types[t].name, zt->types[t].idx);
			return buf;
		}
	}
	return zt->types[t].name;
}

static void buddy_types_json(struct json *j, const struct mmc_zone_types *zt)
{
	bool capped = false;
	char key[MMC_NAME_LEN + 16];
	unsigned int t, o;

	json_object_start(j, NULL);
	json_uint(j, "node", zt->node);
	json_string(j, "zone", zt->name);
	json_uint(j, "pageblock_order", zt->pageblock_order);
	json_object_start(j, "types");
	for (t = 0; t < zt->nr_types; t++) {
		const struct mmc_pagetype *pt = &zt->types[t];

		json_array_start(j, buddy_type_key(zt, t, key, sizeof(key)));
		for (o = 0; o < pt->nr_orders; o++)
			json_uint(j, NULL, pt->free_blocks[o]);
		json_array_end(j);
		if (pt->capped_orders)
			capped = true;
	}
	json_object_end(j);
	if (capped) {
		json_object_start(j, "capped");
		for (t = 0; t < zt->nr_types; t++) {
			const struct mmc_pagetype *pt = &zt->types[t];

			if (!pt->capped_orders)
				continue;
			json_array_start(j, buddy_type_key(zt, t, key, sizeof(key)));
			for (o = 0; o < 32; o++)
				if (pt->capped_orders & (1U << o))
					json_uint(j, NULL, o);
			json_array_end(j);
		}
		json_object_end(j);
	}
	json_object_end(j);
}

/* /proc/pagetypeinfo's header, from the first zone (pageblock_order is global). */
static void buddy_types_header(const struct mmc_zone_types *zt)
{
	unsigned int nr_orders = zt->nr_types ? zt->types[0].nr_orders : 0, o;

	printf("Page block order: %" PRIu32 "\n", zt->pageblock_order);
	if (zt->pageblock_order < 64)
		printf("Pages per block:  %" PRIu64 "\n", (uint64_t)1 << zt->pageblock_order);
	printf("\n%-43s ", "Free pages count per migrate type at order");
	for (o = 0; o < nr_orders; o++)
		printf("%6u ", o);
	putchar('\n');
}

static int buddy_types_zone(const struct mmc_zone_types *zt, void *arg)
{
	struct cli_list *out = arg;
	bool first = cli_list_item(out);
	unsigned int t, o;

	if (out->json_mode) {
		buddy_types_json(&out->json, zt);
	} else {
		if (first)
			buddy_types_header(zt);
		for (t = 0; t < zt->nr_types; t++) {
			const struct mmc_pagetype *pt = &zt->types[t];

			printf("Node %4" PRIu32 ", zone %8s, type %12s ", zt->node, zt->name,
			       pt->name);
			for (o = 0; o < pt->nr_orders; o++)
				printf("%s%6" PRIu64 " ",
				       pt->capped_orders & (1U << o) ? ">" : "",
				       pt->free_blocks[o]);
			putchar('\n');
		}
	}
	return 0;
}

static int buddy_option(struct cli *cli, int key, const char *arg)
{
	if (key == 't')
		buddy_args.types = true;
	else if (key == 'n')
		return cli_parse_node(cli, arg, &buddy_args.node);
	return 0;
}

static int buddy_run(struct cli *cli, struct mmc_nl *nl)
{
	struct cli_list out = { .key = "zones", .json_mode = cli->json };
	int err;

	/* Output starts with the first zone: a failed dump prints nothing on stdout. */
	if (buddy_args.types)
		err = mmc_pagetypes_dump(nl, buddy_args.node, buddy_types_zone, &out);
	else
		err = mmc_zones_dump(nl, buddy_args.node, buddy_zone, &out);
	return cli_list_done(cli, nl, &out, err);
}

/* --json in the help */
static const char buddy_json_help[] =
	"print JSON: {\"zones\": [{\"node\", \"zone\", \"free_area\"}]}, with\n"
	"--types {\"zones\": [{\"node\", \"zone\", \"pageblock_order\",\n"
	"\"types\": {NAME: [...]}, \"capped\": {NAME: [orders]}}]}";

const struct cli_command buddy_command = {
	.name = "buddy",
	.summary = "free blocks per order (buddyinfo), per migrate type with --types",
	.usage = buddy_usage,
	.options = buddy_options,
	.json_help = buddy_json_help,
	.family = true,
	.option = buddy_option,
	.run = buddy_run,
};
