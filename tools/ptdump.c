// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * mmscope ptdump: the page tables of a process over a range, as extents (runs of pages
 * with the same state, leaf level and bits whose frames are consecutive). Streamed: each
 * extent is printed as it arrives, so that a walk of a huge process is never held.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <linux/mmscope.h>

#include "cli.h"
#include "json.h"

static const char ptdump_usage[] =
	"Usage: " PROG_NAME " ptdump PID [START END] [--json]\n"
	"\n"
	"Walk the page tables of process PID over [START, END) (default: the whole user\n"
	"address space; the holes between VMAs are skipped) and print extents: runs of pages\n"
	"with the same state (none, present, swap, migration, device, hwpoison, marker), the\n"
	"same leaf level (pte, or a huge pmd or pud leaf; for none, the level at which the\n"
	"walk found nothing) and the same bits, whose page frames (or swap offsets) are\n"
	"consecutive: start-end, pages, state, level, the first frame (root only; the first\n"
	"swap offset for swap) and the bits. A fully populated huge page region is one\n"
	"extent, not 512 lines per 2 MiB. Root may dump any process, a user its own.\n"
	"\n"
	"START and END are addresses as for walk (hexadecimal with 0x, with a hex letter or\n"
	"zero-padded, else decimal); one argument START-END is accepted too. The output is\n"
	"streamed: a failure midway (the process exited) leaves what was printed.\n"
	"\n";

static struct {
	uint32_t pid;
	uint64_t start, end;	/* 0 0: the whole user address space */
} ptdump_args;

static void ptdump_json_extent(struct json *j, const struct mmc_extent *e)
{
	char buf[16];

	json_object_start(j, NULL);
	json_uint(j, "start", e->start);
	json_uint(j, "end", e->end);
	json_string(j, "state", cli_enum_str(buf, sizeof(buf), mmc_pt_state_name(e->state),
					     e->state));
	json_string(j, "level", cli_enum_str(buf, sizeof(buf), mmc_pt_level_name(e->level),
					     e->level));
	if (e->has_pfn)
		json_uint(j, "pfn", e->pfn);
	else
		json_null(j, "pfn");
	json_uint(j, "pages", e->pages);
	cli_bits_json(j, "bits", e->bits, mmc_pt_bit_name);
	json_object_end(j);
}

static void ptdump_print_header(void)
{
	printf("%-33s %10s %-9s %-5s %-14s %s\n", "ADDRESS", "PAGES", "STATE", "LEVEL",
	       "PFN/OFFSET", "BITS");
}

static void ptdump_print_extent(const struct mmc_extent *e)
{
	char range[48], pfn[24] = "-", bits[512], st[16], lv[16];

	snprintf(range, sizeof(range), "%012" PRIx64 "-%012" PRIx64, e->start, e->end);
	if (e->has_pfn)
		snprintf(pfn, sizeof(pfn), "0x%" PRIx64, e->pfn);
	printf("%-33s %10" PRIu64 " %-9s %-5s %-14s %s\n", range, e->pages,
	       cli_enum_str(st, sizeof(st), mmc_pt_state_name(e->state), e->state),
	       cli_enum_str(lv, sizeof(lv), mmc_pt_level_name(e->level), e->level), pfn,
	       cli_bits_str(bits, sizeof(bits), e->bits, mmc_pt_bit_name, " "));
}

/* Each extent as it arrives: the document starts with the first one. */
static int ptdump_one(const struct mmc_extent *e, void *arg)
{
	struct cli_list *out = arg;
	bool first = cli_list_item(out);

	if (out->json_mode) {
		ptdump_json_extent(&out->json, e);
	} else {
		if (first)
			ptdump_print_header();
		ptdump_print_extent(e);
	}
	return 0;
}

/*
 * START END (when argc > 1), or START-END in one argument (as vmas and /proc/PID/maps
 * print ranges).
 */
static int ptdump_parse_range(const struct cli *cli, int argc, char *argv[],
			      uint64_t *start, uint64_t *end)
{
	const char *arg = argv[0], *dash;
	char first[64];

	if (argc > 1)
		return cli_parse_addr(cli, "start", arg, start) ||
		       cli_parse_addr(cli, "end", argv[1], end);
	dash = strchr(arg, '-');
	if (!dash || dash - arg >= (long)sizeof(first))
		return cli_usage_err(cli, "START and END go together: START END, or START-END");
	snprintf(first, sizeof(first), "%.*s", (int)(dash - arg), arg);
	return cli_parse_addr(cli, "start", first, start) ||
	       cli_parse_addr(cli, "end", dash + 1, end);
}

static int ptdump_operands(struct cli *cli, int argc, char *argv[])
{
	int used = 1;

	if (!argc)
		return cli_usage_err(cli, "a PID is required");
	if (cli_parse_pid(cli, argv[0], &ptdump_args.pid))
		return CLI_EXIT_USAGE;
	if (argc > 1) {
		used += argc > 2 ? 2 : 1;
		if (ptdump_parse_range(cli, argc - 1, argv + 1, &ptdump_args.start,
				       &ptdump_args.end))
			return CLI_EXIT_USAGE;
		/* to the library, 0 0 is the whole address space */
		if (!ptdump_args.start && !ptdump_args.end)
			return cli_usage_err(cli, "bad range 0-0: it is empty");
	}
	return cli_no_args(cli, argc - used, argv + used);
}

static int ptdump_run(struct cli *cli, struct mmc_nl *nl)
{
	struct cli_list out = {
		.has_pid = true,
		.pid = ptdump_args.pid,
		.key = "extents",
		.json_mode = cli->json,
	};
	int err = mmc_ptdump(nl, ptdump_args.pid, ptdump_args.start, ptdump_args.end,
			     ptdump_one, &out);

	return cli_list_done(cli, nl, &out, err);
}

/* --json in the help */
static const char ptdump_json_help[] =
	"print JSON: {\"pid\", \"extents\": [{\"start\", \"end\", \"state\",\n"
	"\"level\", \"pfn\", \"pages\", \"bits\": [...]}]}";

const struct cli_command ptdump_command = {
	.name = "ptdump",
	.summary = "a process's page tables over a range, as extents",
	.usage = ptdump_usage,
	.json_help = ptdump_json_help,
	.family = true,
	.operands = ptdump_operands,
	.run = ptdump_run,
};
