#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The CLI as a user meets it: help, JSON shapes against /proc, error messages and exit codes.
. "$(dirname "$0")/ktap.sh"

ktap_plan 12

expect_rc "help lists the commands" 0 'zones.*|buddy' "$MMSCOPE" --help
expect_rc "zones --help" 0 '--json' "$MMSCOPE" zones --help
expect_rc "buddy --help" 0 '--types' "$MMSCOPE" buddy --help
expect_rc "unknown command is a usage error" 2 '^mmscope: ' "$MMSCOPE" frobnicate
expect_rc "unknown option is a usage error" 2 '^mmscope: ' "$MMSCOPE" zones --frobnicate

# zones --json: the keys the issue names, the figures /proc/zoneinfo shows.
check_zones_json() {
	"$MMSCOPE" zones --json > /tmp/zones.json || return 1
	$PY - /tmp/zones.json <<'PYEOF'
import json, re, sys
doc = json.load(open(sys.argv[1]))
need = ["node", "zone", "spanned", "present", "managed", "free", "min", "low", "high",
        "boost", "free_area"]
proc = {}
cur = None
for line in open("/proc/zoneinfo"):
    m = re.match(r"Node (\d+), zone\s+(\S+)", line)
    if m:
        cur = (int(m.group(1)), m.group(2)); proc[cur] = {}; continue
    f = line.split()
    if cur and len(f) == 2 and f[0] in ("spanned", "present", "managed"):
        proc[cur][f[0]] = int(f[1])
populated = {k for k, v in proc.items() if v.get("present")}
seen = set()
for z in doc["zones"]:
    missing = [k for k in need if k not in z]
    assert not missing, f"zone {z.get('zone')} lacks {missing}"
    key = (z["node"], z["zone"])
    seen.add(key)
    for k in ("spanned", "present", "managed"):
        assert z[k] == proc[key][k], f"{key} {k}: {z[k]} != zoneinfo {proc[key][k]}"
    assert isinstance(z["free_area"], list) and len(z["free_area"]) >= 10
assert seen == populated, f"zones {sorted(seen)} != zoneinfo's populated {sorted(populated)}"
print(f"{len(seen)} zones match")
PYEOF
}
ktap_check "zones --json keys and sizes match /proc/zoneinfo" check_zones_json

# buddy --json against /proc/buddyinfo, read close together until two reads agree.
check_buddy_json() {
	local i
	for i in $(seq 1 50); do
		"$MMSCOPE" buddy --json > /tmp/b1.json || return 1
		cat /proc/buddyinfo > /tmp/buddyinfo
		"$MMSCOPE" buddy --json > /tmp/b2.json || return 1
		if $PY - <<'PYEOF'
import json, sys
a = json.load(open("/tmp/b1.json")); b = json.load(open("/tmp/b2.json"))
if a != b:
    sys.exit(1)
proc = {}
for line in open("/tmp/buddyinfo"):
    f = line.replace(",", "").split()
    proc[(int(f[1]), f[3])] = [int(x) for x in f[4:]]
ours = {(z["node"], z["zone"]): z["free_area"] for z in a["zones"]}
if ours != proc:
    print("differs:", ours, proc)
    sys.exit(1)
PYEOF
		then
			ktap_log "agreed after $i reads"
			return 0
		fi
	done
	return 1
}
ktap_check "buddy --json equals /proc/buddyinfo" check_buddy_json

check_types_json() {
	"$MMSCOPE" buddy --types --json > /tmp/t.json || return 1
	$PY - <<'PYEOF'
import json, re
doc = json.load(open("/tmp/t.json"))
names = []
for line in open("/proc/pagetypeinfo"):
    m = re.match(r"Node\s+0, zone\s+\S+, type\s+(\S+)", line)
    if m and m.group(1) not in names:
        names.append(m.group(1))
for z in doc["zones"]:
    for k in ("node", "zone", "types"):
        assert k in z, f"missing {k}"
    assert list(z["types"].keys()) == names, f"{list(z['types'].keys())} != {names}"
    for counts in z["types"].values():
        assert len(counts) >= 10 and all(isinstance(c, int) for c in counts)
print("migrate types:", " ".join(names))
PYEOF
}
ktap_check "buddy --types --json uses the kernel's migrate-type names" check_types_json

expect_rc "an ordinary user is refused with exit 4" 4 'mmscope: zones: .*(ermission|CAP_)' \
	as_user "$MMSCOPE" zones
expect_rc "root in a user namespace is not root" 4 'mmscope: zones: ' \
	unshare -Ur "$MMSCOPE" zones

# Without the module: a clear message and exit 3; then load it back for later tests.
if rmmod mmscope 2>/dev/null; then
	expect_rc "module not loaded: exit 3 and a clear message" 3 'not loaded' "$MMSCOPE" zones
	insmod "$MMSCOPE_TOP/mmscope.ko" || ktap_log "could not load the module back"
else
	ktap_fail "module not loaded: exit 3 and a clear message (rmmod failed)"
fi
expect_rc "zones works again after reloading" 0 'DMA32|Normal' "$MMSCOPE" zones

ktap_finish
