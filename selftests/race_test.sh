#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Walks racing a changing target: while helpers/race_target's threads mmap, munmap, mremap,
# mprotect, madvise (DONTNEED, PAGEOUT) and fork children that exit, the CLI dumps its
# VMAs, ptdumps and walks it (and its short-lived children) over netlink, and the debugfs
# vmas and ptdump files are read; every few seconds the target is killed mid-walk and a new
# one started. For MMSCOPE_RACE_SECONDS (default 30; 10 with MMSCOPE_STRENGTH=short, and
# three target lives at least instead of six). Every reply must be well-formed (exit
# 0 and JSON that parses) or a documented clean error (the process is gone or exiting, the
# address is in no VMA); no warning, no hung task, nothing left allocated.
# A target lives 2-6 s plus twice what one vmas, ptdump and walk of a target took before
# the race, and the race lasts at least six (short: three) such lives: on a slow kernel
# (KASAN under emulation, where one dump can outlast a 6 s target) requests still finish
# as well as being killed midway.
. "$(dirname "$0")/ktap.sh"

SECS=${MMSCOPE_RACE_SECONDS:-$(by_strength 30 10)}
LIVES=$(by_strength 6 3)
TARGET=$MMSCOPE_TOP/selftests/helpers/race_target
DBG=/sys/kernel/debug/mmscope
W=$(mktemp -d /tmp/mmscope-race.XXXXXX)
CLEAN='no such process|exited|exiting|zombie|outside every VMA'

ktap_plan 7
kmsg_mark race_test

# start_target: a new target in the background ($t), its "PID ADDR" in $W/t.new.
start_target() {
	"$TARGET" 600 > "$W/t.new" &
	t=$!
	while [ ! -s "$W/t.new" ] && kill -0 "$t" 2>/dev/null; do sleep 0.05; done
}

# The current target ("PID ADDR") in $W/target, replaced every few seconds.
run_targets() {
	local end=$1 t ms
	while [ "$SECONDS" -lt "$end" ]; do
		start_target
		mv "$W/t.new" "$W/target"
		ms=$((2000 + EXTRA_MS + RANDOM % 4000))
		sleep "$((ms / 1000)).$(printf %03d $((ms % 1000)))"
		kill -KILL "$t"		# whatever is walking it right now
		wait "$t" 2>/dev/null
	done
	rm -f "$W/target"
}

# req_args KIND PID ADDR: the CLI's arguments for one request of KIND in REQ.
req_args() {
	REQ=(--json "$1" "$2")
	if [ "$1" = walk ]; then REQ+=("$3"); fi
}

# EXTRA_MS: twice the time one vmas, one ptdump and one walk of a churning target take.
pace() {
	local t pid addr kind t0 t1
	start_target
	read -r pid addr < "$W/t.new"
	t0=${EPOCHREALTIME/./}
	for kind in vmas ptdump walk; do
		req_args "$kind" "$pid" "$addr"
		"$MMSCOPE" "${REQ[@]}" > /dev/null 2>&1
	done
	t1=${EPOCHREALTIME/./}
	kill -KILL "$t"
	wait "$t" 2>/dev/null
	rm -f "$W/t.new"
	EXTRA_MS=$(( (t1 - t0) / 500 ))
	ktap_log "one vmas + ptdump + walk of a churning target: $(( (t1 - t0) / 1000 )) ms;" \
		"targets live $(( (2000 + EXTRA_MS) / 1000 ))-$(( (6000 + EXTRA_MS) / 1000 )) s"
}
pace
# at least $LIVES lives of a target (4 s + EXTRA_MS on average)
[ "$SECS" -ge $(( LIVES * (4000 + EXTRA_MS) / 1000 )) ] ||
	SECS=$(( LIVES * (4000 + EXTRA_MS) / 1000 ))
ktap_log "racing for $SECS s"

# One child of the target, when it has one at the moment (it exits at once).
child_of() { cat /proc/"$1"/task/*/children 2>/dev/null | tr ' ' '\n' | grep -m1 .; }

# Netlink through the CLI: record every result; exit 0 must carry JSON (checked later).
cli_loop() {
	local kind=$1 end=$2 n=0 pid addr out rc tgt
	while [ "$SECONDS" -lt "$end" ]; do
		read -r pid addr 2>/dev/null < "$W/target" || { sleep 0.05; continue; }
		tgt=$pid
		[ $((RANDOM % 4)) = 0 ] && tgt=$(child_of "$pid") && [ -n "$tgt" ] || tgt=$pid
		n=$((n + 1))
		out=$W/$kind.$n
		req_args "$kind" "$tgt" "$addr"
		timeout 120 "$MMSCOPE" "${REQ[@]}" > "$out.json" 2> "$out.err"
		rc=$?
		echo "$rc $tgt" > "$out.rc"
		case $rc in
		0) rm -f "$out.err" ;;
		1) if grep -Eq "$CLEAN" "$out.err"; then
			   echo clean >> "$W/$kind.clean"; rm -f "$out.json" "$out.err" "$out.rc"
		   fi ;;
		esac
	done
}

# The debugfs views of the same target: read to the end, or a clean ESRCH.
debugfs_loop() {
	local end=$1 pid addr f n=0 bad=0
	while [ "$SECONDS" -lt "$end" ]; do
		read -r pid addr 2>/dev/null < "$W/target" || { sleep 0.05; continue; }
		echo "$pid" > "$DBG/target" 2>/dev/null || continue
		for f in vmas ptdump; do
			n=$((n + 1))
			if ! timeout 120 cat "$DBG/$f" > "$W/dbg.out" 2> "$W/dbg.err"; then
				grep -q 'No such process' "$W/dbg.err" && continue
				echo "debugfs $f of $pid: $(cat "$W/dbg.err")" >> "$W/dbg.bad"
				continue
			fi
			# every line is a maps line, a counts line or an extent
			if grep -Evq '^[0-9a-f]+-[0-9a-f]+ |^    rss ' "$W/dbg.out"; then
				{ echo "debugfs $f of $pid, malformed:"; grep -Ev \
				  '^[0-9a-f]+-[0-9a-f]+ |^    rss ' "$W/dbg.out" | head -n 3; } >> "$W/dbg.bad"
			fi
		done
	done
	echo "$n" > "$W/dbg.count"
}

end=$((SECONDS + SECS))
run_targets "$end" & pt=$!
sleep 1
cli_loop vmas "$end" & p1=$!
cli_loop ptdump "$end" & p2=$!
cli_loop walk "$end" & p3=$!
debugfs_loop "$end" & p4=$!
wait $p1 $p2 $p3 $p4 $pt

check_cli() {
	local kind ok=0 clean bad=0 f rc
	for kind in vmas ptdump walk; do
		clean=$(wc -l 2>/dev/null <"$W/$kind.clean" || echo 0)
		ok=0
		for f in "$W/$kind".*.rc; do
			[ -e "$f" ] || continue
			read -r rc _ < "$f"
			if [ "$rc" = 0 ]; then
				ok=$((ok + 1))
			else
				bad=$((bad + 1))
				echo "$kind: exit $rc: $(head -c 300 "${f%.rc}.err" 2>/dev/null)"
			fi
		done
		echo "$kind: $ok answers, $clean clean errors"
		[ $((ok)) -gt 0 ] || bad=$((bad + 1))
	done
	[ "$bad" = 0 ]
}
ktap_check "every CLI request answered (exit 0) or failed cleanly (process gone)" check_cli

# One Python run for all the answers (its start-up is slow under emulation).
check_json() {
	$PY - "$W" <<'PYEOF'
import glob, json, sys
bad = n = 0
for f in sorted(glob.glob(sys.argv[1] + "/*.json")):
    n += 1
    try:
        doc = json.load(open(f))
        assert isinstance(doc, dict) and doc, "empty"
    except Exception as e:
        bad += 1
        print(f"{f}: {e}: {open(f).read()[:200]!r}")
print(f"{n} JSON answers, {bad} malformed")
sys.exit(1 if bad or not n else 0)
PYEOF
}
ktap_check "every answer is parsable JSON" check_json

check_debugfs() {
	echo "$(cat "$W/dbg.count" 2>/dev/null) debugfs reads"
	[ ! -s "$W/dbg.bad" ] || { head -n 20 "$W/dbg.bad"; return 1; }
	[ "$(cat "$W/dbg.count" 2>/dev/null || echo 0)" -gt 0 ]
}
ktap_check "debugfs vmas and ptdump read to the end, or failed with ESRCH" check_debugfs

every_command() {
	"$MMSCOPE" vmas $$ > /dev/null && "$MMSCOPE" ptdump $$ > /dev/null &&
		"$MMSCOPE" zones > /dev/null && echo "the module still answers"
}
ktap_check "the module still answers" every_command
ktap_check "no dump state or process file left allocated (debugfs features)" mms_live_zero
ktap_check "no hung task, BUG, WARNING or lockdep report during the race" kmsg_clean race_test
stray() { ! pgrep -f "$TARGET" > /dev/null; }
ktap_check "no target left running" stray
rm -rf "$W"
ktap_finish
