#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Host-side packaging checks, no VM needed (run as root):
#  1. a staged `make install DESTDIR=... PREFIX=/usr` puts every file where it belongs and
#     `make uninstall` with the same arguments leaves no file behind;
#  2. dkms add, then dkms build for the 6.1 and the 6.12 headers installed on the host, then
#     dkms remove --all: what `dkms autoinstall` does on a kernel upgrade;
#  3. scripts/mkdeb.sh's mmscope-dkms .deb installs (dpkg -i) and builds for both kernels,
#     and dpkg -r removes it from dkms and /usr/src;
#  4. dkms for the newest kernel inside the sid chroot (MMSCOPE_NO_SID=1 skips it).
# Installs Debian's dkms package if it is missing. Exits non-zero on the first failure.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
need_root
cd "$MMS_TOP"

t0=$SECONDS
step_t=$SECONDS
step() { log "$* ($((SECONDS - step_t))s)"; step_t=$SECONDS; }
fail() { die "dkms-check: $*"; }

# signed_by_mok KO: KO carries a module signature made with dkms's MOK certificate.
signed_by_mok() {
	local cert=/var/lib/dkms/mok.pub signer cn
	signer=$(modinfo -F signer "$1" 2>/dev/null)
	[ -n "$signer" ] && [ -f "$cert" ] || return 1
	cn=$(openssl x509 -inform DER -in "$cert" -noout -subject -nameopt multiline |
		sed -n 's/^ *commonName *= *//p')
	[ "$signer" = "$cn" ]
}

K612=$(k612)
if [ -z "$K61" ] || [ ! -d "/lib/modules/$K61/build" ]; then
	fail "no 6.1 headers: run scripts/deps.sh"
fi
if [ -z "$K612" ] || [ ! -d "/lib/modules/$K612/build" ]; then
	fail "no 6.12 headers: run scripts/deps.sh"
fi

if ! command -v dkms >/dev/null 2>&1; then
	log "installing dkms"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dkms || fail "cannot install dkms"
fi

# --- 1. staged install and uninstall -----------------------------------------------------
stage=$(mktemp -d /tmp/mmscope-stage.XXXXXX)
src=
cleanup() {
	rm -rf "$stage"
	if [ -n "$src" ]; then
		dkms remove "mmscope/$version" --all >/dev/null 2>&1 || true
		rm -rf "$src"
	fi
}
trap cleanup EXIT

args=(DESTDIR="$stage" PREFIX=/usr KDIR="/lib/modules/$K612/build")
make -s "${args[@]}" install >/dev/null || fail "make install ${args[*]} failed"
want=(
	"lib/modules/$K612/updates/mmscope.ko"
	usr/sbin/mmscope
	usr/share/man/man8/mmscope.8
	usr/share/bash-completion/completions/mmscope
	usr/include/linux/mmscope.h
	usr/share/ynl/specs/mmscope.yaml
)
for f in "${want[@]}"; do
	# The kernel's modules_install compresses the module when its config asks for it.
	compgen -G "$stage/$f*" >/dev/null || fail "make install did not install /$f"
done
log "staged install:"
(cd "$stage" && find . -type f | sort | sed 's|^\.|    |') >&2
# Nothing but what is listed above: uninstall must know every file.
extra=$(cd "$stage" && { find . -type f | sed 's|^\./||' | grep -v -F "$(printf '%s\n' "${want[@]}")" || true; })
[ -z "$extra" ] || fail "make install put files that are not checked here: $extra"
make -s "${args[@]}" uninstall >/dev/null || fail "make uninstall ${args[*]} failed"
left=$(find "$stage" -type f)
[ -z "$left" ] || fail "make uninstall left files behind: $left"
step "install and uninstall with DESTDIR: ok"

# --- 2. dkms from the tree for both headers -----------------------------------------------
version=$(cat VERSION)
if dkms status -m mmscope -v "$version" | grep -q .; then
	fail "mmscope/$version is already in the dkms tree: dkms remove mmscope/$version --all first"
fi
[ ! -e "/usr/src/mmscope-$version" ] || fail "/usr/src/mmscope-$version exists: remove it first"
src=/usr/src/mmscope-$version
dkms add "$MMS_TOP" >/dev/null || fail "dkms add $MMS_TOP failed"
dkms status -m mmscope -v "$version" | grep -q added || fail "dkms add: mmscope/$version not added"
step "dkms add: ok"
for k in "$K61" "$K612"; do
	if ! dkms build "mmscope/$version" -k "$k" >/dev/null; then
		cat "/var/lib/dkms/mmscope/$version/build/make.log" >&2 2>/dev/null || true
		fail "dkms build -k $k failed"
	fi
	ko=$(compgen -G "/var/lib/dkms/mmscope/$version/$k/*/module/mmscope.ko*" | head -n 1) ||
		fail "dkms build -k $k: no mmscope.ko"
	# Secure Boot: dkms signs with its MOK key (/var/lib/dkms/mok.key, made on first use);
	# the signer must be that certificate's subject (docs/secure-boot.md).
	signed_by_mok "$ko" || fail "dkms build -k $k: mmscope.ko is not signed with the dkms MOK key"
	step "dkms build -k $k: ok, signed by $(modinfo -F signer "$ko")"
done
dkms remove "mmscope/$version" --all >/dev/null || fail "dkms remove --all failed"
! dkms status -m mmscope -v "$version" | grep -q . || fail "dkms remove --all: still in the tree"
rm -rf "$src"
src=
step "dkms remove --all: ok"
# --- 3. the .deb: installs on this bookworm host and builds for its kernels ---------------
debdir=$(mktemp -d /tmp/mmscope-debout.XXXXXX)
"$here/mkdeb.sh" "$debdir" >/dev/null 2>&1 || fail "scripts/mkdeb.sh failed"
deb=$(ls "$debdir"/mmscope-dkms_*_all.deb)
dpkg -i "$deb" >"$debdir/install.log" 2>&1 || { cat "$debdir/install.log" >&2; fail "dpkg -i $deb failed"; }
for k in "$K61" "$K612"; do
	dkms status -m mmscope -v "$version" -k "$k" | grep -q installed ||
		{ dkms status >&2; rm -rf "$debdir"; fail "the .deb did not build the module for $k"; }
done
dpkg -r mmscope-dkms >/dev/null 2>&1 || fail "dpkg -r mmscope-dkms failed"
! dkms status -m mmscope | grep -q . || fail "dpkg -r left mmscope in dkms"
[ ! -e "/usr/src/mmscope-$version" ] || fail "dpkg -r left /usr/src/mmscope-$version"
rm -rf "$debdir"
step "mmscope-dkms .deb: installs, builds for $K61 and $K612, removes: ok"

# --- 4. dkms for the newest kernel, inside the sid chroot (its kbuild needs sid's glibc) --
if [ "${MMSCOPE_NO_SID:-0}" != 1 ] && [ -d "$MMS_SID" ]; then
	ksid=$(ksid)
	[ -n "$ksid" ] || fail "no kernel with headers in the sid chroot"
	[ -x "$MMS_SID/usr/sbin/dkms" ] || fail "no dkms in the sid chroot: run scripts/sid-root.sh"
	rm -rf "$MMS_SID/tmp/mmscope-dkms"
	mkdir -p "$MMS_SID/tmp/mmscope-dkms"
	git ls-files -z | rsync -a --from0 --files-from=- ./ "$MMS_SID/tmp/mmscope-dkms/"
	# a private mount namespace: /proc for the chroot, gone with the command
	# shellcheck disable=SC2016 # $1..$3 are the inner sh's arguments, expanded by it
	if ! unshare --mount sh -ec '
		mount -t proc proc "$1/proc"
		chroot "$1" sh -ec "
			dkms remove mmscope/$2 --all >/dev/null 2>&1 || true
			rm -rf /usr/src/mmscope-$2
			dkms add /tmp/mmscope-dkms >/dev/null
			dkms build mmscope/$2 -k $3 >/dev/null ||
				{ cat /var/lib/dkms/mmscope/$2/build/make.log; exit 1; }
			ls /var/lib/dkms/mmscope/$2/$3/*/module/mmscope.ko* >/dev/null
			dkms remove mmscope/$2 --all >/dev/null
			rm -rf /usr/src/mmscope-$2 /tmp/mmscope-dkms"' sh "$MMS_SID" "$version" "$ksid"; then
		fail "dkms build -k $ksid in the sid chroot failed"
	fi
	step "dkms build -k $ksid (sid chroot): ok"
fi
log "dkms-check: all ok in $((SECONDS - t0))s"
