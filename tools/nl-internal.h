/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * libmmscope's private half: the request runner in nl.c that the per-operation files
 * (nl-zones.c, ...) are built on. Not installed, not for the tool's commands.
 */
#ifndef MMSCOPE_NL_INTERNAL_H
#define MMSCOPE_NL_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mmscope.h"

struct nl_msg;

/* One request of the mmscope family and how to decode its replies. */
struct mms_req {
	uint8_t cmd;		/* MMSCOPE_CMD_* */
	bool dump;		/* NLM_F_DUMP, else a do request (acked) */
	/* Add the request's attributes; 0 or -errno. May be NULL. */
	int (*put)(struct nl_msg *msg, void *arg);
	/*
	 * Decode one reply's attributes (after the genetlink header) into arg. 0 or -errno;
	 * on -EPROTO, why says what was wrong.
	 */
	int (*parse)(const struct nlattr *attrs, int len, void *arg, char *why, size_t whylen);
	/* Forget what parse collected: a dump flagged NLM_F_DUMP_INTR starts over. */
	void (*reset)(void *arg);
	void *arg;
	/*
	 * parse hands each reply to the caller as it arrives (a dump too large to collect):
	 * what it delivered cannot be taken back, so a dump flagged NLM_F_DUMP_INTR is not
	 * retried but fails with -EAGAIN, and nothing after the flag is parsed. A non-zero
	 * return of parse stops the delivery; the rest of the dump is read and dropped.
	 */
	bool stream;
};

/*
 * Send the request and receive every reply up to the dump's NLMSG_DONE or the do
 * request's ack, retrying an interrupted dump (unless streamed). 0, -errno, or the first
 * non-zero value parse returned; the handle keeps it and the kernel's (or parse's)
 * message for mms_nl_errmsg().
 */
int mms_nl_run(struct mms_nl *nl, const struct mms_req *req);

/* Record a failure found by the library itself as the handle's result; returns err. */
int mms_nl_fail(struct mms_nl *nl, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* A growable array of fixed-size items, for dumps collected before delivery. */
struct mms_vec {
	void *items;
	size_t size;		/* of one item */
	size_t n, cap;
};

/* A zeroed new item at the end, or NULL when out of memory. */
void *mms_vec_push(struct mms_vec *vec);
static inline void *mms_vec_at(const struct mms_vec *vec, size_t i)
{
	return (char *)vec->items + i * vec->size;
}
void mms_vec_clear(struct mms_vec *vec);
void mms_vec_free(struct mms_vec *vec);

/*
 * Strict attribute readers for the decoders: the payload must be exactly the type's size.
 * what names the attribute for the message ("zone.free"). 0 or -EPROTO with why filled.
 */
int mms_attr_u32(const struct nlattr *a, uint32_t *v, const char *what,
		 char *why, size_t whylen);
int mms_attr_u64(const struct nlattr *a, uint64_t *v, const char *what,
		 char *why, size_t whylen);
/* A NUL-terminated string, copied and truncated to size. */
int mms_attr_str(const struct nlattr *a, char *buf, size_t size, const char *what,
		 char *why, size_t whylen);
/* A flag attribute: no payload. */
int mms_attr_flag(const struct nlattr *a, bool *v, const char *what, char *why, size_t whylen);
/* A repeated u64 attribute into the next slot of array (of max), counted in *n. */
int mms_attr_u64_multi(const struct nlattr *a, uint64_t *array, unsigned int *n,
		       unsigned int max, const char *what, char *why, size_t whylen);

/* Attribute types as bits of a seen/needed set. */
#define MMS_BIT(type)	(1ULL << (type))
/* -EPROTO naming the first attribute of need that is not in seen. */
int mms_attr_missing(uint64_t seen, uint64_t need, const char *const *names,
		     char *why, size_t whylen);

/* An attribute set's trailing bytes that do not form an attribute. */
int mms_attr_trailing(int rem, const char *what, char *why, size_t whylen);

int mms_why(char *why, size_t whylen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif /* MMSCOPE_NL_INTERNAL_H */
