#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The system's memory figures (mem-get, debugfs mem and mem-nodes, mmscope mem) against the
# kernel's own files in the same instant: /proc/meminfo, /proc/vmstat, each node's meminfo
# and the overcommit sysctls; and its free and sar -r columns against procps' free and
# sysstat's sar -r computing theirs from the same figures (see as_mmscope).
#
# A figure moves while it is read (per-CPU deltas are folded every second, the test itself
# allocates): a value counts as checked when two reads of the kernel's file, one before and
# one after mmscope's, agree and mmscope's equals them; an event counter when it lies
# between them. Reads are bash builtins (mapfile), so that no process is started between.
# A figure that is never bracketed in the rounds allowed fails, as does one that differs.
. "$(dirname "$0")/ktap.sh"

D=/sys/kernel/debug/mmscope
W=$(mktemp -d /tmp/mmscope-mem.XXXXXX)
ROUNDS=60
ktap_plan 9

saved_ratio=$(cat /proc/sys/vm/overcommit_ratio)
saved_kbytes=$(cat /proc/sys/vm/overcommit_kbytes)
saved_policy=$(cat /proc/sys/vm/overcommit_memory)
saved_huge=$(cat /proc/sys/vm/nr_hugepages)
cleanup() {
	echo "$saved_policy" > /proc/sys/vm/overcommit_memory
	if [ "$saved_kbytes" != 0 ]; then
		echo "$saved_kbytes" > /proc/sys/vm/overcommit_kbytes
	else
		echo "$saved_ratio" > /proc/sys/vm/overcommit_ratio
	fi
	echo "$saved_huge" > /proc/sys/vm/nr_hugepages
	rm -rf "$W"
}
trap cleanup EXIT

declare -A ours before after

# load_kv ARRAY FILE: "Key: value kB" (meminfo), "key value" (vmstat, debugfs) or
# "Node N Key: value kB" (a node's meminfo) into the associative array ARRAY.
load_kv() {
	local -n kv=$1
	local line k v rest
	local -a lines
	kv=()
	mapfile -t lines < "$2"
	for line in "${lines[@]}"; do
		[[ $line == Node\ * ]] && line=${line#Node * }
		read -r k v rest <<<"$line"
		kv[${k%:}]=$v
	done
}

# read_ours: the debugfs file $OURS (set by the caller) into ours; with $NODE set, only that node's block of
# mem-nodes. Builtins only.
read_ours() {
	local line on=1 k v
	local -a lines
	[ -z "${NODE:-}" ] || on=0
	ours=()
	# shellcheck disable=SC2153 # OURS is set by the caller, per call
	mapfile -t lines < "$OURS"
	for line in "${lines[@]}"; do
		if [ -n "${NODE:-}" ] && [[ $line == node\ * ]]; then
			[ "${line#node }" = "$NODE" ] && on=1 || on=0
			continue
		fi
		[ "$on" = 1 ] || continue
		read -r k v <<<"$line"
		ours[$k]=$v
	done
}

# bracket FILE PAIRS...: PAIRS are "ours=theirs" (gauges, equal) or "ours~theirs" (event
# counters, between); theirs may be "a+b", two of the file's keys summed. Prints what never
# matched, and fails then or at the first figure that differs in a stable bracket.
bracket() {
	local file=$1 pair o t r k op ok=0 b a
	shift
	local -A done_=()
	for ((r = 0; r < ROUNDS && ok < $#; r++)); do
		load_kv before "$file"
		read_ours
		load_kv after "$file"
		for pair in "$@"; do
			[ -n "${done_[$pair]:-}" ] && continue
			if [[ $pair == *~* ]]; then op='~'; else op='='; fi
			o=${pair%%[=~]*} t=${pair#*[=~]}
			b=0 a=0
			for k in ${t//+/ }; do
				[ -n "${before[$k]:-}" ] || { echo "$file has no $k"; return 1; }
				b=$((b + ${before[$k]})) a=$((a + ${after[$k]:-0}))
			done
			[ -n "${ours[$o]:-}" ] ||
				{ echo "mmscope has no $o (unknown), where $file has $t"; return 1; }
			if [ "$op" = '=' ] && [ "$b" = "$a" ]; then
				[ "${ours[$o]}" = "$b" ] ||
					{ echo "$o ${ours[$o]}, $file $t $b before and after"; return 1; }
				done_[$pair]=1 ok=$((ok + 1))
			elif [ "$op" = '~' ] && [ "$b" -le "${ours[$o]}" ] && [ "${ours[$o]}" -le "$a" ]; then
				done_[$pair]=1 ok=$((ok + 1))
			fi
		done
	done
	for pair in "$@"; do
		[ -n "${done_[$pair]:-}" ] ||
			echo "$pair: never bracketed in $ROUNDS rounds (mmscope ${ours[${pair%%[=~]*}]:-none})"
	done
	[ "$ok" = $# ] && echo "${NODE:+node $NODE: }$ok figures equal $file's, in $r rounds"
}

MEMINFO_PAIRS=(total=MemTotal free=MemFree available=MemAvailable buffers=Buffers
	cached=Cached swap-cached=SwapCached active-anon='Active(anon)'
	inactive-anon='Inactive(anon)' active-file='Active(file)' inactive-file='Inactive(file)'
	unevictable=Unevictable mlocked=Mlocked swap-total=SwapTotal swap-free=SwapFree
	dirty=Dirty writeback=Writeback anon=AnonPages mapped=Mapped shmem=Shmem
	slab-reclaimable=SReclaimable slab-unreclaimable=SUnreclaim kernel-stack=KernelStack
	page-tables=PageTables commit-limit=CommitLimit committed=Committed_AS hugetlb=Hugetlb)

# 1: every /proc/meminfo figure mmscope has.
check_meminfo() {
	OURS=$D/mem bracket /proc/meminfo "${MEMINFO_PAIRS[@]}"
}
ktap_check "mem_meminfo" check_meminfo

# 2: the event counters sar -B reads, between two reads of /proc/vmstat.
check_vmstat() {
	local pairs=(pgpgin~pgpgin pgpgout~pgpgout pswpin~pswpin pswpout~pswpout pgfault~pgfault
		pgmajfault~pgmajfault pgfree~pgfree pgscan-kswapd~pgscan_kswapd
		pgscan-direct~pgscan_direct pgsteal-kswapd~pgsteal_kswapd
		pgsteal-direct~pgsteal_direct pgsteal-anon~pgsteal_anon pgsteal-file~pgsteal_file
		pgscan-direct-throttle~pgscan_direct_throttle oom-kill~oom_kill)
	grep -q '^pgsteal_khugepaged ' /proc/vmstat &&
		pairs+=(pgsteal-khugepaged~pgsteal_khugepaged pgscan-khugepaged~pgscan_khugepaged)
	OURS=$D/mem bracket /proc/vmstat "${pairs[@]}"
}
ktap_check "mem_vmstat" check_vmstat

# 3: each node's figures against its meminfo in sysfs; the nodes are those with memory.
check_nodes() {
	local n nodes=() want
	local pairs=(total=MemTotal free=MemFree active-anon='Active(anon)'
		inactive-anon='Inactive(anon)' active-file='Active(file)'
		inactive-file='Inactive(file)' unevictable=Unevictable mlocked=Mlocked
		dirty=Dirty writeback=Writeback file-pages=FilePages mapped=Mapped anon=AnonPages
		shmem=Shmem kernel-stack=KernelStack page-tables=PageTables
		slab-reclaimable=SReclaimable slab-unreclaimable=SUnreclaim
		swap-cached=SwapCached)
	want=$(cat /sys/devices/system/node/has_memory)
	mapfile -t nodes < <(sed -n 's/^node //p' "$D/mem-nodes")
	echo "nodes with memory: sysfs $want, mmscope ${nodes[*]}"
	[ "$(IFS=,; echo "${nodes[*]}")" = "$(echo "$want" | tr '-' ',')" ] || [ "$want" = "0-1" ] ||
		{ echo "not the nodes sysfs lists"; return 1; }
	for n in "${nodes[@]}"; do
		OURS=$D/mem-nodes NODE=$n bracket "/sys/devices/system/node/node$n/meminfo" \
			"${pairs[@]}" || return 1
	done
}
ktap_check "mem_nodes" check_nodes

# 4: the overcommit settings and the commit limit as they change: the ratio, kbytes, and
# huge pages (which the ratio's limit leaves out).
check_commit() {
	local kv
	for kv in "overcommit_ratio 73" "nr_hugepages 4" "overcommit_kbytes 123456" \
		  "overcommit_memory 2"; do
		echo "${kv#* }" > "/proc/sys/vm/${kv% *}" || return 1
		load_kv ours "$D/mem"
		echo "vm.${kv% *}=${kv#* }: policy ${ours[overcommit-policy]} ratio ${ours[overcommit-ratio]} kbytes ${ours[overcommit-kbytes]} limit ${ours[commit-limit]} hugetlb ${ours[hugetlb]}"
		if [ "${ours[overcommit-policy]}" != "$(cat /proc/sys/vm/overcommit_memory)" ] ||
		   [ "${ours[overcommit-ratio]}" != "$(cat /proc/sys/vm/overcommit_ratio)" ] ||
		   [ "${ours[overcommit-kbytes]}" != "$(cat /proc/sys/vm/overcommit_kbytes)" ]; then
			echo "the settings differ from /proc/sys/vm"
			return 1
		fi
		OURS=$D/mem bracket /proc/meminfo commit-limit=CommitLimit hugetlb=Hugetlb \
			swap-total=SwapTotal || return 1
	done
	echo "$saved_policy" > /proc/sys/vm/overcommit_memory
}
ktap_check "mem_commit" check_commit

# The tool: mmscope mem --json against procps' free and sysstat's sar -r. They read
# /proc/meminfo themselves, and another process's reading of it differs from mmscope's by
# that process's own footprint (tens of kB of page cache and free memory). So they are given
# mmscope's own figures: a meminfo written from the JSON's counters (which mem_meminfo above
# checks against the kernel's) is bind-mounted over /proc/meminfo in a mount namespace of
# their own, and each of their columns must equal mmscope's from the same JSON.
# json_get FILE KEY.KEY: a value of mmscope's JSON (null when unknown, floats as %.2f).
json_get() { "$PY" -c 'import json,sys
d = json.load(open(sys.argv[1]))
for k in sys.argv[2].split("."):
    d = d[k]
print("null" if d is None else "%.2f" % d if isinstance(d, float) else d)' "$1" "$2"; }

fake_meminfo() {
	"$PY" - "$1" > "$2" <<'PYEOF'
import json, sys
c = json.load(open(sys.argv[1]))["counters"]
lines = [("MemTotal", c["total"]), ("MemFree", c["free"]), ("MemAvailable", c["available"]),
         ("Buffers", c["buffers"]), ("Cached", c["cached"]), ("SwapCached", c["swap_cached"]),
         ("Active", c["active_anon"] + c["active_file"]),
         ("Inactive", c["inactive_anon"] + c["inactive_file"]),
         ("Active(anon)", c["active_anon"]), ("Inactive(anon)", c["inactive_anon"]),
         ("Active(file)", c["active_file"]), ("Inactive(file)", c["inactive_file"]),
         ("SwapTotal", c["swap_total"]), ("SwapFree", c["swap_free"]), ("Dirty", c["dirty"]),
         ("AnonPages", c["anon"]), ("Mapped", c["mapped"]), ("Shmem", c["shmem"]),
         ("Slab", c["slab_reclaimable"] + c["slab_unreclaimable"]),
         ("SReclaimable", c["slab_reclaimable"]), ("SUnreclaim", c["slab_unreclaimable"]),
         ("KernelStack", c["kernel_stack"]), ("PageTables", c["page_tables"]),
         ("CommitLimit", c["commit_limit"]), ("Committed_AS", c["committed"])]
for k, v in lines:
    print(f"{k + ':':<16}{v:>8} kB")
PYEOF
}

# as_mmscope NAME COLS KEYS CMD...: CMD prints NAME's columns as "name value" lines, run
# with mmscope's figures as /proc/meminfo.
as_mmscope() {
	local name=$1 i c k m t
	local -a cols keys
	read -ra cols <<<"$2"
	read -ra keys <<<"$3"
	shift 3
	"$MMSCOPE" mem --json > "$W/m.json" || return 1
	fake_meminfo "$W/m.json" "$W/meminfo" || return 1
	# shellcheck disable=SC2016 # expanded by the namespace's bash, from its arguments
	unshare -m bash -c 'mount --bind "$1" /proc/meminfo && shift && "$@"' _ \
		"$W/meminfo" "$@" > "$W/theirs" || { echo "$name failed in the namespace"; return 1; }
	for i in "${!cols[@]}"; do
		c=${cols[$i]} k=${keys[$i]}
		t=$(awk -v c="$c" '$1 == c { print $2 }' "$W/theirs")
		m=$(json_get "$W/m.json" "$k")
		[ -n "$t" ] || { echo "$name printed no $c"; return 1; }
		[ "$m" = "$t" ] || { echo "$k $m, $name's $c $t, from the same figures"; return 1; }
	done
	echo "$name: ${cols[*]} equal mmscope's"
}

free_cols() {
	free -k | awk '/^Mem:/ { print "total", $2; print "used", $3; print "free", $4
				print "shared", $5; print "buff/cache", $6; print "available", $7 }
		       /^Swap:/ { print "swtotal", $2; print "swused", $3; print "swfree", $4 }'
}
check_free() {
	command -v free >/dev/null || { echo "procps' free is not installed"; return 1; }
	as_mmscope free \
		"total used free shared buff/cache available swtotal swused swfree" \
		"free.total free.used free.free free.shared free.buff_cache free.available free.swap_total free.swap_used free.swap_free" \
		free_cols
}
export -f free_cols	# run by the namespace's own bash
ktap_check "mem_free" check_free

# sar -r: one sample; its line after the header, before Average, is the sample.
sar_cols() {
	LC_ALL=C S_TIME_FORMAT=ISO sar -r 1 1 | awk '
		$2 == "kbmemfree" { for (i = 2; i <= NF; i++) h[i] = $i; next }
		/^Average/ || NF < 10 || h[2] == "" { next }
		{ for (i = 2; i <= NF; i++) print h[i], $i }'
}
check_sar() {
	command -v sar >/dev/null || { echo "sysstat's sar is not installed"; return 1; }
	as_mmscope sar \
		"kbmemfree kbavail kbmemused %memused kbbuffers kbcached kbcommit %commit kbactive kbinact kbdirty" \
		"sar.kbmemfree sar.kbavail sar.kbmemused sar.memused_pct sar.kbbuffers sar.kbcached sar.kbcommit sar.commit_pct sar.kbactive sar.kbinact sar.kbdirty" \
		sar_cols
}
export -f sar_cols
ktap_check "mem_sar" check_sar

# Bad input: a node that does not exist, and no privilege.
expect_rc "mem_bad_node" 1 'no such node' "$MMSCOPE" mem --node 4096
expect_rc "mem_unprivileged" 4 'CAP_SYS_ADMIN|Operation not permitted' as_user "$MMSCOPE" mem

# --watch: a header and COUNT lines of sar -r and sar -B columns, the rates numbers.
check_watch() {
	"$MMSCOPE" mem --watch 1 --count 2 > "$W/watch" || return 1
	cat "$W/watch"
	[ "$(grep -c '^[0-9]' "$W/watch")" = 2 ] && grep -q 'pgpgin/s' "$W/watch"
}
ktap_check "mem_watch" check_watch

ktap_finish
