// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * A target that changes its address space as fast as it can, for the race test: threads
 * that mmap, touch, mprotect, mremap, madvise (DONTNEED, PAGEOUT) and munmap, and one that
 * forks children which touch memory and exit at once. Runs for SECONDS (default 10) or
 * until killed; prints its pid and an address that stays mapped, then works.
 *
 *	race_target [SECONDS]
 */
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT 21
#endif

#define PAGE	4096UL
#define NR_CHURN	3

static volatile int stop;

static uint64_t next(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void touch(char *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i += PAGE)
		p[i] = 1;
}

static void *churn(void *arg)
{
	uint64_t s = (uintptr_t)arg * 0x9e3779b97f4a7c15ULL + 1;

	while (!stop) {
		size_t len = (1 + next(&s) % 256) * PAGE, nlen;
		char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			       -1, 0), *q;

		if (p == MAP_FAILED)
			continue;
		touch(p, len);
		mprotect(p + PAGE * (next(&s) % (len / PAGE)), PAGE, PROT_READ);
		madvise(p, len / 2, MADV_DONTNEED);
		madvise(p, len, MADV_PAGEOUT);
		nlen = len + (next(&s) % 64) * PAGE;
		q = mremap(p, len, nlen, MREMAP_MAYMOVE);
		if (q != MAP_FAILED) {
			p = q;
			len = nlen;
			mprotect(p, len, PROT_READ | PROT_WRITE);
			touch(p, len);
		}
		if (next(&s) % 4 == 0)
			mprotect(p, len, PROT_NONE);
		munmap(p, len);
		usleep(500);	/* leave the walkers some of an emulated CPU */
	}
	return NULL;
}

static void *forker(void *arg)
{
	(void)arg;
	while (!stop) {
		pid_t pid = fork();

		if (pid == 0) {
			char *p = mmap(NULL, 64 * PAGE, PROT_READ | PROT_WRITE,
				       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

			if (p != MAP_FAILED)
				touch(p, 64 * PAGE);
			_exit(0);
		}
		if (pid > 0)
			waitpid(pid, NULL, 0);
		usleep(5000);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	int seconds = argc > 1 ? atoi(argv[1]) : 10;
	pthread_t t[NR_CHURN + 1];
	static char keep[16 * PAGE];
	uintptr_t i;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	touch(keep, sizeof(keep));
	printf("%d %#lx\n", getpid(), (unsigned long)keep);
	fflush(stdout);
	for (i = 0; i < NR_CHURN; i++)
		pthread_create(&t[i], NULL, churn, (void *)(i + 1));
	pthread_create(&t[NR_CHURN], NULL, forker, NULL);
	sleep(seconds);
	stop = 1;
	for (i = 0; i <= NR_CHURN; i++)
		pthread_join(t[i], NULL);
	return 0;
}
