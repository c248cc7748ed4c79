#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build mmscope for the kernels under test and run it in virtme-ng VMs (QEMU TCG, no KVM).
#
#   scripts/vm.sh test  [--kernels 6.1,6.12,sid] [--full] [--no-deps] [--incremental]
#       deps.sh, then per kernel: build (module, tools, selftests), boot, selftests/run.sh.
#       Prints a table per kernel (with its build and boot+test times), the time of every
#       test program on every kernel, the timings, "N skipped" and, last, "N passed, N failed".
#       A run of all three kernels (no --kernels; CI) also runs scripts/dkms-check.sh on the
#       host (one test), and first checks the debug kernel's record (below): when it does not
#       match the tree, the run fails at once ("0 passed, 1 failed"), before deps and builds.
#       Exit status 0 when nothing failed. A kernel whose build fails, whose VM does not come
#       back (crash, timeout) or whose run prints no MMSCOPE-RESULT line counts as 1 failure.
#       Strength: the heavy selftests (fuzz_test.sh, load_test.sh, race_test.sh) run at full
#       strength on 6.12 and in a short form on 6.1, sid and debug (MMSCOPE_STRENGTH in the
#       guest); --full runs them at full strength on every kernel.
#   scripts/vm.sh demo  [--kernel 6.12] [--no-deps]
#       build for one kernel, boot it and run scripts/demo-guest.sh (what mmscope shows).
#   scripts/vm.sh shell [--kernel 6.12] [--no-deps]
#       build for one kernel and boot it with an interactive shell in the build directory.
#   scripts/vm.sh bench [--kernels 6.1,6.12,sid] [--no-deps]
#       per kernel: build, boot with MMSCOPE_VM_MEMORY (default 4G here) and run
#       scripts/bench-guest.sh $MMSCOPE_BENCH_ARGS; the JSON goes to $LOGDIR/bench-<k>.json.
#
# Kernels: 6.1 (bookworm), 6.12 (bookworm-backports, +deb12), sid (newest, built and booted
# in the chroot $MMS_SID), debug (6.12 with KASAN, lockdep, kmemleak...: scripts/debug-kernel.sh
# builds it first when its cache lacks it; tested only with --kernels debug (make test-debug)
# or MMSCOPE_DEBUG_KERNEL=always; its console is checked for the checkers' reports too; a
# passing run of the whole suite on it records itself in docs/debug-kernel-run.txt).
# Build directories: /var/tmp/mmscope-build/<release>/ for the host kernels,
# $MMS_SID/mmscope-build/ for sid; each is a fresh copy of the source tree (tracked and
# untracked-but-not-ignored files) unless --incremental. The work is in sourced files:
# vm-build.sh (kernels, builds), vm-boot.sh (VMs, consoles, results), vm-debug.sh (the debug
# kernel and its record).
#
# Environment:
#   MMSCOPE_LOGDIR       logs (default /var/tmp/mmscope-logs): <k>-build.log, <k>-test.log
#                        (guest output), <k>-console.log (kernel console), summary.txt
#   MMSCOPE_VM_TIMEOUT   host-side limit per VM, timeout(1) syntax (default 45m: the suite takes
#                        6-12 min per kernel under TCG, load_test's 100 cycles alone ~9 min)
#   MMSCOPE_VM_TIMEOUT_DEBUG  the same for the debug kernel (default 150m: its whole suite
#                        took 72-104 min at full strength under KASAN+TCG on an idle host)
#   MMSCOPE_DEBUG_KERNEL auto (default), always or never, for a run without --kernels.
#                        auto: fail at once when docs/debug-kernel-run.txt records no passing
#                        run for the current debug inputs (scripts/debug-kernel.sh --inputs):
#                        the debug kernel's build (25-60 min on 2 cores) and suite do not fit
#                        CI's budget, so a change to those inputs comes with `make test-debug`
#                        and its updated record. always: test the debug kernel too (builds it
#                        when needed; developers). never: neither check nor test it.
#   MMSCOPE_STRENGTH     full or short: the heavy selftests' strength on every kernel
#                        (developers; default: full on 6.12, short elsewhere; --full: full)
#   MMSCOPE_VM_MEMORY, MMSCOPE_VM_CPUS   (default 2G, 2)
#   MMSCOPE_SKIP_DEPS=1  same as --no-deps (developers; CI always runs deps.sh)
#   MMSCOPE_TESTS        test: run only these selftests/run.sh programs (developers)
#   MMSCOPE_BUILD_TAG    suffix for the build and log directories, so that runs from two
#                        work trees do not share them (developers)
#   MMSCOPE_VM_SLOTS     how many VMs may run at once across vm.sh runs (default 2: TCG
#                        keeps about one core busy per guest); a run waits for a slot
#   MMSCOPE_FAULT        test the runner itself: comma list of KERNEL:FAULT with FAULT one of
#                        build (bogus KDIR), crash (guest panics instead of testing), hang
#                        (guest sleeps: combine with a short MMSCOPE_VM_TIMEOUT), nosummary
#                        (no MMSCOPE-RESULT line), taint (TAINT_WARN set after the tests).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/vm-build.sh"
. "$here/vm-boot.sh"
. "$here/vm-debug.sh"

TAG=${MMSCOPE_BUILD_TAG:+-$MMSCOPE_BUILD_TAG}
LOGDIR=${MMSCOPE_LOGDIR:-/var/tmp/mmscope-logs$TAG}
BUILDROOT=/var/tmp/mmscope-build$TAG
SID_BUILD_IN=/mmscope-build$TAG	# the sid build directory as the chroot and its VM see it
VM_SLOTS=${MMSCOPE_VM_SLOTS:-2}
VM_TIMEOUT=${MMSCOPE_VM_TIMEOUT:-45m}
VM_TIMEOUT_DEBUG=${MMSCOPE_VM_TIMEOUT_DEBUG:-150m}
VM_MEMORY=${MMSCOPE_VM_MEMORY:-2G}
VM_CPUS=${MMSCOPE_VM_CPUS:-2}
JOBS=$(nproc)
ALL_KERNELS="6.1 6.12 sid"
FULL_KERNEL=6.12	# its heavy selftests run at full strength in every test run

usage() {
	sed -n '3,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p;}' "$0" >&2
	exit 2
}

# --- arguments ---------------------------------------------------------------------------
cmd=${1:-}
[ -n "$cmd" ] || usage
shift
kernels=
skip_deps=${MMSCOPE_SKIP_DEPS:-0}
incremental=0
full_strength=0
while [ $# -gt 0 ]; do
	case $1 in
	--kernels|--kernel) [ $# -ge 2 ] || usage; kernels=$2; shift 2 ;;
	--kernels=*|--kernel=*) kernels=${1#*=}; shift ;;
	--no-deps) skip_deps=1; shift ;;
	--incremental) incremental=1; shift ;;
	--full) full_strength=1; shift ;;
	-h|--help) usage ;;
	*) log "unknown argument: $1"; usage ;;
	esac
done
case $cmd in
test) kernels=${kernels:-all} ;;
bench) kernels=${kernels:-all}; VM_MEMORY=${MMSCOPE_VM_MEMORY:-4G}; VM_TIMEOUT=${MMSCOPE_VM_TIMEOUT:-45m} ;;
demo|shell) kernels=${kernels:-6.12} ;;
-h|--help|help) usage ;;
*) log "unknown command: $cmd"; usage ;;
esac
full_run=0 debug_stale=0
if [ "$kernels" = all ]; then
	kernels=$ALL_KERNELS
	if [ "$cmd" = test ]; then
		full_run=1
		# CI never builds the debug kernel: a full run needs a passing run of it recorded for
		# the current debug inputs (docs/debug-kernel-run.txt, written by make test-debug).
		case ${MMSCOPE_DEBUG_KERNEL:-auto} in
		always) kernels+=" debug" ;;
		never) log "MMSCOPE_DEBUG_KERNEL=never: the debug kernel's record is not checked" ;;
		auto) debug_record_ok || debug_stale=1 ;;
		*) die "MMSCOPE_DEBUG_KERNEL must be auto, always or never" ;;
		esac
	fi
fi
case ${MMSCOPE_STRENGTH:-} in
''|full|short) ;;
*) die "MMSCOPE_STRENGTH must be full or short" ;;
esac
kernels=${kernels//,/ }
for k in $kernels; do
	case $k in
	6.1|6.12|sid|debug) ;;
	*) die "unknown kernel '$k': use 6.1, 6.12, sid or debug" ;;
	esac
done
if [ "$cmd" != test ] && [ "$cmd" != bench ] && [ "$(wc -w <<<"$kernels")" != 1 ]; then
	die "$cmd takes one kernel (--kernel 6.1|6.12|sid)"
fi

[ "$(id -u)" = 0 ] || die "vm.sh must run as root (sudo $0 $cmd ...): deps.sh installs packages,
  the sid build runs in a chroot and Debian's /boot/vmlinuz-* are readable by root only"
# Before deps.sh and any build: CI never builds the debug kernel.
[ "$debug_stale" = 0 ] || debug_record_stale_exit

# --- housekeeping ------------------------------------------------------------------------
WORK=$(mktemp -d /tmp/mmscope-vm.XXXXXX)
VM_PID=
cleanup() {
	if [ -n "$VM_PID" ]; then
		kill -TERM "$VM_PID" 2>/dev/null || true
		wait "$VM_PID" 2>/dev/null || true
	fi
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM
mkdir -p "$LOGDIR"

now() { date +%s; }
secs() { case $1 in *[!0-9]*|'') echo "$1" ;; *) echo "${1}s" ;; esac; }
declare -a TIMINGS=()
timing() { TIMINGS+=("$1|$2"); }

fault() { # fault KIND: is KIND injected for the current kernel?
	case ",${MMSCOPE_FAULT:-}," in *",$K_NAME:$1,"*) return 0 ;; esac
	return 1
}

# --- test --------------------------------------------------------------------------------
# strength NAME: the strength of the heavy selftests on kernel NAME (full or short): --full,
# else MMSCOPE_STRENGTH, else full on $FULL_KERNEL only.
strength() {
	if [ "$full_strength" = 1 ]; then
		echo full
	elif [ -n "${MMSCOPE_STRENGTH:-}" ]; then
		echo "$MMSCOPE_STRENGTH"
	elif [ "$1" = "$FULL_KERNEL" ]; then
		echo full
	else
		echo short
	fi
}

# test_kernel NAME: build, boot, run the selftests; record the results.
test_kernel() {
	local name=$1 t0 out con gcmd
	R_REL[$name]='?' R_PASS[$name]=0 R_FAIL[$name]=0 R_SKIP[$name]=0
	R_BUILD[$name]=- R_BOOT[$name]=- R_NOTE[$name]='' R_STRENGTH[$name]=$(strength "$name")
	printf '\n===== %s =====\n' "$name"
	if [ "$name" = debug ] && ! debug_kernel_ready; then
		return
	fi
	if ! kernel_info "$name"; then
		R_REL[$name]=${K_REL:-?} R_FAIL[$name]=1
		R_NOTE[$name]="kernel not installed (no ${K_REL:+$K_VMLINUZ or }headers): deps.sh failed?"
		log "$name: ${R_NOTE[$name]}"
		return
	fi
	R_REL[$name]=$K_REL
	lock_build

	t0=$(now)
	if ! build module tools selftests; then
		R_BUILD[$name]=$(( $(now) - t0 ))
		timing "build $name" "${R_BUILD[$name]}"
		R_FAIL[$name]=1 R_NOTE[$name]="build failed: $LOGDIR/$name-build.log"
		unlock_build
		return
	fi
	R_BUILD[$name]=$(( $(now) - t0 ))
	timing "build $name" "${R_BUILD[$name]}"

	out=$LOGDIR/$name-test.log con=$LOGDIR/$name-console.log
	gcmd="./selftests/run.sh"
	fault crash && gcmd="echo injected crash; echo c > /proc/sysrq-trigger"
	fault hang && gcmd="echo injected hang; sleep 100000"
	fault nosummary && gcmd="echo injected: no summary"
	fault taint && gcmd="$gcmd; echo 512 > /proc/sys/kernel/tainted"
	gcmd="exec 2>&1; cd '$K_GUEST' || exit 125; export MMSCOPE_KERNEL=$name MMSCOPE_STRENGTH=${R_STRENGTH[$name]} MMSCOPE_TESTS='${MMSCOPE_TESTS:-}'; $gcmd; rc=\$?;
echo \"MMSCOPE-TAINT \$(cat /proc/sys/kernel/tainted)\"; exit \$rc"
	log "booting $name ($K_REL) under TCG: selftests/run.sh, ${R_STRENGTH[$name]} strength" \
		"(limit $(vm_timeout))"
	t0=$(now)
	run_vm "$out" "$con" "$gcmd"
	# A guest that dies before run.sh starts (no TAP line: mmscope not loaded yet) is a boot
	# failure of the emulated machine (seen once on sid: an int3 in the scheduler at 2 s
	# under TCG). Boot once more, and say so; a crash once the tests run is never retried.
	if [ "$VM_RC" = 255 ] && ! grep -aq '^TAP version' "$out"; then
		mv "$con" "$con.first"
		log "$name: the guest died while booting, before the tests: booting again" \
			"(first console: $con.first)"
		R_NOTE[$name]="boot retried: the first boot died before the tests ($con.first)"
		run_vm "$out" "$con" "$gcmd"
	fi
	R_BOOT[$name]=$(( $(now) - t0 ))
	timing "boot+test $name" "${R_BOOT[$name]}"
	unlock_build
	read_results "$name" "$out" "$con" "$VM_RC"
}

# summary: the results per kernel, the time of every test program per kernel, the timings;
# the last line is "N passed, N failed".
summary() {
	local k p row
	printf '\n===== results =====\n'
	printf '%-5s %-24s %-8s %5s %5s %5s %7s %10s  %s\n' \
		kernel release strength pass fail skip build boot+test notes
	for k in $kernels; do
		printf '%-5s %-24s %-8s %5s %5s %5s %7s %10s  %s\n' "$k" "${R_REL[$k]}" \
			"${R_STRENGTH[$k]:--}" "${R_PASS[$k]}" "${R_FAIL[$k]}" "${R_SKIP[$k]}" \
			"$(secs "${R_BUILD[$k]}")" "$(secs "${R_BOOT[$k]}")" "${R_NOTE[$k]:-}"
	done
	if [ "$full_run" = 1 ]; then
		printf '%-5s %-24s %-8s %5s %5s %5s  %s\n' host "install, dkms" - "$host_p" "$host_f" 0 \
			"scripts/dkms-check.sh: $LOGDIR/host-dkms.log"
	fi
	if [ ${#PROGS[@]} != 0 ]; then
		printf '\ntest program times (s):\n'
		row=$(printf '  %-24s' program)
		for k in $kernels; do row+=$(printf ' %7s' "$k"); done
		printf '%s\n' "$row"
		for p in "${PROGS[@]}"; do
			row=$(printf '  %-24s' "$p")
			for k in $kernels; do row+=$(printf ' %7s' "${P_TIME[$k|$p]:--}"); done
			printf '%s\n' "$row"
		done
	fi
	printf '\ntimings (s):\n'
	for k in "${TIMINGS[@]}"; do
		printf '  %-18s %5s\n' "${k%%|*}" "${k#*|}"
	done
	printf 'logs: %s\n' "$LOGDIR"
	printf '%s skipped\n' "$total_s"
	printf '%s passed, %s failed\n' "$total_p" "$total_f"
}

do_test() {
	local k total_p=0 total_f=0 total_s=0 t0 deps_ok=1 tstart dbg_inputs=
	tstart=$(now)
	case " $kernels " in *" debug "*) dbg_inputs=$("$here/debug-kernel.sh" --inputs) ;; esac
	if [ "$skip_deps" != 1 ]; then
		t0=$(now)
		local nosid=1
		case " $kernels " in *" sid "*) nosid=0 ;; esac
		if ! MMSCOPE_NO_SID=$nosid "$here/deps.sh"; then
			deps_ok=0
			log "deps.sh failed"
		fi
		timing deps $(( $(now) - t0 ))
	fi
	for k in $kernels; do
		if [ "$deps_ok" = 1 ]; then
			test_kernel "$k"
		else
			R_REL[$k]='?' R_PASS[$k]=0 R_FAIL[$k]=1 R_SKIP[$k]=0 R_BUILD[$k]=- R_BOOT[$k]=-
			R_NOTE[$k]="not tested: deps.sh failed"
		fi
	done
	# Host-side packaging checks (staged install/uninstall, dkms for the 6.1 and 6.12
	# headers) with a full run: one test each way, like a kernel that did not build.
	local host_p=0 host_f=0
	if [ "$full_run" = 1 ]; then
		t0=$(now)
		log "host checks: scripts/dkms-check.sh (log: $LOGDIR/host-dkms.log)"
		if "$here/dkms-check.sh" >"$LOGDIR/host-dkms.log" 2>&1; then
			host_p=1
		else
			host_f=1
			tail -n 20 "$LOGDIR/host-dkms.log" >&2
		fi
		timing "host checks" $(( $(now) - t0 ))
	fi
	timing total $(( $(now) - tstart ))
	total_p=$host_p
	total_f=$host_f
	for k in $kernels; do
		total_p=$(( total_p + R_PASS[$k] ))
		total_f=$(( total_f + R_FAIL[$k] ))
		total_s=$(( total_s + R_SKIP[$k] ))
	done
	# Only the whole suite vouches for the inputs; a run of exactly the programs it failed,
	# passing with the same inputs (a test fixed, no module change), completes its record.
	if [ -n "$dbg_inputs" ] && [ "${R_PASS[debug]}" != 0 ]; then
		if [ -z "${MMSCOPE_TESTS:-}" ]; then
			debug_stamp "$dbg_inputs"
		elif [ "${R_FAIL[debug]}" = 0 ]; then
			debug_stamp_rerun "$dbg_inputs"
		fi
	fi
	summary | tee "$LOGDIR/summary.txt"
	[ "$total_f" = 0 ]
}

# --- demo and shell ----------------------------------------------------------------------
prepare_one() { # deps and a build of module (+ tools, selftests when they build) for $kernels
	local k=$kernels
	if [ "$skip_deps" != 1 ]; then
		MMSCOPE_NO_SID=$([ "$k" = sid ] && echo 0 || echo 1) "$here/deps.sh"
	fi
	kernel_info "$k" || die "kernel $k is not installed (run scripts/deps.sh)"
	lock_build
	build module || die "the module does not build for $k"
	# The CLI and the selftests are optional here: show what exists.
	if ! kmake "$LOGDIR/$k-build.log" tools; then
		log "tools/mmscope did not build (see $LOGDIR/$k-build.log): going on without it"
	elif ! kmake "$LOGDIR/$k-build.log" selftests; then
		log "the selftests did not build (see $LOGDIR/$k-build.log)"
	fi
}

do_demo() {
	prepare_one
	local out=$LOGDIR/demo-$K_NAME.log con=$LOGDIR/demo-$K_NAME-console.log
	log "booting $K_NAME ($K_REL) under TCG (about 30 s)"
	run_vm "$out" "$con" "exec 2>&1; cd '$K_GUEST' || exit 125; ./scripts/demo-guest.sh"
	unlock_build
	case $VM_RC in
	0) log "demo done; its output is in $out" ;;
	124|137) log "the demo VM timed out after $VM_TIMEOUT"; console_tail "$con" ;;
	*) log "the demo ended with status $VM_RC"; console_tail "$con" ;;
	esac
	return "$VM_RC"
}

do_shell() {
	[ -t 0 ] || die "shell needs a terminal on stdin"
	prepare_one
	vng_args
	log "booting $K_NAME ($K_REL); in the guest: insmod ./mmscope.ko; exit (or Ctrl-D) to leave"
	local rc=0
	TMPDIR=$WORK "${VNG[@]}" --cwd "$K_GUEST" || rc=$?
	unlock_build
	return "$rc"
}

# --- bench ------------------------------------------------------------------------------
do_bench() {
	local k all=$kernels rc=0 out con
	for k in $all; do
		kernels=$k
		prepare_one
		out=$LOGDIR/bench-$K_NAME.log con=$LOGDIR/bench-$K_NAME-console.log
		if [ ! -x "$K_BUILD/selftests/bench/mmscope-bench" ]; then
			log "$K_NAME: mmscope-bench did not build (see $LOGDIR/$K_NAME-build.log)"
			unlock_build
			rc=1
			continue
		fi
		log "booting $K_NAME ($K_REL) under TCG with $VM_MEMORY: mmscope-bench ${MMSCOPE_BENCH_ARGS:-}"
		run_vm "$out" "$con" "exec 2>&1; cd '$K_GUEST' || exit 125; ./scripts/bench-guest.sh ${MMSCOPE_BENCH_ARGS:-}"
		unlock_build
		sed -n '/^MMSCOPE-BENCH-JSON-BEGIN/,/^MMSCOPE-BENCH-JSON-END/{//!p}' "$out" | tr -d '\r' \
			>"$LOGDIR/bench-$K_NAME.json"
		if [ "$VM_RC" != 0 ] || [ ! -s "$LOGDIR/bench-$K_NAME.json" ]; then
			log "$K_NAME: the benchmark failed (status $VM_RC), see $out"
			console_tail "$con"
			rc=1
		else
			log "$K_NAME: $LOGDIR/bench-$K_NAME.json"
		fi
	done
	return "$rc"
}

case $cmd in
test) do_test ;;
bench) do_bench ;;
demo) do_demo ;;
shell) do_shell ;;
esac
