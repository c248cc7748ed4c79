// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * mmscope: show the kernel's memory-management state through the mmscope module.
 * The command table; each command lives in its own file, and cli_run() (cli.c) parses
 * its command line from the command's own table.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "version.h"

/* In the order mmscope --help lists them. */
static const struct cli_command *const commands[] = {
	&zones_command, &buddy_command, &slab_command, &vmas_command, &walk_command,
	&ptdump_command, &mem_command, &export_command, &stats_command, &faults_command,
	&watch_command,
};

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "Usage: %s [--json] [--help] [--version] COMMAND [ARGS]\n\n"
		"Show the kernel's memory-management state, as the kernel holds it, through the\n"
		"mmscope module's generic netlink family. Needs root (CAP_SYS_ADMIN and\n"
		"CAP_NET_ADMIN), except vmas, walk and ptdump of a user's own processes;\n"
		"faults and watch count page faults with BPF (CAP_BPF and CAP_PERFMON).\n\n"
		"Commands:\n", PROG_NAME);
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-10s %s\n", commands[i]->name, commands[i]->summary);
	fprintf(f, "\n"
		"Options (also accepted after COMMAND):\n"
		"  -j, --json     print one JSON document instead of text\n"
		"  -h, --help     show this help; COMMAND --help shows the command's\n"
		"  -V, --version  print the version\n\n"
		"Exit status:\n"
		"  0  success\n"
		"  1  the kernel returned an error, or another failure\n"
		"  2  usage error: unknown command or option, bad argument\n"
		"  3  the mmscope module is not loaded\n"
		"  4  permission denied (faults: loading BPF was refused)\n\n"
		"See mmscope(8); the module's text views are in /sys/kernel/debug/mmscope/.\n");
}

static const struct cli_command *find_command(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(commands[i]->name, name))
			return commands[i];
	return NULL;
}

int main(int argc, char *argv[])
{
	const struct cli_command *cmd;
	struct cli cli = { 0 };
	bool help = false;
	int i;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		const char *arg = argv[i];

		if (!strcmp(arg, "--")) {
			i++;
			break;
		} else if (!strcmp(arg, "-j") || !strcmp(arg, "--json")) {
			cli.json = true;
		} else if (!strcmp(arg, "-h") || !strcmp(arg, "--help")) {
			help = true;
		} else if (!strcmp(arg, "-V") || !strcmp(arg, "--version")) {
			printf("%s %s\n", PROG_NAME, MMSCOPE_VERSION);
			return CLI_EXIT_OK;
		} else {
			fprintf(stderr, "%s: unknown option '%s'\nTry '%s --help'.\n",
				PROG_NAME, arg, PROG_NAME);
			return CLI_EXIT_USAGE;
		}
	}
	if (i == argc) {
		usage(stdout);
		return CLI_EXIT_OK;
	}

	cmd = find_command(argv[i]);
	if (!cmd) {
		fprintf(stderr, "%s: %s: unknown command\nTry '%s --help' for the list.\n",
			PROG_NAME, argv[i], PROG_NAME);
		return CLI_EXIT_USAGE;
	}
	cli.cmd = cmd->name;
	if (help) {
		char *help_argv[] = { argv[i], "--help", NULL };

		return cli_run(cmd, &cli, 2, help_argv);
	}
	return cli_run(cmd, &cli, argc - i, argv + i);
}
