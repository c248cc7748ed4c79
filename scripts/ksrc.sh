#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Extract the kernel tools mmscope uses from Debian's linux-source-6.12 tarball:
# checkpatch.pl (lint), kselftest.h/kselftest_harness.h (selftests) and tools/net/ynl
# (spec checks, the ynl CLI). Nothing of these is copied into the project.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

tarball=$(ls /usr/src/linux-source-6.12.tar.xz 2>/dev/null || true)
[ -n "$tarball" ] || die "linux-source-6.12 is not installed (run scripts/deps.sh)"
stamp="$MMS_KSRC/.stamp"
if [ -f "$stamp" ] && [ "$stamp" -nt "$tarball" ]; then
	exit 0
fi
log "extracting kernel tools from $tarball"
rm -rf "$MMS_KSRC.tmp"
mkdir -p "$MMS_KSRC.tmp"
tar -xJf "$tarball" -C "$MMS_KSRC.tmp" --strip-components=1 --wildcards \
	'*/scripts/checkpatch.pl' '*/scripts/spelling.txt' '*/scripts/const_structs.checkpatch' \
	'*/tools/testing/selftests/kselftest.h' '*/tools/testing/selftests/kselftest_harness.h' \
	'*/tools/net/ynl/*' '*/Documentation/netlink/*' '*/MAINTAINERS'
rm -rf "$MMS_KSRC"
mv "$MMS_KSRC.tmp" "$MMS_KSRC"
touch "$stamp"
