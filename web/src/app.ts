// The playground's interface: wires the editor, the lint worker, the problems panel, the rules
// browser, the profile and example pickers and share links together. The entry chunk (main.ts)
// has already shown the text and, usually, the first diagnostics; `start` builds the editor.
import { nextDiagnostic, setDiagnostics, type Diagnostic as CmDiagnostic } from '@codemirror/lint';
import type { Text } from '@codemirror/state';
import { EditorView, keymap } from '@codemirror/view';

import { createEditor, replaceText } from './editor';
import { engine, type LintAnswer, type Ready } from './engine';
import { examples } from './examples';
import {
  addProfileOption,
  byId,
  CUSTOM,
  customProfile,
  exampleSelect,
  fixAll,
  handlePanelActions,
  isBlank,
  metrics,
  problems,
  profileSelect,
  profileToml,
  setProfile,
  settingsJson,
  shareButton,
  showProblems,
  summary,
} from './page';
import { focusProblem } from './problems';
import type { Diagnostic, RuleMeta } from './protocol';
import { filterRules, renderRules, revealRule } from './rules';
import { makeHash, readHash } from './share';
import { rulesTab, selectTab } from './tabs';

/** What the entry chunk hands over. */
export interface Initial {
  /** The text the page opened with (a share link's, or the first example's). */
  text: string;
  /** Whether the text came from a link, so the URL should keep following it. */
  edited: boolean;
  /** The example picker's value when the entry showed `text`. */
  example: string;
  /** The settings the entry linted `text` with. */
  settings: string;
  /** The entry's lint of `text`, which is still in flight or already in the problems panel. */
  first: Promise<LintAnswer>;
}

const settingsError = byId<HTMLElement>('settings-error');
const rulesContainer = byId<HTMLElement>('rules');
const ruleCount = byId<HTMLElement>('rule-count');
const ruleFilter = byId<HTMLInputElement>('rule-filter');
const timing = byId<HTMLElement>('timing');

let view: EditorView;

// ---- Linting: one request in flight; edits that arrive meanwhile coalesce into one newer lint.

let inFlight = false;
let dirty = false;
let changedAt = performance.now();
let linted: { doc: Text; diagnostics: Diagnostic[] } | null = null;
let pendingFocus: number | null = null;

async function lintNow(): Promise<void> {
  if (inFlight) {
    dirty = true;
    return;
  }
  const doc = view.state.doc;
  const settings = settingsJson();
  const started = changedAt;
  await settle(doc, settings, started, engine.lint(doc.toString(), settings));
}

/**
 * Shows the answer to the lint of `doc` with `settings`, unless the text or the settings have
 * changed meanwhile, and then lints again if they have. One lint is in flight at a time; edits
 * that arrive meanwhile coalesce into one newer lint.
 */
async function settle(doc: Text, settings: string, started: number, lint: Promise<LintAnswer>): Promise<void> {
  inFlight = true;
  dirty = false;
  try {
    const answer = await lint;
    if (view.state.doc === doc && settings === settingsJson()) {
      const rendering = performance.now();
      show(doc, answer.diagnostics);
      settingsError.hidden = true;
      const end = performance.now();
      metrics.lints.push({
        lines: doc.lines,
        length: doc.length,
        lintMs: answer.ms,
        roundTripMs: answer.roundTripMs,
        renderMs: end - rendering,
        totalMs: end - started,
      });
      if (metrics.lints.length > 500) metrics.lints.shift();
      timing.textContent = `linted ${doc.lines} lines in ${answer.ms.toFixed(2)} ms`;
    }
  } catch (error) {
    if (view.state.doc === doc && settings === settingsJson()) {
      show(doc, []);
      showError(error);
    }
  } finally {
    inFlight = false;
    if (dirty || view.state.doc !== doc || settings !== settingsJson()) void lintNow();
  }
}

/**
 * Says why a lint failed: the settings (a bad pasted profile, an unknown profile in a share link)
 * or, whatever the request, an engine that could not load.
 */
function showError(error: unknown): void {
  const cause = engine.failed ?? error;
  settingsError.textContent = cause instanceof Error ? cause.message : String(cause);
  settingsError.hidden = false;
  summary.textContent = engine.failed ? 'The linter failed to load' : 'Settings error';
}

function toCodeMirror(d: Diagnostic, index: number): CmDiagnostic {
  const fix = d.fix;
  return {
    from: d.range.from,
    to: d.range.to,
    severity: d.severity,
    source: `${d.code} ${d.name}`,
    message: d.message,
    actions:
      fix && fix.applicability !== 'display-only'
        ? [{ name: fix.applicability === 'unsafe' ? `${fix.title} (review it)` : fix.title, apply: () => applyFix(d, index) }]
        : [],
  };
}

function show(doc: Text, all: Diagnostic[]): void {
  // An empty editor gets the empty state, not "the file has no instructions".
  const blank = isBlank(doc);
  const diagnostics = blank ? [] : all;
  linted = { doc, diagnostics };
  view.dispatch(setDiagnostics(view.state, diagnostics.map(toCodeMirror)));
  showProblems(diagnostics, blank);
  if (metrics.editorReadyMs === null) {
    metrics.editorReadyMs = performance.now();
    document.documentElement.dataset.ready = 'true';
    // The rules browser is not visible at first: build it once the first diagnostics are up.
    // If the engine failed to load, the summary says so already.
    engine.rules().then(buildRules, () => undefined);
  }
  if (pendingFocus !== null) {
    if (!focusProblem(problems, pendingFocus)) fixAll.focus();
    pendingFocus = null;
  }
}

// ---- Actions on diagnostics.

function reveal(range: Diagnostic['range']): void {
  view.dispatch({ selection: { anchor: range.from, head: range.to }, scrollIntoView: true });
  view.focus();
}

function applyFix(d: Diagnostic, index: number): void {
  // Fix edits are positions in the text that was linted; a newer lint is on its way otherwise.
  if (!d.fix || !linted || linted.doc !== view.state.doc) return;
  if (document.activeElement?.closest('.problems')) pendingFocus = index;
  view.dispatch({
    changes: d.fix.edits.map((e) => ({ from: e.from, to: e.to, insert: e.insert })),
    userEvent: 'input.fix',
  });
}

/** Applies the fix of the narrowest diagnostic under the cursor that has one (Ctrl-. / Cmd-.). */
function fixAtCursor(): boolean {
  const pos = view.state.selection.main.head;
  let best = -1;
  linted?.diagnostics.forEach((d, i) => {
    if (!d.fix || d.fix.applicability === 'display-only' || pos < d.range.from || pos > d.range.to) return;
    const width = d.range.to - d.range.from;
    const current = linted?.diagnostics[best];
    if (!current || width < current.range.to - current.range.from) best = i;
  });
  const d = linted?.diagnostics[best];
  if (!d) return false;
  applyFix(d, best);
  return true;
}

async function fixEverything(): Promise<void> {
  const text = view.state.doc.toString();
  fixAll.disabled = true;
  try {
    const fixed = await engine.fix(text, settingsJson(), false);
    if (view.state.doc.toString() === text) replaceText(view, fixed);
  } catch (error) {
    settingsError.textContent = error instanceof Error ? error.message : String(error);
    settingsError.hidden = false;
  }
}

// ---- The rules browser.

function showRule(code: string): void {
  ruleFilter.value = '';
  filterRules(rulesContainer, '');
  selectTab(rulesTab, false);
  revealRule(rulesContainer, code);
}

function buildRules(rules: RuleMeta[]): void {
  renderRules(rulesContainer, rules);
  ruleCount.textContent = String(rules.length);
}

ruleFilter.addEventListener('input', () => filterRules(rulesContainer, ruleFilter.value));

// ---- Share links: the URL always holds the current text, replaced (never pushed) as you type.

let hashTimer: number | undefined;
let edited = false;

function builtinProfile(): string | null {
  const value = profileSelect.value;
  return value && value !== CUSTOM ? value : null;
}

function updateHash(): void {
  window.clearTimeout(hashTimer);
  hashTimer = window.setTimeout(() => {
    if (edited) history.replaceState(null, '', makeHash(view.state.doc.toString(), builtinProfile()));
  }, 250);
}

async function share(): Promise<void> {
  edited = true;
  const url = new URL(location.href);
  url.hash = makeHash(view.state.doc.toString(), builtinProfile());
  history.replaceState(null, '', url.hash);
  const label = shareButton.textContent;
  try {
    await navigator.clipboard.writeText(url.href);
    shareButton.textContent = 'Link copied';
  } catch {
    shareButton.textContent = 'Link in the address bar';
  }
  window.setTimeout(() => (shareButton.textContent = label), 1600);
}

window.addEventListener('hashchange', () => {
  const next = readHash(location.hash);
  if (next.code === null || next.code === view.state.doc.toString()) return;
  setProfile(next.profile);
  replaceText(view, next.code);
});

// ---- Profile and example pickers.

profileSelect.addEventListener('change', () => {
  customProfile.hidden = profileSelect.value !== CUSTOM;
  if (profileSelect.value === CUSTOM) profileToml.focus();
  updateHash();
  void lintNow();
});
profileToml.addEventListener('input', () => void lintNow());

exampleSelect.addEventListener('change', () => {
  const example = examples.find((e) => e.name === exampleSelect.value);
  setProfile(example?.profile ?? null);
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: example?.text ?? '' }, selection: { anchor: 0 } });
  view.scrollDOM.scrollTop = 0;
});

// ---- The editor.

/** Builds the editor over the entry's plain-text stand-in and shows the first diagnostics. */
export function start(initial: Initial): void {
  edited = initial.edited;
  const host = byId<HTMLElement>('editor');
  view = createEditor(host, initial.text, [
    keymap.of([
      { key: 'Mod-.', run: fixAtCursor, preventDefault: true },
      { key: 'F8', run: nextDiagnostic },
    ]),
  ], () => {
    changedAt = performance.now();
    edited = true;
    updateHash();
    void lintNow();
  });
  // The editor's shadow root hides the stand-in; remove it too.
  host.querySelector('.editor-preview')?.remove();
  // The entry's lint is the one in flight: its answer (or its error) is shown if nothing changed.
  // Then the panel's buttons work on the editor, including any clicked while it was loading.
  const settled = settle(view.state.doc, initial.settings, changedAt, initial.first);
  // An example or a profile picked while the editor loaded takes effect now. Being newer than
  // the entry's lint, it is linted once that settles, and the entry's answer is not shown.
  if (exampleSelect.value !== initial.example) exampleSelect.dispatchEvent(new Event('change'));
  customProfile.hidden = profileSelect.value !== CUSTOM;
  void settled.then(() =>
    handlePanelActions({ reveal, fix: applyFix, showRule, fixAll: () => void fixEverything(), share: () => void share() }),
  );

  engine.ready.then(
    (ready: Ready) => {
      metrics.version = ready.version;
      metrics.workerStartedMs = ready.startedAt - performance.timeOrigin;
      metrics.wasmReadyMs = ready.readyAt - performance.timeOrigin;
      byId<HTMLElement>('version').textContent = ready.version;
      for (const name of ready.profiles) addProfileOption(name);
    },
    showError,
  );
}
