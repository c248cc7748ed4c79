# SPDX-License-Identifier: GPL-2.0
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
	local d best=
	for d in /usr/src/linux-headers-$1; do
		[ -d "$d" ] || continue
		best="$best ${d#/usr/src/linux-headers-}"
	done
	printf '%s\n' $best | sort -V | tail -n 1
}

# The three kernels under test: name, release, and where its module is built.
k61()  { newest_release '6.1.0-*-amd64'; }
k612() { newest_release '6.12.*+deb12-amd64'; }
ksid() {
	local d best=
	for d in "$MMS_SID"/lib/modules/*; do
		[ -d "$d/build" ] || continue
		best="$best ${d##*/}"
	done
	printf '%s\n' $best | sort -V | tail -n 1
}

# The 6.1 image comes from bookworm(-security) through the metapackage.
K61=${K61:-$(k61)}
[ -n "$K61" ] || K61=$(apt-cache depends linux-image-amd64 2>/dev/null |
	awk '/Depends: linux-image-6\.1/ {print $2; exit}' | sed 's/^linux-image-//')
