// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * mmscope vmas: a process's VMAs in address order, as /proc/PID/maps shows them, with what
 * their page tables hold (resident, swapped, huge-mapped and anonymous memory, counted as
 * smaps counts it) and their VM_* flags decoded.
 */
#include <inttypes.h>
#include <stdio.h>
#include <unistd.h>

#include <linux/mmscope.h>

#include "cli.h"
#include "json.h"

static const char vmas_usage[] =
	"Usage: " PROG_NAME " vmas PID [--json]\n"
	"\n"
	"Every VMA of process PID in address order, laid out as /proc/PID/maps (start-end,\n"
	"permissions, offset, device, inode), then what its page tables hold, in kB as smaps\n"
	"counts it: resident (RSS), swapped out (SWAP), mapped by huge pmd or pud leaves\n"
	"(HUGE, transparent or hugetlb), resident and anonymous (ANON); then the VMA's VM_*\n"
	"flags, and its name: the file's path, [heap], [stack], [vdso], [anon:NAME], ...\n"
	"Root may look at any process, a user at its own.\n"
	"\n";

static struct {
	uint32_t pid;
} vmas_args;

struct vmas_out {
	struct cli_list list;
	uint64_t page_kb;
};

/* "rw-p": r/w/x from read/write/exec, s for a shared mapping, else p (private). */
static const char *vmas_perms(char buf[5], uint64_t flags)
{
	buf[0] = flags & MMSCOPE_VM_FLAGS_READ ? 'r' : '-';
	buf[1] = flags & MMSCOPE_VM_FLAGS_WRITE ? 'w' : '-';
	buf[2] = flags & MMSCOPE_VM_FLAGS_EXEC ? 'x' : '-';
	buf[3] = flags & MMSCOPE_VM_FLAGS_MAYSHARE ? 's' : 'p';
	buf[4] = '\0';
	return buf;
}

static void vmas_json_vma(struct json *j, const struct mmc_vma *v)
{
	char perms[5], dev[24];

	snprintf(dev, sizeof(dev), "%02" PRIx32 ":%02" PRIx32, v->dev_major, v->dev_minor);
	json_object_start(j, NULL);
	json_uint(j, "start", v->start);
	json_uint(j, "end", v->end);
	json_string(j, "perms", vmas_perms(perms, v->flags));
	json_uint(j, "offset", v->pgoff);
	json_string(j, "dev", dev);
	json_uint(j, "inode", v->inode);
	json_string(j, "path", v->name);
	json_uint(j, "rss_pages", v->rss_pages);
	json_uint(j, "swap_pages", v->swap_pages);
	json_uint(j, "huge_pages", v->huge_pages);
	json_uint(j, "anon_pages", v->anon_pages);
	json_bool(j, "anon_vma", v->anon_vma);
	cli_bits_json(j, "flags", v->flags, mmc_vm_flag_name);
	json_object_end(j);
}

static void vmas_print_header(void)
{
	printf("%-25s %4s %8s %5s %-10s %9s %9s %9s %9s  %-40s %s\n", "ADDRESS", "PERM",
	       "OFFSET", "DEV", "INODE", "RSS_kB", "SWAP_kB", "HUGE_kB", "ANON_kB", "NAME",
	       "FLAGS");
}

static void vmas_print_vma(const struct vmas_out *out, const struct mmc_vma *v)
{
	char range[48], perms[5], flags[512];

	/* the maps file's own formats, in columns */
	snprintf(range, sizeof(range), "%08" PRIx64 "-%08" PRIx64, v->start, v->end);
	printf("%-25s %4s %08" PRIx64 " %02" PRIx32 ":%02" PRIx32 " %-10" PRIu64 " %9" PRIu64
	       " %9" PRIu64 " %9" PRIu64 " %9" PRIu64 "  %-40s %s\n", range,
	       vmas_perms(perms, v->flags), v->pgoff, v->dev_major, v->dev_minor, v->inode,
	       v->rss_pages * out->page_kb, v->swap_pages * out->page_kb,
	       v->huge_pages * out->page_kb, v->anon_pages * out->page_kb, v->name,
	       cli_bits_str(flags, sizeof(flags), v->flags, mmc_vm_flag_name, ","));
}

static int vmas_one(const struct mmc_vma *v, void *arg)
{
	struct vmas_out *out = arg;
	bool first = cli_list_item(&out->list);

	if (out->list.json_mode) {
		vmas_json_vma(&out->list.json, v);
	} else {
		if (first)
			vmas_print_header();
		vmas_print_vma(out, v);
	}
	return 0;
}

static int vmas_operands(struct cli *cli, int argc, char *argv[])
{
	if (!argc)
		return cli_usage_err(cli, "a PID is required");
	if (cli_parse_pid(cli, argv[0], &vmas_args.pid))
		return CLI_EXIT_USAGE;
	return cli_no_args(cli, argc - 1, argv + 1);
}

static int vmas_run(struct cli *cli, struct mmc_nl *nl)
{
	struct vmas_out out = {
		.list.has_pid = true,
		.list.pid = vmas_args.pid,
		.list.key = "vmas",
		.list.json_mode = cli->json,
		.page_kb = (uint64_t)sysconf(_SC_PAGESIZE) / 1024,
	};
	int err;

	/* The dump is collected first: a failed one prints nothing on stdout. */
	err = mmc_vmas_dump(nl, vmas_args.pid, vmas_one, &out);
	return cli_list_done(cli, nl, &out.list, err);
}

/* --json in the help */
static const char vmas_json_help[] =
	"print JSON: {\"pid\", \"vmas\": [{\"start\", \"end\", \"perms\", \"offset\",\n"
	"\"dev\", \"inode\", \"path\", \"rss_pages\", \"swap_pages\", \"huge_pages\",\n"
	"\"anon_pages\", \"anon_vma\", \"flags\": [...]}]}";

const struct cli_command vmas_command = {
	.name = "vmas",
	.summary = "a process's VMAs (maps) with resident, swapped and huge memory",
	.usage = vmas_usage,
	.json_help = vmas_json_help,
	.family = true,
	.operands = vmas_operands,
	.run = vmas_run,
};
