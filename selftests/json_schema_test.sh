#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Every command's --json output against its schema in docs/schemas (documented in
# docs/json.md): a renamed, missing or retyped key fails here before it reaches a user.
. "$(dirname "$0")/ktap.sh"

SCHEMAS=$MMSCOPE_TOP/docs/schemas
# name, then the schema it must pass; the documents are collected first and validated by
# one python process: loading jsonschema costs seconds per call in a TCG guest.
cases=(
	"zones zones"
	"buddy buddy"
	"buddy-types buddy-types"
	"slab slab"
	"slab-nodes slab"
	"vmas vmas"
	"walk-touched walk"
	"walk-untouched walk"
	"ptdump ptdump"
	"stats stats"
	"watch watch"
	"mem mem"
)
ktap_plan $(( ${#cases[@]} + 2 ))

if ! $PY -c 'import jsonschema' 2>/dev/null; then
	ktap_skip "schemas are valid JSON Schema" "python3-jsonschema is not installed"
	for c in "${cases[@]}"; do
		ktap_skip "${c%% *} --json passes its schema" "python3-jsonschema is not installed"
	done
	ktap_skip "a renamed, missing or retyped key is rejected" "python3-jsonschema is not installed"
	ktap_finish
fi

dir=$(mktemp -d)
sleep 600 &
pid=$!
disown "$pid"
# Until sleep has exec'd and is asleep, the maps are the forked shell's, whose file pages
# fork did not copy into its page tables: nothing there is touched yet.
for _ in $(seq 1 100); do
	case $(readlink "/proc/$pid/exe") in
	*/sleep) [ "$(awk '{ print $3 }' "/proc/$pid/stat")" = S ] && break ;;
	esac
	sleep 0.1
done
# stopped, so that its page tables stay as they are between the commands
kill -STOP "$pid"
trap 'kill -KILL "$pid" 2>/dev/null; rm -rf "$dir"' EXIT

# the first VMA's start (the executable's ELF header, read by the loader: present) and
# the stack VMA's lowest page (the stack grows down from its top: never touched)
first=$(awk -F'[- ]' 'NR == 1 { print "0x" $1 }' "/proc/$pid/maps")
stack=$(awk -F'[- ]' '/\[stack\]/ { print "0x" $1 }' "/proc/$pid/maps")
ktap_log "pid $pid, first vma $first, stack $stack"

# run NAME CMD...: the document of CMD in $dir/NAME.json, or its error in $dir/NAME.err.
run() {
	local name=$1
	shift
	"$@" >"$dir/$name.json" 2>"$dir/$name.err" || echo "exit $?" >>"$dir/$name.err"
}
run zones "$MMSCOPE" zones --json
run buddy "$MMSCOPE" buddy --json
run buddy-types "$MMSCOPE" buddy --types --json
run slab "$MMSCOPE" slab --json
run slab-nodes "$MMSCOPE" slab --nodes --json
run vmas "$MMSCOPE" vmas "$pid" --json
run walk-touched "$MMSCOPE" walk "$pid" "$first" --json
run walk-untouched "$MMSCOPE" walk "$pid" "$stack" --json
run ptdump "$MMSCOPE" ptdump "$pid" --json
run stats "$MMSCOPE" stats --json
run watch "$MMSCOPE" watch "$pid" --json
run mem "$MMSCOPE" mem --json

# One line per case: "ok NAME" or "fail NAME: why", in the order of the plan.
$PY - "$SCHEMAS" "$dir" "${cases[@]}" >"$dir/results" 2>&1 <<'PYEOF'
import copy, glob, json, os, sys
import jsonschema

schemas, d, cases = sys.argv[1], sys.argv[2], [c.split() for c in sys.argv[3:]]
V = jsonschema.Draft202012Validator

def load(name):
    return json.load(open(os.path.join(schemas, name + ".schema.json")))

def errors(schema, doc):
    errs = sorted(V(schema).iter_errors(doc), key=lambda e: list(e.absolute_path))
    return ["/".join(map(str, e.absolute_path)) + ": " + e.message[:200] for e in errs[:3]]

try:
    for f in sorted(glob.glob(os.path.join(schemas, "*.schema.json"))):
        V.check_schema(json.load(open(f)))
    print("ok schemas", len(glob.glob(os.path.join(schemas, "*.schema.json"))))
except Exception as e:
    print("fail schemas:", e)

# Beyond the schema: what each case is there to exercise.
def extra(name, doc):
    if name == "mem" and (not doc["nodes"] or doc["free"]["total"] is None):
        return "no nodes, or no total"
    if name == "slab" and any("nodes" in c for c in doc["caches"]):
        return "nodes without --nodes"
    if name == "slab-nodes" and not all("nodes" in c for c in doc["caches"]):
        return "a cache without nodes under --nodes"
    if name == "walk-touched" and (doc["state"] != "present" or doc["page"] is None):
        return f"state {doc['state']}, page {doc['page']}: want a present page"
    if name == "walk-untouched" and (doc["state"] != "none" or doc["pfn"] is not None):
        return f"state {doc['state']}, pfn {doc['pfn']}: want none and null"
    for key in ("zones", "caches", "vmas", "extents"):
        if key in doc and not doc[key]:
            return f"{key} is empty"
    return None

for name, schema in cases:
    try:
        doc = json.load(open(os.path.join(d, name + ".json")))
    except Exception as e:
        err = open(os.path.join(d, name + ".err")).read().strip().replace("\n", "; ")
        print(f"fail {name}: no JSON document ({e}) {err}")
        continue
    errs = errors(load(schema), doc)
    why = "; ".join(errs) if errs else extra(name, doc)
    print(f"fail {name}: {why}" if why else f"ok {name}")

# The check can fail: each mutation of a valid zones document must be rejected.
try:
    good = json.load(open(os.path.join(d, "zones.json")))
    bad = []
    for what, change in (("free renamed to free_pages", lambda z: z.update(free_pages=z.pop("free"))),
                         ("managed left out", lambda z: z.pop("managed")),
                         ("node as a string", lambda z: z.update(node=str(z["node"]))),
                         ("an unknown key", lambda z: z.update(frob=1))):
        doc = copy.deepcopy(good)
        change(doc["zones"][0])
        if errors(load("zones"), doc):
            print("#", what + ":", errors(load("zones"), doc)[0])
        else:
            bad.append(what)
    print(f"fail negative: accepted: {', '.join(bad)}" if bad else "ok negative")
except Exception as e:
    print(f"fail negative: {e!r}")
PYEOF

# report NAME TEXT: the case's result line, or a failure when python never printed one.
report() {
	local line
	line=$(grep -E "^(ok|fail) $1(:| |$)" "$dir/results" | head -n 1)
	case $line in
	"ok "*) ktap_pass "$2" ;;
	"") ktap_log "no result for $1"; ktap_fail "$2" ;;
	*) ktap_log "${line#fail }"; ktap_fail "$2" ;;
	esac
}
grep -v -E '^(ok|fail) ' "$dir/results" | sed 's/^#* *//; s/^/# /'
report schemas "schemas are valid JSON Schema (draft 2020-12)"
for c in "${cases[@]}"; do
	report "${c%% *}" "${c%% *} --json passes docs/schemas/${c#* }.schema.json"
done
report negative "a renamed, missing or retyped key is rejected"
ktap_finish
