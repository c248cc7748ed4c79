/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright (C) 2026 The mmscope authors.
 *
 * Facts about the physical page behind a present entry.
 */
#ifndef _MMSCOPE_PAGE_H
#define _MMSCOPE_PAGE_H

#include <linux/types.h>

struct mms_page_info {
	bool valid;		/* an online page with a memmap */
	int nid;
	const char *zone;
	const char *migratetype;	/* of its pageblock */
	u32 refcount;
	u32 mapcount;		/* as /proc/kpagecount counts it */
	u32 folio_mapcount;
	u32 order;		/* the folio's */
	u32 flags;		/* MMSCOPE_PAGE_FLAGS_* */
};

/* Read without locks: a snapshot that may be stale the moment it is taken. */
void mms_page_read(unsigned long pfn, struct mms_page_info *pi);
/* Whether the page is anonymous (for counting; cheaper than a full read). */
bool mms_page_is_anon(unsigned long pfn);

#endif /* _MMSCOPE_PAGE_H */
