// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * The one place that reaches past the kernel's exports, at load time only:
 *
 * - Symbols: data only (slab_caches, slab_mutex; the overcommit sysctls, total_swap_pages,
 *   hstates and hugetlb_max_hstate), looked up by register_kprobe() on the
 *   symbol's name, which the kernel refuses to arm on data (docs/resolve.md says why this
 *   is safe). Each address is checked against kallsyms' own idea of the symbol (name,
 *   start, size). No resolved address is ever called.
 * - Layouts: struct kmem_cache, kmem_cache_node and slab are private to mm/ on the kernels
 *   we run on, so their members are looked up by name in the running kernel's BTF, with
 *   the size each one must have. Nothing is copied from a kernel version's headers.
 *
 * Whatever cannot be found switches its feature off with a reason; the rest of the module
 * works as before.
 */
#include <linux/kallsyms.h>
#include <linux/hugetlb.h>
#include <linux/kernel.h>
#include <linux/kprobes.h>
#include <linux/list.h>
#include <linux/mm_types.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/nodemask.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <uapi/linux/btf.h>

#include "btf.h"
#include "resolve.h"

static char *btf_path = "/sys/kernel/btf/vmlinux";
module_param(btf_path, charp, 0444);
MODULE_PARM_DESC(btf_path,
		 "BTF of the running kernel (default /sys/kernel/btf/vmlinux); an unreadable path switches the slab view off, for tests");

#define MMS_REASON_LEN	192

struct mms_feature_state {
	const char *name;
	const char *what;	/* for the report */
	bool off;
	char reason[MMS_REASON_LEN];
};

static struct mms_feature_state mms_features[MMS_NR_FEATURES] __ro_after_init = {
	[MMS_FEAT_SLAB] = { .name = "slab", .what = "slab view" },
	[MMS_FEAT_COMMIT] = { .name = "commit", .what = "commit limit and swap total" },
};

struct mms_slab_layout mms_slab_layout __ro_after_init;
struct mms_commit_syms mms_commit_syms __ro_after_init;

static __printf(2, 0) void mms_feature_vdisable(enum mms_feature f, const char *fmt,
						 va_list ap)
{
	struct mms_feature_state *fs = &mms_features[f];
	int n;

	if (fs->off)
		return;		/* the first reason is the one to fix */
	fs->off = true;
	n = scnprintf(fs->reason, sizeof(fs->reason), "%s unavailable: ", fs->what);
	vscnprintf(fs->reason + n, sizeof(fs->reason) - n, fmt, ap);
}

void mms_feature_disable(enum mms_feature f, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	mms_feature_vdisable(f, fmt, ap);
	va_end(ap);
}

const char *mms_feature_name(enum mms_feature f)
{
	return mms_features[f].name;
}

const char *mms_feature_off(enum mms_feature f)
{
	return mms_features[f].off ? mms_features[f].reason : NULL;
}

void mms_features_report(void)
{
	unsigned int f;

	for (f = 0; f < MMS_NR_FEATURES; f++) {
		if (mms_features[f].off)
			pr_info("%s\n", mms_features[f].reason);
		else
			pr_info("%s: on\n", mms_features[f].what);
	}
}

/* ---- symbols --------------------------------------------------------------------------- */

/*
 * Where addr falls according to kallsyms: "name+0xoff/0xsize". 0 with *off and *size
 * filled when the symbol there is called name, else -ENOENT.
 */
static int mms_sym_at(unsigned long addr, const char *name, unsigned long *off,
		      unsigned long *size)
{
	char buf[KSYM_SYMBOL_LEN], *plus;
	size_t len = strlen(name);

	sprint_symbol(buf, addr);
	plus = buf + len;
	if (strncmp(buf, name, len) || *plus != '+' ||
	    sscanf(plus, "+%lx/%lx", off, size) != 2)
		return -ENOENT;
	return 0;
}

/*
 * The address of a data symbol, found without calling anything the kernel does not
 * export. register_kprobe() looks symbol_name up itself, by a direct call inside the
 * kernel, and stores the result in kp.addr before check_kprobe_address_safe() refuses
 * an address outside kernel text (-EINVAL): for a data symbol no probe is ever armed,
 * and the address is only dereferenced as data, never called. A symbol that turns out
 * to be code is refused: nothing in mmscope may call through a resolved address, since
 * with IBT an unexported function's ENDBR is sealed and such a call is fatal.
 */
static void *mms_find_data(const char *name, size_t min_size, char *why, size_t len)
{
	struct kprobe kp = { .symbol_name = name };
	unsigned long addr, off, size;
	int err;

	err = register_kprobe(&kp);
	if (!err) {
		unregister_kprobe(&kp);
		scnprintf(why, len, "symbol %s is code, not data", name);
		return NULL;
	}
	addr = (unsigned long)kp.addr;
	if (!addr) {
		scnprintf(why, len, "kprobes did not look %s up (error %d)", name, err);
		return NULL;
	}
	/* x86 moves a probe 4 bytes on when the first bytes look like an ENDBR64 */
	if (mms_sym_at(addr, name, &off, &size) || (off && off != 4) || off >= size) {
		scnprintf(why, len, "kprobes' address for %s is not that symbol", name);
		return NULL;
	}
	addr -= off;
	if (size < min_size) {
		scnprintf(why, len, "symbol %s is %lu bytes, not a %zu-byte object", name, size,
			  min_size);
		return NULL;
	}
	return (void *)addr;
}

static int mms_resolve_slab_symbols(char *why, size_t len)
{
	struct mms_slab_layout *l = &mms_slab_layout;

	/* slab.c checks the list itself, under the mutex, before the first use */
	l->caches = mms_find_data("slab_caches", sizeof(struct list_head), why, len);
	if (!l->caches)
		return -ENOENT;
	l->mutex = mms_find_data("slab_mutex", sizeof(struct mutex), why, len);
	if (!l->mutex)
		return -ENOENT;
	return 0;
}

static int mms_resolve_commit_symbols(char *why, size_t len)
{
	struct mms_commit_syms *c = &mms_commit_syms;

	c->overcommit_memory = mms_find_data("sysctl_overcommit_memory", sizeof(int), why, len);
	c->overcommit_ratio = mms_find_data("sysctl_overcommit_ratio", sizeof(int), why, len);
	c->overcommit_kbytes = mms_find_data("sysctl_overcommit_kbytes", sizeof(unsigned long),
					     why, len);
	c->total_swap_pages = mms_find_data("total_swap_pages", sizeof(long), why, len);
	if (!c->overcommit_memory || !c->overcommit_ratio || !c->overcommit_kbytes ||
	    !c->total_swap_pages)
		return -ENOENT;
#ifdef CONFIG_HUGETLB_PAGE
	c->hugetlb_max_hstate = mms_find_data("hugetlb_max_hstate", sizeof(int), why, len);
	c->hstates = mms_find_data("hstates", HUGE_MAX_HSTATE * sizeof(struct hstate), why, len);
	if (!c->hstates || !c->hugetlb_max_hstate)
		return -ENOENT;
#endif
	return 0;
}

/* ---- layouts --------------------------------------------------------------------------- */

struct mms_resolver {
	const struct mms_btf *btf;
	char *why;
	size_t len;
};

static int mms_struct(struct mms_resolver *r, const char *name, u32 *id)
{
	int ret = mms_btf_find_struct(r->btf, name);

	if (ret == -ENOTUNIQ) {
		scnprintf(r->why, r->len, "BTF has two different structs %s", name);
		return ret;
	}
	if (ret < 0) {
		scnprintf(r->why, r->len, "BTF has no struct %s", name);
		return ret;
	}
	*id = ret;
	return 0;
}

/* A member that must be there, whole bytes, of the given size (and kind, unless 0). */
static int mms_field(struct mms_resolver *r, u32 sid, const char *st, const char *member,
		     u32 kind, u32 size, u32 *off)
{
	struct mms_btf_member m;

	if (mms_btf_member(r->btf, sid, member, &m)) {
		scnprintf(r->why, r->len, "BTF: struct %s has no member %s", st, member);
		return -ENOENT;
	}
	if (m.bitfield_size || m.bit_offset % BITS_PER_BYTE) {
		scnprintf(r->why, r->len, "BTF: %s.%s is a bitfield", st, member);
		return -EINVAL;
	}
	if (m.size != size || (kind && m.kind != kind)) {
		scnprintf(r->why, r->len, "BTF: %s.%s is %u bytes of kind %u, expected %u bytes%s",
			  st, member, m.size, m.kind, size, kind ? " of another kind" : "");
		return -EINVAL;
	}
	*off = m.bit_offset / BITS_PER_BYTE;
	return 0;
}

/* An unsigned bitfield (or small integer) of at most 32 bits, within one aligned word. */
static int mms_bitfield(struct mms_resolver *r, u32 sid, const char *st, const char *member,
			struct mms_bitfield *bf)
{
	struct mms_btf_member m;
	u32 bits;

	if (mms_btf_member(r->btf, sid, member, &m)) {
		scnprintf(r->why, r->len, "BTF: struct %s has no member %s", st, member);
		return -ENOENT;
	}
	bits = m.bitfield_size ?: m.size * BITS_PER_BYTE;
	if (m.kind != BTF_KIND_INT || !bits || bits > 32 || m.bit_offset % 32 + bits > 32) {
		scnprintf(r->why, r->len, "BTF: %s.%s is not a bitfield within a 32-bit word",
			  st, member);
		return -EINVAL;
	}
	/* Bit numbers count from the least significant bit only on little-endian. */
	if (IS_ENABLED(CONFIG_CPU_BIG_ENDIAN)) {
		scnprintf(r->why, r->len, "bitfields are read on little-endian kernels only");
		return -EOPNOTSUPP;
	}
	bf->offset = m.bit_offset / 32 * 4;
	bf->shift = m.bit_offset % 32;
	bf->mask = bits == 32 ? U32_MAX : BIT(bits) - 1;
	return 0;
}

/* kmem_cache::node[], or kmem_cache::per_node[].node on newer kernels: whichever BTF has. */
static int mms_node_array(struct mms_resolver *r, u32 kc, struct mms_slab_layout *l)
{
	struct mms_btf_member m, pm;
	u32 elem, n, inner;

	if (!mms_btf_member(r->btf, kc, "node", &m) && m.kind == BTF_KIND_ARRAY &&
	    !mms_btf_array(r->btf, m.type_id, &elem, &n) &&
	    mms_btf_size(r->btf, elem) == sizeof(void *)) {
		l->kc_node_stride = sizeof(void *);
		inner = 0;
	} else if (!mms_btf_member(r->btf, kc, "per_node", &m) && m.kind == BTF_KIND_ARRAY &&
		   !mms_btf_array(r->btf, m.type_id, &elem, &n) &&
		   !mms_btf_member(r->btf, elem, "node", &pm) && pm.kind == BTF_KIND_PTR &&
		   !pm.bitfield_size && !(pm.bit_offset % BITS_PER_BYTE)) {
		l->kc_node_stride = mms_btf_size(r->btf, elem);
		inner = pm.bit_offset / BITS_PER_BYTE;
	} else {
		scnprintf(r->why, r->len,
			  "BTF: struct kmem_cache has neither node[] nor per_node[].node");
		return -ENOENT;
	}
	if (m.bit_offset % BITS_PER_BYTE || n < nr_node_ids || !l->kc_node_stride) {
		scnprintf(r->why, r->len, "BTF: kmem_cache's node array: %u entries, %u nodes",
			  n, nr_node_ids);
		return -EINVAL;
	}
	l->kc_node = m.bit_offset / BITS_PER_BYTE + inner;
	l->kc_node_count = n;
	return 0;
}

static int mms_resolve_slab_layout(struct mms_resolver *r)
{
	struct mms_slab_layout *l = &mms_slab_layout;
	u32 kc, kn, sl, oo, x = 0;
	int err;

	err = mms_struct(r, "kmem_cache", &kc) ?:
	      mms_field(r, kc, "kmem_cache", "name", BTF_KIND_PTR, sizeof(void *), &l->kc_name) ?:
	      mms_field(r, kc, "kmem_cache", "object_size", BTF_KIND_INT, sizeof(unsigned int),
			&l->kc_object_size) ?:
	      mms_field(r, kc, "kmem_cache", "size", BTF_KIND_INT, sizeof(unsigned int),
			&l->kc_size) ?:
	      mms_field(r, kc, "kmem_cache", "align", BTF_KIND_INT, sizeof(unsigned int),
			&l->kc_align) ?:
	      mms_field(r, kc, "kmem_cache", "flags", BTF_KIND_INT, sizeof(slab_flags_t),
			&l->kc_flags) ?:
	      mms_field(r, kc, "kmem_cache", "refcount", BTF_KIND_INT, sizeof(int),
			&l->kc_refcount) ?:
	      mms_field(r, kc, "kmem_cache", "list", BTF_KIND_STRUCT, sizeof(struct list_head),
			&l->kc_list) ?:
	      mms_field(r, kc, "kmem_cache", "oo", BTF_KIND_STRUCT, sizeof(u32), &l->kc_oo) ?:
	      mms_struct(r, "kmem_cache_order_objects", &oo) ?:
	      mms_field(r, oo, "kmem_cache_order_objects", "x", BTF_KIND_INT, sizeof(u32), &x) ?:
	      mms_node_array(r, kc, l);
	if (err)
		return err;
	if (x) {
		scnprintf(r->why, r->len, "BTF: kmem_cache_order_objects.x is not its first word");
		return -EINVAL;
	}

	err = mms_struct(r, "kmem_cache_node", &kn) ?:
	      mms_field(r, kn, "kmem_cache_node", "list_lock", BTF_KIND_STRUCT,
			sizeof(spinlock_t), &l->kn_list_lock) ?:
	      mms_field(r, kn, "kmem_cache_node", "nr_partial", BTF_KIND_INT,
			sizeof(unsigned long), &l->kn_nr_partial) ?:
	      mms_field(r, kn, "kmem_cache_node", "partial", BTF_KIND_STRUCT,
			sizeof(struct list_head), &l->kn_partial);
	if (err)
		return err;
	/* The counters /proc/slabinfo reads exist with CONFIG_SLUB_DEBUG only. */
	if (mms_field(r, kn, "kmem_cache_node", "nr_slabs", BTF_KIND_STRUCT,
		      sizeof(atomic_long_t), &l->kn_nr_slabs) ||
	    mms_field(r, kn, "kmem_cache_node", "total_objects", BTF_KIND_STRUCT,
		      sizeof(atomic_long_t), &l->kn_total_objects)) {
		strlcat(r->why, " (a kernel without CONFIG_SLUB_DEBUG?)", r->len);
		return -ENOENT;
	}
	l->kn_size = mms_btf_size(r->btf, kn);

	err = mms_struct(r, "slab", &sl) ?:
	      mms_field(r, sl, "slab", "slab_list", BTF_KIND_STRUCT, sizeof(struct list_head),
			&l->sl_slab_list) ?:
	      mms_bitfield(r, sl, "slab", "inuse", &l->sl_inuse) ?:
	      mms_bitfield(r, sl, "slab", "objects", &l->sl_objects);
	if (err)
		return err;
	/* struct slab overlays struct page: anything larger is not the allocator's slab. */
	if (mms_btf_size(r->btf, sl) > sizeof(struct page)) {
		scnprintf(r->why, r->len, "BTF: struct slab is %u bytes, struct page %zu",
			  mms_btf_size(r->btf, sl), sizeof(struct page));
		return -EINVAL;
	}
	return 0;
}

void mms_resolve_init(void)
{
	char why[MMS_REASON_LEN] = "";
	struct mms_resolver r = { .why = why, .len = sizeof(why) };
	struct mms_btf *btf;

	if (mms_resolve_commit_symbols(why, sizeof(why)))
		mms_feature_disable(MMS_FEAT_COMMIT, "symbols: %s", why);
	why[0] = '\0';
	if (mms_resolve_slab_symbols(why, sizeof(why))) {
		mms_feature_disable(MMS_FEAT_SLAB, "symbols: %s", why);
		return;
	}
	if (mms_btf_load(btf_path, &btf, why, sizeof(why))) {
		mms_feature_disable(MMS_FEAT_SLAB, "BTF: %s", why);
		return;
	}
	r.btf = btf;
	if (mms_resolve_slab_layout(&r))
		mms_feature_disable(MMS_FEAT_SLAB, "%s", why);
	mms_btf_free(btf);
}
