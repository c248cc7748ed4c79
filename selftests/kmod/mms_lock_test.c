// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * Holds a process's mmap_lock for writing on command, as a large fork or an mlock of a
 * big region would, so that lockwait_test can show who waits meanwhile and who does not.
 *
 * /sys/kernel/debug/mms_lock_test/hold takes "PID MS": the write takes the mm's
 * mmap_lock for writing and holds it until a write to release, or MS milliseconds (at most
 * 600000) have passed, then drops it and returns. The test ends the hold itself, so a slow
 * machine (TCG, KASAN, other VMs) cannot make it end before the test has looked; the wait
 * is interruptible, so the hung-task detector does not take it for a stuck task.
 * /sys/kernel/debug/mms_lock_test/held reads 1 while a hold lasts, else 0.
 */
#include <linux/atomic.h>
#include <linux/debugfs.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/mmap_lock.h>
#include <linux/module.h>
#include <linux/pid.h>
#include <linux/sched/mm.h>
#include <linux/sched/task.h>
#include <linux/uaccess.h>
#include <linux/wait.h>

#define MLT_MAX_MS	600000

static struct dentry *mlt_dir;
static atomic_t mlt_held = ATOMIC_INIT(0);
static atomic_t mlt_release = ATOMIC_INIT(0);
static DECLARE_WAIT_QUEUE_HEAD(mlt_wq);

static ssize_t hold_write(struct file *file, const char __user *ubuf, size_t count,
			  loff_t *ppos)
{
	struct task_struct *task;
	struct mm_struct *mm;
	struct pid *pid;
	unsigned int ms;
	char buf[32];
	int nr;

	if (count >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = '\0';
	if (sscanf(buf, "%d %u", &nr, &ms) != 2 || ms > MLT_MAX_MS)
		return -EINVAL;
	pid = find_get_pid(nr);
	task = get_pid_task(pid, PIDTYPE_PID);
	put_pid(pid);
	if (!task)
		return -ESRCH;
	mm = get_task_mm(task);
	put_task_struct(task);
	if (!mm)
		return -ESRCH;
	atomic_set(&mlt_release, 0);
	mmap_write_lock(mm);
	atomic_set(&mlt_held, 1);
	wait_event_interruptible_timeout(mlt_wq, atomic_read(&mlt_release),
					 msecs_to_jiffies(ms));
	atomic_set(&mlt_held, 0);
	mmap_write_unlock(mm);
	mmput(mm);
	return count;
}

static ssize_t release_write(struct file *file, const char __user *ubuf, size_t count,
			     loff_t *ppos)
{
	atomic_set(&mlt_release, 1);
	wake_up(&mlt_wq);
	return count;
}

static ssize_t held_read(struct file *file, char __user *ubuf, size_t count, loff_t *ppos)
{
	char buf[4];
	int n = scnprintf(buf, sizeof(buf), "%d\n", atomic_read(&mlt_held));

	return simple_read_from_buffer(ubuf, count, ppos, buf, n);
}

static const struct file_operations hold_fops = {
	.owner = THIS_MODULE,
	.write = hold_write,
};

static const struct file_operations release_fops = {
	.owner = THIS_MODULE,
	.write = release_write,
};

static const struct file_operations held_fops = {
	.owner = THIS_MODULE,
	.read = held_read,
};

static int __init mlt_init(void)
{
	mlt_dir = debugfs_create_dir("mms_lock_test", NULL);
	debugfs_create_file("hold", 0200, mlt_dir, NULL, &hold_fops);
	debugfs_create_file("release", 0200, mlt_dir, NULL, &release_fops);
	debugfs_create_file("held", 0400, mlt_dir, NULL, &held_fops);
	return 0;
}

static void __exit mlt_exit(void)
{
	debugfs_remove_recursive(mlt_dir);
}

module_init(mlt_init);
module_exit(mlt_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("mmscope selftest: hold a process's mmap_lock for writing");
