// End-to-end test of the built playground (web/dist) in Debian's Chromium, through playwright-core.
//
//   node --test web/tests/            (after web/build.sh; CHROMIUM=/path overrides /usr/bin/chromium)
//
// Every page records the requests it makes once its first diagnostics are shown; the static
// server logs what it serves. Both must stay empty after load. A screenshot goes to
// tests/artifacts/playground.png (and a dark and a narrow one beside it).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

import lzString from 'lz-string';
import { chromium } from 'playwright-core';

import { args, executablePath } from './chromium.mjs';
import { serve } from './server.mjs';

const { compressToEncodedURIComponent, decompressFromEncodedURIComponent } = lzString;
const dist = fileURLToPath(new URL('../dist', import.meta.url));
const artifacts = fileURLToPath(new URL('../../tests/artifacts', import.meta.url));
const examples = fileURLToPath(new URL('../../examples', import.meta.url));
/**
 * The budgets tests measure first diagnostics and the per-keystroke re-lint and print the figures.
 * Speed is a benchmark's job, not a pass/fail test's (a busy neighbour on a shared machine stretches
 * every wall-clock figure), so they fail on a figure over budget only with
 * DISTROLINT_E2E_TIMING=enforce, which `npm run bench` sets on an otherwise idle machine.
 */
const enforceTiming = process.env.DISTROLINT_E2E_TIMING === 'enforce';
const budget = (ok, message) => {
  if (enforceTiming) assert.ok(ok, message);
  else if (!ok) console.log(`# over budget (not enforced): ${message}`);
};

/**
 * A Dockerfile with known findings: DX009 (safe fix) on lines 3 and 6, DX001 on 4, DX004 (unsafe
 * fix) on 5. Other rules may report on it too; the tests look for these and ignore the rest.
 */
const KNOWN = [
  'FROM alpine:3.20',
  'USER 1000',
  "CMD ['python3', 'app.py']",
  'FROBNICATE now',
  'COPY --chwon=1000 a /b',
  "ENTRYPOINT ['sh']",
  '',
].join('\n');

const shareLink = (text, profile) =>
  `#code=${compressToEncodedURIComponent(text)}${profile ? `&profile=${profile}` : ''}`;

let server;
let context;
let userDataDir;

before(async () => {
  assert.ok(existsSync(join(dist, 'index.html')), 'web/dist is missing: run web/build.sh first');
  server = await serve(dist);
  userDataDir = mkdtempSync(join(tmpdir(), 'distrolint-e2e-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args,
    viewport: { width: 1280, height: 800 },
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  mkdirSync(artifacts, { recursive: true });
});

after(async () => {
  await context?.close();
  await server?.close();
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
});

/**
 * Opens the playground at `hash` after `setUp(page)` (routes, say), without waiting for anything.
 * `close()` checks that no page error and no console error or warning came, apart from those
 * `allowed` matches.
 */
async function openWith(hash, setUp, { allowed } = {}) {
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    const text = `console ${m.type()}: ${m.text()}`;
    if ((m.type() === 'error' || m.type() === 'warning') && !allowed?.test(text)) problems.push(text);
  });
  await setUp?.(page);
  await page.goto(server.url + hash, { waitUntil: 'commit' });
  return {
    page,
    async close() {
      await page.close();
      assert.deepEqual(problems, [], 'page errors, console errors or warnings');
    },
  };
}

/**
 * Opens the playground at `hash` with the editor's chunk held back, as a slow connection would,
 * and waits for the first diagnostics. `release()` lets the chunk through; `held` says whether it
 * was asked for.
 */
async function openWhileEditorLoads(hash) {
  let release;
  const gate = new Promise((resolve) => (release = resolve));
  const chunk = { held: false };
  const opened = await openWith(hash, (page) =>
    page.route(/\/assets\/app-[^/]+\.js$/, async (route) => {
      chunk.held = true;
      await gate;
      await route.continue();
    }),
  );
  // The page is opened at commit, so its script may not have run yet.
  await opened.page.waitForFunction(() => (window.__distrolint?.firstDiagnosticsMs ?? null) !== null);
  return { ...opened, chunk, release };
}

/**
 * Opens the playground at `hash` and waits for the first diagnostics. The returned `done()` checks
 * that no request left the page after that point (page, worker and server side) and that the
 * console stayed clean (a CSP violation is a console error).
 */
async function open(hash = '', { colorScheme = 'light', viewport } = {}) {
  const late = [];
  let loaded = false;
  // Context-level events include the worker's requests.
  const onRequest = (request) => {
    if (loaded) late.push(request.url());
  };
  const { page, close } = await openWith(hash, async (page) => {
    await page.emulateMedia({ colorScheme });
    if (viewport) await page.setViewportSize(viewport);
    context.on('request', onRequest);
  });
  // Loaded: the load event has fired and the first diagnostics are shown. From here on, nothing.
  await page.waitForSelector('html[data-ready]', { state: 'attached', timeout: 15_000 });
  await page.waitForFunction(() => document.readyState === 'complete');
  loaded = true;
  const served = server.requests.length;
  // The rules browser is built right after the first diagnostics.
  await page.waitForSelector('#rules .rule', { state: 'attached' });
  return {
    page,
    async done() {
      context.off('request', onRequest);
      const after = server.requests.slice(served).map((r) => r.path);
      await close();
      assert.deepEqual(late, [], 'requests after load');
      assert.deepEqual(after, [], 'requests the server saw after load');
    },
  };
}

/** The problems panel as `CODE@line:severity` strings, in order. */
async function panel(page) {
  return page.$$eval('#problems > li', (items) =>
    items.map((li) => `${li.dataset.code}@${li.dataset.line}:${li.dataset.severity}`),
  );
}

async function editorText(page) {
  return (await page.locator('.cm-line').allTextContents()).join('\n');
}

async function waitForPanel(page, predicate, what) {
  const deadline = Date.now() + 5_000;
  let last = [];
  while (Date.now() < deadline) {
    last = await panel(page);
    if (predicate(last)) return last;
    await page.waitForTimeout(20);
  }
  assert.fail(`${what}; the panel shows ${JSON.stringify(last)}`);
}

describe('playground', () => {
  test('index.html has a strict CSP and no inline scripts or handlers', () => {
    const html = readFileSync(join(dist, 'index.html'), 'utf8');
    const csp = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    assert.ok(csp, 'a CSP meta tag');
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'(;|$)/);
    assert.doesNotMatch(csp, /'unsafe-eval'|'unsafe-inline'/);
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.ok(scripts.length > 0);
    for (const [, attrs, body] of scripts) {
      assert.match(attrs, /\bsrc=/, 'every script has a src');
      assert.equal(body.trim(), '', 'no inline script');
    }
    assert.doesNotMatch(html, /\son[a-z]+\s*=/i, 'no inline event handlers');
  });

  test('a share link shows its text and diagnostics', async () => {
    const { page, done } = await open(shareLink(KNOWN, 'lucid'));
    assert.equal(await editorText(page), KNOWN);
    assert.equal(await page.inputValue('#profile'), 'lucid');
    const shown = await panel(page);
    for (const expected of ['DX009@3:warning', 'DX001@4:error', 'DX004@5:error', 'DX009@6:warning']) {
      assert.ok(shown.includes(expected), `${expected} in ${JSON.stringify(shown)}`);
    }
    // The same diagnostics show in the editor: squiggles and gutter markers.
    assert.ok((await page.locator('.cm-lintRange-error').count()) >= 2);
    assert.ok((await page.locator('.cm-lintRange-warning').count()) >= 2);
    assert.ok((await page.locator('.cm-lint-marker-error').count()) >= 2);
    // Each item has its message, its code linking into the rules browser, and its fix button.
    const dx004 = page.locator('#problems > li[data-code="DX004"]');
    assert.match(await dx004.locator('.problem-message').textContent(), /unknown flag --chwon/);
    assert.equal(await dx004.locator('a.code-link').getAttribute('href'), '#rule-DX004');
    assert.match(await dx004.locator('button.fix').textContent(), /--chown/);
    assert.equal(await dx004.locator('button.fix').getAttribute('data-applicability'), 'unsafe');
    assert.match(await page.textContent('#version'), /^\d+\.\d+\.\d+/);
    // The first lint ran on the page, with the engine the page compiled for the worker.
    assert.equal(await page.evaluate(() => window.__distrolint.firstLintIn), 'page');
    await done();
  });

  test('a long text is linted in the worker from the start', async () => {
    // Over 64 KB: the page must not hold its main thread for it.
    const padding = Array.from({ length: 1500 }, (_, i) => `# padding line ${i} keeps this file long enough`);
    const long = `${KNOWN}${padding.join('\n')}\nFROBNICATE at the end\n`;
    assert.ok(long.length > 64 * 1024);
    const { page, done } = await open(shareLink(long));
    assert.equal(await page.evaluate(() => window.__distrolint.firstLintIn), 'worker');
    const shown = await panel(page);
    assert.ok(shown.includes('DX001@4:error'), JSON.stringify(shown));
    assert.ok(shown.includes(`DX001@${long.split('\n').length - 1}:error`), JSON.stringify(shown));
    await done();
  });

  test('a quick fix changes the text and its diagnostic goes', async () => {
    const { page, done } = await open(shareLink(KNOWN));
    await page.click('#problems > li[data-code="DX009"][data-line="3"] button.fix');
    await waitForPanel(page, (p) => !p.includes('DX009@3:warning'), 'DX009 on line 3 goes');
    const lines = (await editorText(page)).split('\n');
    assert.equal(lines[2], 'CMD ["python3", "app.py"]');
    assert.ok((await panel(page)).includes('DX009@6:warning'), 'the other DX009 stays');
    // The unsafe fix from the DX004 item.
    await page.click('#problems > li[data-code="DX004"] button.fix');
    await waitForPanel(page, (p) => !p.some((d) => d.startsWith('DX004')), 'DX004 goes');
    assert.equal((await editorText(page)).split('\n')[4], 'COPY --chown=1000 a /b');
    await done();
  });

  test('Fix all applies the safe fixes only', async () => {
    const { page, done } = await open(shareLink(KNOWN));
    const safe = await page.locator('#problems button.fix[data-applicability="safe"]').count();
    assert.ok(safe >= 2, 'both DX009 have a safe fix');
    assert.equal(await page.textContent('#fix-all'), `Fix all (${safe})`);
    await page.click('#fix-all');
    const shown = await waitForPanel(page, (p) => !p.some((d) => d.startsWith('DX009')), 'both DX009 go');
    assert.ok(shown.includes('DX001@4:error'), 'no fix: stays');
    assert.ok(shown.includes('DX004@5:error'), 'unsafe fix: stays');
    const text = await editorText(page);
    assert.ok(text.includes('CMD ["python3", "app.py"]'), text);
    assert.ok(text.includes('ENTRYPOINT ["sh"]'), text);
    assert.ok(text.includes('COPY --chwon=1000 a /b'), 'the unsafe fix is not applied');
    assert.equal(await page.locator('#problems button.fix[data-applicability="safe"]').count(), 0);
    assert.ok(await page.isDisabled('#fix-all'));
    await done();
  });

  test('typing updates the diagnostics', async () => {
    const { page, done } = await open(shareLink(KNOWN));
    await page.click('.cm-content');
    await page.keyboard.press('Control+End');
    await page.keyboard.type('FROBNICATE again');
    await waitForPanel(page, (p) => p.includes('DX001@7:error'), 'DX001 appears on line 7');
    for (let i = 0; i < 'FROBNICATE again'.length; i++) await page.keyboard.press('Backspace');
    await waitForPanel(page, (p) => !p.includes('DX001@7:error'), 'DX001 on line 7 goes');
    assert.equal(await editorText(page), KNOWN);
    await done();
  });

  test('switching the profile changes the diagnostics', async () => {
    const { page, done } = await open(shareLink(KNOWN));
    assert.ok((await panel(page)).includes('DX009@3:warning'));
    await page.selectOption('#profile', 'custom');
    assert.ok(await page.isVisible('#profile-toml'));
    await page.fill('#profile-toml', '[profile]\nname = "strict"\n\n[rules]\nDX009 = "error"\nDX001 = "off"\n');
    const shown = await waitForPanel(page, (p) => p.includes('DX009@3:error'), 'the pasted profile makes DX009 an error');
    assert.ok(!shown.some((d) => d.startsWith('DX001')), 'and turns DX001 off');
    // A broken profile is reported, not ignored.
    await page.fill('#profile-toml', '[rules]\nDX009 = "loud"\n');
    await page.waitForSelector('#settings-error:not([hidden])');
    assert.match(await page.textContent('#settings-error'), /invalid profile/);
    // Back to no profile: the defaults again.
    await page.selectOption('#profile', '');
    await waitForPanel(page, (p) => p.includes('DX009@3:warning') && p.includes('DX001@4:error'), 'defaults return');
    assert.ok(await page.isHidden('#settings-error'));
    await done();
  });

  test('the lucid profile changes what the TRON example reports', async (t) => {
    const { page, done } = await open();
    assert.equal(await page.inputValue('#example'), 'tron-payment-service');
    assert.equal(await page.inputValue('#profile'), 'lucid', "the example's distrolint.toml selects lucid");
    const tron = readFileSync(join(examples, 'tron-payment-service/Dockerfile'), 'utf8');
    assert.equal(await page.locator('.cm-line').first().textContent(), tron.split('\n')[0]);
    const withLucid = await panel(page);
    const lints = await page.evaluate(() => window.__distrolint.lints.length);
    await page.selectOption('#profile', '');
    await page.waitForFunction((n) => window.__distrolint.lints.length > n, lints);
    const without = await panel(page);
    // Profile rules are off by default; until the engine has some, lucid cannot change anything.
    const profileRules = await page.locator('#rules .rule .chip', { hasText: 'off by default' }).count();
    if (profileRules === 0) {
      await done();
      t.skip('the engine has no rules yet that only a profile turns on');
      return;
    }
    assert.notDeepEqual(withLucid, without, 'lucid adds or changes diagnostics');
    assert.ok(withLucid.length > 0);
    await done();
  });

  test('code links open the rule in the rules browser', async () => {
    const { page, done } = await open(shareLink(KNOWN));
    await page.click('#problems > li[data-code="DX009"] a.code-link >> nth=0');
    assert.equal(await page.getAttribute('#tab-rules', 'aria-selected'), 'true');
    assert.ok(await page.isVisible('#rule-DX009'));
    await page.waitForSelector('#rule-DX009 .docs h3');
    assert.match(await page.textContent('#rule-DX009 .docs'), /What it does/);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'rule-DX009');
    assert.ok(decompressFromEncodedURIComponent(new URL(page.url()).hash.slice(6)) !== null, 'the share hash stays');
    // The filter narrows the list.
    await page.fill('#rule-filter', 'unknown-instruction');
    assert.deepEqual(await page.$$eval('#rules > .rule:not([hidden])', (r) => r.map((x) => x.dataset.code)), ['DX001']);
    await done();
  });

  test('Copy link puts a share link for the current text on the clipboard', async () => {
    const { page, done } = await open(shareLink(KNOWN));
    await page.selectOption('#profile', 'lucid');
    await page.click('#share');
    await page.waitForFunction(() => document.querySelector('#share')?.textContent === 'Link copied');
    const copied = new URL(await page.evaluate(() => navigator.clipboard.readText()));
    const params = new URLSearchParams(copied.hash.slice(1));
    assert.equal(params.get('profile'), 'lucid');
    const code = /code=([^&]*)/.exec(copied.hash)?.[1];
    assert.equal(decompressFromEncodedURIComponent(code), KNOWN);
    await done();
  });

  test('every control works from the keyboard', async () => {
    const { page, done } = await open(shareLink(KNOWN));
    const seen = [];
    await page.focus('body');
    for (let i = 0; i < 14; i++) {
      await page.keyboard.press('Tab');
      seen.push(
        await page.evaluate(() => {
          const a = document.activeElement;
          return a?.id || a?.className || a?.tagName;
        }),
      );
    }
    for (const id of ['example', 'profile', 'share', 'tab-problems', 'fix-all']) assert.ok(seen.includes(id), `${id} in ${seen}`);
    assert.ok(seen.includes('editor'), 'the editor (its shadow host) takes focus');
    assert.ok(seen.includes('location'), 'problem locations take focus');
    assert.ok(seen.includes('fix'), 'fix buttons take focus');
    // Fix from the keyboard: focus the first fix button and press Enter.
    await page.focus('#problems > li[data-code="DX009"] button.fix');
    await page.keyboard.press('Enter');
    await waitForPanel(page, (p) => !p.includes('DX009@3:warning'), 'Enter applies the fix');
    // Arrow keys move between the tabs.
    await page.focus('#tab-problems');
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'tab-rules');
    assert.ok(await page.isVisible('#panel-rules'));
    // Ctrl-. applies the fix under the cursor.
    await page.keyboard.press('ArrowLeft');
    await page.click('.cm-content');
    await page.keyboard.press('Control+End');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Control+.');
    await waitForPanel(page, (p) => !p.includes('DX009@6:warning'), 'Ctrl-. applies the fix at the cursor');
    await done();
  });

  test('no request leaves the page after load, whatever one does', async () => {
    const { page, done } = await open(shareLink(KNOWN));
    await page.click('.cm-content');
    await page.keyboard.press('Control+End');
    await page.keyboard.type('RUN echo typed\n');
    await page.click('#problems > li[data-code="DX004"] button.fix');
    await page.click('#fix-all');
    for (const value of await page.$$eval('#example option', (o) => o.map((x) => x.value))) {
      if (value === 'link') continue;
      const lints = await page.evaluate(() => window.__distrolint.lints.length);
      await page.selectOption('#example', value);
      await page.waitForFunction((n) => window.__distrolint.lints.length > n, lints);
    }
    for (const value of ['lucid', 'custom', '']) await page.selectOption('#profile', value);
    await page.click('#tab-rules');
    for (const summary of await page.$$('#rules details > summary')) await summary.click();
    await page.fill('#rule-filter', 'json');
    await page.click('#share');
    await page.waitForTimeout(300);
    await done();
  });

  test('the text and its problems show before the editor loads; fixes clicked then are applied', async () => {
    const { page, chunk, release, close } = await openWhileEditorLoads(shareLink(KNOWN));
    assert.equal(await page.locator('.cm-content').count(), 0, 'no editor yet');
    const preview = await page.locator('.editor-preview .preview-line').allTextContents();
    assert.equal(preview.map((line) => line.replace(/\n$/, '')).join('\n'), KNOWN);
    assert.match(await page.textContent('#summary'), /error/);
    await page.click('#problems > li[data-code="DX009"][data-line="3"] button.fix');
    // "Fix all" waits too, and runs after the fix clicked before it.
    await page.click('#fix-all');
    // The page asks for the editor's chunk a frame after the first diagnostics are painted.
    for (const deadline = Date.now() + 5_000; !chunk.held && Date.now() < deadline; ) await sleep(20);
    assert.ok(chunk.held, 'the editor chunk was requested after the first diagnostics');
    release();
    await page.waitForSelector('html[data-ready]', { state: 'attached' });
    await waitForPanel(page, (p) => !p.some((d) => d.startsWith('DX009')), 'both DX009 go');
    const lines = (await editorText(page)).split('\n');
    assert.equal(lines[2], 'CMD ["python3", "app.py"]');
    assert.equal(lines[5], 'ENTRYPOINT ["sh"]');
    assert.equal(lines[4], 'COPY --chwon=1000 a /b', 'Fix all applies safe fixes only');
    assert.equal(await page.locator('.editor-preview').count(), 0, 'the stand-in is gone');
    const { firstDiagnosticsMs, editorReadyMs } = await page.evaluate(() => window.__distrolint);
    assert.ok(firstDiagnosticsMs < editorReadyMs, `${firstDiagnosticsMs} < ${editorReadyMs}`);
    await close();
  });

  test('the tabs and the example picker work while the editor loads', async () => {
    const { page, release, close } = await openWhileEditorLoads(shareLink(KNOWN));
    await page.click('#tab-rules');
    assert.ok(await page.isVisible('#panel-rules'));
    await page.keyboard.press('ArrowLeft');
    assert.ok(await page.isVisible('#panel-problems'));
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'tab-problems');
    // An example picked now replaces the text once the editor is there.
    await page.selectOption('#example', 'go-static');
    // What the panel lists when the editor first shows diagnostics: the link's answer must not be
    // shown on the example's text, not even for a moment.
    await page.evaluate(() => {
      const root = document.documentElement;
      new MutationObserver((_, observer) => {
        if (!root.dataset.ready) return;
        observer.disconnect();
        window.panelWhenReady = [...document.querySelectorAll('#problems > li')].map(
          (li) => `${li.dataset.code}@${li.dataset.line}:${li.dataset.severity}`,
        );
      }).observe(root, { attributes: true, attributeFilter: ['data-ready'] });
    });
    release();
    await page.waitForSelector('html[data-ready]', { state: 'attached' });
    const goStatic = readFileSync(join(examples, 'go-static', 'Dockerfile'), 'utf8');
    await page.waitForFunction((n) => window.__distrolint.lints.at(-1)?.length === n, goStatic.length);
    assert.equal(await editorText(page), goStatic);
    const shown = await panel(page);
    assert.ok(!shown.includes('DX001@4:error'), 'the panel shows the example, not the link');
    assert.deepEqual(await page.evaluate(() => window.panelWhenReady), shown);
    assert.equal(await page.evaluate(() => window.__distrolint.lints.length), 1, 'only the example was shown');
    await close();
  });

  test('a profile picked and Copy link clicked while the editor loads take effect once it is there', async () => {
    const { page, release, close } = await openWhileEditorLoads(shareLink(KNOWN));
    assert.ok((await panel(page)).includes('DX009@3:warning'));
    await page.selectOption('#profile', 'custom');
    // "Copy link" clicked now copies once the editor is there.
    await page.click('#share');
    release();
    await page.waitForSelector('html[data-ready]', { state: 'attached' });
    assert.ok(await page.isVisible('#profile-toml'), 'the pasted-profile box opens');
    await page.waitForFunction(() => document.querySelector('#share')?.textContent === 'Link copied');
    const copied = new URL(await page.evaluate(() => navigator.clipboard.readText()));
    assert.equal(decompressFromEncodedURIComponent(/code=([^&]*)/.exec(copied.hash)?.[1]), KNOWN);
    await page.fill('#profile-toml', '[profile]\nname = "strict"\n\n[rules]\nDX009 = "error"\n');
    await waitForPanel(page, (p) => p.includes('DX009@3:error'), 'the pasted profile applies');
    await close();
  });

  test('a slow engine download: the editor loads first, and the worker lints', async () => {
    const { page, close } = await openWith(shareLink(KNOWN), (page) =>
      page.route(/\.wasm$/, async (route) => {
        await sleep(1200);
        await route.continue();
      }),
    );
    // The editor does not wait for the engine past its deadline.
    await page.waitForSelector('.cm-content');
    assert.equal(await page.evaluate(() => window.__distrolint.firstDiagnosticsMs), null);
    await page.waitForSelector('html[data-ready]', { state: 'attached' });
    const m = await page.evaluate(() => window.__distrolint);
    assert.equal(m.firstLintIn, 'worker', 'the page does not lint once the editor is up');
    assert.ok(m.firstDiagnosticsMs >= 1200, `first diagnostics at ${m.firstDiagnosticsMs} ms`);
    assert.ok((await panel(page)).includes('DX001@4:error'));
    await close();
  });

  test('an engine that fails to load is reported, and the editor still works', async () => {
    // The failure comes before the editor loads, or after it (a slow 404): the report is the same.
    for (const delayMs of [0, 900]) {
      const { page, close } = await openWith(
        shareLink(KNOWN),
        (page) =>
          page.route(/\.wasm$/, async (route) => {
            await sleep(delayMs);
            await route.fulfill({ status: 404, contentType: 'text/plain', body: 'gone' });
          }),
        // The browser logs the failed downloads (the preload's and the fetches').
        { allowed: /Failed to load resource.*404/ },
      );
      await page.waitForSelector('.cm-content');
      await page.waitForFunction(() => document.getElementById('summary')?.textContent === 'The linter failed to load');
      assert.ok(await page.isVisible('#settings-error'), `after ${delayMs} ms`);
      assert.match(await page.textContent('#settings-error'), /404/, `after ${delayMs} ms`);
      assert.deepEqual(await panel(page), []);
      await page.click('.cm-content');
      await page.keyboard.press('Control+End');
      await page.keyboard.type('# still editable');
      assert.match(await editorText(page), /# still editable$/);
      // The lints the typing asked for fail too, and say why.
      assert.equal(await page.textContent('#summary'), 'The linter failed to load', `after ${delayMs} ms`);
      await close();
    }
  });

  test('an empty editor explains what to do', async () => {
    const { page, done } = await open(shareLink(KNOWN));
    await page.selectOption('#example', '');
    await page.waitForSelector('#empty:not([hidden])');
    assert.match(await page.textContent('#empty'), /Paste or type a Dockerfile/);
    assert.deepEqual(await panel(page), []);
    assert.ok(await page.isHidden('#problems'));
    await done();
  });

  test('dark scheme and a 375 px screen', async () => {
    const light = await open(shareLink(KNOWN));
    const lightBg = await light.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await light.page.screenshot({ path: join(artifacts, 'playground.png') });
    await light.done();

    const dark = await open('', { colorScheme: 'dark' });
    const darkBg = await dark.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.notEqual(darkBg, lightBg);
    const [r, g, b] = darkBg.match(/\d+/g).map(Number);
    assert.ok(r + g + b < 120, `a dark background: ${darkBg}`);
    await dark.page.screenshot({ path: join(artifacts, 'playground-dark.png') });
    await dark.done();

    const narrow = await open(shareLink(KNOWN), { viewport: { width: 375, height: 740 } });
    const overflow = await narrow.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no horizontal scrolling at 375 px (overflow ${overflow}px)`);
    for (const id of ['#example', '#profile', '#share', '#fix-all']) {
      const box = await narrow.page.locator(id).boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= 375, `${id} fits`);
    }
    assert.ok(await narrow.page.isVisible('#problems > li[data-code="DX001"]'));
    await narrow.page.screenshot({ path: join(artifacts, 'playground-375.png'), fullPage: true });
    await narrow.done();
  });
});

describe('budgets', () => {
  test('a re-lint per keystroke takes under 2 ms on a 300-line file', async () => {
    // Two stages, as real services have: a builder with many steps, a distroless runtime.
    const lines = [];
    const stage = (from, name) =>
      lines.push(`FROM ${from} AS ${name}`, 'ARG APP_VERSION=1.0.0', 'ENV PYTHONDONTWRITEBYTECODE=1', 'WORKDIR /src');
    stage('python:3.11-slim-bookworm', 'build');
    lines.push(
      'RUN apt-get update \\',
      '    && apt-get install -y --no-install-recommends build-essential=12.9 libpq-dev=15.10-0+deb12u1 \\',
      '    && rm -rf /var/lib/apt/lists/*',
      'COPY requirements.txt ./',
      'RUN pip install --no-cache-dir --user -r requirements.txt',
    );
    let n = 0;
    for (; lines.length < 200; n++) {
      lines.push(`# part ${n}`, `COPY src/part${n}.py /src/part${n}.py`, `RUN python -m compileall -q /src/part${n}.py \\`, `    && test -f /src/part${n}.py`);
    }
    stage('gcr.io/distroless/python3-debian12:nonroot', 'runtime');
    lines.push('COPY --from=build --chown=65532:65532 /root/.local /home/nonroot/.local');
    for (; lines.length < 296; n++) {
      lines.push(`COPY --from=build --chown=65532:65532 /src/part${n % 40}.py /app/part${n}.py`, `LABEL com.example.part${n}="${n}"`);
    }
    lines.push('USER 65532:65532', 'EXPOSE 8080', 'ENTRYPOINT []', 'CMD ["python3", "/app/part0.py"]');
    const text = lines.slice(0, 300).join('\n');
    assert.equal(text.split('\n').length, 300);

    const { page, done } = await open(shareLink(text));
    await page.click('.cm-content');
    await page.keyboard.press('Control+End');
    const before = await page.evaluate(() => window.__distrolint.lints.length);
    // 100 keystrokes: V8 runs the wasm in its baseline tier first and optimizes it after some
    // dozens of lints, so the first keystrokes and the steady state are reported apart.
    const typed = ' # typed while measuring, key by key'.padEnd(100, '.');
    for (const key of typed) {
      await page.keyboard.type(key);
      await page.waitForTimeout(30);
    }
    // Edits that arrive while a lint runs are coalesced, so wait for the lint of the final text.
    await page.waitForFunction((n) => window.__distrolint.lints.at(-1)?.length === n, text.length + typed.length);
    const lints = (await page.evaluate(() => window.__distrolint.lints)).slice(before);
    assert.ok(lints.every((l) => l.lines === 300));
    assert.ok(lints.length >= typed.length / 2, `${lints.length} lints for ${typed.length} keystrokes`);
    const pct = (values, p) => values[Math.min(values.length - 1, Math.floor((values.length * p) / 100))];
    const stats = (list, key) => {
      const v = list.map((l) => l[key]).sort((a, b) => a - b);
      return { min: v[0], p50: pct(v, 50), p90: pct(v, 90), max: v.at(-1) };
    };
    const first = lints.slice(0, 30);
    const steady = lints.slice(-50);
    const report = {
      keystrokes: lints.length,
      lintMsFirst30: stats(first, 'lintMs'),
      lintMsLast50: stats(steady, 'lintMs'),
      roundTripMsLast50: stats(steady, 'roundTripMs'),
      renderMsLast50: stats(steady, 'renderMs'),
      keystrokeToRenderedMsLast50: stats(steady, 'totalMs'),
    };
    console.log(`# per-keystroke re-lint, 300 lines: ${JSON.stringify(report)}; load average ${loadavg()[0]}`);
    // The median of the steady state: on a shared 2-core machine a busy neighbour can preempt any
    // single lint, and the first few dozen run before V8 has optimized the engine.
    budget(report.lintMsLast50.p50 < 2, `median re-lint ${report.lintMsLast50.p50} ms`);
    await done();
  });

  test('first diagnostics within 300 ms of navigation', async () => {
    // The browser is warm from the tests above; nothing is cached (the server sends no-store).
    const loads = [];
    for (let i = 0; i < 5; i++) {
      const { page, done } = await open('');
      await page.waitForFunction(() => window.__distrolint.firstDiagnosticsPaintedMs !== null);
      loads.push(
        await page.evaluate(() => ({
          ...window.__distrolint,
          loadEventMs: performance.getEntriesByType('navigation')[0].loadEventEnd,
        })),
      );
      await done();
    }
    const median = (key) => loads.map((m) => m[key]).sort((a, b) => a - b)[2];
    const times = loads.map((m) => m.firstDiagnosticsMs).sort((a, b) => a - b);
    console.log(
      `# first diagnostics (ms since navigation start), 5 loads: ${times.map((t) => t.toFixed(0)).join(', ')}; ` +
        `medians: painted ${median('firstDiagnosticsPaintedMs').toFixed(0)}, ` +
        `load event ${median('loadEventMs').toFixed(0)}, worker started ${median('workerStartedMs').toFixed(0)}, ` +
        `wasm ready ${median('wasmReadyMs').toFixed(0)}, editor ready ${median('editorReadyMs').toFixed(0)}; ` +
        `load average ${loadavg()[0]}`,
    );
    budget(median('firstDiagnosticsMs') <= 300, `median first diagnostics ${median('firstDiagnosticsMs')} ms`);
  });
});
