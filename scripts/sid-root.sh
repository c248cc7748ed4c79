#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build (or refresh) the sid chroot that carries the newest Debian kernel. The module for that
# kernel is built inside it (its kbuild tools need sid's glibc) and the VM boots with it as the
# root file system, so the CLI and the selftests run on sid's userspace there.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
need_root

# sparse: scripts/lint.sh; python3-yaml, python3-jsonschema: the ynl CLI in the sid VM;
# prometheus: its promtool checks mmscope export's output (selftests/export_test.sh);
# clang, llvm, bpftool: the BPF fault counter of mmscope faults and watch.
pkgs="linux-image-amd64 linux-headers-amd64 gcc make libc6-dev pkg-config kmod procps sysstat
      libnl-3-dev libnl-genl-3-dev libbpf-dev python3 util-linux busybox rsync
      sparse python3-yaml python3-jsonschema dkms prometheus clang llvm bpftool"

chroot_mounts() {
	mountpoint -q "$MMS_SID/proc" || mount -t proc proc "$MMS_SID/proc"
}
chroot_umounts() {
	if mountpoint -q "$MMS_SID/proc"; then
		umount "$MMS_SID/proc" || true
	fi
}

if [ ! -x "$MMS_SID/usr/bin/apt-get" ]; then
	log "debootstrap sid into $MMS_SID"
	rm -rf "$MMS_SID"
	mkdir -p "$(dirname "$MMS_SID")"
	debootstrap --variant=minbase sid "$MMS_SID" http://deb.debian.org/debian >/dev/null ||
		die "debootstrap of sid failed"
fi

# No initramfs: virtme-ng boots the kernel with its own.
mkdir -p "$MMS_SID/etc/initramfs-tools" "$MMS_SID/etc/apt/apt.conf.d"
echo 'update_initramfs=no' > "$MMS_SID/etc/initramfs-tools/update-initramfs.conf"
printf 'Acquire::Check-Valid-Until "false";\nAPT::Install-Recommends "false";\n' \
	> "$MMS_SID/etc/apt/apt.conf.d/80mmscope"
printf '#!/bin/sh\nexit 101\n' > "$MMS_SID/usr/sbin/policy-rc.d"
chmod +x "$MMS_SID/usr/sbin/policy-rc.d"

missing=
for p in $pkgs; do
	# shellcheck disable=SC2016 # ${Status} is dpkg-query's format, not a shell expansion
	chroot "$MMS_SID" dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
		grep -q 'ok installed' || missing="$missing $p"
done
# Refresh at most once a day so CI tests the newest sid kernel without paying for it each run.
stamp="$MMS_SID/var/lib/apt/.mmscope-updated"
if [ -n "$missing" ] || [ -z "$(find "$stamp" -mmin -1440 2>/dev/null)" ]; then
	trap chroot_umounts EXIT
	chroot_mounts
	log "updating the sid chroot${missing:+ (installing$missing)}"
	chroot "$MMS_SID" apt-get update -qq
	# shellcheck disable=SC2086 # $pkgs is a list of package names, one argument each
	DEBIAN_FRONTEND=noninteractive chroot "$MMS_SID" apt-get install -y -qq $pkgs >/dev/null
	DEBIAN_FRONTEND=noninteractive chroot "$MMS_SID" apt-get dist-upgrade -y -qq >/dev/null
	touch "$stamp"
fi
rel=$(ksid)
[ -n "$rel" ] || die "no kernel with headers in the sid chroot"
log "sid kernel: $rel"
