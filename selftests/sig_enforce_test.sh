#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Secure Boot's rule, as the kernel enforces it: once module signatures are enforced, an
# unsigned mmscope.ko does not load ("Key was rejected by service", EKEYREJECTED), and the
# kernel says why. sig_enforce can be switched on at run time but never off, so this test
# runs last of those that load modules, and the module it unloads stays unloaded: its
# rmmod is checked here, and dmesg_test, which would unload it, knows.
# docs/secure-boot.md has the dkms path that signs.
. "$(dirname "$0")/ktap.sh"

KO=$MMSCOPE_TOP/mmscope.ko
P=/sys/module/module/parameters/sig_enforce
ktap_plan 4

if [ ! -e "$P" ]; then
	for c in "unsigned module refused" "the kernel logs why" "mmscope.ko is unsigned" \
		 "rmmod mmscope"; do
		ktap_skip "$c" "this kernel has no module signature checking (CONFIG_MODULE_SIG)"
	done
	ktap_finish
fi

unsigned() {
	if modinfo -F sig_id "$KO" 2>/dev/null | grep -q .; then
		echo "$KO is signed: $(modinfo -F signer "$KO")"
		return 1
	fi
	echo "$KO carries no signature"
}
ktap_check "mmscope.ko as built by make is unsigned" unsigned

# The suite's module goes first, for good: it unloads cleanly and leaves no debugfs files.
unload() {
	if ! grep -q '^mmscope ' /proc/modules; then
		echo "mmscope was not loaded"
		return 1
	fi
	rmmod mmscope && [ ! -e /sys/kernel/debug/mmscope ] &&
		echo "unloaded, /sys/kernel/debug/mmscope removed"
}
ktap_check "rmmod mmscope (for good: signatures are enforced next)" unload

kmsg_mark sig_enforce_start
echo 1 > "$P"
ktap_log "sig_enforce: $(cat "$P")"
refused() {
	local out
	if out=$(insmod "$KO" 2>&1); then
		echo "an unsigned module loaded with sig_enforce=$(cat "$P")"
		return 1
	fi
	echo "$out"
	printf '%s' "$out" | grep -q 'Key was rejected by service'
}
ktap_check "with signatures enforced, insmod of the unsigned module is refused (EKEYREJECTED)" \
	refused

logged() {
	dmesg | sed -n '/mmscope-selftest: sig_enforce_start$/,$p' |
		grep -E 'mmscope.*(signature|key)|Loading of unsigned module' ||
		{ dmesg | tail -n 5; return 1; }
}
ktap_check "the kernel logs the refusal" logged

ktap_finish
