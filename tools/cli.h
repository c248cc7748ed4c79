/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * The mmscope tool's commands and what they share. Each command lives in its own file
 * (zones.c, buddy.c, ...) as a struct cli_command <cmd>_command, listed in main.c: its
 * options, its help, whether it needs the mmscope family, and its own work. cli_run()
 * does the rest for all of them: options, --help, operands, opening and closing the
 * family, flushing the output.
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

/* What every command gets: its name, and --json (given before or after the command). */
struct cli {
	const char *cmd;
	bool json;
};

/* One option of a command; --json and --help, which every command has, are not listed. */
struct cli_option {
	const char *name;	/* --name */
	char key;		/* -key (not j or h), and what option() is called with */
	const char *arg;	/* the value's name in the help ("N"); NULL: takes none */
	const char *help;	/* its lines in the help, '\n' between them */
};

/*
 * A command. cli_run() parses its options (calling option() for each, in command-line
 * order), hands what follows them to operands(), opens the family when it needs it, and
 * calls run(). The callbacks return 0 or the exit status, after reporting the failure.
 */
struct cli_command {
	const char *name;
	const char *summary;		/* its line in mmscope --help */
	const char *usage;		/* --help before "Options:": synopsis, description */
	const struct cli_option *options;	/* ends with { 0 } */
	const char *json_help;		/* --json in the help; NULL: not listed there */
	bool family;			/* run() gets the mmscope family opened */
	/* An option of the table, by key, with its value (NULL for a flag). */
	int (*option)(struct cli *cli, int key, const char *arg);
	/* The arguments after the options, and checks across options; NULL: none taken. */
	int (*operands)(struct cli *cli, int argc, char *argv[]);
	/* The command's own work; nl is NULL unless family. cli_run() closes nl after it. */
	int (*run)(struct cli *cli, struct mmc_nl *nl);
};

extern const struct cli_command zones_command;
extern const struct cli_command buddy_command;
extern const struct cli_command slab_command;
extern const struct cli_command vmas_command;
extern const struct cli_command walk_command;
extern const struct cli_command ptdump_command;
extern const struct cli_command export_command;
extern const struct cli_command stats_command;
extern const struct cli_command mem_command;
extern const struct cli_command faults_command;
extern const struct cli_command watch_command;

/* Run cmd on its command line (argv[0] is the command's name); returns the exit status. */
int cli_run(const struct cli_command *cmd, struct cli *cli, int argc, char *argv[]);

/* "mmscope: CMD: " + message on stderr. */
void cli_err(const struct cli *cli, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A usage error: the message, a pointer to --help, and CLI_EXIT_USAGE to return. */
int cli_usage_err(const struct cli *cli, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* No arguments (argv[0] is the first of argc), else a usage error. */
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

/* Report a failed request ("what failed: why (kernel message)"); returns the exit status. */
int cli_request_err(const struct cli *cli, struct mmc_nl *nl, const char *what, int err);

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
 * returns the exit status.
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
