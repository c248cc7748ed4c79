// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * The workload of faults_test.sh. Each mode maps a range, prints "addr START END", waits
 * for a line on stdin, makes a known number of faults in the range between two
 * getrusage() calls and prints the process's own count ("minflt D majflt D"), then waits
 * for stdin to close, so that the VMA still exists while the tool reads its name.
 *
 *	faults_target anon N		write N fresh anonymous pages (MADV_NOHUGEPAGE)
 *	faults_target cow M		touch M pages, then fork: the child writes them
 *	faults_target file PATH N	read N pages of a file mapping, first time
 *	faults_target reuse N		write N pages; after "go" (the test has cleared the
 *					soft-dirty bits: write-protected), write them again
 *	faults_target swap N		write N pages and page them out (MADV_PAGEOUT); print
 *					"swapped K", the pages whose pte is now a swap entry
 *					(pagemap bit 62); after "go", read the N pages
 *	faults_target progs		the names of the loaded BPF programs (bpf(2), no libbpf)
 */
#include <fcntl.h>
#include <linux/bpf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT 21
#endif

static long page;

static void wait_line(void)
{
	char buf[64];

	if (!fgets(buf, sizeof(buf), stdin))
		exit(1);
}

static void wait_eof(void)
{
	char buf[64];

	while (fgets(buf, sizeof(buf), stdin))
		;
}

static char *map_anon(size_t pages)
{
	char *p = mmap(NULL, pages * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		       -1, 0);

	if (p == MAP_FAILED) {
		perror("mmap");
		exit(1);
	}
	/* one fault per page: no THP */
	if (madvise(p, pages * page, MADV_NOHUGEPAGE))
		perror("madvise");
	return p;
}

/* The loop that faults: called once on nothing first, so that its own code is mapped. */
static void __attribute__((noinline)) touch(volatile char *p, size_t pages, int write)
{
	size_t i;

	for (i = 0; i < pages; i++) {
		if (write)
			p[i * page] = 1;
		else
			(void)p[i * page];
	}
}

static void report(const char *who, const struct rusage *a, const struct rusage *b)
{
	printf("%sminflt %ld majflt %ld\n", who, b->ru_minflt - a->ru_minflt,
	       b->ru_majflt - a->ru_majflt);
	fflush(stdout);
}

/* Print the range, wait for "go", then fault each page once and report the count. */
static void ready_then_touch(char *p, size_t pages, int write)
{
	struct rusage a, b;

	printf("addr %lx %lx\n", (unsigned long)p, (unsigned long)p + pages * page);
	fflush(stdout);
	wait_line();
	getrusage(RUSAGE_SELF, &a);
	touch(p, pages, write);
	getrusage(RUSAGE_SELF, &b);
	report("", &a, &b);
}

/* How many of the pages at p have a swap entry in their pte: /proc/self/pagemap bit 62. */
static size_t swapped(const char *p, size_t pages)
{
	size_t i, k = 0;
	uint64_t e;
	int fd = open("/proc/self/pagemap", O_RDONLY);

	if (fd < 0) {
		perror("pagemap");
		exit(1);
	}
	for (i = 0; i < pages; i++) {
		off_t off = ((uintptr_t)p / page + i) * sizeof(e);

		if (pread(fd, &e, sizeof(e), off) != sizeof(e)) {
			perror("pagemap");
			exit(1);
		}
		k += (e >> 62) & 1;
	}
	close(fd);
	return k;
}

static int progs(void)
{
	union bpf_attr attr;
	__u32 id = 0;

	for (;;) {
		struct bpf_prog_info info;
		int fd;

		memset(&attr, 0, sizeof(attr));
		attr.start_id = id;
		if (syscall(__NR_bpf, BPF_PROG_GET_NEXT_ID, &attr, sizeof(attr)))
			return 0;
		id = attr.next_id;
		memset(&attr, 0, sizeof(attr));
		attr.prog_id = id;
		fd = syscall(__NR_bpf, BPF_PROG_GET_FD_BY_ID, &attr, sizeof(attr));
		if (fd < 0)
			continue;
		memset(&info, 0, sizeof(info));
		memset(&attr, 0, sizeof(attr));
		attr.info.bpf_fd = fd;
		attr.info.info_len = sizeof(info);
		attr.info.info = (__u64)(unsigned long)&info;
		if (!syscall(__NR_bpf, BPF_OBJ_GET_INFO_BY_FD, &attr, sizeof(attr)))
			printf("%u %s\n", id, info.name);
		close(fd);
	}
}

int main(int argc, char *argv[])
{
	size_t n;
	char *p;

	page = sysconf(_SC_PAGESIZE);
	if (argc == 2 && !strcmp(argv[1], "progs"))
		return progs();
	if (argc < 3)
		return 2;
	n = strtoul(argv[argc - 1], NULL, 0);

	if (!strcmp(argv[1], "anon")) {
		p = map_anon(n);
		touch(p, 0, 1);
		ready_then_touch(p, n, 1);
	} else if (!strcmp(argv[1], "swap")) {
		p = map_anon(n);
		touch(p, n, 1);
		if (madvise(p, n * page, MADV_PAGEOUT))
			perror("madvise(MADV_PAGEOUT)");
		printf("swapped %zu\n", swapped(p, n));
		ready_then_touch(p, n, 0);
	} else if (!strcmp(argv[1], "reuse")) {
		p = map_anon(n);
		touch(p, n, 1);
		ready_then_touch(p, n, 1);
	} else if (!strcmp(argv[1], "cow")) {
		pid_t child;

		p = map_anon(n);
		touch(p, n, 1);
		printf("addr %lx %lx\n", (unsigned long)p, (unsigned long)p + n * page);
		fflush(stdout);
		wait_line();
		child = fork();
		if (child < 0)
			return 1;
		if (!child) {
			struct rusage a, b;

			/* its own stack is shared copy-on-write too: write it first */
			memset(&a, 0, sizeof(a));
			memset(&b, 0, sizeof(b));
			getrusage(RUSAGE_SELF, &a);
			touch(p, n, 1);
			getrusage(RUSAGE_SELF, &b);
			printf("child %d ", (int)getpid());
			report("", &a, &b);
			_exit(0);
		}
		waitpid(child, NULL, 0);
		printf("done\n");
		fflush(stdout);
	} else if (!strcmp(argv[1], "file") && argc == 4) {
		int fd = open(argv[2], O_RDONLY);

		if (fd < 0) {
			perror(argv[2]);
			return 1;
		}
		p = mmap(NULL, n * page, PROT_READ, MAP_PRIVATE, fd, 0);
		if (p == MAP_FAILED) {
			perror("mmap");
			return 1;
		}
		touch(p, 0, 0);
		ready_then_touch(p, n, 0);
	} else {
		return 2;
	}
	wait_eof();
	return 0;
}
