#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Static checks (make lint). Exits non-zero on any finding and ends with a summary.
#
#   scripts/lint.sh [--kernels 6.1,6.12,sid]
#   scripts/lint.sh --shell       only the shell check below (make lint-shell)
#
#   kernel-<k>    make lint-kernel (W=1, sparse C=2) against each kernel under test: the host
#                 kernels on the host, sid inside its chroot (needs root); each in a scratch
#                 copy of the tree
#   checkpatch    checkpatch.pl --strict over module/ (the files ynl-gen-c.py generates,
#                 module/netlink-gen.[ch], are exempt: the ynl check below covers them)
#   ynl           scripts/ynl-gen.sh check: uapi header and kernel policy match the spec
#   user-<cc>     tools/ (WERROR=1) and selftests/ (-Werror) with the host's gcc and, with
#                 sid, with sid's newer gcc
#   shell         every shell script of the tree through shellcheck (every severity, sourced
#                 files followed): *.sh, files with a sh/bash #! line (.ci/run) and the bash
#                 completion (tools/*completion)
#
# Logs: $MMSCOPE_LOGDIR/lint/ (default /var/tmp/mmscope-logs/lint/).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

kernels="6.1 6.12 sid"
shell_only=0
while [ $# -gt 0 ]; do
	case $1 in
	--shell) shell_only=1; shift ;;
	--kernels|--kernel) [ $# -ge 2 ] || die "--kernels needs a list"; kernels=${2//,/ }; shift 2 ;;
	--kernels=*) kernels=${1#*=}; kernels=${kernels//,/ }; shift ;;
	-h|--help) sed -n '3,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p;}' "$0"; exit 0 ;;
	*) die "unknown argument: $1 (usage: $0 [--kernels 6.1,6.12,sid] | --shell)" ;;
	esac
done
for k in $kernels; do
	case $k in 6.1|6.12|sid) ;; *) die "unknown kernel '$k': use 6.1, 6.12 or sid" ;; esac
done

LOGDIR=${MMSCOPE_LOGDIR:-/var/tmp/mmscope-logs}/lint
mkdir -p "$LOGDIR" 2>/dev/null && [ -w "$LOGDIR" ] || LOGDIR=$(mktemp -d /tmp/mmscope-lint-logs.XXXXXX)
WORK=$(mktemp -d /var/tmp/mmscope-lint.XXXXXX)
SIDWORK=
trap 'rm -rf "$WORK" ${SIDWORK:+"$SIDWORK"}' EXIT

declare -a NAMES=()
declare -A STATUS DETAIL

# record NAME RC FINDINGS-FILE: keep the result of one check.
record() {
	NAMES+=("$1")
	if [ "$2" = 0 ]; then
		STATUS[$1]=ok
	else
		STATUS[$1]=FAILED
	fi
	DETAIL[$1]=$3
	log "$1: ${STATUS[$1]} (log: $LOGDIR/$1.log)"
}

# kernel_lint NAME: W=1 + sparse for one kernel in a scratch copy.
kernel_lint() {
	local k=$1 rel dir indir log=$LOGDIR/kernel-$1.log rc=0 runner=()
	case $k in
	6.1) rel=$(k61) ;;
	6.12) rel=$(k612) ;;
	sid) rel=$(ksid) ;;
	esac
	: >"$log"
	if [ -z "$rel" ]; then
		echo "kernel $k: no headers installed (run scripts/deps.sh)" | tee "$log.findings" >>"$log"
		record "kernel-$k" 1 "$log.findings"
		return
	fi
	if [ "$k" = sid ]; then
		if [ "$(id -u)" != 0 ]; then
			echo "sid: the chroot build needs root (or run --kernels 6.1,6.12)" |
				tee "$log.findings" >>"$log"
			record "kernel-$k" 1 "$log.findings"
			return
		fi
		if ! chroot "$MMS_SID" sh -c 'command -v sparse' >/dev/null 2>&1; then
			echo "sparse is not installed in the sid chroot (run scripts/sid-root.sh)" |
				tee "$log.findings" >>"$log"
			record "kernel-$k" 1 "$log.findings"
			return
		fi
		[ -n "$SIDWORK" ] || SIDWORK=$(mktemp -d "$MMS_SID/var/tmp/mmscope-lint.XXXXXX")
		dir=$SIDWORK/kernel indir=${dir#"$MMS_SID"}
		runner=(in_chroot)
	else
		dir=$WORK/kernel-$k indir=$dir
	fi
	copy_tree "$dir"
	log "W=1 + sparse for $k ($rel)"
	# KBUILD_CHECKSRC=2 on the command line: kernels 6.15+ turn C=2 off when their
	# scripts/checker-valid.sh is missing, which Debian's 7.x headers packages do not ship.
	"${runner[@]}" make -C "$indir" KDIR="/lib/modules/$rel/build" KBUILD_CHECKSRC=2 \
		lint-kernel >>"$log" 2>&1 || rc=$?
	# The findings, without the scratch path, once each. lint-kernel pipes make into tee
	# and greps only "warning:|error:", so modpost's "ERROR:" and make's "***" are caught here.
	grep -E 'warning:|error:|ERROR:|\*\*\*' "$log" | grep -v '\.lint\.log' |
		sed "s|$indir/||g" | awk '!seen[$0]++' >"$log.findings" || true
	grep -q '^  CHECK ' "$log" ||
		echo "sparse did not run (no CHECK line in the log)" >>"$log.findings"
	[ "$rc" = 0 ] || [ -s "$log.findings" ] ||
		echo "make lint-kernel failed (exit $rc) without a warning line: see the log" \
			>>"$log.findings"
	if [ -s "$log.findings" ] && [ "$rc" = 0 ]; then rc=1; fi
	record "kernel-$k" "$rc" "$log.findings"
}

# checkpatch over the module's hand-written sources.
checkpatch() {
	local log=$LOGDIR/checkpatch.log rc=0 files=() f
	local cp=$MMS_KSRC/scripts/checkpatch.pl
	if [ ! -f "$cp" ]; then
		echo "checkpatch.pl not found in $MMS_KSRC (run scripts/deps.sh)" | tee "$log" \
			>"$log.findings"
		record checkpatch 1 "$log.findings"
		return
	fi
	for f in module/*.c module/*.h module/compat/*.h; do
		case $f in module/netlink-gen.c|module/netlink-gen.h) continue ;; esac
		[ -f "$MMS_TOP/$f" ] && files+=("$f")
	done
	log "checkpatch --strict over ${#files[@]} files of module/"
	(cd "$MMS_TOP" && perl "$cp" --no-tree --strict --show-types -f "${files[@]}") \
		>"$log" 2>&1 || rc=$?
	# One line per report: "FILE:LINE: TYPE: message".
	awk '/^(ERROR|WARNING|CHECK):/ { msg = $0; next }
	     msg != "" && /^#[0-9]+: FILE: / { sub(/^#[0-9]+: FILE: /, ""); print $0 " " msg; msg = "" }
	     msg != "" && /^$/ { print msg; msg = "" }' "$log" >"$log.findings"
	[ "$rc" = 0 ] || [ -s "$log.findings" ] || tail -n 5 "$log" >"$log.findings"
	record checkpatch "$rc" "$log.findings"
}

ynl_check() {
	local log=$LOGDIR/ynl.log rc=0
	log "uapi header and kernel policy against uapi/mmscope.yaml"
	"$here/ynl-gen.sh" check >"$log" 2>&1 || rc=$?
	if [ "$rc" = 0 ]; then : >"$log.findings"; else grep -E '^\[mmscope\]|^[-+]{3} ' "$log" >"$log.findings" || true; fi
	[ "$rc" = 0 ] || [ -s "$log.findings" ] || tail -n 5 "$log" >"$log.findings"
	record ynl "$rc" "$log.findings"
}

# user_lint NAME: tools and selftests with warnings as errors, on the host or in sid.
user_lint() {
	local name=$1 dir indir log=$LOGDIR/$1.log rc=0 runner=()
	if [ "$name" = user-sid ]; then
		[ -n "$SIDWORK" ] || SIDWORK=$(mktemp -d "$MMS_SID/var/tmp/mmscope-lint.XXXXXX")
		dir=$SIDWORK/user indir=${dir#"$MMS_SID"}
		runner=(in_chroot)
	else
		dir=$WORK/user indir=$dir
	fi
	copy_tree "$dir"
	log "tools and selftests with -Werror ($name)"
	: >"$log"
	if [ ! -f "$dir/tools/Makefile" ]; then
		echo "tools/Makefile does not exist yet" | tee -a "$log" >"$log.findings"
		record "$name" 1 "$log.findings"
		return
	fi
	"${runner[@]}" sh -c 'gcc --version | head -n 1' >>"$log" 2>&1 || true
	"${runner[@]}" make -C "$indir/tools" WERROR=1 >>"$log" 2>&1 || rc=$?
	[ "$rc" != 0 ] || "${runner[@]}" make -C "$indir/examples" WERROR=1 >>"$log" 2>&1 || rc=$?
	if [ "$rc" = 0 ] && [ -f "$dir/selftests/Makefile" ]; then
		"${runner[@]}" make -C "$indir/selftests" CFLAGS="-O2 -g -Werror" >>"$log" 2>&1 ||
			rc=$?
	fi
	grep -E 'warning:|error:|\*\*\*' "$log" | sed "s|$indir/||g" | awk '!seen[$0]++' \
		>"$log.findings" || true
	record "$name" "$rc" "$log.findings"
}

# shell_files: the tree's shell scripts, one per line (tracked and untracked-not-ignored).
shell_files() {
	local f
	(
		cd "$MMS_TOP" || exit
		if ! git ls-files --cached --others --exclude-standard 2>/dev/null; then
			find . -path ./.git -prune -o -type f -print | sed 's|^\./||'
		fi
	) |
	LC_ALL=C sort -u | while IFS= read -r f; do
		[ -f "$MMS_TOP/$f" ] || continue
		case $f in
		*.sh|*completion) echo "$f" ;;
		*) if head -c 80 "$MMS_TOP/$f" | head -n 1 | grep -aqE '^#!.*[/ ](ba)?sh( |$)'; then
			echo "$f"
		   fi ;;
		esac
	done
}

# shell_lint: every shell script through shellcheck; files without a #! line are sourced bash.
shell_lint() {
	local log=$LOGDIR/shell.log rc=0 f files=() nobang=()
	: >"$log"
	if ! command -v shellcheck >/dev/null; then
		echo "shellcheck is not installed (apt-get install shellcheck)" | tee -a "$log" \
			>"$log.findings"
		record shell 1 "$log.findings"
		return
	fi
	while IFS= read -r f; do
		if head -n 1 "$MMS_TOP/$f" | grep -q '^#!'; then files+=("$f"); else nobang+=("$f"); fi
	done < <(shell_files)
	log "shellcheck over $(( ${#files[@]} + ${#nobang[@]} )) shell scripts"
	shellcheck --version | sed -n 's/^version: /# shellcheck /p' >>"$log"
	# -x -P SCRIPTDIR: follow `. "$here/lib.sh"` and `. "$(dirname "$0")/ktap.sh"`.
	# SC2317 off: shellcheck 0.9 calls every function that only runs through another one
	# (ktap_check NAME FUNC, traps) unreachable, some 400 times over the selftests.
	local sc=(shellcheck -f gcc -x -P SCRIPTDIR -e SC2317)
	(cd "$MMS_TOP" && "${sc[@]}" "${files[@]}") >>"$log" 2>&1 || rc=$?
	if [ ${#nobang[@]} != 0 ]; then
		(cd "$MMS_TOP" && "${sc[@]}" -s bash "${nobang[@]}") >>"$log" 2>&1 || rc=$?
	fi
	grep -E ':[0-9]+:[0-9]+: ' "$log" >"$log.findings" || true
	[ "$rc" = 0 ] || [ -s "$log.findings" ] || tail -n 5 "$log" >"$log.findings"
	record shell "$rc" "$log.findings"
}

t0=$(date +%s)
if [ "$shell_only" = 1 ]; then
	shell_lint
else
	for k in $kernels; do
		kernel_lint "$k"
	done
	checkpatch
	ynl_check
	shell_lint
	user_lint user-host
	case " $kernels " in
	*" sid "*)
		if [ "$(id -u)" = 0 ]; then
			user_lint user-sid
		fi ;;
	esac
fi

failed=0
printf '\n===== lint summary (%ss) =====\n' $(( $(date +%s) - t0 ))
for n in "${NAMES[@]}"; do
	printf '%-14s %s\n' "$n" "${STATUS[$n]}"
	if [ "${STATUS[$n]}" != ok ]; then
		failed=$((failed + 1))
		sed 's/^/    /' "${DETAIL[$n]}" | head -n 60
		c=$(wc -l <"${DETAIL[$n]}")
		[ "$c" -le 60 ] || echo "    ... $((c - 60)) more in $LOGDIR/$n.log"
	fi
done
if [ "$failed" = 0 ]; then
	echo "lint: all ${#NAMES[@]} checks passed"
else
	echo "lint: $failed of ${#NAMES[@]} checks failed (logs: $LOGDIR)"
	exit 1
fi
