# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Minimal KTAP helpers for mmscope's shell selftests (sourced).

ktap_n=0
ktap_fails=0
ktap_planned=
ktap_plan() { ktap_planned=$1; echo "TAP version 13"; echo "1..$1"; }
ktap_pass() { ktap_n=$((ktap_n + 1)); echo "ok $ktap_n $*"; }
ktap_fail() { ktap_n=$((ktap_n + 1)); ktap_fails=$((ktap_fails + 1)); echo "not ok $ktap_n $*"; }
ktap_skip() { ktap_n=$((ktap_n + 1)); echo "ok $ktap_n $1 # SKIP ${2:-}"; }
ktap_log() { echo "# $*"; }
# ktap_check NAME CMD...: pass when CMD succeeds; its output goes to the log either way.
ktap_check() {
	local name=$1 out
	shift
	if out=$("$@" 2>&1); then
		[ -z "$out" ] || printf '%s\n' "$out" | sed 's/^/# /'
		ktap_pass "$name"
	else
		[ -z "$out" ] || printf '%s\n' "$out" | sed 's/^/# /'
		ktap_fail "$name"
	fi
}
# expect_rc NAME RC PATTERN CMD...: pass when CMD exits with RC and its output (stdout and
# stderr) matches PATTERN (ERE); the first lines of the output go to the log.
expect_rc() {
	local name=$1 want=$2 pat=$3 out rc
	shift 3
	out=$("$@" 2>&1)
	rc=$?
	printf '%s\n' "$out" | head -n 5 | sed 's/^/# /'
	if [ "$rc" = "$want" ] && printf '%s' "$out" | grep -Eq -- "$pat"; then
		ktap_pass "$name"
	else
		ktap_log "exit $rc (want $want), output must match /$pat/"
		ktap_fail "$name"
	fi
}
# ktap_finish: exit 0 when every case passed and as many ran as ktap_plan announced; a test
# that stopped short of its plan gets one more case, failed, that says so.
ktap_finish() {
	if [ -n "$ktap_planned" ] && [ "$ktap_n" -lt "$ktap_planned" ]; then
		ktap_fail "ran $ktap_n of the $ktap_planned planned cases: the test stopped early"
	elif [ -n "$ktap_planned" ] && [ "$ktap_n" -gt "$ktap_planned" ]; then
		ktap_log "ran $ktap_n cases, more than the $ktap_planned planned"
	fi
	[ "$ktap_fails" -eq 0 ]
	exit $?
}

MMSCOPE_TOP=${MMSCOPE_TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
# shellcheck disable=SC2034 # MMSCOPE, PY: for the tests that source this
MMSCOPE=$MMSCOPE_TOP/tools/mmscope PY=/usr/bin/python3
# by_strength FULL SHORT: FULL, or SHORT when MMSCOPE_STRENGTH=short (scripts/vm.sh sets it
# per kernel: CI runs the heavy tests at full strength on one kernel, shorter on the others).
by_strength() {
	case ${MMSCOPE_STRENGTH:-full} in
	short) echo "$2" ;;
	*) echo "$1" ;;
	esac
}
# Run a command as an ordinary user (nobody).
as_user() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
# bg_user CMD...: CMD as nobody in the background, in the very process whose pid is $!
# (as_user is a function: run in the background it would leave a root subshell at $!).
bg_user() {
	(exec setpriv --reuid=65534 --regid=65534 --clear-groups "$@") &
}
# nobody_sleeper: a sleeping process of nobody's, its pid in $sleeper and the address of
# a page of its stack in $sleeper_stack.
nobody_sleeper() {
	local a
	bg_user sleep 1000
	sleeper=$!
	for _ in $(seq 1 100); do
		grep -q '^Uid:.*65534' "/proc/$sleeper/status" 2>/dev/null && break
		sleep 0.1
	done
	a=$(awk '/\[stack\]/ { split($1, r, "-"); print r[2]; exit }' "/proc/$sleeper/maps")
	# shellcheck disable=SC2034 # for the tests that source this file
	sleeper_stack=$(printf '%#x' $((0x$a - 4096)))
}

# Kernel log checks for one test: mark the log at the start, then look at what came after.
KMSG_BAD='BUG:|WARNING:|Oops|KASAN|UBSAN|sleeping function called|lockdep|possible recursive locking|circular locking|refcount_t:|list_(add|del) corruption|general protection|blocked for more than|soft lockup|hard LOCKUP'
kmsg_mark() { echo "mmscope-selftest: $1" > /dev/kmsg; }
# kmsg_clean NAME: no warning, BUG, Oops, lockdep, hung task or stall logged since kmsg_mark NAME.
kmsg_clean() {
	local bad
	bad=$(dmesg | sed -n "/mmscope-selftest: $1\$/,\$p" | grep -E "$KMSG_BAD")
	[ -z "$bad" ] || { printf '%s\n' "$bad" | head -n 40; return 1; }
	echo "kernel log clean since the start of $1"
}
# mms_live_zero: the module's live dump states and open process files (debugfs features)
# drop back to 0 once every socket and file is closed (sockets are freed after an RCU
# grace period: wait for that, a bounded number of times).
mms_live_zero() {
	local line
	for _ in $(seq 1 50); do
		line=$(grep '^live:' /sys/kernel/debug/mmscope/features) || return 1
		[ "$line" = "live: dump-states 0 proc-files 0" ] && { echo "$line"; return 0; }
		sleep 0.2
	done
	echo "still allocated: $line"
	return 1
}
# kmemleak_check: a scan reports no leak with an mmscope frame; 2 when the kernel has none.
kmemleak_check() {
	local f=/sys/kernel/debug/kmemleak out
	[ -e "$f" ] || return 2
	echo scan > "$f" 2>/dev/null; sleep 1; echo scan > "$f" 2>/dev/null
	out=$(cat "$f")
	if printf '%s' "$out" | grep -q 'mmscope'; then
		printf '%s\n' "$out" | head -n 60
		return 1
	fi
	echo "kmemleak: no leak from mmscope"
}
