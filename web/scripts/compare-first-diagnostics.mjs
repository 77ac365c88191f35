// Compares the time to first diagnostics of two or more builds of the playground, loading them
// in turn in one Chromium so that the machine's drift hits every build alike. Load-to-load noise
// on a shared VM is tens of milliseconds, so separate `npm run bench` runs cannot tell a change of
// that size apart; this can.
//
//   cp -r web/dist /tmp/before   # build, copy, change, build again, then:
//   node web/scripts/compare-first-diagnostics.mjs /tmp/before web/dist [ROUNDS]
//
// Prints each build's medians and sorted figures (ms since navigation start), after two warm-up
// rounds: first diagnostics listed, painted, and the editor ready (for builds that record them).
// CHROMIUM=/path overrides /usr/bin/chromium (see tests/chromium.mjs).
import { chromium } from 'playwright-core';

import { args as chromiumArgs, executablePath } from '../tests/chromium.mjs';
import { serve } from '../tests/server.mjs';

const args = process.argv.slice(2);
const rounds = /^\d+$/.test(args.at(-1) ?? '') ? Number(args.pop()) : 12;
if (args.length < 2) {
  console.error('usage: compare-first-diagnostics.mjs DIST_A DIST_B [DIST_C...] [ROUNDS]');
  process.exit(2);
}
const servers = await Promise.all(args.map((dir) => serve(dir)));
const browser = await chromium.launch({ executablePath, args: chromiumArgs });
const context = await browser.newContext();
/** Per build, every figure the page records, by name; older builds lack the later ones. */
const KEYS = ['firstDiagnosticsMs', 'firstDiagnosticsPaintedMs', 'editorReadyMs'];
const figures = args.map(() => Object.fromEntries(KEYS.map((key) => [key, []])));
for (let round = 0; round < rounds + 2; round++) {
  for (const [k, server] of servers.entries()) {
    const page = await context.newPage();
    await page.goto(server.url);
    await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
    // The painted figure comes a frame after the first diagnostics.
    await page.waitForFunction(() => window.__distrolint.firstDiagnosticsPaintedMs !== null);
    const m = await page.evaluate(() => window.__distrolint);
    if (round >= 2) for (const key of KEYS) if (typeof m[key] === 'number') figures[k][key].push(m[key]);
    await page.close();
  }
}
await browser.close();
await Promise.all(servers.map((s) => s.close()));
for (const [k, dir] of args.entries()) {
  for (const key of KEYS) {
    const sorted = figures[k][key].sort((a, b) => a - b);
    if (!sorted.length) continue;
    const median = sorted[Math.floor(sorted.length / 2)];
    console.log(`${dir}: ${key} median ${median.toFixed(0)} ms; ${sorted.map((v) => v.toFixed(0)).join(' ')}`);
  }
}
