#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Free lists are counted with bounded interrupts-off work: at most 100000 entries per list
# and lock hold, as /proc/pagetypeinfo counts them (mm/vmstat.c). A process maps 1 GiB of
# 4 KiB pages, touches it and frees every other page: about 131072 order-0 blocks whose
# buddies are still in use, so one free list passes the cap. The module must report that
# list as capped (a lower bound, 100000) in JSON, text and metrics, where pagetypeinfo
# prints ">100000" for the same zone, type and order.
. "$(dirname "$0")/ktap.sh"

W=$(mktemp -d /tmp/mmscope-cap.XXXXXX)
ktap_plan 4

cleanup() {
	[ -z "${frag:-}" ] || kill "$frag" 2>/dev/null
	wait 2>/dev/null
	rm -rf "$W"
}
trap cleanup EXIT

# The fragmenting process: prints "ready" once every other page is freed, then waits.
"$PY" - "$W/ready" <<'PYEOF' &
import mmap, sys, time
size = 1 << 30
m = mmap.mmap(-1, size, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
m.madvise(mmap.MADV_NOHUGEPAGE)
page = mmap.PAGESIZE
for off in range(0, size, page):
    m[off] = 1
for off in range(0, size, 2 * page):
    m.madvise(mmap.MADV_DONTNEED, off, page)
open(sys.argv[1], "w").write("ready\n")
time.sleep(600)
PYEOF
frag=$!
for _ in $(seq 1 600); do
	[ -s "$W/ready" ] && break
	kill -0 "$frag" 2>/dev/null || break
	sleep 0.5
done
ktap_log "fragmenter $frag: $(cat "$W/ready" 2>/dev/null || echo 'not ready')"

# Which (zone, type, order) lists pagetypeinfo caps: "node zone type order".
kernel_capped() {
	awk '/^Free pages count per migrate type/ { on = 1; next }
	     on && /^$/ { on = 0 }
	     on && /^Node/ {
		gsub(",", "")
		for (i = 7; i <= NF; i++) if ($i ~ /^>/) print $2, $4, $6, i - 7
	     }' /proc/pagetypeinfo
}

check_json() {
	"$MMSCOPE" --json buddy --types > "$W/types.json" || return 1
	kernel_capped > "$W/kernel"
	echo "pagetypeinfo capped lists: $(tr '\n' ';' < "$W/kernel")"
	[ -s "$W/kernel" ] || { echo "no list passed 100000 entries: the guest was not fragmented"; return 1; }
	"$PY" - "$W/types.json" "$W/kernel" <<'PYEOF'
import json, sys
doc = json.load(open(sys.argv[1]))
want = [l.split() for l in open(sys.argv[2]) if l.strip()]
bad = 0
for node, zone, mt, order in want:
    order = int(order)
    z = [z for z in doc["zones"] if str(z["node"]) == node and z["zone"] == zone]
    if not z:
        print(f"zone {node}/{zone} missing"); bad = 1; continue
    z = z[0]
    capped = z.get("capped", {}).get(mt, [])
    count = z["types"][mt][order]
    print(f"node {node} {zone} {mt} order {order}: count {count}, capped orders {capped}")
    if order not in capped or count != 100000:
        bad = 1
sys.exit(bad)
PYEOF
}
ktap_check "JSON: the lists pagetypeinfo caps are capped at 100000 (a lower bound)" check_json

check_text() {
	"$MMSCOPE" buddy --types | tee "$W/types.txt" | grep -E '>100000' ||
		{ head -n 20 "$W/types.txt"; return 1; }
}
ktap_check "text: a capped count reads >100000" check_text

check_metrics() {
	"$MMSCOPE" export | grep -E '^mmscope_buddy_free_blocks_capped\{.*\} 1$' | head -n 3 | grep . ||
		{ "$MMSCOPE" export | grep capped | head; return 1; }
}
ktap_check "metrics: the capped list is flagged" check_metrics

check_stats() {
	local line
	line=$("$MMSCOPE" stats | grep -E 'irqoff_max_ns') || { "$MMSCOPE" stats; return 1; }
	echo "$line"
	[ "$(echo "$line" | awk '{print $2}')" -gt 0 ]
}
ktap_check "stats reports the longest interrupts-off stretch" check_stats

ktap_finish
