// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * Out-of-line helpers of the compat layer.
 */
#include <linux/slab.h>
#include <linux/string.h>
#include <net/genetlink.h>

#ifdef MMS_HAVE_GENL_SPLIT_OPS

int mms_genl_register_family(struct genl_family *family, const struct genl_split_ops *ops,
			     unsigned int n_ops)
{
	family->split_ops = ops;
	family->n_split_ops = n_ops;
	return genl_register_family(family);
}

void mms_genl_unregister_family(struct genl_family *family)
{
	genl_unregister_family(family);
}

#else /* !MMS_HAVE_GENL_SPLIT_OPS */

/*
 * Before split ops, a command has one genl_ops entry for do and dump, with one policy:
 * fold the split table into that, merging a command's do and dump policies.
 */
static struct genl_ops *mms_genl_ops;
static void *mms_genl_policies[32];
static unsigned int mms_genl_nr_policies;

static const struct nla_policy *mms_merge_policy(const struct genl_ops *a,
						 const struct genl_split_ops *b,
						 unsigned int *maxattr)
{
	static const struct nla_policy empty;
	unsigned int max = max(a->maxattr, b->maxattr), i;
	struct nla_policy *p;

	if (mms_genl_nr_policies == ARRAY_SIZE(mms_genl_policies))
		return NULL;
	p = kcalloc(max + 1, sizeof(*p), GFP_KERNEL);
	if (!p)
		return NULL;
	for (i = 0; i <= max; i++) {
		/* memcpy: nla_policy has const members */
		if (i <= a->maxattr && memcmp(&a->policy[i], &empty, sizeof(empty)))
			memcpy(&p[i], &a->policy[i], sizeof(*p));
		else if (i <= b->maxattr)
			memcpy(&p[i], &b->policy[i], sizeof(*p));
	}
	mms_genl_policies[mms_genl_nr_policies++] = p;
	*maxattr = max;
	return p;
}

static void mms_free_ops(void)
{
	while (mms_genl_nr_policies)
		kfree(mms_genl_policies[--mms_genl_nr_policies]);
	kfree(mms_genl_ops);
	mms_genl_ops = NULL;
}

int mms_genl_register_family(struct genl_family *family, const struct genl_split_ops *ops,
			     unsigned int n_ops)
{
	unsigned int i, j, n = 0;
	int err;

	mms_genl_ops = kcalloc(n_ops, sizeof(*mms_genl_ops), GFP_KERNEL);
	if (!mms_genl_ops)
		return -ENOMEM;
	for (i = 0; i < n_ops; i++) {
		const struct genl_split_ops *s = &ops[i];
		struct genl_ops *o;

		for (j = 0; j < n && mms_genl_ops[j].cmd != s->cmd; j++)
			;
		o = &mms_genl_ops[j];
		if (j == n) {
			n++;
			o->cmd = s->cmd;
		}
		if (s->flags & GENL_CMD_CAP_DO) {
			o->doit = s->doit;
		} else {
			o->start = s->start;
			o->dumpit = s->dumpit;
			o->done = s->done;
		}
		o->flags |= s->flags & ~(GENL_CMD_CAP_DO | GENL_CMD_CAP_DUMP);
		o->validate |= s->validate;
		if (!s->policy)
			continue;
		if (!o->policy) {
			o->policy = s->policy;
			o->maxattr = s->maxattr;
		} else if (o->policy != s->policy) {
			o->policy = mms_merge_policy(o, s, &o->maxattr);
			if (!o->policy) {
				mms_free_ops();
				return -ENOMEM;
			}
		}
	}
	family->ops = mms_genl_ops;
	family->n_ops = n;
	err = genl_register_family(family);
	if (err)
		mms_free_ops();
	return err;
}

void mms_genl_unregister_family(struct genl_family *family)
{
	genl_unregister_family(family);
	mms_free_ops();
}

#endif /* MMS_HAVE_GENL_SPLIT_OPS */
