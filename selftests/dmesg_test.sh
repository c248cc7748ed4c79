#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Last test: unload the module and check that it left nothing behind and the kernel logged
# no warning while the suite ran.
. "$(dirname "$0")/ktap.sh"

ktap_plan 3
# sig_enforce_test unloads the module for good (signatures enforced), checking its rmmod.
unload() {
	if ! grep -q '^mmscope ' /proc/modules &&
	   [ "$(cat /sys/module/module/parameters/sig_enforce 2>/dev/null)" = Y ]; then
		echo "unloaded by sig_enforce_test, which checked its rmmod"
		return 0
	fi
	rmmod mmscope
}
ktap_check "rmmod mmscope" unload
ktap_check "debugfs directory removed" test ! -e /sys/kernel/debug/mmscope
# The whole suite's log (run.sh cleared it first), with the per-test checks' patterns:
# a hung task or a stall anywhere in the suite fails here too.
check_dmesg() {
	local bad
	bad=$(dmesg | grep -E "$KMSG_BAD")
	[ -z "$bad" ] || { printf '%s\n' "$bad" | head -n 40; return 1; }
	echo "dmesg is clean"
}
ktap_check "no BUG, WARNING, Oops, hung task or stall in dmesg" check_dmesg
insmod "$MMSCOPE_TOP/mmscope.ko" 2>/dev/null
ktap_finish
