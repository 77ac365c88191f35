/**
 * Expansion of the variables that users write in path settings: `~`, `${userHome}`,
 * `${workspaceFolder}` and `${env:NAME}`, the same spellings VS Code's own settings use.
 *
 * Pure: no `vscode` import, so it runs under `node:test`.
 */

/** What a path setting may refer to. */
export interface ExpandContext {
  /** The user's home directory (`os.homedir()`). */
  home: string;
  /** The first workspace folder's file-system path, if a folder is open. */
  workspaceFolder?: string;
  /** Environment variables for `${env:NAME}`. */
  env: Record<string, string | undefined>;
  /** `process.platform`: Windows looks environment variables up case-insensitively. */
  platform: NodeJS.Platform;
}

/** The result of an expansion: a value, or the reason it cannot be expanded. */
export type Expanded = { ok: true; value: string } | { ok: false; reason: string };

/**
 * Expands `~`, `~/…` (or `~\…`), `${userHome}`, `${workspaceFolder}` and `${env:NAME}` in `value`.
 *
 * `~` counts only at the very start, as in a shell. A `${workspaceFolder}` with no open folder is an
 * error, not an empty string, so that a setting never silently points at `/distrolint`. An unset
 * `${env:NAME}` expands to the empty string, as in VS Code. Unknown `${…}` variables are left alone.
 */
export function expandVariables(value: string, ctx: ExpandContext): Expanded {
  let out = value;
  if (out === '~') {
    out = ctx.home;
  } else if (out.startsWith('~/') || out.startsWith('~\\')) {
    out = ctx.home + out.slice(1);
  }
  let missingFolder = false;
  out = out.replace(/\$\{(userHome|workspaceFolder|env:([^}]*))\}/g, (_match, name: string, envName?: string) => {
    if (name === 'userHome') {
      return ctx.home;
    }
    if (name === 'workspaceFolder') {
      if (ctx.workspaceFolder === undefined) {
        missingFolder = true;
        return '';
      }
      return ctx.workspaceFolder;
    }
    return lookupEnv(ctx.env, envName ?? '', ctx.platform) ?? '';
  });
  if (missingFolder) {
    return { ok: false, reason: `"${value}" uses \${workspaceFolder}, but no folder is open` };
  }
  return { ok: true, value: out };
}

/**
 * Reads an environment variable. Windows treats names case-insensitively (`Path` and `PATH` are
 * the same variable), so there an exact match is tried first and then a case-insensitive one.
 */
export function lookupEnv(
  env: Record<string, string | undefined>,
  name: string,
  platform: NodeJS.Platform,
): string | undefined {
  if (env[name] !== undefined || platform !== 'win32') {
    return env[name];
  }
  const lower = name.toLowerCase();
  for (const [key, val] of Object.entries(env)) {
    if (key.toLowerCase() === lower && val !== undefined) {
      return val;
    }
  }
  return undefined;
}
