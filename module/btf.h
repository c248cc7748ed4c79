/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * A reader of the running kernel's BTF (/sys/kernel/btf/vmlinux): struct sizes and member
 * offsets by name. Used by resolve.c only, at load time.
 */
#ifndef _MMSCOPE_BTF_H
#define _MMSCOPE_BTF_H

#include <linux/types.h>

struct mms_btf;

/* A member found by name, with the anonymous structs and unions it sits in flattened. */
struct mms_btf_member {
	u32 bit_offset;		/* from the start of the outermost struct */
	u32 bitfield_size;	/* 0: not a bitfield */
	u32 type_id;		/* typedefs and qualifiers stripped */
	u32 kind;		/* BTF_KIND_* of type_id */
	u32 size;		/* of type_id in bytes; arrays: the whole array */
};

/*
 * Load and index a raw BTF file. On failure, *why says what went wrong (for the features
 * report) and the result is a negative errno.
 */
int mms_btf_load(const char *path, struct mms_btf **btfp, char *why, size_t len);
void mms_btf_free(struct mms_btf *btf);

/* The id of the struct (or union) called name, or -ENOENT. */
int mms_btf_find_struct(const struct mms_btf *btf, const char *name);
u32 mms_btf_size(const struct mms_btf *btf, u32 id);

/* Look member up in struct sid, descending into anonymous members. 0 or -ENOENT. */
int mms_btf_member(const struct mms_btf *btf, u32 sid, const char *member,
		   struct mms_btf_member *m);

/* An array type's element type (stripped) and element count. 0 or -EINVAL. */
int mms_btf_array(const struct mms_btf *btf, u32 id, u32 *elem_id, u32 *nelems);

#endif /* _MMSCOPE_BTF_H */
