#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# MMSCOPE_LOAD_CYCLES (default 100, 10 with MMSCOPE_STRENGTH=short) rmmod/insmod cycles
# while other processes keep dumping (netlink zone, slab and ptdump dumps, debugfs reads).
# rmmod may fail with EBUSY while a dump holds the module (it is retried); a dump may fail
# because the module went away, never otherwise. After every rmmod the debugfs directory
# and the genetlink family are gone, after every insmod both are back. The module is left
# loaded, as run.sh loaded it.
. "$(dirname "$0")/ktap.sh"

CYCLES=${MMSCOPE_LOAD_CYCLES:-$(by_strength 100 10)}
FUZZ=$MMSCOPE_TOP/selftests/helpers/nl_fuzz
KO=$MMSCOPE_TOP/mmscope.ko
DBG=/sys/kernel/debug/mmscope
W=$(mktemp -d /tmp/mmscope-load.XXXXXX)
# What a request may meet when the module goes or comes back under it: the family unknown
# (exit 3), a dump that could not pin the module (EPROTONOSUPPORT), a debugfs file gone.
GONE='not loaded|Protocol not supported|No such file or directory|No such device'

ktap_plan 8
kmsg_mark load_test

if command -v genl > /dev/null; then
	family_present() { genl ctrl get name mmscope > /dev/null 2>&1; }
else
	family_present() { "$MMSCOPE" zones > /dev/null 2>&1; [ $? != 3 ]; }
fi

# Background load: helpers/nl_fuzz -l dumps over raw netlink in a loop (a new socket and
# family lookup each time, the dump held open a moment after its first part); a shell loop
# reads debugfs files and runs the CLI now and then. Every result that is neither success
# nor "the module is gone" is recorded.
dumper() {
	local n=0 out rc
	while [ ! -e "$W/stop" ]; do
		n=$((n + 1))
		case $((n % 3)) in
		0) out=$("$MMSCOPE" zones 2>&1 > /dev/null) ;;
		*) out=$(cat "$DBG/zones" "$DBG/slabinfo" 2>&1 > /dev/null) ;;
		esac
		rc=$?
		if [ "$rc" = 0 ]; then
			echo >> "$W/ok"
		elif printf '%s' "$out" | grep -Eq "$GONE"; then
			echo >> "$W/gone"
		else
			echo "shell dumper, request $n: exit $rc: $out" >> "$W/bad"
		fi
		sleep 0.1
	done
}
dumper &
"$FUZZ" -l "$W/stop" > "$W/nl.log" 2>&1 & nl=$!

busy=0 rm_fail=0 dir_left=0 fam_left=0 fam_missing=0 dir_missing=0 ins_fail=0
t0=$SECONDS
for c in $(seq 1 "$CYCLES"); do
	[ $((c % 20)) != 0 ] || ktap_log "cycle $c, $((SECONDS - t0)) s"
	tries=0
	until rmmod mmscope 2> "$W/rmmod.err"; do
		# Busy: kmod saw a reference ("in use"), or a dump took one between its check and
		# delete_module(), which then fails with EWOULDBLOCK.
		if ! grep -Eq 'in use|Resource temporarily unavailable' "$W/rmmod.err" ||
		   [ "$tries" -ge 500 ]; then
			echo "cycle $c: rmmod: $(cat "$W/rmmod.err")," \
				"refcnt $(cat /sys/module/mmscope/refcnt 2>&1)" >> "$W/cycles"
			rm_fail=$((rm_fail + 1))
			break
		fi
		tries=$((tries + 1)) busy=$((busy + 1))
		sleep 0.02
	done
	[ "$rm_fail" = 0 ] || break	# a reference that never goes: no point going on
	[ ! -e "$DBG" ] || { dir_left=$((dir_left + 1)); echo "cycle $c: $DBG left" >> "$W/cycles"; }
	! family_present || { fam_left=$((fam_left + 1)); echo "cycle $c: family left" >> "$W/cycles"; }
	if ! insmod "$KO" 2> "$W/insmod.err"; then
		ins_fail=$((ins_fail + 1))
		echo "cycle $c: insmod: $(cat "$W/insmod.err")" >> "$W/cycles"
		continue
	fi
	[ -d "$DBG" ] || { dir_missing=$((dir_missing + 1)); echo "cycle $c: no $DBG" >> "$W/cycles"; }
	family_present || { fam_missing=$((fam_missing + 1)); echo "cycle $c: no family" >> "$W/cycles"; }
done
touch "$W/stop"
wait "$nl"
nl_rc=$?
wait

ktap_log "$CYCLES cycles; rmmod found the module busy $busy times (retried)"
[ ! -e "$W/cycles" ] || head -n 20 "$W/cycles" | sed 's/^/# /'
if [ "$rm_fail" = 0 ] && [ "$ins_fail" = 0 ]; then
	ktap_pass "$CYCLES rmmod/insmod cycles with dumps in flight"
else
	ktap_fail "$CYCLES rmmod/insmod cycles with dumps in flight ($rm_fail rmmod, $ins_fail insmod failures)"
fi
if [ "$dir_left" = 0 ]; then
	ktap_pass "no debugfs directory left after rmmod"
else
	ktap_fail "no debugfs directory left after rmmod ($dir_left times)"
fi
if [ "$fam_left" = 0 ]; then
	ktap_pass "genetlink family gone after rmmod"
else
	ktap_fail "genetlink family gone after rmmod ($fam_left times)"
fi
if [ "$dir_missing" = 0 ] && [ "$fam_missing" = 0 ]; then
	ktap_pass "debugfs directory and family back after insmod"
else
	ktap_fail "debugfs directory and family back after insmod ($dir_missing, $fam_missing)"
fi

check_dumpers() {
	cat "$W/nl.log"
	echo "debugfs and CLI: $(wc -l 2>/dev/null <"$W/ok" || echo 0) answered," \
		"$(wc -l 2>/dev/null <"$W/gone" || echo 0) met the module gone"
	[ ! -s "$W/bad" ] || { head -n 20 "$W/bad"; return 1; }
	[ "$nl_rc" = 0 ] && [ "$(wc -l 2>/dev/null <"$W/ok" || echo 0)" -gt 0 ]
}
ktap_check "dumps in flight succeeded or failed cleanly" check_dumpers

loaded() { [ -d "$DBG" ] && "$MMSCOPE" zones > /dev/null && grep -q '^mmscope ' /proc/modules; }
ktap_check "the module is left loaded and answering" loaded
ktap_check "no dump state or process file left allocated (debugfs features)" mms_live_zero
ktap_check "no BUG, WARNING, Oops or use-after-free report" kmsg_clean load_test
rm -rf "$W"
ktap_finish
