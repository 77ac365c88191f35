// The rules browser, built from the engine's `rules()`: every rule with its code, name, default
// severity and documentation, each at an in-page anchor (`#rule-DX101`) so problem codes can link
// to it without leaving the page.
import { renderInline, renderMarkdown } from './markdown';
import type { RuleMeta } from './protocol';
import { docsFor } from './ruledocs';

function span(className: string, text: string): HTMLSpanElement {
  const node = document.createElement('span');
  node.className = className;
  node.textContent = text;
  return node;
}

/** Fills `container` with one article per rule. */
export function renderRules(container: HTMLElement, rules: RuleMeta[]): void {
  const articles = rules.map((rule) => {
    const { summary: ruleSummary, docs: ruleDocs } = docsFor(rule.code);
    const article = document.createElement('article');
    article.className = 'rule';
    article.id = `rule-${rule.code}`;
    article.tabIndex = -1;
    article.dataset.code = rule.code;
    article.dataset.search = [rule.code, rule.name, ...rule.aliases, ruleSummary].join(' ').toLowerCase();

    const head = document.createElement('div');
    head.className = 'rule-head';
    head.append(span('rule-code', rule.code), span('rule-name', rule.name));
    head.append(span(`chip chip-${rule.severity}`, rule.severity));
    if (rule.fix !== 'none') head.append(span('chip', rule.fix === 'always' ? 'fix' : 'fix sometimes'));
    if (!rule.enabledByDefault) head.append(span('chip', 'off by default'));
    if (rule.buildkit) head.append(span('chip', `BuildKit ${rule.buildkit}`));

    const summary = document.createElement('p');
    summary.className = 'rule-summary';
    summary.append(...renderInline(ruleSummary));

    const details = document.createElement('details');
    const label = document.createElement('summary');
    label.textContent = 'Documentation';
    const docs = document.createElement('div');
    docs.className = 'docs';
    // Rendered on first open: the docs of every rule at start-up would delay first diagnostics.
    details.addEventListener('toggle', () => {
      if (details.open && !docs.hasChildNodes()) {
        docs.append(renderMarkdown(ruleDocs, 1));
        const url = document.createElement('p');
        url.className = 'doc-url';
        const code = document.createElement('code');
        code.textContent = rule.url;
        url.append('Online: ', code);
        docs.append(url);
      }
    });
    details.append(label, docs);
    article.append(head, summary, details);
    return article;
  });
  container.replaceChildren(...articles);
}

/** Shows only the rules whose code, name, aliases or summary contain `query`. */
export function filterRules(container: HTMLElement, query: string): void {
  const q = query.trim().toLowerCase();
  for (const article of container.querySelectorAll<HTMLElement>('.rule')) {
    article.hidden = q !== '' && !(article.dataset.search ?? '').includes(q);
  }
}

/** Opens a rule's documentation, scrolls to it and focuses it. */
export function revealRule(container: HTMLElement, code: string): boolean {
  const article = container.querySelector<HTMLElement>(`#rule-${CSS.escape(code)}`);
  if (!article) return false;
  article.hidden = false;
  const details = article.querySelector('details');
  if (details && !details.open) details.open = true;
  article.scrollIntoView({ block: 'start' });
  article.focus({ preventScroll: true });
  return true;
}
