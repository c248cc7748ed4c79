#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Install everything mmscope needs to build, lint and test on a Debian bookworm host:
# APT suites and pins, the 6.1 and 6.12 kernels and headers, qemu, virtme-ng, libnl, libbpf,
# clang, sparse, the kernel tools from linux-source-6.12 and the sid chroot with its kernel.
# Idempotent: each step is skipped when its result is already there.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

need_root

# --- APT suites and pins -----------------------------------------------------------------
# The extra suites are pinned low so that nothing on the host is upgraded behind our back;
# packages from them are always asked for by name (pkg/suite).
write_if_changed /etc/apt/sources.list.d/mmscope.sources <<'SRC'
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm-backports trixie sid
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
write_if_changed /etc/apt/preferences.d/mmscope <<'PIN'
Package: *
Pin: release n=trixie
Pin-Priority: 100

Package: *
Pin: release n=sid
Pin-Priority: 90

Package: *
Pin: release n=bookworm-backports
Pin-Priority: 100
PIN
write_if_changed /etc/apt/apt.conf.d/80mmscope <<'CONF'
Acquire::Check-Valid-Until "false";
APT::Install-Recommends "false";
CONF

apt_updated=
apt_update() {
	[ -n "$apt_updated" ] && return 0
	log "apt-get update"
	apt-get update -qq || apt-get update
	apt_updated=1
}

# Resolve the newest +deb12 6.12 ABI (bookworm's 6.12, from bookworm-backports or, for newer
# point releases, bookworm-security; not trixie's +deb13 builds).
k612_abi() {
	apt-cache search --names-only '^linux-image-6\.12\.[0-9.+~a-z-]*deb12-amd64$' 2>/dev/null |
		awk '{print $1}' | grep -v -- '-dbg$\|-unsigned$' |
		sed 's/^linux-image-//' | sort -V | tail -n 1
}

host_pkgs=(
	# bc bison flex libelf-dev libssl-dev dwarves (pahole: BTF) cpio: kernel builds too
	# (scripts/debug-kernel.sh, from linux-source-6.12 below)
	build-essential make gcc bc bison flex libelf-dev libssl-dev dwarves kmod cpio
	pkg-config libnl-3-dev libnl-genl-3-dev libbpf-dev bpftool clang llvm
	sparse qemu-system-x86 qemu-utils busybox-static debootstrap rsync xz-utils
	python3 python3-yaml python3-jsonschema
	dkms			# scripts/dkms-check.sh
	prometheus		# promtool: selftests/export_test.sh
	procps sysstat		# free, sar -r: selftests/mem_test.sh
	shellcheck		# scripts/lint.sh --shell (make lint-shell)
	"linux-image-$K61" "linux-headers-$K61"
)

missing=()
for p in "${host_pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	apt_update
	log "installing: ${missing[*]}"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi

if ! ls /boot/vmlinuz-6.12.*+deb12-amd64 >/dev/null 2>&1 ||
   ! ls -d /usr/src/linux-headers-6.12.*+deb12-amd64 >/dev/null 2>&1; then
	apt_update
	abi=$(k612_abi)
	[ -n "$abi" ] || die "no 6.12 +deb12 kernel found in bookworm-backports"
	log "installing 6.12 kernel $abi"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		"linux-image-$abi" "linux-headers-$abi"
fi

if ! command -v vng >/dev/null 2>&1; then
	apt_update
	log "installing virtme-ng from trixie"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq virtme-ng/trixie
fi

if [ ! -f /usr/src/linux-source-6.12.tar.xz ]; then
	apt_update
	log "installing linux-source-6.12"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq linux-source-6.12
fi

# --- kernel tools we use but do not ship: checkpatch, kselftest headers, ynl ---------------
"$here/ksrc.sh"

# --- the sid chroot: newest kernel, its headers and a userspace to run the tests ----------
if [ "${MMSCOPE_NO_SID:-0}" != 1 ]; then
	"$here/sid-root.sh"
fi
log "dependencies ready"
