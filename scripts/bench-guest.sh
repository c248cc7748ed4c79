#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Run mmscope-bench on the running kernel, from the top of a tree built for it (make module
# tools selftests): loads the module if it is not loaded, runs the benchmark, prints its
# table and then its JSON between MMSCOPE-BENCH-JSON-BEGIN and MMSCOPE-BENCH-JSON-END lines
# (scripts/vm.sh bench collects it from the guest's output). As root.
#   scripts/bench-guest.sh [mmscope-bench options: --short, --repeat N]
# The JSON is also left in $MMSCOPE_BENCH_JSON (default /tmp/mmscope-bench.json).
set -u
cd "$(dirname "$0")/.." || exit 1

json=${MMSCOPE_BENCH_JSON:-/tmp/mmscope-bench.json}
loaded=0
mount | grep -q ' /sys/kernel/debug ' || mount -t debugfs none /sys/kernel/debug 2>/dev/null
if ! [ -d /sys/module/mmscope ]; then
	insmod ./mmscope.ko || { echo "mmscope-bench: insmod mmscope.ko failed" >&2; exit 1; }
	loaded=1
fi
# THP as the kernel is configured: the THP region asks for it with MADV_HUGEPAGE.
echo "# transparent_hugepage: $(cat /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null)"
rc=0
selftests/bench/mmscope-bench --mmscope ./tools/mmscope --json "$json" "$@" || rc=$?
if [ "$rc" = 0 ]; then
	echo MMSCOPE-BENCH-JSON-BEGIN
	cat "$json"
	echo MMSCOPE-BENCH-JSON-END
fi
[ "$loaded" = 0 ] || rmmod mmscope
exit "$rc"
