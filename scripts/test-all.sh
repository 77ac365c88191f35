#!/usr/bin/env bash
# Runs every test distrolint has, installing what it needs first. Idempotent: safe to run again.
#
#   ./scripts/test-all.sh
#
# It installs (when missing): the wasm32 Rust target, wasm-bindgen-cli 0.2.130, Debian's
# chromium and neovim (needs root or sudo), and the npm packages of web/ and editors/vscode/.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
        echo "need root to run: $*" >&2; return 1; fi
}

step "system packages (neovim, chromium)"
missing=()
command -v nvim >/dev/null 2>&1 || missing+=(neovim)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    as_root apt-get update -qq
    as_root apt-get install -y -qq "${missing[@]}"
fi

step "toolchain"
export PATH="$HOME/.cargo/bin:$PATH"
rustup target add wasm32-unknown-unknown >/dev/null
if ! command -v cargo-nextest >/dev/null 2>&1; then
    cargo install cargo-nextest --locked
fi
# wasm-bindgen-cli must match the wasm-bindgen crate (=0.2.130) exactly. `--locked` fails on this
# registry (see ../shared/research/dependencies.md); the install takes several minutes, once.
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen 0.2.130" ]; then
    cargo install wasm-bindgen-cli --version 0.2.130
fi

step "cargo fmt --check"
cargo fmt --all --check

step "cargo clippy --workspace --all-targets -- -D warnings"
cargo clippy --workspace --all-targets -- -D warnings

step "cargo nextest run --workspace"
cargo nextest run --workspace --no-fail-fast

step "cargo check -p distrolint_linter --target wasm32-unknown-unknown"
cargo check -p distrolint_linter --target wasm32-unknown-unknown

step "VS Code extension: build, unit tests, package"
./editors/vscode/ci.sh

step "Neovim configuration smoke check"
./editors/neovim/test/smoke.sh

step "wasm tests, playground build, size budget and browser tests"
./web/ci.sh

step "all tests passed"
