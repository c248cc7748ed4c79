#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The mmscope debug kernel: Debian's linux-source-6.12 configured with `make tinyconfig` plus
# scripts/debug-kernel.config (KASAN, lockdep, DEBUG_ATOMIC_SLEEP, DEBUG_VM, DEBUG_PAGEALLOC,
# page poisoning, kmemleak, and what the virtme-ng guest and the tests need), built into
#   /var/cache/mmscope/debug-kernel/<source version>-<fragment hash>/build
# which is then a kernel build tree for external modules (KDIR) with arch/x86/boot/bzImage.
#
#   scripts/debug-kernel.sh           build it unless the cache already holds it
#   scripts/debug-kernel.sh --dir     print the build tree when it is built (exit 1 otherwise)
#   scripts/debug-kernel.sh --key     print the cache key (source version + fragment hash)
#
# A changed fragment or source package gives another key, hence a fresh build; older builds
# are removed once the new one is complete. Every line of the fragment must survive
# `make olddefconfig`: a silently dropped option (KASAN off) fails the build.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

FRAGMENT=$here/debug-kernel.config
CACHE=${MMS_DEBUG_KERNEL_CACHE:-/var/cache/mmscope/debug-kernel}
TARBALL=/usr/src/linux-source-6.12.tar.xz

src_version() {
	dpkg-query -W -f='${Version}' linux-source-6.12 2>/dev/null || echo unknown
}

cache_key() {
	local h
	h=$(sha256sum "$FRAGMENT" | cut -c1-12)
	echo "$(src_version | tr -c 'A-Za-z0-9.+~\n' _)-$h"
}

KEY=$(cache_key)
TOP=$CACHE/$KEY
OUT=$TOP/build

built() { [ -f "$TOP/done" ] && [ -f "$OUT/arch/x86/boot/bzImage" ]; }

case ${1:-} in
--dir) built && echo "$OUT" && exit 0; exit 1 ;;
--key) echo "$KEY"; exit 0 ;;
'') ;;
*) die "usage: $0 [--dir|--key]" ;;
esac

if built; then
	log "debug kernel $(cat "$OUT/include/config/kernel.release") is built: $OUT"
	exit 0
fi

[ -f "$TARBALL" ] || die "$TARBALL missing: run scripts/deps.sh (package linux-source-6.12)"
mkdir -p "$CACHE"
# One build at a time per cache (a CI run and a developer's make test-debug).
exec 9>"$CACHE/.lock"
flock 9
if built; then
	log "debug kernel built meanwhile: $OUT"
	exit 0
fi

t0=$(date +%s)
if [ ! -f "$TOP/src/Makefile" ]; then
	log "extracting $TARBALL into $TOP/src"
	rm -rf "$TOP"
	mkdir -p "$TOP/src"
	tar -xJf "$TARBALL" -C "$TOP/src" --strip-components=1
fi
mkdir -p "$OUT"

KMAKE=(nice -n 10 make -C "$TOP/src" O="$OUT" -j"$(nproc)")

log "configuring: tinyconfig + $FRAGMENT"
"${KMAKE[@]}" -s tinyconfig >/dev/null
# Comments and blank lines are skipped; every option line is appended (last one wins).
grep -E '^(CONFIG_[A-Z0-9_]+=|# CONFIG_[A-Z0-9_]+ is not set)' "$FRAGMENT" >>"$OUT/.config"
"${KMAKE[@]}" -s olddefconfig

lost=0
while IFS= read -r line; do
	if ! grep -qxF -- "$line" "$OUT/.config"; then
		sym=$(sed -E 's/^# (CONFIG_[A-Z0-9_]+) is not set$/\1/; s/=.*//' <<<"$line")
		log "option dropped or changed by olddefconfig: '$line' (now:" \
			"$(grep -E "^$sym=|^# $sym is not set" "$OUT/.config" || echo absent))"
		lost=1
	fi
done < <(grep -E '^(CONFIG_[A-Z0-9_]+=|# CONFIG_[A-Z0-9_]+ is not set)' "$FRAGMENT")
[ "$lost" = 0 ] || die "the debug kernel config lost options of $FRAGMENT: fix the fragment"

log "building bzImage and modules_prepare in $OUT (nice, -j$(nproc)); log: $TOP/build.log"
if ! "${KMAKE[@]}" bzImage modules_prepare >"$TOP/build.log" 2>&1; then
	tail -n 40 "$TOP/build.log" >&2
	die "debug kernel build failed (full log: $TOP/build.log)"
fi
t1=$(date +%s)
echo "$(cat "$OUT/include/config/kernel.release") built in $((t1 - t0)) s on $(nproc) CPUs" \
	>"$TOP/done"
log "debug kernel: $(cat "$TOP/done")"

# Older keys are stale builds (another fragment or source version): reclaim their space.
for d in "$CACHE"/*/; do
	d=${d%/}
	[ "$d" = "$TOP" ] || { log "removing stale debug kernel $d"; rm -rf "$d"; }
done
