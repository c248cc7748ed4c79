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

#define ARRAY_LEN(a)	(sizeof(a) / sizeof((a)[0]))

/* One request of the mmscope family and how to decode its replies. */
struct mmc_req {
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
 * message for mmc_nl_errmsg().
 */
int mmc_nl_run(struct mmc_nl *nl, const struct mmc_req *req);

/* Record a failure found by the library itself as the handle's result; returns err. */
int mmc_nl_fail(struct mmc_nl *nl, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* A growable array of fixed-size items, for dumps collected before delivery. */
struct mmc_vec {
	void *items;
	size_t size;		/* of one item */
	size_t n, cap;
};

/* A zeroed new item at the end, or NULL when out of memory. */
void *mmc_vec_push(struct mmc_vec *vec);
static inline void *mmc_vec_at(const struct mmc_vec *vec, size_t i)
{
	return (char *)vec->items + i * vec->size;
}
void mmc_vec_clear(struct mmc_vec *vec);
void mmc_vec_free(struct mmc_vec *vec);

/*
 * Strict attribute readers for the decoders: the payload must be exactly the type's size.
 * what names the attribute for the message ("zone.free"). 0 or -EPROTO with why filled.
 */
int mmc_attr_u32(const struct nlattr *a, uint32_t *v, const char *what,
		 char *why, size_t whylen);
int mmc_attr_u64(const struct nlattr *a, uint64_t *v, const char *what,
		 char *why, size_t whylen);
/* A NUL-terminated string, copied and truncated to size. */
int mmc_attr_str(const struct nlattr *a, char *buf, size_t size, const char *what,
		 char *why, size_t whylen);
/* A flag attribute: no payload. */
int mmc_attr_flag(const struct nlattr *a, bool *v, const char *what, char *why, size_t whylen);
/* A repeated u64 attribute into the next slot of array (of max), counted in *n. */
int mmc_attr_u64_multi(const struct nlattr *a, uint64_t *array, unsigned int *n,
		       unsigned int max, const char *what, char *why, size_t whylen);

/* Attribute types as bits of a seen/needed set. */
#define MMC_BIT(type)	(1ULL << (type))

/* An attribute set's trailing bytes that do not form an attribute. */
int mmc_attr_trailing(int rem, const char *what, char *why, size_t whylen);

int mmc_why(char *why, size_t whylen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * Table-driven decoding of one attribute set (a reply or a nest) into a struct: the
 * decoders differ only in where each attribute goes, so that is all they spell out.
 */
enum mmc_attr_kind {
	MMC_ATTR_SKIP,		/* no entry: padding or not part of this set, ignored */
	MMC_ATTR_U32,		/* uint32_t */
	MMC_ATTR_U64,		/* uint64_t */
	MMC_ATTR_STR,		/* char[size], cut to fit */
	MMC_ATTR_FLAG,		/* bool, true when present */
	MMC_ATTR_U64_MULTI,	/* repeated: the next of uint64_t[size / 8], counted at count */
	MMC_ATTR_OTHER,		/* nested or special: decode() does it */
};

struct mmc_attr_field {
	const char *name;	/* for messages: "zone.free" */
	enum mmc_attr_kind kind;
	size_t off, size;	/* of the member in the destination */
	size_t count;		/* MMC_ATTR_U64_MULTI: offset of its unsigned int counter */
	/* MMC_ATTR_OTHER: decode a into dst. 0 or -EPROTO with why filled. */
	int (*decode)(const struct nlattr *a, void *dst, const char *what,
		      char *why, size_t whylen);
};

struct mmc_attr_set {
	const char *what;			/* for messages: "zone", "walk.level" */
	const struct mmc_attr_field *fields;	/* indexed by attribute type */
	unsigned int nr_fields;
	size_t size;				/* of the destination */
	uint64_t need;				/* MMC_BIT()s a reply must have */
};

/*
 * Zero dst and decode attrs into it: types past the table (newer than us) and entries
 * without a kind are skipped; a repeated scalar keeps its last value. *seen (if not NULL)
 * gets the types decoded. 0, or -EPROTO with why naming the first bad or missing one.
 */
int mmc_attrs_decode(const struct mmc_attr_set *set, const struct nlattr *attrs, int len,
		     void *dst, uint64_t *seen, char *why, size_t whylen);

/* The set of struct st decoded by the table fields (what names it in messages). */
#define MMC_ATTR_SET(what_, fields_, st, need_)					\
	{ .what = (what_), .fields = (fields_), .nr_fields = ARRAY_LEN(fields_),	\
	  .size = sizeof(st), .need = (need_) }

/* 0, or a build error when cond is false (a table entry not matching its member). */
#define MMC_BUILD_CHECK(cond)	(0 * sizeof(struct { int:(-!(cond)); }))
#define MMC_MEMBER_SIZE(st, m)	sizeof(((st *)0)->m)
#define MMC_ATTR_SIZE_OK(kind, size)					\
	((kind) == MMC_ATTR_U32 ? (size) == sizeof(uint32_t) :		\
	 (kind) == MMC_ATTR_U64 ? (size) == sizeof(uint64_t) :		\
	 (kind) == MMC_ATTR_FLAG ? (size) == sizeof(bool) : 1)

/* Attribute type goes into member m of struct st as kind k (U32, U64, STR, FLAG). */
#define MMC_FIELD(type, k, st, m, nm)						\
	[type] = { .name = (nm), .kind = MMC_ATTR_##k,				\
		   .off = offsetof(st, m) + MMC_BUILD_CHECK(MMC_ATTR_SIZE_OK(	\
			MMC_ATTR_##k, MMC_MEMBER_SIZE(st, m))),			\
		   .size = MMC_MEMBER_SIZE(st, m) }
/* Repeated u64 attribute type fills array m of struct st, counted in member cnt. */
#define MMC_FIELD_MULTI(type, st, m, cnt, nm)					\
	[type] = { .name = (nm), .kind = MMC_ATTR_U64_MULTI,			\
		   .off = offsetof(st, m), .size = MMC_MEMBER_SIZE(st, m),	\
		   .count = offsetof(st, cnt) + MMC_BUILD_CHECK(			\
			MMC_MEMBER_SIZE(st, m[0]) == sizeof(uint64_t) &&	\
			MMC_MEMBER_SIZE(st, cnt) == sizeof(unsigned int)) }
/* Attribute type is decoded by fn. */
#define MMC_FIELD_OTHER(type, fn, nm)						\
	[type] = { .name = (nm), .kind = MMC_ATTR_OTHER, .decode = (fn) }

#endif /* MMSCOPE_NL_INTERNAL_H */
