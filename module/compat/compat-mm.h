/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * The compat layer's page-fact helpers: included after the mm headers (compat.h is
 * force-included before any of them), by page.c only.
 */
#ifndef _MMSCOPE_COMPAT_MM_H
#define _MMSCOPE_COMPAT_MM_H

#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/pageblock-flags.h>

/* What /proc/kpagecount reports for the page. */
static inline int mms_page_mapcount(struct folio *folio, struct page *page)
{
#ifdef MMS_HAVE_PAGE_MAPCOUNT
	return page_mapcount(page);
#else
	/* the page's own mappings plus the folio's pmd mappings */
	int m = atomic_read(&page->_mapcount) + 1;

	if (page_mapcount_is_type(m))
		m = 0;
	if (folio_test_large(folio))
		m += folio_entire_mapcount(folio);
	return m;
#endif
}

static inline int mms_folio_mapcount(struct folio *folio)
{
#ifdef MMS_HAVE_FOLIO_MAPCOUNT
	return folio_mapcount(folio);
#else
	/* out of line and not exported: known for small folios only */
	return folio_test_large(folio) ? 0 : atomic_read(&folio->_mapcount) + 1;
#endif
}

/* The migrate type in the pageblock bitmap (get_pfnblock_flags_mask() is not exported). */
#ifndef MIGRATETYPE_MASK
#define MIGRATETYPE_MASK	PAGEBLOCK_MIGRATETYPE_MASK
#endif

static inline unsigned int mms_pageblock_migratetype(unsigned long pfn)
{
	unsigned long *map = section_to_usemap(__pfn_to_section(pfn));
	unsigned long bit = ((pfn & (PAGES_PER_SECTION - 1)) >> pageblock_order) *
			    NR_PAGEBLOCK_BITS;

	return (READ_ONCE(map[bit / BITS_PER_LONG]) >> (bit % BITS_PER_LONG)) &
	       MIGRATETYPE_MASK;
}

#endif /* _MMSCOPE_COMPAT_MM_H */
