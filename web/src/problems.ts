// The problems panel. DESIGN.md's DOM contract: each diagnostic is one element carrying
// `data-line` (1-based start line), `data-severity` (error|warning|info|hint) and `data-code`.
import type { Diagnostic } from './protocol';

type Range = Diagnostic['range'];

export interface ProblemActions {
  /** Selects a range in the editor. */
  reveal(range: Range): void;
  /** Applies the diagnostic's fix. */
  fix(diagnostic: Diagnostic, index: number): void;
  /** Shows the rule's documentation. */
  showRule(code: string): void;
}

const SEVERITIES = ['error', 'warning', 'info', 'hint'] as const;

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Splits a message into text and `<code>` for its backquoted parts. */
function withCode(text: string): (string | HTMLElement)[] {
  return text.split(/`([^`]+)`/).map((part, i) => (i % 2 ? element('code', '', part) : part));
}

/** Renders `diagnostics` into `list`. */
export function renderProblems(list: HTMLElement, diagnostics: Diagnostic[], actions: ProblemActions): void {
  const items = diagnostics.map((d, index) => {
    const item = element('li', 'problem');
    item.dataset.line = String(d.range.start.line);
    item.dataset.severity = d.severity;
    item.dataset.code = d.code;

    const icon = element('span', `sev sev-${d.severity}`);
    icon.setAttribute('aria-hidden', 'true');
    const message = element('p', 'problem-message');
    message.append(...withCode(d.message));

    const meta = element('div', 'problem-meta');
    const location = element('button', 'location', `${d.range.start.line}:${d.range.start.column}`);
    location.type = 'button';
    location.title = 'Show in the editor';
    location.setAttribute('aria-label', `${d.severity} on line ${d.range.start.line}, column ${d.range.start.column}: show in the editor`);
    location.addEventListener('click', () => actions.reveal(d.range));
    const code = element('a', 'code-link', d.code);
    code.href = `#rule-${d.code}`;
    code.title = `${d.name}: read the rule`;
    code.addEventListener('click', (event) => {
      event.preventDefault();
      actions.showRule(d.code);
    });
    const name = element('span', 'rule-name', d.name);
    const severity = element('span', 'severity-label', d.severity);
    meta.append(location, code, name, severity);

    item.append(icon, message, meta);
    if (d.related.length) {
      const related = element('ul', 'related');
      for (const r of d.related) {
        const entry = element('li', '');
        const at = element('button', 'location', `${r.range.start.line}:${r.range.start.column}`);
        at.type = 'button';
        at.setAttribute('aria-label', `related, line ${r.range.start.line}: show in the editor`);
        at.addEventListener('click', () => actions.reveal(r.range));
        entry.append(at, ' ', ...withCode(r.message));
        related.append(entry);
      }
      item.append(related);
    }
    if (d.fix && d.fix.applicability !== 'display-only') {
      const fixes = element('div', 'fixes');
      const button = element('button', 'fix');
      button.append(...withCode(d.fix.title));
      button.type = 'button';
      button.dataset.applicability = d.fix.applicability;
      if (d.fix.applicability === 'unsafe') {
        button.append(' ', element('span', 'fix-kind', '(review it)'));
        button.title = 'An unsafe fix: probably right, but read the result';
      } else {
        button.title = 'A safe fix';
      }
      button.addEventListener('click', () => actions.fix(d, index));
      fixes.append(button);
      item.append(fixes);
    }
    return item;
  });
  list.replaceChildren(...items);
}

/** "2 errors, 1 warning" for the panel header. */
export function summarize(diagnostics: Diagnostic[]): string {
  if (diagnostics.length === 0) return 'No problems found';
  const counts = new Map<string, number>();
  for (const d of diagnostics) counts.set(d.severity, (counts.get(d.severity) ?? 0) + 1);
  const plural: Record<string, string> = { error: 'errors', warning: 'warnings', info: 'infos', hint: 'hints' };
  return SEVERITIES.filter((s) => counts.has(s))
    .map((s) => {
      const n = counts.get(s) ?? 0;
      return `${n} ${n === 1 ? s : plural[s]}`;
    })
    .join(', ');
}

/** Focuses the item at `index` (or the last one) after a re-render, for keyboard users. */
export function focusProblem(list: HTMLElement, index: number): boolean {
  const items = list.querySelectorAll<HTMLElement>('.problem');
  const item = items[Math.min(index, items.length - 1)];
  const target = item?.querySelector<HTMLElement>('.fix') ?? item?.querySelector<HTMLElement>('.location');
  target?.focus();
  return target !== undefined && target !== null;
}
