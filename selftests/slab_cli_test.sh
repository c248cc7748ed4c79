#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# mmscope slab as a user meets it: JSON shape against /proc/slabinfo, sorting, --top,
# --watch, one cache by name, errors and exit codes; and the kernel's ynl CLI on slab-get.
. "$(dirname "$0")/ktap.sh"

KSRC=${MMS_KSRC:-/var/cache/mmscope/ksrc}
SPEC=$MMSCOPE_TOP/uapi/mmscope.yaml

ktap_plan 8

expect_rc "slab --help" 0 '--watch' "$MMSCOPE" slab --help

# The caches and their geometry, as /proc/slabinfo lists them (in its order).
check_json() {
	local i
	for i in $(seq 1 20); do
		"$MMSCOPE" slab --json > /tmp/slab.json || return 1
		cat /proc/slabinfo > /tmp/slabinfo
		$PY - <<'PYEOF' && return 0
import json, sys
doc = json.load(open("/tmp/slab.json"))
need = ["name", "object_size", "size", "objs_per_slab", "pages_per_slab", "active_objs",
        "num_objs", "num_slabs", "partial_slabs", "flags"]
rows = [l.split() for l in open("/tmp/slabinfo") if not l.startswith(("slabinfo", "#"))]
caches = doc["caches"]
if [c["name"] for c in caches] != [r[0] for r in rows]:
    print("the cache list changed or differs: retry")
    sys.exit(1)
for c, r in zip(caches, rows):
    missing = [k for k in need if k not in c]
    assert not missing, f"{c['name']} lacks {missing}"
    geo = (c["size"], c["objs_per_slab"], c["pages_per_slab"])
    assert geo == (int(r[3]), int(r[4]), int(r[5])), f"{c['name']}: {geo} vs {r[3:6]}"
    assert isinstance(c["flags"], list)
    assert c["active_objs"] <= c["num_objs"]
kmalloc = [c["name"] for c in caches if "KMALLOC" in c["flags"]]
assert kmalloc, "no cache carries KMALLOC"
print(f"{len(caches)} caches, geometry as /proc/slabinfo; {len(kmalloc)} kmalloc caches")
PYEOF
	done
	return 1
}
ktap_check "slab --json lists /proc/slabinfo's caches with their geometry" check_json

check_sort_top() {
	"$MMSCOPE" slab --sort mem --top 5 --json > /tmp/top.json || return 1
	$PY - <<'PYEOF' || return 1
import json
c = json.load(open("/tmp/top.json"))["caches"]
assert len(c) == 5, len(c)
mem = [x["memory_bytes"] for x in c]
assert mem == sorted(mem, reverse=True), mem
for x in c:
    assert x["memory_bytes"] == x["num_slabs"] * x["pages_per_slab"] * 4096
print("top 5 by memory:", ", ".join(x["name"] for x in c))
PYEOF
	local rows
	rows=$("$MMSCOPE" slab --sort name --top 3 | wc -l)
	[ "$rows" = 4 ] || { echo "--top 3 printed $rows lines"; return 1; }
	"$MMSCOPE" slab --sort util --nodes --top 2 | grep -q '^  node 0 ' ||
		{ echo "--nodes printed no node row"; return 1; }
}
ktap_check "slab --sort mem --top 5, --sort name, --nodes" check_sort_top

check_watch() {
	local out
	out=$(timeout 60 "$MMSCOPE" slab --watch 1 --count 2 --sort objs --top 3) || return 1
	printf '%s\n' "$out" | head -n 12
	[ "$(printf '%s\n' "$out" | grep -c 'mmscope slab, every 1s')" = 2 ] &&
		printf '%s\n' "$out" | grep -q '+ACTIVE'
}
ktap_check "slab --watch 1 --count 2 refreshes twice with changes" check_watch

expect_rc "one cache by name" 0 '^kmem_cache_node ' "$MMSCOPE" slab kmem_cache_node
expect_rc "an unknown cache is an error" 1 'no slab cache' "$MMSCOPE" slab no-such-cache
expect_rc "an ordinary user is refused with exit 4" 4 'mmscope: slab: ' as_user "$MMSCOPE" slab

# The kernel's ynl CLI reads slab-get with the spec and agrees with mmscope.
ynl_slab() {
	local i
	[ -f "$KSRC/tools/net/ynl/cli.py" ] || { echo "no ynl CLI in $KSRC"; return 1; }
	for i in $(seq 1 10); do
		$PY "$KSRC/tools/net/ynl/cli.py" --spec "$SPEC" \
			--schema "$KSRC/Documentation/netlink/genetlink-legacy.yaml" \
			--output-json --dump slab-get > /tmp/ynl-slab.json || return 1
		"$MMSCOPE" slab --json > /tmp/mms-slab.json || return 1
		$PY - <<'PYEOF' && break
import json, sys
y = json.load(open("/tmp/ynl-slab.json"))
m = json.load(open("/tmp/mms-slab.json"))["caches"]
if [c["name"] for c in y] != [c["name"] for c in m]:
    sys.exit(1)
for a, b in zip(y, m):
    for yk, mk in (("object-size", "object_size"), ("size", "size"),
                   ("objs-per-slab", "objs_per_slab"), ("pages-per-slab", "pages_per_slab")):
        assert a[yk] == b[mk], f"{a['name']}: {yk} {a[yk]} != {b[mk]}"
    names = sorted(a.get("flags", []))
    ours = sorted(f.lower().replace("_", "-") for f in b["flags"])
    assert names == ours, f"{a['name']}: flags {names} != {ours}"
    assert len(a["node"]) >= 1
print(f"{len(y)} caches agree with ynl")
PYEOF
		[ "$i" = 10 ] && return 1
	done
	$PY "$KSRC/tools/net/ynl/cli.py" --spec "$SPEC" --no-schema --output-json \
		--do slab-get --json '{"name": "kmem_cache"}' |
		$PY -c 'import json,sys; c=json.load(sys.stdin); assert c["name"]=="kmem_cache", c; print("do:", c["name"], c["size"])'
}
ktap_check "ynl --dump slab-get agrees with mmscope slab --json" ynl_slab

ktap_finish
