/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * The mmscope tool's commands and what they share. Each command lives in its own file
 * (zones.c, buddy.c, ...) as <cmd>_main() and is listed in the table in main.c.
 */
#ifndef MMSCOPE_CLI_H
#define MMSCOPE_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "json.h"
#include "mmscope.h"

#define PROG_NAME	"mmscope"

/* Exit status: documented in mmscope --help and mmscope(8). */
enum {
	CLI_EXIT_OK		= 0,
	CLI_EXIT_FAIL		= 1,	/* the kernel returned an error, or another failure */
	CLI_EXIT_USAGE		= 2,	/* unknown command or option, bad argument */
	CLI_EXIT_NOT_LOADED	= 3,	/* the mmscope module is not loaded */
	CLI_EXIT_PERM		= 4,	/* permission denied */
};

/* What every command gets: the options given before the command, and its name. */
struct cli {
	const char *cmd;
	bool json;
};

struct cli_command {
	const char *name;
	int (*fn)(int argc, char *argv[], struct cli *cli);	/* returns the exit status */
	const char *description;
};

int zones_main(int argc, char *argv[], struct cli *cli);
int buddy_main(int argc, char *argv[], struct cli *cli);
int slab_main(int argc, char *argv[], struct cli *cli);
int vmas_main(int argc, char *argv[], struct cli *cli);
int walk_main(int argc, char *argv[], struct cli *cli);
int ptdump_main(int argc, char *argv[], struct cli *cli);
int export_main(int argc, char *argv[], struct cli *cli);
int stats_main(int argc, char *argv[], struct cli *cli);
int faults_main(int argc, char *argv[], struct cli *cli);
int watch_main(int argc, char *argv[], struct cli *cli);

/* "mmscope: CMD: " + message on stderr. */
void cli_err(const struct cli *cli, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A usage error: the message, a pointer to --help, and CLI_EXIT_USAGE to return. */
int cli_usage_err(const struct cli *cli, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * getopt_long with the options every command has (-j/--json, -h/--help) and the
 * command's own. Returns the option character, -1 at the end, 'h' for help (the caller
 * prints its usage), or '?' after reporting a usage error (return CLI_EXIT_USAGE).
 * --json is handled here.
 */
struct option;
int cli_getopt(struct cli *cli, int argc, char *argv[], const char *shortopts,
	       const struct option *longopts);
/* No arguments left after the options, else a usage error. */
int cli_no_args(const struct cli *cli, int argc, char *argv[]);

/* A node number, or a usage error. */
int cli_parse_node(const struct cli *cli, const char *arg, int *node);
/* A process id, or a usage error. */
int cli_parse_pid(const struct cli *cli, const char *arg, uint32_t *pid);
/*
 * A virtual address, or a usage error: hexadecimal with 0x, with a hex letter in it or
 * zero-padded (as /proc/PID/maps prints them), else decimal. what names it in messages.
 */
int cli_parse_addr(const struct cli *cli, const char *what, const char *arg, uint64_t *addr);

/* Open the handle; on failure report it and return the exit status (0 on success). */
int cli_open(const struct cli *cli, struct mmc_nl **nl);
/* Report a failed request ("what failed: why (kernel message)"); returns the exit status. */
int cli_request_err(const struct cli *cli, struct mmc_nl *nl, const char *what, int err);
/* Flush stdout; a write error is reported and turns the status into a failure. */
int cli_output_done(const struct cli *cli, int status);

/*
 * A dump printed as it arrives: a table, or the JSON document {["pid": N,] "KEY": [...]}.
 * The document starts with the first item, so a dump that fails before it prints nothing
 * on stdout; one that fails later leaves what was printed, unterminated, never faked.
 */
struct cli_list {
	struct json json;
	bool json_mode;
	bool has_pid;
	uint32_t pid;
	const char *key;
	unsigned long count;
};

/* Count an item; true for the first, after starting the JSON document in JSON mode. */
bool cli_list_item(struct cli_list *l);
/*
 * After the dump: report err, or end the JSON document (an empty one when nothing came);
 * closes nl and returns the exit status.
 */
int cli_list_done(const struct cli *cli, struct mmc_nl *nl, struct cli_list *l, int err);

/* Bytes as a short human-readable size ("3.98 GiB") in buf. */
const char *cli_size(char *buf, unsigned int len, uint64_t bytes);

/* An enum's name, or its number in buf when name is NULL (a value newer than the tool). */
const char *cli_enum_str(char *buf, size_t len, const char *name, uint32_t v);

/*
 * The names of the bits set in mask (name(bit), "bitN" for a bit it does not know), in
 * bit order: joined by sep in buf ("-" for none), or as a JSON array of strings at key.
 */
struct json;
const char *cli_bits_str(char *buf, size_t len, uint64_t mask,
			 const char *(*name)(unsigned int bit), const char *sep);
void cli_bits_json(struct json *j, const char *key, uint64_t mask,
		   const char *(*name)(unsigned int bit));

#endif /* MMSCOPE_CLI_H */
