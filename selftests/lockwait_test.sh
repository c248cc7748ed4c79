#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# No global lock while waiting on a target: a test module (kmod/mms_lock_test.ko) holds a
# process's mmap_lock for writing for seconds, as a large fork would; an unprivileged vmas
# dump of that process waits for it meanwhile. While it waits, another generic netlink
# family (nlctrl: CTRL_CMD_GETFAMILY) and a second mmscope caller (zones) must answer: a
# family without parallel_ops would run the waiting handler under genl_mutex and stall
# both until the hold ends. The hold's own "held" flag, read after they answered, tells
# whether they answered during the hold; no time is measured: the test ends the hold itself
# (release), after it has looked, so a slow machine cannot end it early.
. "$(dirname "$0")/ktap.sh"

KMOD=$MMSCOPE_TOP/selftests/kmod/mms_lock_test.ko
D=/sys/kernel/debug/mms_lock_test
W=$(mktemp -d /tmp/mmscope-lockwait.XXXXXX)
chmod 755 "$W"
HOLD_MS=600000	# a bound only: the test releases the hold

ktap_plan 4

cleanup() {
	[ -e "$D/release" ] && echo 1 > "$D/release"
	[ -z "${sleeper:-}" ] || kill "$sleeper" 2>/dev/null
	wait 2>/dev/null
	rmmod mms_lock_test 2>/dev/null
	rm -rf "$W"
}
trap cleanup EXIT

kmsg_mark lockwait_start
if ! insmod "$KMOD"; then
	ktap_fail "insmod $KMOD"
	ktap_finish
fi

# One generic netlink request to the nlctrl family, answered or not within 30 s.
nlctrl_ask() {
	timeout 30 "$PY" - <<'PYEOF'
import socket, struct
s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 16)  # NETLINK_GENERIC
name = b"nlctrl\0"
attr = struct.pack("HH", 4 + len(name), 2) + name  # CTRL_ATTR_FAMILY_NAME
attr += b"\0" * (-len(attr) % 4)
genl = struct.pack("BBH", 3, 1, 0)  # CTRL_CMD_GETFAMILY, version 1
body = genl + attr
s.send(struct.pack("IHHII", 16 + len(body), 0x10, 1, 1, 0) + body)  # GENL_ID_CTRL, NLM_F_REQUEST
msg = s.recv(65536)
length, typ = struct.unpack("IH", msg[:6])
print("nlctrl answered: message type", typ, "length", length)
assert typ == 0x10, typ
PYEOF
}

# The target: nobody's sleeping process, so that nobody's dump of it is allowed.
nobody_sleeper

echo "$sleeper $HOLD_MS" > "$D/hold" &
holder=$!
for _ in $(seq 1 100); do
	[ "$(cat "$D/held")" = 1 ] && break
	sleep 0.05
done
ktap_log "mmap_lock of $sleeper held for writing: held=$(cat "$D/held")"

# nobody's dump waits for the lock: the mmscope process itself is $dumper (exec), and its
# state is read without forking, so that the hold does not run out meanwhile.
bg_user "$MMSCOPE" --json vmas "$sleeper" > "$W/vmas.json" 2> "$W/vmas.err"
dumper=$!
st=gone
for _ in $(seq 1 100); do
	read -r _ _ st _ < "/proc/$dumper/stat" 2>/dev/null || { st=gone; break; }
	[ "$st" = D ] && break
	sleep 0.1
done
ktap_log "the dump ($dumper) is in state ${st:-gone}"

others() {
	local held_before held_after
	held_before=$(cat "$D/held")
	nlctrl_ask || return 1
	timeout 30 "$MMSCOPE" zones > "$W/zones.txt" || { echo "mmscope zones failed"; return 1; }
	echo "mmscope zones answered: $(wc -l < "$W/zones.txt") lines"
	held_after=$(cat "$D/held")
	echo "held before $held_before, after $held_after"
	[ "$held_before" = 1 ] && [ "$held_after" = 1 ]
}
ktap_check "while a dump waits on a target's mmap_lock, nlctrl and another mmscope caller answer" \
	others

dump_still_waits() {
	kill -0 "$dumper" 2>/dev/null && [ "$(cat "$D/held")" = 1 ] &&
		echo "the dump still waits while the lock is held"
}
ktap_check "the dump waited for the target's lock (it did not answer from stale state)" \
	dump_still_waits

echo 1 > "$D/release"
wait "$holder"
# waited for here: ktap_check runs its function in a subshell, whose child it is not
dump_rc=0
wait "$dumper" || dump_rc=$?
dump_answers() {
	cat "$W/vmas.err"
	echo "exit $dump_rc"
	[ "$dump_rc" = 0 ] && grep -q '"start"' "$W/vmas.json" &&
		echo "the dump answered once the lock was dropped: $(grep -c '"start"' "$W/vmas.json") VMAs"
}
ktap_check "the dump answers once the hold ends" dump_answers

ktap_check "kernel log clean" kmsg_clean lockwait_start

ktap_finish
