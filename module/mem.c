// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * The system's memory figures, read from the kernel's counters the way fs/proc/meminfo.c,
 * drivers/base/node.c (a node's meminfo) and mm/vmstat.c (/proc/vmstat) read them, so that
 * each equals the line it names. MemAvailable is computed here from its parts, as
 * si_mem_available() does, so that the parts shown beside it add up to it; for a node the
 * same formula runs over the node's own counters.
 */
#include <linux/hugetlb.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/mmzone.h>
#include <linux/slab.h>
#include <linux/swap.h>
#include <linux/vmstat.h>

#include "mem.h"
#include "resolve.h"

#define A(x)	MMSCOPE_A_MEM_##x

const char *const mms_mem_names[MMSCOPE_A_MEM_MAX + 1] = {
	[A(NODE)] = "node",
	[A(TOTAL)] = "total",
	[A(FREE)] = "free",
	[A(AVAILABLE)] = "available",
	[A(RESERVE)] = "reserve",
	[A(WMARK_LOW)] = "wmark-low",
	[A(BUFFERS)] = "buffers",
	[A(CACHED)] = "cached",
	[A(SWAP_CACHED)] = "swap-cached",
	[A(FILE_PAGES)] = "file-pages",
	[A(SHMEM)] = "shmem",
	[A(ACTIVE_ANON)] = "active-anon",
	[A(INACTIVE_ANON)] = "inactive-anon",
	[A(ACTIVE_FILE)] = "active-file",
	[A(INACTIVE_FILE)] = "inactive-file",
	[A(UNEVICTABLE)] = "unevictable",
	[A(MLOCKED)] = "mlocked",
	[A(DIRTY)] = "dirty",
	[A(WRITEBACK)] = "writeback",
	[A(ANON)] = "anon",
	[A(MAPPED)] = "mapped",
	[A(SLAB_RECLAIMABLE)] = "slab-reclaimable",
	[A(SLAB_UNRECLAIMABLE)] = "slab-unreclaimable",
	[A(KERNEL_MISC_RECLAIMABLE)] = "kernel-misc-reclaimable",
	[A(KERNEL_STACK)] = "kernel-stack",
	[A(PAGE_TABLES)] = "page-tables",
	[A(SWAP_TOTAL)] = "swap-total",
	[A(SWAP_FREE)] = "swap-free",
	[A(COMMITTED)] = "committed",
	[A(COMMIT_LIMIT)] = "commit-limit",
	[A(HUGETLB)] = "hugetlb",
	[A(OVERCOMMIT_POLICY)] = "overcommit-policy",
	[A(OVERCOMMIT_RATIO)] = "overcommit-ratio",
	[A(OVERCOMMIT_KBYTES)] = "overcommit-kbytes",
	[A(PGPGIN)] = "pgpgin",
	[A(PGPGOUT)] = "pgpgout",
	[A(PSWPIN)] = "pswpin",
	[A(PSWPOUT)] = "pswpout",
	[A(PGFAULT)] = "pgfault",
	[A(PGMAJFAULT)] = "pgmajfault",
	[A(PGFREE)] = "pgfree",
	[A(PGSCAN_KSWAPD)] = "pgscan-kswapd",
	[A(PGSCAN_DIRECT)] = "pgscan-direct",
	[A(PGSCAN_KHUGEPAGED)] = "pgscan-khugepaged",
	[A(PGSTEAL_KSWAPD)] = "pgsteal-kswapd",
	[A(PGSTEAL_DIRECT)] = "pgsteal-direct",
	[A(PGSTEAL_KHUGEPAGED)] = "pgsteal-khugepaged",
	[A(PGSTEAL_ANON)] = "pgsteal-anon",
	[A(PGSTEAL_FILE)] = "pgsteal-file",
	[A(PGSCAN_DIRECT_THROTTLE)] = "pgscan-direct-throttle",
	[A(OOM_KILL)] = "oom-kill",
};

static void mms_set(struct mms_mem *m, int attr, u64 v)
{
	m->val[attr] = v;
	m->have |= BIT_ULL(attr);
}

/* Pages to kB, as show_val_kb() prints them. */
static void mms_set_pages(struct mms_mem *m, int attr, unsigned long pages)
{
	mms_set(m, attr, (u64)pages << (PAGE_SHIFT - 10));
}

/* A node stat, system-wide or of one node, clamped at 0 as node_page_state() does. */
static unsigned long mms_node_stat(struct pglist_data *pgdat, enum node_stat_item item)
{
	long x = pgdat ? atomic_long_read(&pgdat->vm_stat[item]) :
		 atomic_long_read(&vm_node_stat[item]);

	return x < 0 ? 0 : x;
}

static unsigned long mms_zone_stat(struct zone *zone, enum zone_stat_item item)
{
	long x = atomic_long_read(&zone->vm_stat[item]);

	return x < 0 ? 0 : x;
}

/*
 * The parts every figure of a node (pgdat) or of the system (NULL) shares: the node
 * counters, with the zone sums and MemAvailable's parts.
 */
static void mms_mem_common(struct mms_mem *m, struct pglist_data *pgdat,
			   unsigned long managed, unsigned long free, unsigned long mlocked,
			   unsigned long wmark_low, unsigned long reserve)
{
	unsigned long file_lru, reclaimable, sreclaim;
	long available;

	mms_set_pages(m, A(TOTAL), managed);
	mms_set_pages(m, A(FREE), free);
	mms_set_pages(m, A(MLOCKED), mlocked);
	mms_set_pages(m, A(WMARK_LOW), wmark_low);
	mms_set_pages(m, A(RESERVE), reserve);

	mms_set_pages(m, A(ACTIVE_ANON), mms_node_stat(pgdat, NR_ACTIVE_ANON));
	mms_set_pages(m, A(INACTIVE_ANON), mms_node_stat(pgdat, NR_INACTIVE_ANON));
	mms_set_pages(m, A(ACTIVE_FILE), mms_node_stat(pgdat, NR_ACTIVE_FILE));
	mms_set_pages(m, A(INACTIVE_FILE), mms_node_stat(pgdat, NR_INACTIVE_FILE));
	mms_set_pages(m, A(UNEVICTABLE), mms_node_stat(pgdat, NR_UNEVICTABLE));
	mms_set_pages(m, A(FILE_PAGES), mms_node_stat(pgdat, NR_FILE_PAGES));
	mms_set_pages(m, A(SWAP_CACHED), mms_node_stat(pgdat, NR_SWAPCACHE));
	mms_set_pages(m, A(SHMEM), mms_node_stat(pgdat, NR_SHMEM));
	mms_set_pages(m, A(DIRTY), mms_node_stat(pgdat, NR_FILE_DIRTY));
	mms_set_pages(m, A(WRITEBACK), mms_node_stat(pgdat, NR_WRITEBACK));
	mms_set_pages(m, A(ANON), mms_node_stat(pgdat, NR_ANON_MAPPED));
	mms_set_pages(m, A(MAPPED), mms_node_stat(pgdat, NR_FILE_MAPPED));
	sreclaim = mms_node_stat(pgdat, NR_SLAB_RECLAIMABLE_B);
	mms_set_pages(m, A(SLAB_RECLAIMABLE), sreclaim);
	mms_set_pages(m, A(SLAB_UNRECLAIMABLE), mms_node_stat(pgdat, NR_SLAB_UNRECLAIMABLE_B));
	mms_set_pages(m, A(KERNEL_MISC_RECLAIMABLE),
		      mms_node_stat(pgdat, NR_KERNEL_MISC_RECLAIMABLE));
	/* counted in kB already */
	mms_set(m, A(KERNEL_STACK), mms_node_stat(pgdat, NR_KERNEL_STACK_KB));
	mms_set_pages(m, A(PAGE_TABLES), mms_node_stat(pgdat, NR_PAGETABLE));

	/* si_mem_available(), from the parts read above */
	file_lru = mms_node_stat(pgdat, NR_ACTIVE_FILE) + mms_node_stat(pgdat, NR_INACTIVE_FILE);
	reclaimable = sreclaim + mms_node_stat(pgdat, NR_KERNEL_MISC_RECLAIMABLE);
	available = (long)free - (long)reserve;
	available += file_lru - min(file_lru / 2, wmark_low);
	available += reclaimable - min(reclaimable / 2, wmark_low);
	mms_set_pages(m, A(AVAILABLE), available < 0 ? 0 : available);
}

/* vm_commit_limit(), the swap total and the overcommit settings. */
static void mms_mem_commit(struct mms_mem *m)
{
	const struct mms_commit_syms *c = &mms_commit_syms;
	unsigned long hugetlb = 0, limit, kbytes;
	int policy;

	mms_set_pages(m, A(COMMITTED), vm_memory_committed());
	mms_set_pages(m, A(SWAP_FREE), get_nr_swap_pages());
	if (mms_feature_off(MMS_FEAT_COMMIT))
		return;
#ifdef CONFIG_HUGETLB_PAGE
	{
		int i, n = min(READ_ONCE(*c->hugetlb_max_hstate), HUGE_MAX_HSTATE);

		for (i = 0; i < n; i++)
			hugetlb += READ_ONCE(c->hstates[i].nr_huge_pages) <<
				   huge_page_order(&c->hstates[i]);
	}
#endif
	kbytes = READ_ONCE(*c->overcommit_kbytes);
	if (kbytes)
		limit = kbytes >> (PAGE_SHIFT - 10);
	else
		limit = (totalram_pages() - hugetlb) * READ_ONCE(*c->overcommit_ratio) / 100;
	limit += READ_ONCE(*c->total_swap_pages);

	mms_set_pages(m, A(SWAP_TOTAL), READ_ONCE(*c->total_swap_pages));
	mms_set_pages(m, A(HUGETLB), hugetlb);
	mms_set_pages(m, A(COMMIT_LIMIT), limit);
	mms_set(m, A(OVERCOMMIT_KBYTES), kbytes);
	mms_set(m, A(OVERCOMMIT_RATIO), READ_ONCE(*c->overcommit_ratio));
	policy = READ_ONCE(*c->overcommit_memory);
	/* the sysctl's values are the uapi enum's: OVERCOMMIT_GUESS 0, ALWAYS 1, NEVER 2 */
	if (policy >= OVERCOMMIT_GUESS && policy <= OVERCOMMIT_NEVER)
		mms_set(m, A(OVERCOMMIT_POLICY), policy);
}

/* The event counters sar -B reads from /proc/vmstat (which halves pgpgin and pgpgout). */
static int mms_mem_events(struct mms_mem *m)
{
	unsigned long *ev = kcalloc(NR_VM_EVENT_ITEMS, sizeof(*ev), GFP_KERNEL_ACCOUNT);

	if (!ev)
		return -ENOMEM;
	all_vm_events(ev);
	mms_set(m, A(PGPGIN), ev[PGPGIN] / 2);
	mms_set(m, A(PGPGOUT), ev[PGPGOUT] / 2);
	mms_set(m, A(PSWPIN), ev[PSWPIN]);
	mms_set(m, A(PSWPOUT), ev[PSWPOUT]);
	mms_set(m, A(PGFAULT), ev[PGFAULT]);
	mms_set(m, A(PGMAJFAULT), ev[PGMAJFAULT]);
	mms_set(m, A(PGFREE), ev[PGFREE]);
	mms_set(m, A(PGSCAN_DIRECT_THROTTLE), ev[PGSCAN_DIRECT_THROTTLE]);
	mms_set(m, A(OOM_KILL), ev[OOM_KILL]);
	mms_set(m, A(PGSCAN_KSWAPD), mms_reclaim_count(ev, PGSCAN_KSWAPD));
	mms_set(m, A(PGSCAN_DIRECT), mms_reclaim_count(ev, PGSCAN_DIRECT));
	mms_set(m, A(PGSTEAL_KSWAPD), mms_reclaim_count(ev, PGSTEAL_KSWAPD));
	mms_set(m, A(PGSTEAL_DIRECT), mms_reclaim_count(ev, PGSTEAL_DIRECT));
	mms_set(m, A(PGSTEAL_ANON), mms_reclaim_count(ev, PGSTEAL_ANON));
	mms_set(m, A(PGSTEAL_FILE), mms_reclaim_count(ev, PGSTEAL_FILE));
#ifdef MMS_HAVE_RECLAIM_KHUGEPAGED
	mms_set(m, A(PGSCAN_KHUGEPAGED), mms_reclaim_count(ev, PGSCAN_KHUGEPAGED));
	mms_set(m, A(PGSTEAL_KHUGEPAGED), mms_reclaim_count(ev, PGSTEAL_KHUGEPAGED));
#endif
	kfree(ev);
	return 0;
}

int mms_mem_read(struct mms_mem *m)
{
	unsigned long wmark_low = 0, reserve = 0, buffers;
	struct sysinfo si;
	long cached;
	int nid, i;

	memset(m, 0, sizeof(*m));
	/*
	 * for_each_zone() is not for modules (first_online_pgdat() is not exported), nor is
	 * totalreserve_pages: both from the online nodes, which is what they walk. The low
	 * watermarks of every zone, populated or not, as si_mem_available() sums them; the
	 * reserve as calculate_totalreserve_pages() leaves it in each node.
	 */
	for_each_online_node(nid) {
		struct pglist_data *pgdat = NODE_DATA(nid);

		for (i = 0; i < MAX_NR_ZONES; i++) {
			struct zone *zone = &pgdat->node_zones[i];

			wmark_low += low_wmark_pages(zone);
		}
		reserve += READ_ONCE(pgdat->totalreserve_pages);
	}
	si_meminfo(&si);
	buffers = si.bufferram;
	mms_mem_common(m, NULL, totalram_pages(), global_zone_page_state(NR_FREE_PAGES),
		       global_zone_page_state(NR_MLOCK), wmark_low, reserve);

	mms_set_pages(m, A(BUFFERS), buffers);
	cached = (long)global_node_page_state(NR_FILE_PAGES) -
		 (long)global_node_page_state(NR_SWAPCACHE) - (long)buffers;
	mms_set_pages(m, A(CACHED), cached < 0 ? 0 : cached);
	mms_mem_commit(m);
	return mms_mem_events(m);
}

int mms_mem_read_node(struct mms_mem *m, int nid)
{
	unsigned long managed = 0, free = 0, mlocked = 0, wmark_low = 0;
	struct pglist_data *pgdat;
	int i;

	if (nid < 0 || nid >= MAX_NUMNODES || !node_state(nid, N_MEMORY))
		return -ENOENT;
	pgdat = NODE_DATA(nid);
	memset(m, 0, sizeof(*m));
	for (i = 0; i < MAX_NR_ZONES; i++) {
		struct zone *zone = &pgdat->node_zones[i];

		managed += zone_managed_pages(zone);
		free += mms_zone_stat(zone, NR_FREE_PAGES);
		mlocked += mms_zone_stat(zone, NR_MLOCK);
		wmark_low += low_wmark_pages(zone);
	}
	mms_set(m, A(NODE), nid);
	mms_mem_common(m, pgdat, managed, free, mlocked, wmark_low,
		       READ_ONCE(pgdat->totalreserve_pages));
	return 0;
}

int mms_mem_next_node(int nid)
{
	if (nid < 0)
		nid = 0;
	if (nid >= MAX_NUMNODES)
		return MAX_NUMNODES;
	if (node_state(nid, N_MEMORY))
		return nid;
	return next_node(nid, node_states[N_MEMORY]);
}
