#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The benchmark (make bench) in its short mode, so that it never rots: it runs, and every
# figure it reports is there and sane against the kernel's own view (pages present by
# mmscope equal pages present in pagemap for the same range, pagemap's 8 bytes per page,
# the walk covering every page of the range, at least one lock hold per populated page
# table, ordered percentiles). No timing is asserted: under TCG on a shared host they mean
# nothing, and the short sizes even less.
. "$(dirname "$0")/ktap.sh"

BENCH=$MMSCOPE_TOP/selftests/bench/mmscope-bench
json=$(mktemp)
trap 'rm -f "$json"' EXIT

ktap_plan 5
if out=$("$BENCH" --short --repeat 2 --mmscope "$MMSCOPE" --json "$json" 2>&1); then
	printf '%s\n' "$out" | sed 's/^/# /'
	ktap_pass "mmscope-bench --short runs and writes its JSON"
else
	printf '%s\n' "$out" | sed 's/^/# /'
	ktap_fail "mmscope-bench --short runs and writes its JSON"
fi

# check NAME PYTHON: the Python body gets the document as d; an assertion fails the case.
check() {
	local name=$1 body=$2
	ktap_check "$name" "$PY" -c "
import json, sys
d = json.load(open(sys.argv[1]))
def fig(f, positive=True):
    assert set(f) == {'median', 'min', 'max', 'runs'}, f
    assert f['runs'] == d['repeats'], f
    assert f['min'] <= f['median'] <= f['max'], f
    if positive:
        assert f['min'] > 0, f
$body
print('ok')" "$json"
}

check "every range-walk figure is present and positive" '
assert [r["name"] for r in d["regions"]] == ["populated-4k", "populated-thp", "sparse-1in64", "unpopulated-big"]
for r in d["regions"]:
    for side in ("mmscope", "pagemap"):
        for k in ("seconds", "pages_per_s", "bytes", "bytes_per_gib"):
            fig(r[side][k])
    for k in ("lock_holds", "lock_hold_max_ns", "lock_hold_mean_ns"):
        fig(r["mmscope"][k])
    fig(r["ratio_mmscope_over_pagemap"])
    fig(r["ratio_library_over_pagemap"])
    for k in ("seconds", "pages_per_s"):
        fig(r["library"][k])
for k in ("seconds", "bytes", "pages_per_s"):
    fig(d["smaps"][k])
assert d["smaps"]["rss_kb"] > 0'

check "mmscope and pagemap see the same pages present, over the whole range" '
for r in d["regions"]:
    assert r["present_mmscope"] == r["present_pagemap"], (r["name"], r["present_mmscope"], r["present_pagemap"])
    assert r["pages_mmscope"] == r["pages"], (r["name"], r["pages_mmscope"], r["pages"])
    assert r["pagemap"]["bytes"]["median"] == 8 * r["pages"], r["name"]
    print(r["name"], r["present_mmscope"], "present,", r["extents"], "extents,", r["huge_mmscope"], "in huge leaves")
reg = {r["name"]: r for r in d["regions"]}
assert reg["populated-4k"]["present_pagemap"] == reg["populated-4k"]["pages"]
assert reg["populated-4k"]["huge_mmscope"] == 0
assert reg["sparse-1in64"]["present_pagemap"] == reg["sparse-1in64"]["pages"] // 64
# at least one mmap_lock hold per populated page table (one table per step)
assert reg["populated-4k"]["mmscope"]["lock_holds"]["min"] >= reg["populated-4k"]["pages"] // 512'

check "fault latencies are ordered and every reader read" '
for m in ("none", "smaps", "ptdump"):
    f = d["faults"][m]
    for k in ("p50_ns", "p99_ns", "max_ns", "faults"):
        fig(f[k])
    assert f["p50_ns"]["median"] <= f["p99_ns"]["median"] <= f["max_ns"]["median"], m
assert d["faults"]["none"]["reads"]["max"] == 0
fig(d["faults"]["smaps"]["reads"])
fig(d["faults"]["ptdump"]["reads"])
fig(d["faults"]["ptdump"]["ptdump_walks"])
fig(d["faults"]["ptdump"]["lock_hold_max_ns"])
assert d["faults"]["smaps"]["ptdump_walks"]["max"] == 0'

check "system views and the CLI peak RSS are measured" '
fig(d["views"]["exec_version_seconds"])
for v in ("zones", "buddy-types", "slab"):
    for k in ("cli_seconds", "debugfs_seconds", "proc_seconds", "proc_bytes"):
        fig(d["views"][v][k])
fig(d["cli_peak_rss_kb"]["walk"])
fig(d["cli_peak_rss_kb"]["walk_2mib"])
assert d["short"] is True and d["mode"] == "short"'
ktap_finish
