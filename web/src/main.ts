// The entry point, kept small so it runs at once. It starts the lint worker and the engine's
// download, shows the Dockerfile as plain text, lints it and lists the diagnostics in the problems
// panel. Only then does the editor's chunk (CodeMirror: half a megabyte, whose set-up holds the
// main thread for about a hundred milliseconds) run and take over the text; were it to run first,
// the diagnostics would wait behind it.
import './style.css';

import init, { lint } from '../pkg/distrolint_wasm.js';
import { engine, type LintAnswer } from './engine';
import { examples, FIRST } from './examples';
import { byId, exampleSelect, isBlank, metrics, setProfile, settingsJson, showProblems } from './page';
import { readHash } from './share';
import './tabs';

/** How long the editor waits for the first diagnostics before it loads anyway (a slow download). */
const EDITOR_DEADLINE_MS = 400;
/** The plain-text stand-in shows this many lines at most; the editor's viewport shows fewer. */
const PREVIEW_LINES = 200;

const shared = readHash(location.hash);
const firstExample = examples.find((e) => e.name === FIRST) ?? examples[0];
const text = shared.code ?? firstExample?.text ?? '';

for (const example of examples) {
  const option = new Option(example.name, example.name);
  option.title = example.path;
  exampleSelect.append(option);
}
exampleSelect.append(new Option('Empty editor', ''));
exampleSelect.value = shared.code !== null ? '' : (firstExample?.name ?? '');
if (shared.code !== null) exampleSelect.prepend(new Option('From the link', 'link', true, true));
const example = exampleSelect.value;
setProfile(shared.code !== null ? shared.profile : (firstExample?.profile ?? null));

/**
 * The text, numbered like the editor's lines, until the editor replaces it. It is a light-DOM
 * child of the editor's host, so the editor's shadow root hides it once it is attached.
 */
function showPreview(host: HTMLElement): void {
  const lines = text.split('\n');
  const preview = document.createElement('pre');
  preview.className = 'editor-preview';
  // The editor's line numbers are as wide as the last one.
  preview.style.setProperty('--digits', `${String(lines.length).length}ch`);
  preview.append(
    ...lines
      .slice(0, PREVIEW_LINES)
      .map((line) => Object.assign(document.createElement('span'), { className: 'preview-line', textContent: `${line}\n` })),
  );
  host.append(preview);
}

const editorHost = byId<HTMLElement>('editor');
showPreview(editorHost);

/** Longer texts (a share link can hold anything) are linted in the worker from the start. */
const PAGE_LINT_MAX_LENGTH = 64 * 1024;
/** Set when the editor loads without waiting any longer for the first diagnostics. */
let editorDue = false;

/**
 * The first lint runs here, on the page, with the engine the page compiled for the worker: the
 * worker's thread takes longer to start than the engine takes to download and compile. Every
 * later lint runs in the worker. The worker lints this text too when the page has no compiled
 * engine, when the text is long, or when the editor is already loading (its keystrokes must not
 * wait behind this lint).
 */
async function lintFirst(settings: string): Promise<LintAnswer> {
  const module = await engine.module;
  if (!module || editorDue || text.length > PAGE_LINT_MAX_LENGTH) {
    metrics.firstLintIn = 'worker';
    return engine.lint(text, settings);
  }
  metrics.firstLintIn = 'page';
  await init({ module_or_path: module });
  const started = performance.now();
  const diagnostics = lint(text, settings);
  const ms = performance.now() - started;
  engine.warm(text, settings);
  return { diagnostics, ms, roundTripMs: ms };
}

const settings = settingsJson();
const first = lintFirst(settings);
// A settings error (a share link naming an unknown profile) or a worker that failed to start is
// reported by the editor's chunk, which shows the same answer.
const shown = first.then(
  (answer) => showProblems(answer.diagnostics, isBlank(text)),
  () => undefined,
);

/** Resolves in the first task after the next frame, once what is on screen has been painted. */
const painted = () => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
const deadline = new Promise<void>((resolve) =>
  setTimeout(() => {
    editorDue = true;
    resolve();
  }, EDITOR_DEADLINE_MS),
);
// The editor's chunk waits until the panel has been painted: evaluating it takes the main thread
// for tens of milliseconds, and the panel should not wait for that.
void Promise.race([shown.then(painted), deadline])
  .then(() => import('./app'))
  .then((app) => app.start({ text, example, settings, edited: shared.code !== null, first }));
