// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * The handle and the request runner: one generic netlink socket (libnl-genl-3), requests
 * sent and their replies received with our own callbacks, so that the kernel's error and
 * extended ack message are caught wherever they come: in NLMSG_ERROR, or in the NLMSG_DONE
 * that ends a dump (libnl's default handling drops the latter).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/netlink.h>
#include <netlink/attr.h>
#include <netlink/errno.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/handlers.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>

#include <linux/mmscope.h>

#include "nl-internal.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK	270
#endif

/* Read buffer: what the netlink docs recommend, and what the kernel sizes dumps to. */
#define MMC_RCVBUF	(32 * 1024)
#define MMC_MSG_LEN	256

struct mmc_nl {
	struct nl_sock *sk;
	int family;
	int error;			/* the last request's result */
	char errmsg[MMC_MSG_LEN];	/* its message, "" for none */
};

/* One request's state while its replies come in. */
struct mmc_rx {
	struct mmc_nl *nl;
	const struct mmc_req *req;
	uint32_t seq;
	unsigned long nr_msgs;		/* messages seen, ours or not */
	bool done;			/* NLMSG_DONE, the ack, or an error seen */
	bool intr;			/* NLM_F_DUMP_INTR seen */
	int kerr;			/* the kernel's error */
	int perr;			/* the first decode error */
	char kmsg[MMC_MSG_LEN];		/* the kernel's extack message */
	char pmsg[MMC_MSG_LEN];		/* the decode error's description */
};

int mmc_why(char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;

	if (why && whylen) {
		va_start(ap, fmt);
		vsnprintf(why, whylen, fmt, ap);
		va_end(ap);
	}
	return -EPROTO;
}

/* libnl's NLE_* codes, as the errno a caller can act on. */
static int mmc_nle_errno(int nle)
{
	switch (nle < 0 ? -nle : nle) {
	case NLE_SUCCESS:		return 0;
	case NLE_INTR:			return -EINTR;
	case NLE_BAD_SOCK:		return -EBADF;
	case NLE_AGAIN:			return -EAGAIN;
	case NLE_NOMEM:			return -ENOMEM;
	case NLE_EXIST:			return -EEXIST;
	case NLE_INVAL:			return -EINVAL;
	case NLE_RANGE:			return -ERANGE;
	case NLE_MSGSIZE:		return -EMSGSIZE;
	case NLE_OPNOTSUPP:		return -EOPNOTSUPP;
	case NLE_AF_NOSUPPORT:		return -EAFNOSUPPORT;
	case NLE_OBJ_NOTFOUND:		return -ENOENT;
	case NLE_MSG_OVERFLOW:		return -ENOBUFS;
	case NLE_MSG_TRUNC:		return -EMSGSIZE;
	case NLE_NOADDR:		return -EADDRNOTAVAIL;
	case NLE_MSGTYPE_NOSUPPORT:	return -EOPNOTSUPP;
	case NLE_BUSY:			return -EBUSY;
	case NLE_PROTO_MISMATCH:	return -EPROTONOSUPPORT;
	case NLE_NOACCESS:		return -EACCES;
	case NLE_PERM:			return -EPERM;
	case NLE_NODEV:			return -ENODEV;
	case NLE_DUMP_INTR:		return -EAGAIN;
	case NLE_NOATTR:
	case NLE_MISSING_ATTR:
	case NLE_AF_MISMATCH:
	case NLE_SEQ_MISMATCH:
	case NLE_MSG_TOOSHORT:
	case NLE_PARSE_ERR:
	case NLE_ATTRSIZE:		return -EPROTO;
	default:			return -EIO;
	}
}

static void mmc_nl_set_result(struct mmc_nl *nl, int err, const char *msg)
{
	nl->error = err;
	snprintf(nl->errmsg, sizeof(nl->errmsg), "%s", err && msg ? msg : "");
}

int mmc_nl_fail(struct mmc_nl *nl, int err, const char *fmt, ...)
{
	va_list ap;

	nl->error = err;
	va_start(ap, fmt);
	vsnprintf(nl->errmsg, sizeof(nl->errmsg), fmt, ap);
	va_end(ap);
	return err;
}

/* A libnl failure: its own description stands in for the kernel's message. */
static int mmc_nl_libnl_error(struct mmc_nl *nl, const char *what, int nle)
{
	char msg[MMC_MSG_LEN];

	snprintf(msg, sizeof(msg), "%s: %s", what, nl_geterror(nle));
	mmc_nl_set_result(nl, mmc_nle_errno(nle) ?: -EIO, msg);
	return nl->error;
}

int mmc_nl_open(struct mmc_nl **nlp)
{
	struct mmc_nl *nl;
	int one = 1, err;

	*nlp = NULL;
	nl = calloc(1, sizeof(*nl));
	if (!nl)
		return -ENOMEM;
	nl->sk = nl_socket_alloc();
	if (!nl->sk) {
		err = -ENOMEM;
		goto fail;
	}
	err = genl_connect(nl->sk);
	if (err < 0) {
		err = mmc_nle_errno(err);
		goto fail;
	}
	/* Best effort: a kernel without extended acks still sends the errno. */
	setsockopt(nl_socket_get_fd(nl->sk), SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	/* Read with a 32 KiB buffer, peeking first so that a bigger message still fits. */
	nl_socket_set_msg_buf_size(nl->sk, MMC_RCVBUF);
	nl_socket_enable_msg_peek(nl->sk);

	/* The controller lookup runs with libnl's defaults (auto-ack on). */
	err = genl_ctrl_resolve(nl->sk, MMSCOPE_FAMILY_NAME);
	if (err < 0) {
		err = err == -NLE_OBJ_NOTFOUND ? -ENOENT : mmc_nle_errno(err);
		goto fail;
	}
	nl->family = err;
	/* From here on, mmc_nl_run asks for acks itself and checks sequence numbers. */
	nl_socket_disable_auto_ack(nl->sk);
	*nlp = nl;
	return 0;

fail:
	mmc_nl_close(nl);
	return err;
}

void mmc_nl_close(struct mmc_nl *nl)
{
	if (!nl)
		return;
	nl_socket_free(nl->sk);
	free(nl);
}

const char *mmc_nl_errmsg(const struct mmc_nl *nl)
{
	return nl && nl->errmsg[0] ? nl->errmsg : NULL;
}

int mmc_nl_error(const struct mmc_nl *nl)
{
	return nl ? nl->error : -EINVAL;
}

struct nl_sock *mmc_nl_sock(struct mmc_nl *nl)
{
	return nl->sk;
}

int mmc_nl_family(const struct mmc_nl *nl)
{
	return nl->family;
}

/*
 * The extended ack TLVs that follow an NLMSG_ERROR's nlmsgerr or an NLMSG_DONE's error:
 * keep the message, or say which attribute was missing when that is all there is.
 */
static void mmc_rx_ext_ack(struct mmc_rx *rx, const void *tlvs, int len)
{
	const struct nlattr *a;
	bool has_miss = false;
	uint32_t miss = 0;
	int rem;

	for (a = tlvs, rem = len; nla_ok(a, rem); a = nla_next(a, &rem)) {
		switch (nla_type(a)) {
		case NLMSGERR_ATTR_MSG:
			if (nla_len(a) > 0)
				snprintf(rx->kmsg, sizeof(rx->kmsg), "%.*s",
					 (int)strnlen(nla_data(a), nla_len(a)),
					 (const char *)nla_data(a));
			break;
#ifdef NLMSGERR_ATTR_MISS_TYPE
		case NLMSGERR_ATTR_MISS_TYPE:
			if (nla_len(a) == sizeof(uint32_t)) {
				memcpy(&miss, nla_data(a), sizeof(miss));
				has_miss = true;
			}
			break;
#endif
		default:
			break;
		}
	}
	if (!rx->kmsg[0] && has_miss)
		snprintf(rx->kmsg, sizeof(rx->kmsg), "missing attribute %u", miss);
}

/* Every message: drop what does not answer this request (a stale reply, say). */
static int mmc_rx_seq(struct nl_msg *msg, void *arg)
{
	struct mmc_rx *rx = arg;

	rx->nr_msgs++;
	return nlmsg_hdr(msg)->nlmsg_seq == rx->seq ? NL_OK : NL_SKIP;
}

/* NLM_F_DUMP_INTR: note it, keep reading to the end, then start over. */
static int mmc_rx_intr(struct nl_msg *msg, void *arg)
{
	struct mmc_rx *rx = arg;

	(void)msg;
	rx->intr = true;
	return NL_OK;
}

static int mmc_rx_valid(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct mmc_rx *rx = arg;
	struct genlmsghdr *gnlh;
	int err, plen;

	if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
		rx->intr = true;
	/* After a decode error or a streamed dump's interruption, only drain the rest. */
	if (rx->perr || (rx->intr && rx->req->stream) || nlh->nlmsg_type != rx->nl->family)
		return NL_OK;
	if (!genlmsg_valid_hdr(nlh, 0)) {
		rx->perr = mmc_why(rx->pmsg, sizeof(rx->pmsg),
				   "malformed reply: %u bytes, too short for a genetlink header",
				   nlh->nlmsg_len);
		return NL_OK;
	}
	gnlh = nlmsg_data(nlh);
	if (gnlh->cmd != rx->req->cmd)
		return NL_OK;
	/* The decoder's description goes after the prefix. */
	plen = snprintf(rx->pmsg, sizeof(rx->pmsg), "malformed reply: ");
	err = rx->req->parse(genlmsg_attrdata(gnlh, 0), genlmsg_attrlen(gnlh, 0),
			     rx->req->arg, rx->pmsg + plen, sizeof(rx->pmsg) - plen);
	if (err) {
		rx->perr = err;
		if (err != -EPROTO)
			rx->pmsg[0] = '\0';
	}
	return NL_OK;
}

/* NLMSG_DONE: the dump's end, carrying its error and extack when it failed. */
static int mmc_rx_done(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct mmc_rx *rx = arg;
	int len = nlmsg_datalen(nlh), error;

	if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
		rx->intr = true;
	rx->done = true;
	if (len < (int)sizeof(error))
		return NL_STOP;
	memcpy(&error, nlmsg_data(nlh), sizeof(error));
	if (error < 0)
		rx->kerr = error;
	if (nlh->nlmsg_flags & NLM_F_ACK_TLVS)
		mmc_rx_ext_ack(rx, (const char *)nlmsg_data(nlh) + NLMSG_ALIGN(sizeof(error)),
			       len - (int)NLMSG_ALIGN(sizeof(error)));
	return NL_STOP;
}

/* NLMSG_ERROR with an error: the request echoed first unless NLM_F_CAPPED, then TLVs. */
static int mmc_rx_error(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	const struct nlmsghdr *nlh = (const void *)((const char *)e - NLMSG_HDRLEN);
	int len = (int)nlh->nlmsg_len - NLMSG_HDRLEN, off;
	struct mmc_rx *rx = arg;

	(void)nla;
	rx->done = true;
	rx->kerr = e->error < 0 ? e->error : -EPROTO;
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return NL_STOP;
	if (nlh->nlmsg_flags & NLM_F_CAPPED)
		off = NLMSG_ALIGN(sizeof(*e));
	else
		off = NLMSG_ALIGN(sizeof(e->error) + e->msg.nlmsg_len);
	if (e->msg.nlmsg_len < NLMSG_HDRLEN || off > len)
		return NL_STOP;
	mmc_rx_ext_ack(rx, (const char *)e + off, len - off);
	return NL_STOP;
}

/* NLMSG_ERROR with error 0: a do request's ack. */
static int mmc_rx_ack(struct nl_msg *msg, void *arg)
{
	struct mmc_rx *rx = arg;

	(void)msg;
	rx->done = true;
	return NL_STOP;
}

static int mmc_rx_overrun(struct nl_msg *msg, void *arg)
{
	struct mmc_rx *rx = arg;

	(void)msg;
	rx->done = true;
	rx->kerr = -ENOBUFS;
	return NL_STOP;
}

static struct nl_cb *mmc_rx_callbacks(struct mmc_rx *rx)
{
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);

	if (!cb)
		return NULL;
	nl_cb_set(cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, mmc_rx_seq, rx);
	nl_cb_set(cb, NL_CB_DUMP_INTR, NL_CB_CUSTOM, mmc_rx_intr, rx);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, mmc_rx_valid, rx);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, mmc_rx_done, rx);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, mmc_rx_ack, rx);
	nl_cb_set(cb, NL_CB_OVERRUN, NL_CB_CUSTOM, mmc_rx_overrun, rx);
	nl_cb_err(cb, NL_CB_CUSTOM, mmc_rx_error, rx);
	return cb;
}

/* One attempt: send, then read up to the end. 0 or a libnl failure's -errno. */
static int mmc_nl_once(struct mmc_nl *nl, const struct mmc_req *req, struct mmc_rx *rx)
{
	int flags = req->dump ? NLM_F_DUMP : NLM_F_ACK;
	struct nl_cb *cb = NULL;
	struct nl_msg *msg;
	int err;

	msg = nlmsg_alloc();
	if (!msg)
		return mmc_nl_libnl_error(nl, "building the request", -NLE_NOMEM);
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, nl->family, 0, flags, req->cmd,
			 MMSCOPE_FAMILY_VERSION)) {
		err = mmc_nl_libnl_error(nl, "building the request", -NLE_NOMEM);
		goto out;
	}
	if (req->put) {
		err = req->put(msg, req->arg);
		if (err) {
			mmc_nl_set_result(nl, err, "building the request: attributes do not fit");
			goto out;
		}
	}
	cb = mmc_rx_callbacks(rx);
	if (!cb) {
		err = mmc_nl_libnl_error(nl, "setting up callbacks", -NLE_NOMEM);
		goto out;
	}
	err = nl_send_auto(nl->sk, msg);
	if (err < 0) {
		err = mmc_nl_libnl_error(nl, "sending the request", err);
		goto out;
	}
	rx->seq = nlmsg_hdr(msg)->nlmsg_seq;

	err = 0;
	while (!rx->done) {
		unsigned long before = rx->nr_msgs;
		int ret = nl_recvmsgs(nl->sk, cb);

		if (rx->done)
			break;
		if (ret < 0) {
			err = mmc_nl_libnl_error(nl, "receiving the reply", ret);
			break;
		}
		if (rx->nr_msgs == before) {
			/* Nothing read and no error: the socket is gone. */
			mmc_nl_set_result(nl, -EIO, "receiving the reply: no more data");
			err = -EIO;
			break;
		}
	}
out:
	nl_cb_put(cb);
	nlmsg_free(msg);
	return err;
}

int mmc_nl_run(struct mmc_nl *nl, const struct mmc_req *req)
{
	char msg[MMC_MSG_LEN];
	int attempt, err;

	mmc_nl_set_result(nl, 0, NULL);
	for (attempt = 0; attempt < MMC_DUMP_RETRIES; attempt++) {
		struct mmc_rx rx = { .nl = nl, .req = req };

		if (attempt && req->reset)
			req->reset(req->arg);
		err = mmc_nl_once(nl, req, &rx);
		if (err)
			return err;	/* the result is set */
		/* The kernel's error first: a decode error may follow from it. */
		if (rx.kerr) {
			mmc_nl_set_result(nl, rx.kerr, rx.kmsg);
			return rx.kerr;
		}
		if (rx.perr) {
			mmc_nl_set_result(nl, rx.perr, rx.pmsg);
			return rx.perr;
		}
		if (!rx.intr)
			return 0;
		/* What a streamed dump delivered cannot be taken back: no second attempt. */
		if (req->stream) {
			mmc_nl_set_result(nl, -EAGAIN,
					  "the dump was interrupted by concurrent changes");
			return -EAGAIN;
		}
	}
	snprintf(msg, sizeof(msg), "the dump was interrupted by concurrent changes %d times",
		 MMC_DUMP_RETRIES);
	mmc_nl_set_result(nl, -EAGAIN, msg);
	return -EAGAIN;
}

void *mmc_vec_push(struct mmc_vec *vec)
{
	void *item;

	if (vec->n == vec->cap) {
		size_t cap = vec->cap ? vec->cap * 2 : 8;
		void *items = reallocarray(vec->items, cap, vec->size);

		if (!items)
			return NULL;
		vec->items = items;
		vec->cap = cap;
	}
	item = mmc_vec_at(vec, vec->n++);
	memset(item, 0, vec->size);
	return item;
}

void mmc_vec_clear(struct mmc_vec *vec)
{
	vec->n = 0;
}

void mmc_vec_free(struct mmc_vec *vec)
{
	free(vec->items);
	vec->items = NULL;
	vec->n = vec->cap = 0;
}

int mmc_attr_u32(const struct nlattr *a, uint32_t *v, const char *what,
		 char *why, size_t whylen)
{
	if (nla_len(a) != (int)sizeof(*v))
		return mmc_why(why, whylen, "%s: %d bytes where a u32 takes 4", what, nla_len(a));
	memcpy(v, nla_data(a), sizeof(*v));
	return 0;
}

int mmc_attr_u64(const struct nlattr *a, uint64_t *v, const char *what,
		 char *why, size_t whylen)
{
	if (nla_len(a) != (int)sizeof(*v))
		return mmc_why(why, whylen, "%s: %d bytes where a u64 takes 8", what, nla_len(a));
	memcpy(v, nla_data(a), sizeof(*v));
	return 0;
}

int mmc_attr_str(const struct nlattr *a, char *buf, size_t size, const char *what,
		 char *why, size_t whylen)
{
	const char *s = nla_data(a);
	int len = nla_len(a);

	if (len <= 0 || !memchr(s, '\0', len))
		return mmc_why(why, whylen, "%s: a string without its NUL", what);
	snprintf(buf, size, "%s", s);
	return 0;
}

int mmc_attr_flag(const struct nlattr *a, bool *v, const char *what, char *why, size_t whylen)
{
	if (nla_len(a))
		return mmc_why(why, whylen, "%s: a flag with %d bytes", what, nla_len(a));
	*v = true;
	return 0;
}

int mmc_attr_u64_multi(const struct nlattr *a, uint64_t *array, unsigned int *n,
		       unsigned int max, const char *what, char *why, size_t whylen)
{
	if (*n >= max)
		return mmc_why(why, whylen, "%s: more than %u entries", what, max);
	return mmc_attr_u64(a, &array[(*n)++], what, why, whylen);
}

int mmc_attr_trailing(int rem, const char *what, char *why, size_t whylen)
{
	if (rem > 0)
		return mmc_why(why, whylen, "%s: %d trailing bytes that are no attribute",
			       what, rem);
	return 0;
}

int mmc_attrs_decode(const struct mmc_attr_set *set, const struct nlattr *attrs, int len,
		     void *dst, uint64_t *seen, char *why, size_t whylen)
{
	const struct nlattr *a;
	uint64_t got = 0;
	unsigned int type;
	int rem, err;

	memset(dst, 0, set->size);
	for (a = attrs, rem = len; nla_ok(a, rem); a = nla_next(a, &rem)) {
		const struct mmc_attr_field *f;
		char *p;

		type = nla_type(a);
		if (type >= set->nr_fields)
			continue;	/* newer than us */
		f = &set->fields[type];
		p = (char *)dst + f->off;
		switch (f->kind) {
		case MMC_ATTR_U32:
			err = mmc_attr_u32(a, (uint32_t *)p, f->name, why, whylen);
			break;
		case MMC_ATTR_U64:
			err = mmc_attr_u64(a, (uint64_t *)p, f->name, why, whylen);
			break;
		case MMC_ATTR_STR:
			err = mmc_attr_str(a, p, f->size, f->name, why, whylen);
			break;
		case MMC_ATTR_FLAG:
			err = mmc_attr_flag(a, (bool *)p, f->name, why, whylen);
			break;
		case MMC_ATTR_U64_MULTI:
			err = mmc_attr_u64_multi(a, (uint64_t *)p,
						 (unsigned int *)((char *)dst + f->count),
						 f->size / sizeof(uint64_t), f->name, why, whylen);
			break;
		case MMC_ATTR_OTHER:
			err = f->decode(a, dst, f->name, why, whylen);
			break;
		default:
			continue;	/* padding, or not part of this set */
		}
		if (err)
			return err;
		got |= MMC_BIT(type);
	}
	if (seen)
		*seen = got;
	err = mmc_attr_trailing(rem, set->what, why, whylen);
	for (type = 0; !err && type < set->nr_fields; type++)
		if ((set->need & MMC_BIT(type)) && !(got & MMC_BIT(type)))
			err = mmc_why(why, whylen, "%s is missing", set->fields[type].name);
	return err;
}
