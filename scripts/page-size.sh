#!/usr/bin/env bash
# Prints the gzip -9 size of what the page loads from dist/ (after `trunk build --release`):
# a quick look at the page weight after every build. The e2e page-weight test holds the
# ceiling with what the browser really fetches; docs/size.md says what keeps the page small.
set -euo pipefail
cd "$(dirname "$0")/../dist"
for f in *.wasm *.js *.css index.html *.svg; do
  [ -f "$f" ] && printf '%s %s\n' "$f" "$(gzip -9 -c "$f" | wc -c)"
done | awk '{ total += $2; printf "  %-36s %7.1f KiB gzip\n", $1, $2 / 1024 }
            END { printf "page weight: %.1f KiB gzip (budget 260 KiB)\n", total / 1024 }'
