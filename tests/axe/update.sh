#!/usr/bin/env bash
# Refresh tests/axe/axe.min.js from the axe-core pinned in package.json /
# package-lock.json, and record its package, version and SHA-256 in
# vendored.json (tests/test_vendored.py checks both).  The accessibility test
# injects this file into each page itself: nothing is fetched from a CDN.
# Run after changing the version:  bash tests/axe/update.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$here/package.json" "$here/package-lock.json" "$work/"
(cd "$work" && npm ci --ignore-scripts --no-audit --no-fund --silent)
pkg="$work/node_modules/axe-core"
cp "$pkg/axe.min.js" "$here/axe.min.js"
cp "$pkg/LICENSE" "$here/LICENSE.txt"
version=$(node -p "require('$pkg/package.json').version")
{
  echo "{"
  printf '  "axe.min.js": {"package": "axe-core", "version": "%s", "path": "axe.min.js", "sha256": "%s"},\n' \
    "$version" "$(sha256sum "$here/axe.min.js" | cut -d' ' -f1)"
  printf '  "LICENSE.txt": {"package": "axe-core", "version": "%s", "path": "LICENSE", "sha256": "%s"}\n' \
    "$version" "$(sha256sum "$here/LICENSE.txt" | cut -d' ' -f1)"
  echo "}"
} >"$here/vendored.json"
echo "vendored axe-core $version into $here"
