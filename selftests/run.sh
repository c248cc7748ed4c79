#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Run mmscope's selftests inside a test VM, from the top of a tree built for the running
# kernel (make module tools selftests; MMSCOPE_TESTS picks programs, below). Prints KTAP,
# after each program a line
#   # time PROGRAM SECONDS
# and, last, one line
#   MMSCOPE-RESULT pass=P fail=F skip=S
# counting every test case of every test program. A program that dies without reporting
# its cases, or reports fewer than its plan (1..N), counts one failure more.
# MMSCOPE_STRENGTH=full|short (default full) goes to the heavy tests (fuzz_test.sh,
# load_test.sh, race_test.sh): short runs each in a smaller form (see ktap.sh by_strength).
set -u
cd "$(dirname "$0")/.." || exit 1
top=$PWD

pass=0 fail=0 skip=0 num=0
tests=(zones_test slab_test proc_test cli_test.sh help_man_test.sh slab_cli_test.sh ynl_test.sh slab_resolve_test.sh
       export_test.sh json_schema_test.sh stats_test mem_test.sh bench_test.sh
       fuzz_test.sh race_test.sh priv_test.sh load_test.sh
       resolve_safety_test.sh exec_race_test.sh lockwait_test.sh freelist_cap_test.sh
       hugetlb_share_test.sh debugfs_target_test.sh nl_hardening_test.sh
       faults_test.sh demo_test.sh
       sig_enforce_test.sh	# switches signature enforcement on: last of those that insmod
       dmesg_test.sh)

# Last: the debug kernel's checkers over everything above (skips on kernels without them).
tests+=(debug_kernel_test.sh)

# Developers: MMSCOPE_TESTS="stats_test stats_test" runs those programs only, in that order.
if [ -n "${MMSCOPE_TESTS:-}" ]; then
	read -ra tests <<<"$MMSCOPE_TESTS"
fi

echo "TAP version 13"
echo "1..$(( ${#tests[@]} + 1 ))"
echo "# kernel $(uname -r), $(nproc) cpus, $(awk '/MemTotal/ {print $2 " kB"}' /proc/meminfo)"
export MMSCOPE_STRENGTH=${MMSCOPE_STRENGTH:-full}
echo "# strength $MMSCOPE_STRENGTH"

mount | grep -q ' /sys/kernel/debug ' || mount -t debugfs none /sys/kernel/debug 2>/dev/null
dmesg -C 2>/dev/null
num=$((num + 1))
if out=$(insmod "$top/mmscope.ko" 2>&1); then
	echo "ok $num insmod mmscope.ko"
	pass=$((pass + 1))
else
	echo "# $out"
	echo "not ok $num insmod mmscope.ko"
	fail=$((fail + 1))
fi

# A hang detector per program, not a speed limit: load_test's 100 module cycles took over
# 15 min on 6.1 under TCG with a KASAN guest beside it; the debug kernel is slower still.
limit=1800
[ "${MMSCOPE_KERNEL:-}" != debug ] || limit=3600

for t in "${tests[@]}"; do
	num=$((num + 1))
	log=$(mktemp)
	echo "# selftests: mmscope: $t"
	t0=$SECONDS
	if [ -x "selftests/$t" ]; then
		MMSCOPE_TOP=$top timeout "$limit" "selftests/$t" >"$log" 2>&1
		rc=$?
	else
		echo "$t: not built" >"$log"
		rc=1
	fi
	secs=$((SECONDS - t0))
	sed 's/^/# /' "$log"
	# Count the program's own top-level results (kselftest harness or our shell tests).
	p=$(grep -Ec '^ok [0-9]+' "$log" || true)
	s=$(grep -Ec '^ok [0-9]+ .*# SKIP' "$log" || true)
	f=$(grep -Ec '^not ok [0-9]+' "$log" || true)
	plan=$(grep -m1 -oE '^1\.\.[0-9]+' "$log" | cut -c4-)
	p=$((p - s))
	if [ "$rc" -ne 0 ] && [ "$rc" -ne 4 ] && [ "$f" -eq 0 ]; then
		echo "# $t exited with $rc without reporting a failure"
		f=$((f + 1))
	elif [ -n "$plan" ] && [ $((p + s + f)) -lt "$plan" ]; then
		echo "# $t reported $((p + s + f)) of its $plan planned cases"
		f=$((f + 1))
	fi
	pass=$((pass + p)) fail=$((fail + f)) skip=$((skip + s))
	if [ "$f" -gt 0 ]; then
		echo "not ok $num selftests: mmscope: $t # exit=$rc"
	elif [ "$p" -eq 0 ] && [ "$s" -gt 0 ]; then
		echo "ok $num selftests: mmscope: $t # SKIP"
	else
		echo "ok $num selftests: mmscope: $t"
	fi
	echo "# time $t $secs"
	rm -f "$log"
done

rmmod mmscope 2>/dev/null
echo "MMSCOPE-RESULT pass=$pass fail=$fail skip=$skip"
