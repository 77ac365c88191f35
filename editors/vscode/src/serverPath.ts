/**
 * Finding the `distrolint` executable: the `distrolint.path` setting first, otherwise `PATH`.
 *
 * Pure apart from file-system checks, which go through an injectable `isExecutable` so that tests
 * can describe a Windows machine while running on Linux. No `vscode` import.
 */

import * as fs from 'node:fs';
import * as path from 'node:path';

import { expandVariables, lookupEnv } from './expand';

/** The server's executable name without an extension. */
export const SERVER_NAME = 'distrolint';

/** Install instructions, shown when no executable is found. */
export const INSTALL_HINT =
  'Install distrolint (for example `cargo install --locked --path crates/distrolint` in a distrolint ' +
  'checkout) so that `distrolint` is on your PATH, or set "distrolint.path" to the executable.';

/** Everything the lookup reads from its surroundings. */
export interface FindServerOptions {
  /** The value of the `distrolint.path` setting; empty or missing means "look on PATH". */
  setting?: string | null;
  /** `process.platform`. */
  platform: NodeJS.Platform;
  /** `process.env`; `PATH` (any case on Windows) is read. */
  env: Record<string, string | undefined>;
  /** `os.homedir()`. */
  home: string;
  /** The first workspace folder's file-system path, if any. */
  workspaceFolder?: string;
  /** Whether `file` is an executable regular file. Defaults to a real file-system check. */
  isExecutable?: (file: string, platform: NodeJS.Platform) => boolean;
}

/** Where a found executable came from. */
export type ServerSource = 'setting' | 'path';

/** The outcome of a lookup. `tried` lists every candidate that was checked, for the output channel. */
export type ServerLookup =
  | { found: true; path: string; source: ServerSource; tried: string[] }
  | { found: false; message: string; tried: string[] };

/**
 * Finds the server executable.
 *
 * - A non-empty `distrolint.path` is expanded (`~`, `${userHome}`, `${workspaceFolder}`,
 *   `${env:NAME}`). A value with a directory part is used as a file path, relative to the workspace
 *   folder when it is relative; a bare name such as `distrolint-nightly` is looked up on `PATH`. A
 *   setting that does not lead to an executable is an error: the lookup does not fall back to `PATH`,
 *   because silently running a different binary than the one configured hides the mistake.
 * - Otherwise `distrolint` is looked up on `PATH`.
 * - On Windows `.exe` is appended to a name that lacks it.
 */
export function findServer(opts: FindServerOptions): ServerLookup {
  const isExecutable = opts.isExecutable ?? isExecutableFile;
  const p = opts.platform === 'win32' ? path.win32 : path.posix;
  const tried: string[] = [];
  const check = (candidates: string[]): string | undefined => {
    for (const c of candidates) {
      tried.push(c);
      if (isExecutable(c, opts.platform)) {
        return c;
      }
    }
    return undefined;
  };

  const setting = (opts.setting ?? '').trim();
  if (setting !== '') {
    const expanded = expandVariables(setting, {
      home: opts.home,
      workspaceFolder: opts.workspaceFolder,
      env: opts.env,
      platform: opts.platform,
    });
    if (!expanded.ok) {
      return { found: false, message: `"distrolint.path": ${expanded.reason}.`, tried };
    }
    const value = expanded.value;
    if (!hasDirectoryPart(value, opts.platform)) {
      const hit = check(pathCandidates(value, opts));
      if (hit !== undefined) {
        return { found: true, path: hit, source: 'setting', tried };
      }
      return {
        found: false,
        message: `"distrolint.path" is "${setting}", but no executable named "${value}" is on PATH.`,
        tried,
      };
    }
    let file = value;
    if (!p.isAbsolute(file)) {
      if (opts.workspaceFolder === undefined) {
        return {
          found: false,
          message: `"distrolint.path" is the relative path "${setting}", but no folder is open to resolve it against.`,
          tried,
        };
      }
      file = p.resolve(opts.workspaceFolder, file);
    }
    const hit = check(withExtensions(file, opts));
    if (hit !== undefined) {
      return { found: true, path: hit, source: 'setting', tried };
    }
    return {
      found: false,
      message: `"distrolint.path" is "${setting}", but ${file} is not an executable file.`,
      tried,
    };
  }

  const hit = check(pathCandidates(SERVER_NAME, opts));
  if (hit !== undefined) {
    return { found: true, path: hit, source: 'path', tried };
  }
  return { found: false, message: `Could not find the "${SERVER_NAME}" executable on PATH.`, tried };
}

/** The directories on `PATH`, in order, without empty entries or Windows-style quotes. */
export function pathDirectories(env: Record<string, string | undefined>, platform: NodeJS.Platform): string[] {
  const raw = lookupEnv(env, 'PATH', platform) ?? '';
  const delimiter = platform === 'win32' ? ';' : ':';
  return raw
    .split(delimiter)
    .map((d) => (platform === 'win32' ? d.trim().replace(/^"(.*)"$/, '$1') : d))
    .filter((d) => d !== '');
}

function pathCandidates(name: string, opts: FindServerOptions): string[] {
  const p = opts.platform === 'win32' ? path.win32 : path.posix;
  return pathDirectories(opts.env, opts.platform).flatMap((dir) => withExtensions(p.join(dir, name), opts));
}

/**
 * On Windows a name without `.exe` gets `.exe` appended. Only `.exe` is tried, not all of `PATHEXT`:
 * Node refuses to spawn `.bat`/`.cmd` files without a shell, so finding one would only move the failure.
 */
function withExtensions(file: string, opts: FindServerOptions): string[] {
  if (opts.platform !== 'win32' || file.toLowerCase().endsWith('.exe')) {
    return [file];
  }
  return [file + '.exe'];
}

function hasDirectoryPart(value: string, platform: NodeJS.Platform): boolean {
  return platform === 'win32' ? /[\\/]/.test(value) || /^[a-zA-Z]:/.test(value) : value.includes('/');
}

/** A regular file that this user may execute (on Windows: any regular file). */
export function isExecutableFile(file: string, platform: NodeJS.Platform): boolean {
  try {
    if (!fs.statSync(file).isFile()) {
      return false;
    }
    if (platform !== 'win32') {
      fs.accessSync(file, fs.constants.X_OK);
    }
    return true;
  } catch {
    return false;
  }
}

/** The process the client starts: `<path> server` over stdio. */
export interface ServerExecutable {
  command: string;
  args: string[];
  options: { cwd?: string; env: Record<string, string | undefined> };
}

/**
 * The executable description for `vscode-languageclient`.
 *
 * It deliberately sets no `transport`: with `TransportKind.stdio` the client appends `--stdio` to the
 * arguments, which `distrolint server` does not accept. Without it the client still talks over stdio.
 * `RUST_BACKTRACE=1` makes a crash readable in the output channel.
 */
export function serverExecutable(
  serverPath: string,
  cwd: string | undefined,
  env: Record<string, string | undefined>,
): ServerExecutable {
  return {
    command: serverPath,
    args: ['server'],
    options: { cwd, env: { ...env, RUST_BACKTRACE: env.RUST_BACKTRACE ?? '1' } },
  };
}
