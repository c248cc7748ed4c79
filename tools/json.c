// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * The JSON writer behind --json (see json.h).
 */
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>

#include "json.h"

void json_init(struct json *j, FILE *f)
{
	j->f = f;
	j->depth = 0;
	j->compact = false;
}

void json_init_compact(struct json *j, FILE *f)
{
	json_init(j, f);
	j->compact = true;
}

/* The length of the valid UTF-8 sequence at p (not ASCII), 0 when it is not one. */
static size_t utf8_seq_len(const unsigned char *p)
{
	unsigned char c = p[0];
	uint32_t cp;
	size_t n, i;

	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
		cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		cp = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		cp = c & 0x07;
	} else {
		return 0;
	}
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)	/* a NUL ends here too */
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;	/* overlong, out of range, or a surrogate */
	return n;
}

/* A JSON string: quotes, backslashes and control characters escaped, bad UTF-8 replaced. */
static void json_quote(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	fputc('"', f);
	while (*p) {
		unsigned char c = *p;
		size_t n;

		switch (c) {
		case '"':  fputs("\\\"", f); break;
		case '\\': fputs("\\\\", f); break;
		case '\b': fputs("\\b", f); break;
		case '\f': fputs("\\f", f); break;
		case '\n': fputs("\\n", f); break;
		case '\r': fputs("\\r", f); break;
		case '\t': fputs("\\t", f); break;
		default:
			if (c < 0x20) {
				fprintf(f, "\\u%04x", c);
			} else if (c < 0x80) {
				fputc(c, f);
			} else if ((n = utf8_seq_len(p))) {
				fwrite(p, 1, n, f);
				p += n;
				continue;
			} else {
				fputs("\\ufffd", f);
			}
		}
		p++;
	}
	fputc('"', f);
}

static void json_indent(struct json *j)
{
	int i;

	if (j->compact)
		return;
	fputc('\n', j->f);
	for (i = 0; i < j->depth; i++)
		fputs("  ", j->f);
}

/* The separator, line break and key that go before a value. */
static void json_value_start(struct json *j, const char *key, bool container)
{
	if (j->depth > 0) {
		typeof(j->level[0]) *up = &j->level[j->depth - 1];

		if (up->empty && !up->object && !container)
			up->oneline = true;
		if (up->oneline) {
			if (!up->empty)
				fputs(", ", j->f);
		} else {
			if (!up->empty)
				fputc(',', j->f);
			json_indent(j);
		}
		up->empty = false;
		if (up->object) {
			json_quote(j->f, key ? key : "");
			fputs(": ", j->f);
		}
	}
}

static void json_container_start(struct json *j, const char *key, bool object)
{
	if (j->depth >= JSON_MAX_DEPTH)
		abort();	/* a bug in the caller: no output is nested this deep */
	json_value_start(j, key, true);
	fputc(object ? '{' : '[', j->f);
	j->level[j->depth].object = object;
	j->level[j->depth].empty = true;
	j->level[j->depth].oneline = false;
	j->depth++;
}

static void json_container_end(struct json *j, bool object)
{
	bool multiline;

	if (j->depth <= 0 || j->level[j->depth - 1].object != object)
		abort();	/* unbalanced */
	j->depth--;
	multiline = !j->level[j->depth].empty && !j->level[j->depth].oneline;
	if (multiline)
		json_indent(j);
	fputc(object ? '}' : ']', j->f);
}

void json_object_start(struct json *j, const char *key)
{
	json_container_start(j, key, true);
}

void json_object_end(struct json *j)
{
	json_container_end(j, true);
}

void json_array_start(struct json *j, const char *key)
{
	json_container_start(j, key, false);
}

void json_array_end(struct json *j)
{
	json_container_end(j, false);
}

void json_string(struct json *j, const char *key, const char *s)
{
	json_value_start(j, key, false);
	json_quote(j->f, s);
}

void json_uint(struct json *j, const char *key, uint64_t v)
{
	json_value_start(j, key, false);
	fprintf(j->f, "%" PRIu64, v);
}

void json_int(struct json *j, const char *key, int64_t v)
{
	json_value_start(j, key, false);
	fprintf(j->f, "%" PRId64, v);
}

void json_fixed3(struct json *j, const char *key, double v)
{
	json_value_start(j, key, false);
	fprintf(j->f, "%.3f", v);
}

void json_fixed2(struct json *j, const char *key, double v)
{
	json_value_start(j, key, false);
	fprintf(j->f, "%.2f", v);
}

void json_double(struct json *j, const char *key, double v)
{
	if (!isfinite(v)) {
		json_null(j, key);
		return;
	}
	json_value_start(j, key, false);
	if (v == (double)(uint64_t)v && v < 1e18)
		fprintf(j->f, "%" PRIu64, (uint64_t)v);
	else
		fprintf(j->f, "%.6g", v);
}

void json_bool(struct json *j, const char *key, bool v)
{
	json_value_start(j, key, false);
	fputs(v ? "true" : "false", j->f);
}

void json_null(struct json *j, const char *key)
{
	json_value_start(j, key, false);
	fputs("null", j->f);
}

void json_finish(struct json *j)
{
	fputc('\n', j->f);
}
