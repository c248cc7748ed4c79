/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright (C) 2026 The mmscope authors.
 */
#ifndef _MMSCOPE_NETLINK_H
#define _MMSCOPE_NETLINK_H

#include <linux/netlink.h>

int mms_nl_init(void);
void mms_nl_exit(void);

extern struct genl_family mmscope_nl_family;

/*
 * Every reply carries page frame numbers or kernel layouts: CAP_SYS_ADMIN, on top of the
 * CAP_NET_ADMIN that GENL_ADMIN_PERM asks for, both against the initial user namespace.
 */
#define MMS_MSG_PRIV KBUILD_MODNAME ": CAP_SYS_ADMIN is required: replies carry page frame numbers"
int mms_nl_check_priv(const struct sk_buff *skb, struct netlink_ext_ack *extack);

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

void *mms_dump_alloc(struct netlink_callback *cb, size_t size);
/* How many dump states are allocated now (a leak check for the tests). */
int mms_nl_live_dump_states(void);
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

#endif /* _MMSCOPE_NETLINK_H */
