// The repository's examples/, imported as text at build time so the playground stays in sync.
// An example's distrolint.toml, when it names a built-in profile, selects that profile.

const dockerfiles = import.meta.glob<string>('../../examples/*/Dockerfile', {
  query: '?raw',
  import: 'default',
  eager: true,
});
const configs = import.meta.glob<string>('../../examples/*/distrolint.toml', {
  query: '?raw',
  import: 'default',
  eager: true,
});

export interface Example {
  /** The directory name, e.g. `tron-payment-service`. */
  name: string;
  /** The path shown to the user, e.g. `examples/tron-payment-service/Dockerfile`. */
  path: string;
  text: string;
  /** The `profile` its distrolint.toml names, if any. */
  profile: string | null;
}

/** The example the playground opens with: the TRON payment service reproduction. */
export const FIRST = 'tron-payment-service';

export const examples: Example[] = Object.entries(dockerfiles)
  .map(([path, text]) => {
    const dir = path.split('/').at(-2) ?? path;
    const config = configs[path.replace(/Dockerfile$/, 'distrolint.toml')] ?? '';
    const profile = /^\s*profile\s*=\s*"([^"]+)"/m.exec(config)?.[1] ?? null;
    return { name: dir, path: `examples/${dir}/Dockerfile`, text, profile };
  })
  // Plain code-unit order: the names are ASCII, and `localeCompare` would start ICU's collator,
  // which costs tens of milliseconds of the page's start-up.
  .sort((a, b) => Number(b.name === FIRST) - Number(a.name === FIRST) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
