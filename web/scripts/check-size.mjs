// Checks the playground's download budget (DESIGN.md, "Performance budget"):
//   the wasm at most 350 KB gzipped, and all JavaScript plus the wasm at most 600 KB gzipped.
// KB here is 1,000 bytes. gzip level 6, what static servers typically use. Exits 1 when over.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const dist = fileURLToPath(new URL('../dist', import.meta.url));
const WASM_BUDGET = 350_000;
const TOTAL_BUDGET = 600_000;

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

let all;
try {
  all = files(dist);
} catch {
  console.error('web/dist is missing: run web/build.sh first');
  process.exit(1);
}

const rows = all
  .map((path) => {
    const bytes = readFileSync(path);
    return { file: relative(dist, path), raw: bytes.length, gz: gzipSync(bytes, { level: 6 }).length };
  })
  .sort((a, b) => b.gz - a.gz);

const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
for (const r of rows) console.log(`${r.file.padEnd(48)} ${kb(r.raw).padStart(10)} ${kb(r.gz).padStart(10)} gz`);

const wasm = rows.filter((r) => r.file.endsWith('.wasm')).reduce((n, r) => n + r.gz, 0);
const code = rows.filter((r) => /\.(wasm|m?js)$/.test(r.file)).reduce((n, r) => n + r.gz, 0);
const checks = [
  ['wasm', wasm, WASM_BUDGET],
  ['JS + wasm', code, TOTAL_BUDGET],
];
let failed = false;
for (const [name, size, budget] of checks) {
  const ok = size <= budget;
  failed ||= !ok;
  console.log(`${ok ? 'ok  ' : 'OVER'} ${name}: ${kb(size)} gzipped (budget ${kb(budget)})`);
}
if (rows.filter((r) => r.file.endsWith('.wasm')).length !== 1) {
  console.log('OVER expected exactly one .wasm file in web/dist');
  failed = true;
}
process.exit(failed ? 1 : 0);
