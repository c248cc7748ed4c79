#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# After the suite, on a kernel with the debug checkers (scripts/debug-kernel.sh): one case
# per checker, failing with the report printed when the kernel log since run.sh started
# (it clears the log) holds a report of that class, and a kmemleak scan that finds no leak
# whose allocation backtrace goes through mmscope or the test module. A checker the running
# kernel is built without is a skip (Debian's kernels have only the hung-task detector).
. "$(dirname "$0")/ktap.sh"

ktap_plan 6

# has_sym NAME: the kernel has function NAME (the checkers' entry points exist only when
# they are configured in).
has_sym() { grep -qE " [tT] $1\$" /proc/kallsyms; }

log=$(mktemp)
trap 'rm -f "$log"' EXIT
dmesg >"$log" 2>/dev/null

# check_class NAME HAVE WHY REGEX: REGEX must not match the kernel log.
check_class() {
	local name=$1 have=$2 why=$3 re=$4 n
	if [ "$have" != 1 ]; then
		ktap_skip "$name" "kernel built without $why"
		return
	fi
	n=$(grep -cE "$re" "$log")
	if [ "$n" = 0 ]; then
		ktap_pass "$name"
		return
	fi
	ktap_log "$n report(s); the first, with what follows it:"
	n=$(grep -nE "$re" "$log" | head -n 1 | cut -d: -f1)
	tail -n +"$n" "$log" | head -n 60 | sed 's/^/# /'
	ktap_fail "$name"
}

have() { if "$@"; then echo 1; else echo 0; fi; }

check_class "no KASAN report" "$(have has_sym kasan_report)" CONFIG_KASAN \
	'BUG: KASAN'
check_class "no lockdep or RCU-lockdep report" "$(have test -e /proc/lockdep)" \
	CONFIG_PROVE_LOCKING \
	'possible circular locking|WARNING: possible|inconsistent lock state|suspicious RCU usage|bad unlock balance|held lock freed|lock held when returning|DEBUG_LOCKS_WARN_ON|INFO: possible irq lock inversion|leaked lock'
check_class "no sleeping function called from invalid context" \
	"$(have has_sym __might_resched)" CONFIG_DEBUG_ATOMIC_SLEEP \
	'sleeping function called from invalid context|scheduling while atomic'
check_class "no hung task" "$(have test -e /proc/sys/kernel/hung_task_timeout_secs)" \
	CONFIG_DETECT_HUNG_TASK 'blocked for more than [0-9]+ seconds'
check_class "no DEBUG_VM or page-poison report" "$(have has_sym dump_mm)" CONFIG_DEBUG_VM \
	'VM_BUG_ON|VM_WARN|BUG: Bad page|BUG: Bad rss|page dumped because|pagealloc: (memory corruption|single bit error)|kernel BUG at'

# kmemleak: objects younger than 5 s are never reported, hence the pause before the scan
# (it lets the last test's objects age; nothing is timed). A report is ours when a frame of
# its allocation backtrace is in mmscope or a test module ("[mmscope]", "[mms_...]"), or
# is a bare address in the module area: a module unloaded since (dmesg_test.sh reloads
# mmscope) prints so, and the debug kernel has no other modules.
kmemleak=/sys/kernel/debug/kmemleak
kmemleak_check() {
	local all ours
	sleep 6
	if ! { echo scan >"$kmemleak"; } 2>/dev/null || ! { echo scan >"$kmemleak"; } 2>/dev/null; then
		echo "kmemleak scan refused: the detector disabled itself (pool exhausted?)"
		dmesg | grep -i kmemleak | tail -n 5
		return 1
	fi
	cat "$kmemleak" >"$log"
	all=$(grep -c '^unreferenced object' "$log")
	# One record per "unreferenced object" line; keep the ones with a frame of ours.
	ours=$(awk '
		/^unreferenced object/ { if (rec != "" && hit) { printf "%s", rec; n++ } rec = ""; hit = 0 }
		{ rec = rec $0 "\n" }
		/\[mms(cope|_[a-z0-9_]+)\]/ { hit = 1 }
		/^ +0xffffffff[a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f] *$/ { hit = 1 }
		END { if (rec != "" && hit) printf "%s", rec }' "$log")
	echo "$all unreferenced object(s) in all; those with a frame in mmscope or a test module:"
	[ -z "$ours" ] && { echo "none"; return 0; }
	printf '%s\n' "$ours" | head -n 80
	return 1
}
if [ -e "$kmemleak" ]; then
	ktap_check "no kmemleak report from mmscope" kmemleak_check
else
	ktap_skip "no kmemleak report from mmscope" "kernel built without CONFIG_DEBUG_KMEMLEAK"
fi
ktap_finish
