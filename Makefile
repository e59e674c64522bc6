# infra-tui: `make run` opens the tool on the embedded demo repository; `make test` runs every test.
SWIFT ?= swift
BIN := .build/debug/infra-tui

.PHONY: all build run test release bench clean fuzz

all: build

build:
	$(SWIFT) build

run: build
	$(BIN) --demo

# The command-line tests drive the real binary, so build it before the test bundle runs; the
# validation cache starts empty so no test is answered by an earlier run.
test: build
	rm -rf .build/test-cache
	INFRA_TUI_BIN=$(CURDIR)/$(BIN) INFRA_TUI_CACHE_DIR=$(CURDIR)/.build/test-cache $(SWIFT) test

# The release binary carries the Swift runtime and Foundation inside it (`--static-swift-stdlib`):
# it runs on a machine without a Swift toolchain, starts 3 ms sooner, and calls the runtime's
# reference counting directly instead of through the dynamic linker's tables (about 5% of a
# large plan's CPU; docs/performance.md).
RELEASE_FLAGS := -c release --static-swift-stdlib

release:
	$(SWIFT) build $(RELEASE_FLAGS)

clean:
	rm -rf .build

# libFuzzer targets for the shell reader, the diff parser/applier and the ops-block parser,
# each run for FUZZ_SECONDS (default 60); crashing inputs are kept in Fuzz/crashes/.
fuzz:
	bash Fuzz/build-and-run.sh

# Whole-process timings (hyperfine) on the fixture and on generated scaffoldings; see docs/performance.md.
bench:
	bash Bench/run.sh
