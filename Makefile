# warden: the commands. Everything is built by CMake; this file only wraps it.
#
#   make run        install what is missing (as root), build the library, the tool and the demo,
#                   and run the demo
#   make test       build, then run every test: in the normal build and in an ASan/UBSan build
#   make fuzz       run every fuzz target for FUZZ_SECONDS (default 60) each, and report
#   make deps | build | test-asan | install [PREFIX=/usr/local] | clean

PREFIX     ?= /usr/local
DESTDIR    ?=
BUILD      ?= build
BUILD_ASAN ?= build-asan
BUILD_TSAN ?= build-tsan
BUILD_FUZZ ?= build-fuzz
JOBS       ?= 2
CMAKE      ?= cmake
CTEST      ?= ctest

# The normal build uses the system compiler (gcc); the sanitizer build uses clang, so that every
# `make test` also proves that both compilers build warden without a warning. Evaluated when
# used, so a clang installed by `deps` in the same run is found.
ASAN_CC    ?= $(firstword $(shell for c in clang-19 clang; do command -v $$c; done) cc)
SYMBOLIZER  = $(firstword $(shell for c in llvm-symbolizer-19 llvm-symbolizer; do command -v $$c; done))

# The code cache some tests of the compiled tier share across the three builds (tests/CMakeLists.txt).
TEST_CODE_CACHE ?= $(CURDIR)/$(BUILD)/test-code-cache

CTEST_FLAGS = --output-on-failure -j$(JOBS) --no-tests=error --timeout 600
SAN_ENV     = ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
              UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
              $(if $(SYMBOLIZER),ASAN_SYMBOLIZER_PATH=$(SYMBOLIZER))

# CMake's own Makefiles run below this one: keep them from announcing every directory change.
MAKEFLAGS += --no-print-directory

.PHONY: all deps build run test test-asan test-tsan install clean bench-limits fuzz

all: build

# Every Debian package the project uses (build, tests, guest programs, benchmarks).
deps:
	@bash scripts/install-deps.sh

# Release build with debug information, tests and examples included.
build: deps
	$(CMAKE) -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWARDEN_TESTS=ON -DWARDEN_EXAMPLES=ON \
	  -DWARDEN_TEST_CODE_CACHE=$(TEST_CODE_CACHE)
	$(CMAKE) --build $(BUILD) -j$(JOBS)

# The demo needs neither the tests nor their packages: a build directory made here leaves the tests
# out; one that exists already is reused as it is configured.
run:
	@bash scripts/install-deps.sh --run
	@if [ -f $(BUILD)/CMakeCache.txt ]; then \
	  echo "$(CMAKE) -S . -B $(BUILD) -DWARDEN_EXAMPLES=ON"; \
	  $(CMAKE) -S . -B $(BUILD) -DWARDEN_EXAMPLES=ON; \
	else \
	  echo "$(CMAKE) -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWARDEN_TESTS=OFF -DWARDEN_EXAMPLES=ON"; \
	  $(CMAKE) -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWARDEN_TESTS=OFF -DWARDEN_EXAMPLES=ON; \
	fi
	$(CMAKE) --build $(BUILD) -j$(JOBS) --target warden demo
	$(BUILD)/examples/demo $(BUILD)/examples/fib.wasm 20
	$(BUILD)/warden run --invoke fib $(BUILD)/examples/fib.wasm 20

# Every test, twice: the normal build, then an optimised build under AddressSanitizer (leaks
# included) and UndefinedBehaviorSanitizer; the latter also builds the fuzz targets (on the tests'
# library, without libFuzzer's coverage of it: `make fuzz` has that) and runs each briefly
# (tests/fuzz). For the SIMD spec files and the WASI programs in the compiled tier, it
# links the native code the normal build compiled (TEST_CODE_CACHE), and runs that.
test: build
	$(CTEST) --test-dir $(BUILD) $(CTEST_FLAGS)
	@$(MAKE) test-asan
	@$(MAKE) test-tsan

test-asan: deps
	CC=$(ASAN_CC) $(CMAKE) -S . -B $(BUILD_ASAN) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWARDEN_SANITIZE=ON \
	  -DWARDEN_TESTS=ON -DWARDEN_EXAMPLES=ON -DWARDEN_FUZZ=ON -DWARDEN_FUZZ_COVERAGE=OFF \
	  -DWARDEN_TEST_CODE_CACHE=$(TEST_CODE_CACHE)
	$(CMAKE) --build $(BUILD_ASAN) -j$(JOBS)
	$(SAN_ENV) $(CTEST) --test-dir $(BUILD_ASAN) $(CTEST_FLAGS)

# The tests that run threads (deadline ticker, interrupts from another thread, the API) under
# ThreadSanitizer, with the components' async host functions and pausing calls; only their
# programs (and fixtures) are built (scripts/test-targets.py).
TSAN_TESTS = 'limits/|api/|component/api-async|component/pause|llvm/lazy-compile|llvm/code-cache|llvm/mixed-tiers'
test-tsan: deps
	CC=$(ASAN_CC) $(CMAKE) -S . -B $(BUILD_TSAN) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWARDEN_TSAN=ON \
	  -DWARDEN_TESTS=ON -DWARDEN_EXAMPLES=OFF -DWARDEN_TEST_CODE_CACHE=$(TEST_CODE_CACHE)
	$(CMAKE) --build $(BUILD_TSAN) -j$(JOBS) \
	  --target $$(python3 scripts/test-targets.py $(BUILD_TSAN) $(TSAN_TESTS))
	TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 \
	  $(CTEST) --test-dir $(BUILD_TSAN) $(CTEST_FLAGS) -R $(TSAN_TESTS)

# Header, static and shared libraries, the warden tool, warden.pc and the CMake package.
install: build
	DESTDIR=$(DESTDIR) $(CMAKE) --install $(BUILD) --prefix $(PREFIX)

clean:
	rm -rf $(BUILD) $(BUILD_ASAN) $(BUILD_TSAN) $(BUILD_FUZZ)

# Fuzzing (tests/fuzz): builds the libFuzzer targets with clang, ASan and UBSan in $(BUILD_FUZZ),
# runs each for FUZZ_SECONDS with its seeds and dictionary, and prints executions, exec/s, coverage
# and findings per target. New corpus inputs, findings (crash-*, leak-*, timeout-*) and logs go to
# $(FUZZ_OUT)/<target>/, which git ignores and `make clean` keeps. FUZZ_TARGETS picks targets.
FUZZ_SECONDS ?= 60
FUZZ_OUT     ?= fuzz-out
FUZZ_TARGETS ?= fuzz_exec fuzz_validate fuzz_wasi fuzz_text fuzz_component fuzz_artifact
fuzz: deps
	CC=$(ASAN_CC) $(CMAKE) -S . -B $(BUILD_FUZZ) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWARDEN_SANITIZE=ON \
	  -DWARDEN_TESTS=ON -DWARDEN_EXAMPLES=OFF -DWARDEN_FUZZ=ON -DWARDEN_FUZZ_COVERAGE=ON
	$(CMAKE) --build $(BUILD_FUZZ) -j$(JOBS) --target $(FUZZ_TARGETS) warden_fuzz_seeds
	$(if $(SYMBOLIZER),ASAN_SYMBOLIZER_PATH=$(SYMBOLIZER)) \
	  bash tests/fuzz/fuzz.sh $(BUILD_FUZZ) $(FUZZ_OUT) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# The cost of fuel metering and deadline checks, and how late a deadline fires.
bench-limits: build
	bash bench/limits/run.sh $(BUILD)

# Hostile modules under --max-memory 64MiB --timeout 100ms: peak memory and time of each run.
.PHONY: bench-hostile
bench-hostile: build
	bash bench/hostile/run.sh $(BUILD)

# Calls that pause and the scheduler: the cost of time slices, of async host calls and of a pause,
# 10,000 stores of timer-finished calls on 2 workers, short calls next to a spinning guest
# (bench/async/bench_async.c; docs/performance.md, "Async execution"). BENCH_ASYNC_ARGS passes
# options, e.g. BENCH_ASYNC_ARGS="--only compute,pause --rounds 5". `make build` builds it (with
# the tests); it never runs in `make test`.
.PHONY: bench-async
bench-async: build
	$(BUILD)/bench/async/bench_async $(BENCH_ASYNC_ARGS)

# What crossing the component boundary costs, beside a plain core call (bench/component).
.PHONY: bench-component
bench-component: build
	$(BUILD)/bench/component/bench_component $(BENCH_COMPONENT_ARGS)

# Start-up of a big module (about 30 MB of code, generated and compiled once into
# $(BUILD)/bench-startup/): the time from its bytes in memory to its first call's result, with
# functions lowered at module creation and at their first call (bench/startup/run.sh).
.PHONY: bench-startup
bench-startup: build
	bash bench/startup/run.sh $(BUILD)

# Benchmarks: the workloads natively and in every engine found, the micro-benchmarks and the plot
# (bench/run.sh; docs/performance.md explains them). Never part of `make test`.
# BENCH_ARGS passes options, e.g. BENCH_ARGS="--only hash,sort --reps 1".
.PHONY: bench
bench: build
	BUILD=$(BUILD) bash bench/run.sh $(BENCH_ARGS)
