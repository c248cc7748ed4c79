// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * The debugfs renderer of a process's memory. Write "PID [START END]" to target, then read
 * vmas (maps-like lines with smaps-like counts) or ptdump (extents). Reads stream: each
 * read() runs bounded mmap_lock steps of the same walkers netlink uses (mms_mmap_steps())
 * and formats what they report, so a huge target is never held locked for the whole file.
 *
 * The target is per session: a write resolves PID in the writer's PID namespace to a
 * struct pid and keeps it for the writer's session (a shell and the commands it runs), so
 * two administrators in two sessions do not see each other's target. vmas and ptdump use
 * the target of their opener's session. The struct pid is held, not the number: when the
 * process exits, the files fail with ESRCH instead of showing whoever reuses the PID.
 */
#include <linux/fs.h>
#include <linux/limits.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/security.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <uapi/linux/mmscope.h>

#include "debugfs.h"
#include "proc.h"
#include "ptdump.h"
#include "stats.h"
#include "vmas.h"

/* The target of one session. */
struct mms_dbg_target {
	struct list_head list;
	struct pid *session;	/* the writer's session, referenced */
	struct pid *pid;	/* the target, referenced */
	unsigned long start, end;
};

/* Sessions with a target; those whose session ended are dropped at the next write. */
static LIST_HEAD(mms_targets);
static DEFINE_MUTEX(mms_target_lock);
#define MMS_MAX_TARGETS	64

/*
 * The longest line: a maps line whose name is a path of PATH_MAX bytes, each of which may
 * be escaped to 4 ("\012"), and its counts line. Any line fits an empty buffer.
 */
#define MMS_TEXT_SIZE	(4 * PATH_MAX + PAGE_SIZE)

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

static void mms_target_free(struct mms_dbg_target *t)
{
	list_del(&t->list);
	put_pid(t->session);
	put_pid(t->pid);
	kfree(t);
}

/* The entry of the current session, or NULL. Under mms_target_lock. */
static struct mms_dbg_target *mms_target_find(struct pid *session)
{
	struct mms_dbg_target *t;

	list_for_each_entry(t, &mms_targets, list)
		if (t->session == session)
			return t;
	return NULL;
}

/* Drop the entries of sessions that have no process left. Under mms_target_lock. */
static unsigned int mms_target_prune(void)
{
	struct mms_dbg_target *t, *next;
	unsigned int n = 0;

	list_for_each_entry_safe(t, next, &mms_targets, list) {
		if (!pid_has_task(t->session, PIDTYPE_SID))
			mms_target_free(t);
		else
			n++;
	}
	return n;
}

static ssize_t target_write(struct file *file, const char __user *ubuf, size_t count,
			    loff_t *ppos)
{
	unsigned long start = 0, end = TASK_SIZE_MAX;
	struct mms_dbg_target *t, *new;
	struct pid *session, *pid;
	char buf[96];
	int nr, n;

	if (count >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = 0;
	n = sscanf(buf, "%d %lx %lx", &nr, &start, &end);
	if (n != 1 && n != 3)
		return -EINVAL;
	if (nr <= 0 || start >= end || start >= TASK_SIZE_MAX)
		return -EINVAL;
	/* in the writer's PID namespace, now: a later reuse of the number does not count */
	pid = find_get_pid(nr);
	if (!pid)
		return -ESRCH;
	new = kzalloc(sizeof(*new), GFP_KERNEL_ACCOUNT);
	if (!new) {
		put_pid(pid);
		return -ENOMEM;
	}
	session = get_task_pid(current, PIDTYPE_SID);
	if (!session) {
		put_pid(pid);
		kfree(new);
		return -ESRCH;
	}

	mutex_lock(&mms_target_lock);
	t = mms_target_find(session);
	if (!t && mms_target_prune() >= MMS_MAX_TARGETS) {
		mutex_unlock(&mms_target_lock);
		put_pid(session);
		put_pid(pid);
		kfree(new);
		return -ENOSPC;
	}
	if (!t) {
		t = new;
		new = NULL;
		t->session = session;
		session = NULL;
		list_add(&t->list, &mms_targets);
	}
	swap(t->pid, pid);
	t->start = start & PAGE_MASK;
	t->end = PAGE_ALIGN(min(end, TASK_SIZE_MAX));
	mutex_unlock(&mms_target_lock);

	put_pid(pid);		/* the previous target, if any */
	put_pid(session);
	kfree(new);
	return count;
}

/* The session's target as the reader's PID namespace numbers it (0: none, or not there). */
static ssize_t target_read(struct file *file, char __user *ubuf, size_t count, loff_t *ppos)
{
	struct mms_dbg_target *t;
	struct pid *session;
	char buf[96];
	int len;

	session = get_task_pid(current, PIDTYPE_SID);
	mutex_lock(&mms_target_lock);
	t = mms_target_find(session);
	if (t)
		len = scnprintf(buf, sizeof(buf), "%d %lx %lx\n", pid_vnr(t->pid), t->start,
				t->end);
	else
		len = scnprintf(buf, sizeof(buf), "0 0 0\n");
	mutex_unlock(&mms_target_lock);
	put_pid(session);
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

static void mms_proc_file_free(struct mms_proc_file *pf)
{
	put_pid(pf->pid);
	kfree(pf->namebuf);
	kvfree(pf->text);
	kfree(pf);
}

static int mms_proc_open(struct inode *inode, struct file *file, bool vmas)
{
	struct mms_dbg_target *t;
	struct mms_proc_file *pf;
	struct pid *session;
	int err = mms_debugfs_may_open(file);

	if (err)
		return err;
	pf = kzalloc(sizeof(*pf), GFP_KERNEL_ACCOUNT);
	if (!pf)
		return -ENOMEM;
	mutex_init(&pf->lock);
	pf->vmas = vmas;
	pf->text = kvmalloc(MMS_TEXT_SIZE, GFP_KERNEL_ACCOUNT);
	pf->namebuf = vmas ? kmalloc(PATH_MAX, GFP_KERNEL_ACCOUNT) : NULL;
	if (!pf->text || (vmas && !pf->namebuf)) {
		mms_proc_file_free(pf);
		return -ENOMEM;
	}

	session = get_task_pid(current, PIDTYPE_SID);
	mutex_lock(&mms_target_lock);
	t = mms_target_find(session);
	if (t) {
		pf->pid = get_pid(t->pid);
		/*
		 * Lockdown refuses writes to target, but one written before it stays:
		 * no frames then, as on netlink.
		 */
		if (!vmas)
			mms_ptdump_init(&pf->pd, t->start, t->end,
					!security_locked_down(LOCKDOWN_DEBUGFS));
	}
	mutex_unlock(&mms_target_lock);
	put_pid(session);
	/* no target written in this session, or it has exited: never another process */
	if (!pf->pid || !pid_has_task(pf->pid, PIDTYPE_PID)) {
		mms_proc_file_free(pf);
		return -ESRCH;
	}
	file->private_data = pf;
	mms_live_inc(MMS_LIVE_PROC_FILES);
	return nonseekable_open(inode, file);
}

static int mms_proc_release(struct inode *inode, struct file *file)
{
	mms_proc_file_free(file->private_data);
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
	if (n >= MMS_TEXT_SIZE - pf->len)
		return -ENOSPC;
	pf->len += n;
	return 0;
}

/*
 * Append a VMA's name as /proc/PID/maps shows it (seq_file_path(m, file, "\n")): a newline
 * becomes \012, so that a file name cannot make a line of its own.
 */
static int mms_text_name(struct mms_proc_file *pf, const char *name)
{
	size_t len = pf->len;

	for (; *name; name++) {
		if (MMS_TEXT_SIZE - len < 5)
			return -ENOSPC;
		if (*name == '\n') {
			memcpy(pf->text + len, "\\012", 4);
			len += 4;
		} else {
			pf->text[len++] = *name;
		}
	}
	pf->len = len;
	return 0;
}

static int mms_vma_line(struct vm_area_struct *vma, const struct mms_vma_counts *c, void *arg)
{
	struct mms_proc_file *pf = arg;
	size_t len = pf->len;
	struct mms_vma_info vi;

	mms_vma_read(vma, &vi, pf->namebuf, PATH_MAX);
	/* the maps line, then the counts and the flags; all of it, or nothing */
	if (mms_text(pf, "%08lx-%08lx %c%c%c%c %08llx %02x:%02x %-8llu ",
		     vi.start, vi.end,
		     vi.flags & MMSCOPE_VM_FLAGS_READ ? 'r' : '-',
		     vi.flags & MMSCOPE_VM_FLAGS_WRITE ? 'w' : '-',
		     vi.flags & MMSCOPE_VM_FLAGS_EXEC ? 'x' : '-',
		     vi.flags & MMSCOPE_VM_FLAGS_MAYSHARE ? 's' : 'p',
		     vi.pgoff, vi.dev_major, vi.dev_minor, vi.ino) ||
	    mms_text_name(pf, vi.name) ||
	    mms_text(pf, "\n    rss %lu kB swap %lu kB huge %lu kB anon %lu kB flags %#llx\n",
		     c->rss << (PAGE_SHIFT - 10), c->swap << (PAGE_SHIFT - 10),
		     c->huge << (PAGE_SHIFT - 10), c->anon << (PAGE_SHIFT - 10), vi.flags)) {
		pf->len = len;
		return -ENOSPC;
	}
	return 0;
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
	unsigned long pfn = pf->pd.with_pfn && e->state ? e->pfn : 0;

	return mms_text(pf, "%016lx-%016lx %8lu %-9s %-3s pfn %-10lx bits %#x\n",
			e->start, e->end, e->pages, mms_state_names[e->state],
			mms_level_names[e->level], pfn, e->bits);
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

void mms_debugfs_proc_exit(void)
{
	struct mms_dbg_target *t, *next;

	mutex_lock(&mms_target_lock);
	list_for_each_entry_safe(t, next, &mms_targets, list)
		mms_target_free(t);
	mutex_unlock(&mms_target_lock);
}
