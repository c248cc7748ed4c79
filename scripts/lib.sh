# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Shared helpers for mmscope's scripts (sourced, not run).

MMS_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# Kernel tools extracted from linux-source-6.12 (checkpatch, kselftest headers, ynl).
MMS_KSRC=${MMS_KSRC:-/var/cache/mmscope/ksrc}
# The sid chroot that carries the newest kernel and a userspace to test it in.
MMS_SID=${MMS_SID:-/var/cache/mmscope/sid-root}

log() { printf '[mmscope] %s\n' "$*" >&2; }
die() { printf '[mmscope] error: %s\n' "$*" >&2; exit 1; }

need_root() {
	[ "$(id -u)" = 0 ] || die "this step installs packages: run it as root (sudo $0)"
}

# write_if_changed FILE < content: avoid touching files (and apt state) needlessly.
write_if_changed() {
	local tmp
	tmp=$(mktemp)
	cat > "$tmp"
	if ! cmp -s "$tmp" "$1" 2>/dev/null; then
		install -D -m 0644 "$tmp" "$1"
	fi
	rm -f "$tmp"
}

# Newest installed Debian kernel release matching a glob, e.g. '6.1.0-*-amd64'.
newest_release() {
	local d best=()
	for d in /usr/src/linux-headers-$1; do
		[ -d "$d" ] || continue
		best+=("${d#/usr/src/linux-headers-}")
	done
	printf '%s\n' "${best[@]}" | sort -V | tail -n 1
}

# The three kernels under test: name, release, and where its module is built.
k61()  { newest_release '6.1.0-*-amd64'; }
k612() { newest_release '6.12.*+deb12-amd64'; }
ksid() {
	local d best=()
	for d in "$MMS_SID"/lib/modules/*; do
		[ -d "$d/build" ] || continue
		best+=("${d##*/}")
	done
	printf '%s\n' "${best[@]}" | sort -V | tail -n 1
}

# The 6.1 image comes from bookworm(-security) through the metapackage.
K61=${K61:-$(k61)}
[ -n "$K61" ] || K61=$(apt-cache depends linux-image-amd64 2>/dev/null |
	awk '/Depends: linux-image-6\.1/ {print $2; exit}' | sed 's/^linux-image-//')

# copy_tree DEST: the source tree into DEST (created; files already there stay unless the
# tree has them too), without .git and build outputs: git's tracked and untracked-but-not-
# ignored files, or, outside a git checkout, everything but the usual build outputs.
copy_tree() {
	local dest=$1 list rc=0
	mkdir -p "$dest" || return
	list=$(mktemp) || return
	if git -C "$MMS_TOP" ls-files -z --cached --others --exclude-standard >"$list" 2>/dev/null
	then
		# Tracked files deleted in the work tree are still listed: skip them.
		rsync -a --from0 --files-from="$list" --ignore-missing-args "$MMS_TOP/" "$dest/" || rc=$?
	else
		rsync -a --exclude=.git --exclude='*.o' --exclude='*.ko' --exclude='*.mod' \
			--exclude='*.mod.c' --exclude='*.cmd' --exclude='*.a' --exclude='.*.d' \
			--exclude=modules.order --exclude=Module.symvers --exclude=.tmp_versions \
			--exclude=.lint.log --exclude=/build/ --exclude=/tools/mmscope \
			--exclude='/selftests/*_test' "$MMS_TOP/" "$dest/" || rc=$?
	fi
	rm -f "$list"
	return "$rc"
}

# in_chroot CMD...: run CMD in the sid chroot ($MMS_SID) with a clean environment, /proc
# and (read-only, at the same path) the kernel tools in $MMS_KSRC mounted in a private mount
# namespace: the mounts vanish with the namespace, whatever happens to CMD, and never show
# on the host. Needs root.
CHROOT_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
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
