#!/usr/bin/env bash
# Seeds fuzz/corpus/parse with the Dockerfiles of the shared corpus (real-world,
# edge cases, BuildKit's parser test files). The corpus folder is gitignored.
#
# The shared folder is $LAYERLAB_SHARED, else the first `shared/` holding a
# `corpus/` in this repository (or next to it)
# (the same search as crates/syntax/tests/common/mod.rs).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
shared="${LAYERLAB_SHARED:-}"
if [[ -z "$shared" ]]; then
  d="$here"
  while [[ "$d" != "/" ]]; do
    if [[ -d "$d/shared/corpus" ]]; then shared="$d/shared"; break; fi
    d="$(dirname "$d")"
  done
fi

[[ -d "$shared/corpus" ]] || { echo "no corpus/ in $shared; set LAYERLAB_SHARED" >&2; exit 1; }

out="$here/corpus/parse"
mkdir -p "$out"
n=0
while IFS= read -r -d '' f; do
  rel="${f#"$shared/corpus/"}"
  cp "$f" "$out/${rel//\//__}"
  n=$((n + 1))
done < <(find "$shared/corpus/real-world" "$shared/corpus/edge-cases" "$shared/corpus/buildkit-parser" \
           -type f \( -name '*.Dockerfile' -o -name 'Dockerfile' \) -print0)
echo "seeded $n files from $shared/corpus into $out"
