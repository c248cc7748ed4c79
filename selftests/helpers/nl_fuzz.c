// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * A generic netlink fuzzer for the mmscope family, on raw sockets: every command, do and
 * dump, with plausible, missing, wrongly sized, oversized, unknown, deeply nested and
 * duplicated attributes, truncated and inconsistent headers, several messages in one
 * send, and dumps abandoned after their first part (the socket closed mid-dump). Every
 * reply is checked for well-formed framing and attributes.
 *
 *	nl_fuzz [-n COUNT] [-s SEED] [-u]
 *	nl_fuzz -e [-u] [-p PID]
 *	nl_fuzz -l STOPFILE
 *
 * -u: become nobody (uid/gid 65534) before opening anything. The seed is printed first, so
 * that a failure can be replayed. Exit 0 when every reply was well-formed, 1 if not, 2 on
 * setup errors. Prints "# ..." lines (KTAP comments) only.
 *
 * -e: instead of fuzzing, make every request once (each command's do and dump; the process
 * views of PID, default 1, which must not be the caller's own) and expect EPERM from each:
 * exit 0 when all were refused, 1 if any was answered or failed otherwise.
 *
 * -l: until STOPFILE exists, dump (zones, pagetypes, slabs, own VMAs and ptdump, in turn)
 * on a new socket each time, resolving the family again, with a pause after the first
 * part so that the dump is in flight for a while: the load/unload test's background load.
 * A request may find the module gone (the family unknown, or the dump unable to pin the
 * module: EPROTONOSUPPORT); any other failure is printed, and the exit status is 1.
 */
#include <errno.h>
#include <grp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/mmscope.h>

#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11
#endif
#ifndef NETLINK_CAP_ACK
#define NETLINK_CAP_ACK 10
#endif

#define BUF_SIZE	(64 * 1024)
#define MAX_NEST	64

static uint64_t rng;
static uint16_t family;
static unsigned char sbuf[BUF_SIZE], rbuf[BUF_SIZE];
static unsigned long n_sent, n_replies, n_errors[4096], n_parts, n_abandoned, n_bad;
static unsigned long n_heavy, max_heavy = 200;
static uint32_t targets[8];
static unsigned int nr_targets;
static uint64_t addrs[8];
static unsigned int nr_addrs;

static uint64_t rnd(void)
{
	/* xorshift64* */
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 2685821657736338717ULL;
}

static uint32_t below(uint32_t n)
{
	return n ? rnd() % n : 0;
}

static int chance(unsigned int percent)
{
	return below(100) < percent;
}

static void bad(const char *what, const void *msg, int len)
{
	n_bad++;
	if (n_bad <= 10)
		printf("# malformed reply: %s (len %d, first bytes %02x %02x %02x %02x)\n", what,
		       len, ((unsigned char *)msg)[0], ((unsigned char *)msg)[1],
		       ((unsigned char *)msg)[2], ((unsigned char *)msg)[3]);
}

/* Attributes well-formed: every nla_len at least a header and inside the message. */
static int attrs_ok(const unsigned char *p, int len, int depth)
{
	while (len >= (int)sizeof(struct nlattr)) {
		const struct nlattr *a = (const void *)p;
		int alen = NLA_ALIGN(a->nla_len);

		if (a->nla_len < sizeof(*a) || a->nla_len > len)
			return 0;
		if ((a->nla_type & NLA_F_NESTED) && depth < 4 &&
		    !attrs_ok(p + NLA_HDRLEN, a->nla_len - NLA_HDRLEN, depth + 1))
			return 0;
		if (alen > len)
			alen = len;
		p += alen;
		len -= alen;
	}
	return len == 0;
}

/* Check one datagram of replies; returns 1 when it ended the request (error or done). */
static int check_replies(const unsigned char *buf, int len, uint32_t portid)
{
	const struct nlmsghdr *nh;
	int end = 0;

	for (nh = (const void *)buf; NLMSG_OK(nh, (unsigned int)len); nh = NLMSG_NEXT(nh, len)) {
		n_replies++;
		if (nh->nlmsg_pid != portid && nh->nlmsg_pid != 0)
			bad("reply to another port", nh, nh->nlmsg_len);
		if (nh->nlmsg_type == NLMSG_ERROR) {
			const struct nlmsgerr *e = NLMSG_DATA(nh);

			if (nh->nlmsg_len < NLMSG_LENGTH(sizeof(*e))) {
				bad("short NLMSG_ERROR", nh, nh->nlmsg_len);
			} else if (e->error > 0 || e->error < -4095) {
				bad("error out of range", nh, nh->nlmsg_len);
			} else {
				n_errors[-e->error]++;
			}
			end = 1;
		} else if (nh->nlmsg_type == NLMSG_DONE) {
			if (nh->nlmsg_len < NLMSG_LENGTH(sizeof(int)))
				bad("short NLMSG_DONE", nh, nh->nlmsg_len);
			end = 1;
		} else if (nh->nlmsg_type == family) {
			const struct genlmsghdr *g = NLMSG_DATA(nh);
			int alen = nh->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);

			n_parts++;
			if (alen < 0 || g->cmd < 1 || g->cmd > MMSCOPE_CMD_MAX ||
			    !attrs_ok((const unsigned char *)g + GENL_HDRLEN, alen, 0))
				bad("family message", nh, nh->nlmsg_len);
		} else {
			bad("unexpected type", nh, nh->nlmsg_len);
		}
	}
	if (len > 0)
		bad("trailing bytes", buf, len);
	return end;
}

/* Read everything queued (a dump goes on while it is read); returns bytes read. */
static long drain(int fd, uint32_t portid)
{
	long total = 0;
	int n;

	for (;;) {
		n = recv(fd, rbuf, sizeof(rbuf), MSG_DONTWAIT);
		if (n < 0) {
			if (errno == EINTR || errno == ENOBUFS)
				continue;
			return total;
		}
		if (n == 0)
			return total;
		total += n;
		check_replies(rbuf, n, portid);
	}
}

static int nl_socket(uint32_t *portid, int fuzz_opts)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	socklen_t sl = sizeof(sa);
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	int one = 1;

	if (fd < 0)
		return -1;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    getsockname(fd, (struct sockaddr *)&sa, &sl)) {
		close(fd);
		return -1;
	}
	*portid = sa.nl_pid;
	if (!fuzz_opts || chance(70))
		setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	if (fuzz_opts && chance(30))
		setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	return fd;
}

/* --- message building -------------------------------------------------------------- */

struct msg {
	unsigned char *base;
	int len;
	int cap;
};

static void *put(struct msg *m, const void *data, int len)
{
	void *p;

	if (len < 0 || m->len + NLA_ALIGN(len) > m->cap)
		return NULL;
	p = m->base + m->len;
	if (data)
		memcpy(p, data, len);
	else
		memset(p, 0, len);
	m->len += NLA_ALIGN(len);
	return p;
}

static struct nlattr *attr(struct msg *m, uint16_t type, const void *data, int len)
{
	struct nlattr a = { .nla_len = NLA_HDRLEN + len, .nla_type = type };
	struct nlattr *p;

	if (m->len + NLA_HDRLEN + NLA_ALIGN(len) > m->cap)
		return NULL;
	p = put(m, &a, NLA_HDRLEN);
	put(m, data, len);
	return p;
}

static void attr_u32(struct msg *m, uint16_t type, uint32_t v)
{
	attr(m, type, &v, 4);
}

static void attr_u64(struct msg *m, uint16_t type, uint64_t v)
{
	attr(m, type, &v, 8);
}

static void rand_bytes(unsigned char *p, int len)
{
	while (len-- > 0)
		*p++ = rnd();
}

static uint32_t some_u32(void)
{
	static const uint32_t v[] = { 0, 1, 2, 3, 4, 5, 7, 63, 64, 1023, 1024, 0x7fffffff,
				      0x80000000, 0xffffffff, 0xfffffffe };

	return chance(70) ? v[below(sizeof(v) / sizeof(v[0]))] : (uint32_t)rnd();
}

static uint32_t some_pid(void)
{
	if (chance(80) && nr_targets)
		return targets[below(nr_targets)];
	return some_u32();
}

static uint64_t some_addr(void)
{
	static const uint64_t v[] = { 0, 1, 0x1000, 0x400000, 0x7ffffffff000ULL,
				      0x7fffffffffffULL, 0x800000000000ULL, 0xffff800000000000ULL,
				      0xfffffffffffff000ULL, ~0ULL };

	if (chance(50) && nr_addrs)
		return addrs[below(nr_addrs)] + (chance(50) ? below(1 << 16) : 0);
	return chance(70) ? v[below(sizeof(v) / sizeof(v[0]))] : rnd();
}

static const char * const slab_names[] = { "kmalloc-64", "kmem_cache", "task_struct",
					   "no-such-cache", "", "dentry" };

/* The attributes a command knows, with plausible values. */
static void plausible_attrs(struct msg *m, uint8_t cmd, int dump)
{
	int i, reps = chance(10) ? 2 + below(3) : 1;	/* duplicated attributes */

	for (i = 0; i < reps; i++) {
		switch (cmd) {
		case MMSCOPE_CMD_ZONE_GET:
		case MMSCOPE_CMD_PAGETYPE_GET:
			if (chance(dump ? 40 : 85))
				attr_u32(m, MMSCOPE_A_ZONE_NODE, chance(80) ? 0 : some_u32());
			if (chance(dump ? 20 : 85))
				attr_u32(m, MMSCOPE_A_ZONE_IDX, chance(70) ? below(5) : some_u32());
			break;
		case MMSCOPE_CMD_SLAB_GET:
			if (chance(85)) {
				const char *n = slab_names[below(6)];

				attr(m, MMSCOPE_A_SLAB_NAME, n, strlen(n) + 1);
			}
			break;
		case MMSCOPE_CMD_VMA_GET:
			if (chance(90))
				attr_u32(m, MMSCOPE_A_VMA_PID, some_pid());
			break;
		case MMSCOPE_CMD_WALK:
			if (chance(90))
				attr_u32(m, MMSCOPE_A_WALK_PID, some_pid());
			if (chance(90))
				attr_u64(m, MMSCOPE_A_WALK_ADDR, some_addr());
			break;
		case MMSCOPE_CMD_STATS_GET:
			if (chance(50))	/* a flag: no payload */
				attr(m, MMSCOPE_A_STATS_RESET, NULL, 0);
			break;
		case MMSCOPE_CMD_MEM_GET:
			if (chance(60))
				attr_u32(m, MMSCOPE_A_MEM_NODE, chance(70) ? 0 : some_u32());
			break;
		case MMSCOPE_CMD_PTDUMP:
			if (chance(90))
				attr_u32(m, MMSCOPE_A_EXTENT_PID, some_pid());
			if (chance(60))
				attr_u64(m, MMSCOPE_A_EXTENT_START, some_addr());
			if (chance(60))
				attr_u64(m, MMSCOPE_A_EXTENT_END, some_addr());
			break;
		}
	}
}

/* Known attribute types with the wrong size, strings without NUL or far too long. */
static void wrong_attrs(struct msg *m)
{
	int i, n = 1 + below(4);
	unsigned char data[512];

	for (i = 0; i < n; i++) {
		uint16_t type = 1 + below(4);
		int len;

		switch (below(4)) {
		case 0:		/* a size no integer has */
			len = below(17);
			break;
		case 1:		/* a string of the slab name's type, no NUL */
			len = 1 + below(300);
			memset(data, 'a' + below(26), len);
			attr(m, type, data, len);
			continue;
		case 2:		/* longer than any policy allows */
			len = 256 + below(sizeof(data) - 256);
			break;
		default:	/* the right size for the other integer width */
			len = chance(50) ? 4 : 8;
			break;
		}
		rand_bytes(data, len);
		attr(m, type, data, len);
	}
}

static void random_attrs(struct msg *m)
{
	int i, n = 1 + below(8);
	unsigned char data[64];

	for (i = 0; i < n; i++) {
		uint16_t type = below(40);
		int len = below(sizeof(data));

		if (chance(20))
			type |= NLA_F_NESTED;
		if (chance(10))
			type |= NLA_F_NET_BYTEORDER;
		if (chance(5))
			type = rnd();
		rand_bytes(data, len);
		attr(m, type, data, len);
	}
}

/* Nests in nests, depth up to MAX_NEST, closed with correct (or sometimes wrong) lengths. */
static void nested_attrs(struct msg *m)
{
	struct nlattr *stack[MAX_NEST];
	int depth = 1 + below(MAX_NEST), i;

	for (i = 0; i < depth; i++) {
		stack[i] = attr(m, (1 + below(20)) | (chance(80) ? NLA_F_NESTED : 0), NULL, 0);
		if (!stack[i]) {
			depth = i;
			break;
		}
		if (chance(20))
			attr_u32(m, 1 + below(4), some_u32());
	}
	if (chance(50))
		attr_u64(m, 1 + below(4), rnd());
	for (i = depth - 1; i >= 0; i--)
		stack[i]->nla_len = (m->base + m->len) - (unsigned char *)stack[i];
	if (depth && chance(10))
		stack[below(depth)]->nla_len += 4 * (1 + below(8));	/* past the end */
}

/*
 * One message at m. kind: 0 plausible, 1 wrong sizes, 2 random, 3 nested, 4 truncated
 * headers, 5 unknown commands. Returns its nominal length (what nlmsg_len says may differ).
 */
static int build(struct msg *m, int kind, int *is_dump, uint32_t seq)
{
	struct nlmsghdr *nh;
	struct genlmsghdr *g;
	int start = m->len;
	uint8_t cmd = 1 + below(MMSCOPE_CMD_MAX);
	int dump;

	/* vma-get and ptdump are dump-only, walk do-only: mostly ask for what exists */
	if (cmd == MMSCOPE_CMD_VMA_GET || cmd == MMSCOPE_CMD_PTDUMP)
		dump = chance(95);
	else if (cmd == MMSCOPE_CMD_WALK)
		dump = chance(5);
	else
		dump = chance(50);
	/*
	 * Full slab and pagetype dumps are slow under emulation (the slab dump has no policy:
	 * any attributes pass): a bounded number of them, then their do requests instead.
	 */
	if (dump && (cmd == MMSCOPE_CMD_SLAB_GET || cmd == MMSCOPE_CMD_PAGETYPE_GET) &&
	    n_heavy++ >= max_heavy)
		dump = 0;
	if (kind == 5)
		cmd = chance(50) ? 0 : MMSCOPE_CMD_MAX + 1 + below(250);

	nh = put(m, NULL, NLMSG_HDRLEN);
	g = put(m, NULL, GENL_HDRLEN);
	if (!nh || !g)
		return 0;
	nh->nlmsg_type = family;
	nh->nlmsg_flags = NLM_F_REQUEST | (dump ? NLM_F_DUMP : 0) | (chance(50) ? NLM_F_ACK : 0);
	if (chance(3))
		nh->nlmsg_flags = rnd();
	nh->nlmsg_seq = seq;
	g->cmd = cmd;
	g->version = chance(90) ? MMSCOPE_FAMILY_VERSION : rnd();
	if (chance(2))
		g->reserved = rnd();

	switch (kind) {
	case 0:
	case 5:
		plausible_attrs(m, cmd, dump);
		break;
	case 1:
		if (chance(50))
			plausible_attrs(m, cmd, dump);
		wrong_attrs(m);
		break;
	case 2:
		if (chance(50))
			plausible_attrs(m, cmd, dump);
		random_attrs(m);
		break;
	case 3:
		if (chance(50))
			plausible_attrs(m, cmd, dump);
		nested_attrs(m);
		break;
	}
	nh->nlmsg_len = m->len - start;
	if (kind == 4) {
		plausible_attrs(m, cmd, dump);
		nh->nlmsg_len = m->len - start;
		switch (below(5)) {
		case 0:		/* shorter than the headers */
			nh->nlmsg_len = below(NLMSG_HDRLEN + GENL_HDRLEN);
			break;
		case 1:		/* cut inside the attributes */
			nh->nlmsg_len = NLMSG_HDRLEN + GENL_HDRLEN +
					below(m->len - start - NLMSG_HDRLEN - GENL_HDRLEN + 1);
			break;
		case 2:		/* longer than what is sent */
			nh->nlmsg_len += 4 + below(64);
			break;
		case 3:		/* an attribute longer than the message */
			if (m->len - start >= (int)(NLMSG_HDRLEN + GENL_HDRLEN + NLA_HDRLEN))
				((struct nlattr *)(g + 1))->nla_len = 0xfff0;
			break;
		default:	/* garbage after a valid header */
			rand_bytes((unsigned char *)(g + 1) - GENL_HDRLEN,
				   m->len - start - NLMSG_HDRLEN);
			break;
		}
		if (chance(30))	/* and the datagram itself cut short */
			m->len = start + below(m->len - start + 1);
	}
	*is_dump = dump;
	return m->len - start;
}

/* --- the loops ----------------------------------------------------------------------- */

static int pick_kind(void)
{
	unsigned int r = below(100);

	if (r < 40)
		return 0;
	if (r < 58)
		return 1;
	if (r < 70)
		return 2;
	if (r < 80)
		return 3;
	if (r < 93)
		return 4;
	return 5;
}

static int send_raw(int fd, const void *buf, int len)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };

	return sendto(fd, buf, len, 0, (struct sockaddr *)&kernel, sizeof(kernel));
}

/* A dump request on a socket of its own, one part read, then the socket closed. */
static void abandoned_dump(void)
{
	static const uint8_t cmds[] = { MMSCOPE_CMD_ZONE_GET, MMSCOPE_CMD_PAGETYPE_GET,
					MMSCOPE_CMD_SLAB_GET, MMSCOPE_CMD_VMA_GET,
					MMSCOPE_CMD_PTDUMP };
	struct msg m = { .base = sbuf, .cap = BUF_SIZE };
	struct timeval tv = { .tv_sec = 10 };
	struct nlmsghdr *nh;
	struct genlmsghdr *g;
	uint32_t portid;
	int fd, n, parts = below(3);

	fd = nl_socket(&portid, 1);
	if (fd < 0)
		return;
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	nh = put(&m, NULL, NLMSG_HDRLEN);
	g = put(&m, NULL, GENL_HDRLEN);
	nh->nlmsg_type = family;
	nh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	g->cmd = cmds[below(sizeof(cmds))];
	g->version = MMSCOPE_FAMILY_VERSION;
	if (g->cmd == MMSCOPE_CMD_PTDUMP || g->cmd == MMSCOPE_CMD_VMA_GET)
		attr_u32(&m, MMSCOPE_A_VMA_PID, targets[below(nr_targets)]);
	nh->nlmsg_len = m.len;
	if (send_raw(fd, sbuf, m.len) == m.len) {
		n_sent++;
		/* nothing read (parts 0) leaves the whole dump pending at close */
		while (parts-- > 0) {
			n = recv(fd, rbuf, sizeof(rbuf), 0);
			if (n <= 0 || check_replies(rbuf, n, portid))
				break;
		}
	}
	n_abandoned++;
	close(fd);
}

static void fuzz(unsigned long count)
{
	struct msg m = { .base = sbuf, .cap = BUF_SIZE };
	uint32_t portid, seq = 1;
	unsigned long sock_left = 0;
	int fd = -1;

	while (n_sent < count) {
		int nmsg, i, is_dump = 0, any_dump = 0;

		if (chance(4)) {
			abandoned_dump();
			continue;
		}
		if (!sock_left--) {
			if (fd >= 0)
				close(fd);	/* sometimes with a dump still running */
			fd = nl_socket(&portid, 1);
			if (fd < 0) {
				perror("# socket");
				exit(2);
			}
			sock_left = 50 + below(500);
		}
		m.len = 0;
		nmsg = chance(10) ? 2 + below(3) : 1;
		for (i = 0; i < nmsg && m.len < BUF_SIZE - 4096; i++) {
			build(&m, pick_kind(), &is_dump, seq++);
			any_dump |= is_dump;
		}
		if (send_raw(fd, sbuf, m.len) < 0 && errno != ECONNREFUSED && errno != EINVAL &&
		    errno != ENOBUFS && errno != EMSGSIZE && errno != EPERM &&
		    errno != ENODATA) {
			printf("# send of %d bytes: %s\n", m.len, strerror(errno));
		}
		n_sent += nmsg;
		/* a dump left unread now and then: the next request meets it (EBUSY) */
		if (!any_dump || chance(97))
			drain(fd, portid);
	}
	if (fd >= 0)
		close(fd);
}

static int resolve_family(void)
{
	struct msg m = { .base = sbuf, .cap = BUF_SIZE };
	struct nlmsghdr *nh;
	struct genlmsghdr *g;
	uint32_t portid;
	int fd, n;

	fd = nl_socket(&portid, 0);
	if (fd < 0)
		return -1;
	nh = put(&m, NULL, NLMSG_HDRLEN);
	g = put(&m, NULL, GENL_HDRLEN);
	nh->nlmsg_type = GENL_ID_CTRL;
	nh->nlmsg_flags = NLM_F_REQUEST;
	g->cmd = CTRL_CMD_GETFAMILY;
	g->version = 1;
	attr(&m, CTRL_ATTR_FAMILY_NAME, MMSCOPE_FAMILY_NAME, sizeof(MMSCOPE_FAMILY_NAME));
	nh->nlmsg_len = m.len;
	if (send_raw(fd, sbuf, m.len) != m.len)
		goto fail;
	n = recv(fd, rbuf, sizeof(rbuf), 0);
	nh = (void *)rbuf;
	if (n < (int)NLMSG_HDRLEN || !NLMSG_OK(nh, (unsigned int)n) ||
	    nh->nlmsg_type != GENL_ID_CTRL)
		goto fail;
	{
		unsigned char *p = (unsigned char *)NLMSG_DATA(nh) + GENL_HDRLEN;
		int len = nh->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);

		while (len >= NLA_HDRLEN) {
			struct nlattr *a = (void *)p;

			if (a->nla_len < NLA_HDRLEN || a->nla_len > len)
				break;
			if ((a->nla_type & NLA_TYPE_MASK) == CTRL_ATTR_FAMILY_ID)
				family = *(uint16_t *)(p + NLA_HDRLEN);
			len -= NLA_ALIGN(a->nla_len);
			p += NLA_ALIGN(a->nla_len);
		}
	}
fail:
	close(fd);
	return family ? 0 : -1;
}

/* The error a request ended with (0: answered), and the extack message, into msg. */
static int request_result(uint8_t cmd, int dump, uint32_t pid, char *msg, size_t msglen)
{
	struct msg m = { .base = sbuf, .cap = BUF_SIZE };
	struct timeval tv = { .tv_sec = 30 };
	struct nlmsghdr *nh;
	struct genlmsghdr *g;
	uint32_t portid;
	int fd, n, one = 1, result = -EPROTO, data = 0;

	msg[0] = 0;
	fd = nl_socket(&portid, 0);
	if (fd < 0)
		return -errno;
	setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	nh = put(&m, NULL, NLMSG_HDRLEN);
	g = put(&m, NULL, GENL_HDRLEN);
	nh->nlmsg_type = family;
	nh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | (dump ? NLM_F_DUMP : 0);
	g->cmd = cmd;
	g->version = MMSCOPE_FAMILY_VERSION;
	switch (cmd) {
	case MMSCOPE_CMD_ZONE_GET:
	case MMSCOPE_CMD_PAGETYPE_GET:
		if (!dump) {
			attr_u32(&m, MMSCOPE_A_ZONE_NODE, 0);
			attr_u32(&m, MMSCOPE_A_ZONE_IDX, 1);
		}
		break;
	case MMSCOPE_CMD_SLAB_GET:
		if (!dump)
			attr(&m, MMSCOPE_A_SLAB_NAME, "kmem_cache", sizeof("kmem_cache"));
		break;
	case MMSCOPE_CMD_WALK:
		attr_u32(&m, MMSCOPE_A_WALK_PID, pid);
		attr_u64(&m, MMSCOPE_A_WALK_ADDR, 0x400000);
		break;
	default:	/* vma-get and ptdump: the pid is the first attribute of both */
		attr_u32(&m, MMSCOPE_A_VMA_PID, pid);
		break;
	}
	nh->nlmsg_len = m.len;
	if (send_raw(fd, sbuf, m.len) != m.len) {
		close(fd);
		return -errno;
	}
	while ((n = recv(fd, rbuf, sizeof(rbuf), 0)) > 0) {
		int len = n, done = 0;

		for (nh = (void *)rbuf; NLMSG_OK(nh, (unsigned int)len); nh = NLMSG_NEXT(nh, len)) {
			unsigned char *tlv = NULL;
			int tlvlen = 0;

			if (nh->nlmsg_type == NLMSG_ERROR) {
				struct nlmsgerr *e = NLMSG_DATA(nh);

				result = e->error;
				tlv = (unsigned char *)(e + 1);
				tlvlen = (unsigned char *)nh + nh->nlmsg_len - tlv;
			} else if (nh->nlmsg_type == NLMSG_DONE) {
				result = *(int *)NLMSG_DATA(nh);
				tlv = (unsigned char *)NLMSG_DATA(nh) + sizeof(int);
				tlvlen = (unsigned char *)nh + nh->nlmsg_len - tlv;
			} else {
				data = 1;
				continue;
			}
			done = 1;
			while (tlvlen >= NLA_HDRLEN) {
				struct nlattr *a = (void *)tlv;

				if (a->nla_len < NLA_HDRLEN || a->nla_len > tlvlen)
					break;
				if ((a->nla_type & NLA_TYPE_MASK) == NLMSGERR_ATTR_MSG)
					snprintf(msg, msglen, "%.*s", a->nla_len - NLA_HDRLEN,
						 (char *)(a + 1));
				tlvlen -= NLA_ALIGN(a->nla_len);
				tlv += NLA_ALIGN(a->nla_len);
			}
		}
		if (done)
			break;
	}
	close(fd);
	/* a dump that sent data and then ended with 0 was answered */
	return data && !result ? 0 : result;
}

static int expect_eperm(uint32_t pid)
{
	static const char * const names[] = { NULL, "zone-get", "pagetype-get", "slab-get",
					      "vma-get", "walk", "ptdump", "stats-get",
					      "stats-reset", "mem-get" };
	int cmd, dump, fails = 0;
	char msg[256];

	_Static_assert(sizeof(names) / sizeof(names[0]) == MMSCOPE_CMD_MAX + 1,
		       "a name for every command");
	for (cmd = 1; cmd <= MMSCOPE_CMD_MAX; cmd++) {
		for (dump = 0; dump < 2; dump++) {
			int err;

			/* vma-get and ptdump have no do, walk has no dump */
			if ((cmd == MMSCOPE_CMD_VMA_GET || cmd == MMSCOPE_CMD_PTDUMP) && !dump)
				continue;
			/* walk, stats-get and stats-reset have no dump */
			if ((cmd == MMSCOPE_CMD_WALK || cmd == MMSCOPE_CMD_STATS_GET ||
			     cmd == MMSCOPE_CMD_STATS_RESET) && dump)
				continue;
			err = request_result(cmd, dump, pid, msg, sizeof(msg));
			printf("# %s %s: %s%s%s%s\n", names[cmd], dump ? "dump" : "do",
			       err ? strerrorname_np(-err) ?: "?" : "answered",
			       msg[0] ? " (" : "", msg, msg[0] ? ")" : "");
			if (err != -EPERM)
				fails++;
		}
	}
	return fails ? 1 : 0;
}

static int dump_loop(const char *stop)
{
	static const uint8_t cmds[] = { MMSCOPE_CMD_ZONE_GET, MMSCOPE_CMD_PAGETYPE_GET,
					MMSCOPE_CMD_SLAB_GET, MMSCOPE_CMD_VMA_GET,
					MMSCOPE_CMD_PTDUMP };
	unsigned long answered = 0, gone = 0, other = 0, i;
	struct timespec pause = { .tv_nsec = 5 * 1000 * 1000 };

	for (i = 0; access(stop, F_OK); i++) {
		struct msg m = { .base = sbuf, .cap = BUF_SIZE };
		struct nlmsghdr *nh;
		struct genlmsghdr *g;
		uint32_t portid;
		int fd, n, err = 1, first = 1;

		family = 0;
		if (resolve_family()) {
			gone++;
			nanosleep(&pause, NULL);
			continue;
		}
		fd = nl_socket(&portid, 0);
		if (fd < 0)
			return 2;
		nh = put(&m, NULL, NLMSG_HDRLEN);
		g = put(&m, NULL, GENL_HDRLEN);
		nh->nlmsg_type = family;
		nh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
		g->cmd = cmds[i % sizeof(cmds)];
		g->version = MMSCOPE_FAMILY_VERSION;
		if (g->cmd == MMSCOPE_CMD_VMA_GET || g->cmd == MMSCOPE_CMD_PTDUMP)
			attr_u32(&m, MMSCOPE_A_VMA_PID, getpid());
		nh->nlmsg_len = m.len;
		if (send_raw(fd, sbuf, m.len) != m.len) {
			close(fd);
			continue;
		}
		while (err == 1 && (n = recv(fd, rbuf, sizeof(rbuf), 0)) > 0) {
			int len = n;

			for (nh = (void *)rbuf; NLMSG_OK(nh, (unsigned int)len);
			     nh = NLMSG_NEXT(nh, len)) {
				if (nh->nlmsg_type == NLMSG_ERROR)
					err = ((struct nlmsgerr *)NLMSG_DATA(nh))->error;
				else if (nh->nlmsg_type == NLMSG_DONE)
					err = *(int *)NLMSG_DATA(nh);
			}
			if (first)	/* the rest of the dump waits, holding the module */
				nanosleep(&pause, NULL);
			first = 0;
		}
		close(fd);
		if (!err) {
			answered++;
		} else if (err == -ENOENT || err == -EPROTONOSUPPORT) {
			gone++;
		} else {
			other++;
			printf("# cmd %u: %s\n", g->cmd, err == 1 ? "no end of dump" :
			       strerrorname_np(-err) ?: "?");
		}
	}
	printf("# %lu dumps answered, %lu met the module gone, %lu failed otherwise\n",
	       answered, gone, other);
	return other ? 1 : 0;
}

/* A process with some memory that waits to be killed; and a zombie. */
static pid_t spawn_target(int zombie)
{
	pid_t pid = fork();

	if (!pid) {
		char *p = mmap(NULL, 4 << 20, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (zombie)
			_exit(0);
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (p != MAP_FAILED)
			for (int i = 0; i < (4 << 20); i += 8192)
				p[i] = 1;
		for (;;)
			pause();
	}
	return pid;
}

int main(int argc, char **argv)
{
	unsigned long count = 100000, e;
	int opt, user = 0, eperm = 0;
	const char *stop = NULL;
	uint32_t other = 1;
	pid_t target, zombie;
	static char stack_page[4096];
	struct timespec t0, t1;

	rng = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);
	while ((opt = getopt(argc, argv, "n:s:uH:ep:l:")) != -1) {
		switch (opt) {
		case 'n':
			count = strtoul(optarg, NULL, 0);
			break;
		case 's':
			rng = strtoull(optarg, NULL, 0);
			break;
		case 'u':
			user = 1;
			break;
		case 'l':
			stop = optarg;
			break;
		case 'e':
			eperm = 1;
			break;
		case 'p':
			other = strtoul(optarg, NULL, 0);
			break;
		case 'H':
			max_heavy = strtoul(optarg, NULL, 0);
			break;
		default:
			fprintf(stderr, "usage: %s [-n COUNT] [-s SEED] [-u] [-H HEAVY]\n"
				"       %s -e [-u] [-p PID]\n       %s -l STOPFILE\n", argv[0], argv[0],
				argv[0]);
			return 2;
		}
	}
	if (!rng)
		rng = 1;
	if (stop)
		return dump_loop(stop);
	if (!eperm)
		printf("# seed %llu (replay: nl_fuzz -s %llu -n %lu%s)\n", (unsigned long long)rng,
	       (unsigned long long)rng, count, user ? " -u" : "");
	fflush(stdout);
	if (user) {
		if (setgroups(0, NULL) || setresgid(65534, 65534, 65534) ||
		    setresuid(65534, 65534, 65534) || prctl(PR_SET_DUMPABLE, 1)) {
			perror("# dropping to nobody");
			return 2;
		}
	}
	if (resolve_family()) {
		printf("# the mmscope family is not registered\n");
		return 2;
	}
	if (eperm)
		return expect_eperm(other);
	target = spawn_target(0);
	zombie = spawn_target(1);
	if (target < 0 || zombie < 0)
		return 2;
	stack_page[0] = 1;
	targets[nr_targets++] = getpid();
	targets[nr_targets++] = target;
	targets[nr_targets++] = zombie;
	targets[nr_targets++] = 1;
	targets[nr_targets++] = 2;		/* kthreadd */
	targets[nr_targets++] = 0x3fffffff;	/* no such process */
	addrs[nr_addrs++] = (uintptr_t)stack_page;
	addrs[nr_addrs++] = (uintptr_t)&main;
	addrs[nr_addrs++] = (uintptr_t)&count;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	fuzz(count);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	kill(target, SIGKILL);
	waitpid(target, NULL, 0);
	waitpid(zombie, NULL, 0);

	printf("# %lu messages sent (%lu dumps abandoned), %lu replies (%lu family messages, %lu full slab/pagetype dumps) in %.1f s\n",
	       n_sent, n_abandoned, n_replies, n_parts, n_heavy < max_heavy ? n_heavy : max_heavy,
	       (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
	printf("# errors:");
	for (e = 0; e < 4096; e++)
		if (n_errors[e])
			printf(" %s=%lu", e ? strerrorname_np(e) ?: "?" : "ack", n_errors[e]);
	printf("\n");
	if (n_bad)
		printf("# %lu malformed replies\n", n_bad);
	return n_bad ? 1 : 0;
}
