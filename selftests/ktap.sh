# SPDX-License-Identifier: GPL-2.0
# Minimal KTAP helpers for mmscope's shell selftests (sourced).

ktap_n=0
ktap_fails=0
ktap_plan() { echo "TAP version 13"; echo "1..$1"; }
ktap_pass() { ktap_n=$((ktap_n + 1)); echo "ok $ktap_n $*"; }
ktap_fail() { ktap_n=$((ktap_n + 1)); ktap_fails=$((ktap_fails + 1)); echo "not ok $ktap_n $*"; }
ktap_skip() { ktap_n=$((ktap_n + 1)); echo "ok $ktap_n $1 # SKIP ${2:-}"; }
ktap_log() { echo "# $*"; }
# ktap_check NAME CMD...: pass when CMD succeeds; its output goes to the log either way.
ktap_check() {
	local name=$1 out
	shift
	if out=$("$@" 2>&1); then
		[ -z "$out" ] || printf '%s\n' "$out" | sed 's/^/# /'
		ktap_pass "$name"
	else
		[ -z "$out" ] || printf '%s\n' "$out" | sed 's/^/# /'
		ktap_fail "$name"
	fi
}
ktap_finish() { [ "$ktap_fails" -eq 0 ]; exit $?; }

MMSCOPE_TOP=${MMSCOPE_TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
MMSCOPE=$MMSCOPE_TOP/tools/mmscope
PY=/usr/bin/python3
# Run a command as an ordinary user (nobody).
as_user() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
