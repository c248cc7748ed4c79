// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * The running kernel's own type information: /sys/kernel/btf/vmlinux, read once at load
 * time and parsed here (header, type section, string section as include/uapi/linux/btf.h
 * lays them out), so that the layouts the headers do not carry come from the kernel that
 * runs rather than from a copy that drifts with its configuration.
 */
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/stddef.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include <uapi/linux/btf.h>

#include "btf.h"

/* vmlinux BTF is 5-6 MiB on Debian's kernels: refuse what cannot be one. */
#define MMS_BTF_MAX_SIZE	(64 << 20)
/* Typedef chains and anonymous member nesting are shallow; a loop is corrupt BTF. */
#define MMS_BTF_MAX_DEPTH	32

struct mms_btf {
	void *data;
	size_t size;
	const u8 *types;	/* the type section */
	u32 types_len;
	const char *strs;	/* the string section */
	u32 strs_len;
	u32 nr_types;		/* ids 1..nr_types; 0 is void */
	u32 *offs;		/* offs[id]: the type's offset in the type section */
};

static const struct btf_type *mms_btf_type(const struct mms_btf *btf, u32 id)
{
	if (!id || id > btf->nr_types)
		return NULL;
	return (const struct btf_type *)(btf->types + btf->offs[id]);
}

static const char *mms_btf_name(const struct mms_btf *btf, u32 off)
{
	return off < btf->strs_len ? btf->strs + off : "";
}

/* Bytes after struct btf_type for this kind, or -EPROTO for a kind we cannot step over. */
static int mms_btf_extra(const struct btf_type *t)
{
	u32 vlen = BTF_INFO_VLEN(t->info);

	switch (BTF_INFO_KIND(t->info)) {
	case BTF_KIND_INT:
		return sizeof(u32);
	case BTF_KIND_PTR:
	case BTF_KIND_FWD:
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_FUNC:
	case BTF_KIND_FLOAT:
	case BTF_KIND_TYPE_TAG:
		return 0;
	case BTF_KIND_ARRAY:
		return sizeof(struct btf_array);
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		return vlen * sizeof(struct btf_member);
	case BTF_KIND_ENUM:
		return vlen * sizeof(struct btf_enum);
	case BTF_KIND_FUNC_PROTO:
		return vlen * sizeof(struct btf_param);
	case BTF_KIND_VAR:
		return sizeof(struct btf_var);
	case BTF_KIND_DATASEC:
		return vlen * sizeof(struct btf_var_secinfo);
	case BTF_KIND_DECL_TAG:
		return sizeof(struct btf_decl_tag);
	case BTF_KIND_ENUM64:
		return vlen * sizeof(struct btf_enum64);
	default:
		return -EPROTO;
	}
}

/* Check the header and sections; count the types and index them by id. */
static int mms_btf_index(struct mms_btf *btf, char *why, size_t len)
{
	const struct btf_header *hdr = btf->data;
	u32 off, n, pass;

	if (btf->size < offsetofend(struct btf_header, str_len) || hdr->magic != BTF_MAGIC ||
	    hdr->version != BTF_VERSION) {
		scnprintf(why, len, "not BTF (bad magic or version)");
		return -EPROTO;
	}
	if (hdr->hdr_len < offsetofend(struct btf_header, str_len) ||
	    hdr->hdr_len > btf->size ||
	    (u64)hdr->type_off + hdr->type_len > btf->size - hdr->hdr_len ||
	    (u64)hdr->str_off + hdr->str_len > btf->size - hdr->hdr_len ||
	    hdr->type_off % 4 || !hdr->str_len) {
		scnprintf(why, len, "bad BTF header");
		return -EPROTO;
	}
	btf->types = btf->data + hdr->hdr_len + hdr->type_off;
	btf->types_len = hdr->type_len;
	btf->strs = btf->data + hdr->hdr_len + hdr->str_off;
	btf->strs_len = hdr->str_len;
	if (btf->strs[btf->strs_len - 1]) {
		scnprintf(why, len, "BTF string section is not terminated");
		return -EPROTO;
	}

	/* Pass 0 counts the types, pass 1 records where each one starts. */
	for (pass = 0; pass < 2; pass++) {
		for (off = 0, n = 0; off < btf->types_len; n++) {
			const struct btf_type *t = (const void *)(btf->types + off);
			int extra;

			if (btf->types_len - off < sizeof(*t)) {
				scnprintf(why, len, "BTF type %u is truncated", n + 1);
				return -EPROTO;
			}
			extra = mms_btf_extra(t);
			if (extra < 0) {
				scnprintf(why, len, "BTF type %u has kind %u, unknown here",
					  n + 1, BTF_INFO_KIND(t->info));
				return -EPROTO;
			}
			if (btf->types_len - off - sizeof(*t) < (u32)extra) {
				scnprintf(why, len, "BTF type %u is truncated", n + 1);
				return -EPROTO;
			}
			if (pass)
				btf->offs[n + 1] = off;
			off += sizeof(*t) + extra;
		}
		if (!pass) {
			btf->nr_types = n;
			btf->offs = kvmalloc_array(n + 1, sizeof(*btf->offs), GFP_KERNEL);
			if (!btf->offs) {
				scnprintf(why, len, "no memory to index %u BTF types", n);
				return -ENOMEM;
			}
		}
	}
	return 0;
}

/*
 * The whole file into a vmalloc buffer. Not kernel_read_file(): its LSM hook is meant for
 * firmware, modules and policies, and IPE warns about any other use.
 */
static ssize_t mms_btf_read(const char *path, void **bufp, char *why, size_t len)
{
	struct file *file;
	loff_t size, pos = 0;
	void *buf = NULL;
	ssize_t ret;

	file = filp_open(path, O_RDONLY, 0);
	if (IS_ERR(file)) {
		scnprintf(why, len, "cannot open %s: error %ld", path, PTR_ERR(file));
		return PTR_ERR(file);
	}
	size = i_size_read(file_inode(file));
	ret = -EFBIG;
	if (size <= 0 || size > MMS_BTF_MAX_SIZE) {
		scnprintf(why, len, "%s: %lld bytes is no vmlinux BTF", path, size);
		goto out;
	}
	ret = -ENOMEM;
	buf = vmalloc(size);
	if (!buf) {
		scnprintf(why, len, "no memory for %lld bytes of BTF", size);
		goto out;
	}
	while (pos < size) {
		ret = kernel_read(file, buf + pos, size - pos, &pos);
		if (ret <= 0) {
			scnprintf(why, len, "cannot read %s: error %zd", path, ret);
			ret = ret ?: -EIO;
			goto out;
		}
	}
	ret = size;
out:
	filp_close(file, NULL);
	if (ret < 0)
		vfree(buf);
	else
		*bufp = buf;
	return ret;
}

int mms_btf_load(const char *path, struct mms_btf **btfp, char *why, size_t len)
{
	struct mms_btf *btf;
	void *data = NULL;
	ssize_t ret;
	int err;

	*btfp = NULL;
	ret = mms_btf_read(path, &data, why, len);
	if (ret < 0)
		return ret;
	btf = kzalloc(sizeof(*btf), GFP_KERNEL);
	if (!btf) {
		vfree(data);
		scnprintf(why, len, "no memory");
		return -ENOMEM;
	}
	btf->data = data;
	btf->size = ret;
	err = mms_btf_index(btf, why, len);
	if (err) {
		mms_btf_free(btf);
		return err;
	}
	*btfp = btf;
	return 0;
}

void mms_btf_free(struct mms_btf *btf)
{
	if (!btf)
		return;
	kvfree(btf->offs);
	vfree(btf->data);
	kfree(btf);
}

/* Follow typedefs and qualifiers to the type they name; 0 (void) when there is none. */
static u32 mms_btf_strip(const struct mms_btf *btf, u32 id)
{
	int depth;

	for (depth = 0; depth < MMS_BTF_MAX_DEPTH; depth++) {
		const struct btf_type *t = mms_btf_type(btf, id);

		if (!t)
			return 0;
		switch (BTF_INFO_KIND(t->info)) {
		case BTF_KIND_TYPEDEF:
		case BTF_KIND_VOLATILE:
		case BTF_KIND_CONST:
		case BTF_KIND_RESTRICT:
		case BTF_KIND_TYPE_TAG:
			id = t->type;
			break;
		default:
			return id;
		}
	}
	return 0;
}

static u32 __mms_btf_size(const struct mms_btf *btf, u32 id, int depth)
{
	const struct btf_type *t = mms_btf_type(btf, mms_btf_strip(btf, id));
	const struct btf_array *a;

	if (!t || depth > MMS_BTF_MAX_DEPTH)
		return 0;
	switch (BTF_INFO_KIND(t->info)) {
	case BTF_KIND_INT:
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
	case BTF_KIND_FLOAT:
		return t->size;
	case BTF_KIND_PTR:
		return sizeof(void *);
	case BTF_KIND_ARRAY:
		a = (const void *)(t + 1);
		return a->nelems * __mms_btf_size(btf, a->type, depth + 1);
	default:
		return 0;
	}
}

u32 mms_btf_size(const struct mms_btf *btf, u32 id)
{
	return __mms_btf_size(btf, id, 0);
}

int mms_btf_find_struct(const struct mms_btf *btf, const char *name)
{
	int found = -ENOENT;
	u32 id;

	for (id = 1; id <= btf->nr_types; id++) {
		const struct btf_type *t = mms_btf_type(btf, id);
		u32 kind = BTF_INFO_KIND(t->info);

		if ((kind != BTF_KIND_STRUCT && kind != BTF_KIND_UNION) ||
		    strcmp(mms_btf_name(btf, t->name_off), name))
			continue;
		/* Two different layouts under one name: we cannot tell which is meant. */
		if (found > 0 && mms_btf_size(btf, found) != t->size)
			return -ENOTUNIQ;
		if (found < 0)
			found = id;
	}
	return found;
}

static int __mms_btf_member(const struct mms_btf *btf, u32 sid, const char *name,
			    u32 base, int depth, struct mms_btf_member *m)
{
	const struct btf_type *t = mms_btf_type(btf, sid);
	const struct btf_member *mem;
	bool kflag;
	u32 i, kind;

	if (!t || depth > MMS_BTF_MAX_DEPTH)
		return -ENOENT;
	kind = BTF_INFO_KIND(t->info);
	if (kind != BTF_KIND_STRUCT && kind != BTF_KIND_UNION)
		return -ENOENT;
	kflag = BTF_INFO_KFLAG(t->info);
	mem = (const void *)(t + 1);
	for (i = 0; i < BTF_INFO_VLEN(t->info); i++, mem++) {
		u32 bits = kflag ? BTF_MEMBER_BITFIELD_SIZE(mem->offset) : 0;
		u32 boff = kflag ? BTF_MEMBER_BIT_OFFSET(mem->offset) : mem->offset;
		u32 tid = mms_btf_strip(btf, mem->type);
		const struct btf_type *mt = mms_btf_type(btf, tid);

		if (!mt)
			continue;
		if (!*mms_btf_name(btf, mem->name_off)) {
			/* an anonymous struct or union: its members are ours */
			if (!__mms_btf_member(btf, tid, name, base + boff, depth + 1, m))
				return 0;
			continue;
		}
		if (strcmp(mms_btf_name(btf, mem->name_off), name))
			continue;
		m->bit_offset = base + boff;
		m->bitfield_size = bits;
		m->type_id = tid;
		m->kind = BTF_INFO_KIND(mt->info);
		m->size = mms_btf_size(btf, tid);
		/* Old encoding: the bitfield is described by the int type itself. */
		if (!kflag && m->kind == BTF_KIND_INT) {
			u32 enc = *(const u32 *)(mt + 1);

			if (BTF_INT_BITS(enc) != m->size * BITS_PER_BYTE) {
				m->bitfield_size = BTF_INT_BITS(enc);
				m->bit_offset += BTF_INT_OFFSET(enc);
			}
		}
		return 0;
	}
	return -ENOENT;
}

int mms_btf_member(const struct mms_btf *btf, u32 sid, const char *member,
		   struct mms_btf_member *m)
{
	return __mms_btf_member(btf, sid, member, 0, 0, m);
}

int mms_btf_array(const struct mms_btf *btf, u32 id, u32 *elem_id, u32 *nelems)
{
	const struct btf_type *t = mms_btf_type(btf, mms_btf_strip(btf, id));
	const struct btf_array *a;

	if (!t || BTF_INFO_KIND(t->info) != BTF_KIND_ARRAY)
		return -EINVAL;
	a = (const void *)(t + 1);
	*elem_id = mms_btf_strip(btf, a->type);
	*nelems = a->nelems;
	return 0;
}
