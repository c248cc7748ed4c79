# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# shellcheck disable=SC2034,SC2154 # K_* are set for vm.sh; LOGDIR, WORK... are vm.sh's
# scripts/vm.sh, part 1 of 3 (sourced): the kernel under test and building for it.
#
#   kernel_info NAME      set K_NAME, K_REL, K_ROOT, K_KDIR, K_VMLINUZ, K_BUILD, K_GUEST
#   lock_build / unlock_build   one vm.sh run at a time per build directory
#   build TARGETS...      a fresh copy of the tree in K_BUILD (unless --incremental), then
#                         make TARGETS there, into $LOGDIR/<k>-build.log
#   kmake LOG TARGETS...  make TARGETS in K_BUILD (in the sid chroot for sid)

MMS_VERSION=$(git -C "$MMS_TOP" describe --always --dirty 2>/dev/null || cat "$MMS_TOP/VERSION")

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
	[ "$incremental" = 1 ] || rm -rf "$K_BUILD"
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
