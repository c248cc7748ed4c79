#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Generate the family's uapi header and kernel policy from uapi/mmscope.yaml with the kernel's
# own ynl-gen-c.py (from linux-source-6.12, see ksrc.sh).
#   ynl-gen.sh write   regenerate the committed files
#   ynl-gen.sh check   fail if the committed files differ from what the spec generates
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

mode=${1:-check}
gen="$MMS_KSRC/tools/net/ynl/ynl-gen-c.py"
[ -f "$gen" ] || die "ynl-gen-c.py not found in $MMS_KSRC (run scripts/deps.sh)"
py=/usr/bin/python3

# ynl-gen-c.py wants the schema two directories above the spec and a kernel-like root (a
# MAINTAINERS file above the spec): stage the spec in such a tree.
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
# Staged as <stage>/uapi/mmscope.yaml so that the banners name the spec by its real path.
mkdir -p "$stage/uapi" "$stage/out"
touch "$stage/MAINTAINERS"
cp "$MMS_KSRC"/Documentation/netlink/genetlink*.yaml "$stage/"
cp "$MMS_TOP/uapi/mmscope.yaml" "$stage/uapi/"
spec="$stage/uapi/mmscope.yaml"

(cd "$stage" &&
 $py "$gen" --spec "$spec" --mode uapi --header -o out/mmscope.h &&
 $py "$gen" --spec "$spec" --mode kernel --header -o out/netlink-gen.h &&
 $py "$gen" --spec "$spec" --mode kernel --source -o out/netlink-gen.c) >/dev/null ||
	die "ynl-gen-c.py failed on uapi/mmscope.yaml"

# The generated kernel files include the uapi header by its installed name.
declare -A dest=(
	[mmscope.h]=uapi/linux/mmscope.h
	[netlink-gen.h]=module/netlink-gen.h
	[netlink-gen.c]=module/netlink-gen.c
)
rc=0
for f in "${!dest[@]}"; do
	case $mode in
	write) cp "$stage/out/$f" "$MMS_TOP/${dest[$f]}" ;;
	check)
		if ! diff -u "$MMS_TOP/${dest[$f]}" "$stage/out/$f"; then
			log "${dest[$f]} does not match uapi/mmscope.yaml (run: make ynl-gen)"
			rc=1
		fi ;;
	*) die "usage: $0 write|check" ;;
	esac
done
[ $rc = 0 ] && [ "$mode" = check ] && log "uapi header and kernel policy match the YNL spec"
exit $rc
