# SPDX-License-Identifier: GPL-2.0
#
# Probe the target kernel's headers for what differs between kernels and turn each finding
# into a capability macro for compat.h. Probing what is there, instead of trusting version
# numbers, keeps distro backports working.

mms_hdr = $(firstword $(wildcard $(srctree)/include/$(1) $(srctree)/arch/$(SRCARCH)/include/$(1)))
# $(call mms_grep,header,extended-regexp)
mms_grep = $(shell grep -Eqs -- '$(2)' $(call mms_hdr,$(1)) && echo y)
# $(call mms_member,header,struct,extended-regexp): does the struct's body match?
mms_member = $(shell sed -n '/^struct $(2) {/,/^};/p' $(call mms_hdr,$(1)) 2>/dev/null | \
	grep -Eqs -- '$(3)' && echo y)

mms_cap = $(if $(1),-D$(2))

# Dump requests: parsed attributes live in genl_dumpit_info::info (6.2+) or ::attrs (older).
ccflags-y += $(call mms_cap,$(call mms_member,net/genetlink.h,genl_dumpit_info,struct genl_info[[:space:]]+info;), \
	MMS_HAVE_GENL_DUMPIT_INFO_INFO)
# Split do/dump ops (6.2+); older kernels get them folded into genl_ops by compat.c.
ccflags-y += $(call mms_cap,$(call mms_grep,net/genetlink.h,^struct genl_split_ops \{),MMS_HAVE_GENL_SPLIT_OPS)
# A dump's start callback can report an extack message (6.2+); older kernels drop it.
ccflags-y += $(call mms_cap,$(call mms_member,linux/netlink.h,netlink_dump_control,netlink_ext_ack[[:space:]]+\*extack), \
	MMS_HAVE_DUMP_START_EXTACK)
# Per-page mapcount: page_mapcount() (6.1) or computed from the folio (6.12+).
ccflags-y += $(call mms_cap,$(call mms_grep,linux/mm.h,static inline int page_mapcount.struct page),MMS_HAVE_PAGE_MAPCOUNT)
# folio_mapcount() as an inline (6.12+); on 6.1 it is out of line and not exported.
ccflags-y += $(call mms_cap,$(call mms_grep,linux/mm.h,static inline int folio_mapcount.const struct folio), \
	MMS_HAVE_FOLIO_MAPCOUNT)
# Dumpability: get_dumpable() of the mm (6.1, 6.12), or the task's exec_state (7.x), whose
# struct is public and read under RCU (task_exec_state_get_dumpable() is not exported).
ccflags-y += $(call mms_cap,$(call mms_grep,linux/sched/coredump.h,get_dumpable.struct mm_struct), \
	MMS_HAVE_GET_DUMPABLE)
ccflags-y += $(call mms_cap,$(call mms_member,linux/sched/exec_state.h,task_exec_state,enum task_dumpable[[:space:]]+dumpable;), \
	MMS_HAVE_TASK_EXEC_STATE)
# The path and inode /proc/PID/maps shows for a mapped file (overlayfs backing files, 6.8+).
ccflags-y += $(call mms_cap,$(call mms_grep,linux/fs.h,file_user_path.const struct file),MMS_HAVE_FILE_USER_PATH)
# The promotion watermark of memory tiering, as zoneinfo prints it ("promo").
ccflags-y += $(call mms_cap,$(call mms_grep,linux/mmzone.h,promo_wmark_pages),MMS_HAVE_WMARK_PROMO)
# NL_SET_ERR_MSG_FMT_MOD (6.2+): formatted extack messages.
ccflags-y += $(call mms_cap,$(call mms_grep,linux/netlink.h,define NL_SET_ERR_MSG_FMT_MOD), \
	MMS_HAVE_NL_SET_ERR_MSG_FMT)
# Reclaim's scan and steal counters: vm events (6.1, 6.12) or node stats, per node and memcg
# (7.x). khugepaged's own reclaim is counted from 6.2, proactive reclaim's from 7.x.
ccflags-y += $(call mms_cap,$(call mms_grep,linux/mmzone.h,PGSTEAL_KSWAPD),MMS_HAVE_RECLAIM_NODE_STAT)
ccflags-y += $(call mms_cap,$(or $(call mms_grep,linux/vm_event_item.h,PGSTEAL_KHUGEPAGED), \
	$(call mms_grep,linux/mmzone.h,PGSTEAL_KHUGEPAGED)),MMS_HAVE_RECLAIM_KHUGEPAGED)
