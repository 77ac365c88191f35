// What the small entry chunk and the editor's chunk share: the page's elements, its metrics, the
// profile picker's settings, and the problems panel. The entry shows the first diagnostics with
// these before the editor's code has run; the editor's chunk keeps them up to date afterwards.
import { type ProblemActions, renderProblems, summarize } from './problems';
import type { Diagnostic } from './protocol';

/** What the page measures, for people and for the end-to-end test. */
export interface Metrics {
  version: string | null;
  /** performance.now() (ms since navigation start) when the problems panel first listed the diagnostics. */
  firstDiagnosticsMs: number | null;
  /** When the frame that first showed them had been painted (ms since navigation start). */
  firstDiagnosticsPaintedMs: number | null;
  /** Where the first lint ran: on the page (the usual case) or in the worker. */
  firstLintIn: 'page' | 'worker' | null;
  /** When the editor was built and showed those diagnostics as squiggles (ms since navigation start). */
  editorReadyMs: number | null;
  /** When the worker started, and when its wasm was ready (ms since navigation start). */
  workerStartedMs: number | null;
  wasmReadyMs: number | null;
  /** Every lint since load: lines, the engine call in the worker, and change-to-rendered in the page. */
  lints: { lines: number; length: number; lintMs: number; roundTripMs: number; renderMs: number; totalMs: number }[];
  /** The number of diagnostics shown now. */
  shown: number;
}

declare global {
  interface Window {
    __distrolint: Metrics;
  }
}

export const metrics: Metrics = {
  version: null,
  firstDiagnosticsMs: null,
  firstDiagnosticsPaintedMs: null,
  firstLintIn: null,
  editorReadyMs: null,
  workerStartedMs: null,
  wasmReadyMs: null,
  lints: [],
  shown: 0,
};
window.__distrolint = metrics;

export const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

export const CUSTOM = 'custom';
export const profileSelect = byId<HTMLSelectElement>('profile');
export const profileToml = byId<HTMLTextAreaElement>('profile-toml');
export const customProfile = byId<HTMLElement>('custom-profile');
export const exampleSelect = byId<HTMLSelectElement>('example');
export const summary = byId<HTMLElement>('summary');
export const fixAll = byId<HTMLButtonElement>('fix-all');
export const shareButton = byId<HTMLButtonElement>('share');
const empty = byId<HTMLElement>('empty');
const problemCount = byId<HTMLElement>('problem-count');
export const problems = byId<HTMLElement>('problems');

/** The lint settings (JSON for the engine) that the profile picker stands for now. */
export function settingsJson(): string {
  const value = profileSelect.value;
  if (value === CUSTOM) return JSON.stringify({ profileToml: profileToml.value });
  return JSON.stringify(value ? { profile: value } : {});
}

export function addProfileOption(name: string): void {
  if ([...profileSelect.options].some((o) => o.value === name)) return;
  profileSelect.insertBefore(new Option(name, name), profileSelect.querySelector(`option[value="${CUSTOM}"]`));
}

export function setProfile(name: string | null): void {
  // A name the engine does not know still gets an option: linting then reports the error.
  if (name && name !== CUSTOM) addProfileOption(name);
  profileSelect.value = name && name !== CUSTOM ? name : '';
  customProfile.hidden = true;
}

/**
 * Whether a text (a string or the editor's document) counts as an empty editor, which gets the
 * empty state instead of "the file has no instructions". A long text is never blank.
 */
export function isBlank(text: { length: number; toString(): string }): boolean {
  return text.length === 0 || (text.length < 10_000 && text.toString().trim() === '');
}

/** What the page's buttons do: the problem items' buttons, "Fix all" and "Copy link". */
export interface PanelActions extends ProblemActions {
  fixAll(): void;
  share(): void;
}

/**
 * What the buttons do. They need the editor, so until its chunk has registered the real actions
 * with `handlePanelActions`, a click waits for them instead of being lost.
 */
let handlers: PanelActions | null = null;
const waiting: ((actions: PanelActions) => void)[] = [];
const whenHandled = (call: (actions: PanelActions) => void) => (handlers ? call(handlers) : waiting.push(call));
const panelActions: ProblemActions = {
  reveal: (range) => whenHandled((a) => a.reveal(range)),
  fix: (d, index) => whenHandled((a) => a.fix(d, index)),
  showRule: (code) => whenHandled((a) => a.showRule(code)),
};
fixAll.addEventListener('click', () => whenHandled((a) => a.fixAll()));
shareButton.addEventListener('click', () => whenHandled((a) => a.share()));

export function handlePanelActions(actions: PanelActions): void {
  handlers = actions;
  for (const call of waiting.splice(0)) call(actions);
}

let listed: { diagnostics: Diagnostic[]; blank: boolean } | null = null;

/** Lists `diagnostics` (or the empty state) in the problems panel, with its counts and "Fix all". */
export function showProblems(diagnostics: Diagnostic[], blank: boolean): void {
  // The editor shows the entry's first answer again when it takes over; the panel has it already.
  if (listed?.diagnostics === diagnostics && listed.blank === blank) return;
  listed = { diagnostics, blank };
  renderProblems(problems, blank ? [] : diagnostics, panelActions);
  empty.hidden = !blank;
  problems.hidden = blank;
  summary.textContent = blank ? 'Waiting for a Dockerfile' : summarize(diagnostics);
  const shown = blank ? 0 : diagnostics.length;
  problemCount.textContent = shown ? String(shown) : '';
  const safe = blank ? 0 : diagnostics.filter((d) => d.fix?.applicability === 'safe').length;
  fixAll.disabled = safe === 0;
  fixAll.textContent = safe ? `Fix all (${safe})` : 'Fix all';
  fixAll.title = safe ? 'Apply every safe fix' : 'No safe fixes';
  metrics.shown = shown;
  if (metrics.firstDiagnosticsMs === null) {
    metrics.firstDiagnosticsMs = performance.now();
    // The first task after the next frame: the panel has been laid out and painted by then.
    requestAnimationFrame(() => setTimeout(() => (metrics.firstDiagnosticsPaintedMs = performance.now())));
  }
}
