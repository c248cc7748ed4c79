#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Symbol resolution that can never call an unexported kernel function (docs/resolve.md).
# On CPUs with IBT (Debian's 6.12 and sid kernels) the ENDBR of every function whose
# address the kernel never takes is sealed at boot, and an indirect call to it is fatal;
# the VM (TCG) has no CET, so this test checks the construction instead of the crash:
# - module/resolve.o, the only place that resolves names, has no indirect call or jump at
#   all: nothing it finds can be called;
# - no other module file resolves symbols (kprobes, kallsyms);
# - the module's text carries no kallsyms function name to look up;
# - what it resolved is not code by the kernel's own kprobe check (tracefs refuses a probe
#   on either name, as it accepts one on a function), and the slab view that needs them is on.
. "$(dirname "$0")/ktap.sh"

TOP=$MMSCOPE_TOP
ktap_plan 4

# Indirect call or jump sites in an object: "call *%reg", "call *mem" (except paravirt's
# patched pv_ops calls), and the retpoline / call-depth thunks that stand for them.
indirect_sites() {
	objdump -dr --no-show-raw-insn "$1" | awk '
		/^[0-9a-f]+ <.*>:$/ { fn = $2; next }
		/R_X86_64_.*__x86_indirect_(call_|jump_)?thunk/ { print fn, $0; next }
		/(call|jmp)[a-z]* +\*/ { pending = fn " " $0; next }
		pending != "" {
			if ($0 !~ /R_X86_64_.*pv_ops/) print pending
			pending = ""
		}
		END { if (pending != "") print pending }'
}

check_resolver_calls_nothing() {
	local obj=$TOP/module/resolve.o sites
	[ -f "$obj" ] || { echo "$obj: not built"; return 1; }
	sites=$(indirect_sites "$obj")
	if [ -n "$sites" ]; then
		echo "indirect calls in the resolver:"
		echo "$sites"
		return 1
	fi
	echo "module/resolve.o: no indirect call or jump"
}
ktap_check "the resolver makes no indirect call (nothing it resolves can be called)" \
	check_resolver_calls_nothing

check_one_resolver() {
	local hits
	hits=$(grep -lE 'register_kprobe|kallsyms_lookup_name|kallsyms_on_each_symbol|symbol_name' \
		"$TOP"/module/*.c "$TOP"/module/*.h "$TOP"/module/compat/*.[ch] 2>/dev/null |
		grep -v '/module/resolve\.c$')
	if [ -n "$hits" ]; then
		echo "symbol resolution outside module/resolve.c: $hits"
		return 1
	fi
	echo "only module/resolve.c resolves symbols"
}
ktap_check "symbols are resolved in one place only" check_one_resolver

check_no_function_names() {
	local s
	s=$(strings -a "$TOP/mmscope.ko" | grep -xE 'kallsyms_lookup_name|kallsyms_on_each_symbol|ptrace_may_access|mm_access')
	if [ -n "$s" ]; then
		echo "the module carries names of unexported functions: $s"
		return 1
	fi
	echo "no unexported function's name in mmscope.ko"
}
ktap_check "the module looks up no function by name" check_no_function_names

# What it resolved is not code, by the kernel's own test: tracefs refuses a kprobe on either
# name (check_kprobe_address_safe(): not kernel text), as it accepts one on a function.
# /proc/kallsyms' type letters cannot tell: sid (7.2) lists slab_caches as "T".
T=/sys/kernel/tracing
check_not_code() {
	local sym ev=mmscope_resolve_check
	grep -q '^slab: on$' /sys/kernel/debug/mmscope/features ||
		{ grep . /sys/kernel/debug/mmscope/features; return 1; }
	[ -e "$T/kprobe_events" ] || mount -t tracefs nodev "$T" 2>/dev/null
	if [ ! -w "$T/kprobe_events" ]; then
		echo "no tracefs kprobe_events here (CONFIG_KPROBE_EVENTS): slab view on, names not checked"
		return 2
	fi
	if ! echo "p:$ev vfs_read" >> "$T/kprobe_events"; then
		echo "tracefs refuses a kprobe on vfs_read: cannot tell code from data here"
		return 1
	fi
	echo "-:$ev" >> "$T/kprobe_events"
	for sym in slab_caches slab_mutex; do
		if echo "p:$ev $sym" >> "$T/kprobe_events" 2>/dev/null; then
			echo "-:$ev" >> "$T/kprobe_events"
			echo "$sym: the kernel accepts a kprobe on it: it is code"
			return 1
		fi
		echo "$sym: the kernel refuses a kprobe on it (not text); kallsyms:" \
			"$(awk -v s="$sym" '$3 == s && NF == 3 { printf "%s ", $2 }' /proc/kallsyms)"
	done
}
name="slab_caches and slab_mutex are not code (a kprobe on them is refused), the slab view is on"
out=$(check_not_code 2>&1)
rc=$?
printf '%s\n' "$out" | sed 's/^/# /'
case $rc in
0) ktap_pass "$name" ;;
2) ktap_skip "$name" "no tracefs kprobe_events on this kernel" ;;
*) ktap_fail "$name" ;;
esac

ktap_finish
