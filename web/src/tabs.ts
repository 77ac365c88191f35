// The Problems and Rules tabs, wired by the entry so they work before the editor has loaded:
// click, or the arrow, Home and End keys (the ARIA tabs pattern).
import { byId } from './page';

/** The Rules tab. */
export const rulesTab = byId<HTMLButtonElement>('tab-rules');
const tabs = [byId<HTMLButtonElement>('tab-problems'), rulesTab];

/** Shows `tab`'s panel and hides the other, focusing `tab` when asked. */
export function selectTab(tab: HTMLButtonElement, focus: boolean): void {
  for (const t of tabs) {
    const selected = t === tab;
    t.setAttribute('aria-selected', String(selected));
    t.tabIndex = selected ? 0 : -1;
    byId<HTMLElement>(t.getAttribute('aria-controls') ?? '').hidden = !selected;
  }
  if (focus) tab.focus();
}

for (const tab of tabs) {
  tab.addEventListener('click', () => selectTab(tab, false));
  tab.addEventListener('keydown', (event) => {
    const i = tabs.indexOf(tab);
    const next =
      event.key === 'ArrowRight' ? tabs[(i + 1) % tabs.length]
      : event.key === 'ArrowLeft' ? tabs[(i + tabs.length - 1) % tabs.length]
      : event.key === 'Home' ? tabs[0]
      : event.key === 'End' ? tabs[tabs.length - 1]
      : undefined;
    if (next) {
      event.preventDefault();
      selectTab(next, true);
    }
  });
}
