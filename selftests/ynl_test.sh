#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The kernel's own ynl CLI (tools/net/ynl from linux-source-6.12) talks to the family with
# uapi/mmscope.yaml, validated against the genetlink-legacy schema, and agrees with mmscope.
. "$(dirname "$0")/ktap.sh"

KSRC=${MMS_KSRC:-/var/cache/mmscope/ksrc}
SPEC=$MMSCOPE_TOP/uapi/mmscope.yaml
# The spec is validated against the schema once (list-ops); the data calls skip it: loading
# jsonschema costs seconds per call in a TCG guest.
ynl_checked() {
	$PY "$KSRC/tools/net/ynl/cli.py" --spec "$SPEC" \
		--schema "$KSRC/Documentation/netlink/genetlink-legacy.yaml" --output-json "$@"
}
ynl() {
	$PY "$KSRC/tools/net/ynl/cli.py" --spec "$SPEC" --no-schema --output-json "$@"
}

ktap_plan 9
if [ ! -f "$KSRC/tools/net/ynl/cli.py" ]; then
	for t in list-ops dump-zones do-zone dump-pagetypes unprivileged vma-get walk ptdump mem-get; do
		ktap_fail "$t (the ynl CLI is not installed at $KSRC: run scripts/deps.sh)"
	done
	# mem-get: the system's figures (do) and one reply per node with memory (dump), with the
# sizes that do not move: MemTotal and each node's, the swap total.
mem_get() {
	ynl --do mem-get --json '{}' > /tmp/ynl-mem.json || return 1
	ynl --dump mem-get > /tmp/ynl-nodes.json || return 1
	$PY - /tmp/ynl-mem.json /tmp/ynl-nodes.json <<'PYEOF'
import json, re, sys
m = json.load(open(sys.argv[1]))
nodes = json.load(open(sys.argv[2]))
info = {l.split(":")[0]: int(l.split()[1]) for l in open("/proc/meminfo")}
assert "node" not in m, "the system reply names a node"
assert m["total"] == info["MemTotal"], f"total {m['total']}, MemTotal {info['MemTotal']}"
assert m["swap-total"] == info["SwapTotal"], f"swap-total {m['swap-total']}"
for n in nodes:
    f = open(f"/sys/devices/system/node/node{n['node']}/meminfo").read()
    t = int(re.search(r"MemTotal:\s+(\d+)", f).group(1))
    assert n["total"] == t, f"node {n['node']}: total {n['total']}, sysfs {t}"
    assert "committed" not in n, "a node reply carries a system-only figure"
print(f"total {m['total']} kB, {len(nodes)} node(s) agree")
PYEOF
}
ktap_check "ynl mem-get (do and dump) agrees with /proc/meminfo and the nodes' meminfo" mem_get

ktap_finish
fi

list_ops() { ynl_checked --list-ops | grep -E 'zone-get|pagetype-get'; }
ktap_check "spec passes the schema; ynl lists the family's ops" list_ops

# Sizes, watermarks and reserves only: free pages move with every process started (the
# python CLI itself allocates), and zones_test already checks them against /proc.
cmp_zones() {
	for _ in $(seq 1 10); do
		ynl --dump zone-get > /tmp/ynl.json || return 1
		"$MMSCOPE" zones --json > /tmp/mms.json || return 1
		if $PY - <<'PYEOF'
import json, sys
y = json.load(open("/tmp/ynl.json"))
m = json.load(open("/tmp/mms.json"))["zones"]
assert len(y) == len(m), f"{len(y)} zones from ynl, {len(m)} from mmscope"
for a, z in zip(y, m):
    pairs = [("node", "node"), ("name", "zone"), ("spanned", "spanned"),
             ("present", "present"), ("managed", "managed"), ("min", "min"),
             ("low", "low"), ("high", "high"), ("boost", "boost"),
             ("lowmem-reserve", "lowmem_reserve")]
    for yk, mk in pairs:
        if a[yk] != z[mk]:
            print(f"zone {z['zone']}: ynl {yk}={a[yk]} mmscope {mk}={z[mk]}")
            sys.exit(1)      # a watermark boost may move: read again
    assert len(a["free-area"]) == len(z["free_area"])
print(f"{len(m)} zones agree")
PYEOF
		then
			return 0
		fi
	done
	return 1
}
ktap_check "ynl --dump zone-get agrees with mmscope zones --json" cmp_zones

# Every zone of the dump asked for by node and index: the same zone comes back. (Which
# index is which zone depends on the config: the debug kernel has no ZONE_DMA.)
do_zone() {
	ynl --dump zone-get > /tmp/ynl.json || return 1
	$PY - "$KSRC/tools/net/ynl/cli.py" "$SPEC" <<'PYEOF'
import json, subprocess, sys
YNL = [sys.executable, sys.argv[1], "--spec", sys.argv[2], "--no-schema", "--output-json"]
zones = json.load(open("/tmp/ynl.json"))
assert zones, "no zone dumped"
for z in zones:
    req = json.dumps({"node": z["node"], "idx": z["idx"]})
    out = subprocess.run(YNL + ["--do", "zone-get", "--json", req], capture_output=True,
                         text=True, check=True).stdout
    d = json.loads(out)
    for k in ("node", "idx", "name", "spanned", "present", "managed"):
        assert d[k] == z[k], f"node {z['node']} idx {z['idx']}: do {k}={d[k]}, dump {z[k]}"
    print(f"do: node {z['node']} idx {z['idx']} is {d['name']}")
PYEOF
}
ktap_check "ynl --do zone-get of each dumped zone (node, idx) is that zone" do_zone

dump_types() {
	ynl --dump pagetype-get | $PY -c '
import json, sys
zones = json.load(sys.stdin)
names = [t["name"] for t in zones[0]["migratetype"]]
assert "Movable" in names and "Unmovable" in names, names
print("types:", names)'
}
ktap_check "ynl --dump pagetype-get carries named migrate types" dump_types

unpriv() {
	local out
	if out=$(as_user "$PY" "$KSRC/tools/net/ynl/cli.py" --spec "$SPEC" --no-schema \
			--dump zone-get 2>&1); then
		echo "an ordinary user got an answer"
		return 1
	fi
	echo "$out" | tail -n 2
	echo "$out" | grep -q -- '-1\|EPERM\|Operation not permitted\|error'
}
ktap_check "ynl as an ordinary user is refused" unpriv

# The process ops, on a process that holds still: sleep, stopped.
sleep 600 &
target=$!
kill -STOP "$target"

vma_get() {
	ynl --dump vma-get --json "{\"pid\": $target}" > /tmp/ynl-vmas.json || return 1
	"$MMSCOPE" vmas "$target" --json > /tmp/mms-vmas.json || return 1
	$PY - <<'PYEOF'
import json
y = json.load(open("/tmp/ynl-vmas.json"))
m = json.load(open("/tmp/mms-vmas.json"))["vmas"]
assert len(y) == len(m), f"{len(y)} VMAs from ynl, {len(m)} from mmscope"
for a, v in zip(y, m):
    for yk, mk in (("start", "start"), ("end", "end"), ("name", "path"),
                   ("rss-pages", "rss_pages"), ("swap-pages", "swap_pages")):
        assert a.get(yk, "") == v[mk], f"{yk}: ynl {a.get(yk)} mmscope {v[mk]}"
print(f"{len(m)} VMAs agree")
PYEOF
}
ktap_check "ynl --dump vma-get agrees with mmscope vmas --json" vma_get

do_walk() {
	local addr
	addr=$($PY -c 'import json; print(json.load(open("/tmp/mms-vmas.json"))["vmas"][0]["start"])')
	ynl --do walk --json "{\"pid\": $target, \"addr\": $addr}" > /tmp/ynl-walk.json || return 1
	"$MMSCOPE" walk "$target" "$addr" --json > /tmp/mms-walk.json || return 1
	$PY - <<'PYEOF'
import json
y = json.load(open("/tmp/ynl-walk.json"))
m = json.load(open("/tmp/mms-walk.json"))
assert y["addr"] == m["addr"] and len(y["level"]) == len(m["levels"])
for a, b in zip(y["level"], m["levels"]):
    assert a["entry"] == b["entry"], (a, b)
assert y.get("pfn") == m["pfn"], (y.get("pfn"), m["pfn"])
print("walk agrees:", len(m["levels"]), "levels, state", m["state"])
PYEOF
}
ktap_check "ynl --do walk agrees with mmscope walk --json" do_walk

dump_extents() {
	ynl --dump ptdump --json "{\"pid\": $target}" > /tmp/ynl-ext.json || return 1
	"$MMSCOPE" ptdump "$target" --json > /tmp/mms-ext.json || return 1
	$PY - <<'PYEOF'
import json
y = json.load(open("/tmp/ynl-ext.json"))
m = json.load(open("/tmp/mms-ext.json"))["extents"]
assert len(y) == len(m), f"{len(y)} extents from ynl, {len(m)} from mmscope"
for a, b in zip(y, m):
    assert (a["start"], a["end"], a["pages"], a.get("pfn")) == \
           (b["start"], b["end"], b["pages"], b["pfn"]), (a, b)
print(f"{len(m)} extents agree")
PYEOF
}
ktap_check "ynl --dump ptdump agrees with mmscope ptdump --json" dump_extents

kill -9 "$target"
# mem-get: the system's figures (do) and one reply per node with memory (dump), with the
# sizes that do not move: MemTotal and each node's, the swap total.
mem_get() {
	ynl --do mem-get --json '{}' > /tmp/ynl-mem.json || return 1
	ynl --dump mem-get > /tmp/ynl-nodes.json || return 1
	$PY - /tmp/ynl-mem.json /tmp/ynl-nodes.json <<'PYEOF'
import json, re, sys
m = json.load(open(sys.argv[1]))
nodes = json.load(open(sys.argv[2]))
info = {l.split(":")[0]: int(l.split()[1]) for l in open("/proc/meminfo")}
assert "node" not in m, "the system reply names a node"
assert m["total"] == info["MemTotal"], f"total {m['total']}, MemTotal {info['MemTotal']}"
assert m["swap-total"] == info["SwapTotal"], f"swap-total {m['swap-total']}"
for n in nodes:
    f = open(f"/sys/devices/system/node/node{n['node']}/meminfo").read()
    t = int(re.search(r"MemTotal:\s+(\d+)", f).group(1))
    assert n["total"] == t, f"node {n['node']}: total {n['total']}, sysfs {t}"
    assert "committed" not in n, "a node reply carries a system-only figure"
print(f"total {m['total']} kB, {len(nodes)} node(s) agree")
PYEOF
}
ktap_check "ynl mem-get (do and dump) agrees with /proc/meminfo and the nodes' meminfo" mem_get

ktap_finish
