#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The netlink family under a fuzzer (helpers/nl_fuzz: raw sockets, seeded, seed printed):
# 100000 generated messages as root and 100000 as nobody (10000 each with
# MMSCOPE_STRENGTH=short). Afterwards the module still answers correctly, the kernel logged
# nothing bad and nothing the module allocated is left.
# MMSCOPE_FUZZ_SEED replays a run; MMSCOPE_FUZZ_COUNT changes the message count.
. "$(dirname "$0")/ktap.sh"

FUZZ=$MMSCOPE_TOP/selftests/helpers/nl_fuzz
COUNT=${MMSCOPE_FUZZ_COUNT:-$(by_strength 100000 10000)}
SEED=${MMSCOPE_FUZZ_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}

ktap_plan 9
kmsg_mark fuzz_test

ktap_check "fuzz as root: $COUNT messages, every reply well-formed" "$FUZZ" -n "$COUNT" -s "$SEED"
# nl_fuzz -u drops to nobody before it opens anything
ktap_check "fuzz as nobody: $COUNT messages, every reply well-formed" \
	"$FUZZ" -u -n "$COUNT" -s $((SEED + 1))

# The zones the module lists are /proc/zoneinfo's populated ones.
check_zones() {
	local ours theirs
	ours=$("$MMSCOPE" zones | grep -c '^Node ') || return 1
	theirs=$(awk '/^Node/ { z = $0 } $1 == "present" && $2 > 0 { n++ } END { print n }' \
		/proc/zoneinfo)
	echo "zone-get dump: $ours zones, /proc/zoneinfo: $theirs populated"
	[ "$ours" = "$theirs" ]
}
ktap_check "zone-get dump still matches /proc/zoneinfo" check_zones

# A walk of a known address of this shell: its frame is the one pagemap shows.
check_walk() {
	local addr out pfn pm
	addr=$(awk '/\[stack\]/ { split($1, r, "-"); print r[2]; exit }' /proc/$$/maps)
	addr=$(printf '%#x' $((0x$addr - 4096)))
	out=$("$MMSCOPE" --json walk $$ "$addr") || return 1
	pfn=$(printf '%s\n' "$out" | grep -o '"pfn": *[0-9]*' | grep -o '[0-9]*$')
	pm=$(dd if=/proc/$$/pagemap bs=8 skip=$((addr / 4096)) count=1 2>/dev/null |
		od -An -tu8 | tr -d ' ')
	pm=$((pm & ((1 << 55) - 1)))
	echo "walk $addr: pfn $pfn, pagemap $pm"
	[ -n "$pfn" ] && [ $((pfn)) = "$pm" ] && [ "$pm" != 0 ]
}
ktap_check "walk of a known address still agrees with pagemap" check_walk

every_command() {
	"$MMSCOPE" buddy --types > /dev/null && "$MMSCOPE" slab --top 3 > /dev/null &&
		"$MMSCOPE" vmas $$ > /dev/null && "$MMSCOPE" ptdump $$ > /dev/null &&
		"$MMSCOPE" slab kmem_cache > /dev/null && echo "every command answered"
}
ktap_check "every command still answers" every_command

ktap_check "no dump state or process file left allocated (debugfs features)" mms_live_zero

kmemleak_check > /tmp/fuzz-kmemleak.log 2>&1
case $? in
0) sed 's/^/# /' /tmp/fuzz-kmemleak.log; ktap_pass "kmemleak finds no mmscope leak" ;;
2) ktap_skip "kmemleak finds no mmscope leak" "this kernel has no kmemleak (/sys/kernel/debug/kmemleak)" ;;
*) sed 's/^/# /' /tmp/fuzz-kmemleak.log; ktap_fail "kmemleak finds no mmscope leak" ;;
esac
ktap_check "the module was not unloaded or reloaded meanwhile" test -d /sys/kernel/debug/mmscope
ktap_check "no BUG, WARNING, Oops or lockdep report while fuzzing" kmsg_clean fuzz_test
ktap_finish
