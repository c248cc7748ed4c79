#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build mmscope-dkms_VERSION_all.deb from the tracked tree with dpkg-deb alone (this dkms has
# no mkdeb and debhelper is not needed): the source under /usr/src/mmscope-VERSION, and
# maintainer scripts that hand it to dkms, which builds it for every kernel with headers
# now and again on each kernel upgrade.
#
#	scripts/mkdeb.sh [OUTDIR]	(default: the current directory)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

out=$(cd "${1:-.}" && pwd)
version=$(cat "$MMS_TOP/VERSION")
pkg=mmscope-dkms
root=$(mktemp -d /tmp/mmscope-deb.XXXXXX)
trap 'rm -rf "$root"' EXIT

mkdir -p "$root/DEBIAN" "$root/usr/src/mmscope-$version"
# the module's sources only: what dkms.conf's MAKE builds
(cd "$MMS_TOP" && git ls-files -z Kbuild Makefile VERSION dkms.conf module uapi |
	rsync -a --from0 --files-from=- ./ "$root/usr/src/mmscope-$version/")

cat > "$root/DEBIAN/control" <<CTRL
Package: $pkg
Version: $version
Architecture: all
Maintainer: The mmscope authors <mmscope@localhost>
Depends: dkms (>= 2.1), make, gcc
Section: kernel
Priority: optional
Description: mmscope kernel module (DKMS)
 mmscope shows the kernel's memory-management structures (zones, buddy free
 lists, slab caches, a process's VMAs and page tables) through debugfs and a
 generic netlink family. This package builds the module with DKMS for every
 installed kernel that has headers.
CTRL

cat > "$root/DEBIAN/postinst" <<POST
#!/bin/sh
set -e
if [ "\$1" = configure ]; then
	dkms add -m mmscope -v $version >/dev/null 2>&1 || true
	# every kernel with headers, as dkms autoinstall does on an upgrade
	for k in /lib/modules/*/build; do
		[ -d "\$k" ] || continue
		kver=\${k%/build}
		kver=\${kver#/lib/modules/}
		dkms install -m mmscope -v $version -k "\$kver" ||
			echo "mmscope-dkms: building for \$kver failed (see dkms status)" >&2
	done
	# dkms signed the module with its MOK key; under Secure Boot the kernel loads it only
	# once that key is enrolled (docs/secure-boot.md).
	cert=/var/lib/dkms/mok.pub
	if command -v mokutil >/dev/null 2>&1 && mokutil --sb-state 2>/dev/null | grep -q enabled &&
	   [ -f "\$cert" ] && ! mokutil --test-key "\$cert" 2>/dev/null | grep -q 'already enrolled'; then
		cat >&2 <<MSG
mmscope-dkms: Secure Boot is on and the key dkms signs modules with is not enrolled yet.
  Enroll it once:  mokutil --import \$cert   (choose a one-time password)
  then reboot, choose "Enroll MOK" in MokManager and enter that password.
  Until then, modprobe mmscope fails with "Key was rejected by service".
MSG
	fi
fi
exit 0
POST

cat > "$root/DEBIAN/prerm" <<PRERM
#!/bin/sh
set -e
if [ "\$1" = remove ] || [ "\$1" = upgrade ] || [ "\$1" = deconfigure ]; then
	dkms remove -m mmscope -v $version --all >/dev/null 2>&1 || true
fi
exit 0
PRERM
chmod 0755 "$root/DEBIAN/postinst" "$root/DEBIAN/prerm"

dpkg-deb --root-owner-group --build "$root" "$out/${pkg}_${version}_all.deb" >/dev/null
log "built $out/${pkg}_${version}_all.deb"
