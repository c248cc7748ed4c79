// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The mmscope authors.
 */
#include <linux/cred.h>
#include <linux/pid.h>
#include <linux/sched/coredump.h>
#include <linux/sched/mm.h>
#include <linux/sched/task.h>

#include "proc.h"

/*
 * ptrace_may_access() is not exported: allow an unprivileged caller only the processes
 * that are plainly its own (all of its uids and gids match, and the mm is dumpable), the
 * way /proc/PID/pagemap would let it read them.
 */
static bool mms_own_task(struct task_struct *task, struct mm_struct *mm, const char **why)
{
	const struct cred *me = current_cred(), *tcred;
	bool ok;

#ifndef MMS_HAVE_GET_DUMPABLE
	/* without a way to ask whether the task is dumpable, do not guess */
	*why = KBUILD_MODNAME
	       ": this kernel does not let mmscope check dumpability: CAP_SYS_ADMIN is required";
	return false;
#endif
	*why = KBUILD_MODNAME ": another user's process: CAP_SYS_ADMIN is required";

	rcu_read_lock();
	tcred = __task_cred(task);
	ok = uid_eq(me->uid, tcred->euid) && uid_eq(me->uid, tcred->suid) &&
	     uid_eq(me->uid, tcred->uid) && gid_eq(me->gid, tcred->egid) &&
	     gid_eq(me->gid, tcred->sgid) && gid_eq(me->gid, tcred->gid);
	rcu_read_unlock();
	if (!ok)
		return false;
#ifdef MMS_HAVE_GET_DUMPABLE
	if (get_dumpable(mm) != SUID_DUMP_USER) {
		*why = KBUILD_MODNAME
		       ": the process is not dumpable: CAP_SYS_ADMIN is required";
		return false;
	}
#endif
	return true;
}

int mms_target_get(struct pid *pid, bool privileged, struct mms_target *t, const char **why)
{
	t->task = get_pid_task(pid, PIDTYPE_PID);
	t->mm = NULL;
	if (!t->task) {
		*why = KBUILD_MODNAME ": no such process (it may have exited)";
		return -ESRCH;
	}
	if (t->task->flags & PF_KTHREAD) {
		*why = KBUILD_MODNAME ": a kernel thread has no user address space";
		goto err_inval;
	}
	t->mm = get_task_mm(t->task);
	if (!t->mm) {
		*why = KBUILD_MODNAME ": the process is exiting or a zombie: no address space";
		put_task_struct(t->task);
		t->task = NULL;
		return -ESRCH;
	}
	if (!privileged && !mms_own_task(t->task, t->mm, why)) {
		mms_target_put(t);
		return -EPERM;
	}
	return 0;

err_inval:
	put_task_struct(t->task);
	t->task = NULL;
	return -EINVAL;
}

void mms_target_put(struct mms_target *t)
{
	if (t->mm)
		mmput(t->mm);
	if (t->task)
		put_task_struct(t->task);
	t->mm = NULL;
	t->task = NULL;
}
