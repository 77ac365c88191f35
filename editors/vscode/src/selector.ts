/**
 * Which documents the client hands to the server.
 *
 * The language id `dockerfile` covers whatever VS Code (and this extension's language contribution in
 * package.json) maps to Dockerfile. The file patterns catch the same file names when another extension
 * has claimed them for a different language. The names match what `distrolint check` picks up when it
 * walks a directory. Pure: no `vscode` import.
 */

/** VS Code's language id for Dockerfiles. */
export const LANGUAGE_ID = 'dockerfile';

/**
 * File name globs for Dockerfiles, one path segment each, as `distrolint check` recognises them.
 * `*.Dockerfile` is listed beside `*.dockerfile` because glob matching may be case-sensitive.
 */
export const FILE_NAME_GLOBS = [
  'Dockerfile',
  'Dockerfile.*',
  '*.dockerfile',
  '*.Dockerfile',
  'Containerfile',
  'Containerfile.*',
] as const;

/** A document filter, assignable to both VS Code's and LSP's `DocumentFilter`. */
export type DocumentFilter = { scheme: string; language: string } | { scheme: string; pattern: string };

/**
 * The client's document selector: the `dockerfile` language on disk and in untitled editors, plus
 * each file-name glob anywhere on disk.
 */
export function documentSelector(): DocumentFilter[] {
  return [
    { scheme: 'file', language: LANGUAGE_ID },
    { scheme: 'untitled', language: LANGUAGE_ID },
    ...FILE_NAME_GLOBS.map((glob) => ({ scheme: 'file', pattern: `**/${glob}` })),
  ];
}
