/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * A small streaming JSON writer for the tool's --json output: objects, arrays, strings,
 * numbers and booleans, indented two spaces a level, arrays of plain values on one line.
 * Inside an object every value has a key; inside an array and at the top, key is NULL.
 */
#ifndef MMSCOPE_JSON_H
#define MMSCOPE_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH	32

struct json {
	FILE *f;
	int depth;
	bool compact;		/* everything on one line (JSON lines) */
	struct {
		bool object;	/* else an array */
		bool empty;	/* nothing written inside yet */
		bool oneline;	/* an array of plain values */
	} level[JSON_MAX_DEPTH];
};

void json_init(struct json *j, FILE *f);
/* The same, with the whole document on one line (JSON lines: one document a line). */
void json_init_compact(struct json *j, FILE *f);
void json_object_start(struct json *j, const char *key);
void json_object_end(struct json *j);
void json_array_start(struct json *j, const char *key);
void json_array_end(struct json *j);
void json_string(struct json *j, const char *key, const char *s);
void json_uint(struct json *j, const char *key, uint64_t v);
void json_int(struct json *j, const char *key, int64_t v);
/* A number with a fraction (seconds), printed with three decimals. */
void json_fixed3(struct json *j, const char *key, double v);
/* A number with two decimals (a percentage, as sar prints it). */
void json_fixed2(struct json *j, const char *key, double v);
/* A measured number: an integer as one, else six significant digits; null if not finite. */
void json_double(struct json *j, const char *key, double v);
void json_bool(struct json *j, const char *key, bool v);
void json_null(struct json *j, const char *key);
/* After the top-level value: the final newline. */
void json_finish(struct json *j);

#endif /* MMSCOPE_JSON_H */
