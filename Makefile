# Raftlab: `make run` builds and serves the app, `make test` runs every test.
# Both install whatever tool is missing first (see scripts/ensure-tools.sh).

SHELL := /bin/bash
CARGO_HOME ?= $(HOME)/.cargo
export PATH := $(CURDIR)/tools/node_modules/.bin:$(CARGO_HOME)/bin:$(PATH)
export CHROMEDRIVER ?= /usr/bin/chromedriver
export CHROMIUM ?= /usr/bin/chromium

.PHONY: run build test tools tools-test fmt-check clippy test-native test-wasm test-e2e chaos bench screenshot

# trunk serve builds the release page itself (once), then serves it.
run: tools
	cargo fetch --quiet
	@echo "Raftlab will be at http://127.0.0.1:8080 once the build below is done (Ctrl-C stops it)"
	trunk serve --release --offline --address 127.0.0.1 --port 8080 --no-autoreload

tools:
	@scripts/ensure-tools.sh build

tools-test:
	@scripts/ensure-tools.sh test

# The release build of the page into dist/ (wasm-opt runs as part of it).
build:
	cargo fetch --quiet
	trunk build --release --offline
	@scripts/page-size.sh

test: tools-test fmt-check clippy test-native test-wasm build test-e2e
	@echo "make test: all passed"

fmt-check:
	cargo fmt --all -- --check

clippy:
	cargo clippy --all-targets -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --lib --bin raftlab --bin raftlab-on-demand --bin raftlab-bench --test 'wasm_*' -- -D warnings

test-native:
	cargo test --all-targets

# wasm-bindgen-test tests (tests/wasm_*.rs) in headless Chromium.
test-wasm:
	cargo test --target wasm32-unknown-unknown --test 'wasm_*'

# Playwright drives Debian's Chromium against the release build served on loopback.
test-e2e:
	cd tests/e2e && npm test

# The README's image, from the release build (make test takes the same shot into tests/e2e/artifacts/).
screenshot: tools-test build
	cd tests/e2e && SCREENSHOT_FOR_README=1 node --test screenshot.test.mjs

chaos:
	cargo run --release --bin raftlab-cli -- chaos --seeds 20000 --duration-ms 60000

bench:
	@$(MAKE) --no-print-directory tools-test build
	cd tests/e2e && node bench/run.mjs
