// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The mmscope authors.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "procmaps.h"

int proc_smaps(pid_t pid, struct proc_vma *v, int max)
{
	char path[64], line[4200];
	struct proc_vma *cur = NULL;
	int n = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/smaps", pid);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		unsigned long long a, b, off, ino, kb;
		unsigned int maj, min;
		char perms[8], key[64];
		int pos = 0;

		if (sscanf(line, "%llx-%llx %7s %llx %x:%x %llu%n", &a, &b, perms, &off, &maj,
			   &min, &ino, &pos) == 7) {
			/*
			 * [vsyscall] (vsyscall=xonly or emulate): /proc adds the gate area from
			 * get_gate_vma(); it is not in the mm's VMA tree, which mmscope lists.
			 */
			if (a >= 0xffff800000000000ULL) {
				cur = NULL;
				continue;
			}
			if (n >= max)
				break;
			cur = &v[n++];
			memset(cur, 0, sizeof(*cur));
			cur->start = a;
			cur->end = b;
			cur->offset = off;
			cur->inode = ino;
			cur->dev_major = maj;
			cur->dev_minor = min;
			strcpy(cur->perms, perms);
			{
				char *p = line + pos;

				while (*p == ' ')
					p++;
				p[strcspn(p, "\n")] = 0;
				snprintf(cur->path, sizeof(cur->path), "%s", p);
			}
			continue;
		}
		if (!cur || sscanf(line, "%63s %llu kB", key, &kb) != 2)
			continue;
		if (!strcmp(key, "Rss:"))
			cur->rss = kb;
		else if (!strcmp(key, "Swap:"))
			cur->swap = kb;
		else if (!strcmp(key, "AnonHugePages:"))
			cur->anon_huge = kb;
		else if (!strcmp(key, "Private_Hugetlb:"))
			cur->private_hugetlb = kb;
		else if (!strcmp(key, "Shared_Hugetlb:"))
			cur->shared_hugetlb = kb;
	}
	fclose(f);
	return n;
}

int proc_pagemap(pid_t pid, uint64_t start, uint64_t n, uint64_t *out)
{
	char path[64];
	ssize_t len;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/pagemap", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	len = pread(fd, out, n * 8, (start / 4096) * 8);
	close(fd);
	return len == (ssize_t)(n * 8) ? 0 : -EIO;
}

static int64_t kpage_read(const char *path, uint64_t pfn)
{
	uint64_t v;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t len;

	if (fd < 0)
		return -errno;
	len = pread(fd, &v, 8, pfn * 8);
	close(fd);
	return len == 8 ? (int64_t)v : -EIO;
}

int64_t proc_kpagecount(uint64_t pfn)
{
	return kpage_read("/proc/kpagecount", pfn);
}

int64_t proc_kpageflags(uint64_t pfn)
{
	return kpage_read("/proc/kpageflags", pfn);
}
