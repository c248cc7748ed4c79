// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * The generic netlink renderer's core: the family and what every operation shares (the
 * privilege check, dump state, extack messages). The ops table and policies are generated
 * from uapi/mmscope.yaml (netlink-gen.c); the handlers are in nl-<domain>.c.
 *
 * The family runs with parallel_ops: no handler relies on genl_mutex. Dump state is per
 * dump (cb->args[0]), the counters in stats.c are atomics, the walkers take their own
 * locks, and nothing else here is written after init. See docs/architecture.md.
 */
#include <linux/capability.h>
#include <linux/security.h>
#include <linux/slab.h>
#include <net/genetlink.h>

#include "netlink-gen.h"
#include "netlink.h"
#include "stats.h"

int mms_nl_check_priv(const struct sk_buff *skb, struct netlink_ext_ack *extack)
{
	if (netlink_capable(skb, CAP_SYS_ADMIN))
		return 0;
	NL_SET_ERR_MSG(extack, MMS_MSG_PRIV);
	return -EPERM;
}

/*
 * Under lockdown debugfs refuses mmscope's target file (LOCKDOWN_DEBUGFS), so its process
 * views show no frames then; the netlink process views drop them for the same reason.
 */
bool mms_nl_sees_frames(const struct sk_buff *skb)
{
	return netlink_capable(skb, CAP_SYS_ADMIN) && !security_locked_down(LOCKDOWN_DEBUGFS);
}

void *mms_dump_alloc(struct netlink_callback *cb, size_t size)
{
	void *state = kzalloc(size, GFP_KERNEL_ACCOUNT);

	if (state)
		mms_live_inc(MMS_LIVE_DUMP_STATES);
	cb->args[0] = (unsigned long)state;
	return state;
}

/* Free the dump state in cb->args[0], if any. */
static void mms_dump_free(struct netlink_callback *cb)
{
	void *state = (void *)cb->args[0];

	if (state)
		mms_live_dec(MMS_LIVE_DUMP_STATES);
	kfree(state);
	cb->args[0] = 0;
}

void mms_nl_set_msg(struct netlink_ext_ack *extack, const char *msg)
{
	if (extack)
		extack->_msg = msg;
}

int __mms_dump_defer(struct netlink_callback *cb, int err, const char *msg)
{
	struct mms_dump_hdr *hdr = (void *)cb->args[0];

	mms_nl_set_msg(cb->extack, msg);
	if (MMS_DUMP_START_HAS_EXTACK || !hdr) {
		mms_dump_free(cb);
		return err;
	}
	/* Reported by the first dumpit call, in the NLMSG_DONE that ends the dump. */
	hdr->err = err;
	hdr->msg = msg;
	return 0;
}

void *mms_dump_state(struct netlink_callback *cb, int *err)
{
	struct mms_dump_hdr *hdr = (void *)cb->args[0];

	*err = 0;
	if (hdr && hdr->err) {
		mms_nl_set_msg(cb->extack, hdr->msg);
		*err = hdr->err;
		return NULL;
	}
	return hdr;
}

void *mms_dump_msg_start(struct sk_buff *skb, struct netlink_callback *cb, u8 cmd)
{
	return genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			   &mmscope_nl_family, NLM_F_MULTI, cmd);
}

int mmscope_nl_dump_done(struct netlink_callback *cb)
{
	mms_dump_free(cb);
	return 0;
}

struct genl_family mmscope_nl_family __ro_after_init = {
	.name		= MMSCOPE_FAMILY_NAME,
	.version	= MMSCOPE_FAMILY_VERSION,
	.module		= THIS_MODULE,
	.resv_start_op	= MMSCOPE_CMD_MAX + 1,
	.parallel_ops	= true,
};

int mms_nl_init(void)
{
	return mms_genl_register_family(&mmscope_nl_family, mmscope_nl_ops,
					ARRAY_SIZE(mmscope_nl_ops));
}

void mms_nl_exit(void)
{
	mms_genl_unregister_family(&mmscope_nl_family);
}
