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
#   scripts/debug-kernel.sh --inputs  print the hash of what a debug run vouches for: the
#                                     fragment, this script, the checker test and the module's
#                                     locking code (see inputs_hash)
#   scripts/debug-kernel.sh --stamp-ok   exit 0 when $STAMP records a passing run with the
#                                     current inputs (CI then skips the debug kernel)
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

STAMP=$MMS_TOP/docs/debug-kernel-run.txt

# The module's locking code: every file under module/ that takes or drops a lock, a task or
# mm reference, or disables preemption or interrupts. Found by this pattern, so a new file
# with locking joins by itself; a rename or new helper outside it does not change the hash.
# mmap_lock covers the mms_mmap_lock() wrapper (module/stats.h) and the files that call it.
LOCKING_RE='spin_lock|spin_unlock|mutex_lock|mutex_unlock|rcu_read_lock|rcu_read_unlock|mmap_lock|mmap_unlock|mmap_read|mmap_write|down_read|up_read|lock_vma|irqsave|irqrestore|local_irq|preempt_disable|get_task_mm|mmget|mmput|put_task_struct|get_task_struct|folio_lock|lock_page|xa_lock|seqcount|read_seqbegin'

# inputs_hash: one hash over the names and contents of the files a debug run vouches for.
inputs_hash() {
	local files f
	files=$(cd "$MMS_TOP" && {
		echo scripts/debug-kernel.config
		echo scripts/debug-kernel.sh
		echo selftests/debug_kernel_test.sh
		find module -type f \( -name '*.c' -o -name '*.h' \) -print0 |
			xargs -0 grep -lE "$LOCKING_RE"
	} | LC_ALL=C sort -u)
	for f in $files; do
		printf '%s %s\n' "$(sha256sum <"$MMS_TOP/$f" | cut -d' ' -f1)" "$f"
	done | sha256sum | cut -c1-16
}

built() { [ -f "$TOP/done" ] && [ -f "$OUT/arch/x86/boot/bzImage" ] && [ -f "$OUT/Module.symvers" ]; }

case ${1:-} in
--dir) built && echo "$OUT" && exit 0; exit 1 ;;
--key) echo "$KEY"; exit 0 ;;
--inputs) inputs_hash; exit 0 ;;
--inputs-files)
	cd "$MMS_TOP" && find module -type f \( -name '*.c' -o -name '*.h' \) -print0 |
		xargs -0 grep -lE "$LOCKING_RE" | LC_ALL=C sort; exit 0 ;;
--stamp-ok)
	h=$(inputs_hash)
	grep -qx "inputs $h" "$STAMP" 2>/dev/null && grep -q '^result .* 0 failed' "$STAMP" || exit 1
	exit 0 ;;
'') ;;
*) die "usage: $0 [--dir|--key|--inputs|--inputs-files|--stamp-ok]" ;;
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
# Every fragment line overrides tinyconfig's value: kconfig says so per line, needlessly.
if ! "${KMAKE[@]}" -s olddefconfig >"$TOP/config.log" 2>&1; then
	cat "$TOP/config.log" >&2
	die "make olddefconfig failed"
fi

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

# modules: Module.symvers, which external modules link against (the fragment builds
# everything in, so this is modpost and the odd default =m driver).
log "building bzImage, modules and modules_prepare in $OUT (nice, -j$(nproc)); log: $TOP/build.log"
TIMEFORMAT='%0R s, CPU %0U s user + %0S s system'
cpu=$( { time "${KMAKE[@]}" bzImage modules modules_prepare >"$TOP/build.log" 2>&1; } 2>&1) || {
	tail -n 40 "$TOP/build.log" >&2
	die "debug kernel build failed (full log: $TOP/build.log)"
}
t1=$(date +%s)
echo "$(cat "$OUT/include/config/kernel.release") built in $((t1 - t0)) s on $(nproc) CPUs" \
	"(make: $cpu)" >"$TOP/done"
log "debug kernel: $(cat "$TOP/done")"

# Older keys are stale builds (another fragment or source version): reclaim their space.
for d in "$CACHE"/*/; do
	d=${d%/}
	[ "$d" = "$TOP" ] || { log "removing stale debug kernel $d"; rm -rf "$d"; }
done
