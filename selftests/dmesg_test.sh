#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Last test: unload the module and check that it left nothing behind and the kernel logged
# no warning while the suite ran.
. "$(dirname "$0")/ktap.sh"

ktap_plan 3
ktap_check "rmmod mmscope" rmmod mmscope
ktap_check "debugfs directory removed" test ! -e /sys/kernel/debug/mmscope
check_dmesg() {
	local bad
	bad=$(dmesg | grep -E 'BUG:|WARNING:|Oops|KASAN|UBSAN|sleeping function called|lockdep|circular locking|refcount_t:|list_(add|del) corruption|general protection')
	[ -z "$bad" ] || { echo "$bad"; return 1; }
	echo "dmesg is clean"
}
ktap_check "no BUG, WARNING or Oops in dmesg" check_dmesg
insmod "$MMSCOPE_TOP/mmscope.ko" 2>/dev/null
ktap_finish
