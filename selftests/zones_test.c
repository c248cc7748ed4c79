// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * Zones and buddy free lists: every figure the module exports, checked against the
 * kernel's own /proc views in the same guest, plus the family's error paths.
 *
 * Free lists move all the time, so comparisons read mmscope, then /proc, then mmscope
 * again, and retry until the two mmscope reads agree with each other and with /proc: no
 * tolerance, a figure that is off stays off on every try and fails.
 */
#include <errno.h>
#include <grp.h>
#include <linux/capability.h>
#include <linux/genetlink.h>
#include <linux/mmscope.h>
#include <linux/netlink.h>
#include <netlink/attr.h>
#include <netlink/msg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "mmscope.h"
#include "nl-internal.h"
#include "procfs.h"

#define TRIES		100
#define DBG_BUDDY	"/sys/kernel/debug/mmscope/buddyinfo"
#define DBG_TYPES	"/sys/kernel/debug/mmscope/pagetypeinfo"

struct zones {
	int n;
	struct mmc_zone z[PROC_MAX_ZONES];
};

struct types {
	int n;
	struct mmc_zone_types t[PROC_MAX_ZONES];
};

static int collect_zone(const struct mmc_zone *z, void *arg)
{
	struct zones *zs = arg;

	if (zs->n >= PROC_MAX_ZONES)
		return -ENOSPC;
	zs->z[zs->n++] = *z;
	return 0;
}

static int collect_types(const struct mmc_zone_types *t, void *arg)
{
	struct types *ts = arg;

	if (ts->n >= PROC_MAX_ZONES)
		return -ENOSPC;
	ts->t[ts->n++] = *t;
	return 0;
}

static int read_zones(struct mmc_nl *nl, int node, struct zones *zs)
{
	memset(zs, 0, sizeof(*zs));
	return mmc_zones_dump(nl, node, collect_zone, zs);
}

static int read_types(struct mmc_nl *nl, struct types *ts)
{
	memset(ts, 0, sizeof(*ts));
	return mmc_pagetypes_dump(nl, -1, collect_types, ts);
}

/* Compare one zone with zoneinfo's; on a difference say which in why. */
static bool zone_matches(const struct mmc_zone *z, const struct proc_zone *p, char *why,
			 size_t len)
{
	unsigned int i;

#define CMP(field, pfield) do {							\
	if ((uint64_t)z->field != (uint64_t)p->pfield) {			\
		snprintf(why, len, "node %d zone %s: " #field " %llu, zoneinfo %llu",	\
			 p->node, p->name, (unsigned long long)z->field,		\
			 (unsigned long long)p->pfield);				\
		return false;							\
	}									\
} while (0)
	CMP(spanned, spanned);
	CMP(present, present);
	CMP(managed, managed);
	CMP(cma, cma);
	CMP(start_pfn, start_pfn);
	CMP(min, min);
	CMP(low, low);
	CMP(high, high);
	CMP(boost, boost);
	CMP(has_promo, has_promo);
	if (z->has_promo)
		CMP(promo, promo);
	CMP(nr_reserve, nr_protection);
	for (i = 0; i < z->nr_reserve; i++)
		CMP(lowmem_reserve[i], protection[i]);
#undef CMP
	return true;
}

FIXTURE(mms) {
	struct mmc_nl *nl;
};

FIXTURE_SETUP(mms)
{
	int err = mmc_nl_open(&self->nl);

	ASSERT_EQ(0, err) TH_LOG("mmc_nl_open: %s (is the module loaded?)", strerror(-err));
}

FIXTURE_TEARDOWN(mms)
{
	mmc_nl_close(self->nl);
}

TEST_F(mms, zones_match_zoneinfo)
{
	static struct zones a, b;
	static struct proc_zone p[PROC_MAX_ZONES];
	char why[256] = "";
	int try, n, i;

	for (try = 0; try < TRIES; try++) {
		ASSERT_EQ(0, read_zones(self->nl, -1, &a));
		n = proc_zoneinfo(p, PROC_MAX_ZONES);
		ASSERT_LT(0, n);
		ASSERT_EQ(0, read_zones(self->nl, -1, &b));
		/* a watermark or boost changed while we read: read again */
		if (a.n != b.n)
			continue;
		for (i = 0; i < a.n; i++)
			if (a.z[i].min != b.z[i].min || a.z[i].boost != b.z[i].boost ||
			    a.z[i].managed != b.z[i].managed)
				break;
		if (i < a.n)
			continue;
		if (a.n != n) {
			snprintf(why, sizeof(why), "%d zones, zoneinfo has %d populated", a.n, n);
			continue;
		}
		for (i = 0; i < n; i++) {
			if (a.z[i].node != (uint32_t)p[i].node || strcmp(a.z[i].name, p[i].name)) {
				snprintf(why, sizeof(why), "zone %d is %u/%s, zoneinfo %d/%s", i,
					 a.z[i].node, a.z[i].name, p[i].node, p[i].name);
				break;
			}
			if (!zone_matches(&a.z[i], &p[i], why, sizeof(why)))
				break;
		}
		if (i == n)
			break;
	}
	ASSERT_LT(try, TRIES) TH_LOG("%s", why);
	TH_LOG("%d zones match /proc/zoneinfo (after %d retries)", n, try);
}

static bool buddy_equal(const struct zones *z, const struct proc_buddy *p, int n, char *why,
			size_t len)
{
	int i, o;

	if (z->n != n) {
		snprintf(why, len, "%d zones, buddyinfo has %d", z->n, n);
		return false;
	}
	for (i = 0; i < n; i++) {
		if (z->z[i].node != (uint32_t)p[i].node || strcmp(z->z[i].name, p[i].name) ||
		    z->z[i].nr_orders != (unsigned int)p[i].nr_orders) {
			snprintf(why, len, "zone %d: %s with %u orders, buddyinfo %s with %d",
				 i, z->z[i].name, z->z[i].nr_orders, p[i].name, p[i].nr_orders);
			return false;
		}
		for (o = 0; o < p[i].nr_orders; o++)
			if (z->z[i].free_area[o] != p[i].free[o]) {
				snprintf(why, len, "%s order %d: %llu, buddyinfo %llu",
					 p[i].name, o,
					 (unsigned long long)z->z[i].free_area[o],
					 (unsigned long long)p[i].free[o]);
				return false;
			}
	}
	return true;
}

static bool zones_same_free(const struct zones *a, const struct zones *b)
{
	int i;

	if (a->n != b->n)
		return false;
	for (i = 0; i < a->n; i++)
		if (memcmp(a->z[i].free_area, b->z[i].free_area, sizeof(a->z[i].free_area)))
			return false;
	return true;
}

/* mmscope, file, mmscope until the three agree. */
static int check_buddy_file(struct mmc_nl *nl, const char *path, char *why, size_t len)
{
	static struct zones a, b;
	static struct proc_buddy p[PROC_MAX_ZONES];
	int try, n;

	for (try = 0; try < TRIES; try++) {
		if (read_zones(nl, -1, &a))
			return -1;
		n = proc_buddyinfo(path, p, PROC_MAX_ZONES);
		if (n <= 0) {
			snprintf(why, len, "%s: %s", path, strerror(-n));
			return -1;
		}
		if (read_zones(nl, -1, &b))
			return -1;
		if (zones_same_free(&a, &b) && buddy_equal(&a, p, n, why, len))
			return try;
	}
	return -1;
}

TEST_F(mms, buddy_matches_buddyinfo)
{
	char why[256] = "";
	int tries = check_buddy_file(self->nl, "/proc/buddyinfo", why, sizeof(why));

	ASSERT_LE(0, tries) TH_LOG("%s", why);
	TH_LOG("free blocks per order match /proc/buddyinfo (after %d retries)", tries);
}

TEST_F(mms, debugfs_buddyinfo_matches_proc)
{
	static struct proc_buddy d[PROC_MAX_ZONES], p[PROC_MAX_ZONES], d2[PROC_MAX_ZONES];
	int try, n, m, n2;

	for (try = 0; try < TRIES; try++) {
		n = proc_buddyinfo(DBG_BUDDY, d, PROC_MAX_ZONES);
		ASSERT_LT(0, n) TH_LOG("%s: %s", DBG_BUDDY, strerror(-n));
		m = proc_buddyinfo("/proc/buddyinfo", p, PROC_MAX_ZONES);
		n2 = proc_buddyinfo(DBG_BUDDY, d2, PROC_MAX_ZONES);
		if (n == m && n == n2 && !memcmp(d, p, sizeof(d[0]) * n) &&
		    !memcmp(d, d2, sizeof(d[0]) * n))
			break;
	}
	ASSERT_LT(try, TRIES) TH_LOG("debugfs buddyinfo never matched /proc/buddyinfo");
}

/* The pagetypeinfo rows against our per-type counts; capped /proc rows as lower bounds. */
static bool types_equal(const struct types *t, const struct proc_pagetype *p, int n,
			char *why, size_t len)
{
	int i, rows = 0;

	for (i = 0; i < t->n; i++)
		rows += t->t[i].nr_types;
	if (rows != n) {
		snprintf(why, len, "%d (zone, type) rows, pagetypeinfo has %d", rows, n);
		return false;
	}
	for (i = 0; i < n; i++) {
		const struct mmc_zone_types *zt = NULL;
		const struct mmc_pagetype *pt = NULL;
		unsigned int j;
		int o;

		for (j = 0; j < (unsigned int)t->n; j++)
			if (t->t[j].node == (uint32_t)p[i].node && !strcmp(t->t[j].name, p[i].zone))
				zt = &t->t[j];
		for (j = 0; zt && j < zt->nr_types; j++)
			if (!strcmp(zt->types[j].name, p[i].type))
				pt = &zt->types[j];
		if (!pt) {
			snprintf(why, len, "no %s/%s/%s from mmscope", p[i].zone, p[i].type,
				 zt ? "type" : "zone");
			return false;
		}
		for (o = 0; o < p[i].nr_orders; o++) {
			bool ok = p[i].capped[o] ? pt->free_blocks[o] >= p[i].count[o] :
				  pt->free_blocks[o] == p[i].count[o];
			if (!ok || (pt->capped_orders & (1u << o))) {
				snprintf(why, len, "%s %s order %d: %llu, pagetypeinfo %s%llu",
					 p[i].zone, p[i].type, o,
					 (unsigned long long)pt->free_blocks[o],
					 p[i].capped[o] ? ">" : "",
					 (unsigned long long)p[i].count[o]);
				return false;
			}
		}
	}
	return true;
}

static int check_types_file(struct mmc_nl *nl, const char *path, char *why, size_t len)
{
	static struct types a, b;
	static struct proc_pagetype p[PROC_MAX_ZONES * PROC_MAX_TYPES];
	int try, n;

	for (try = 0; try < TRIES; try++) {
		if (read_types(nl, &a))
			return -1;
		n = proc_pagetypeinfo(path, p, PROC_MAX_ZONES * PROC_MAX_TYPES);
		if (n <= 0) {
			snprintf(why, len, "%s: %s", path, n ? strerror(-n) : "no rows");
			return -1;
		}
		if (read_types(nl, &b))
			return -1;
		if (!memcmp(&a, &b, sizeof(a)) && types_equal(&a, p, n, why, len))
			return try;
	}
	return -1;
}

TEST_F(mms, pagetypes_match_pagetypeinfo)
{
	char why[256] = "";
	int tries = check_types_file(self->nl, "/proc/pagetypeinfo", why, sizeof(why));

	ASSERT_LE(0, tries) TH_LOG("%s", why);
	TH_LOG("free blocks per migrate type match /proc/pagetypeinfo (after %d retries)", tries);
}

TEST_F(mms, debugfs_pagetypeinfo_matches_netlink)
{
	char why[256] = "";
	int tries = check_types_file(self->nl, DBG_TYPES, why, sizeof(why));

	ASSERT_LE(0, tries) TH_LOG("%s", why);
}

/* Free blocks times their size is the free-page count; per-type counts add up per order. */
TEST_F(mms, free_pages_add_up)
{
	static struct zones a, b;
	static struct types t;
	char why[256] = "";
	int try, i, o;
	unsigned int j;

	for (try = 0; try < TRIES; try++) {
		ASSERT_EQ(0, read_zones(self->nl, -1, &a));
		ASSERT_EQ(0, read_types(self->nl, &t));
		ASSERT_EQ(0, read_zones(self->nl, -1, &b));
		if (!zones_same_free(&a, &b) || t.n != a.n)
			continue;
		for (i = 0; i < a.n; i++) {
			uint64_t sum = 0;

			for (o = 0; o < (int)a.z[i].nr_orders; o++) {
				uint64_t types = 0;

				sum += a.z[i].free_area[o] << o;
				for (j = 0; j < t.t[i].nr_types; j++)
					types += t.t[i].types[j].free_blocks[o];
				if (types != a.z[i].free_area[o]) {
					snprintf(why, sizeof(why),
						 "%s order %d: types add up to %llu, free_area %llu",
						 a.z[i].name, o, (unsigned long long)types,
						 (unsigned long long)a.z[i].free_area[o]);
					break;
				}
			}
			if (o < (int)a.z[i].nr_orders)
				break;
			if (sum != a.z[i].free) {
				snprintf(why, sizeof(why), "%s: free blocks hold %llu pages, free %llu",
					 a.z[i].name, (unsigned long long)sum,
					 (unsigned long long)a.z[i].free);
				break;
			}
		}
		if (i == a.n)
			break;
	}
	ASSERT_LT(try, TRIES) TH_LOG("%s", why);
}

TEST_F(mms, node_filter)
{
	static struct zones all, one;
	int i, n0 = 0, err;

	ASSERT_EQ(0, read_zones(self->nl, -1, &all));
	ASSERT_EQ(0, read_zones(self->nl, 0, &one));
	for (i = 0; i < all.n; i++)
		n0 += all.z[i].node == 0;
	EXPECT_EQ(n0, one.n);
	for (i = 0; i < one.n; i++)
		EXPECT_EQ(0, one.z[i].node);

	err = read_zones(self->nl, 1000000, &one);
	EXPECT_EQ(-ENODEV, err);
	ASSERT_NE(NULL, mmc_nl_errmsg(self->nl));
	TH_LOG("node 1000000: %s", mmc_nl_errmsg(self->nl));
}

TEST_F(mms, do_get_one_zone)
{
	static struct zones all;
	struct mmc_zone z;
	bool seen[MMC_MAX_ZONES] = {};
	int i, err;

	ASSERT_EQ(0, read_zones(self->nl, -1, &all));
	for (i = 0; i < all.n; i++) {
		if (all.z[i].node)
			continue;
		seen[all.z[i].idx] = true;
		ASSERT_EQ(0, mmc_zone_get(self->nl, 0, all.z[i].idx, &z));
		EXPECT_STREQ(all.z[i].name, z.name);
		EXPECT_EQ(all.z[i].spanned, z.spanned);
		EXPECT_EQ(all.z[i].managed, z.managed);
	}
	for (i = 0; i < MMC_MAX_ZONES; i++) {
		err = mmc_zone_get(self->nl, 0, i, &z);
		if (seen[i])
			continue;
		EXPECT_TRUE(err == -ENODEV || err == -EINVAL) TH_LOG("idx %d: %d", i, err);
		EXPECT_NE(NULL, mmc_nl_errmsg(self->nl)) TH_LOG("idx %d: no message", i);
	}
}

/* Requests crafted attribute by attribute, through the library's own request runner. */
struct crafted {
	int attr;
	int len;
};

static int put_crafted(struct nl_msg *msg, void *arg)
{
	const struct crafted *c = arg;
	char buf[64] = {};

	return nla_put(msg, c->attr, c->len, buf);
}

static int parse_nothing(const struct nlattr *attrs __attribute__((unused)),
			 int len __attribute__((unused)), void *arg __attribute__((unused)),
			 char *why __attribute__((unused)), size_t whylen __attribute__((unused)))
{
	return 0;
}

static int crafted_request(struct mmc_nl *nl, uint8_t cmd, bool dump, struct crafted *c)
{
	struct mmc_req req = {
		.cmd = cmd, .dump = dump, .put = c ? put_crafted : NULL,
		.parse = parse_nothing, .arg = c,
	};

	return mmc_nl_run(nl, &req);
}

TEST_F(mms, unknown_attribute_rejected)
{
	struct crafted c = { .attr = 200, .len = 4 };

	EXPECT_EQ(-EINVAL, crafted_request(self->nl, MMSCOPE_CMD_ZONE_GET, true, &c));
	EXPECT_NE(NULL, mmc_nl_errmsg(self->nl));
	TH_LOG("unknown attribute: %s", mmc_nl_errmsg(self->nl) ?: "(no message)");
	EXPECT_EQ(-EINVAL, crafted_request(self->nl, MMSCOPE_CMD_PAGETYPE_GET, false, &c));
}

TEST_F(mms, wrongly_sized_attribute_rejected)
{
	struct crafted c = { .attr = MMSCOPE_A_ZONE_NODE, .len = 2 };

	EXPECT_EQ(-EINVAL, crafted_request(self->nl, MMSCOPE_CMD_ZONE_GET, true, &c));
	EXPECT_NE(NULL, mmc_nl_errmsg(self->nl));
	TH_LOG("2-byte node: %s", mmc_nl_errmsg(self->nl) ?: "(no message)");
}

TEST_F(mms, missing_attribute_rejected)
{
	EXPECT_EQ(-EINVAL, crafted_request(self->nl, MMSCOPE_CMD_ZONE_GET, false, NULL));
	EXPECT_NE(NULL, mmc_nl_errmsg(self->nl));
	TH_LOG("do without node/idx: %s", mmc_nl_errmsg(self->nl) ?: "(no message)");
}

TEST_F(mms, unknown_command_rejected)
{
	EXPECT_EQ(-EOPNOTSUPP, crafted_request(self->nl, MMSCOPE_CMD_MAX + 1, true, NULL));
	EXPECT_EQ(-EOPNOTSUPP, crafted_request(self->nl, 0, false, NULL));
}

/* A message shorter than its genetlink header, on a raw socket. */
TEST_F(mms, truncated_header_rejected)
{
	struct {
		struct nlmsghdr nh;
		uint8_t cmd;		/* half a genlmsghdr */
	} __attribute__((packed)) req = {
		.nh = { .nlmsg_len = sizeof(req), .nlmsg_type = mmc_nl_family(self->nl),
			.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK, .nlmsg_seq = 1 },
		.cmd = MMSCOPE_CMD_ZONE_GET,
	};
	char buf[4096];
	struct nlmsghdr *nh = (struct nlmsghdr *)buf;
	int fd, len;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	ASSERT_LE(0, fd);
	ASSERT_EQ((ssize_t)sizeof(req), send(fd, &req, sizeof(req), 0));
	len = recv(fd, buf, sizeof(buf), 0);
	ASSERT_LT((int)sizeof(*nh), len);
	ASSERT_EQ(NLMSG_ERROR, nh->nlmsg_type);
	EXPECT_EQ(-EINVAL, ((struct nlmsgerr *)NLMSG_DATA(nh))->error);
	close(fd);
}

/* Run fn in a child with other credentials; the child's exit code is fn's result. */
static int in_child(int (*fn)(void))
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -errno;
	if (!pid)
		_exit(fn());
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/* 0: refused with EPERM; 1: answered; 2: another error. */
static int dump_result(const char *want_msg)
{
	struct mmc_nl *nl;
	static struct zones z;
	int err;

	err = mmc_nl_open(&nl);
	if (err)
		return 2;
	err = read_zones(nl, -1, &z);
	if (!err)
		return 1;
	if (err != -EPERM)
		return 2;
	if (want_msg && (!mmc_nl_errmsg(nl) || !strstr(mmc_nl_errmsg(nl), want_msg)))
		return 3;
	return 0;
}

static int as_nobody(void)
{
	if (setgroups(0, NULL) || setresgid(65534, 65534, 65534) ||
	    setresuid(65534, 65534, 65534))
		return 9;
	return dump_result(NULL);
}

/* Root with CAP_NET_ADMIN but not CAP_SYS_ADMIN: GENL_ADMIN_PERM passes, ours must not. */
static int without_sys_admin(void)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[2];

	if (syscall(SYS_capget, &hdr, data))
		return 9;
	data[CAP_SYS_ADMIN / 32].effective &= ~(1u << (CAP_SYS_ADMIN % 32));
	data[CAP_SYS_ADMIN / 32].permitted &= ~(1u << (CAP_SYS_ADMIN % 32));
	if (syscall(SYS_capset, &hdr, data))
		return 9;
	return dump_result("CAP_SYS_ADMIN");
}

TEST(unprivileged_user_refused)
{
	ASSERT_EQ(0, in_child(as_nobody));
}

TEST(cap_sys_admin_required)
{
	ASSERT_EQ(0, in_child(without_sys_admin));
}

TEST_HARNESS_MAIN
