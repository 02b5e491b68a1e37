# The two commands of README.md:
#   make run    install what is missing, build the release binary, run the service on :8000
#   make test   install what is missing, build, run every test (ctest prints the summary)
# Everything else is a convenience around CMake presets (see CMakePresets.json).

JOBS ?= $(shell nproc)
# The pinned tools of tools/versions.env (scripts/install-tools: Node.js when the machine's is too
# old, kubectl, helm) come before the machine's own, for every recipe and what it starts.
export PATH := $(CURDIR)/.tools/bin:$(PATH)
CTEST_ARGS ?=

.PHONY: run test test-deps build release bench asan demo clean help fuzz chaos

help:
	@echo "make run     build (release) and start the service on 127.0.0.1:8000"
	@echo "make test    build (debug) and run every test suite"
	@echo "make bench   build (release) and compare the service with nginx under wrk"
	@echo "make demo    mvg-sim plus the service wired to it (offline demo on :8000)"
	@echo "make asan    build with ASan+UBSan and run every test"
	@echo "make test-monitoring   the Prometheus/Alertmanager/Grafana checks and the fault test"
	@echo "make fuzz    every libFuzzer target for FUZZ_SECONDS (default 60) under ASan+UBSan"
	@echo "make chaos   faults under wrk load against 3 replicas + Valkey Sentinel + PostgreSQL + mvg-sim"

run: ui
	scripts/setup run
	cmake --preset release >/dev/null
	cmake --build --preset release --target bahnvision -j $(JOBS)
	./build/release/bahnvision serve

# What every test run needs besides the build: Debian packages and the npm tools and web deps.
test-deps:
	scripts/setup test
	scripts/npm-install tools/openapi
	scripts/npm-install web
	scripts/npm-install tools/deploy

test: test-deps
	cmake --preset debug >/dev/null
	cmake --build --preset debug -j $(JOBS)
	ctest --preset debug -j $(JOBS) --timeout 300 $(CTEST_ARGS)

# The monitoring checks alone (rules, Alertmanager, dashboards, no-dangling, fault test).
test-monitoring:
	scripts/setup test
	cmake --preset debug >/dev/null
	cmake --build --preset debug --target bahnvision mvg-sim -j $(JOBS)
	ctest --preset debug -L monitoring --timeout 300 $(CTEST_ARGS)

build:
	scripts/setup run
	cmake --preset debug >/dev/null
	cmake --build --preset debug -j $(JOBS)

release: ui
	scripts/setup run
	cmake --preset release >/dev/null
	cmake --build --preset release --target bahnvision mvg-sim -j $(JOBS)

demo: release
	scripts/demo

bench: release
	scripts/setup bench
	bench/run
	bench/sla

asan: test-deps
	cmake --preset asan >/dev/null
	cmake --build --preset asan -j $(JOBS)
	ctest --preset asan -j $(JOBS) --timeout 600 $(CTEST_ARGS)

# The chaos suite (scripts/chaos): five fault scenarios under load against the whole fleet on
# loopback, 40 s each, one table of figures (docs/operations/reliability.md). Not part of
# `make test`, which runs a 12 s variant of two scenarios (ctest ChaosShort).
chaos: test-deps
	cmake --preset release >/dev/null
	cmake --build --preset release --target bahnvision mvg-sim -j $(JOBS)
	scripts/chaos --build build/release

# libFuzzer targets under fuzz/ (clang-15, ASan+UBSan), each for FUZZ_SECONDS; fails on any finding.
FUZZ_SECONDS ?= 60
fuzz:
	FUZZ_SECONDS=$(FUZZ_SECONDS) fuzz/run

clean:
	rm -rf build

# The web UI (web/dist, served by the service at /): rebuilt only when its sources change.
.PHONY: ui
WEB_SOURCES := $(shell find web/src web/public -type f 2>/dev/null) web/index.html web/package.json \
               web/package-lock.json web/vite.config.ts web/tsconfig.json
ui: web/dist/index.html
web/dist/index.html: $(WEB_SOURCES)
	scripts/setup run
	scripts/npm-install web
	cd web && npm run --silent build
	@touch $@
