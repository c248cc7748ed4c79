#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# hugetlb PMD sharing: processes that map one hugetlbfs file shared, 1 GiB at a 1 GiB-aligned
# address, share one PMD table (huge_pmd_share()); MADV_DONTNEED and munmap unshare it
# (huge_pmd_unshare(), under the read side of mmap_lock for MADV_DONTNEED), and the last
# sharer frees it. mmscope reads such a table under the file's i_mmap_rwsem, which
# unsharing needs for writing. The test shows the sharing (the same PMD table in both
# processes' pud entries), then walks, dumps and lists both processes while they unshare
# and reshare as fast as they can, and expects every answer well formed and the kernel log
# clean (KASAN on the debug kernel would see a read of a freed table).
. "$(dirname "$0")/ktap.sh"

HELPER=$MMSCOPE_TOP/selftests/helpers/hugetlb_share
W=$(mktemp -d /tmp/mmscope-hugetlb.XXXXXX)
SECONDS_RACE=${MMSCOPE_HUGETLB_SECONDS:-20}
ktap_plan 4

cleanup() {
	local p
	for p in ${pids:-}; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	umount "$W/huge" 2>/dev/null
	echo "${old_nr:-0}" > /proc/sys/vm/nr_hugepages 2>/dev/null
	rm -rf "$W"
}
trap cleanup EXIT

if [ ! -e /proc/sys/vm/nr_hugepages ] || ! grep -q hugetlbfs /proc/filesystems; then
	for n in 1 2 3 4; do ktap_skip "hugetlb PMD sharing case $n" "no hugetlbfs in this kernel"; done
	ktap_finish
fi
kmsg_mark hugetlb_share_start
old_nr=$(cat /proc/sys/vm/nr_hugepages)
echo 16 > /proc/sys/vm/nr_hugepages
mkdir -p "$W/huge"
mount -t hugetlbfs -o pagesize=2M none "$W/huge" || { ktap_fail "mount hugetlbfs"; ktap_finish; }
F=$W/huge/shared

# mms REQUEST...: mmscope with a hang detector; a hang dumps the blocked tasks' stacks
# to the kernel log (sysrq w) and fails.
mms() {
	timeout 120 "$MMSCOPE" "$@"
	local rc=$?
	if [ "$rc" = 124 ]; then
		echo "$*" >> "$W/hung"
		echo w > /proc/sysrq-trigger 2>/dev/null
		echo "mmscope $* did not answer in 120 s (blocked tasks: see the kernel log)" >&2
	fi
	return "$rc"
}

# start NAME SECONDS: a sharer; its pid in $NAME_pid, its mapping's address in $NAME_addr
# (each process maps the file at an address of its own, 1 GiB-aligned).
start() {
	"$HELPER" "$F" 4 "$2" > "$W/$1.out" &
	local p=$! a
	pids+=" $p"
	for _ in $(seq 1 100); do
		[ -s "$W/$1.out" ] && break
		sleep 0.1
	done
	a=$(head -n 1 "$W/$1.out")
	printf -v "${1}_pid" %s "$p"
	printf -v "${1}_addr" %s "$a"
}

a_pid='' b_pid='' c_pid='' a_addr='' b_addr='' c_addr=''
start a 0
start b 0
ktap_log "sharers $a_pid at $a_addr and $b_pid at $b_addr map $F"

# pud_of PID ADDR: the pud entry over the mapping; the same PMD table when shared.
pud_of() {
	mms --json walk "$1" "$2" |
		"$PY" -c 'import json,sys; d=json.load(sys.stdin); print([l["entry"] for l in d["levels"] if l["level"] == "pud"][0])'
}
shared_table() {
	local pa pb
	pa=$(pud_of "$a_pid" "$a_addr") && pb=$(pud_of "$b_pid" "$b_addr") || return 1
	printf 'pud entries: %#x and %#x\n' "$pa" "$pb"
	[ "$pa" = "$pb" ] && [ "$pa" != 0 ]
}
ktap_check "two processes share one PMD table (the same pud entry)" shared_table

kill "$a_pid" "$b_pid" 2>/dev/null
wait "$a_pid" "$b_pid" 2>/dev/null
pids=

# The race: three sharers unshare and reshare; mmscope walks, dumps and lists them.
start a "$SECONDS_RACE"
start b "$SECONDS_RACE"
start c 0
n=0 errors=0
end=$((SECONDS + SECONDS_RACE))
mkdir -p "$W/answers"
while [ $SECONDS -lt $end ]; do
	for who in a b c; do
		p=${who}_pid a=${who}_addr
		p=${!p} a=${!a}
		for req in "walk $p $a" "ptdump $p $a $(printf '%#x' $((a + (1 << 30))))" "vmas $p"; do
			n=$((n + 1))
			# shellcheck disable=SC2086 # the request's words
			mms --json $req > "$W/answers/$n.json" 2>/dev/null || { errors=$((errors + 1)); rm -f "$W/answers/$n.json"; }
		done
	done
done
# every answer kept is one whole JSON document
read -r answers malformed < <("$PY" - "$W/answers" <<'PYEOF'
import json, os, sys
d = sys.argv[1]
ok = bad = 0
for f in os.listdir(d):
    try:
        json.load(open(os.path.join(d, f)))
        ok += 1
    except ValueError:
        bad += 1
        print(f, file=sys.stderr)
print(ok, bad)
PYEOF
)
ktap_log "race: $n requests, $answers answers, $errors errors (a sharer gone), $malformed malformed"
race_ok() {
	echo "$answers answers, $malformed malformed"
	[ ! -e "$W/hung" ] || { echo "no answer in 120 s to: $(cat "$W/hung")"; return 1; }
	[ "$answers" -gt 0 ] && [ "$malformed" = 0 ]
}
ktap_check "walks, dumps and lists during unsharing all answer well formed" race_ok

still_shared() {
	# The sharer that never unshares still maps its huge pages, as the kernel says.
	local smaps ours
	smaps=$(awk -v a="$(printf '%x' "$c_addr")" '$1 ~ "^"a"-" { on = 1; next }
		on && /^(Shared|Private)_Hugetlb:/ { kb += $2; n++ }
		on && n == 2 { print kb; exit }' /proc/"$c_pid"/smaps)
	ours=$(mms --json ptdump "$c_pid" "$c_addr" "$(printf '%#x' $((c_addr + (1 << 30))))" |
		"$PY" -c 'import json,sys; d=json.load(sys.stdin); print(sum(e["pages"] for e in d["extents"] if e["state"] == "present") * 4)')
	echo "smaps Shared_Hugetlb + Private_Hugetlb ${smaps:-?} kB, ptdump present ${ours:-?} kB"
	[ -n "$smaps" ] && [ "$smaps" = "$ours" ]
}
ktap_check "afterwards: the remaining sharer's mapped huge pages equal smaps" still_shared

ktap_check "kernel log clean" kmsg_clean hugetlb_share_start
ktap_finish
