/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * The compat layer's process-access helpers: included by proc.c only.
 */
#ifndef _MMSCOPE_COMPAT_PROC_H
#define _MMSCOPE_COMPAT_PROC_H

#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/coredump.h>
#ifdef MMS_HAVE_TASK_EXEC_STATE
#include <linux/sched/exec_state.h>
#endif

/*
 * Is the image the task runs dumpable by its owner (SUID_DUMP_USER, TASK_DUMPABLE_OWNER)?
 * Read with the task's exec_update_lock held, so that it belongs to mm. A kernel that
 * offers no way to ask gets false: unprivileged callers are refused rather than guessed at.
 */
static inline bool mms_mm_user_dumpable(struct task_struct *task, struct mm_struct *mm)
{
#if defined(MMS_HAVE_GET_DUMPABLE)
	return get_dumpable(mm) == SUID_DUMP_USER;
#elif defined(MMS_HAVE_TASK_EXEC_STATE)
	struct task_exec_state *es;
	bool ok;

	rcu_read_lock();
	es = rcu_dereference(task->exec_state);
	ok = es && READ_ONCE(es->dumpable) == TASK_DUMPABLE_OWNER;
	rcu_read_unlock();
	return ok;
#else
	return false;
#endif
}

#endif /* _MMSCOPE_COMPAT_PROC_H */
