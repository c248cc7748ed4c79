# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# shellcheck disable=SC2034,SC2154 # VNG, VM_RC... are set for vm.sh; K_*, WORK... are vm.sh's
# scripts/vm.sh, part 2 of 3 (sourced): booting the kernel under test in a virtme-ng VM
# (QEMU TCG) and reading what came back.
#
#   run_vm OUT CONSOLE GUESTCMD   boot, run GUESTCMD; its output to OUT, the console to
#                                 CONSOLE; VM_RC is the status (124: timed out)
#   console_tail CONSOLE          the interesting part of a console after a failure
#   read_results NAME OUT CONSOLE RC   the MMSCOPE-RESULT line, the taint, the per-program
#                                 times (# time PROG SECONDS) into R_* and P_TIME

# The results per kernel (R_*) and the time of every test program (P_TIME[KERNEL|PROG], the
# programs in PROGS).
declare -A R_REL R_PASS R_FAIL R_SKIP R_BUILD R_BOOT R_NOTE R_STRENGTH P_TIME
declare -a PROGS=()

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

# read_times NAME OUT: selftests/run.sh's "# time PROG SECONDS" lines into P_TIME[NAME|PROG]
# and, in the order first seen, PROGS.
read_times() {
	local name=$1 out=$2 prog secs
	while read -r prog secs; do
		P_TIME[$name|$prog]=$secs
		case " ${PROGS[*]} " in *" $prog "*) ;; *) PROGS+=("$prog") ;; esac
	done < <(tr -d '\r' <"$out" | sed -n 's/^# time \([^ ]*\) \([0-9]*\)$/\1 \2/p')
}

# read_results NAME OUT CONSOLE RC: what the guest reported (RC: its VM_RC) into R_PASS,
# R_FAIL, R_SKIP and R_NOTE of NAME. No MMSCOPE-RESULT line, a crash, a timeout, a taint
# and (debug) a checker's report on the console each count as a failure.
read_results() {
	local name=$1 out=$2 con=$3 rc=$4 line taint bad
	read_times "$name" "$out"
	line=$(tr -d '\r' <"$out" |
		grep -ao 'MMSCOPE-RESULT pass=[0-9]* fail=[0-9]* skip=[0-9]*' | tail -n 1) || true
	if [ -z "$line" ]; then
		R_FAIL[$name]=1
		case $rc in
		124|137) R_NOTE[$name]+="${R_NOTE[$name]:+; }VM timed out after $(vm_timeout), no MMSCOPE-RESULT" ;;
		255) R_NOTE[$name]+="${R_NOTE[$name]:+; }guest crashed (kernel panic or VM died), no MMSCOPE-RESULT" ;;
		*) R_NOTE[$name]+="${R_NOTE[$name]:+; }no MMSCOPE-RESULT line (guest exit $rc)" ;;
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
