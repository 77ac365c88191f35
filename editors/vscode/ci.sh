#!/usr/bin/env bash
# Builds, tests and packages the VS Code extension: npm ci, build, test, package -> distrolint.vsix.
# Idempotent; needs Node 20+ and the npm registry. Run from anywhere.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
npm ci --no-audit --no-fund
npm run build
npm test
npm run package
