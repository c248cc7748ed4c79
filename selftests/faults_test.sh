#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# mmscope faults and watch against known workloads (helpers/faults_target): N fresh
# anonymous pages are N anon_zero faults and the process's own ru_minflt agrees; a forked
# child writing M pages makes M cow faults (followed with --children only); a file read
# for the first time makes file faults; pages paged out to swap are swap_in faults when
# read back; an ordinary user gets a clear error; nothing of ours stays loaded after the
# tool exits (SIGINT, SIGTERM, --duration).
. "$(dirname "$0")/ktap.sh"

TARGET=$MMSCOPE_TOP/selftests/helpers/faults_target
N=256 M=128 F=64
ktap_plan 20

skip_all() {
	local i
	for i in $(seq 1 20); do ktap_skip "faults test $i" "$1"; done
	ktap_finish
}
if "$MMSCOPE" faults 1 --duration 0.01 2>&1 | grep -q 'built without'; then
	skip_all "mmscope was built without the BPF fault counter (no clang/bpftool/libbpf)"
fi
[ -r /sys/kernel/btf/vmlinux ] || skip_all "the kernel has no BTF"

dir=$(mktemp -d)
tool_pid='' helper_pid=''
cleanup() {
	[ -n "$tool_pid" ] && kill -KILL "$tool_pid" 2>/dev/null
	[ -n "$helper_pid" ] && kill -KILL "$helper_pid" 2>/dev/null
	exec 3>&- 2>/dev/null
	rm -rf "$dir"
}
trap cleanup EXIT

# wait_for FILE REGEX: until a line of FILE matches (bounded: a hung tool fails the case).
wait_for() {
	local i
	for i in $(seq 1 1200); do
		grep -qE "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	ktap_log "gave up waiting for '$2' in $1: $(tail -n 3 "$1" 2>/dev/null)"
	return 1
}

# start_helper ARGS...: the workload, stdin on fd 3, output in $dir/helper.
start_helper() {
	rm -f "$dir/in" "$dir/helper"
	mkfifo "$dir/in"
	"$TARGET" "$@" <"$dir/in" >"$dir/helper" 2>&1 &
	helper_pid=$!
	exec 3>"$dir/in"
	wait_for "$dir/helper" '^addr ' || return 1
	read -r _ start end < <(grep '^addr ' "$dir/helper")
	start=$((16#$start)) end=$((16#$end))
}
stop_helper() {
	exec 3>&-
	wait "$helper_pid" 2>/dev/null
	helper_pid=
}

# start_tool ARGS...: mmscope ARGS in the background, output in $dir/out and $dir/err.
start_tool() {
	"$MMSCOPE" "$@" >"$dir/out" 2>"$dir/err" &
	tool_pid=$!
	wait_for "$dir/err" "^mmscope $1: attached"
}
# stop_tool SIGNAL: the tool's exit status in $tool_rc.
stop_tool() {
	kill "-$1" "$tool_pid"
	wait "$tool_pid"
	tool_rc=$?
	tool_pid=
}

# sum PID ADDR: the counts of the VMA holding ADDR over every interval, "kind=n ..." (python).
sum() {
	$PY - "$dir/out" "$1" "$2" <<'PYEOF'
import json, sys
out, pid, start = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
tot, pids = {}, set()
for line in open(out):
    doc = json.loads(line)
    for v in doc["vmas"]:
        pids.add(v["pid"])
        if v["pid"] == pid and v["start"] <= start < v["end"]:
            for k, n in v["faults"].items():
                tot[k] = tot.get(k, 0) + n
print(" ".join(f"{k}={n}" for k, n in sorted(tot.items())) or "none", "pids=" +
      ",".join(map(str, sorted(pids))))
PYEOF
}
kind() { grep -o "\b$1=[0-9]*" <<<"$2" | cut -d= -f2; }

ours() { "$TARGET" progs | grep -c ' mmc_' ; }

# 1-3: N fresh anonymous pages
if start_helper anon "$N" && start_tool faults "$helper_pid" --json --interval 1; then
	loaded=$(ours)
	echo go >&3
	wait_for "$dir/helper" '^minflt'
	stop_tool INT
	counts=$(sum "$helper_pid" "$start")
	read -r _ minflt _ majflt < <(grep '^minflt' "$dir/helper")
	ktap_log "anon: $counts; ru_minflt delta $minflt; our programs while attached: $loaded"
	if [ "$(kind anon_zero "$counts")" = "$N" ] && [ "$(kind total "$counts")" = "$N" ]; then
		ktap_pass "$N fresh anonymous pages are $N anon_zero faults"
	else
		ktap_fail "$N fresh anonymous pages are $N anon_zero faults"
	fi
	if [ "$minflt" = "$N" ] && [ "$majflt" = 0 ]; then
		ktap_pass "the process's ru_minflt delta agrees ($minflt)"
	else
		ktap_fail "the process's ru_minflt delta agrees ($minflt, want $N)"
	fi
	if [ "$tool_rc" = 0 ] && [ "$loaded" -ge 3 ] && [ "$(ours)" = 0 ]; then
		ktap_pass "SIGINT: exit 0, our $loaded programs unloaded"
	else
		ktap_fail "SIGINT: exit $tool_rc, $loaded programs while attached, $(ours) after"
	fi
	cp "$dir/out" "$dir/anon.jsonl"
else
	ktap_fail "$N fresh anonymous pages are $N anon_zero faults"
	ktap_fail "the process's ru_minflt delta agrees"
	ktap_fail "SIGINT detaches"
	sed 's/^/# /' "$dir/err"
fi
stop_helper

# 4: every line of that run passes docs/schemas/faults.schema.json
if ! $PY -c 'import jsonschema' 2>/dev/null; then
	ktap_skip "faults --json lines pass their schema" "python3-jsonschema is not installed"
else
	res=$($PY - "$MMSCOPE_TOP/docs/schemas/faults.schema.json" "$dir/anon.jsonl" 2>&1 <<'PYEOF'
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
lines = open(sys.argv[2]).read().splitlines()
assert lines, "no lines"
for l in lines:
    jsonschema.validate(json.loads(l), schema, cls=jsonschema.Draft202012Validator)
print("ok", len(lines))
PYEOF
)
	ktap_log "schema: $res"
	if [ "${res%% *}" = ok ]; then
		ktap_pass "faults --json lines pass their schema"
	else
		ktap_fail "faults --json lines pass their schema"
	fi
fi

# 5-7: fork, the child writes M pages: with --children
if start_helper cow "$M" && start_tool faults "$helper_pid" --json --children; then
	echo go >&3
	wait_for "$dir/helper" '^done'
	stop_tool TERM
	read -r _ child _ minflt _ < <(grep '^child' "$dir/helper")
	counts=$(sum "$child" "$start")
	parent=$(sum "$helper_pid" "$start")
	ktap_log "cow: child $child: $counts, ru_minflt delta $minflt; parent: $parent"
	if [ "$(kind cow "$counts")" = "$M" ] && [ "$(kind total "$counts")" = "$M" ]; then
		ktap_pass "--children: the child's $M writes after fork are $M cow faults"
	else
		ktap_fail "--children: the child's $M writes after fork are $M cow faults"
	fi
	if [ "$minflt" = "$M" ]; then
		ktap_pass "the child's ru_minflt delta agrees ($minflt)"
	else
		ktap_fail "the child's ru_minflt delta agrees ($minflt, want $M)"
	fi
	if [ "$tool_rc" = 0 ] && [ "$(ours)" = 0 ]; then
		ktap_pass "SIGTERM: exit 0, nothing left loaded"
	else
		ktap_fail "SIGTERM: exit $tool_rc, $(ours) programs left"
	fi
else
	for t in "--children: cow" "child ru_minflt" "SIGTERM"; do ktap_fail "$t"; done
fi
stop_helper

# 8: without --children the child is not followed
if start_helper cow "$M" && start_tool faults "$helper_pid" --json; then
	echo go >&3
	wait_for "$dir/helper" '^done'
	stop_tool INT
	read -r _ child _ < <(grep '^child' "$dir/helper")
	counts=$(sum "$child" "$start")
	ktap_log "no --children: child $child: $counts"
	case $counts in
	*"pids=$child"* | *",$child"*) ktap_fail "without --children the child is not counted" ;;
	*)
		if [ -n "$child" ]; then
			ktap_pass "without --children the child is not counted"
		else
			ktap_fail "without --children: no child"
		fi ;;
	esac
else
	ktap_fail "without --children the child is not counted"
fi
stop_helper

# 9-10: a file read for the first time: file faults, none anonymous
f=$dir/file
head -c $((F * 4096)) /dev/urandom >"$f"
sync
echo 3 >/proc/sys/vm/drop_caches 2>/dev/null
if start_helper file "$f" "$F" && start_tool faults "$helper_pid" --json; then
	echo go >&3
	wait_for "$dir/helper" '^minflt'
	stop_tool INT
	counts=$(sum "$helper_pid" "$start")
	read -r _ minflt _ majflt < <(grep '^minflt' "$dir/helper")
	file=$(( $(kind file_minor "$counts") + $(kind file_major "$counts") ))
	ktap_log "file: $counts; ru_minflt $minflt ru_majflt $majflt"
	if [ "$file" -gt 0 ] && [ "$(kind anon_zero "$counts")" = 0 ] &&
		[ "$(kind cow "$counts")" = 0 ] && [ "$(kind total "$counts")" = "$file" ]; then
		ktap_pass "a file mapping read the first time: file faults only ($file)"
	else
		ktap_fail "a file mapping read the first time: file faults only"
	fi
	if [ "$file" = $((minflt + majflt)) ]; then
		ktap_pass "file faults agree with ru_minflt + ru_majflt ($file)"
	else
		ktap_fail "file faults agree with ru_minflt + ru_majflt ($file, $minflt + $majflt)"
	fi
else
	ktap_fail "file faults"
	ktap_fail "file faults agree with rusage"
fi
stop_helper

# 11: write-protected by clear_refs (soft-dirty), the page ours alone: reused, not copied
if start_helper reuse "$M" && start_tool faults "$helper_pid" --json; then
	# Without CONFIG_MEM_SOFT_DIRTY clear_refs 4 is accepted and does nothing; such a
	# kernel marks no VMA "sd" in smaps.
	if grep -q '^VmFlags:.* sd' "/proc/$helper_pid/smaps" &&
	   echo 4 >"/proc/$helper_pid/clear_refs" 2>/dev/null; then
		echo go >&3
		wait_for "$dir/helper" '^minflt'
		stop_tool INT
		counts=$(sum "$helper_pid" "$start")
		ktap_log "reuse after clear_refs: $counts"
		if [ "$(kind prot "$counts")" = "$M" ] && [ "$(kind total "$counts")" = "$M" ]; then
			ktap_pass "$M writes to write-protected pages of our own are $M prot faults"
		else
			ktap_fail "$M writes to write-protected pages of our own are $M prot faults"
		fi
	else
		stop_tool INT
		ktap_skip "write-protect faults without a copy are prot" \
			"no soft-dirty tracking (clear_refs 4) in this kernel"
	fi
else
	ktap_fail "$M writes to write-protected pages of our own are $M prot faults"
fi
stop_helper

# 12-13: N pages paged out to swap (MADV_PAGEOUT; zram swap, as proc_test sets it up), then
# read: each page whose pte held a swap entry faults once, a swap_in, and nothing else
# faults; the process's own minflt + majflt agree.
grep -q zram0 /proc/swaps 2>/dev/null || {
	modprobe zram 2>/dev/null
	echo 64M >/sys/block/zram0/disksize && mkswap /dev/zram0 >/dev/null && swapon /dev/zram0
} >/dev/null 2>&1
if [ "$(awk 'NR > 1 { n++ } END { print n + 0 }' /proc/swaps)" = 0 ]; then
	ktap_skip "pages read back from swap are swap_in faults" "no swap in this guest (zram)"
	ktap_skip "swap_in faults agree with ru_minflt + ru_majflt" "no swap in this guest (zram)"
elif start_helper swap "$N" && start_tool faults "$helper_pid" --json; then
	read -r _ swapped < <(grep '^swapped' "$dir/helper")
	echo go >&3
	wait_for "$dir/helper" '^minflt'
	stop_tool INT
	counts=$(sum "$helper_pid" "$start")
	read -r _ minflt _ majflt < <(grep '^minflt' "$dir/helper")
	ktap_log "swap: $swapped of $N pages swapped out; $counts; ru_minflt $minflt ru_majflt $majflt"
	if [ "${swapped:-0}" -gt 0 ] && [ "$(kind swap_in "$counts")" = "$swapped" ] &&
		[ "$(kind total "$counts")" = "$swapped" ]; then
		ktap_pass "pages read back from swap are swap_in faults ($swapped)"
	else
		ktap_fail "pages read back from swap are swap_in faults (${swapped:-?} swapped out)"
	fi
	if [ "${swapped:-0}" -gt 0 ] && [ $((minflt + majflt)) = "$swapped" ]; then
		ktap_pass "swap_in faults agree with ru_minflt + ru_majflt ($swapped)"
	else
		ktap_fail "swap_in faults agree with ru_minflt + ru_majflt ($minflt + $majflt, want ${swapped:-?})"
	fi
else
	ktap_fail "pages read back from swap are swap_in faults"
	ktap_fail "swap_in faults agree with ru_minflt + ru_majflt"
fi
stop_helper

# 14-15: an ordinary user: a clear error, non-zero exit, nothing loaded
msg=$(as_user "$MMSCOPE" faults $$ --duration 1 2>&1)
rc=$?
ktap_log "as nobody: exit $rc: $msg"
if [ "$rc" = 4 ] && grep -q 'run as root' <<<"$msg"; then
	ktap_pass "an ordinary user: exit 4 and 'run as root'"
else
	ktap_fail "an ordinary user: exit 4 and 'run as root'"
fi
if [ "$(ours)" = 0 ]; then
	ktap_pass "nothing loaded after the refusal"
else
	ktap_fail "nothing loaded after the refusal"
fi

# 16: --duration ends by itself, with the last interval, and unloads
"$MMSCOPE" faults $$ --json --duration 1.5 --interval 1 >"$dir/out" 2>"$dir/err"
rc=$?
lines=$(wc -l <"$dir/out")
if [ "$rc" = 0 ] && [ "$lines" = 2 ] && [ "$(ours)" = 0 ]; then
	ktap_pass "--duration 1.5 --interval 1: two intervals, exit 0, unloaded"
else
	ktap_fail "--duration: exit $rc, $lines intervals, $(ours) programs left"
fi

# 17-20: watch
if start_helper anon "$N"; then
	echo go >&3
	wait_for "$dir/helper" '^minflt'
	"$MMSCOPE" watch "$helper_pid" --json >"$dir/w1" 2>"$dir/err"
	res=$($PY - "$dir/w1" "$start" <<'PYEOF'
import json, sys
docs = [json.loads(l) for l in open(sys.argv[1])]
a = int(sys.argv[2])
v = [v for v in docs[0]["vmas"] if v["start"] <= a < v["end"]]
print(len(docs), v[0]["rss_pages"] if v else -1, len(docs[0]["zones"]),
      min(z["free"] for z in docs[0]["zones"]) if docs[0]["zones"] else -1)
PYEOF
)
	ktap_log "watch --json (snapshots, rss of the range, zones, least free): $res"
	read -r docs rss nzones free <<<"$res"
	if [ "$docs" = 1 ] && [ "$rss" = "$N" ] && [ "$nzones" -gt 0 ] && [ "$free" -ge 0 ]; then
		ktap_pass "watch, not a terminal: one snapshot, the range's rss is $N pages"
	else
		ktap_fail "watch, not a terminal: one snapshot, the range's rss is $N pages"
	fi
	"$MMSCOPE" watch "$helper_pid" --iterations 2 --interval 0.1 >"$dir/w2" 2>&1
	snaps=$(grep -c "^pid $helper_pid at" "$dir/w2")
	if ! grep -q $'\033' "$dir/w2" && [ "$snaps" = 2 ]; then
		ktap_pass "watch --iterations 2: two plain snapshots"
	else
		ktap_fail "watch --iterations 2: $snaps plain snapshots"
	fi
else
	ktap_fail "watch one snapshot"
	ktap_fail "watch --iterations"
fi
stop_helper
if start_helper anon "$N" && start_tool watch "$helper_pid" --json --iterations 2 \
	--interval 600; then
	wait_for "$dir/out" '^\{'
	echo go >&3
	wait_for "$dir/helper" '^minflt'
	stop_tool INT
	res=$($PY - "$dir/out" "$start" <<'PYEOF'
import json, sys
docs = [json.loads(l) for l in open(sys.argv[1])]
a = int(sys.argv[2])
v = [v for v in docs[-1]["vmas"] if v["start"] <= a < v["end"]]
print(len(docs), v[0]["faults"]["anon_zero"] if v else -1, v[0]["rss_pages"] if v else -1)
PYEOF
)
	ktap_log "watch during the work (snapshots, anon_zero, rss): $res"
	read -r docs anon rss <<<"$res"
	if [ "$docs" = 2 ] && [ "$anon" = "$N" ] && [ "$rss" = "$N" ]; then
		ktap_pass "watch: the new range's $N faults and $N resident pages"
	else
		ktap_fail "watch: the new range's $N faults and $N resident pages"
	fi
	if [ "$tool_rc" = 0 ] && [ "$(ours)" = 0 ]; then
		ktap_pass "watch: SIGINT unloads"
	else
		ktap_fail "watch: SIGINT: exit $tool_rc, $(ours) programs left"
	fi
else
	ktap_fail "watch: the new range's faults"
	ktap_fail "watch: SIGINT unloads"
fi
stop_helper
ktap_finish
