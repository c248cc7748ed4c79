#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# README's demo, checked: the seeds' two experiments (examples/demand-paging, examples/cow)
# driven step by step as scripts/demo-guest.sh drives them, and what the demo says about
# them compared with the kernel's own view: /proc/PID/maps and smaps, /proc/PID/pagemap,
# /proc/kpagecount, and the pages the programs touched. The programs wait for a line on
# stdin before each step and print one when it is done: nothing here depends on timing.
. "$(dirname "$0")/ktap.sh"
cd "$MMSCOPE_TOP" || exit 1

ORACLE=(timeout 600 "$PY" "$MMSCOPE_TOP/selftests/demo_oracle.py")
SIZE_MIB=100 CHUNK_MIB=10
PAGE=$(getconf PAGESIZE)
CHUNK_PAGES=$((CHUNK_MIB * 1024 * 1024 / PAGE))
SIZE_PAGES=$((SIZE_MIB * 1024 * 1024 / PAGE))
T=$(mktemp -d /tmp/demo_test.XXXXXX)
DEMO_TMP=$T
. "$MMSCOPE_TOP/scripts/demo-lib.sh"

ktap_plan 10

if [ ! -x examples/demand-paging ] || [ ! -x examples/cow ] || [ ! -x "$MMSCOPE" ]; then
	ktap_log "examples/ or tools/mmscope are not built"
	for _ in $(seq 1 10); do ktap_fail "demo: programs not built"; done
	exit 1
fi
# check NAME CMD...: a case from a command, whose output goes to the log
check() { ktap_check "$@"; }
# oracle_ok CMD...: the oracle's verdict, its output logged (for cases made of several checks)
oracle_ok() { "${ORACLE[@]}" "$@" 2>&1 | sed 's/^/# /'; return "${PIPESTATUS[0]}"; }
skip_faults="mmscope faults is not built (the BPF fault view); /proc/PID/stat counted"

# --- demand paging -----------------------------------------------------------------------
ex_start ./examples/demand-paging -s "$SIZE_MIB" -c "$CHUNK_MIB" -p
ex_read "# "
pid=$(ex_field 'pid ([0-9]+)')
"$MMSCOPE" vmas "$pid" --json >"$T/vmas0.json"
cat "/proc/$pid/maps" >"$T/maps0"
ex_step "# "
start=$(ex_field ' at (0x[0-9a-f]+)-') end=$(ex_field ' at 0x[0-9a-f]+-(0x[0-9a-f]+)')
ktap_log "demand-paging: pid $pid, region $start-$end"

"$MMSCOPE" vmas "$pid" --json >"$T/vmas1.json"
check "demand-paging: the new VMA appears in mmscope vmas and /proc/PID/maps" \
	"${ORACLE[@]}" newvma "$T/vmas0.json" "$T/maps0" "$T/vmas1.json" "$pid" "$start" "$end"
check "demand-paging: nothing resident after mmap (mmscope rss 0, smaps Rss 0)" \
	"${ORACLE[@]}" rss "$T/vmas1.json" "$pid" "$start" 0
"$MMSCOPE" ptdump "$pid" "$start" "$end" --json >"$T/pt0.json"

# Every step touches CHUNK_PAGES more pages; the first one with the faults counted.
declare -A FLT1=()
faults_start "$pid"
ok=1 step=0
while ex_step "# "; do
	step=$((step + 1))
	if [ "$step" = 1 ]; then
		faults_stop "$start"
		ktap_log "$FLT_TEXT"
		for k in "${!FLT[@]}"; do FLT1[$k]=${FLT[$k]}; done
	fi
	"$MMSCOPE" vmas "$pid" --json >"$T/vmas.json" &&
		oracle_ok rss "$T/vmas.json" "$pid" "$start" $((step * CHUNK_PAGES)) || ok=0
	case $EX_LINES in *"press Enter to exit"*) break ;; esac
done
if [ "$ok" = 1 ] && [ "$step" = $((SIZE_MIB / CHUNK_MIB)) ]; then
	ktap_pass "demand-paging: rss grows by the touched pages at each step (mmscope vmas, smaps)"
else
	ktap_log "$step steps"
	ktap_fail "demand-paging: rss grows by the touched pages at each step (mmscope vmas, smaps)"
fi
"$MMSCOPE" ptdump "$pid" "$start" "$end" --json >"$T/pt1.json"
# pt0 was taken before any touch: it must show no present page. pagemap now has them all,
# so compare pt0 by its own count only, and pt1 page by page with pagemap.
pt0_present=$("$PY" -c '
import json, sys
print(sum(e["pages"] for e in json.load(open(sys.argv[1]))["extents"] if e["state"] == "present"))
' "$T/pt0.json")
ktap_log "ptdump before touching: $pt0_present present pages"
if [ "$pt0_present" = 0 ] &&
	oracle_ok ptdump "$T/pt1.json" "$pid" "$start" "$end" "$SIZE_PAGES"; then
	ktap_pass "demand-paging: ptdump none before, every page present after, frames as pagemap"
else
	ktap_fail "demand-paging: ptdump none before, every page present after, frames as pagemap"
fi
if [ "${FLT1[src]}" = bpf ]; then
	ktap_log "want anon_zero $CHUNK_PAGES in the VMA; vma_found ${FLT1[vma_found]:-0}"
	if [ "${FLT1[vma_found]:-0}" = 1 ] && [ "${FLT1[anon_zero]:-0}" = "$CHUNK_PAGES" ]; then
		ktap_pass "demand-paging: mmscope faults counts anon_zero == pages touched"
	else
		ktap_fail "demand-paging: mmscope faults counts anon_zero == pages touched"
	fi
else
	ktap_skip "demand-paging: mmscope faults counts anon_zero == pages touched" \
		"$skip_faults minflt +${FLT1[minflt]} for $CHUNK_PAGES pages"
fi
ex_stop "# "

# --- copy-on-write -----------------------------------------------------------------------
ex_start ./examples/cow -s "$SIZE_MIB" -c "$CHUNK_MIB" -p
ex_read "# "
parent=$(ex_field 'pid ([0-9]+)')
start=$(ex_field ' at (0x[0-9a-f]+)-') end=$(ex_field ' at 0x[0-9a-f]+-(0x[0-9a-f]+)')
ex_step "# "
child=$(ex_field 'cow child: pid ([0-9]+)')
ktap_log "cow: parent $parent, child $child, region $start-$end"
# sample pages: the first chunk's first, second, middle and last; the next chunk's first
# and the region's last
written=(0 1 $((CHUNK_PAGES / 2)) $((CHUNK_PAGES - 1)))
unwritten=("$CHUNK_PAGES" $((SIZE_PAGES - 1)))

# walk_check PID PAGE MAPCOUNT COW: mmscope walk of one page against pagemap and kpagecount.
walk_check() {
	local addr
	addr=$(printf '0x%x' $((start + $2 * PAGE)))
	"$MMSCOPE" walk "$1" "$addr" --json >"$T/walk.json" &&
		oracle_ok walk "$T/walk.json" "$1" "$addr" "$3" "$4"
}

ok=1
"$MMSCOPE" ptdump "$parent" "$start" "$end" --json >"$T/ptp.json" &&
	"$MMSCOPE" ptdump "$child" "$start" "$end" --json >"$T/ptc.json" &&
	oracle_ok ptdump "$T/ptp.json" "$parent" "$start" "$end" "$SIZE_PAGES" &&
	oracle_ok ptdump "$T/ptc.json" "$child" "$start" "$end" "$SIZE_PAGES" &&
	oracle_ok shared "$parent" "$child" "$start" "$SIZE_PAGES" same || ok=0
# (ptdump's extents themselves may differ: the parent's entries are accessed, the child's not)
if [ "$ok" = 1 ]; then
	ktap_pass "cow: after fork parent and child map the same frames (ptdump, pagemap)"
else
	ktap_log "ptdump of parent and child differ, or do not match pagemap"
	ktap_fail "cow: after fork parent and child map the same frames (ptdump, pagemap)"
fi

ok=1
for p in "${written[@]}" "${unwritten[@]}"; do
	walk_check "$parent" "$p" 2 1 || ok=0
	walk_check "$child" "$p" 2 1 || ok=0
done
if [ "$ok" = 1 ]; then
	ktap_pass "cow: shared pages have mapcount 2 and the cow mark (walk, kpagecount)"
else
	ktap_fail "cow: shared pages have mapcount 2 and the cow mark (walk, kpagecount)"
fi

# The child writes the first chunk, its faults counted.
faults_start "$child"
ex_step "# "
faults_stop "$start"
ktap_log "$FLT_TEXT"
if [ "${FLT[src]}" = bpf ]; then
	ktap_log "want cow $CHUNK_PAGES in the VMA; vma_found ${FLT[vma_found]:-0}"
	if [ "${FLT[vma_found]:-0}" = 1 ] && [ "${FLT[cow]:-0}" = "$CHUNK_PAGES" ]; then
		ktap_pass "cow: mmscope faults counts cow == pages the child wrote"
	else
		ktap_fail "cow: mmscope faults counts cow == pages the child wrote"
	fi
else
	ktap_skip "cow: mmscope faults counts cow == pages the child wrote" \
		"$skip_faults minflt +${FLT[minflt]} for $CHUNK_PAGES pages"
fi

ok=1
oracle_ok shared "$parent" "$child" "$start" "$CHUNK_PAGES" differ || ok=0
oracle_ok shared "$parent" "$child" $((start + CHUNK_PAGES * PAGE)) \
	$((SIZE_PAGES - CHUNK_PAGES)) same || ok=0
for p in "${written[@]}"; do
	walk_check "$child" "$p" 1 0 || ok=0
done
for p in "${unwritten[@]}"; do
	walk_check "$child" "$p" 2 1 || ok=0
done
if [ "$ok" = 1 ]; then
	ktap_pass "cow: after the child's write its pages are new frames, mapcount 1 (walk, pagemap)"
else
	ktap_fail "cow: after the child's write its pages are new frames, mapcount 1 (walk, pagemap)"
fi

ok=1
for p in "${written[@]}"; do
	walk_check "$parent" "$p" 1 0 || ok=0
done
"$MMSCOPE" ptdump "$child" "$start" "$end" --json >"$T/ptc.json" &&
	oracle_ok ptdump "$T/ptc.json" "$child" "$start" "$end" "$SIZE_PAGES" || ok=0
if [ "$ok" = 1 ]; then
	ktap_pass "cow: the parent keeps the old frames, mapcount 1, no cow mark; ptdump as pagemap"
else
	ktap_fail "cow: the parent keeps the old frames, mapcount 1, no cow mark; ptdump as pagemap"
fi
ex_stop "# "

rm -rf "$T"
ktap_finish
