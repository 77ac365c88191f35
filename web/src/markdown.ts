// A small Markdown renderer for rule documentation: headings, paragraphs, lists, fenced code,
// inline code, emphasis and links. It builds DOM nodes (never HTML strings), so rule text cannot
// inject markup. Links open in a new tab only when clicked; rendering them fetches nothing.

type Inline = Node | string;

function inline(text: string): Inline[] {
  const out: Inline[] = [];
  const pattern = /`([^`]+)`|\*\*([^*]+)\*\*|\*([^*\s][^*]*)\*|\[([^\]]+)\]\(([^)\s]+)\)/g;
  let last = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    if (m.index > last) out.push(text.slice(last, m.index));
    if (m[1] !== undefined) {
      out.push(el('code', {}, [m[1]]));
    } else if (m[2] !== undefined) {
      out.push(el('strong', {}, inline(m[2])));
    } else if (m[3] !== undefined) {
      out.push(el('em', {}, inline(m[3])));
    } else if (m[4] !== undefined && m[5] !== undefined) {
      const href = m[5];
      const safe = /^https?:\/\//.test(href);
      out.push(
        safe
          ? el('a', { href, target: '_blank', rel: 'noopener noreferrer' }, inline(m[4]))
          : el('span', {}, inline(m[4])),
      );
    }
    last = pattern.lastIndex;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

function el(tag: string, attrs: Record<string, string>, children: Inline[]): HTMLElement {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

/** Renders one line of inline Markdown (code, emphasis, links). */
export function renderInline(text: string): (Node | string)[] {
  return inline(text);
}

/** Renders `markdown` into a fragment. Heading levels are shifted by `headingOffset`. */
export function renderMarkdown(markdown: string, headingOffset = 1): DocumentFragment {
  const fragment = document.createDocumentFragment();
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  let paragraph: string[] = [];
  let list: HTMLElement | null = null;

  const flush = () => {
    if (paragraph.length) fragment.append(el('p', {}, inline(paragraph.join(' '))));
    paragraph = [];
    list = null;
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const fence = /^\s*```(.*)$/.exec(line);
    if (fence) {
      flush();
      const info = (fence[1] ?? '').trim();
      const code: string[] = [];
      for (i++; i < lines.length && !/^\s*```\s*$/.test(lines[i] ?? ''); i++) code.push(lines[i] ?? '');
      const pre = el('pre', { class: 'doc-code' }, [el('code', {}, [code.join('\n')])]);
      if (info.includes('expect_diagnostic')) {
        pre.classList.add('doc-code-flagged');
        pre.setAttribute('data-label', 'flagged');
      }
      fragment.append(pre);
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      flush();
      const level = Math.min(6, (heading[1] ?? '#').length + headingOffset);
      fragment.append(el(`h${level}`, {}, inline(heading[2] ?? '')));
      continue;
    }
    const item = /^\s*(?:[-*]|(\d+)\.)\s+(.*)$/.exec(line);
    if (item) {
      if (paragraph.length) flush();
      if (!list) {
        list = el(item[1] ? 'ol' : 'ul', {}, []);
        fragment.append(list);
      }
      list.append(el('li', {}, inline(item[2] ?? '')));
      continue;
    }
    if (line.trim() === '') {
      flush();
      continue;
    }
    if (list && /^\s+\S/.test(line)) {
      // A continuation line of the last list item.
      list.lastElementChild?.append(' ', ...inline(line.trim()));
      continue;
    }
    list = null;
    paragraph.push(line.trim());
  }
  flush();
  return fragment;
}
