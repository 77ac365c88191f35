/**
 * The mapping from VS Code's `distrolint.*` configuration to the server's settings, and its
 * agreement with the settings that package.json declares.
 */

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';

import type { ExpandContext } from '../src/expand';
import {
  answerConfigurationItem,
  CONFIGURATION_PREFERENCES,
  DEFAULT_SETTINGS,
  didChangeConfigurationSettings,
  initializationOptions,
  RULE_SEVERITIES,
  toServerSettings,
} from '../src/settings';

const ctx: ExpandContext = { home: '/home/me', workspaceFolder: '/ws', env: { PROFILES: '/etc/p' }, platform: 'linux' };
const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8'));
const properties: Record<string, { default: unknown; enum?: string[]; additionalProperties?: { enum: string[] } }> =
  manifest.contributes.configuration.properties;

describe('toServerSettings', () => {
  test('nothing configured gives the defaults and no problems', () => {
    assert.deepEqual(toServerSettings({}, ctx), { settings: DEFAULT_SETTINGS, problems: [] });
    assert.deepEqual(
      toServerSettings({ profile: null, rules: null, configurationPreference: null, enable: null }, ctx),
      { settings: DEFAULT_SETTINGS, problems: [] },
    );
  });

  test('valid values pass through, severities are normalised', () => {
    const { settings, problems } = toServerSettings(
      {
        profile: 'lucid',
        rules: { DL3008: 'off', 'shell-form-in-shellless-stage': 'Warning', ' DX201 ': ' HINT ' },
        configurationPreference: 'editorOnly',
        enable: false,
      },
      ctx,
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(settings, {
      profile: 'lucid',
      rules: { DL3008: 'off', 'shell-form-in-shellless-stage': 'warning', DX201: 'hint' },
      configurationPreference: 'editorOnly',
      enable: false,
    });
  });

  test('a profile path has ~, ${workspaceFolder}, ${userHome} and ${env:NAME} expanded', () => {
    const cases: [string, string][] = [
      ['~/profiles/team.toml', '/home/me/profiles/team.toml'],
      ['${workspaceFolder}/ci/profile.toml', '/ws/ci/profile.toml'],
      ['${userHome}/p.toml', '/home/me/p.toml'],
      ['${env:PROFILES}/strict.toml', '/etc/p/strict.toml'],
      ['  lucid  ', 'lucid'],
      ['./relative.toml', './relative.toml'],
    ];
    for (const [input, expected] of cases) {
      assert.equal(toServerSettings({ profile: input }, ctx).settings.profile, expected, input);
    }
  });

  test('${workspaceFolder} in the profile with no folder open is reported and passed on unexpanded', () => {
    const { settings, problems } = toServerSettings(
      { profile: '${workspaceFolder}/p.toml' },
      { ...ctx, workspaceFolder: undefined },
    );
    assert.equal(settings.profile, '${workspaceFolder}/p.toml');
    assert.equal(problems.length, 1);
    assert.match(problems[0], /distrolint\.profile.*no folder is open/);
  });

  test('invalid values fall back to defaults, one problem each, and valid neighbours survive', () => {
    const { settings, problems } = toServerSettings(
      {
        profile: 42,
        rules: { DL3008: 'fatal', DL3009: 3, '': 'off', DX101: 'error' },
        configurationPreference: 'filesystem',
        enable: 'yes',
      },
      ctx,
    );
    assert.deepEqual(settings, { ...DEFAULT_SETTINGS, rules: { DX101: 'error' } });
    assert.equal(problems.length, 6);
    assert.match(problems[0], /"distrolint\.profile" must be a string; ignoring 42/);
    assert.match(problems[1], /"DL3008" is set to "fatal"; expected one of off, error, warning, info, hint/);
    assert.match(problems[2], /"DL3009" is set to 3/);
    assert.match(problems[3], /empty rule name/);
    assert.match(problems[4], /configurationPreference" is "filesystem".*Using filesystemFirst/);
    assert.match(problems[5], /"distrolint\.enable" must be true or false; ignoring "yes"/);
  });

  test('rules that are not an object are ignored', () => {
    for (const rules of [['DL3008'], 'DL3008=off', 1]) {
      const { settings, problems } = toServerSettings({ rules }, ctx);
      assert.deepEqual(settings.rules, {});
      assert.match(problems[0], /must be an object/);
    }
  });

  test('the result never shares the defaults object', () => {
    const a = toServerSettings({}, ctx).settings;
    a.rules.DL3008 = 'off';
    assert.deepEqual(toServerSettings({}, ctx).settings.rules, {});
    assert.ok(Object.isFrozen(DEFAULT_SETTINGS));
  });
});

describe('payloads sent to the server', () => {
  const settings = toServerSettings({ profile: 'lucid', rules: { DL3008: 'off' } }, ctx).settings;

  test('initializationOptions and didChangeConfiguration nest the settings under "distrolint"', () => {
    const expected = {
      distrolint: { profile: 'lucid', rules: { DL3008: 'off' }, configurationPreference: 'filesystemFirst', enable: true },
    };
    assert.deepEqual(initializationOptions(settings), expected);
    assert.deepEqual(didChangeConfigurationSettings(settings), expected);
    // Plain JSON: survives the wire unchanged.
    assert.deepEqual(JSON.parse(JSON.stringify(initializationOptions(settings))), expected);
  });

  test('workspace/configuration: "distrolint" and its server keys are answered here', () => {
    assert.deepEqual(answerConfigurationItem('distrolint', settings), { handled: true, value: settings });
    assert.deepEqual(answerConfigurationItem('distrolint.rules', settings), { handled: true, value: { DL3008: 'off' } });
    assert.deepEqual(answerConfigurationItem('distrolint.enable', settings), { handled: true, value: true });
  });

  test('workspace/configuration: other sections, client-only keys and no section go to VS Code', () => {
    for (const section of ['distrolint.path', 'distrolint.trace.server', 'distrolint.toString', 'editor', 'distrolintx', '', null, undefined]) {
      assert.deepEqual(answerConfigurationItem(section, settings), { handled: false }, String(section));
    }
  });

  test('client-only settings never reach the server', () => {
    const keys = Object.keys(initializationOptions(settings).distrolint).sort();
    assert.deepEqual(keys, ['configurationPreference', 'enable', 'profile', 'rules']);
  });
});

describe('package.json agrees with the mapping', () => {
  test('every server setting is declared with the same default', () => {
    for (const [key, value] of Object.entries(DEFAULT_SETTINGS)) {
      assert.ok(properties[`distrolint.${key}`], `distrolint.${key} is declared`);
      assert.deepEqual(properties[`distrolint.${key}`].default, value, `default of distrolint.${key}`);
    }
  });

  test('the enums are the same', () => {
    assert.deepEqual([...(properties['distrolint.configurationPreference'].enum ?? [])].sort(), [...CONFIGURATION_PREFERENCES].sort());
    assert.deepEqual(properties['distrolint.rules'].additionalProperties?.enum, [...RULE_SEVERITIES]);
    assert.deepEqual(properties['distrolint.trace.server'].enum, ['off', 'messages', 'verbose']);
  });

  test('exactly the server settings plus the client-only ones are declared', () => {
    assert.deepEqual(Object.keys(properties).sort(), [
      'distrolint.configurationPreference',
      'distrolint.enable',
      'distrolint.path',
      'distrolint.profile',
      'distrolint.rules',
      'distrolint.trace.server',
    ]);
    assert.equal(properties['distrolint.path'].default, '');
    assert.deepEqual(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations, ['distrolint.path']);
  });
});
