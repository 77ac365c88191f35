/**
 * The document selector, the language association in package.json, and the contributed commands.
 */

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';

import { documentSelector, FILE_NAME_GLOBS, LANGUAGE_ID } from '../src/selector';

const packageDir = path.resolve(__dirname, '../..');
const manifest = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));

/**
 * Glob matching for one path segment (`*` is any run of characters except `/`), case-sensitive,
 * which is the strictest way VS Code may apply a pattern.
 */
function matchesSegment(glob: string, name: string): boolean {
  const re = new RegExp(`^${glob.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*')}$`);
  return re.test(name);
}

function selectedByPattern(fileName: string): boolean {
  return documentSelector().some((f) => 'pattern' in f && matchesSegment(f.pattern.replace(/^\*\*\//, ''), fileName));
}

describe('documentSelector', () => {
  test('selects the dockerfile language on disk and in untitled editors', () => {
    const selector = documentSelector();
    assert.deepEqual(selector.slice(0, 2), [
      { scheme: 'file', language: 'dockerfile' },
      { scheme: 'untitled', language: 'dockerfile' },
    ]);
    assert.equal(LANGUAGE_ID, 'dockerfile');
  });

  test('adds one file pattern per Dockerfile name, in any directory, on disk only', () => {
    const patterns = documentSelector().slice(2);
    assert.deepEqual(
      patterns,
      FILE_NAME_GLOBS.map((g) => ({ scheme: 'file', pattern: `**/${g}` })),
    );
  });

  test('the patterns match the names `distrolint check` picks up, and not others', () => {
    const yes = [
      'Dockerfile',
      'Dockerfile.prod',
      'Dockerfile.dev.arm64',
      'api.dockerfile',
      'api.Dockerfile',
      'Containerfile',
      'Containerfile.fedora',
    ];
    const no = ['Dockerfiles', 'MyDockerfile', 'dockerfile.go', 'docker-compose.yml', 'Containerfiles', 'README.md', 'Dockerfile/x'];
    for (const name of yes) {
      assert.ok(selectedByPattern(name), `${name} should be selected`);
    }
    for (const name of no) {
      assert.ok(!selectedByPattern(name), `${name} should not be selected`);
    }
  });

  test('filters are plain JSON (they cross into VS Code and the LSP client)', () => {
    assert.deepEqual(JSON.parse(JSON.stringify(documentSelector())), documentSelector());
  });
});

describe('package.json', () => {
  test('the language association covers every file-name glob', () => {
    const [language] = manifest.contributes.languages;
    assert.equal(language.id, LANGUAGE_ID);
    const contributed = new Set<string>([
      ...language.filenames,
      ...language.filenamePatterns,
      ...language.extensions.map((e: string) => `*${e}`),
    ]);
    assert.deepEqual([...contributed].sort(), [...FILE_NAME_GLOBS].sort());
  });

  test('it activates on the dockerfile language and on a workspace holding any Dockerfile name', () => {
    assert.ok(manifest.activationEvents.includes('onLanguage:dockerfile'));
    const contains = manifest.activationEvents.find((e: string) => e.startsWith('workspaceContains:'));
    assert.equal(contains, `workspaceContains:**/{${FILE_NAME_GLOBS.join(',')}}`);
  });

  test('the contributed commands are exactly the ones the extension registers', () => {
    const source = fs.readFileSync(path.join(packageDir, 'src', 'extension.ts'), 'utf8');
    const registered = [...source.matchAll(/registerCommand\('([^']+)'/g)].map((m) => m[1]).sort();
    const contributed = manifest.contributes.commands.map((c: { command: string }) => c.command).sort();
    assert.deepEqual(registered, contributed);
    assert.deepEqual(
      manifest.contributes.commands.map((c: { category: string; title: string }) => `${c.category}: ${c.title}`),
      ['distrolint: Restart server', 'distrolint: Fix all auto-fixable problems', 'distrolint: Show output'],
    );
  });

  test('it packages the bundle the build writes', () => {
    assert.equal(manifest.main, './out/extension.js');
    assert.match(manifest.scripts.build, /--outfile=out\/extension\.js/);
    assert.match(manifest.scripts.build, /--external:vscode/);
  });
});
