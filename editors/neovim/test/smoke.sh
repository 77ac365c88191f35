#!/usr/bin/env bash
# Smoke check of the Neovim configuration in headless Neovim against a stand-in LSP server
# (test/fake_lsp_server.py, not distrolint). See test/smoke.lua for what it checks. It does not
# test the real server: the LSP end-to-end test under tests/ does that.
#
#   editors/neovim/test/smoke.sh            # uses nvim on PATH
#   NVIM=/path/to/nvim editors/neovim/test/smoke.sh
#
# Runs the legacy setup (lua/distrolint/init.lua) on every Neovim from 0.7 on, and additionally
# lsp/distrolint.lua through vim.lsp.enable on Neovim 0.11 and later. Needs python3.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
nvim_dir="$(dirname "$here")"
NVIM="${NVIM:-nvim}"
if ! command -v "$NVIM" >/dev/null 2>&1; then
  echo "smoke.sh: $NVIM not found; install Neovim 0.7 or later (apt-get install neovim)" >&2
  exit 2
fi
command -v python3 >/dev/null || { echo "smoke.sh: python3 not found" >&2; exit 2; }

work="$(mktemp -d)"
trap '[[ -n "${SMOKE_KEEP:-}" ]] || rm -rf "$work"' EXIT

run() {
  local mode="$1"
  local base="$work/$mode"
  local proj="$base/proj" loose="$base/loose" bin="$base/bin"
  mkdir -p "$proj/.git" "$proj/svc" "$proj/deep/nested" "$loose" "$bin"
  : >"$proj/svc/distrolint.toml"
  : >"$proj/deep/.distrolint.toml"
  for f in Dockerfile Dockerfile.prod web.Dockerfile Containerfile Containerfile.dev svc/Dockerfile deep/nested/Containerfile; do
    printf 'FROM scratch\nCMD echo hi\n' >"$proj/$f"
  done
  # A first-line comment: Neovim 0.7 would otherwise guess filetype "conf" for *.dockerfile.
  printf '# syntax=docker/dockerfile:1\nFROM scratch\n' >"$proj/api.dockerfile"
  printf 'FROM scratch\n' >"$loose/Dockerfile"
  printf '# readme\n' >"$proj/README.md"
  printf '#!/bin/sh\nexec python3 %q "$@"\n' "$here/fake_lsp_server.py" >"$bin/distrolint"
  chmod +x "$bin/distrolint"

  local status=0
  PATH="$bin:$PATH" \
    DISTROLINT_NVIM_DIR="$nvim_dir" SMOKE_PROJECT="$proj" SMOKE_LOOSE="$loose" SMOKE_MODE="$mode" \
    FAKE_LSP_LOG="$base/server.log" SMOKE_RESULTS="$base/results.txt" \
    timeout 120 "$NVIM" --headless --clean -c "luafile $here/smoke.lua" </dev/null >"$base/nvim.out" 2>&1 || status=$?
  echo "== $mode ($("$NVIM" --version | head -n1))"
  if [[ -f "$base/results.txt" ]]; then
    cat "$base/results.txt"
  else
    echo "smoke.lua wrote no results (exit $status); Neovim said:"
    cat "$base/nvim.out"
    status=1
  fi
  return "$status"
}

# The Helix snippet: valid TOML that names `distrolint server` for the dockerfile language.
check_helix() {
  python3 - "$nvim_dir/../helix/languages.toml" <<'PY'
import sys
try:
    import tomllib
except ModuleNotFoundError:  # Python < 3.11
    print("skip helix/languages.toml: no tomllib")
    sys.exit(0)
with open(sys.argv[1], "rb") as f:
    cfg = tomllib.load(f)
server = cfg["language-server"]["distrolint"]
ok = (server["command"] == "distrolint" and server["args"] == ["server"]
      and isinstance(server["config"]["distrolint"], dict)
      and any(l["name"] == "dockerfile" and "distrolint" in l["language-servers"] for l in cfg["language"]))
print(("ok   " if ok else "FAIL ") + "helix/languages.toml parses and starts `distrolint server` for dockerfile")
print("smoke: %d passed, %d failed" % (ok, not ok))
sys.exit(0 if ok else 1)
PY
}

status=0
echo "== helix"
check_helix || status=1
run legacy || status=1
if "$NVIM" --headless --clean -c 'if has("nvim-0.11") | qall! | else | cquit | endif' >/dev/null 2>&1; then
  run native || status=1
fi
exit "$status"
