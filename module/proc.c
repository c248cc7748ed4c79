// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The mmscope authors.
 */
#include <linux/cred.h>
#include <linux/pid.h>
#include <linux/rwsem.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>

#include "compat/compat-proc.h"
#include "proc.h"

/*
 * ptrace_may_access() and mm_access() are not exported. An unprivileged caller may look
 * at a process the way PTRACE_MODE_READ_FSCREDS lets it open /proc/PID/maps, narrowed:
 * its fsuid and fsgid match all of the target's uids and gids, and the mm is dumpable
 * (SUID_DUMP_USER). The kernel would also admit CAP_SYS_PTRACE in the target's user
 * namespace; mmscope admits only CAP_SYS_ADMIN in the initial one (the privileged path).
 * Called with the target's exec_update_lock held for reading, as mm_access() does: a
 * setuid exec installs its new mm before its new credentials, both under that lock held
 * for writing, so creds and mm are read as one consistent pair.
 */
static bool mms_may_read(struct task_struct *task, struct mm_struct *mm, const char **why)
{
	const struct cred *tcred;
	kuid_t uid = current_fsuid();
	kgid_t gid = current_fsgid();
	bool ok;

	*why = KBUILD_MODNAME ": another user's process: CAP_SYS_ADMIN is required";
	rcu_read_lock();
	tcred = __task_cred(task);
	ok = uid_eq(uid, tcred->euid) && uid_eq(uid, tcred->suid) && uid_eq(uid, tcred->uid) &&
	     gid_eq(gid, tcred->egid) && gid_eq(gid, tcred->sgid) && gid_eq(gid, tcred->gid);
	rcu_read_unlock();
	if (!ok)
		return false;
	/* dumpability after the credentials: pairs with the barrier in commit_creds() */
	smp_rmb();
	if (!mms_mm_user_dumpable(task, mm)) {
		*why = KBUILD_MODNAME ": the process is not dumpable: CAP_SYS_ADMIN is required";
		return false;
	}
	return true;
}

int mms_target_get(struct pid *pid, bool privileged, struct mms_target *t, const char **why)
{
	int err;

	t->task = get_pid_task(pid, PIDTYPE_PID);
	t->mm = NULL;
	if (!t->task) {
		*why = KBUILD_MODNAME ": no such process (it may have exited)";
		return -ESRCH;
	}
	if (t->task->flags & PF_KTHREAD) {
		*why = KBUILD_MODNAME ": a kernel thread has no user address space";
		err = -EINVAL;
		goto err_task;
	}
	/* killable: an exec may hold it for writing while it waits on a FUSE flush */
	err = down_read_killable(&t->task->signal->exec_update_lock);
	if (err) {
		*why = KBUILD_MODNAME ": interrupted while the process was in exec";
		goto err_task;
	}
	t->mm = get_task_mm(t->task);
	if (!t->mm) {
		up_read(&t->task->signal->exec_update_lock);
		*why = KBUILD_MODNAME ": the process is exiting or a zombie: no address space";
		err = -ESRCH;
		goto err_task;
	}
	if (!privileged && t->mm != current->mm && !mms_may_read(t->task, t->mm, why)) {
		up_read(&t->task->signal->exec_update_lock);
		mms_target_put(t);
		return -EPERM;
	}
	up_read(&t->task->signal->exec_update_lock);
	return 0;

err_task:
	put_task_struct(t->task);
	t->task = NULL;
	return err;
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
