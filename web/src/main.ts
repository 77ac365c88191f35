// The entry point, kept small so it runs at once. It starts the lint worker, shows the Dockerfile
// as plain text, sends it to be linted and lists the diagnostics in the problems panel as soon as
// the worker answers. Only then does the editor's chunk (CodeMirror: half a megabyte, whose set-up
// holds the main thread for about a hundred milliseconds) run and take over the text; were it to
// run first, the answer would wait behind it.
import './style.css';

import { engine } from './engine';
import { examples, FIRST } from './examples';
import { byId, isBlank, setProfile, settingsJson, showProblems } from './page';
import { readHash } from './share';

/** How long the editor waits for the first diagnostics before it loads anyway (a slow download). */
const EDITOR_DEADLINE_MS = 400;
/** The plain-text stand-in shows this many lines at most; the editor's viewport shows fewer. */
const PREVIEW_LINES = 200;

const shared = readHash(location.hash);
const firstExample = examples.find((e) => e.name === FIRST) ?? examples[0];
const text = shared.code ?? firstExample?.text ?? '';

const exampleSelect = byId<HTMLSelectElement>('example');
for (const example of examples) {
  const option = new Option(example.name, example.name);
  option.title = example.path;
  exampleSelect.append(option);
}
exampleSelect.append(new Option('Empty editor', ''));
exampleSelect.value = shared.code !== null ? '' : (firstExample?.name ?? '');
if (shared.code !== null) exampleSelect.prepend(new Option('From the link', 'link', true, true));
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

const settings = settingsJson();
const first = engine.lint(text, settings);
// A settings error (a share link naming an unknown profile) or a worker that failed to start is
// reported by the editor's chunk, which shows the same answer.
const shown = first.then(
  (answer) => showProblems(answer.diagnostics, isBlank(text)),
  () => undefined,
);

const deadline = new Promise<void>((resolve) => setTimeout(resolve, EDITOR_DEADLINE_MS));
void Promise.race([shown, deadline])
  .then(() => import('./app'))
  .then((app) => app.start({ text, settings, edited: shared.code !== null, first }));
