/**
 * Mapping VS Code's `distrolint.*` configuration to what the server reads.
 *
 * The server gets the same object three ways: as `initializationOptions.distrolint`, as
 * `workspace/didChangeConfiguration` `settings.distrolint`, and as the answer to a
 * `workspace/configuration` request for the section `distrolint`. Client-only settings (`path`,
 * `trace.server`) are left out. Pure: no `vscode` import.
 */

import { expandVariables, type ExpandContext } from './expand';

/** The severities a rule can be set to. */
export const RULE_SEVERITIES = ['off', 'error', 'warning', 'info', 'hint'] as const;
/** A rule severity override. */
export type RuleSeverity = (typeof RULE_SEVERITIES)[number];

/** How editor settings and `distrolint.toml` combine. */
export const CONFIGURATION_PREFERENCES = ['editorFirst', 'filesystemFirst', 'editorOnly'] as const;
/** One of {@link CONFIGURATION_PREFERENCES}. */
export type ConfigurationPreference = (typeof CONFIGURATION_PREFERENCES)[number];

/** The settings the server reads. */
export interface ServerSettings {
  /** `""` (none), a built-in profile name such as `lucid`, or a path to a profile TOML file. */
  profile: string;
  /** Rule code or name to severity. */
  rules: Record<string, RuleSeverity>;
  configurationPreference: ConfigurationPreference;
  enable: boolean;
}

/** The defaults, identical to those declared in package.json. */
export const DEFAULT_SETTINGS: Readonly<ServerSettings> = Object.freeze({
  profile: '',
  rules: {},
  configurationPreference: 'filesystemFirst',
  enable: true,
});

/** The server settings as read from VS Code, before validation. */
export interface RawSettings {
  profile?: unknown;
  rules?: unknown;
  configurationPreference?: unknown;
  enable?: unknown;
}

/** Validated settings plus one message per value that was ignored. */
export interface MappedSettings {
  settings: ServerSettings;
  problems: string[];
}

/**
 * Validates and normalises the raw configuration.
 *
 * Invalid values fall back to the default and are reported in `problems` (shown in the output
 * channel), so a typo in settings.json never stops the server. Rule severities are matched
 * case-insensitively. A profile path has `~`, `${userHome}`, `${workspaceFolder}` and `${env:NAME}`
 * expanded here, because the server cannot know the editor's variables.
 */
export function toServerSettings(raw: RawSettings, ctx: ExpandContext): MappedSettings {
  const problems: string[] = [];
  const settings: ServerSettings = { ...DEFAULT_SETTINGS, rules: {} };

  if (raw.profile !== undefined && raw.profile !== null) {
    if (typeof raw.profile !== 'string') {
      problems.push(`"distrolint.profile" must be a string; ignoring ${JSON.stringify(raw.profile)}.`);
    } else {
      const profile = raw.profile.trim();
      const expanded = expandVariables(profile, ctx);
      if (expanded.ok) {
        settings.profile = expanded.value;
      } else {
        problems.push(`"distrolint.profile": ${expanded.reason}; passing it on unexpanded.`);
        settings.profile = profile;
      }
    }
  }

  if (raw.rules !== undefined && raw.rules !== null) {
    if (typeof raw.rules !== 'object' || Array.isArray(raw.rules)) {
      problems.push(`"distrolint.rules" must be an object of rule to severity; ignoring it.`);
    } else {
      for (const [key, value] of Object.entries(raw.rules as Record<string, unknown>)) {
        const rule = key.trim();
        const severity = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
        if (rule === '') {
          problems.push(`"distrolint.rules" has an empty rule name; ignoring it.`);
        } else if (severity !== undefined && isOneOf(RULE_SEVERITIES, severity)) {
          settings.rules[rule] = severity;
        } else {
          problems.push(
            `"distrolint.rules": "${rule}" is set to ${JSON.stringify(value)}; ` +
              `expected one of ${RULE_SEVERITIES.join(', ')}. Ignoring it.`,
          );
        }
      }
    }
  }

  const pref = raw.configurationPreference;
  if (pref !== undefined && pref !== null) {
    if (typeof pref === 'string' && isOneOf(CONFIGURATION_PREFERENCES, pref)) {
      settings.configurationPreference = pref;
    } else {
      problems.push(
        `"distrolint.configurationPreference" is ${JSON.stringify(pref)}; expected one of ` +
          `${CONFIGURATION_PREFERENCES.join(', ')}. Using ${DEFAULT_SETTINGS.configurationPreference}.`,
      );
    }
  }

  if (raw.enable !== undefined && raw.enable !== null) {
    if (typeof raw.enable === 'boolean') {
      settings.enable = raw.enable;
    } else {
      problems.push(`"distrolint.enable" must be true or false; ignoring ${JSON.stringify(raw.enable)}.`);
    }
  }

  return { settings, problems };
}

/** `initializationOptions` for the `initialize` request. */
export function initializationOptions(settings: ServerSettings): { distrolint: ServerSettings } {
  return { distrolint: settings };
}

/** The `settings` of a `workspace/didChangeConfiguration` notification. */
export function didChangeConfigurationSettings(settings: ServerSettings): { distrolint: ServerSettings } {
  return { distrolint: settings };
}

/** The answer to one `workspace/configuration` item, or `handled: false` to let VS Code answer. */
export type ConfigurationAnswer = { handled: true; value: unknown } | { handled: false };

/**
 * Answers a `workspace/configuration` item whose `section` is `distrolint` (the whole server object)
 * or `distrolint.<key>` for a server key. Any other section, including the client-only
 * `distrolint.path` and `distrolint.trace`, is left to VS Code's default handler.
 */
export function answerConfigurationItem(
  section: string | null | undefined,
  settings: ServerSettings,
): ConfigurationAnswer {
  if (section === 'distrolint') {
    return { handled: true, value: settings };
  }
  if (section !== null && section !== undefined && section.startsWith('distrolint.')) {
    const key = section.slice('distrolint.'.length);
    if (Object.prototype.hasOwnProperty.call(settings, key)) {
      return { handled: true, value: settings[key as keyof ServerSettings] };
    }
  }
  return { handled: false };
}

function isOneOf<T extends string>(values: readonly T[], value: string): value is T {
  return (values as readonly string[]).includes(value);
}
