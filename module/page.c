// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * The page behind an entry may be freed, split or reused while we look: everything here is
 * read once, without locks, from struct pages that stay in place (online memory), the way
 * /proc/kpageflags reads them.
 */
#include <linux/memory_hotplug.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/page-flags.h>
#include <linux/pageblock-flags.h>
#include <uapi/linux/mmscope.h>

#include "compat/compat-mm.h"
#include "page.h"
#include "zones.h"

bool mms_page_is_anon(unsigned long pfn)
{
	struct page *page = pfn_to_online_page(pfn);

	return page && PageAnon(page);
}

void mms_page_read(unsigned long pfn, struct mms_page_info *pi)
{
	struct page *page = pfn_to_online_page(pfn);
	struct folio *folio;

	memset(pi, 0, sizeof(*pi));
	if (!page)
		return;
	folio = page_folio(page);
	pi->valid = true;
	pi->nid = page_to_nid(page);
	pi->zone = page_zone(page)->name;
	pi->migratetype = mms_migratetype_name(mms_pageblock_migratetype(pfn));
	/* a tail page's own count is 0: the folio's is what holds it */
	pi->refcount = folio_ref_count(folio);
	pi->mapcount = mms_page_mapcount(folio, page);
	pi->folio_mapcount = mms_folio_mapcount(folio);
	pi->order = folio_order(folio);

	if (is_zero_pfn(pfn))
		pi->flags |= MMSCOPE_PAGE_FLAGS_ZERO;
	if (PageReserved(page))
		pi->flags |= MMSCOPE_PAGE_FLAGS_RESERVED;
	if (folio_test_hugetlb(folio))
		pi->flags |= MMSCOPE_PAGE_FLAGS_HUGETLB;
	else if (folio_test_large(folio))
		pi->flags |= MMSCOPE_PAGE_FLAGS_THP;
	if (folio_test_anon(folio)) {
		pi->flags |= MMSCOPE_PAGE_FLAGS_ANON;
		if (folio_test_ksm(folio))
			pi->flags |= MMSCOPE_PAGE_FLAGS_KSM;
		if (PageAnonExclusive(page))
			pi->flags |= MMSCOPE_PAGE_FLAGS_ANON_EXCLUSIVE;
	} else if (READ_ONCE(folio->mapping)) {
		pi->flags |= MMSCOPE_PAGE_FLAGS_FILE;
	}
	if (folio_test_lru(folio))
		pi->flags |= MMSCOPE_PAGE_FLAGS_LRU;
	if (folio_test_dirty(folio))
		pi->flags |= MMSCOPE_PAGE_FLAGS_DIRTY;
	if (folio_test_swapcache(folio))
		pi->flags |= MMSCOPE_PAGE_FLAGS_SWAPCACHE;
}
