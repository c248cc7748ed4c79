#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The debugfs process views (issue 16, item 7): target holds the process written to it, not
# its number, per session; vmas shows every line whole and escapes names as
# /proc/PID/maps does.
. "$(dirname "$0")/ktap.sh"

DBG=/sys/kernel/debug/mmscope
W=$(mktemp -d /tmp/mmscope-dbgtarget.XXXXXX)
# every process started here, to be killed at the end
track() { echo "$@" >> "$W/pids"; }
cleanup() {
	# shellcheck disable=SC2046 # one pid a word
	[ -f "$W/pids" ] && kill $(cat "$W/pids") 2>/dev/null
	rm -rf "$W"
}
trap cleanup EXIT

ktap_plan 5

# A process that maps the files named on its command line, then sleeps: its pid on stdout.
# (Run in a command substitution: track() keeps its pid in a file. Every process left
# running writes to a file, not to the substitution's pipe, which would never end.)
mapper() {
	local p
	for p in "$@"; do head -c 4096 /dev/zero > "$p"; done
	"$PY" -c '
import mmap, sys, time
fs = [open(p, "r+b") for p in sys.argv[1:]]
ms = [mmap.mmap(f.fileno(), 4096) for f in fs]
print("ready", flush=True)
time.sleep(1000)' "$@" > "$W/mapper.out" 2>&1 &
	track $!
	for _ in $(seq 1 100); do
		grep -q ready "$W/mapper.out" 2>/dev/null && break
		sleep 0.1
	done
	echo "$!"
}

# An exited target fails with ESRCH, also when a new process has its number.
reused_pid() {
	local a b out
	sleep 1000 > /dev/null 2>&1 & a=$!
	echo "$a" > "$DBG/target" || return 1
	kill "$a"; wait "$a" 2>/dev/null
	# the next fork gets a's number (CONFIG_CHECKPOINT_RESTORE), if nothing forks between
	if [ -w /proc/sys/kernel/ns_last_pid ]; then
		echo $((a - 1)) > /proc/sys/kernel/ns_last_pid
	fi
	sleep 1000 > /dev/null 2>&1 & b=$!
	track "$b"
	echo "target was $a (exited), a new process is $b"
	if out=$(cat "$DBG/vmas" 2>&1); then
		echo "vmas of an exited target read $(printf '%s\n' "$out" | wc -l) lines"
		return 1
	fi
	printf '%s\n' "$out" | grep -q 'No such process' || { echo "$out"; return 1; }
	echo "vmas: $out"
	if cat "$DBG/ptdump" > /dev/null 2>&1; then
		echo "ptdump of an exited target read"
		return 1
	fi
}
ktap_check "an exited target is an error, never the process that reuses its PID" reused_pid

# Two sessions (two administrators) each keep their own target.
two_sessions() {
	local mine other got
	sleep 1000 > /dev/null 2>&1 & mine=$!
	sleep 1000 > /dev/null 2>&1 & other=$!
	track "$mine" "$other"
	echo "$mine" > "$DBG/target" || return 1
	got=$(setsid -w sh -c "echo $other > $DBG/target && cat $DBG/target") || return 1
	echo "the other session's target: $got"
	[ "${got%% *}" = "$other" ] || return 1
	got=$(cat "$DBG/target")
	echo "this session's target: $got"
	[ "${got%% *}" = "$mine" ] || return 1
	[ "$(awk 'NR == 1 { print $1 }' "$DBG/vmas")" = \
	  "$(awk 'NR == 1 { print $1 }' /proc/"$mine"/maps)" ]
}
ktap_check "two sessions keep their own targets" two_sessions

# Every line of vmas is a maps line or a counts line, as many maps lines as maps has.
well_formed() {
	local pid=$1 n m
	if grep -Evq '^[0-9a-f]+-[0-9a-f]+ |^    rss ' "$W/vmas"; then
		echo "lines that are neither a maps line nor a counts line:"
		grep -Ev '^[0-9a-f]+-[0-9a-f]+ |^    rss ' "$W/vmas" | head -n 3
		return 1
	fi
	n=$(grep -Ec '^[0-9a-f]+-[0-9a-f]+ ' "$W/vmas")
	# [vsyscall] is the gate area, listed by maps but no VMA of the mm (kernels with
	# vsyscall emulation, such as the debug kernel)
	m=$(grep -vc ' \[vsyscall\]$' /proc/"$pid"/maps)
	echo "$n maps lines in vmas, $m in /proc/$pid/maps without [vsyscall]"
	[ "$n" = "$m" ]
}

newline_name() {
	local pid
	pid=$(mapper "$W/evil
00000000-ffffffff rwxp 00000000 00:00 0 [stack]")
	echo "$pid" > "$DBG/target" || return 1
	cat "$DBG/vmas" > "$W/vmas" || return 1
	well_formed "$pid" || return 1
	grep -F 'evil\012' "$W/vmas" | head -n 1
	grep -qF 'evil\012' /proc/"$pid"/maps && grep -qF 'evil\012' "$W/vmas"
}
ktap_check "vmas: a newline in a file name is escaped as maps escapes it" newline_name

long_line() {
	local pid d="$W" name
	# 16 directories of 250 bytes: a path of about 4050, a vmas line of more than 4096
	for _ in $(seq 1 16); do
		d="$d/$(printf 'd%.0s' $(seq 1 250))"
	done
	mkdir -p "$d" || return 1
	pid=$(mapper "$d/long")
	echo "$pid" > "$DBG/target" || return 1
	cat "$DBG/vmas" > "$W/vmas" || return 1
	well_formed "$pid" || return 1
	name=$(grep -o '/[^ ]*/long$' "$W/vmas")
	echo "a name of ${#name} bytes"
	[ "$name" = "$d/long" ]
}
ktap_check "vmas: a line longer than a page comes whole" long_line

ktap_check "every process file closed again" mms_live_zero

ktap_finish
