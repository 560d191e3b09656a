#!/usr/bin/env bash
# Installs every tool the build and the tests need, skipping what is already present at the
# right version. Everything comes from a package registry (the Rust package registry, npm, Debian packages); nothing
# downloads a binary from elsewhere.
#
#   scripts/ensure-tools.sh build   wasm target, Trunk, wasm-bindgen CLI, wasm-opt, terser, csso
#   scripts/ensure-tools.sh test    the above plus Chromium, chromedriver and the e2e npm packages
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
WHAT=${1:-build}
TRUNK_VERSION=0.21.14

say() { printf '\033[1m[tools]\033[0m %s\n' "$*"; }

# The wasm-bindgen CLI must match the wasm-bindgen crate in Cargo.lock exactly.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

ensure_wasm_target() {
  if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "wasm32-unknown-unknown target: present"
  else
    say "installing the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
}

ensure_trunk() {
  if command -v trunk >/dev/null && trunk --version | grep -q " $TRUNK_VERSION\$"; then
    say "trunk $TRUNK_VERSION: present"
  else
    say "installing trunk $TRUNK_VERSION from the Rust package registry (about 7 minutes on 2 cores)"
    cargo install trunk --version "$TRUNK_VERSION" --locked
  fi
}

ensure_wasm_bindgen() {
  [ -f Cargo.lock ] || cargo generate-lockfile
  local want
  want=$(wasm_bindgen_version)
  if command -v wasm-bindgen >/dev/null && wasm-bindgen --version | grep -q " $want\$" \
     && command -v wasm-bindgen-test-runner >/dev/null; then
    say "wasm-bindgen CLI $want: present"
  else
    # No --locked: the CLI's own lock file names a crate version the registry does not serve.
    say "installing wasm-bindgen-cli $want from the Rust package registry (about 2 minutes)"
    cargo install wasm-bindgen-cli --version "$want" --force
  fi
}

ensure_build_packages() {
  # Debian's binaryen is too old for rustc 1.95 output; npm's is current. terser and csso minify
  # the JS glue and the style sheet in Trunk's post-build hook (tools/minify.mjs).
  if [ -x tools/node_modules/.bin/wasm-opt ] && [ -d tools/node_modules/terser ] \
     && [ -d tools/node_modules/csso ] \
     && [ tools/node_modules/.package-lock.json -nt tools/package-lock.json ]; then
    say "wasm-opt (npm binaryen), terser and csso: present"
  else
    say "installing wasm-opt (binaryen), terser and csso from npm"
    (cd tools && npm ci --no-audit --no-fund)
  fi
}

# Installs Debian packages (as root, or through sudo).
apt_install() {
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@"
}

ensure_chromium() {
  if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then
    say "chromium and chromedriver: present"
  else
    say "installing chromium and chromium-driver from Debian's packages"
    apt_install chromium chromium-driver
  fi
}

# Chinese text in screenshots (lessons in Chinese, the README's picture of one): Debian's
# Chromium has no CJK font of its own, so the picture would show empty boxes (the page itself is
# right either way; a user's browser brings its own fonts, and the page ships none).
ensure_cjk_font() {
  if dpkg -s fonts-noto-cjk >/dev/null 2>&1; then
    say "fonts-noto-cjk: present"
  else
    say "installing fonts-noto-cjk from Debian's packages (Chinese text in screenshots)"
    apt_install fonts-noto-cjk
  fi
}

ensure_e2e_packages() {
  if [ -d tests/e2e/node_modules/playwright-core ] && [ -d tests/e2e/node_modules/axe-core ] \
     && [ tests/e2e/node_modules/.package-lock.json -nt tests/e2e/package-lock.json ]; then
    say "e2e npm packages: present"
  else
    say "installing the e2e npm packages (playwright-core, no browser download; axe-core)"
    (cd tests/e2e && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
  fi
}

ensure_wasm_target
ensure_trunk
ensure_wasm_bindgen
ensure_build_packages
if [ "$WHAT" = test ]; then
  ensure_chromium
  ensure_cjk_font
  ensure_e2e_packages
fi
say "all tools ready"
