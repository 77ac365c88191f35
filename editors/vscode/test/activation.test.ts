/**
 * Loads the built bundle (out/extension.js) with a small stand-in for the `vscode` module and runs
 * `activate` where no server can be found: the extension must register its commands, explain the
 * problem with install instructions, and not throw. VS Code itself cannot run here, so this checks the
 * bundle and the failure path only; starting a real client is covered by running the extension.
 */

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import Module from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, beforeEach, describe, test } from 'node:test';

const bundle = path.resolve(__dirname, '../extension.js');
const emptyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'distrolint-vscode-activation-'));
after(() => fs.rmSync(emptyDir, { recursive: true, force: true }));

interface Recorder {
  commands: Map<string, (...args: unknown[]) => unknown>;
  executed: unknown[][];
  errors: string[];
  infos: string[];
  output: string[];
  /** What the next showErrorMessage resolves to (the button the "user" clicks). */
  errorChoice: string | undefined;
  settings: Record<string, unknown>;
}

function makeVscode(rec: Recorder): Record<string, unknown> {
  class Stub {}
  const disposable = { dispose(): void {} };
  class CodeActionKind {
    static readonly SourceFixAll = new CodeActionKind('source.fixAll');
    constructor(readonly value: string) {}
    append(part: string): CodeActionKind {
      return new CodeActionKind(`${this.value}.${part}`);
    }
    contains(other: CodeActionKind): boolean {
      return other.value === this.value || other.value.startsWith(`${this.value}.`);
    }
  }
  return {
    // Classes that vscode-languageclient extends when its modules load.
    CallHierarchyItem: Stub,
    CodeLens: Stub,
    CompletionItem: Stub,
    DocumentLink: Stub,
    InlayHint: Stub,
    SymbolInformation: Stub,
    TypeHierarchyItem: Stub,
    CodeAction: Stub,
    Diagnostic: Stub,
    CancellationError: Error,
    CodeActionKind,
    window: {
      activeTextEditor: undefined,
      createOutputChannel: () => ({
        appendLine: (line: string) => rec.output.push(line),
        append: (text: string) => rec.output.push(text),
        show: () => rec.executed.push(['<output.show>']),
        dispose(): void {},
      }),
      showErrorMessage: (message: string) => {
        rec.errors.push(message);
        return Promise.resolve(rec.errorChoice);
      },
      showInformationMessage: (message: string) => {
        rec.infos.push(message);
        return Promise.resolve(undefined);
      },
      showWarningMessage: (message: string) => {
        rec.infos.push(message);
        return Promise.resolve(undefined);
      },
    },
    commands: {
      registerCommand: (id: string, fn: (...args: unknown[]) => unknown) => {
        rec.commands.set(id, fn);
        return disposable;
      },
      executeCommand: (...args: unknown[]) => {
        rec.executed.push(args);
        return Promise.resolve(undefined);
      },
    },
    workspace: {
      workspaceFolders: undefined,
      getConfiguration: (section: string) => ({
        get: (key: string) => rec.settings[`${section}.${key}`],
      }),
      onDidChangeConfiguration: () => disposable,
      onDidGrantWorkspaceTrust: () => disposable,
    },
    languages: { match: () => 0 },
  };
}

interface ExtensionModule {
  activate(context: { subscriptions: unknown[] }): Promise<void>;
  deactivate(): Promise<void>;
}

/** Loads a fresh copy of the bundle against the stub, with PATH pointing at an empty directory. */
async function activateWith(rec: Recorder): Promise<ExtensionModule> {
  const stub = makeVscode(rec);
  const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const original = loader._load;
  loader._load = function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? stub : original.call(this, request, ...rest);
  };
  const savedPath = process.env.PATH;
  try {
    delete require.cache[bundle];
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ext = require(bundle) as ExtensionModule;
    process.env.PATH = emptyDir;
    await ext.activate({ subscriptions: [] });
    // Let the error message's button handler run.
    await new Promise((resolve) => setImmediate(resolve));
    return ext;
  } finally {
    loader._load = original;
    process.env.PATH = savedPath;
  }
}

describe('the bundled extension without a server', () => {
  let rec: Recorder;
  beforeEach(() => {
    rec = { commands: new Map(), executed: [], errors: [], infos: [], output: [], errorChoice: undefined, settings: {} };
  });

  test('out/extension.js exists (npm run build)', () => {
    assert.ok(fs.existsSync(bundle), `${bundle} is missing: run npm run build first`);
  });

  test('activates, registers the three commands, and explains how to install distrolint', async () => {
    const ext = await activateWith(rec);
    assert.deepEqual([...rec.commands.keys()].sort(), ['distrolint.fixAll', 'distrolint.restartServer', 'distrolint.showOutput']);
    assert.equal(rec.errors.length, 1);
    assert.match(rec.errors[0], /^distrolint: Could not find the "distrolint" executable on PATH\./);
    assert.match(rec.errors[0], /cargo install --locked --path crates\/distrolint/);
    assert.match(rec.errors[0], /"distrolint\.path"/);
    assert.ok(rec.output.includes(`Looked for: ${path.join(emptyDir, 'distrolint')}`), rec.output.join('\n'));
    await ext.deactivate();
  });

  test('a wrong distrolint.path is named in the error, and "Open Settings" opens that setting', async () => {
    rec.settings['distrolint.path'] = path.join(emptyDir, 'nope', 'distrolint');
    rec.errorChoice = 'Open Settings';
    await activateWith(rec);
    assert.equal(rec.errors.length, 1);
    assert.match(rec.errors[0], /"distrolint\.path" is ".*nope\/distrolint", but .* is not an executable file/);
    assert.deepEqual(rec.executed, [['workbench.action.openSettings', 'distrolint.path']]);
  });

  test('the commands work without a server: restart retries the lookup, fix-all explains itself', async () => {
    await activateWith(rec);
    const savedPath = process.env.PATH;
    process.env.PATH = emptyDir;
    try {
      await rec.commands.get('distrolint.restartServer')?.();
    } finally {
      process.env.PATH = savedPath;
    }
    assert.equal(rec.errors.length, 2, 'the restart looked again and reported again');
    await rec.commands.get('distrolint.fixAll')?.();
    assert.deepEqual(rec.infos, ['distrolint: open a Dockerfile to fix it.']);
    await rec.commands.get('distrolint.showOutput')?.();
    assert.deepEqual(rec.executed, [['<output.show>']]);
  });
});
