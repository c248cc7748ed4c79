// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * What the commands share: cli_run() (options, help, operands, the family), error reports
 * in one format ("mmscope: CMD: what failed: why"), and the exit status each failure maps
 * to.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "json.h"

static void cli_verr(const struct cli *cli, const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: ", PROG_NAME);
	if (cli->cmd)
		fprintf(stderr, "%s: ", cli->cmd);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void cli_err(const struct cli *cli, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cli_verr(cli, fmt, ap);
	va_end(ap);
}

int cli_usage_err(const struct cli *cli, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cli_verr(cli, fmt, ap);
	va_end(ap);
	if (cli->cmd)
		fprintf(stderr, "Try '%s %s --help'.\n", PROG_NAME, cli->cmd);
	else
		fprintf(stderr, "Try '%s --help'.\n", PROG_NAME);
	return CLI_EXIT_USAGE;
}

/* A command's options (at most CLI_MAX_OPTIONS) and the two every command has. */
#define CLI_MAX_OPTIONS	16
static const struct cli_option cli_json_option = { "json", 'j', NULL, NULL };
static const struct cli_option cli_help_option = { "help", 'h', NULL, "show this help" };

struct cli_getopt {
	struct option longopts[CLI_MAX_OPTIONS + 3];
	char shortopts[3 * CLI_MAX_OPTIONS + 8];
};

static void cli_getopt_add(struct cli_getopt *g, size_t *n, const struct cli_option *o)
{
	size_t len = strlen(g->shortopts);

	g->longopts[*n] = (struct option){ o->name, o->arg ? required_argument : no_argument,
					   NULL, o->key };
	(*n)++;
	snprintf(g->shortopts + len, sizeof(g->shortopts) - len, "%c%s", o->key,
		 o->arg ? ":" : "");
}

/* 0, or -E2BIG when the command has more options than the table here holds. */
static int cli_getopt_init(struct cli_getopt *g, const struct cli_command *cmd)
{
	const struct cli_option *o;
	size_t n = 0;

	memset(g, 0, sizeof(*g));
	/* ':' first: a missing argument is reported as ':', not '?' */
	g->shortopts[0] = ':';
	cli_getopt_add(g, &n, &cli_json_option);
	cli_getopt_add(g, &n, &cli_help_option);
	for (o = cmd->options; o && o->name; o++) {
		if (n == CLI_MAX_OPTIONS + 2)
			return -E2BIG;
		cli_getopt_add(g, &n, o);
	}
	return 0;
}

/*
 * getopt_long over the command's options and --json/--help. Returns the option's key,
 * -1 at the end, 'h' for help, or '?' after reporting a usage error. --json is handled
 * here.
 */
static int cli_getopt(struct cli *cli, struct cli_getopt *g, int argc, char *argv[])
{
	int c;

	opterr = 0;
	for (;;) {
		const char *arg;

		c = getopt_long(argc, argv, g->shortopts, g->longopts, NULL);
		if (c == 'j') {
			cli->json = true;
			continue;
		}
		if (c != ':' && c != '?')
			return c;
		arg = optind > 0 && optind <= argc ? argv[optind - 1] : "";
		if (c == ':')
			cli_usage_err(cli, "option '%s' needs an argument", arg);
		else if (!optopt)
			cli_usage_err(cli, "unknown option '%s'", arg);
		else if (!strncmp(arg, "--", 2) && strchr(arg, '='))
			cli_usage_err(cli, "option '%s' takes no argument", arg);
		else
			cli_usage_err(cli, "unknown option '-%c'", optopt);
		return '?';
	}
}

int cli_no_args(const struct cli *cli, int argc, char *argv[])
{
	if (argc > 0)
		return cli_usage_err(cli, "unexpected argument '%s'", argv[0]);
	return 0;
}

/* "  -k, --name ARG": the option's part of its help line. */
static int cli_option_label(char *buf, size_t len, const struct cli_option *o)
{
	return snprintf(buf, len, "-%c, --%s%s%s", o->key, o->name, o->arg ? " " : "",
			o->arg ? o->arg : "");
}

/* One option's help: the label, then the lines of text in a column of their own. */
static void cli_option_help(const struct cli_option *o, const char *help, int column)
{
	const char *line = help, *nl;
	char label[64];

	cli_option_label(label, sizeof(label), o);
	printf("  %-*s", column, label);
	for (;;) {
		nl = strchr(line, '\n');
		printf("%.*s\n", nl ? (int)(nl - line) : (int)strlen(line), line);
		if (!nl)
			break;
		line = nl + 1;
		printf("  %-*s", column, "");
	}
}

/* COMMAND --help: its usage, then its options, --json and --help in a table. */
static void cli_help(const struct cli_command *cmd)
{
	const struct cli_option *o;
	int column = 13, len;	/* the text starts at column 17 at least */
	char label[64];

	for (o = cmd->options; o && o->name; o++) {
		len = cli_option_label(label, sizeof(label), o);
		if (len > column)
			column = len;
	}
	column += 2;
	fputs(cmd->usage, stdout);
	fputs("Options:\n", stdout);
	for (o = cmd->options; o && o->name; o++)
		cli_option_help(o, o->help, column);
	if (cmd->json_help)
		cli_option_help(&cli_json_option, cmd->json_help, column);
	cli_option_help(&cli_help_option, cli_help_option.help, column);
}

int cli_parse_node(const struct cli *cli, const char *arg, int *node)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(arg, &end, 10);
	if (!*arg || *arg == '-' || *arg == '+' || *end || errno || v > 0x7fffffff)
		return cli_usage_err(cli, "bad node '%s': expected a node number", arg);
	*node = (int)v;
	return 0;
}

int cli_parse_pid(const struct cli *cli, const char *arg, uint32_t *pid)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(arg, &end, 10);
	if (!*arg || *arg == '-' || *arg == '+' || *end || errno || !v || v > 0x7fffffff)
		return cli_usage_err(cli, "bad pid '%s': expected a process id", arg);
	*pid = (uint32_t)v;
	return 0;
}

int cli_parse_addr(const struct cli *cli, const char *what, const char *arg, uint64_t *addr)
{
	static const char hex[] = "0123456789abcdefABCDEF";
	const char *digits = arg;
	unsigned long long v;
	int base = 10;
	char *end;

	if (!strncasecmp(arg, "0x", 2)) {
		digits = arg + 2;
		base = 16;
	} else if (strpbrk(arg, "abcdefABCDEF") || (arg[0] == '0' && arg[1])) {
		/* a hex letter, or zero-padded as /proc/PID/maps prints low addresses */
		base = 16;
	}
	errno = 0;
	v = strtoull(digits, &end, base);
	if (!*digits || digits[strspn(digits, base == 16 ? hex : "0123456789")] || *end ||
	    errno)
		return cli_usage_err(cli, "bad %s '%s': expected an address, hexadecimal (0x...) "
				     "or decimal", what, arg);
	*addr = v;
	return 0;
}

/* Exit status for a failure's errno. */
static int cli_status(int err)
{
	switch (err) {
	case -ENOENT:
		return CLI_EXIT_NOT_LOADED;
	case -EPERM:
	case -EACCES:
		return CLI_EXIT_PERM;
	default:
		return CLI_EXIT_FAIL;
	}
}

static void cli_not_loaded(const struct cli *cli)
{
	cli_err(cli, "the mmscope module is not loaded (sudo insmod mmscope.ko)");
}

/* Open the handle; on failure report it and return the exit status (0 on success). */
static int cli_open(const struct cli *cli, struct mmc_nl **nl)
{
	int err = mmc_nl_open(nl);

	if (!err)
		return CLI_EXIT_OK;
	if (err == -ENOENT)
		cli_not_loaded(cli);
	else
		cli_err(cli, "cannot open a generic netlink socket: %s", strerror(-err));
	return cli_status(err);
}

int cli_request_err(const struct cli *cli, struct mmc_nl *nl, const char *what, int err)
{
	const char *msg = mmc_nl_errmsg(nl);
	const char *prefix = PROG_NAME ": ";

	/* The module's extack messages start with its name: once is enough. */
	if (msg && !strncmp(msg, prefix, strlen(prefix)))
		msg += strlen(prefix);

	/* ENOENT without a message: genetlink no longer knows the family. */
	if (err == -ENOENT && !msg) {
		cli_not_loaded(cli);
		return CLI_EXIT_NOT_LOADED;
	}
	if ((err == -EPERM || err == -EACCES) && !msg)
		msg = "run as root: CAP_SYS_ADMIN and CAP_NET_ADMIN are required";
	if (msg)
		cli_err(cli, "%s: %s (%s)", what, strerror(-err), msg);
	else
		cli_err(cli, "%s: %s", what, strerror(-err));
	return err == -ENOENT ? CLI_EXIT_FAIL : cli_status(err);
}

/* Flush stdout; a write error is reported and turns the status into a failure. */
static int cli_output_done(const struct cli *cli, int status)
{
	if (fflush(stdout) || ferror(stdout)) {
		cli_err(cli, "writing the output failed: %s", strerror(errno));
		return status ? status : CLI_EXIT_FAIL;
	}
	return status;
}

static void cli_list_start(struct cli_list *l)
{
	json_init(&l->json, stdout);
	json_object_start(&l->json, NULL);
	if (l->has_pid)
		json_uint(&l->json, "pid", l->pid);
	json_array_start(&l->json, l->key);
}

bool cli_list_item(struct cli_list *l)
{
	if (l->count++)
		return false;
	if (l->json_mode)
		cli_list_start(l);
	return true;
}

int cli_list_done(const struct cli *cli, struct mmc_nl *nl, struct cli_list *l, int err)
{
	int status = 0;

	if (err) {
		status = cli_request_err(cli, nl, "dump failed", err);
	} else if (l->json_mode) {
		if (!l->count)
			cli_list_start(l);
		json_array_end(&l->json);
		json_object_end(&l->json);
		json_finish(&l->json);
	}
	return status;
}

int cli_run(const struct cli_command *cmd, struct cli *cli, int argc, char *argv[])
{
	struct mmc_nl *nl = NULL;
	struct cli_getopt g;
	int c, status;

	if (cli_getopt_init(&g, cmd)) {
		cli_err(cli, "more than %d options: raise CLI_MAX_OPTIONS", CLI_MAX_OPTIONS);
		return CLI_EXIT_FAIL;
	}
	optind = 1;
	while ((c = cli_getopt(cli, &g, argc, argv)) != -1) {
		if (c == 'h') {
			cli_help(cmd);
			return CLI_EXIT_OK;
		}
		if (c == '?')
			return CLI_EXIT_USAGE;
		status = cmd->option(cli, c, optarg);
		if (status)
			return status;
	}
	if (cmd->operands)
		status = cmd->operands(cli, argc - optind, argv + optind);
	else
		status = cli_no_args(cli, argc - optind, argv + optind);
	if (status)
		return status;

	if (cmd->family) {
		status = cli_open(cli, &nl);
		if (status)
			return status;
	}
	status = cmd->run(cli, nl);
	if (nl)
		mmc_nl_close(nl);
	return cli_output_done(cli, status);
}

const char *cli_size(char *buf, unsigned int len, uint64_t bytes)
{
	static const char *const units[] = { "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
	double v = bytes;
	int u = -1;

	if (bytes < 1024) {
		snprintf(buf, len, "%u B", (unsigned int)bytes);
		return buf;
	}
	while (v >= 1024 && u < 5) {
		v /= 1024;
		u++;
	}
	snprintf(buf, len, "%.2f %s", v, units[u]);
	return buf;
}

const char *cli_enum_str(char *buf, size_t len, const char *name, uint32_t v)
{
	if (name)
		return name;
	snprintf(buf, len, "%u", (unsigned int)v);
	return buf;
}

const char *cli_bits_str(char *buf, size_t len, uint64_t mask,
			 const char *(*name)(unsigned int bit), const char *sep)
{
	size_t used = 0;
	unsigned int bit;

	buf[0] = '\0';
	for (bit = 0; bit < 64 && used < len; bit++) {
		const char *n;

		if (!(mask & (1ULL << bit)))
			continue;
		n = name(bit);
		if (n)
			used += snprintf(buf + used, len - used, "%s%s", used ? sep : "", n);
		else
			used += snprintf(buf + used, len - used, "%sbit%u", used ? sep : "", bit);
	}
	return buf[0] ? buf : "-";
}

void cli_bits_json(struct json *j, const char *key, uint64_t mask,
		   const char *(*name)(unsigned int bit))
{
	unsigned int bit;
	char buf[16];

	json_array_start(j, key);
	for (bit = 0; bit < 64; bit++) {
		const char *n;

		if (!(mask & (1ULL << bit)))
			continue;
		n = name(bit);
		if (!n) {
			snprintf(buf, sizeof(buf), "bit%u", bit);
			n = buf;
		}
		json_string(j, NULL, n);
	}
	json_array_end(j);
}
