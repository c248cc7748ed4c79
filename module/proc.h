/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * A process whose memory is inspected: found by PID, pinned the way /proc/PID/ files pin
 * it (a task reference and mmget), with the caller's right to see frames decided once.
 */
#ifndef _MMSCOPE_PROC_H
#define _MMSCOPE_PROC_H

#include <linux/sched.h>
#include <linux/mm_types.h>

struct pid;

struct mms_target {
	struct task_struct *task;
	struct mm_struct *mm;
};

/*
 * Take task and mm references for pid. Returns 0, or -errno with *why set to a message
 * (a string literal): no such process, a kernel thread, an exiting task, not allowed.
 * privileged: the caller has CAP_SYS_ADMIN; others may inspect their own processes only.
 */
int mms_target_get(struct pid *pid, bool privileged, struct mms_target *t, const char **why);
void mms_target_put(struct mms_target *t);

#endif /* _MMSCOPE_PROC_H */
