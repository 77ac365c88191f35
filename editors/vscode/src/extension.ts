/**
 * The VS Code extension: starts `distrolint server` through `vscode-languageclient` and adds three
 * commands. The decisions (where the server is, what settings it gets, which documents it sees) live
 * in the pure modules next to this file, which are unit-tested; this file only wires them to VS Code.
 */

import * as os from 'node:os';

import * as vscode from 'vscode';
import {
  DidChangeConfigurationNotification,
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';

import { documentSelector } from './selector';
import { findServer, INSTALL_HINT, serverExecutable } from './serverPath';
import {
  answerConfigurationItem,
  didChangeConfigurationSettings,
  initializationOptions,
  toServerSettings,
  type ServerSettings,
} from './settings';

/** The code action kind the server offers for "apply every safe fix". */
const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('distrolint');

let output: vscode.OutputChannel;
let client: LanguageClient | undefined;
/** Starts and stops run one after another, so that quick restarts never leave two servers. */
let queue: Promise<void> = Promise.resolve();
/** Settings problems already written to the output channel, so each is reported once. */
const reportedProblems = new Set<string>();

/** Called by VS Code when a Dockerfile is opened or a distrolint command runs. */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('distrolint');
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand('distrolint.restartServer', () => serialize(restart)),
    vscode.commands.registerCommand('distrolint.fixAll', fixAll),
    vscode.commands.registerCommand('distrolint.showOutput', () => output.show(true)),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('distrolint.path')) {
        output.appendLine('"distrolint.path" changed; restarting the server.');
        void serialize(restart);
      }
    }),
    // In an untrusted workspace VS Code ignores the workspace's "distrolint.path"; once the
    // workspace is trusted, that value may point somewhere else.
    vscode.workspace.onDidGrantWorkspaceTrust(() => void serialize(restart)),
  );
  await serialize(start);
}

/** Called by VS Code on shutdown: stop the server cleanly. */
export function deactivate(): Promise<void> {
  return serialize(stop);
}

function serialize(task: () => Promise<void>): Promise<void> {
  queue = queue.then(task, task);
  return queue;
}

async function restart(): Promise<void> {
  await stop();
  await start();
}

function firstWorkspaceFolder(): string | undefined {
  return vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri.fsPath;
}

/** Reads and validates the server settings for `scope` (a document or folder), logging problems once. */
function readServerSettings(scope: vscode.Uri | undefined): ServerSettings {
  const config = vscode.workspace.getConfiguration('distrolint', scope);
  const folder = (scope && vscode.workspace.getWorkspaceFolder(scope)?.uri.fsPath) ?? firstWorkspaceFolder();
  const { settings, problems } = toServerSettings(
    {
      profile: config.get('profile'),
      rules: config.get('rules'),
      configurationPreference: config.get('configurationPreference'),
      enable: config.get('enable'),
    },
    { home: os.homedir(), workspaceFolder: folder, env: process.env, platform: process.platform },
  );
  for (const problem of problems) {
    if (!reportedProblems.has(problem)) {
      reportedProblems.add(problem);
      output.appendLine(`Settings: ${problem}`);
    }
  }
  return settings;
}

async function start(): Promise<void> {
  const folder = firstWorkspaceFolder();
  const lookup = findServer({
    setting: vscode.workspace.getConfiguration('distrolint').get<string>('path'),
    platform: process.platform,
    env: process.env,
    home: os.homedir(),
    workspaceFolder: folder,
  });
  if (!lookup.found) {
    output.appendLine(`${lookup.message}`);
    if (lookup.tried.length > 0) {
      output.appendLine(`Looked for: ${lookup.tried.join(', ')}`);
    }
    output.appendLine(INSTALL_HINT);
    showStartError(`${lookup.message} ${INSTALL_HINT}`);
    return;
  }
  output.appendLine(`Starting ${lookup.path} server (found via ${lookup.source === 'setting' ? '"distrolint.path"' : 'PATH'}).`);

  const serverOptions: ServerOptions = serverExecutable(lookup.path, folder, process.env);
  let languageClient: LanguageClient | undefined;
  try {
    const created: LanguageClient = new LanguageClient(
      'distrolint',
      'distrolint',
      serverOptions,
      clientOptions(() => created),
    );
    languageClient = created;
    client = created;
    await created.start();
  } catch (error) {
    // A failed start has already been reported by vscode-languageclient (a notification, and the
    // cause in the output channel), which may also be retrying under its own restart policy. Keep
    // the client so that "Restart server" stops it before starting a new one; add which binary it
    // was. Activation itself never fails.
    const message = error instanceof Error ? error.message : String(error);
    output.appendLine(`${lookup.path} server failed to start: ${message}`);
    if (languageClient === undefined) {
      showStartError(`could not create the language client: ${message}`);
    }
  }
}

function clientOptions(self: () => LanguageClient): LanguageClientOptions {
  return {
    documentSelector: documentSelector(),
    outputChannel: output,
    initializationOptions: initializationOptions(readServerSettings(undefined)),
    // Ask for change notifications about "distrolint.*". The middleware below replaces VS Code's raw
    // payload (which would include the client-only "path" and "trace") with the validated settings.
    synchronize: { configurationSection: 'distrolint' },
    middleware: {
      workspace: {
        configuration: async (params, token, next) => {
          const defaults = await next(params, token);
          if (!Array.isArray(defaults)) {
            return defaults;
          }
          return params.items.map((item, i) => {
            const scope = item.scopeUri ? self().protocol2CodeConverter.asUri(item.scopeUri) : undefined;
            const answer = answerConfigurationItem(item.section, readServerSettings(scope));
            return answer.handled ? answer.value : defaults[i];
          });
        },
        didChangeConfiguration: async () => {
          // Nothing to tell a server that is stopping (or not started yet).
          if (!self().isRunning()) {
            return;
          }
          await self().sendNotification(DidChangeConfigurationNotification.type, {
            settings: didChangeConfigurationSettings(readServerSettings(undefined)),
          });
        },
      },
    },
  };
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  if (running === undefined) {
    return;
  }
  try {
    await running.dispose();
  } catch (error) {
    output.appendLine(`Stopping the server failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function showStartError(message: string): void {
  void vscode.window.showErrorMessage(`distrolint: ${message}`, 'Open Settings', 'Show Output').then((choice) => {
    if (choice === 'Open Settings') {
      void vscode.commands.executeCommand('workbench.action.openSettings', 'distrolint.path');
    } else if (choice === 'Show Output') {
      output.show(true);
    }
  });
}

/** "distrolint: Fix all auto-fixable problems": runs the server's `source.fixAll.distrolint` action. */
async function fixAll(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (editor === undefined || vscode.languages.match(documentSelector(), editor.document) === 0) {
    void vscode.window.showInformationMessage('distrolint: open a Dockerfile to fix it.');
    return;
  }
  if (client === undefined || !client.isRunning()) {
    void vscode.window.showWarningMessage('distrolint: the server is not running; see "distrolint: Show output".');
    return;
  }
  const document = editor.document;
  const whole = new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length));
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[] | undefined>(
    'vscode.executeCodeActionProvider',
    document.uri,
    whole,
    FIX_ALL_KIND.value,
    // Resolve the edit of lazily resolved actions.
    1,
  );
  const action = actions?.find((a) => a.kind !== undefined && FIX_ALL_KIND.contains(a.kind));
  if (action === undefined || (action.edit === undefined && action.command === undefined)) {
    void vscode.window.showInformationMessage('distrolint: no auto-fixable problems.');
    return;
  }
  if (action.edit !== undefined && !(await vscode.workspace.applyEdit(action.edit))) {
    void vscode.window.showWarningMessage('distrolint: the fixes could not be applied (the file changed?).');
    return;
  }
  if (action.command !== undefined) {
    await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
  }
}
