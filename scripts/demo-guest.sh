#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# What mmscope shows, inside a test VM (scripts/vm.sh demo boots one and runs this from the
# top of a tree built for the running kernel). Loads the module, prints the system's views
# (zones, buddy, slab), then runs the seeds' two experiments step by step and narrates them
# with mmscope: demand paging (examples/demand-paging.c) and copy-on-write (examples/cow.c).
# selftests/demo_test.sh checks what this says. Parts that are not built are announced and
# skipped. Fault counts come from faults_* in scripts/demo-lib.sh (mmscope faults, or
# /proc/PID/stat when it is not built).
set -u
cd "$(dirname "$0")/.." || exit 1

MMSCOPE=./tools/mmscope
PY=/usr/bin/python3
DBG=/sys/kernel/debug/mmscope
status=0

heading() { printf '\n=== %s ===\n' "$*"; }
# show CMD...: print the command, then its output; a failure is reported, not fatal.
show() {
	local rc=0
	printf '$ %s\n' "$*"
	"$@" 2>&1 || rc=$?
	if [ "$rc" != 0 ]; then
		printf '(exit status %d)\n' "$rc"
		status=1
	fi
}
cli() {
	if [ -x "$MMSCOPE" ]; then
		show "$MMSCOPE" "$@"
	else
		printf '$ %s %s\n' "$MMSCOPE" "$*"
		echo "(tools/mmscope is not built yet: the CLI is being written; skipped)"
	fi
}

heading "kernel"
echo "$(uname -r), $(nproc) cpus, $(awk '/MemTotal/ {print $2 " kB"}' /proc/meminfo)"

heading "loading the module"
mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug
if ! show insmod ./mmscope.ko; then
	dmesg | tail -n 20
	exit 1
fi
dmesg | grep -a 'mmscope' | tail -n 3

heading "cat $DBG/zones"
show cat "$DBG/zones"

heading "cat $DBG/buddyinfo (and /proc/buddyinfo, the kernel's own view)"
show cat "$DBG/buddyinfo"
echo
show cat /proc/buddyinfo

heading "tools/mmscope zones"
cli zones

heading "tools/mmscope buddy --types"
cli buddy --types

heading "tools/mmscope slab --sort mem --top 10 (the slab caches holding the most memory)"
cli slab --sort mem --top 10

# --- the seeds' experiments --------------------------------------------------------------
# look TEXT: one line before a command saying what to look for in its output.
look() { printf -- '-- %s\n' "$*"; }
# ex: the experiment's own output, indented under the commands.
EXP='   | '
# vma_line PID START: the line of mmscope vmas for the VMA at START.
vma_line() {
	"$MMSCOPE" vmas "$1" 2>&1 | grep -i "^${2#0x}-" || echo "(no VMA starts at $2)"
}
# zones_free: "NODE ZONE FREE" per zone, from mmscope zones --json.
zones_free() {
	"$MMSCOPE" zones --json | "$PY" -c '
import json, sys
for z in json.load(sys.stdin)["zones"]:
    print(z["node"], z["zone"], z["free"])'
}
# zones_diff BEFORE AFTER: each zone's free pages, before and after, and the difference.
zones_diff() {
	join -j1 <(awk '{print $1":"$2, $3}' <<<"$1") <(awk '{print $1":"$2, $3}' <<<"$2") |
		awk '{ d = $3 - $2; printf "node %s zone %-8s free pages %8d -> %8d  (%+d pages, %+.1f MiB)\n",
			substr($1, 1, index($1, ":") - 1), substr($1, index($1, ":") + 1), $2, $3, d, d / 256 }'
}
# faults_line: what faults_stop counted, or why the counts are the process's own.
faults_line() { printf '%s\n' "$FLT_TEXT"; }

if [ -x "$MMSCOPE" ] && [ -x examples/demand-paging ] && [ -x examples/cow ]; then
. ./scripts/demo-lib.sh
if faults_available; then
	fault_note="mmscope faults (BPF) classifies each page fault"
else
	echo
	echo "(the fault counts by kind need the BPF view, mmscope faults, which this build" \
		"lacks: the counts below are the kernel's per-process minflt/majflt)"
	fault_note="/proc/PID/stat counts the process's minor and major faults"
fi

heading "experiment 1: demand paging (examples/demand-paging.c)"
cat <<'TXT'
mmap() of 100 MiB only reserves addresses: a new VMA, no memory. Each first touch of a page
faults, and the fault handler maps a fresh zeroed frame: resident memory climbs as the
program touches the region, 10 MiB at a time, one fault per 4 KiB page (THP is off).
TXT
ex_start ./examples/demand-paging -p
ex_read "$EXP"
pid=$(ex_field 'pid ([0-9]+)')
free0=$(zones_free)
echo
look "the process's VMAs before the allocation (as /proc/$pid/maps, with resident pages)"
vmas0=$("$MMSCOPE" vmas "$pid" 2>&1)
printf '$ %s vmas %s\n%s\n' "$MMSCOPE" "$pid" "$vmas0"

echo
look "the program maps 100 MiB"
ex_step "$EXP"
start=$(ex_field ' at (0x[0-9a-f]+)-') end=$(ex_field ' at 0x[0-9a-f]+-(0x[0-9a-f]+)')
echo
look "a new anonymous VMA $start-$end appears (the lines that changed); RSS 0: nothing mapped"
printf '$ %s vmas %s | diff <(the listing above) -\n' "$MMSCOPE" "$pid"
diff <(printf '%s\n' "$vmas0") <("$MMSCOPE" vmas "$pid" 2>&1) | grep '^[<>]'
echo
look "its page tables: no present entry in the whole range (state none)"
show "$MMSCOPE" ptdump "$pid" "$start" "$end"

echo
look "the program touches the region 10 MiB at a time; after each step, the VMA's line of"
look "mmscope vmas: RSS grows by 2560 pages (10 MiB) per step"
printf '   mmscope vmas %s | %s\n' "$pid" "$(head -n 1 <<<"$vmas0")"
faults_start "$pid"
while ex_step "$EXP"; do
	printf '   mmscope vmas %s | %s\n' "$pid" "$(vma_line "$pid" "$start")"
	case $EX_LINES in *"press Enter to exit"*) break ;; esac
done
faults_stop "$start"
echo
look "the faults counted while it touched 100 MiB (25600 pages): one per page ($fault_note)"
faults_line
echo
look "the page tables now: present extents over the whole range (frames need not be contiguous)"
printf '$ %s ptdump %s %s %s | head -n 12\n' "$MMSCOPE" "$pid" "$start" "$end"
"$MMSCOPE" ptdump "$pid" "$start" "$end" 2>&1 | head -n 12
echo "... ($("$MMSCOPE" ptdump "$pid" "$start" "$end" 2>/dev/null | grep -c ' present ') present extents in all)"
echo
look "free pages per zone (mmscope zones), before the allocation and now: about 25600 fewer"
look "(about: the per-CPU free lists hold pages that the zones do not count as free)"
zones_diff "$free0" "$(zones_free)"
ex_step "$EXP"
ex_stop "$EXP"

heading "experiment 2: copy-on-write (examples/cow.c)"
cat <<'TXT'
fork() copies the page tables, not the memory: parent and child map the same frames, each
entry write-protected in both. The first write to such a page faults, and the kernel copies
that one page for the writer. Free memory drops only when the child writes.
TXT
ex_start ./examples/cow -p
ex_read "$EXP"
parent=$(ex_field 'pid ([0-9]+)')
start=$(ex_field ' at (0x[0-9a-f]+)-') end=$(ex_field ' at 0x[0-9a-f]+-(0x[0-9a-f]+)')
addr=$start
free0=$(zones_free)
echo
look "the program forks"
ex_step "$EXP"
child=$(ex_field 'cow child: pid ([0-9]+)')
free1=$(zones_free)
echo
look "both processes have 25600 pages resident in the region (the same frames, counted twice)"
printf '   mmscope vmas %s | %s\n' "$parent" "$("$MMSCOPE" vmas "$parent" 2>&1 | head -n 1)"
printf '   mmscope vmas %s | %s\n' "$parent" "$(vma_line "$parent" "$start")"
printf '   mmscope vmas %s | %s\n' "$child" "$(vma_line "$child" "$start")"
echo
look "the fork took no memory: free pages barely move"
zones_diff "$free0" "$free1"
echo
look "the parent's page at $addr: pte present but not rw, mapcount 2, copy-on-write pending"
show "$MMSCOPE" walk "$parent" "$addr"
echo
look "the child's page at the same address: the same pfn"
show "$MMSCOPE" walk "$child" "$addr"

echo
look "the child writes the first 10 MiB"
faults_start "$child"
ex_step "$EXP"
faults_stop "$start"
echo
look "each write faulted once, and each was a copy ($fault_note)"
faults_line
echo
look "the child's page now: a new pfn, rw and dirty, mapcount 1"
show "$MMSCOPE" walk "$child" "$addr"
echo
look "the parent's page: the old pfn, mapcount 1 now (its next write reuses it, no copy)"
show "$MMSCOPE" walk "$parent" "$addr"
echo
look "the child's page tables: the first 10 MiB are new rw frames, the rest still shared"
printf '$ %s ptdump %s %s %s | head -n 12\n' "$MMSCOPE" "$child" "$start" "$end"
"$MMSCOPE" ptdump "$child" "$start" "$end" 2>&1 | head -n 12
echo
look "free pages: the 2560 copies (10 MiB) came out of the zones (about, as above)"
zones_diff "$free1" "$(zones_free)"

echo
look "the child writes the other 90 MiB"
while ex_step "$EXP"; do
	case $EX_LINES in *"press Enter to exit"*) break ;; esac
done
echo
look "after the child's writes: about 100 MiB fewer free pages than after the fork"
zones_diff "$free1" "$(zones_free)"
ex_step "$EXP"
ex_stop "$EXP"
rm -rf "$DEMO_TMP"
else
	heading "the seeds' experiments"
	echo "(tools/mmscope or examples/ are not built: skipped)"
fi

heading "unloading the module"
show rmmod mmscope
exit "$status"
