#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# What mmscope shows, inside a test VM (scripts/vm.sh demo boots one and runs this from the
# top of a tree built for the running kernel). Loads the module, prints its views under
# headings and unloads it. Parts that are not built yet are announced and skipped.
set -u
cd "$(dirname "$0")/.." || exit 1

MMSCOPE=./tools/mmscope
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

heading "a process's memory: demand paging and copy-on-write"
# mmscope-demo maps 16 MiB, touches every other page, then forks (see tools/mmscope-demo.c)
coproc DEMO { exec ./tools/mmscope-demo 16; }
read -r _ parent _ child _ region _ size <&"${DEMO[0]}"
echo "mmscope-demo: parent $parent, child $child, 16 MiB at $region, every other page touched"
touched=$(printf '0x%x' "$region")
untouched=$(printf '0x%x' $((region + 4096)))
end=$(printf '0x%x' $((region + size)))

heading "tools/mmscope vmas $parent (the VMAs, as /proc/$parent/maps, with what the page tables hold)"
cli vmas "$parent"

heading "tools/mmscope walk $parent $untouched (never touched: demand paging has not happened)"
cli walk "$parent" "$untouched"

heading "tools/mmscope walk $parent $touched (touched, then shared with the child by fork)"
cli walk "$parent" "$touched"
heading "tools/mmscope walk $child $touched (the child sees the same frame: copy-on-write pending)"
cli walk "$child" "$touched"

heading "the child writes to $touched: the page is copied"
kill -USR1 "$child"
sleep 0.5
cli walk "$child" "$touched"

heading "tools/mmscope ptdump $parent $touched $end | head (extents of the region)"
printf '$ %s ptdump %s %s %s | head -n 12\n' "$MMSCOPE" "$parent" "$touched" "$end"
"$MMSCOPE" ptdump "$parent" "$touched" "$end" 2>&1 | head -n 12
heading "the same range through debugfs: echo '$parent $touched $end' > $DBG/target; cat $DBG/ptdump"
echo "$parent $touched $end" > "$DBG/target"
cat "$DBG/ptdump" | head -n 6
kill "$parent" 2>/dev/null
wait 2>/dev/null

heading "unloading the module"
show rmmod mmscope
exit "$status"
