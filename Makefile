# SPDX-License-Identifier: GPL-2.0
#
# mmscope: build the module (against KDIR) and the tool.
#
#   make                      module + tool for the running kernel (or the newest headers),
#                             and the seeds' experiments in examples/
#   make KDIR=/lib/modules/VER/build
#   make lint                 W=1, sparse and checkpatch --strict
#   make ynl-gen / ynl-check  regenerate / verify the files generated from uapi/mmscope.yaml
#   make install              module (updates/, depmod), tool, man page, bash completion, uapi
#                             header and YNL spec; DESTDIR and PREFIX (default /usr/local) honoured
#   make uninstall            removes every file install put there
#   make dkms-install         dkms add/build/install from this tree for KVER (root)
#   make deb                  mmscope-dkms_VERSION_all.deb (dpkg -i builds it for every kernel)
#   make bench                mmscope-bench on each test kernel in a VM (KERNELS=6.1,6.12,sid,
#                             BENCH_ARGS="--short --repeat 3"); JSON in vm.sh's log directory
#   make bench LOCAL=1        on the running kernel (a lab VM, root): builds, loads the module
#   make debug-kernel         build the KASAN/lockdep/kmemleak kernel (scripts/debug-kernel.sh)
#   make test-debug           the selftests on it in a VM (scripts/vm.sh test --kernels debug)

SHELL := /bin/bash

# The running kernel's build tree, else the newest installed one (a lab VM without the
# running kernel's headers, or a build host whose own kernel has none).
KDIR ?= $(firstword $(wildcard /lib/modules/$(shell uname -r)/build) \
	$(lastword $(sort $(wildcard /lib/modules/*/build))))
KVER ?= $(shell sed -n 's/^\#define UTS_RELEASE "\(.*\)"/\1/p' \
	$(KDIR)/include/generated/utsrelease.h 2>/dev/null)
PREFIX ?= /usr/local
DESTDIR ?=
INCLUDEDIR ?= $(PREFIX)/include
DATADIR ?= $(PREFIX)/share
INSTALL ?= install
VERSION := $(shell cat $(CURDIR)/VERSION)
# Where modules_install puts the module: the kernel compresses it when its config says so.
MODDIR = $(DESTDIR)/lib/modules/$(KVER)/updates

all: module tools

module:
	@test -n "$(KDIR)" -a -d "$(KDIR)" || \
		{ echo "mmscope: no kernel build tree: install linux-headers-$$(uname -r) or set KDIR" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

tools:
	$(MAKE) -C tools
	$(MAKE) -C examples

selftests: tools
	$(MAKE) -C selftests KDIR=$(KDIR)

KERNELS ?= 6.1,6.12,sid
BENCH_ARGS ?=
ifeq ($(LOCAL),1)
bench: module selftests
	scripts/bench-guest.sh $(BENCH_ARGS)
else
bench:
	MMSCOPE_BENCH_ARGS='$(BENCH_ARGS)' scripts/vm.sh bench --kernels $(KERNELS)
endif

clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean 2>/dev/null || true
	$(MAKE) -C tools clean
	$(MAKE) -C examples clean
	$(MAKE) -C selftests clean

install: install-module install-utils install-headers install-spec

uninstall: uninstall-module uninstall-utils uninstall-headers uninstall-spec

# KVER is what depmod and uninstall need: refuse to guess it (depmod -a '' is the running kernel).
check-kver:
	@test -n "$(KVER)" || \
		{ echo "mmscope: no kernel release: set KDIR to a configured build tree, or KVER" >&2; exit 1; }

# depmod only for the live system: a DESTDIR is a staging tree that packaging indexes itself.
install-module: module check-kver
	$(MAKE) -C $(KDIR) M=$(CURDIR) INSTALL_MOD_PATH=$(DESTDIR) INSTALL_MOD_DIR=updates \
		modules_install
	@if [ -z "$(DESTDIR)" ]; then echo "depmod -a $(KVER)"; depmod -a $(KVER); fi

uninstall-module: check-kver
	rm -f $(addprefix '$(MODDIR)'/mmscope.ko,'' .gz .xz .zst)
	rmdir --ignore-fail-on-non-empty '$(MODDIR)' 2>/dev/null || true
	@if [ -z "$(DESTDIR)" ]; then echo "depmod -a $(KVER)"; depmod -a $(KVER); fi

# The CLI, its man page and its bash completion.
install-utils: tools
	$(MAKE) -C tools install DESTDIR=$(DESTDIR) PREFIX=$(PREFIX)

uninstall-utils:
	$(MAKE) -C tools uninstall DESTDIR=$(DESTDIR) PREFIX=$(PREFIX)

install-tools: install-utils

# <linux/mmscope.h>, for programs that speak the family without the tool.
install-headers:
	$(INSTALL) -D -m 0644 uapi/linux/mmscope.h '$(DESTDIR)$(INCLUDEDIR)/linux/mmscope.h'

uninstall-headers:
	rm -f '$(DESTDIR)$(INCLUDEDIR)/linux/mmscope.h'

# Where the kernel's ynl CLI looks for --family specs (PREFIX=/usr: /usr/share/ynl/specs).
install-spec:
	$(INSTALL) -D -m 0644 uapi/mmscope.yaml '$(DESTDIR)$(DATADIR)/ynl/specs/mmscope.yaml'

uninstall-spec:
	rm -f '$(DESTDIR)$(DATADIR)/ynl/specs/mmscope.yaml'
	rmdir --ignore-fail-on-non-empty '$(DESTDIR)$(DATADIR)/ynl/specs' '$(DESTDIR)$(DATADIR)/ynl' \
		2>/dev/null || true

# dkms from this tree for KVER: a fresh add each time, so that dkms builds what is here now.
dkms-install: check-kver
	@if dkms status -m mmscope -v $(VERSION) | grep -q .; then \
		echo "dkms remove mmscope/$(VERSION) --all"; dkms remove mmscope/$(VERSION) --all; fi
	rm -rf /usr/src/mmscope-$(VERSION)
	dkms add $(CURDIR)
	dkms build mmscope/$(VERSION) -k $(KVER)
	dkms install mmscope/$(VERSION) -k $(KVER)

# mmscope-dkms_VERSION_all.deb: the module's source for dkms, built on install and upgrades.
deb:
	scripts/mkdeb.sh

dkms-uninstall:
	dkms remove mmscope/$(VERSION) --all
	rm -rf /usr/src/mmscope-$(VERSION)

# Static checks for one kernel; scripts/lint.sh runs them for every kernel under test.
# KBUILD_CHECKSRC: Debian's newer headers lack checker-valid.sh, which turns C=2 off silently.
lint-kernel:
	@set -o pipefail; log=$$(mktemp); \
	$(MAKE) -C $(KDIR) M=$(CURDIR) W=1 C=2 KBUILD_CHECKSRC=2 CHECK="sparse -Wno-decl" \
		modules 2>&1 | tee $$log || { rm -f $$log; exit 1; }; \
	! grep -Eq 'warning:|error:|ERROR:' $$log; rc=$$?; rm -f $$log; exit $$rc

lint:
	scripts/lint.sh

# Only the shellcheck part of make lint: every shell script of the tree.
lint-shell:
	scripts/lint.sh --shell

# The selftests in VMs (root): test is what CI runs (the heavy tests at full strength on
# 6.12, short elsewhere), test-full runs them at full strength on every kernel.
test:
	scripts/vm.sh test $(VMFLAGS)

test-full:
	scripts/vm.sh test --full $(VMFLAGS)

ynl-gen:
	scripts/ynl-gen.sh write

ynl-check:
	scripts/ynl-gen.sh check

# The debug kernel (6.12 with KASAN, lockdep, kmemleak...; scripts/debug-kernel.sh; root) and
# the whole suite on it in a VM (the VM runner's options go in VMFLAGS, e.g. VMFLAGS=--no-deps).
debug-kernel:
	scripts/debug-kernel.sh

test-debug:
	scripts/vm.sh test --kernels debug $(VMFLAGS)

.PHONY: bench all module tools selftests clean install uninstall check-kver install-module \
	uninstall-module install-utils uninstall-utils install-tools install-headers \
	uninstall-headers install-spec uninstall-spec dkms-install dkms-uninstall deb \
	lint lint-kernel lint-shell ynl-gen ynl-check test test-full debug-kernel test-debug
