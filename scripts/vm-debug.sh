# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# shellcheck disable=SC2034,SC2154 # DEBUG_REPORTS is read by vm-boot.sh; R_*, LOGDIR... are vm.sh's
# scripts/vm.sh, part 3 of 3 (sourced): the debug kernel (scripts/debug-kernel.sh) and the
# record of its last passing run, docs/debug-kernel-run.txt.
#
#   debug_record_stale_exit   a full test run whose record does not match the tree's debug
#                             inputs stops here, before deps.sh and any build: CI never
#                             builds the debug kernel ("0 passed, 1 failed", exit 1)
#   debug_kernel_ready        build the debug kernel when its cache lacks it (make test-debug
#                             and MMSCOPE_DEBUG_KERNEL=always only)
#   debug_stamp INPUTS        record a run of the whole suite on it: passing, or the
#                             programs that failed
#   debug_stamp_rerun INPUTS  a passing run of exactly those programs, same inputs, completes
#                             the record
#   debug_record_ok           the record vouches for the tree: its inputs are the tree's, and
#                             its whole run passed, or the programs it failed passed again

DEBUG_RECORD=$MMS_TOP/docs/debug-kernel-run.txt

# What the debug kernel's checkers print (KASAN, lockdep and RCU-lockdep, atomic sleep,
# DEBUG_VM and page poisoning, the hung-task detector); kmemleak only reports when asked
# (debug_kernel_test.sh).
DEBUG_REPORTS='BUG: KASAN|possible circular locking|WARNING: possible|inconsistent lock state|suspicious RCU usage|bad unlock balance|held lock freed|sleeping function called from invalid context|scheduling while atomic|BUG: Bad page|VM_BUG_ON|pagealloc: memory corruption|blocked for more than [0-9]+ seconds'

debug_record_ok() {
	local inputs failed
	"$here/debug-kernel.sh" --stamp-ok && return 0
	inputs=$("$here/debug-kernel.sh" --inputs) || return 1
	grep -qx "inputs $inputs" "$DEBUG_RECORD" 2>/dev/null || return 1
	# A whole run whose failed programs (a test oracle wrong on this kernel) passed again on
	# it with the same inputs: every program has passed on the debug kernel.
	failed=$(sed -n 's/^failed //p' "$DEBUG_RECORD")
	[ -n "$failed" ] && sed 's/ passed: .*/ passed:/' "$DEBUG_RECORD" |
		grep -qxF "rerun $failed passed:"
}

# debug_record_stale_exit: say why and what to do, end with the summary line, exit 1.
debug_record_stale_exit() {
	local now_inputs rec_inputs
	now_inputs=$("$here/debug-kernel.sh" --inputs 2>/dev/null) || now_inputs='?'
	rec_inputs=$(sed -n 's/^inputs //p' "$DEBUG_RECORD" 2>/dev/null) || true
	mkdir -p "$LOGDIR"
	{
		printf '\n===== results =====\n'
		echo "debug kernel: docs/debug-kernel-run.txt records no passing run for this tree"
		echo "  (debug inputs now $now_inputs, recorded ${rec_inputs:-none}): the debug kernel's"
		echo "  fragment or scripts, or module code that takes locks or references, changed since"
		echo "  the last make test-debug (scripts/debug-kernel.sh --inputs-files lists that code)."
		echo "  CI never builds the debug kernel: run the whole suite on it and commit the record"
		echo "  with the change:"
		echo "      sudo make test-debug"
		echo "      git add docs/debug-kernel-run.txt"
		echo "  (it builds the debug kernel once, 25-60 min on 2 cores, then runs the suite on it;"
		echo "  MMSCOPE_DEBUG_KERNEL=always adds it to this run, =never skips this check)"
		printf 'logs: %s\n' "$LOGDIR"
		printf '0 skipped\n'
		printf '0 passed, 1 failed\n'
	} | tee "$LOGDIR/summary.txt"
	exit 1
}

# debug_kernel_ready: build the debug kernel unless the cache holds it; sets R_* on failure.
debug_kernel_ready() {
	local t0
	"$here/debug-kernel.sh" --dir >/dev/null && return 0
	t0=$(now)
	log "building the debug kernel (scripts/debug-kernel.sh)"
	if ! "$here/debug-kernel.sh"; then
		R_FAIL[debug]=1 R_NOTE[debug]="debug kernel build failed (scripts/debug-kernel.sh)"
		return 1
	fi
	timing "debug kernel" $(( $(now) - t0 ))
}

# The programs a debug run failed, from its test log ("not ok N selftests: mmscope: P").
debug_failed_programs() {
	tr -d '\r' <"$LOGDIR/debug-test.log" |
		sed -n 's/^not ok [0-9]* selftests: mmscope: \([^ ]*\).*/\1/p' | tr '\n' ' ' |
		sed 's/ $//'
}

# debug_stamp INPUTS: record a debug kernel run of the whole suite (CI goes on only while
# the inputs stay the same and the run passed, or its failed programs passed again).
# INPUTS is the hash taken when the run began.
debug_stamp() {
	local f=$DEBUG_RECORD failed=
	[ "${R_FAIL[debug]}" = 0 ] || failed=$(debug_failed_programs)
	if [ "${R_FAIL[debug]}" != 0 ] && [ -z "$failed" ]; then
		log "the debug kernel run failed outside the test programs: not recorded"
		return
	fi
	{
		echo "# The last selftest run on the debug kernel, written by scripts/vm.sh."
		echo "# A full scripts/vm.sh test (CI) fails at once unless 'inputs' is"
		echo "# scripts/debug-kernel.sh --inputs of the tree. Commit this file with the code."
		echo "inputs $1"
		echo "kernel ${R_REL[debug]}"
		echo "result ${R_PASS[debug]} passed, ${R_FAIL[debug]} failed, ${R_SKIP[debug]} skipped"
		echo "strength ${R_STRENGTH[debug]}"
		echo "tree $MMS_VERSION"
		echo "date $(date -u +%Y-%m-%dT%H:%M:%SZ)"
		echo "seconds ${R_BOOT[debug]} boot+test on $(nproc) cpus"
		[ -z "$failed" ] || echo "failed $failed"
	} >"$f.tmp" && mv "$f.tmp" "$f" && log "recorded the debug kernel run in $f"
}

# debug_stamp_rerun INPUTS: this run (MMSCOPE_TESTS) passed exactly the programs the record's
# whole run failed, with the same inputs: say so in the record.
debug_stamp_rerun() {
	local f=$DEBUG_RECORD
	grep -qx "inputs $1" "$f" 2>/dev/null || return 0
	[ "$(sed -n 's/^failed //p' "$f")" = "${MMSCOPE_TESTS:-}" ] || return 0
	echo "rerun ${MMSCOPE_TESTS} passed: ${R_PASS[debug]} passed, tree $MMS_VERSION," \
		"$(date -u +%Y-%m-%dT%H:%M:%SZ)" >>"$f"
	log "recorded the passing rerun of ${MMSCOPE_TESTS} in $f"
}
