/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * The generic netlink renderer's core: the family, and the helpers every operation file
 * (nl-zones.c, nl-slab.c, nl-proc.c, nl-stats.c) shares. Nothing here knows a domain.
 */
#ifndef _MMSCOPE_NETLINK_H
#define _MMSCOPE_NETLINK_H

#include <linux/netlink.h>
#include <net/netlink.h>

int mms_nl_init(void);
void mms_nl_exit(void);

extern struct genl_family mmscope_nl_family;

/*
 * Every privileged reply carries page frame numbers or kernel layouts: CAP_SYS_ADMIN, on
 * top of the CAP_NET_ADMIN that GENL_ADMIN_PERM asks for, both against the initial user
 * namespace.
 */
#define MMS_MSG_PRIV KBUILD_MODNAME ": CAP_SYS_ADMIN is required: replies carry page frame numbers"
int mms_nl_check_priv(const struct sk_buff *skb, struct netlink_ext_ack *extack);
/*
 * May this caller see frames, physical addresses, swap offsets and raw page-table entries?
 * CAP_SYS_ADMIN and a kernel not locked down (LOCKDOWN_DEBUGFS, as debugfs asks). The
 * process operations ask this and leave all of those out when it says no.
 */
bool mms_nl_sees_frames(const struct sk_buff *skb);

/*
 * The one way to put a u64 attribute: set is the attribute set's name (ZONE, VMA, ...),
 * whose pad attribute keeps the value aligned; attr the attribute's name in that set
 * (mms_put_u64(skb, ZONE, FREE, v) puts MMSCOPE_A_ZONE_FREE). mms_put_u64_type() takes
 * the attribute's number instead, for attributes chosen from a table.
 */
#define mms_put_u64_type(skb, set, type, v) \
	nla_put_u64_64bit(skb, type, v, MMSCOPE_A_##set##_PAD)
#define mms_put_u64(skb, set, attr, v) \
	mms_put_u64_type(skb, set, MMSCOPE_A_##set##_##attr, v)

/*
 * Dump state: allocated by a dump's start callback (first member struct mms_dump_hdr),
 * kept in cb->args[0] and freed by mmscope_nl_dump_done().
 */
struct mms_dump_hdr {
	int err;		/* a start failure reported by the first dumpit call */
	const char *msg;
};

/*
 * Set an extack message that is not a literal at the call site (NL_SET_ERR_MSG() wants
 * one): msg must outlive the request, a string of the module's own.
 */
void mms_nl_set_msg(struct netlink_ext_ack *extack, const char *msg);

/* Zeroed, charged to the caller's memory cgroup, counted in stats.h's live counters. */
void *mms_dump_alloc(struct netlink_callback *cb, size_t size);
/*
 * Fail a dump from its start callback with an extack message (a string literal). Kernels
 * whose start callbacks have no extack get the error from the first dumpit call instead.
 */
#define mms_dump_defer(cb, err, msg) ({				\
	static const char __mms_msg[] = msg;				\
	__mms_dump_defer(cb, err, __mms_msg);				\
})
int __mms_dump_defer(struct netlink_callback *cb, int err, const char *msg);
/* The state for a dumpit call, or NULL with *err set (a deferred start failure). */
void *mms_dump_state(struct netlink_callback *cb, int *err);
/* Start a multipart message of a dump: NULL when the skb is full. */
void *mms_dump_msg_start(struct sk_buff *skb, struct netlink_callback *cb, u8 cmd);

#endif /* _MMSCOPE_NETLINK_H */
