// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The mmscope authors.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "procfs.h"

static int parse_protection(const char *s, struct proc_zone *z)
{
	char *end;

	s = strchr(s, '(');
	if (!s)
		return -EINVAL;
	s++;
	z->nr_protection = 0;
	while (*s && *s != ')' && z->nr_protection < 16) {
		z->protection[z->nr_protection++] = strtoull(s, &end, 10);
		if (end == s)
			return -EINVAL;
		s = end;
		while (*s == ',' || *s == ' ')
			s++;
	}
	return 0;
}

int proc_zoneinfo(struct proc_zone *zones, int max)
{
	char line[512], key[64], name[32];
	struct proc_zone *z = NULL;
	int n = 0, node;
	FILE *f;

	f = fopen("/proc/zoneinfo", "re");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		unsigned long long v;

		if (sscanf(line, "Node %d, zone %31s", &node, name) == 2) {
			/* keep the previous zone only if it is populated */
			if (z && z->present)
				n++;
			z = NULL;
			if (n >= max)
				break;
			z = &zones[n];
			memset(z, 0, sizeof(*z));
			z->node = node;
			strcpy(z->name, name);
			continue;
		}
		if (!z)
			continue;
		if (sscanf(line, " pages free %llu", &v) == 1) {
			z->free = v;
			continue;
		}
		if (sscanf(line, " %63s", key) != 1)
			continue;
		if (!strcmp(key, "protection:")) {
			if (parse_protection(line, z)) {
				fclose(f);
				return -EINVAL;
			}
			continue;
		}
		if (sscanf(line, " %63s %llu", key, &v) != 2)
			continue;
		if (!strcmp(key, "boost"))
			z->boost = v;
		else if (!strcmp(key, "min"))
			z->min = v;
		else if (!strcmp(key, "low"))
			z->low = v;
		else if (!strcmp(key, "high"))
			z->high = v;
		else if (!strcmp(key, "promo"))
			z->promo = v, z->has_promo = true;
		else if (!strcmp(key, "spanned"))
			z->spanned = v;
		else if (!strcmp(key, "present"))
			z->present = v;
		else if (!strcmp(key, "managed"))
			z->managed = v;
		else if (!strcmp(key, "cma"))
			z->cma = v;
		else if (!strcmp(key, "start_pfn:"))
			z->start_pfn = v;
	}
	if (z && z->present && n < max)
		n++;
	fclose(f);
	return n;
}

int proc_buddyinfo(const char *path, struct proc_buddy *b, int max)
{
	char line[512], name[32];
	int n = 0, node, off;
	FILE *f;

	f = fopen(path, "re");
	if (!f)
		return -errno;
	while (n < max && fgets(line, sizeof(line), f)) {
		char *p, *end;

		if (sscanf(line, "Node %d, zone %31s%n", &node, name, &off) != 2)
			continue;
		b[n].node = node;
		strcpy(b[n].name, name);
		b[n].nr_orders = 0;
		for (p = line + off; b[n].nr_orders < PROC_MAX_ORDERS; p = end) {
			uint64_t v = strtoull(p, &end, 10);

			if (end == p)
				break;
			b[n].free[b[n].nr_orders++] = v;
		}
		n++;
	}
	fclose(f);
	return n;
}

int proc_pagetypeinfo(const char *path, struct proc_pagetype *pt, int max)
{
	char line[512], zone[32], type[32];
	int n = 0, node, off;
	FILE *f;

	f = fopen(path, "re");
	if (!f)
		return -errno;
	while (n < max && fgets(line, sizeof(line), f)) {
		struct proc_pagetype *p = &pt[n];
		char *s, *end;

		if (sscanf(line, "Node %d, zone %31[^,], type %31s%n",
			   &node, zone, type, &off) != 3)
			continue;
		memset(p, 0, sizeof(*p));
		p->node = node;
		/* the zone name is right-aligned: drop the padding */
		s = zone;
		while (*s == ' ')
			s++;
		strcpy(p->zone, s);
		strcpy(p->type, type);
		for (s = line + off; p->nr_orders < PROC_MAX_ORDERS; s = end) {
			bool capped = false;
			uint64_t v;

			while (*s == ' ')
				s++;
			if (*s == '>') {
				capped = true;
				s++;
			}
			v = strtoull(s, &end, 10);
			if (end == s)
				break;
			p->capped[p->nr_orders] = capped;
			p->count[p->nr_orders++] = v;
		}
		n++;
	}
	fclose(f);
	return n;
}

int proc_slabinfo(const char *path, struct proc_slab *s, int max)
{
	char line[512];
	int n = 0;
	FILE *f;

	f = fopen(path, "re");
	if (!f)
		return -errno;
	while (n < max && fgets(line, sizeof(line), f)) {
		struct proc_slab *p = &s[n];
		unsigned long long a, o, as, ns;

		if (!strncmp(line, "slabinfo - ", 11) || line[0] == '#')
			continue;
		if (sscanf(line, "%127s %llu %llu %u %u %u : tunables %*u %*u %*u : slabdata %llu %llu",
			   p->name, &a, &o, &p->objsize, &p->objperslab, &p->pagesperslab,
			   &as, &ns) != 8) {
			fclose(f);
			return -EINVAL;
		}
		p->active_objs = a;
		p->num_objs = o;
		p->active_slabs = as;
		p->num_slabs = ns;
		n++;
	}
	fclose(f);
	return n;
}
