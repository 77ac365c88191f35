#!/usr/bin/env bash
# Builds the playground into web/dist: a static site with no server-side part.
#
#   1. cargo builds distrolint_wasm for wasm32-unknown-unknown with the workspace's `wasm` profile;
#   2. wasm-bindgen (the CLI, same version as the crate: 0.2.130) writes the JS glue and the
#      TypeScript types into web/pkg;
#   3. wasm-opt -Oz (npm `binaryen`, pinned in package.json) shrinks the wasm;
#   4. tsc checks the TypeScript and vite builds the page.
#
# It is idempotent and works from a clean clone: it runs `npm ci` when node_modules is missing
# or older than package-lock.json.
set -euo pipefail

web="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$web")"
bindgen_version="0.2.130"

step() { printf '\n== %s\n' "$*" >&2; }

cd "$web"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "npm ci"
  npm ci --no-audit --no-fund
fi

if ! command -v wasm-bindgen >/dev/null 2>&1; then
  echo "wasm-bindgen is missing: cargo install wasm-bindgen-cli --version $bindgen_version" >&2
  exit 1
fi
found="$(wasm-bindgen --version | awk '{print $2}')"
if [ "$found" != "$bindgen_version" ]; then
  echo "wasm-bindgen $found found, $bindgen_version needed (it must match the crate):" >&2
  echo "  cargo install wasm-bindgen-cli --version $bindgen_version --force" >&2
  exit 1
fi

step "cargo build --profile wasm --target wasm32-unknown-unknown -p distrolint_wasm"
cd "$root"
cargo build --profile wasm --target wasm32-unknown-unknown -p distrolint_wasm
target_dir="$(cargo metadata --format-version 1 --no-deps | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')"
wasm="$target_dir/wasm32-unknown-unknown/wasm/distrolint_wasm.wasm"

step "wasm-bindgen --target web"
cd "$web"
rm -rf pkg
wasm-bindgen --target web --out-dir pkg --remove-producers-section "$wasm"

step "wasm-opt -Oz"
# The features rustc enables by default for wasm32-unknown-unknown; wasm-opt must accept them all.
node_modules/.bin/wasm-opt -Oz --converge --strip-debug --strip-producers \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  pkg/distrolint_wasm_bg.wasm -o pkg/distrolint_wasm_bg.opt.wasm
mv pkg/distrolint_wasm_bg.opt.wasm pkg/distrolint_wasm_bg.wasm

step "tsc --noEmit"
node_modules/.bin/tsc --noEmit

step "vite build"
node_modules/.bin/vite build --logLevel warn
printf '\nweb/dist is ready: python3 -m http.server -d web/dist 8000\n' >&2
