#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Privilege, for every view: an ordinary user (nobody) and root in a user namespace
# (unshare -Ur: uid 0 there, no capability in the initial namespace) are refused every
# netlink request that needs CAP_SYS_ADMIN (each command's do and dump, over raw netlink
# and through the CLI, which prints why and exits 4), cannot open any debugfs file, and
# see their own processes without a frame number or physical address anywhere, on every
# kernel (7.x keeps dumpability in the task's exec_state, which the module reads).
. "$(dirname "$0")/ktap.sh"

FUZZ=$MMSCOPE_TOP/selftests/helpers/nl_fuzz
DBG=/sys/kernel/debug/mmscope
FILES="zones buddyinfo pagetypeinfo slabinfo features target vmas ptdump"
W=$(mktemp -d /tmp/mmscope-priv.XXXXXX)
chmod 755 "$W"

ktap_plan 11

# A process of nobody's: "own" for nobody, another user's for root in a user namespace.
nobody_sleeper
addr=$sleeper_stack
ktap_log "nobody's process $sleeper, stack page $addr"

ktap_check "nobody: every do and dump refused with EPERM (raw netlink)" as_user "$FUZZ" -e -p 1
ktap_check "root in a user namespace: every do and dump refused with EPERM (raw netlink)" \
	unshare -Ur "$FUZZ" -e -p "$sleeper"

# cli_refused WHO TARGET: every CLI command exits 4 with a message saying what is needed.
cli_refused() {
	local who=$1 pid=$2 rc out bad=0 c
	local -a run args
	[ "$who" = nobody ] && run=(as_user) || run=(unshare -Ur)
	while read -r c; do
		read -ra args <<<"$c"
		out=$("${run[@]}" "$MMSCOPE" "${args[@]}" 2>&1 > /dev/null)
		rc=$?
		if [ "$rc" = 4 ] && printf '%s' "$out" | grep -q 'CAP_SYS_ADMIN'; then
			echo "$c: exit 4: $out"
		else
			echo "$c: exit $rc (want 4 and a message naming CAP_SYS_ADMIN): $out"
			bad=1
		fi
	done <<-EOF2
		zones
		buddy
		buddy --types
		slab
		slab kmem_cache
		export
		vmas $pid
		walk $pid 0x400000
		ptdump $pid
	EOF2
	[ "$bad" = 0 ]
}
ktap_check "nobody: every CLI command refused, exit 4 with the reason" cli_refused nobody 1
ktap_check "root in a user namespace: every CLI command refused, exit 4 with the reason" \
	cli_refused userns "$sleeper"

# debugfs_refused RUN...: no file can be opened for reading, target not for writing.
debugfs_refused() {
	local f bad=0
	for f in $FILES; do
		if "$@" cat "$DBG/$f" > /dev/null 2>&1; then
			echo "$f: readable"
			bad=1
		fi
	done
	if "$@" sh -c "echo 1 > $DBG/target" 2>/dev/null; then
		echo "target: writable"
		bad=1
	fi
	[ "$bad" = 0 ] && echo "none of $FILES can be opened"
}
ktap_check "nobody cannot read any debugfs file" debugfs_refused as_user
ktap_check "root in a user namespace cannot read any debugfs file" debugfs_refused unshare -Ur
userns_nobody() {
	as_user unshare -Ur true || { echo "cannot create a user namespace as nobody"; return 1; }
	debugfs_refused as_user unshare -Ur
}
ktap_check "nobody in a user namespace of its own cannot either" userns_nobody

# Own processes: answered without frames.

# own_views RUN...: vmas, walk and ptdump of the sleeper; the JSON goes to $W/<view>.json.
own_views() {
	local v rc out bad=0
	for v in vmas walk ptdump; do
		case $v in
		walk) out=$("$@" "$MMSCOPE" --json walk "$sleeper" "$addr" 2>&1 > "$W/$v.json") ;;
		*) out=$("$@" "$MMSCOPE" --json "$v" "$sleeper" 2>&1 > "$W/$v.json") ;;
		esac
		rc=$?
		if [ "$rc" != 0 ]; then
			echo "$v: exit $rc: $out"
			bad=1
		fi
	done
	[ "$bad" = 0 ]
}

# No frame anywhere: pfn, phys, swap offset, node, zone, migratetype and page absent or
# null, and no frame bits in a raw entry.
no_frames() {
	$PY - "$W" <<'PYEOF'
import json, sys
d = sys.argv[1]
hidden = ("pfn", "phys", "node", "zone", "migratetype", "page")
bad = []
def scan(v, path):
    if isinstance(v, dict):
        for k, x in v.items():
            # a VMA's file offset is no frame; a swap entry's offset is hidden
            if (k in hidden or (k == "offset" and path.endswith(".swap"))) and x is not None:
                bad.append(f"{path}.{k} = {x}")
            if k == "entry" and isinstance(x, int) and x & 0x000ffffffffff000:
                bad.append(f"{path}.entry {x:#x} has frame bits")
            scan(x, f"{path}.{k}")
    elif isinstance(v, list):
        for i, x in enumerate(v):
            scan(x, f"{path}[{i}]")
n = 0
for view in ("vmas", "walk", "ptdump"):
    doc = json.load(open(f"{d}/{view}.json"))
    scan(doc, view)
    n += 1
w = json.load(open(f"{d}/walk.json"))
assert w["state"] == "present", f"walk of the stack page: {w['state']}"
print(f"{n} views checked, walk state {w['state']}, {len(bad)} frames shown")
for b in bad[:20]:
    print(b)
sys.exit(1 if bad else 0)
PYEOF
}
own_nobody() { own_views as_user && no_frames; }
ktap_check "nobody: own process's vmas, walk and ptdump without frames" own_nobody
# Root in a user namespace of nobody's: uid 0 there, nobody outside; the sleeper is its own.
own_userns() {
	as_user unshare -Ur true || { echo "cannot create a user namespace as nobody"; return 1; }
	own_views as_user unshare -Ur && no_frames
}
ktap_check "root in a user namespace of nobody's: own process without frames" own_userns
# Root in a user namespace of root's: uid 0 in both, so root's processes are its own, but
# without CAP_SYS_ADMIN: no frames in the ptdump of this shell.
root_userns_frames() {
	local out rc
	out=$(unshare -Ur "$MMSCOPE" --json ptdump $$ 2>&1)
	rc=$?
	[ "$rc" = 0 ] || { printf '%s\n' "$out" | head -n 3; return 1; }
	echo "$(printf '%s' "$out" | grep -c '"start"') extents"
	! printf '%s' "$out" | grep -E '"pfn": *[0-9]'
}
ktap_check "root in a user namespace of root's: ptdump of its own shell without frames" \
	root_userns_frames

root_reads() {
	local f
	echo $$ > "$DBG/target" || return 1
	for f in $FILES; do
		[ "$f" = target ] || cat "$DBG/$f" > /dev/null || return 1
	done
	echo "root reads $FILES"
}
ktap_check "root still reads every debugfs file" root_reads
kill "$sleeper"
wait "$sleeper" 2>/dev/null
rm -rf "$W"
ktap_finish
