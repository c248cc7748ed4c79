#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Netlink replies to hostile or ordinary callers (issue 16, items 6 and 8): no raw
# page-table entry to an unprivileged caller (root still gets them), allocations a caller's
# request makes are charged to its memory cgroup, and reading the counters never changes
# them: a stats-get that asks for a reset is refused (stats-reset is the operation that
# resets).
. "$(dirname "$0")/ktap.sh"

DBG=/sys/kernel/debug/mmscope
W=$(mktemp -d /tmp/mmscope-hardening.XXXXXX)
chmod 755 "$W"
CG=
cleanup() {
	[ -z "${sleeper:-}" ] || kill "$sleeper" 2>/dev/null
	[ -z "$CG" ] || rmdir "$CG" 2>/dev/null
	rm -rf "$W"
}
trap cleanup EXIT

ktap_plan 5

# A process of nobody's, with its stack page.
nobody_sleeper
addr=$sleeper_stack

# levels FILE: the raw entries of a walk's JSON, one a line.
levels() {
	"$PY" -c 'import json, sys
for lv in json.load(open(sys.argv[1]))["levels"]:
    print(lv["level"], lv["entry"])' "$1"
}

no_raw_entry() {
	local out
	if ! out=$(as_user "$MMSCOPE" --json walk "$sleeper" "$addr" 2>&1 > "$W/user.json"); then
		# kernels where the module cannot check dumpability refuse, by design
		printf '%s' "$out" | grep -q dumpability && { echo "refused: $out"; return 0; }
		echo "$out"
		return 1
	fi
	"$MMSCOPE" --json walk "$sleeper" "$addr" > "$W/root.json" || return 1
	echo "nobody:"; levels "$W/user.json" | sed 's/^/  /'
	echo "root:"; levels "$W/root.json" | sed 's/^/  /'
	# nobody: every entry withheld; root: the entries that map the page
	! levels "$W/user.json" | awk '$2 != 0 { bad = 1 } END { exit !bad }' &&
	levels "$W/root.json" | awk '$2 != 0 { n++ } END { exit !(n >= 2) }'
}
ktap_check "no raw page-table entry to an unprivileged caller; root still gets them" no_raw_entry

# value NAME: a counter from the debugfs stats file.
value() { awk -v k="$1" '$1 == k { print $2 }' "$DBG/stats"; }

reads_change_nothing() {
	local a b c
	"$MMSCOPE" ptdump "$sleeper" > /dev/null || return 1
	a=$(value lock_holds)
	"$MMSCOPE" --json stats > "$W/stats.json" || return 1
	"$MMSCOPE" stats > /dev/null || return 1
	b=$(value lock_holds)
	c=$("$PY" -c 'import json, sys; print(json.load(open(sys.argv[1]))["lock_holds"])' \
		"$W/stats.json") || return 1
	echo "lock_holds: debugfs $a, netlink $c, debugfs again $b"
	[ "$a" -gt 0 ] && [ "$b" -ge "$a" ] && [ "$c" -ge "$a" ]
}
ktap_check "reading the counters, by debugfs or netlink, never resets them" reads_change_nothing

# The kernel's ynl CLI sends what the spec allows, the reset flag too.
KSRC=${MMS_KSRC:-/var/cache/mmscope/ksrc}
ynl() {
	"$PY" "$KSRC/tools/net/ynl/cli.py" --spec "$MMSCOPE_TOP/uapi/mmscope.yaml" --no-schema \
		--output-json "$@"
}
reset_is_its_own_op() {
	local out a b
	out=$(ynl --do stats-get --json '{"reset": true}' 2>&1) &&
		{ echo "stats-get with reset answered: $out"; return 1; }
	printf '%s\n' "$out" | tail -n 3
	printf '%s' "$out" | grep -q 'use stats-reset' || return 1
	a=$(value lock_holds)
	[ "$a" -gt 0 ] || { echo "lock_holds $a: nothing to reset"; return 1; }
	ynl --do stats-reset > /dev/null || return 1
	b=$(value lock_holds)
	echo "lock_holds $a; after stats-reset $b"
	[ "$b" = 0 ]
}
if [ -f "$KSRC/tools/net/ynl/cli.py" ]; then
	ktap_check "stats-get with reset is refused, naming stats-reset, which resets" \
		reset_is_its_own_op
else
	ktap_skip "stats-get with reset is refused, naming stats-reset, which resets" \
		"no ynl CLI in $KSRC (scripts/ksrc.sh)"
fi

# A memory cgroup of our own, where cgroup v2 has the memory controller.
cg_setup() {
	local root=/sys/fs/cgroup
	grep -q "^cgroup2 $root " /proc/mounts || mount -t cgroup2 none "$root" 2>/dev/null ||
		return 1
	grep -qw memory "$root/cgroup.controllers" || return 1
	echo +memory > "$root/cgroup.subtree_control" 2>/dev/null
	CG=$root/mmscope-acct.$$
	mkdir "$CG" && [ -e "$CG/memory.current" ]
}

# Open N vmas files from a process in the cgroup: each open allocates the file's text
# buffer (more than 16 KiB), which must be charged to the opener's cgroup.
charged() {
	local n=200
	echo "$sleeper" > "$DBG/target" || return 1
	(echo "$BASHPID" > "$CG/cgroup.procs" && exec "$PY" -c '
import sys
cg, dbg, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
cur = lambda: int(open(cg + "/memory.current").read())
before = cur()
fs = [open(dbg + "/vmas", "rb", buffering=0) for _ in range(n)]
after = cur()
print(f"{n} open vmas files: memory.current {before} -> {after}, +{(after - before) // n} per file")
sys.exit(0 if after - before >= n * 16384 else 1)' "$CG" "$DBG" "$n")
}
if cg_setup; then
	ktap_check "a caller's allocations are charged to its memory cgroup" charged
else
	ktap_skip "a caller's allocations are charged to its memory cgroup" \
		"no cgroup v2 memory controller"
fi

ktap_check "every dump state and process file freed" mms_live_zero

ktap_finish
