// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * A process that maps FILE (on hugetlbfs) shared, 1 GiB at a 1 GiB-aligned address, so
 * that its PMD table can be shared with every other process doing the same
 * (huge_pmd_share()), touches its first NR huge pages, prints "ADDR" and then, for
 * SECONDS (0: until killed), unshares and reshares that table as fast as it can:
 * MADV_DONTNEED of the first huge page (huge_pmd_unshare()), a touch (share again), and
 * now and then munmap and a fresh mmap at the same place.
 *
 *	hugetlb_share FILE NR SECONDS
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define GIB	(1UL << 30)
#define HPAGE	(2UL << 20)

static char *map_at(int fd, char *at)
{
	char *p = mmap(at, GIB, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_NORESERVE | (at ? MAP_FIXED : 0), fd, 0);

	if (p == MAP_FAILED) {
		perror("mmap of the hugetlbfs file");
		exit(1);
	}
	return p;
}

static void touch(char *p, unsigned long nr)
{
	unsigned long i;

	for (i = 0; i < nr; i++)
		p[i * HPAGE] = (char)i + 1;
}

int main(int argc, char **argv)
{
	unsigned long nr, n = 0;
	time_t until;
	char *res, *at;
	int fd;

	if (argc != 4) {
		fprintf(stderr, "usage: %s FILE NR SECONDS\n", argv[0]);
		return 2;
	}
	nr = strtoul(argv[2], NULL, 0);
	until = atol(argv[3]);
	fd = open(argv[1], O_RDWR | O_CREAT, 0600);
	if (fd < 0 || ftruncate(fd, GIB)) {
		perror(argv[1]);
		return 1;
	}
	/* 2 GiB of address space, then the aligned 1 GiB inside it */
	res = mmap(NULL, 2 * GIB, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (res == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	at = (char *)(((uintptr_t)res + GIB - 1) & ~(GIB - 1));
	map_at(fd, at);
	touch(at, nr);
	printf("%#lx\n", (unsigned long)at);
	fflush(stdout);
	if (!until) {
		pause();
		return 0;
	}
	until += time(NULL);
	while (time(NULL) < until) {
		madvise(at, HPAGE, MADV_DONTNEED);
		touch(at, 1);
		if (++n % 16 == 0) {
			munmap(at, GIB);
			map_at(fd, at);
			touch(at, nr);
		}
	}
	printf("%lu rounds\n", n);
	return 0;
}
