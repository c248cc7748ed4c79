#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build mmscope for the kernels under test and run it in virtme-ng VMs (QEMU TCG, no KVM).
#
#   scripts/vm.sh test  [--kernels 6.1,6.12,sid] [--no-deps] [--incremental]
#       deps.sh, then per kernel: build (module, tools, selftests), boot, selftests/run.sh.
#       Prints a table per kernel, the timings, "N skipped" and, last, "N passed, N failed".
#       A run of all three kernels also runs scripts/dkms-check.sh on the host (one test).
#       Exit status 0 when nothing failed. A kernel whose build fails, whose VM does not come
#       back (crash, timeout) or whose run prints no MMSCOPE-RESULT line counts as 1 failure.
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
# builds it first when its cache lacks it; in a full run only as MMSCOPE_DEBUG_KERNEL says;
# its console is checked for the checkers' reports too; a passing run of it records itself
# in docs/debug-kernel-run.txt). Build directories: /var/tmp/mmscope-build/<release>/ for the host
# kernels, $MMS_SID/mmscope-build/ for sid; each is a fresh copy of the source tree (tracked
# and untracked-but-not-ignored files) unless --incremental.
#
# Environment:
#   MMSCOPE_LOGDIR       logs (default /var/tmp/mmscope-logs): <k>-build.log, <k>-test.log
#                        (guest output), <k>-console.log (kernel console), summary.txt
#   MMSCOPE_VM_TIMEOUT   host-side limit per VM, timeout(1) syntax (default 45m: the suite takes
#                        12-25 min per kernel under TCG, load_test alone ~9 min)
#   MMSCOPE_VM_TIMEOUT_DEBUG  the same for the debug kernel (default 150m: its whole suite
#                        took 72 min under KASAN+TCG on an otherwise idle host)
#   MMSCOPE_DEBUG_KERNEL auto (default), always or never: with auto a full run also tests
#                        the debug kernel when docs/debug-kernel-run.txt records no passing
#                        run for the current debug inputs (scripts/debug-kernel.sh --inputs):
#                        a build (25-60 min on 2 cores) plus its suite under KASAN+TCG does
#                        not fit CI's 90 minutes next to the three kernels, so a change to
#                        those inputs comes with `make test-debug` and the updated record.
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
CHROOT_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

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
while [ $# -gt 0 ]; do
	case $1 in
	--kernels|--kernel) [ $# -ge 2 ] || usage; kernels=$2; shift 2 ;;
	--kernels=*|--kernel=*) kernels=${1#*=}; shift ;;
	--no-deps) skip_deps=1; shift ;;
	--incremental) incremental=1; shift ;;
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
full_run=0
if [ "$kernels" = all ]; then
	kernels=$ALL_KERNELS full_run=1
	# The debug kernel joins a full run when no passing run of it is recorded for the current
	# debug inputs (docs/debug-kernel-run.txt, written by a passing debug run).
	case ${MMSCOPE_DEBUG_KERNEL:-auto} in
	always) kernels+=" debug" ;;
	never) ;;
	*) "$here/debug-kernel.sh" --stamp-ok || kernels+=" debug" ;;
	esac
fi
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

# kernel_info NAME: set K_* for one kernel (after deps.sh). Fails if it is not installed.
kernel_info() {
	K_NAME=$1 K_ROOT='' K_REL=''
	case $1 in
	6.1) K_REL=$(k61) ;;
	6.12) K_REL=$(k612) ;;
	sid) K_REL=$(ksid); K_ROOT=$MMS_SID ;;
	debug) K_KDIR=$("$here/debug-kernel.sh" --dir) &&
		K_REL=$(cat "$K_KDIR/include/config/kernel.release") || K_REL= ;;
	esac
	[ "$1" = debug ] || K_KDIR=/lib/modules/$K_REL/build
	if [ -n "$K_ROOT" ]; then
		K_VMLINUZ=$K_ROOT/boot/vmlinuz-$K_REL
		K_BUILD=$K_ROOT$SID_BUILD_IN
		K_GUEST=$SID_BUILD_IN
	else
		K_VMLINUZ=/boot/vmlinuz-$K_REL
		[ "$1" != debug ] || K_VMLINUZ=$K_KDIR/arch/x86/boot/bzImage
		K_BUILD=$BUILDROOT/$K_REL
		K_GUEST=$K_BUILD
	fi
	[ -n "$K_REL" ] && [ -f "$K_VMLINUZ" ] && [ -e "$K_ROOT$K_KDIR/Makefile" ]
}

# --- build -------------------------------------------------------------------------------
MMS_VERSION=$(git -C "$MMS_TOP" describe --always --dirty 2>/dev/null || cat "$MMS_TOP/VERSION")

# copy_tree DEST: the source tree without .git and build outputs.
copy_tree() {
	local dest=$1 list=$WORK/files
	[ "$incremental" = 1 ] || rm -rf "$dest"
	mkdir -p "$dest"
	if git -C "$MMS_TOP" ls-files -z --cached --others --exclude-standard >"$list" 2>/dev/null
	then
		# Tracked files deleted in the work tree are still listed: skip them.
		rsync -a --from0 --files-from="$list" --ignore-missing-args "$MMS_TOP/" "$dest/"
	else
		rsync -a --exclude=.git --exclude='*.o' --exclude='*.ko' --exclude='*.mod' \
			--exclude='*.mod.c' --exclude='*.cmd' --exclude='*.a' --exclude='.*.d' \
			--exclude=modules.order --exclude=Module.symvers --exclude=.tmp_versions \
			--exclude=.lint.log --exclude=/build/ --exclude=/tools/mmscope \
			--exclude='/selftests/*_test' "$MMS_TOP/" "$dest/"
	fi
}

# in_chroot CMD...: run CMD in the sid chroot with /proc and (read-only, at the same path)
# the kernel tools in $MMS_KSRC mounted in a private mount namespace: the mounts vanish with
# the namespace, whatever happens to the build, and never show on the host.
in_chroot() {
	# shellcheck disable=SC2016 # expanded by the inner sh
	unshare --mount --propagation private -- sh -c '
		root=$1 ksrc=$2; shift 2
		mount -t proc proc "$root/proc" || exit 1
		if [ -d "$ksrc" ]; then
			mkdir -p "$root$ksrc" &&
			mount --bind "$ksrc" "$root$ksrc" &&
			mount -o remount,bind,ro "$root$ksrc" || exit 1
		fi
		exec chroot "$root" "$@"' sh "$MMS_SID" "$MMS_KSRC" \
		/usr/bin/env -i PATH="$CHROOT_PATH" HOME=/root LC_ALL=C TERM=dumb "$@"
}

# kmake LOG TARGETS...: make TARGETS in the current kernel's build directory, into LOG.
kmake() {
	local log=$1 kdir=$K_KDIR
	shift
	fault build && kdir=/nonexistent/injected-fault
	local mk=(make -C "$K_BUILD" -j"$JOBS" KDIR="$kdir" MMSCOPE_VERSION="$MMS_VERSION" "$@")
	echo "# $K_NAME ($K_REL): ${mk[*]}${K_ROOT:+ (in the chroot $K_ROOT)}" >>"$log"
	if [ -n "$K_ROOT" ]; then
		mk[2]=$SID_BUILD_IN
		in_chroot "${mk[@]}" >>"$log" 2>&1
	else
		"${mk[@]}" >>"$log" 2>&1
	fi
}

# lock_build: one run at a time per build directory (build and boot read it).
lock_build() {
	mkdir -p "$(dirname "$K_BUILD")"
	exec {lock_fd}>"$K_BUILD.lock"
	if ! flock -n "$lock_fd"; then
		log "$K_BUILD is in use by another vm.sh run: waiting"
		local t0
		t0=$(now)
		flock "$lock_fd"
		timing "lock wait $K_NAME" $(( $(now) - t0 ))
	fi
}
unlock_build() { exec {lock_fd}>&-; }

# build TARGETS...: copy the tree and build; on failure print the log's tail.
build() {
	local log=$LOGDIR/$K_NAME-build.log
	: >"$log"
	if ! copy_tree "$K_BUILD" >>"$log" 2>&1; then
		log "copying the tree to $K_BUILD failed: $(tail -n 3 "$log")"
		return 1
	fi
	log "building $* for $K_NAME ($K_REL) in $K_BUILD"
	if ! kmake "$log" "$@"; then
		log "build for $K_NAME failed; last lines of $log:"
		tail -n 40 "$log" | sed 's/^/    /' >&2
		return 1
	fi
}

# --- VMs ---------------------------------------------------------------------------------
# virtme-init mounts tmpfs over the guest's /var/tmp and /var/cache (and /var/log...), hiding
# the host's build directories and kernel tools there: share those again, read-only, at the
# same paths (--rodir mounts come after the tmpfs ones).
vng_args() {
	VNG=(vng --disable-kvm --memory "$VM_MEMORY" --cpus "$VM_CPUS" -r "$K_VMLINUZ")
	if [ -n "$K_ROOT" ]; then
		VNG+=(--root "$K_ROOT")
	else
		VNG+=(--rodir "$K_GUEST=$K_BUILD")
	fi
	[ ! -d "$MMS_KSRC" ] || VNG+=(--rodir "$MMS_KSRC=$MMS_KSRC")
	# Page poisoning is built in but off unless asked for on the command line.
	[ "$K_NAME" != debug ] || VNG+=(--append page_poison=1)
}

vm_timeout() { if [ "$K_NAME" = debug ]; then echo "$VM_TIMEOUT_DEBUG"; else echo "$VM_TIMEOUT"; fi; }

# vm_slot_take / vm_slot_drop: at most VM_SLOTS guests at once on this machine.
vm_slot_take() {
	local i waited=0 t0
	t0=$(now)
	while :; do
		for ((i = 0; i < VM_SLOTS; i++)); do
			exec {slot_fd}>"/run/lock/mmscope-vm-slot.$i"
			if flock -n "$slot_fd"; then
				[ "$waited" = 0 ] || timing "vm slot wait" $(( $(now) - t0 ))
				return 0
			fi
			exec {slot_fd}>&-
		done
		[ "$waited" = 1 ] || log "$VM_SLOTS VMs are running already: waiting for one to end"
		waited=1
		sleep 5
	done
}
vm_slot_drop() { exec {slot_fd}>&-; }

# run_vm OUT CONSOLE GUESTCMD: boot the current kernel, run GUESTCMD; its output goes to OUT
# and to the terminal, the kernel console to CONSOLE. Sets VM_RC (124: timed out).
# QEMU reopens its stdout/stderr by path (/proc/self/fd/N): they must be pipes, not files.
run_vm() {
	local out=$1 con=$2 gcmd=$3 tee_pid cat_pid
	vng_args
	vm_slot_take
	rm -f "$WORK/out" "$WORK/con"
	mkfifo "$WORK/out" "$WORK/con"
	tee "$out" <"$WORK/out" &
	tee_pid=$!
	cat <"$WORK/con" >"$con" &
	cat_pid=$!
	# timeout(1) runs vng in a process group of its own and signals all of it (vng,
	# virtme-run, qemu) on expiry or when we kill it. vng's temporary files go to $WORK.
	TMPDIR=$WORK timeout --kill-after=30 "$(vm_timeout)" "${VNG[@]}" --verbose --exec "$gcmd" \
		</dev/null >"$WORK/out" 2>"$WORK/con" &
	VM_PID=$!
	VM_RC=0
	wait "$VM_PID" || VM_RC=$?
	VM_PID=
	vm_slot_drop
	wait "$tee_pid" "$cat_pid" || true
}

# Taint flags, bit by bit; O (out-of-tree) and E (unsigned) are expected from our module.
TAINT_LETTERS=PFSRMBUDAWCIOELKXTNJ
taint_letters() {
	local v=$1 i s=
	for ((i = 0; i < ${#TAINT_LETTERS}; i++)); do
		if (( v >> i & 1 )); then s+=${TAINT_LETTERS:i:1}; fi
	done
	echo "$s"
}

console_tail() { # print the kernel console's interesting part after a failure
	local con=$1
	if grep -qaE 'BUG:|WARNING:|Oops|Kernel panic|general protection|Call Trace' "$con"; then
		log "kernel console ($con), from the first report:"
		local n
		n=$(grep -naE 'BUG:|WARNING:|Oops|Kernel panic|general protection|Call Trace' \
			"$con" | head -n 1 | cut -d: -f1) || true
		tail -n +"${n:-1}" "$con" | head -n 60 | sed 's/^/    /' >&2 || true
	else
		log "last lines of the kernel console ($con):"
		tail -n 20 "$con" | sed 's/^/    /' >&2
	fi
}

# --- test --------------------------------------------------------------------------------
# What the debug kernel's checkers print (KASAN, lockdep and RCU-lockdep, atomic sleep,
# DEBUG_VM and page poisoning, the hung-task detector); kmemleak only reports when asked
# (debug_kernel_test.sh).
DEBUG_REPORTS='BUG: KASAN|possible circular locking|WARNING: possible|inconsistent lock state|suspicious RCU usage|bad unlock balance|held lock freed|sleeping function called from invalid context|scheduling while atomic|BUG: Bad page|VM_BUG_ON|pagealloc: memory corruption|blocked for more than [0-9]+ seconds'
declare -A R_REL R_PASS R_FAIL R_SKIP R_BUILD R_BOOT R_NOTE

# test_kernel NAME: build, boot, run the selftests; record the results.
test_kernel() {
	local name=$1 t0 out con gcmd line rc taint bad
	R_REL[$name]='?' R_PASS[$name]=0 R_FAIL[$name]=0 R_SKIP[$name]=0
	R_BUILD[$name]=- R_BOOT[$name]=- R_NOTE[$name]=
	printf '\n===== %s =====\n' "$name"
	if [ "$name" = debug ] && ! "$here/debug-kernel.sh" --dir >/dev/null; then
		t0=$(now)
		log "building the debug kernel (scripts/debug-kernel.sh)"
		if ! "$here/debug-kernel.sh"; then
			R_FAIL[$name]=1 R_NOTE[$name]="debug kernel build failed (scripts/debug-kernel.sh)"
			return
		fi
		timing "debug kernel" $(( $(now) - t0 ))
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
	gcmd="exec 2>&1; cd '$K_GUEST' || exit 125; export MMSCOPE_KERNEL=$name MMSCOPE_TESTS='${MMSCOPE_TESTS:-}'; $gcmd; rc=\$?;
echo \"MMSCOPE-TAINT \$(cat /proc/sys/kernel/tainted)\"; exit \$rc"
	log "booting $name ($K_REL) under TCG: selftests/run.sh (limit $(vm_timeout))"
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
	rc=$VM_RC

	line=$(tr -d '\r' <"$out" |
		grep -ao 'MMSCOPE-RESULT pass=[0-9]* fail=[0-9]* skip=[0-9]*' | tail -n 1) || true
	if [ -z "$line" ]; then
		R_FAIL[$name]=1
		case $rc in
		124|137) R_NOTE[$name]="VM timed out after $(vm_timeout), no MMSCOPE-RESULT" ;;
		255) R_NOTE[$name]="guest crashed (kernel panic or VM died), no MMSCOPE-RESULT" ;;
		*) R_NOTE[$name]="no MMSCOPE-RESULT line (guest exit $rc)" ;;
		esac
		log "$name: ${R_NOTE[$name]}"
		console_tail "$con"
		return
	fi
	# shellcheck disable=SC2086 # "MMSCOPE-RESULT pass P fail F skip S"
	set -- ${line//=/ }
	R_PASS[$name]=$3 R_FAIL[$name]=$5 R_SKIP[$name]=$7
	local notes=()
	if [ $(( $3 + $5 + $7 )) = 0 ]; then
		R_FAIL[$name]=$(( R_FAIL[$name] + 1 ))
		notes+=("no test ran")
	fi
	case $rc in
	124|137)
		R_FAIL[$name]=$(( R_FAIL[$name] + 1 ))
		notes+=("VM did not power off within $(vm_timeout) after the tests")
		console_tail "$con" ;;
	255)
		R_FAIL[$name]=$(( R_FAIL[$name] + 1 ))
		notes+=("guest crashed after the tests")
		console_tail "$con" ;;
	0) ;;
	*)
		if [ "$5" = 0 ]; then
			R_FAIL[$name]=$(( R_FAIL[$name] + 1 ))
			notes+=("run.sh exited $rc without reporting a failure")
		fi ;;
	esac
	taint=$(tr -d '\r' <"$out" | sed -n 's/^MMSCOPE-TAINT \([0-9]*\)$/\1/p' | tail -n 1)
	bad=$(( ${taint:-0} & ~(1 << 12 | 1 << 13) ))
	if [ -z "$taint" ]; then
		notes+=("taint not reported")
	elif [ "$bad" != 0 ]; then
		R_FAIL[$name]=$(( R_FAIL[$name] + 1 ))
		notes+=("kernel tainted $(taint_letters "$taint") (see $con)")
		console_tail "$con"
	fi
	# The debug kernel's checkers, over the whole console: debug_kernel_test.sh covers the
	# tests (one case per checker), this also boot, the unloads and the powering off.
	if [ "$name" = debug ] && grep -qaE "$DEBUG_REPORTS" "$con"; then
		R_FAIL[$name]=$(( R_FAIL[$name] + 1 ))
		notes+=("debug checkers reported on the console: $(grep -aoE "$DEBUG_REPORTS" "$con" |
			sort | uniq -c | awk '{c = $1; $1 = ""; printf "%s%s x%d", s, $0, c; s = ","}')")
		grep -naE "$DEBUG_REPORTS" "$con" | head -n 10 | sed 's/^/    /' >&2
	fi
	if [ "${R_FAIL[$name]}" != 0 ] && [ "$5" != 0 ]; then
		log "$name: failed test cases:"
		tr -d '\r' <"$out" | grep -aE '^[[:space:]#]*not ok ' | head -n 30 |
			sed 's/^/    /' >&2 || true
	fi
	local note
	for note in "${notes[@]}"; do
		R_NOTE[$name]+="${R_NOTE[$name]:+; }$note"
	done
}

# debug_stamp INPUTS: record a passing debug kernel run (CI skips the debug kernel while the
# inputs stay the same). INPUTS is the hash taken when the run began.
debug_stamp() {
	local f=$MMS_TOP/docs/debug-kernel-run.txt
	{
		echo "# The last passing selftest run on the debug kernel, written by scripts/vm.sh."
		echo "# A full scripts/vm.sh test (CI) tests the debug kernel too unless 'inputs' is"
		echo "# scripts/debug-kernel.sh --inputs of the tree. Commit this file with the code."
		echo "inputs $1"
		echo "kernel ${R_REL[debug]}"
		echo "result ${R_PASS[debug]} passed, ${R_FAIL[debug]} failed, ${R_SKIP[debug]} skipped"
		echo "tree $MMS_VERSION"
		echo "date $(date -u +%Y-%m-%dT%H:%M:%SZ)"
		echo "seconds ${R_BOOT[debug]} boot+test on $(nproc) cpus"
	} >"$f.tmp" && mv "$f.tmp" "$f" && log "recorded the passing debug kernel run in $f"
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

	{
		printf '\n===== results =====\n'
		printf '%-5s %-24s %5s %5s %5s %7s %10s  %s\n' \
			kernel release pass fail skip build boot+test notes
		for k in $kernels; do
			printf '%-5s %-24s %5s %5s %5s %7s %10s  %s\n' "$k" "${R_REL[$k]}" \
				"${R_PASS[$k]}" "${R_FAIL[$k]}" "${R_SKIP[$k]}" "$(secs "${R_BUILD[$k]}")" \
				"$(secs "${R_BOOT[$k]}")" "${R_NOTE[$k]:-}"
		done
		if [ "$full_run" = 1 ]; then
			printf '%-5s %-24s %5s %5s %5s  %s\n' host "install, dkms" "$host_p" "$host_f" 0 \
				"scripts/dkms-check.sh: $LOGDIR/host-dkms.log"
		fi
		printf '\ntimings (s):\n'
		for k in "${TIMINGS[@]}"; do
			printf '  %-18s %5s\n' "${k%%|*}" "${k#*|}"
		done
		printf 'logs: %s\n' "$LOGDIR"
		printf '%s skipped\n' "$total_s"
		printf '%s passed, %s failed\n' "$total_p" "$total_f"
	} | tee "$LOGDIR/summary.txt"
	# Only the whole suite vouches for the inputs: a run of chosen programs records nothing.
	if [ -n "$dbg_inputs" ] && [ "${R_FAIL[debug]}" = 0 ] && [ "${R_PASS[debug]}" != 0 ]; then
		if [ -z "${MMSCOPE_TESTS:-}" ]; then
			debug_stamp "$dbg_inputs"
		else
			log "MMSCOPE_TESTS chose programs: the debug kernel run is not recorded"
		fi
	fi
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
