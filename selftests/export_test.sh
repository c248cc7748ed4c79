#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# mmscope export: the Prometheus text format (promtool), its figures against /proc, the
# atomic --textfile and the exit codes.
. "$(dirname "$0")/ktap.sh"

ktap_plan 8

dir=$(mktemp -d /tmp/mmscope-export.XXXXXX)
trap 'rm -rf "$dir"' EXIT

# The parser the checks below share: families (HELP, TYPE, contiguous samples) and samples.
cat > "$dir/prom.py" <<'PYEOF'
import re, sys

SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$')
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)",?')

def parse(path):
    """{name: {labels-tuple: value}}; asserts the layout promises of mmscope(8)."""
    helps, types, fams, done = set(), {}, {}, set()
    cur = None
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if line.startswith("# HELP "):
            name = line.split()[2]
            assert name not in helps, f"second HELP for {name}"
            helps.add(name)
            continue
        if line.startswith("# TYPE "):
            _, _, name, typ = line.split()
            # counters: the kernel's event counts (mem's pgfault...), named _total
            assert typ == "gauge" or (typ == "counter" and name.endswith("_total")), \
                f"{name} is a {typ}"
            types[name] = typ
            continue
        if line.startswith("#") or not line:
            continue
        m = SAMPLE.match(line)
        assert m, f"bad sample line: {line!r}"
        name, lbl, val = m.groups()
        assert name in helps and name in types, f"{name} lacks HELP or TYPE"
        if name != cur:
            assert name not in done, f"samples of {name} are not together"
            if cur:
                done.add(cur)
            cur = name
        labels = tuple(LABEL.findall(lbl or ""))
        fam = fams.setdefault(name, {})
        assert labels not in fam, f"duplicate series {name}{labels}"
        fam[labels] = int(val)
    return fams

def zoneinfo():
    proc, cur = {}, None
    for line in open("/proc/zoneinfo"):
        m = re.match(r"Node (\d+), zone\s+(\S+)", line)
        if m:
            cur = (m.group(1), m.group(2))
            proc[cur] = {}
            continue
        f = line.split()
        if cur and len(f) == 2 and f[0] in ("spanned", "present", "managed"):
            proc[cur][f[0]] = int(f[1])
    return {k: v for k, v in proc.items() if v.get("present")}
PYEOF

check_run() {
	"$MMSCOPE" export > "$dir/out.prom" || return 1
	head -n 30 "$dir/out.prom"
	$PY - "$dir" <<'PYEOF'
import sys; sys.path.insert(0, sys.argv[1])
import prom
fams = prom.parse(sys.argv[1] + "/out.prom")
need = ["mmscope_page_size_bytes", "mmscope_zone_spanned_pages", "mmscope_zone_present_pages",
        "mmscope_zone_managed_pages", "mmscope_zone_free_pages", "mmscope_zone_watermark_pages",
        "mmscope_zone_watermark_boost_pages", "mmscope_buddy_free_blocks",
        "mmscope_slab_available"]
missing = [n for n in need if n not in fams]
assert not missing, f"missing families {missing}"
print(f"{len(fams)} families, {sum(len(v) for v in fams.values())} samples")
PYEOF
}
ktap_check "export prints HELP, TYPE and grouped samples for every family" check_run

check_promtool() {
	if ! command -v promtool >/dev/null; then
		echo "promtool not found (install prometheus: scripts/deps.sh, scripts/sid-root.sh)"
		return 1
	fi
	promtool --version 2>&1 | head -n 1
	promtool check metrics < "$dir/out.prom"
}
ktap_check "promtool check metrics accepts the output" check_promtool

check_zones() {
	$PY - "$dir" <<'PYEOF'
import sys; sys.path.insert(0, sys.argv[1])
import prom
fams = prom.parse(sys.argv[1] + "/out.prom")
proc = prom.zoneinfo()
for k in ("spanned", "present", "managed"):
    ours = {(dict(l)["node"], dict(l)["zone"]): v
            for l, v in fams[f"mmscope_zone_{k}_pages"].items()}
    assert set(ours) == set(proc), f"{k}: zones {sorted(ours)} != zoneinfo {sorted(proc)}"
    for z, v in ours.items():
        assert v == proc[z][k], f"{z} {k}: {v} != zoneinfo {proc[z][k]}"
marks = {dict(l)["watermark"] for l in fams["mmscope_zone_watermark_pages"]}
assert {"min", "low", "high"} <= marks, f"watermarks {marks}"
print(f"{len(proc)} zones match /proc/zoneinfo")
PYEOF
}
ktap_check "zone sizes equal /proc/zoneinfo" check_zones

# Buddy blocks summed over the migrate types against /proc/buddyinfo, read close together
# until two exports agree.
check_buddy() {
	local i
	for i in $(seq 1 50); do
		"$MMSCOPE" export > "$dir/b1.prom" || return 1
		cat /proc/buddyinfo > "$dir/buddyinfo"
		"$MMSCOPE" export > "$dir/b2.prom" || return 1
		if $PY - "$dir" <<'PYEOF'
import sys; sys.path.insert(0, sys.argv[1])
import prom
d = sys.argv[1]
def sums(path):
    s = {}
    for l, v in prom.parse(path)["mmscope_buddy_free_blocks"].items():
        l = dict(l)
        key = (l["node"], l["zone"])
        s.setdefault(key, {})
        o = int(l["order"])
        s[key][o] = s[key].get(o, 0) + v
    return {k: [v[o] for o in sorted(v)] for k, v in s.items()}
a, b = sums(d + "/b1.prom"), sums(d + "/b2.prom")
if a != b:
    sys.exit(1)
proc = {}
for line in open(d + "/buddyinfo"):
    f = line.replace(",", "").split()
    proc[(f[1], f[3])] = [int(x) for x in f[4:]]
if a != proc:
    print("differs:", a, proc)
    sys.exit(1)
PYEOF
		then
			echo "agreed after $i reads"
			return 0
		fi
	done
	return 1
}
ktap_check "buddy free blocks summed over migrate types equal /proc/buddyinfo" check_buddy

check_slab() {
	$PY - "$dir" <<'PYEOF'
import sys; sys.path.insert(0, sys.argv[1])
import prom
d = sys.argv[1]
fams = prom.parse(d + "/out.prom")
avail = fams["mmscope_slab_available"][()]
if not avail:
    text = open(d + "/out.prom").read()
    assert "# mmscope: slab figures unavailable: " in text, "no comment saying why"
    assert "mmscope_slab_objects" not in fams
    print("slab view unavailable on this kernel; the comment says why")
    sys.exit(0)
act, tot = fams["mmscope_slab_active_objects"], fams["mmscope_slab_objects"]
assert len(tot) > 20 and set(act) == set(tot), "slab caches missing"
for k in ("mmscope_slab_object_size_bytes", "mmscope_slab_slabs",
          "mmscope_slab_partial_slabs", "mmscope_slab_memory_bytes"):
    assert set(fams[k]) == set(tot), f"{k} lacks caches"
bad = [l for l in tot if act[l] > tot[l]]
assert not bad, f"active > total: {bad[:3]}"
names = {dict(l)["cache"] for l in tot}
assert any(n.startswith("kmalloc-") for n in names), "no kmalloc caches"
print(f"{len(tot)} caches")
PYEOF
}
ktap_check "slab families cover every cache (or say why they are missing)" check_slab

# --textfile: the same series (static figures equal), mode 0644, no temporary file left.
check_textfile() {
	"$MMSCOPE" export --textfile "$dir/mmscope.prom" || return 1
	"$MMSCOPE" export > "$dir/again.prom" || return 1
	[ "$(stat -c %a "$dir/mmscope.prom")" = 644 ] || { echo "mode is not 0644"; return 1; }
	if compgen -G "$dir/*.tmp*" >/dev/null; then
		echo "temporary file left: $(ls "$dir")"
		return 1
	fi
	# again, over the existing file
	"$MMSCOPE" export --textfile "$dir/mmscope.prom" || return 1
	$PY - "$dir" <<'PYEOF' || return 1
import sys; sys.path.insert(0, sys.argv[1])
import prom
d = sys.argv[1]
a, b = prom.parse(d + "/mmscope.prom"), prom.parse(d + "/again.prom")
assert list(a) == list(b), "families differ"
for n in a:
    if not n.startswith("mmscope_slab"):
        assert set(a[n]) == set(b[n]), f"series of {n} differ"
for n in ("mmscope_page_size_bytes", "mmscope_zone_spanned_pages",
          "mmscope_zone_present_pages", "mmscope_zone_managed_pages"):
    assert a[n] == b[n], f"{n} differs"
print("same families and series as stdout")
PYEOF
	if compgen -G "$dir/*.tmp*" >/dev/null; then
		echo "temporary file left"
		return 1
	fi
}
ktap_check "--textfile writes the same content atomically, no .tmp left" check_textfile

expect_rc "--textfile in a missing directory: exit 1, what failed and why" 1 \
	'^mmscope: export: creating .*\.tmp\.[0-9]+ failed: No such file' \
	"$MMSCOPE" export --textfile "$dir/none/mmscope.prom"

expect_rc "an ordinary user is refused with exit 4" 4 'mmscope: export: .*(ermission|CAP_)' \
	as_user "$MMSCOPE" export

ktap_finish
