#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# What the module resolved at load time, and the slab view switched off cleanly when it
# cannot be: the module loaded with mmscope.btf_path=/nonexistent (the BTF unreadable)
# fails slab requests with a message naming what is missing, and zones keep working.
. "$(dirname "$0")/ktap.sh"

KO=$MMSCOPE_TOP/mmscope.ko
FEATURES=/sys/kernel/debug/mmscope/features

ktap_plan 7

check_loaded_on() {
	dmesg | grep -E 'mmscope: slab view' | tail -n 1
	dmesg | grep -q 'mmscope: slab view: on' && grep -q '^slab: on$' "$FEATURES" &&
		cat "$FEATURES"
}
ktap_check "the load reported the slab view on (dmesg, debugfs features)" check_loaded_on

reload() {
	rmmod mmscope 2>/dev/null
	insmod "$KO" "$@"
}

if ! reload btf_path=/nonexistent; then
	ktap_fail "insmod mmscope.ko btf_path=/nonexistent"
	insmod "$KO" 2>/dev/null
	ktap_finish
fi

check_slab_off() {
	local out rc
	out=$("$MMSCOPE" slab 2>&1)
	rc=$?
	echo "$out"
	[ "$rc" = 1 ] && printf '%s' "$out" |
		grep -q 'slab view unavailable: BTF: cannot open /nonexistent'
}
ktap_check "slab fails with the reason (exit 1, extack names the BTF file)" check_slab_off

check_get_off() {
	"$MMSCOPE" slab kmem_cache 2>&1 | tee /dev/stderr | grep -q 'slab view unavailable: BTF'
}
ktap_check "a get by name fails the same way" check_get_off

zones_work() { "$MMSCOPE" zones > /dev/null; }
ktap_check "zones still work" zones_work

check_report_off() {
	dmesg | grep 'mmscope: slab view unavailable: BTF: cannot open /nonexistent' ||
		return 1
	grep -q 'slab view unavailable' "$FEATURES" &&
		grep -q 'slab view unavailable' /sys/kernel/debug/mmscope/slabinfo
}
ktap_check "dmesg, debugfs features and slabinfo say why" check_report_off

if reload; then
	ktap_pass "reloaded without btf_path"
else
	ktap_fail "reloaded without btf_path"
fi
check_back() {
	"$MMSCOPE" slab --top 3
}
ktap_check "slab works again" check_back

ktap_finish
