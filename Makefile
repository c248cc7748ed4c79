# SPDX-License-Identifier: GPL-2.0
#
# mmscope: build the module (against KDIR) and the tool.
#
#   make                      module + tool for the running kernel (or the newest headers)
#   make KDIR=/lib/modules/VER/build
#   make lint                 W=1, sparse and checkpatch --strict
#   make ynl-gen / ynl-check  regenerate / verify the files generated from uapi/mmscope.yaml
#   make install              module (updates/, depmod) and tool; DESTDIR and PREFIX honoured

SHELL := /bin/bash

# The running kernel's build tree, else the newest installed one (a lab VM without the
# running kernel's headers, or a build host whose own kernel has none).
KDIR ?= $(firstword $(wildcard /lib/modules/$(shell uname -r)/build) \
	$(lastword $(sort $(wildcard /lib/modules/*/build))))
KVER ?= $(shell sed -n 's/^\#define UTS_RELEASE "\(.*\)"/\1/p' \
	$(KDIR)/include/generated/utsrelease.h 2>/dev/null)
PREFIX ?= /usr/local
DESTDIR ?=

all: module tools

module:
	@test -n "$(KDIR)" -a -d "$(KDIR)" || \
		{ echo "mmscope: no kernel build tree: install linux-headers-$$(uname -r) or set KDIR" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

tools:
	$(MAKE) -C tools

selftests: tools
	$(MAKE) -C selftests KDIR=$(KDIR)

clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean 2>/dev/null || true
	$(MAKE) -C tools clean
	$(MAKE) -C selftests clean

install: install-module install-tools

install-module: module
	$(MAKE) -C $(KDIR) M=$(CURDIR) INSTALL_MOD_PATH=$(DESTDIR) INSTALL_MOD_DIR=updates \
		modules_install
	@if [ -z "$(DESTDIR)" ]; then depmod -a $(KVER); fi

install-tools: tools
	$(MAKE) -C tools install DESTDIR=$(DESTDIR) PREFIX=$(PREFIX)

# Static checks for one kernel; scripts/lint.sh runs them for every kernel under test.
# KBUILD_CHECKSRC: Debian's newer headers lack checker-valid.sh, which turns C=2 off silently.
lint-kernel:
	@set -o pipefail; log=$$(mktemp); \
	$(MAKE) -C $(KDIR) M=$(CURDIR) W=1 C=2 KBUILD_CHECKSRC=2 CHECK="sparse -Wno-decl" \
		modules 2>&1 | tee $$log || { rm -f $$log; exit 1; }; \
	! grep -Eq 'warning:|error:|ERROR:' $$log; rc=$$?; rm -f $$log; exit $$rc

lint:
	scripts/lint.sh

ynl-gen:
	scripts/ynl-gen.sh write

ynl-check:
	scripts/ynl-gen.sh check

.PHONY: all module tools selftests clean install install-module install-tools \
	lint lint-kernel ynl-gen ynl-check
