// The CodeMirror 6 editor: a small setup (no autocomplete or folding), the legacy Dockerfile mode,
// the lint gutter, and a theme drawn from the page's CSS variables, so light and dark follow
// `prefers-color-scheme` without a second theme.
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { HighlightStyle, StreamLanguage, syntaxHighlighting } from '@codemirror/language';
import { dockerFile } from '@codemirror/legacy-modes/mode/dockerfile';
import { lintGutter } from '@codemirror/lint';
import { EditorState, type Extension } from '@codemirror/state';
import {
  drawSelection,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
} from '@codemirror/view';
import { tags } from '@lezer/highlight';

const highlight = HighlightStyle.define([
  { tag: tags.keyword, color: 'var(--tok-keyword)', fontWeight: '600' },
  { tag: tags.comment, color: 'var(--tok-comment)', fontStyle: 'italic' },
  { tag: [tags.string, tags.special(tags.string)], color: 'var(--tok-string)' },
  { tag: [tags.number, tags.bool], color: 'var(--tok-number)' },
  { tag: [tags.variableName, tags.special(tags.variableName)], color: 'var(--tok-variable)' },
  { tag: tags.invalid, color: 'inherit' },
]);

const squiggle = (severity: string) => ({
  backgroundImage: 'none',
  textDecoration: `underline wavy var(--sev-${severity})`,
  textDecorationSkipInk: 'none',
  textUnderlineOffset: '3px',
});

const marker = (severity: string) => ({
  content: 'none',
  width: '0.5rem',
  height: '0.5rem',
  margin: '0.35rem auto 0',
  borderRadius: severity === 'error' ? '50%' : severity === 'warning' ? '1px' : '50%',
  transform: severity === 'warning' ? 'rotate(45deg)' : 'none',
  backgroundColor: `var(--sev-${severity})`,
});

const theme = EditorView.theme({
  '&': { height: '100%', color: 'var(--text)', backgroundColor: 'var(--editor-bg)', fontSize: '0.875rem' },
  '&.cm-focused': { outline: 'none' },
  '.cm-scroller': { fontFamily: 'var(--mono)', lineHeight: '1.6' },
  '.cm-content': { caretColor: 'var(--accent)', padding: '0.75rem 0' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--accent)' },
  '&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, ::selection':
    { backgroundColor: 'var(--selection)' },
  '.cm-activeLine': { backgroundColor: 'var(--active-line)' },
  '.cm-gutters': { backgroundColor: 'var(--editor-bg)', color: 'var(--muted)', borderRight: '1px solid var(--border)' },
  '.cm-activeLineGutter': { backgroundColor: 'var(--active-line)', color: 'var(--text)' },
  '.cm-lineNumbers .cm-gutterElement': { padding: '0 0.75rem 0 0.5rem' },
  '.cm-gutter-lint': { width: '1.1rem' },
  '.cm-gutter-lint .cm-gutterElement': { padding: '0' },
  '.cm-lintRange-error': squiggle('error'),
  '.cm-lintRange-warning': squiggle('warning'),
  '.cm-lintRange-info': squiggle('info'),
  '.cm-lintRange-hint': squiggle('hint'),
  '.cm-lintRange-active': { backgroundColor: 'var(--active-range)' },
  '.cm-lint-marker': { width: 'auto', height: 'auto' },
  '.cm-lint-marker-error': marker('error'),
  '.cm-lint-marker-warning': marker('warning'),
  '.cm-lint-marker-info': marker('info'),
  '.cm-lint-marker-hint': marker('hint'),
  '.cm-tooltip': {
    backgroundColor: 'var(--surface)',
    color: 'var(--text)',
    border: '1px solid var(--border)',
    borderRadius: '6px',
    boxShadow: 'var(--shadow)',
  },
  '.cm-tooltip-lint': { padding: '0.25rem 0', maxWidth: 'min(36rem, 90vw)' },
  '.cm-diagnostic': { padding: '0.35rem 0.75rem', borderLeftWidth: '3px', fontFamily: 'var(--sans)' },
  '.cm-diagnostic-error': { borderLeftColor: 'var(--sev-error)' },
  '.cm-diagnostic-warning': { borderLeftColor: 'var(--sev-warning)' },
  '.cm-diagnostic-info': { borderLeftColor: 'var(--sev-info)' },
  '.cm-diagnostic-hint': { borderLeftColor: 'var(--sev-hint)' },
  '.cm-diagnosticSource': { fontFamily: 'var(--mono)', color: 'var(--muted)', opacity: '1' },
  '.cm-diagnosticAction': {
    backgroundColor: 'var(--accent)',
    color: 'var(--on-accent)',
    borderRadius: '4px',
    padding: '0.1rem 0.5rem',
    font: 'inherit',
    fontSize: '0.8125rem',
  },
  '.cm-tooltip-section:not(:first-child)': { borderTop: '1px solid var(--border)' },
});

/**
 * Creates the editor inside `host`, with `extra` extensions. `onChange` runs after every change.
 *
 * The editor lives in a shadow root: there CodeMirror's style-mod uses constructed (adopted)
 * style sheets instead of `<style>` elements, which the page's CSP (`style-src 'self'`) forbids.
 * CSS variables inherit through the shadow boundary, so the theme still follows the page.
 */
export function createEditor(
  host: HTMLElement,
  doc: string,
  extra: Extension[],
  onChange: (view: EditorView) => void,
): EditorView {
  const root = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
  const parent = document.createElement('div');
  parent.style.height = '100%';
  root.replaceChildren(parent);
  const extensions: Extension[] = [
    lineNumbers(),
    lintGutter(),
    highlightActiveLineGutter(),
    highlightSpecialChars(),
    history(),
    drawSelection(),
    highlightActiveLine(),
    StreamLanguage.define(dockerFile),
    syntaxHighlighting(highlight),
    // Tab is left to the browser, so keyboard users can leave the editor.
    ...extra,
    keymap.of([...defaultKeymap, ...historyKeymap]),
    EditorView.contentAttributes.of({ 'aria-label': 'Dockerfile', spellcheck: 'false', autocapitalize: 'off' }),
    EditorView.updateListener.of((update) => {
      if (update.docChanged) onChange(update.view);
    }),
    theme,
  ];
  return new EditorView({ parent, root, state: EditorState.create({ doc, extensions }) });
}

/** Replaces the whole text with `text` as one undoable change that touches only what differs. */
export function replaceText(view: EditorView, text: string): void {
  const old = view.state.doc.toString();
  if (old === text) return;
  let start = 0;
  const max = Math.min(old.length, text.length);
  while (start < max && old.charCodeAt(start) === text.charCodeAt(start)) start++;
  let end = 0;
  while (end < max - start && old.charCodeAt(old.length - 1 - end) === text.charCodeAt(text.length - 1 - end)) end++;
  view.dispatch({
    changes: { from: start, to: old.length - end, insert: text.slice(start, text.length - end) },
    userEvent: 'input.replace',
  });
}
