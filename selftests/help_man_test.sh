#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The tool's --help and its man page describe the same commands, options and exit codes.
. "$(dirname "$0")/ktap.sh"

MAN=$MMSCOPE_TOP/tools/mmscope.8
cmds=$("$MMSCOPE" --help | awk '/^Commands:/ {c = 1; next} c && /^$/ {exit} c {print $1}')

ktap_plan $(( $(wc -w <<<"$cmds") + 2 ))

# Options every command takes (--json, --help): the man page's OPTIONS documents them.
global=$("$MMSCOPE" --help | awk '/^Options/ {o = 1; next} o && /^$/ {exit} o' |
	grep -o -- '--[a-z][a-z-]*' | sort -u)

# Every command has a section, and every long option its --help names is in that section.
for cmd in $cmds; do
	section=$(awk -v c="$cmd" '
		/^\.S[SH] / { inside = ($1 == ".SS" && $2 == c) }
		inside' "$MAN" | sed 's/\\-/-/g')
	missing=
	for opt in $("$MMSCOPE" "$cmd" --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
		grep -qx -- "$opt" <<<"$global" && continue
		grep -q -- "$opt" <<<"$section" || missing="$missing $opt"
	done
	if [ -z "$section" ]; then
		ktap_fail "man page has a section for '$cmd'"
	elif [ -n "$missing" ]; then
		ktap_log "options of '$cmd --help' not in its man page section:$missing"
		ktap_fail "man page section of '$cmd' covers its options"
	else
		ktap_pass "man page section of '$cmd' covers its options"
	fi
done

# Exit codes: each one --help lists is in the man page's EXIT STATUS.
exit_section=$(awk '/^\.SH EXIT STATUS/ {s = 1; next} /^\.SH / {s = 0} s' "$MAN")
missing=
for code in $("$MMSCOPE" --help | awk '/^Exit status:/ {e = 1; next} e && /^$/ {exit} e {print $1}'); do
	grep -qw -- "$code" <<<"$exit_section" || missing="$missing $code"
done
if [ -z "$missing" ]; then
	ktap_pass "exit codes in --help are in the man page"
else
	ktap_fail "exit codes in --help are in the man page (missing:$missing)"
fi

# And the man page names no command the tool does not have.
extra=
while read -r sec; do
	grep -qx -- "$sec" <<<"$cmds" || extra="$extra $sec"
done < <(grep '^\.SS ' "$MAN" | awk 'NF > 1 {print $2}')
if [ -z "$extra" ]; then
	ktap_pass "every command section of the man page is a command of the tool"
else
	ktap_fail "man page sections without a command:$extra"
fi
ktap_finish
