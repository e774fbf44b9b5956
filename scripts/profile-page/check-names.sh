#!/bin/sh
# Checks that "${NAMED_WASM:-target/named.wasm}" (wasm-opt -Oz -g of the same wasm-bindgen output)
# has dist's function index space, so that the profiles' wasm-function[N] can
# be named from it: the named module, names stripped, and dist's module have
# the same functions with the same signatures in the same order (their bodies
# differ only in the numbering of locals).
set -eu
B="$(cd "$(dirname "$0")/../.." && pwd)/node_modules/.bin"; T=$(mktemp -d)
F="--enable-bulk-memory --enable-nontrapping-float-to-int"
$B/wasm-opt "${NAMED_WASM:-target/named.wasm}" --strip-debug -o $T/ns.wasm $F
$B/wasm-dis "$(ls "${DIST:-dist}"/*_bg.wasm)" | grep '^ (func ' | sed 's/(func \$[^ ]* /(func /' > $T/a
$B/wasm-dis $T/ns.wasm | grep '^ (func ' | sed 's/(func \$[^ ]* /(func /' > $T/b
echo "functions: $(wc -l < $T/a) in dist, $(wc -l < $T/b) in the named module"
cmp $T/a $T/b && echo "same functions, signatures and order"
rm -rf $T
