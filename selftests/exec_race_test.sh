#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# An unprivileged caller never sees a setuid image: nobody's processes exec a setuid-root
# program while nobody dumps their VMAs as fast as it can. exec installs the new mm before
# the new credentials (fs/exec.c, both under exec_update_lock held for writing); a check
# that read the credentials outside that lock could pass on the old ones and then walk the
# new mm. Every answer must be of the old image (no VMA of the setuid file), the dumps
# after each exec refused, and the kernel agree (/proc/PID/maps refused to nobody).
. "$(dirname "$0")/ktap.sh"

W=$(mktemp -d /tmp/mmscope-exec.XXXXXX)
chmod 755 "$W"
ROUNDS=${MMSCOPE_EXEC_ROUNDS:-$(by_strength 20 8)}

ktap_plan 4

cleanup() {
	umount "$W/suid" 2>/dev/null
	rm -rf "$W"
}
trap cleanup EXIT

# A tmpfs of our own, mounted without nosuid, holds a setuid-root copy of sleep.
mkdir -p "$W/suid"
if ! mount -t tmpfs -o mode=755 mmscope-suid "$W/suid"; then
	ktap_fail "mount a tmpfs for the setuid program"
	ktap_finish
fi
SUID=$W/suid/mmscope-suid-sleep
cp "$(command -v sleep)" "$SUID" && chown root:root "$SUID" && chmod 4755 "$SUID"

setuid_works() {
	local out p
	out=$(as_user "$SUID" 0 2>&1) || { echo "nobody cannot run $SUID: $out"; return 1; }
	bg_user "$SUID" 2
	p=$!
	sleep 0.5
	grep -E '^(Uid|Gid):' "/proc/$p/status"
	awk '/^Uid:/ { exit !($3 == 0) }' "/proc/$p/status"
	local rc=$?
	kill "$p" 2>/dev/null
	wait "$p" 2>/dev/null
	return "$rc"
}
ktap_check "nobody runs the setuid program with euid 0" setuid_works

# round N: a process of nobody's waits on a fifo, then execs the setuid program; nobody
# dumps its VMAs in a loop from before the exec until it is refused twice.
answers=0 refused=0 seen=0 other=0
round() {
	local fifo=$W/go out=$W/dumps.$1 p d
	rm -f "$fifo"
	mkfifo -m 666 "$fifo"
	bg_user bash -c "read -r _ < '$fifo'; exec '$SUID' 3"
	p=$!
	# until the second refusal: the exec is through by then
	as_user bash -c "n=0; for _ in \$(seq 1 12); do '$MMSCOPE' --json vmas $p; rc=\$?;
		echo \"rc=\$rc\"; [ \$rc != 4 ] || n=\$((n + 1)); [ \$n -lt 2 ] || break; done" \
		> "$out" 2>&1 & d=$!
	# the exec goes once a first dump has come back, at a random moment of the next ones
	for _ in $(seq 1 100); do
		grep -q '^rc=' "$out" 2>/dev/null && break
		sleep 0.05
	done
	sleep 0.0$((RANDOM % 10))
	echo go > "$fifo"
	wait "$d"
	kill "$p" 2>/dev/null
	wait "$p" 2>/dev/null
	grep -q 'mmscope-suid-sleep' "$out" && seen=$((seen + 1))
	answers=$((answers + $(grep -c '^rc=0$' "$out")))
	refused=$((refused + $(grep -c '^rc=4$' "$out")))
	other=$((other + $(grep -Ec '^rc=([1-35-9]|[1-9][0-9]+)$' "$out")))
}
for r in $(seq 1 "$ROUNDS"); do
	round "$r"
done
ktap_log "$ROUNDS rounds: $answers answers, $refused refused, $other other errors (an exited process), $seen with the setuid image"

no_new_image() {
	if [ "$seen" != 0 ]; then
		grep -l 'mmscope-suid-sleep' "$W"/dumps.* | head -n 3
		return 1
	fi
	echo "no answer showed a VMA of the setuid program"
}
ktap_check "no unprivileged answer shows the setuid image's VMAs" no_new_image

both_sides() {
	echo "$answers answers of the old image, $refused refused after the exec"
	[ "$answers" -gt 0 ] && [ "$refused" -gt 0 ]
}
ktap_check "the race was run: answers before the exec and refusals after it" both_sides

kernel_agrees() {
	local p
	bg_user "$SUID" 5
	p=$!
	sleep 0.5
	if as_user cat "/proc/$p/maps" > /dev/null 2>&1; then
		echo "nobody can read /proc/$p/maps of the setuid process"
		kill "$p"; wait "$p" 2>/dev/null
		return 1
	fi
	local out rc
	out=$(as_user "$MMSCOPE" vmas "$p" 2>&1)
	rc=$?
	kill "$p"; wait "$p" 2>/dev/null
	echo "kernel: /proc/$p/maps refused; mmscope: exit $rc: $out"
	[ "$rc" = 4 ]
}
ktap_check "/proc/PID/maps and mmscope both refuse nobody the setuid process" kernel_agrees

ktap_finish
