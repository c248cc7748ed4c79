// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * mmscope walk: the page-table walk of one virtual address of a process, level by level,
 * where it stopped and why, and for a present page the frame and the page behind it.
 */
#include <inttypes.h>
#include <stdio.h>
#include <unistd.h>

#include <linux/mmscope.h>

#include "cli.h"
#include "json.h"

static const char walk_usage[] =
	"Usage: " PROG_NAME " walk PID ADDR [--json]\n"
	"\n"
	"Walk the page tables of process PID for the virtual address ADDR, level by level\n"
	"(pgd, p4d, pud, pmd, pte; a folded level is named as such): the index of the entry\n"
	"in its table, the raw entry and its decoded bits. Then where the walk stopped and\n"
	"why: nothing mapped yet (demand paging has not happened), a present page (at the\n"
	"pte, or a huge pmd or pud leaf), a swap entry (type and offset), a migration,\n"
	"device, hwpoison entry or a pte marker. For a present page: the page frame, the\n"
	"physical address, node, zone and pageblock migrate type, the page's refcount and\n"
	"mapcount, its folio's order and flags, and whether a write would copy it\n"
	"(copy-on-write pending). Root may walk any process; a user may walk its own, without\n"
	"frames, physical addresses and page facts.\n"
	"\n"
	"ADDR is hexadecimal with 0x, with a hex letter or zero-padded (as /proc/PID/maps\n"
	"prints addresses), else decimal.\n"
	"\n";

static struct {
	uint32_t pid;
	uint64_t addr;
} walk_args;

/* What each level's entry maps when it is a leaf, or spans when it is empty. */
static const char *const walk_level_span[] = {
	[MMSCOPE_PT_LEVEL_PUD] = "1 GiB",
	[MMSCOPE_PT_LEVEL_PMD] = "2 MiB",
	[MMSCOPE_PT_LEVEL_PTE] = "4 KiB",
};

static const char *walk_span(uint32_t level)
{
	return level < sizeof(walk_level_span) / sizeof(walk_level_span[0]) ?
	       walk_level_span[level] : NULL;
}

static bool walk_page_flag(const struct mmc_walk *w, uint32_t flag)
{
	return w->has_page && (w->page.flags & flag);
}

static void walk_json(const struct mmc_walk *w)
{
	const struct mmc_page *pg = &w->page;
	struct json j;
	char buf[16];
	unsigned int i;

	json_init(&j, stdout);
	json_object_start(&j, NULL);
	json_uint(&j, "pid", w->pid);
	json_uint(&j, "addr", w->addr);
	json_array_start(&j, "levels");
	for (i = 0; i < w->nr_levels; i++) {
		const struct mmc_pt_level *lv = &w->levels[i];

		json_object_start(&j, NULL);
		json_string(&j, "level", cli_enum_str(buf, sizeof(buf),
						      mmc_pt_level_name(lv->level), lv->level));
		json_uint(&j, "index", lv->index);
		json_uint(&j, "entry", lv->entry);
		cli_bits_json(&j, "bits", lv->bits, mmc_pt_bit_name);
		json_bool(&j, "folded", lv->folded);
		json_object_end(&j);
	}
	json_array_end(&j);
	if (w->has_leaf)
		json_string(&j, "leaf", cli_enum_str(buf, sizeof(buf), mmc_pt_level_name(w->leaf),
						     w->leaf));
	else
		json_null(&j, "leaf");
	json_string(&j, "state", cli_enum_str(buf, sizeof(buf), mmc_pt_state_name(w->state),
					      w->state));
	if (w->has_pfn) {
		json_uint(&j, "pfn", w->pfn);
		json_uint(&j, "phys", w->phys);
	} else {
		json_null(&j, "pfn");
		json_null(&j, "phys");
	}
	if (w->has_node) {
		json_uint(&j, "node", w->node);
		json_string(&j, "zone", w->zone);
		json_string(&j, "migratetype", w->migratetype);
	} else {
		json_null(&j, "node");
		json_null(&j, "zone");
		json_null(&j, "migratetype");
	}
	if (w->has_swap) {
		json_object_start(&j, "swap");
		json_uint(&j, "type", w->swap_type);
		if (w->has_swap_offset)
			json_uint(&j, "offset", w->swap_offset);
		else
			json_null(&j, "offset");
		json_object_end(&j);
	} else {
		json_null(&j, "swap");
	}
	if (w->has_page) {
		json_object_start(&j, "page");
		json_uint(&j, "refcount", pg->refcount);
		json_uint(&j, "mapcount", pg->mapcount);
		json_uint(&j, "folio_mapcount", pg->folio_mapcount);
		json_uint(&j, "order", pg->order);
		json_bool(&j, "anon", pg->flags & MMSCOPE_PAGE_FLAGS_ANON);
		json_bool(&j, "ksm", pg->flags & MMSCOPE_PAGE_FLAGS_KSM);
		json_bool(&j, "file", pg->flags & MMSCOPE_PAGE_FLAGS_FILE);
		json_bool(&j, "lru", pg->flags & MMSCOPE_PAGE_FLAGS_LRU);
		json_bool(&j, "dirty", pg->flags & MMSCOPE_PAGE_FLAGS_DIRTY);
		json_bool(&j, "swapcache", pg->flags & MMSCOPE_PAGE_FLAGS_SWAPCACHE);
		json_bool(&j, "hugetlb", pg->flags & MMSCOPE_PAGE_FLAGS_HUGETLB);
		json_bool(&j, "thp", pg->flags & MMSCOPE_PAGE_FLAGS_THP);
		json_bool(&j, "zero", pg->flags & MMSCOPE_PAGE_FLAGS_ZERO);
		cli_bits_json(&j, "flags", pg->flags, mmc_page_flag_name);
		json_object_end(&j);
	} else {
		json_null(&j, "page");
	}
	json_bool(&j, "cow", w->cow);
	json_object_start(&j, "vma");
	json_uint(&j, "start", w->vma_start);
	json_uint(&j, "end", w->vma_end);
	cli_bits_json(&j, "flags", w->vma_flags, mmc_vm_flag_name);
	json_object_end(&j);
	json_object_end(&j);
	json_finish(&j);
}

static void walk_print_levels(const struct mmc_walk *w)
{
	char bits[512], buf[16];
	unsigned int i;

	printf("%-6s %5s  %-18s  %s\n", "LEVEL", "INDEX", "ENTRY", "BITS");
	for (i = 0; i < w->nr_levels; i++) {
		const struct mmc_pt_level *lv = &w->levels[i];
		const char *name = cli_enum_str(buf, sizeof(buf), mmc_pt_level_name(lv->level),
						lv->level);

		if (lv->folded) {
			/* the same entry as the level above, seen again */
			printf("%-6s %5s  %-18s  (folded: 4-level paging has no %s)\n", name, "-",
			       "-", name);
			continue;
		}
		printf("%-6s %5" PRIu32 "  0x%016" PRIx64 "  %s\n", name, lv->index, lv->entry,
		       cli_bits_str(bits, sizeof(bits), lv->bits, mmc_pt_bit_name, " "));
	}
}

/* The level the walk ended at, the last one walked. */
static const struct mmc_pt_level *walk_last(const struct mmc_walk *w)
{
	return w->nr_levels ? &w->levels[w->nr_levels - 1] : NULL;
}

static void walk_print_none(const struct mmc_walk *w)
{
	const struct mmc_pt_level *lv = walk_last(w);
	const char *name = lv ? mmc_pt_level_name(lv->level) : NULL;
	const char *span = lv ? walk_span(lv->level) : NULL;

	printf("state:   none: not present: never touched (demand paging has not happened "
	       "yet),\n         or the memory was dropped (MADV_DONTNEED, unmapped and "
	       "mapped again)\n");
	if (!name)
		return;
	if (lv->level == MMSCOPE_PT_LEVEL_PTE)
		printf("stopped: at the pte: the entry is empty\n");
	else if (span)
		printf("stopped: at the %s: the entry is empty, so no page table below it: no\n"
		       "         page of the %s it spans has been touched\n", name, span);
	else
		printf("stopped: at the %s: the entry is empty, so no page table below it\n", name);
}

static void walk_print_present(const struct mmc_walk *w)
{
	const struct mmc_pt_level *lv = walk_last(w);
	const char *span = w->has_leaf ? walk_span(w->leaf) : NULL;
	char buf[16];

	if (w->has_leaf && w->leaf != MMSCOPE_PT_LEVEL_PTE)
		printf("state:   present: a huge page: the %s entry maps %s directly (%s)\n",
		       cli_enum_str(buf, sizeof(buf), mmc_pt_level_name(w->leaf), w->leaf),
		       span ? span : "a block",
		       walk_page_flag(w, MMSCOPE_PAGE_FLAGS_HUGETLB) ? "hugetlb" :
		       walk_page_flag(w, MMSCOPE_PAGE_FLAGS_THP) ? "transparent huge page" :
		       "transparent huge page or hugetlb");
	else
		printf("state:   present: a %s page is mapped\n", span ? span : "small");
	if (lv && !(lv->bits & MMSCOPE_PT_BITS_PRESENT) && (lv->bits & MMSCOPE_PT_BITS_PROTNONE))
		printf("         but inaccessible: PROT_NONE, or a NUMA hinting fault is armed "
		       "(an access\n         faults; the page stays)\n");
	if (walk_page_flag(w, MMSCOPE_PAGE_FLAGS_ZERO))
		printf("         the shared zero page: read, never written\n");
}

static void walk_print_nonpresent(const struct mmc_walk *w)
{
	char off[48] = "hidden (CAP_SYS_ADMIN is required)";

	switch (w->state) {
	case MMSCOPE_PT_STATE_SWAP:
		if (w->has_swap_offset)
			snprintf(off, sizeof(off), "%" PRIu64 " (0x%" PRIx64 ")", w->swap_offset,
				 w->swap_offset);
		printf("state:   swap: swapped out, to swap area (type) %" PRIu32 ", offset %s\n",
		       w->swap_type, off);
		break;
	case MMSCOPE_PT_STATE_MIGRATION:
		printf("state:   migration: the page is being moved (between nodes, or to compact\n"
		       "         memory); an access waits until it is done\n");
		if (w->has_swap_offset)
			printf("pfn:     0x%" PRIx64 " (the page being moved)\n", w->swap_offset);
		break;
	case MMSCOPE_PT_STATE_DEVICE:
		printf("state:   device: a device-private or device-exclusive entry: the page is "
		       "held by a\n         device; an access migrates it back\n");
		if (w->has_swap_offset)
			printf("pfn:     0x%" PRIx64 " (the device page)\n", w->swap_offset);
		break;
	case MMSCOPE_PT_STATE_HWPOISON:
		printf("state:   hwpoison: the page had an uncorrectable memory error; an access "
		       "kills\n         the process (SIGBUS)\n");
		break;
	case MMSCOPE_PT_STATE_MARKER:
		printf("state:   marker: no page, a pte marker for the fault handler (userfaultfd\n"
		       "         write-protect, a poisoned page or a guard region)\n");
		break;
	default:
		printf("state:   %" PRIu32 " (unknown to this tool)\n", w->state);
		break;
	}
	if (w->has_swap && w->state != MMSCOPE_PT_STATE_SWAP)
		printf("entry:   swap-format entry of type %" PRIu32 "\n", w->swap_type);
}

static void walk_print_page(const struct mmc_walk *w)
{
	const struct mmc_page *pg = &w->page;
	char size[32], flags[256];
	long page_size = sysconf(_SC_PAGESIZE);

	if (w->has_pfn)
		printf("pfn:     0x%" PRIx64 "\nphys:    0x%" PRIx64 "\n", w->pfn, w->phys);
	if (w->has_node)
		printf("node:    %" PRIu32 ", zone %s, pageblock migrate type %s\n", w->node,
		       w->zone, w->migratetype);
	if (!w->has_page)
		return;
	printf("page:    refcount %" PRIu32 ", mapcount %" PRIu32 "\n", pg->refcount,
	       pg->mapcount);
	printf("folio:   order %" PRIu32 " (%s), mapcount %" PRIu32 "\n", pg->order,
	       cli_size(size, sizeof(size), pg->order < 32 ? (uint64_t)page_size << pg->order : 0),
	       pg->folio_mapcount);
	printf("flags:   %s\n", cli_bits_str(flags, sizeof(flags), pg->flags, mmc_page_flag_name,
					     " "));
}

static void walk_print(const struct mmc_walk *w)
{
	char perms[5] = "----", flags[512], buf[16];

	perms[0] = w->vma_flags & MMSCOPE_VM_FLAGS_READ ? 'r' : '-';
	perms[1] = w->vma_flags & MMSCOPE_VM_FLAGS_WRITE ? 'w' : '-';
	perms[2] = w->vma_flags & MMSCOPE_VM_FLAGS_EXEC ? 'x' : '-';
	perms[3] = w->vma_flags & MMSCOPE_VM_FLAGS_MAYSHARE ? 's' : 'p';
	printf("pid %" PRIu32 ", address 0x%" PRIx64 "\n", w->pid, w->addr);
	printf("vma:     %08" PRIx64 "-%08" PRIx64 " %s  %s\n\n", w->vma_start, w->vma_end, perms,
	       cli_bits_str(flags, sizeof(flags), w->vma_flags, mmc_vm_flag_name, " "));
	walk_print_levels(w);
	putchar('\n');
	printf("leaf:    %s\n", w->has_leaf ? cli_enum_str(buf, sizeof(buf),
							   mmc_pt_level_name(w->leaf), w->leaf) :
		"none (nothing maps the address)");
	if (w->state == MMSCOPE_PT_STATE_NONE) {
		walk_print_none(w);
		return;
	}
	if (w->state != MMSCOPE_PT_STATE_PRESENT) {
		walk_print_nonpresent(w);
		return;
	}
	walk_print_present(w);
	if (!w->has_pfn && !w->has_page)
		printf("pfn:     hidden, with the physical address and the page (CAP_SYS_ADMIN "
		       "is required,\n         as for /proc/PID/pagemap)\n");
	walk_print_page(w);
	if (w->cow) {
		if (walk_page_flag(w, MMSCOPE_PAGE_FLAGS_ZERO))
			printf("\ncopy-on-write pending: the zero page, write-protected in a "
			       "writable private VMA:\nthe next write gives the process a page "
			       "of its own\n");
		else
			printf("\ncopy-on-write pending: the page is shared (mapcount %" PRIu32
			       ") and write-protected\nin a writable private VMA: the next write "
			       "copies it\n", w->page.mapcount);
	}
}

static int walk_operands(struct cli *cli, int argc, char *argv[])
{
	if (argc < 2)
		return cli_usage_err(cli, "PID and ADDR are required");
	if (cli_parse_pid(cli, argv[0], &walk_args.pid) ||
	    cli_parse_addr(cli, "address", argv[1], &walk_args.addr))
		return CLI_EXIT_USAGE;
	return cli_no_args(cli, argc - 2, argv + 2);
}

static int walk_run(struct cli *cli, struct mmc_nl *nl)
{
	struct mmc_walk w;
	int err = mmc_walk(nl, walk_args.pid, walk_args.addr, &w);

	if (err)
		return cli_request_err(cli, nl, "walk failed", err);
	if (cli->json)
		walk_json(&w);
	else
		walk_print(&w);
	return CLI_EXIT_OK;
}

/* --json in the help */
static const char walk_json_help[] =
	"print JSON: {\"pid\", \"addr\", \"levels\": [{\"level\", \"index\", \"entry\",\n"
	"\"bits\", \"folded\"}], \"leaf\", \"state\", \"pfn\", \"phys\", \"node\",\n"
	"\"zone\", \"migratetype\", \"swap\", \"page\", \"cow\", \"vma\"}";

const struct cli_command walk_command = {
	.name = "walk",
	.summary = "the page-table walk of one address: levels, entry, page, COW",
	.usage = walk_usage,
	.json_help = walk_json_help,
	.family = true,
	.operands = walk_operands,
	.run = walk_run,
};
