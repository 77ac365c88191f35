/**
 * Server discovery against real temporary directories with fake executables (POSIX), and against a
 * described Windows file system (so the Windows rules run on any machine).
 */

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';

import { expandVariables } from '../src/expand';
import { findServer, pathDirectories, serverExecutable } from '../src/serverPath';

const posix = process.platform !== 'win32';
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'distrolint-vscode-test-'));
after(() => fs.rmSync(root, { recursive: true, force: true }));

/** Creates `dir/name`; executable unless `mode` says otherwise. Returns its path. */
function makeFile(dir: string, name: string, mode = 0o755): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  fs.writeFileSync(file, '#!/bin/sh\nprintf "%s\\n" "$@"\n');
  fs.chmodSync(file, mode);
  return file;
}

function scratch(name: string): string {
  const dir = path.join(root, name);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

describe('PATH lookup (POSIX, real files)', { skip: !posix }, () => {
  test('skips a non-executable file and a directory, finds the executable further on', () => {
    const base = scratch('path-order');
    makeFile(path.join(base, 'a'), 'distrolint', 0o644);
    fs.mkdirSync(path.join(base, 'b', 'distrolint'), { recursive: true });
    const good = makeFile(path.join(base, 'c'), 'distrolint');
    const later = makeFile(path.join(base, 'd'), 'distrolint');
    const PATH = ['a', 'b', 'c', 'd'].map((d) => path.join(base, d)).join(':');

    const r = findServer({ platform: 'linux', env: { PATH }, home: base });
    assert.deepEqual(r, {
      found: true,
      path: good,
      source: 'path',
      tried: [path.join(base, 'a', 'distrolint'), path.join(base, 'b', 'distrolint'), good],
    });
    assert.notEqual(r.found && r.path, later);
  });

  test('an empty setting means PATH', () => {
    const dir = scratch('empty-setting');
    const exe = makeFile(dir, 'distrolint');
    for (const setting of [undefined, null, '', '   ']) {
      const r = findServer({ setting, platform: 'linux', env: { PATH: dir }, home: root });
      assert.equal(r.found && r.path, exe);
      assert.equal(r.found && r.source, 'path');
    }
  });

  test('empty PATH entries are skipped rather than meaning the current directory', () => {
    assert.deepEqual(pathDirectories({ PATH: ':/usr/bin::/bin:' }, 'linux'), ['/usr/bin', '/bin']);
  });

  test('nothing found: a clear message and the list of candidates', () => {
    const dir = scratch('nothing');
    const r = findServer({ platform: 'linux', env: { PATH: `${dir}:${dir}/sub` }, home: root });
    assert.equal(r.found, false);
    assert.match(!r.found ? r.message : '', /Could not find the "distrolint" executable on PATH/);
    assert.deepEqual(r.tried, [path.join(dir, 'distrolint'), path.join(dir, 'sub', 'distrolint')]);
  });

  test('no PATH at all is not a crash', () => {
    const r = findServer({ platform: 'linux', env: {}, home: root });
    assert.equal(r.found, false);
    assert.deepEqual(r.tried, []);
  });
});

describe('distrolint.path setting (POSIX, real files)', { skip: !posix }, () => {
  test('an absolute path is used, and PATH is not consulted', () => {
    const exe = makeFile(scratch('abs/custom'), 'distrolint-dev');
    const onPath = makeFile(scratch('abs/path'), 'distrolint');
    const r = findServer({ setting: exe, platform: 'linux', env: { PATH: path.dirname(onPath) }, home: root });
    assert.deepEqual(r, { found: true, path: exe, source: 'setting', tried: [exe] });
  });

  test('~ expands to the home directory', () => {
    const home = scratch('home');
    const exe = makeFile(path.join(home, '.cargo', 'bin'), 'distrolint');
    const r = findServer({ setting: '~/.cargo/bin/distrolint', platform: 'linux', env: {}, home });
    assert.equal(r.found && r.path, exe);
  });

  test('${workspaceFolder} and ${userHome} expand', () => {
    const ws = scratch('ws1');
    const exe = makeFile(path.join(ws, 'target', 'debug'), 'distrolint');
    const r = findServer({
      setting: '${workspaceFolder}/target/debug/distrolint',
      platform: 'linux',
      env: {},
      home: root,
      workspaceFolder: ws,
    });
    assert.equal(r.found && r.path, exe);

    const home = scratch('home2');
    const exe2 = makeFile(path.join(home, 'bin'), 'distrolint');
    const r2 = findServer({ setting: '${userHome}/bin/distrolint', platform: 'linux', env: {}, home });
    assert.equal(r2.found && r2.path, exe2);
  });

  test('a relative path is resolved against the workspace folder, not the process directory', () => {
    const ws = scratch('ws2');
    const exe = makeFile(path.join(ws, 'tools'), 'distrolint');
    const r = findServer({ setting: './tools/distrolint', platform: 'linux', env: {}, home: root, workspaceFolder: ws });
    assert.equal(r.found && r.path, exe);
  });

  test('a relative path or ${workspaceFolder} with no folder open is an error that says so', () => {
    const rel = findServer({ setting: 'tools/distrolint', platform: 'linux', env: {}, home: root });
    assert.equal(rel.found, false);
    assert.match(!rel.found ? rel.message : '', /relative path "tools\/distrolint".*no folder is open/);

    const ws = findServer({ setting: '${workspaceFolder}/distrolint', platform: 'linux', env: {}, home: root });
    assert.equal(ws.found, false);
    assert.match(!ws.found ? ws.message : '', /\$\{workspaceFolder\}, but no folder is open/);
    assert.deepEqual(ws.tried, []);
  });

  test('a setting that is not executable is an error, even when PATH has distrolint', () => {
    const file = makeFile(scratch('noexec'), 'distrolint', 0o644);
    const onPath = makeFile(scratch('noexec-path'), 'distrolint');
    const r = findServer({ setting: file, platform: 'linux', env: { PATH: path.dirname(onPath) }, home: root });
    assert.equal(r.found, false);
    assert.match(!r.found ? r.message : '', /is not an executable file/);
    assert.deepEqual(r.tried, [file]);
  });

  test('a bare name is looked up on PATH', () => {
    const dir = scratch('bare');
    const exe = makeFile(dir, 'distrolint-nightly');
    const r = findServer({ setting: 'distrolint-nightly', platform: 'linux', env: { PATH: dir }, home: root });
    assert.deepEqual(r, { found: true, path: exe, source: 'setting', tried: [exe] });

    const missing = findServer({ setting: 'distrolint-beta', platform: 'linux', env: { PATH: dir }, home: root });
    assert.equal(missing.found, false);
    assert.match(!missing.found ? missing.message : '', /no executable named "distrolint-beta" is on PATH/);
  });

  test('${env:NAME} expands; an unset variable expands to nothing', () => {
    const dir = scratch('envdir');
    const exe = makeFile(dir, 'distrolint');
    const r = findServer({ setting: '${env:DL_HOME}/distrolint', platform: 'linux', env: { DL_HOME: dir }, home: root });
    assert.equal(r.found && r.path, exe);
    assert.deepEqual(expandVariables('${env:NOPE}/x', { home: '/h', env: {}, platform: 'linux' }), {
      ok: true,
      value: '/x',
    });
    // Environment names are case-sensitive outside Windows.
    assert.deepEqual(expandVariables('${env:path}', { home: '/h', env: { PATH: '/p' }, platform: 'linux' }), {
      ok: true,
      value: '',
    });
  });

  test('the found executable, started as described, receives exactly `server`', () => {
    const exe = makeFile(scratch('spawn'), 'distrolint');
    const r = findServer({ platform: 'linux', env: { PATH: path.dirname(exe) }, home: root });
    assert.ok(r.found);
    const desc = serverExecutable(r.path, root, { PATH: '/usr/bin:/bin' });
    const run = spawnSync(desc.command, desc.args, { cwd: desc.options.cwd, env: desc.options.env, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, 'server\n');
  });
});

describe('Windows rules (described file system)', () => {
  const files = new Set([
    'C:\\Program Files\\distrolint\\distrolint.exe',
    'D:\\dev\\distrolint\\target\\release\\distrolint.exe',
    'C:\\Users\\me\\.cargo\\bin\\distrolint.exe',
    'C:\\tools\\distrolint.cmd',
  ]);
  const isExecutable = (f: string): boolean => files.has(f);

  test('PATH is read case-insensitively, split on ";", with quotes removed, and .exe appended', () => {
    const env = { Path: 'C:\\tools;;"C:\\Program Files\\distrolint";C:\\Windows' };
    assert.deepEqual(pathDirectories(env, 'win32'), ['C:\\tools', 'C:\\Program Files\\distrolint', 'C:\\Windows']);
    const r = findServer({ platform: 'win32', env, home: 'C:\\Users\\me', isExecutable });
    assert.deepEqual(r, {
      found: true,
      path: 'C:\\Program Files\\distrolint\\distrolint.exe',
      source: 'path',
      // distrolint.cmd in C:\tools is not taken: Node cannot spawn it without a shell.
      tried: ['C:\\tools\\distrolint.exe', 'C:\\Program Files\\distrolint\\distrolint.exe'],
    });
  });

  test('a setting without .exe gets it; one with .exe (any case) is used as is', () => {
    const a = findServer({
      setting: '${workspaceFolder}\\target\\release\\distrolint',
      platform: 'win32',
      env: {},
      home: 'C:\\Users\\me',
      workspaceFolder: 'D:\\dev\\distrolint',
      isExecutable,
    });
    assert.equal(a.found && a.path, 'D:\\dev\\distrolint\\target\\release\\distrolint.exe');

    const b = findServer({
      setting: 'C:\\Program Files\\distrolint\\distrolint.EXE',
      platform: 'win32',
      env: {},
      home: 'C:\\Users\\me',
      isExecutable: (f) => f.toLowerCase() === 'c:\\program files\\distrolint\\distrolint.exe',
    });
    assert.deepEqual(b.tried, ['C:\\Program Files\\distrolint\\distrolint.EXE']);
    assert.equal(b.found, true);
  });

  test('~\\ and forward slashes work; a relative path resolves against the folder', () => {
    const home = findServer({
      setting: '~\\.cargo\\bin\\distrolint',
      platform: 'win32',
      env: {},
      home: 'C:\\Users\\me',
      isExecutable,
    });
    assert.equal(home.found && home.path, 'C:\\Users\\me\\.cargo\\bin\\distrolint.exe');

    const rel = findServer({
      setting: 'target/release/distrolint',
      platform: 'win32',
      env: {},
      home: 'C:\\Users\\me',
      workspaceFolder: 'D:\\dev\\distrolint',
      isExecutable,
    });
    assert.equal(rel.found && rel.path, 'D:\\dev\\distrolint\\target\\release\\distrolint.exe');
  });

  test('a drive-relative setting such as C:distrolint is treated as a path, not a PATH name', () => {
    const r = findServer({ setting: 'C:distrolint', platform: 'win32', env: { PATH: 'C:\\tools' }, home: 'C:\\', isExecutable });
    assert.equal(r.found, false);
    assert.ok(r.tried.every((t) => !t.startsWith('C:\\tools')));
  });

  test('${env:...} is case-insensitive on Windows', () => {
    assert.deepEqual(
      expandVariables('${env:LOCALAPPDATA}\\x', { home: 'C:\\', env: { LocalAppData: 'C:\\L' }, platform: 'win32' }),
      { ok: true, value: 'C:\\L\\x' },
    );
  });
});

describe('serverExecutable', () => {
  test('runs `<path> server` over stdio without a transport (which would append --stdio)', () => {
    const desc = serverExecutable('/opt/distrolint', '/ws', { PATH: '/bin' });
    assert.deepEqual(desc, {
      command: '/opt/distrolint',
      args: ['server'],
      options: { cwd: '/ws', env: { PATH: '/bin', RUST_BACKTRACE: '1' } },
    });
    assert.equal('transport' in desc, false);
  });

  test('keeps a RUST_BACKTRACE the user set', () => {
    assert.equal(serverExecutable('d', undefined, { RUST_BACKTRACE: '0' }).options.env.RUST_BACKTRACE, '0');
  });
});
