#!/usr/bin/env bash
# Declares the public symbols a build reports as undeclared (RS0016) in each library's
# PublicAPI.Unshipped.txt; with --ship, moves every unshipped line into PublicAPI.Shipped.txt
# (do that when a version is released). Review the diff: each new line is API we promise to keep.
set -euo pipefail
cd "$(dirname "$0")/.."
# PROJECTS="Orleans" eng/public-api.sh runs it for those libraries only.
for project in ${PROJECTS:-Abstractions Runtime Compiler Loader AspNetCore Orleans}; do
  dir="src/$project"
  for file in PublicAPI.Shipped.txt PublicAPI.Unshipped.txt; do
    [ -f "$dir/$file" ] || printf '#nullable enable\n' > "$dir/$file"
  done
  missing=$(dotnet build "$dir" --no-incremental -p:TreatWarningsAsErrors=false 2>&1 \
    | grep -o "RS0016: Symbol '[^']*' is not part of the declared public API" \
    | sed "s/^RS0016: Symbol '//; s/' is not part of the declared public API\$//" | sort -u || true)
  if [ -n "$missing" ]; then
    { tail -n +2 "$dir/PublicAPI.Unshipped.txt"; printf '%s\n' "$missing"; } | sort -u > "$dir/PublicAPI.Unshipped.tmp"
    { printf '#nullable enable\n'; cat "$dir/PublicAPI.Unshipped.tmp"; } > "$dir/PublicAPI.Unshipped.txt"
    rm "$dir/PublicAPI.Unshipped.tmp"
  fi
  if [ "${1:-}" = "--ship" ]; then
    { tail -n +2 "$dir/PublicAPI.Shipped.txt"; tail -n +2 "$dir/PublicAPI.Unshipped.txt"; } | sed '/^$/d' | sort -u > "$dir/PublicAPI.Shipped.tmp"
    { printf '#nullable enable\n'; cat "$dir/PublicAPI.Shipped.tmp"; } > "$dir/PublicAPI.Shipped.txt"
    rm "$dir/PublicAPI.Shipped.tmp"
    printf '#nullable enable\n' > "$dir/PublicAPI.Unshipped.txt"
  fi
  echo "$dir: $(($(wc -l < "$dir/PublicAPI.Shipped.txt") - 1)) shipped, $(($(wc -l < "$dir/PublicAPI.Unshipped.txt") - 1)) unshipped"
done
