#!/usr/bin/env bash
# Prints the gzip -9 size of what the page loads from dist/ (after `trunk build --release`):
# a quick look at the page weight after every build. The e2e page-weight test holds the
# ceiling with what the browser really fetches; docs/size.md says what keeps the page small.
set -euo pipefail
cd "$(dirname "$0")/../dist"
# index.html and every file it names (relative URLs, "./name": Trunk.toml's public_url); the
# embedding example's files are in dist/ too, but this page does not load them.
for f in index.html $(grep -o '"\./[^"]*"' index.html | tr -d '"' | sed 's|^\./||' | sort -u); do
  [ -f "$f" ] && printf '%s %s\n' "$f" "$(gzip -9 -c "$f" | wc -c)"
done | sort -k2 -n -r | awk '{ total += $2; printf "  %-36s %7.1f KiB gzip\n", $1, $2 / 1024 }
            END { printf "page weight: %.1f KiB gzip (budget 260 KiB)\n", total / 1024 }'
