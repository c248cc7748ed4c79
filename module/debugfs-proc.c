// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * The debugfs renderer of a process's memory. Write "PID [START END]" to target, then read
 * vmas (maps-like lines with smaps-like counts) or ptdump (extents). Reads stream: each
 * read() runs bounded mmap_lock steps of the same walkers netlink uses (mms_mmap_steps())
 * and formats what they report, so a huge target is never held locked for the whole file.
 */
#include <linux/fs.h>
#include <linux/limits.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/pid.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <uapi/linux/mmscope.h>

#include "debugfs.h"
#include "proc.h"
#include "ptdump.h"
#include "stats.h"
#include "vmas.h"

static DEFINE_MUTEX(mms_target_lock);
static pid_t mms_target_pid;
static unsigned long mms_target_start, mms_target_end;

#define MMS_TEXT_SIZE	PAGE_SIZE

struct mms_proc_file {
	struct mutex lock;	/* reads that do not serialize on f_pos (io_uring) */
	struct pid *pid;
	bool vmas;		/* else ptdump */
	bool done;
	char *text;		/* formatted, not yet read */
	size_t len, off;
	char *namebuf;
	union {
		struct mms_vma_cursor vc;
		struct mms_ptdump pd;
	};
};

static ssize_t target_write(struct file *file, const char __user *ubuf, size_t count,
			    loff_t *ppos)
{
	unsigned long start = 0, end = TASK_SIZE_MAX;
	char buf[96];
	int pid, n;

	if (count >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = 0;
	n = sscanf(buf, "%d %lx %lx", &pid, &start, &end);
	if (n != 1 && n != 3)
		return -EINVAL;
	if (pid <= 0 || start >= end || start >= TASK_SIZE_MAX)
		return -EINVAL;
	mutex_lock(&mms_target_lock);
	mms_target_pid = pid;
	mms_target_start = start & PAGE_MASK;
	mms_target_end = PAGE_ALIGN(min(end, TASK_SIZE_MAX));
	mutex_unlock(&mms_target_lock);
	return count;
}

static ssize_t target_read(struct file *file, char __user *ubuf, size_t count, loff_t *ppos)
{
	char buf[96];
	int len;

	mutex_lock(&mms_target_lock);
	len = scnprintf(buf, sizeof(buf), "%d %lx %lx\n", mms_target_pid, mms_target_start,
			mms_target_end);
	mutex_unlock(&mms_target_lock);
	return simple_read_from_buffer(ubuf, count, ppos, buf, len);
}

static int target_open(struct inode *inode, struct file *file)
{
	return mms_debugfs_may_open(file);
}

static const struct file_operations target_fops = {
	.owner = THIS_MODULE,
	.open = target_open,
	.read = target_read,
	.write = target_write,
	.llseek = default_llseek,
};

static int mms_proc_open(struct inode *inode, struct file *file, bool vmas)
{
	struct mms_proc_file *pf;
	int err = mms_debugfs_may_open(file);

	if (err)
		return err;
	pf = kzalloc(sizeof(*pf), GFP_KERNEL_ACCOUNT);
	if (!pf)
		return -ENOMEM;
	mutex_init(&pf->lock);
	pf->vmas = vmas;
	pf->text = kmalloc(MMS_TEXT_SIZE, GFP_KERNEL_ACCOUNT);
	pf->namebuf = vmas ? kmalloc(PATH_MAX, GFP_KERNEL_ACCOUNT) : NULL;
	mutex_lock(&mms_target_lock);
	pf->pid = mms_target_pid ? find_get_pid(mms_target_pid) : NULL;
	if (!vmas)
		mms_ptdump_init(&pf->pd, mms_target_start, mms_target_end, true);
	mutex_unlock(&mms_target_lock);
	if (!pf->text || (vmas && !pf->namebuf) || !pf->pid) {
		/* no target written yet, or it is gone */
		err = pf->pid ? -ENOMEM : -ESRCH;
		put_pid(pf->pid);
		kfree(pf->namebuf);
		kfree(pf->text);
		kfree(pf);
		return err;
	}
	file->private_data = pf;
	mms_live_inc(MMS_LIVE_PROC_FILES);
	return nonseekable_open(inode, file);
}

static int mms_proc_release(struct inode *inode, struct file *file)
{
	struct mms_proc_file *pf = file->private_data;

	put_pid(pf->pid);
	kfree(pf->namebuf);
	kfree(pf->text);
	kfree(pf);
	mms_live_dec(MMS_LIVE_PROC_FILES);
	return 0;
}

/* Append a line; non-zero when it does not fit (the walker reports it again later). */
static __printf(2, 3) int mms_text(struct mms_proc_file *pf, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(pf->text + pf->len, MMS_TEXT_SIZE - pf->len, fmt, ap);
	va_end(ap);
	if (n >= MMS_TEXT_SIZE - pf->len) {
		pf->text[pf->len] = 0;
		return -ENOSPC;
	}
	pf->len += n;
	return 0;
}

static int mms_vma_line(struct vm_area_struct *vma, const struct mms_vma_counts *c, void *arg)
{
	struct mms_proc_file *pf = arg;
	struct mms_vma_info vi;

	mms_vma_read(vma, &vi, pf->namebuf, PATH_MAX);
	/* the maps line, then the counts and the flags */
	return mms_text(pf, "%08lx-%08lx %c%c%c%c %08llx %02x:%02x %-8llu %s\n"
			"    rss %lu kB swap %lu kB huge %lu kB anon %lu kB flags %#llx\n",
			vi.start, vi.end,
			vi.flags & MMSCOPE_VM_FLAGS_READ ? 'r' : '-',
			vi.flags & MMSCOPE_VM_FLAGS_WRITE ? 'w' : '-',
			vi.flags & MMSCOPE_VM_FLAGS_EXEC ? 'x' : '-',
			vi.flags & MMSCOPE_VM_FLAGS_MAYSHARE ? 's' : 'p',
			vi.pgoff, vi.dev_major, vi.dev_minor, vi.ino, vi.name,
			c->rss << (PAGE_SHIFT - 10), c->swap << (PAGE_SHIFT - 10),
			c->huge << (PAGE_SHIFT - 10), c->anon << (PAGE_SHIFT - 10), vi.flags);
}

static const char * const mms_state_names[] = {
	[MMSCOPE_PT_STATE_NONE] = "none",
	[MMSCOPE_PT_STATE_PRESENT] = "present",
	[MMSCOPE_PT_STATE_SWAP] = "swap",
	[MMSCOPE_PT_STATE_MIGRATION] = "migration",
	[MMSCOPE_PT_STATE_DEVICE] = "device",
	[MMSCOPE_PT_STATE_HWPOISON] = "hwpoison",
	[MMSCOPE_PT_STATE_MARKER] = "marker",
};

static const char * const mms_level_names[] = {
	[MMSCOPE_PT_LEVEL_PGD] = "pgd",
	[MMSCOPE_PT_LEVEL_P4D] = "p4d",
	[MMSCOPE_PT_LEVEL_PUD] = "pud",
	[MMSCOPE_PT_LEVEL_PMD] = "pmd",
	[MMSCOPE_PT_LEVEL_PTE] = "pte",
};

static int mms_extent_line(const struct mms_extent *e, void *arg)
{
	struct mms_proc_file *pf = arg;

	return mms_text(pf, "%016lx-%016lx %8lu %-9s %-3s pfn %-10lx bits %#x\n",
			e->start, e->end, e->pages, mms_state_names[e->state],
			mms_level_names[e->level], e->state ? e->pfn : 0, e->bits);
}

/* One step of either walk; non-zero once something was formatted, to hand it out. */
static int mms_proc_step(struct mm_struct *mm, void *arg, bool *done)
{
	struct mms_proc_file *pf = arg;
	int full;

	if (pf->vmas) {
		full = mms_vmas_step(mm, &pf->vc, mms_vma_line, pf, done);
	} else {
		full = mms_ptdump_step(mm, &pf->pd, mms_extent_line, pf);
		*done = pf->pd.done;
	}
	return full ?: pf->len != 0;
}

/* Refill pf->text from the walkers: bounded steps until something was formatted. */
static int mms_proc_fill(struct mms_proc_file *pf)
{
	struct mms_target t;
	const char *why;
	int err;

	pf->len = 0;
	pf->off = 0;
	err = mms_target_get(pf->pid, true, &t, &why);
	if (err)
		return err;
	err = mms_mmap_steps(t.mm, mms_proc_step, pf, &pf->done);
	mms_target_put(&t);
	return err;
}

static ssize_t mms_proc_read(struct file *file, char __user *ubuf, size_t count, loff_t *ppos)
{
	struct mms_proc_file *pf = file->private_data;
	size_t copied = 0;
	int err = 0;

	if (mutex_lock_killable(&pf->lock))
		return -EINTR;
	while (copied < count) {
		size_t n;

		if (pf->off == pf->len) {
			if (pf->done)
				break;
			err = mms_proc_fill(pf);
			if (err || !pf->len)
				break;
		}
		n = min(count - copied, pf->len - pf->off);
		if (copy_to_user(ubuf + copied, pf->text + pf->off, n)) {
			err = -EFAULT;
			break;
		}
		pf->off += n;
		copied += n;
		mms_stats_bytes(MMS_STATS_OUT_DEBUGFS, n);
	}
	mutex_unlock(&pf->lock);
	*ppos += copied;
	return copied ? copied : err;
}

static int vmas_open(struct inode *inode, struct file *file)
{
	return mms_proc_open(inode, file, true);
}

static int ptdump_open(struct inode *inode, struct file *file)
{
	return mms_proc_open(inode, file, false);
}

static const struct file_operations vmas_fops = {
	.owner = THIS_MODULE,
	.open = vmas_open,
	.read = mms_proc_read,
	.release = mms_proc_release,
};

static const struct file_operations ptdump_fops = {
	.owner = THIS_MODULE,
	.open = ptdump_open,
	.read = mms_proc_read,
	.release = mms_proc_release,
};

void mms_debugfs_proc_init(void)
{
	mms_debugfs_add("target", 0600, NULL, &target_fops);
	mms_debugfs_add("vmas", 0400, NULL, &vmas_fops);
	mms_debugfs_add("ptdump", 0400, NULL, &ptdump_fops);
}
