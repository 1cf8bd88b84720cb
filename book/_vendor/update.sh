#!/usr/bin/env bash
# Refresh the vendored front-end files in book/_static/widgets from the npm
# packages pinned in package.json / package-lock.json, and record where each
# file came from and its SHA-256 in vendored.json (tests/test_vendored.py
# checks both).  Run after changing a version here:  bash book/_vendor/update.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out="$here/../_static/widgets"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$here/package.json" "$here/package-lock.json" "$work/"
(cd "$work" && npm ci --ignore-scripts --no-audit --no-fund --silent)
nm="$work/node_modules"
rm -rf "$out/anywidget" "$out"/*.js "$out"/*.woff* "$out"/*.ttf "$out"/*.txt
mkdir -p "$out/anywidget"
# package  file-in-package  where-it-goes
files=(
  "requirejs require.js require.js"
  "@jupyter-widgets/html-manager dist/embed-amd.js embed-amd.js"
  "anywidget dist/index.js anywidget/index.js"
  "anywidget LICENSE anywidget/LICENSE.txt"
)
# The Font Awesome fonts the widget CSS asks for (woff2, woff, ttf).
for f in "$nm/@jupyter-widgets/html-manager/dist/"*.{woff2,woff,ttf}; do
  files+=("@jupyter-widgets/html-manager dist/$(basename "$f") $(basename "$f")")
done
{
  echo "{"
  first=1
  for entry in "${files[@]}"; do
    read -r pkg src dst <<<"$entry"
    cp "$nm/$pkg/$src" "$out/$dst"
    version=$(node -p "require('$nm/$pkg/package.json').version")
    sha=$(sha256sum "$out/$dst" | cut -d' ' -f1)
    [ $first = 1 ] || echo ","
    first=0
    printf '  "%s": {"package": "%s", "version": "%s", "path": "%s", "sha256": "%s"}' \
      "$dst" "$pkg" "$version" "$src" "$sha"
  done
  echo
  echo "}"
} >"$here/vendored.json"
cp "$here/require-config.js" "$out/require-config.js"
echo "vendored ${#files[@]} files into $out"
