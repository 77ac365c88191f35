/**
 * Runs the built bundle (out/extension.js, with the real vscode-languageclient inside) against a
 * stand-in for the `vscode` module, since VS Code itself cannot run here.
 *
 * - Without a server: `activate` registers the commands, explains how to install distrolint, and
 *   does not throw.
 * - With a stand-in server (a small Node script named `distrolint`, written to a temporary PATH
 *   directory; it is not distrolint and lints nothing): the client starts it as `distrolint server`,
 *   sends the mapped settings as initializationOptions and didChangeConfiguration, answers
 *   workspace/configuration through the middleware, and shuts it down on restart and deactivate.
 *
 * The `vscode` stand-in implements what these paths use and answers anything else with an inert
 * object; it shows that the wiring works, not that VS Code renders anything.
 */

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import Module from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, beforeEach, describe, test } from 'node:test';

const bundle = path.resolve(__dirname, '../extension.js');
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'distrolint-vscode-activation-'));
after(() => fs.rmSync(root, { recursive: true, force: true }));

interface Recorder {
  commands: Map<string, (...args: unknown[]) => unknown>;
  executed: unknown[][];
  errors: string[];
  infos: string[];
  output: string[];
  /** What the next showErrorMessage resolves to (the button the "user" clicks). */
  errorChoice: string | undefined;
  /** Configuration values by full key, e.g. `distrolint.path`. */
  settings: Record<string, unknown>;
}

/**
 * An inert value for every API the tests do not model: any property is another inert value, calls
 * and `new` return one, it iterates as empty, and awaiting it gives undefined.
 */
function inert(): unknown {
  return new Proxy(function () {}, {
    get(_target, key) {
      if (key === 'then') {
        return (resolve?: (v: unknown) => void) => resolve?.(undefined);
      }
      if (key === Symbol.iterator) {
        return function* () {};
      }
      if (key === Symbol.toPrimitive) {
        return () => '';
      }
      if (key === 'prototype') {
        return {};
      }
      return typeof key === 'symbol' ? undefined : inert();
    },
    apply: () => inert(),
    construct: () => inert() as object,
  });
}

/** `obj`, answering inertly for any property it does not have. */
function withFallback<T extends object>(obj: T): T {
  return new Proxy(obj, { get: (t, k) => (k in t ? (t as Record<string | symbol, unknown>)[k] : inert()) });
}

function makeVscode(rec: Recorder): Record<string, unknown> {
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
  const get = (section: string | undefined, key: string, fallback?: unknown): unknown => {
    const full = section ? `${section}.${key}` : key;
    return full in rec.settings ? rec.settings[full] : fallback;
  };
  return withFallback({
    version: '1.82.0',
    CodeActionKind,
    window: withFallback({
      activeTextEditor: undefined,
      visibleTextEditors: [],
      createOutputChannel: () =>
        withFallback({
          name: 'distrolint',
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
    }),
    commands: withFallback({
      registerCommand: (id: string, fn: (...args: unknown[]) => unknown) => {
        rec.commands.set(id, fn);
        return disposable;
      },
      executeCommand: (...args: unknown[]) => {
        rec.executed.push(args);
        return Promise.resolve(undefined);
      },
    }),
    workspace: withFallback({
      workspaceFolders: undefined,
      textDocuments: [],
      notebookDocuments: [],
      getConfiguration: (section?: string) => withFallback({ get: (key: string, fallback?: unknown) => get(section, key, fallback) }),
      onDidChangeConfiguration: () => disposable,
      onDidGrantWorkspaceTrust: () => disposable,
    }),
    languages: withFallback({ match: () => 0 }),
  });
}

interface ExtensionModule {
  activate(context: { subscriptions: unknown[] }): Promise<void>;
  deactivate(): Promise<void>;
}

/** Loads a fresh copy of the bundle against the stand-in and activates it with PATH set to `pathDir`. */
async function activateWith(rec: Recorder, pathDir: string): Promise<ExtensionModule> {
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
    process.env.PATH = pathDir;
    await ext.activate({ subscriptions: [] });
    // Let the error message's button handler run.
    await new Promise((resolve) => setImmediate(resolve));
    return ext;
  } finally {
    loader._load = original;
    process.env.PATH = savedPath;
  }
}

function newRecorder(): Recorder {
  return { commands: new Map(), executed: [], errors: [], infos: [], output: [], errorChoice: undefined, settings: {} };
}

test('out/extension.js exists (npm run build)', () => {
  assert.ok(fs.existsSync(bundle), `${bundle} is missing: run npm run build first`);
});

describe('the bundled extension without a server', () => {
  const emptyDir = path.join(root, 'empty');
  fs.mkdirSync(emptyDir, { recursive: true });
  let rec: Recorder;
  beforeEach(() => {
    rec = newRecorder();
  });

  test('activates, registers the three commands, and explains how to install distrolint', async () => {
    const ext = await activateWith(rec, emptyDir);
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
    await activateWith(rec, emptyDir);
    assert.equal(rec.errors.length, 1);
    assert.match(rec.errors[0], /"distrolint\.path" is ".*nope\/distrolint", but .* is not an executable file/);
    assert.deepEqual(rec.executed, [['workbench.action.openSettings', 'distrolint.path']]);
  });

  test('the commands work without a server: restart retries the lookup, fix-all explains itself', async () => {
    await activateWith(rec, emptyDir);
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

/** A stand-in LSP server that records what it receives. Not distrolint: it lints nothing. */
const STAND_IN_SERVER = `
const fs = require('fs');
const log = (entry) => fs.appendFileSync(process.env.FAKE_LSP_LOG, JSON.stringify({ pid: process.pid, ...entry }) + '\\n');
log({ argv: process.argv.slice(2) });
const send = (msg) => {
  const body = Buffer.from(JSON.stringify(msg));
  process.stdout.write('Content-Length: ' + body.length + '\\r\\n\\r\\n');
  process.stdout.write(body);
};
let buf = Buffer.alloc(0);
process.stdin.on('data', (data) => {
  buf = Buffer.concat([buf, data]);
  for (;;) {
    const end = buf.indexOf('\\r\\n\\r\\n');
    if (end < 0) return;
    const length = Number(/Content-Length: *(\\d+)/i.exec(buf.subarray(0, end).toString())[1]);
    if (buf.length < end + 4 + length) return;
    const msg = JSON.parse(buf.subarray(end + 4, end + 4 + length).toString());
    buf = buf.subarray(end + 4 + length);
    log({ msg });
    if (msg.method === 'initialize') {
      send({ jsonrpc: '2.0', id: msg.id, result: { capabilities: { textDocumentSync: 1 } } });
    } else if (msg.method === 'initialized') {
      send({ jsonrpc: '2.0', id: 'cfg', method: 'workspace/configuration', params: { items: [
        { section: 'distrolint' }, { section: 'distrolint.rules' }, { section: 'distrolint.path' }, { section: 'editor' },
      ] } });
    } else if (msg.method === 'shutdown') {
      send({ jsonrpc: '2.0', id: msg.id, result: null });
    } else if (msg.method === 'exit') {
      process.exit(0);
    } else if (msg.id !== undefined && msg.method) {
      send({ jsonrpc: '2.0', id: msg.id, result: null });
    }
  }
});
`;

interface LogEntry {
  pid: number;
  argv?: string[];
  msg?: { id?: unknown; method?: string; params?: Record<string, unknown>; result?: unknown };
}

describe('the bundled extension with a stand-in server', () => {
  const bin = path.join(root, 'bin');
  const logFile = path.join(root, 'server.log');
  fs.mkdirSync(bin, { recursive: true });
  fs.writeFileSync(path.join(bin, 'distrolint'), `#!${process.execPath}\n${STAND_IN_SERVER}`, { mode: 0o755 });

  const readLog = (): LogEntry[] =>
    fs.existsSync(logFile)
      ? fs.readFileSync(logFile, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as LogEntry)
      : [];
  const waitFor = async (what: string, cond: (log: LogEntry[]) => boolean): Promise<LogEntry[]> => {
    const deadline = Date.now() + 15000;
    for (;;) {
      const log = readLog();
      if (cond(log)) {
        return log;
      }
      if (Date.now() > deadline) {
        throw new Error(`timed out waiting for ${what}; server log:\n${JSON.stringify(log, null, 1)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };
  const methods = (log: LogEntry[], pid: number): (string | undefined)[] =>
    log.filter((e) => e.pid === pid && e.msg?.method).map((e) => e.msg?.method);

  test('starts `distrolint server`, sends the mapped settings, answers workspace/configuration, shuts down', { timeout: 60000 }, async () => {
    const savedLog = process.env.FAKE_LSP_LOG;
    const savedPath = process.env.PATH;
    const pathWithServer = `${bin}${path.delimiter}${savedPath ?? ''}`;
    process.env.FAKE_LSP_LOG = logFile;
    const rec = newRecorder();
    rec.settings['distrolint.profile'] = '~/profiles/team.toml';
    rec.settings['distrolint.rules'] = { DL3008: 'OFF', DX101: 'sometimes' };
    rec.settings['distrolint.path'] = '';
    rec.settings.editor = { tabSize: 4 };
    let ext: ExtensionModule | undefined;
    try {
      ext = await activateWith(rec, pathWithServer);
      const expected = {
        profile: path.join(os.homedir(), 'profiles', 'team.toml'),
        rules: { DL3008: 'off' },
        configurationPreference: 'filesystemFirst',
        enable: true,
      };

      let log = await waitFor('the configuration answer', (l) => l.some((e) => e.msg?.id === 'cfg' && 'result' in e.msg));
      const first = log[0].pid;
      assert.deepEqual(log[0].argv, ['server'], 'argv: no --stdio');
      const init = log.find((e) => e.msg?.method === 'initialize');
      assert.deepEqual(init?.msg?.params?.initializationOptions, { distrolint: expected });
      const change = log.find((e) => e.msg?.method === 'workspace/didChangeConfiguration');
      assert.deepEqual(change?.msg?.params, { settings: { distrolint: expected } }, 'no client-only keys');
      const answer = log.find((e) => e.msg?.id === 'cfg');
      assert.deepEqual(answer?.msg?.result, [expected, { DL3008: 'off' }, '', { tabSize: 4 }]);
      assert.deepEqual(rec.errors, []);
      assert.ok(rec.output.some((l) => l.includes('"DX101" is set to "sometimes"')), rec.output.join('\n'));
      assert.ok(rec.output.includes(`Starting ${path.join(bin, 'distrolint')} server (found via PATH).`), rec.output.join('\n'));

      // Restart: the first server is shut down and a second one starts.
      process.env.PATH = pathWithServer;
      await rec.commands.get('distrolint.restartServer')?.();
      log = await waitFor('a second server', (l) => l.some((e) => e.pid !== first && e.msg?.id === 'cfg' && 'result' in e.msg));
      assert.deepEqual(methods(log, first), ['initialize', 'initialized', 'workspace/didChangeConfiguration', 'shutdown', 'exit']);
      const second = log.find((e) => e.pid !== first)?.pid ?? -1;

      await ext.deactivate();
      ext = undefined;
      log = await waitFor('exit', (l) => methods(l, second).includes('exit'));
      assert.deepEqual(methods(log, second), ['initialize', 'initialized', 'workspace/didChangeConfiguration', 'shutdown', 'exit']);
      assert.equal(new Set(log.map((e) => e.pid)).size, 2);
    } finally {
      // On failure, stop the client too, or its server process keeps the test runner alive.
      await ext?.deactivate();
      if (savedLog === undefined) {
        delete process.env.FAKE_LSP_LOG;
      } else {
        process.env.FAKE_LSP_LOG = savedLog;
      }
      process.env.PATH = savedPath;
    }
  });
});
