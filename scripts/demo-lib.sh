# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2034 # FLT, FLT_TEXT: for the scripts that source this
# Driving the seeds' experiments (examples/) from a script, and counting their page faults.
# Sourced by scripts/demo-guest.sh (README's demo) and selftests/demo_test.sh, from the top
# of a built tree. Needs bash; MMSCOPE (the CLI) and PY (python3) may be set before.
#
#   ex_start CMD...      start an example with its stdin and stdout on pipes
#   ex_read [PREFIX]     print its lines (PREFIX before each) up to the next "press Enter"
#                        prompt or its end; EX_LINES holds them; returns 1 at the end
#   ex_step [PREFIX]     press Enter, then ex_read
#   ex_stop              close the pipes and wait for it
#   faults_start PID     start counting PID's page faults
#   faults_stop START    stop; FLT[...] holds the counts (see there), FLT_TEXT a summary
#                        line (not printed)

MMSCOPE=${MMSCOPE:-./tools/mmscope}
PY=${PY:-/usr/bin/python3}
DEMO_TMP=${DEMO_TMP:-$(mktemp -d /tmp/mmscope-demo.XXXXXX)}

EX_PID='' EX_IN='' EX_OUT='' EX_LINES=''
ex_start() {
	rm -f "$DEMO_TMP/ex.in" "$DEMO_TMP/ex.out"
	mkfifo "$DEMO_TMP/ex.in" "$DEMO_TMP/ex.out" || return 1
	"$@" <"$DEMO_TMP/ex.in" >"$DEMO_TMP/ex.out" 2>&1 &
	EX_PID=$!
	exec {EX_IN}>"$DEMO_TMP/ex.in" {EX_OUT}<"$DEMO_TMP/ex.out"
}

ex_read() {
	local line prefix=${1:-}
	EX_LINES=''
	while IFS= read -r line <&"$EX_OUT"; do
		printf '%s%s\n' "$prefix" "$line"
		EX_LINES+="$line"$'\n'
		case $line in *"press Enter"*) return 0 ;; esac
	done
	return 1
}

ex_step() {
	echo >&"$EX_IN" || return 1
	ex_read "$@"
}

ex_stop() {
	[ -n "$EX_IN" ] && exec {EX_IN}>&-
	# the rest of its output, then its exit
	if [ -n "$EX_OUT" ]; then
		while IFS= read -r line <&"$EX_OUT"; do printf '%s\n' "${1:-}$line"; done
		exec {EX_OUT}<&-
	fi
	[ -z "$EX_PID" ] || wait "$EX_PID" 2>/dev/null
	EX_PID='' EX_IN='' EX_OUT=''
}

# ex_field REGEX: the first capture of REGEX (ERE) in EX_LINES.
ex_field() {
	[[ $EX_LINES =~ $1 ]] && printf '%s\n' "${BASH_REMATCH[1]}"
}

# --- page faults -------------------------------------------------------------------------
# The one place that knows where fault counts come from. With the BPF view (mmscope
# faults) the faults are classified and counted for the experiment's VMA; without it, the
# kernel's per-process counters (/proc/PID/stat minflt and majflt) still count them all.
#
# After faults_stop START:
#   FLT[src]                  "bpf" or "stat"
#   FLT[anon_zero], FLT[cow], FLT[file_minor], ... FLT[total]
#                             (bpf) faults in the VMA that starts at START
#   FLT[proc_total]           (bpf) all faults of the process
#   FLT[minflt], FLT[majflt]  (stat) the process's minor and major faults
#   FLT_TEXT                  one line saying all that

declare -A FLT=()
FLT_TEXT='' FT_PID='' FT_OUT='' FT_TARGET='' FT_STAT0=''

faults_available() {
	[ -x "$MMSCOPE" ] && "$MMSCOPE" faults --help >/dev/null 2>&1
}

# proc_faults PID: "minflt majflt" from /proc/PID/stat (fields 10 and 12; comm may hold
# spaces and parentheses, so count from its closing parenthesis).
proc_faults() {
	local stat
	stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
	stat=${stat##*) }
	# shellcheck disable=SC2086 # split into fields: 3 is field 1 after comm
	set -- $stat
	echo "$8 ${10}"
}

faults_start() {
	FT_TARGET=$1 FT_PID='' FT_OUT='' FLT=()
	FT_STAT0=$(proc_faults "$1")
	faults_available || return 0
	rm -f "$DEMO_TMP/ft.out"
	mkfifo "$DEMO_TMP/ft.out" || return 0
	"$MMSCOPE" faults "$1" --json --interval 1 >"$DEMO_TMP/ft.out" 2>&1 &
	FT_PID=$!
	exec {FT_OUT}<"$DEMO_TMP/ft.out"
	: >"$DEMO_TMP/ft.json"
	local line
	while IFS= read -r line <&"$FT_OUT"; do
		case $line in
		'mmscope faults: attached'*) return 0 ;;
		'{'*) printf '%s\n' "$line" >>"$DEMO_TMP/ft.json" ;;
		*) printf '%s\n' "$line" ;;
		esac
	done
	echo "(mmscope faults did not attach: counting with /proc/$1/stat instead)"
	faults_kill
}

faults_kill() {
	[ -n "$FT_PID" ] && kill -TERM "$FT_PID" 2>/dev/null
	if [ -n "$FT_OUT" ]; then
		local line
		while IFS= read -r -t 60 line <&"$FT_OUT"; do
			case $line in '{'*) printf '%s\n' "$line" >>"$DEMO_TMP/ft.json" ;; esac
		done
		exec {FT_OUT}<&-
	fi
	# a tool that did not end on SIGTERM (nor closed its output in a minute) is killed
	[ -z "$FT_PID" ] || kill -KILL "$FT_PID" 2>/dev/null
	[ -z "$FT_PID" ] || wait "$FT_PID" 2>/dev/null
	FT_PID='' FT_OUT=''
}

# faults_stop START: call when the step is over (the program waits at its prompt). The
# counts come per interval; the step's last ones are in once, after an interval with
# faults, two whole intervals with none have passed (the program is idle at its prompt).
faults_stop() {
	local start=$1 line total seen=0 idle=0 stat1
	FLT=()
	if [ -n "$FT_PID" ]; then
		while [ "$idle" -lt 2 ] && IFS= read -r -t 60 line <&"$FT_OUT"; do
			case $line in '{'*) ;; *) continue ;; esac
			printf '%s\n' "$line" >>"$DEMO_TMP/ft.json"
			total=
			[[ $line =~ \"total\":[[:space:]]*([0-9]+) ]] && total=${BASH_REMATCH[1]}
			if [ "${total:-0}" != 0 ]; then
				seen=1 idle=0
			elif [ "$seen" = 1 ]; then
				idle=$((idle + 1))
			fi
		done
		faults_kill
		local kv
		kv=$("$PY" - "$DEMO_TMP/ft.json" "$start" <<'PYEOF'
import json, sys
start = int(sys.argv[2], 0)
vma, proc, found = {}, {}, False
for line in open(sys.argv[1]):
    try:
        doc = json.loads(line)
    except ValueError:
        continue
    for k, v in doc.get("faults", {}).items():
        proc[k] = proc.get(k, 0) + v
    for m in doc.get("vmas", []):
        if m.get("start") == start:
            found = True
            for k, v in m.get("faults", {}).items():
                vma[k] = vma.get(k, 0) + v
for k, v in (vma if found else proc).items():
    print(f"{k}={v}")
print(f"proc_total={proc.get('total', 0)}")
print(f"vma_found={int(found)}")
PYEOF
		) || kv=
		local k
		for k in $kv; do FLT[${k%%=*}]=${k#*=}; done
		FLT[src]=bpf
		local parts=() name
		for name in anon_zero file_minor file_major cow shared_write swap_in prot numa other; do
			[ "${FLT[$name]:-0}" = 0 ] || parts+=("$name ${FLT[$name]}")
		done
		[ ${#parts[@]} != 0 ] || parts=("none")
		local where="in the VMA at $start"
		[ "${FLT[vma_found]:-0}" = 1 ] || where="in the whole process (no per-VMA line for $start)"
		local joined
		joined=$(IFS=,; echo "${parts[*]}")
		FLT_TEXT="page faults $where (mmscope faults): ${joined//,/, }; total ${FLT[total]:-0} (whole process: ${FLT[proc_total]:-0})"
	else
		stat1=$(proc_faults "$FT_TARGET")
		FLT[src]=stat
		FLT[minflt]=$(( ${stat1% *} - ${FT_STAT0% *} ))
		FLT[majflt]=$(( ${stat1#* } - ${FT_STAT0#* } ))
		FLT_TEXT="page faults of pid $FT_TARGET (/proc/$FT_TARGET/stat, not classified): minor ${FLT[minflt]}, major ${FLT[majflt]}"
	fi
}
