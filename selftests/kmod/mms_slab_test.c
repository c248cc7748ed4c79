// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * A slab cache of its own, "mmscope_test", for slab_test: objects are allocated and freed
 * on command, so that the test knows exactly what the cache's counts must be.
 *
 * /sys/kernel/debug/mms_slab_test/ctl takes one command per write:
 *	alloc N		allocate N objects (appended to the ones held)
 *	free N		free the N objects held longest
 *	shrink		kmem_cache_shrink(): per-CPU slabs back to the node, empty slabs freed
 * and reads back "held N". With debug=1 the cache checks its objects (and so takes them
 * from its slabs one at a time).
 */
#include <linux/debugfs.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

#define MST_NAME	"mmscope_test"
#define MST_OBJ_SIZE	200
#define MST_MAX		BIT(20)
#define MST_FLAGS	(SLAB_HWCACHE_ALIGN | SLAB_RECLAIM_ACCOUNT)

/*
 * A cache with consistency checks allocates one object at a time from its slabs, without
 * per-CPU slabs or sheaves (which take objects in batches, in no order a test can predict):
 * its slab counts are known exactly too, on every kernel.
 */
static bool debug;
module_param(debug, bool, 0444);
MODULE_PARM_DESC(debug, "create the cache with SLAB_CONSISTENCY_CHECKS");

static struct kmem_cache *mst_cache;
static struct dentry *mst_dir;
static DEFINE_MUTEX(mst_lock);
static void **mst_objs;
static unsigned long mst_first, mst_held;	/* a FIFO: mst_objs[mst_first ..] */

/* A constructor keeps the cache from being merged with another one. */
static void mst_ctor(void *obj)
{
	memset(obj, 0, MST_OBJ_SIZE);
}

static int mst_alloc(unsigned long n)
{
	if (n > MST_MAX - mst_first - mst_held)
		return -ENOSPC;
	while (n--) {
		void *obj = kmem_cache_alloc(mst_cache, GFP_KERNEL);

		if (!obj)
			return -ENOMEM;
		mst_objs[mst_first + mst_held++] = obj;
	}
	return 0;
}

static int mst_free(unsigned long n)
{
	if (n > mst_held)
		return -EINVAL;
	while (n--) {
		kmem_cache_free(mst_cache, mst_objs[mst_first++]);
		mst_held--;
	}
	if (!mst_held)
		mst_first = 0;
	return 0;
}

static ssize_t mst_write(struct file *file, const char __user *ubuf, size_t len,
			 loff_t *ppos)
{
	char buf[64], cmd[16];
	unsigned long n = 0;
	int err = 0;

	if (len >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = '\0';
	if (sscanf(buf, "%15s %lu", cmd, &n) < 1)
		return -EINVAL;

	mutex_lock(&mst_lock);
	if (!strcmp(cmd, "alloc"))
		err = mst_alloc(n);
	else if (!strcmp(cmd, "free"))
		err = mst_free(n);
	else if (!strcmp(cmd, "shrink"))
		kmem_cache_shrink(mst_cache);	/* non-zero when slabs are left: expected */
	else
		err = -EINVAL;
	mutex_unlock(&mst_lock);
	return err ?: len;
}

static ssize_t mst_read(struct file *file, char __user *ubuf, size_t len, loff_t *ppos)
{
	char buf[32];
	int n;

	mutex_lock(&mst_lock);
	n = scnprintf(buf, sizeof(buf), "held %lu\n", mst_held);
	mutex_unlock(&mst_lock);
	return simple_read_from_buffer(ubuf, len, ppos, buf, n);
}

static const struct file_operations mst_fops = {
	.owner	= THIS_MODULE,
	.read	= mst_read,
	.write	= mst_write,
	.llseek	= default_llseek,
};

static int __init mst_init(void)
{
	mst_objs = vmalloc_array(MST_MAX, sizeof(*mst_objs));
	if (!mst_objs)
		return -ENOMEM;
	mst_cache = kmem_cache_create(MST_NAME, MST_OBJ_SIZE, 0,
				      MST_FLAGS | (debug ? SLAB_CONSISTENCY_CHECKS : 0), mst_ctor);
	if (!mst_cache) {
		vfree(mst_objs);
		return -ENOMEM;
	}
	mst_dir = debugfs_create_dir("mms_slab_test", NULL);
	debugfs_create_file("ctl", 0600, mst_dir, NULL, &mst_fops);
	return 0;
}

static void __exit mst_exit(void)
{
	debugfs_remove_recursive(mst_dir);
	mst_free(mst_held);
	kmem_cache_destroy(mst_cache);
	vfree(mst_objs);
}

module_init(mst_init);
module_exit(mst_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("mmscope selftests: a slab cache moved by known numbers");
MODULE_AUTHOR("The mmscope authors");
