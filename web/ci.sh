#!/usr/bin/env bash
# The playground's checks, in the order CI runs them (.ci/run calls this script):
#   1. distrolint_wasm's unit tests on the host, then its wasm-bindgen tests under Node;
#   2. web/build.sh (cargo, wasm-bindgen, wasm-opt, tsc, vite) into web/dist;
#   3. eslint over the TypeScript and the test scripts;
#   4. the download budget (scripts/check-size.mjs);
#   5. the end-to-end test in Chromium (tests/e2e.test.mjs, playwright-core).
# Idempotent. Needs: the Rust toolchain with the wasm32-unknown-unknown target, wasm-bindgen-cli
# 0.2.130 (it provides wasm-bindgen-test-runner), Node 20 with npm, and Chromium at
# /usr/bin/chromium (or $CHROMIUM).
set -euo pipefail

web="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$web")"
export PATH="$HOME/.cargo/bin:$PATH"
started=$SECONDS

step() { printf '\n== %s\n' "$*" >&2; }

chromium="${CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
  echo "Chromium is missing at $chromium: apt-get install -y chromium (or set CHROMIUM)" >&2
  exit 1
fi
if ! command -v wasm-bindgen-test-runner >/dev/null 2>&1; then
  echo "wasm-bindgen-test-runner is missing: cargo install wasm-bindgen-cli --version 0.2.130" >&2
  exit 1
fi

cd "$root"
step "cargo test -p distrolint_wasm (host)"
cargo test -p distrolint_wasm --quiet

step "cargo test -p distrolint_wasm --target wasm32-unknown-unknown (Node)"
cargo test -p distrolint_wasm --target wasm32-unknown-unknown

step "web/build.sh"
"$web/build.sh"

step "eslint"
(cd "$web" && node_modules/.bin/eslint .)

# The budget and the browser test both run, so one report shows both; either failing fails the script.
failed=()
step "size budget"
node "$web/scripts/check-size.mjs" || failed+=("size budget")

step "end-to-end test in Chromium"
CHROMIUM="$chromium" node --test --test-reporter=spec "$web/tests/" || failed+=("end-to-end test")

if [ ${#failed[@]} -gt 0 ]; then
  printf '\nweb/ci.sh failed after %ds: %s\n' "$((SECONDS - started))" "${failed[*]}" >&2
  exit 1
fi
printf '\nweb/ci.sh passed in %ds\n' "$((SECONDS - started))" >&2
