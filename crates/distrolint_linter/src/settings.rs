//! Configuration (`distrolint.toml`), profiles, and the resolved [`Settings`] a lint run uses.
//!
//! Everything here is pure: the faces find and read files and hand the text over.
//! A profile named by path is read through the `load` callback given to [`Settings::from_config`].
//!
//! Resolution order, later wins: built-in defaults, the profile's `extends` packs, the profile,
//! the config file's `[rules]`, then `--select`/`--ignore`, then inline comments.

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;
use serde::de::value::{MapDeserializer, SeqDeserializer};
use serde::de::{DeserializeOwned, IntoDeserializer, MapAccess, Visitor};

use crate::diagnostic::Severity;
use crate::images::ImageEntry;
use crate::rule::{Enablement, RuleMeta};
use crate::rules;

/// The built-in `lucid` profile: the Lucid distroless Python service pattern.
pub const LUCID_PROFILE: &str = include_str!("profiles/lucid.toml");

/// Built-in profiles and packs, by name.
pub const BUILTIN_PROFILES: &[(&str, &str)] = &[("lucid", LUCID_PROFILE)];

/// A rule level in config: a severity, or `off`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Level {
    /// The rule does not run.
    Off,
    /// Style.
    #[serde(alias = "style")]
    Hint,
    /// Hygiene.
    Info,
    /// Risk.
    #[serde(alias = "warn")]
    Warning,
    /// Failure.
    Error,
    /// Runs with its default severity (turns on a rule that is off by default).
    On,
}

/// One `[rules]` entry: a level, or a table with `severity` and rule options.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema), schemars(untagged))]
pub enum RuleConfig {
    /// `"DX101" = "off"`.
    Level(Level),
    /// `"copy-missing-chown" = { severity = "warning", exclude_dest = ["/etc/ssl/certs/*"] }`.
    Table {
        /// The level; the rule's default when absent.
        #[cfg_attr(feature = "schema", schemars(default))]
        severity: Option<Level>,
        /// Rule-specific options.
        #[cfg_attr(feature = "schema", schemars(flatten, with = "BTreeMap<String, serde_json::Value>"))]
        options: BTreeMap<String, OptionValue>,
    },
}

// By hand rather than `#[serde(untagged)]`, so that a bad level names the levels there are
// instead of "did not match any variant".
impl<'de> Deserialize<'de> for RuleConfig {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct RuleConfigVisitor;

        impl<'de> Visitor<'de> for RuleConfigVisitor {
            type Value = RuleConfig;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a level (\"off\", \"on\", \"info\", \"warning\", \"error\", ...) or a table with `severity` and the rule's options")
            }

            fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<RuleConfig, E> {
                Level::deserialize(value.into_deserializer()).map(RuleConfig::Level)
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RuleConfig, A::Error> {
                let mut severity = None;
                let mut options = BTreeMap::new();
                while let Some(key) = map.next_key::<String>()? {
                    if key == "severity" {
                        severity = Some(map.next_value::<Level>()?);
                    } else {
                        let value = map.next_value::<OptionValue>()?;
                        options.insert(key, value);
                    }
                }
                Ok(RuleConfig::Table { severity, options })
            }
        }

        deserializer.deserialize_any(RuleConfigVisitor)
    }
}

/// A rule option's value, as TOML writes it; rules read their options through serde.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum OptionValue {
    /// `true` or `false`.
    Bool(bool),
    /// A whole number.
    Integer(i64),
    /// A float.
    Float(f64),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<OptionValue>),
    /// A table.
    Table(BTreeMap<String, OptionValue>),
}

/// The [`OptionsCheck`](crate::rule::OptionsCheck) of a rule whose options deserialize into `T`.
pub fn check_options<T: DeserializeOwned>(table: &BTreeMap<String, OptionValue>) -> Result<(), String> {
    OptionValue::deserialize_table::<T>(table).map(drop).map_err(|e| e.to_string())
}

impl OptionValue {
    /// Deserializes a rule's options table into its options type.
    fn deserialize_table<T: DeserializeOwned>(
        table: &BTreeMap<String, OptionValue>,
    ) -> Result<T, serde::de::value::Error> {
        T::deserialize(MapDeserializer::new(table.iter().map(|(k, v)| (k.as_str(), v))))
    }
}

impl<'de, E: serde::de::Error> IntoDeserializer<'de, E> for &'de OptionValue {
    type Deserializer = OptionValueDeserializer<'de, E>;

    fn into_deserializer(self) -> Self::Deserializer {
        OptionValueDeserializer { value: self, error: std::marker::PhantomData }
    }
}

/// Reads an [`OptionValue`] as serde input.
pub struct OptionValueDeserializer<'de, E> {
    value: &'de OptionValue,
    error: std::marker::PhantomData<E>,
}

impl<'de, E: serde::de::Error> serde::Deserializer<'de> for OptionValueDeserializer<'de, E> {
    type Error = E;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        match self.value {
            OptionValue::Bool(b) => visitor.visit_bool(*b),
            OptionValue::Integer(i) => visitor.visit_i64(*i),
            OptionValue::Float(f) => visitor.visit_f64(*f),
            OptionValue::String(s) => visitor.visit_borrowed_str(s),
            OptionValue::Array(items) => visitor.visit_seq(SeqDeserializer::new(items.iter())),
            OptionValue::Table(table) => {
                visitor.visit_map(MapDeserializer::new(table.iter().map(|(k, v)| (k.as_str(), v))))
            }
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_some(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf unit
        unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier ignored_any
    }
}

/// A Python interpreter.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PythonConfig {
    /// Minor version, `3.11`.
    pub version: String,
    /// Interpreter path, `/usr/bin/python3.11`.
    pub interpreter: Option<String>,
}

/// Label policy: required labels and their value types.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LabelsConfig {
    /// Labels the final stage must set.
    #[serde(default)]
    pub required: Vec<String>,
    /// Prefix → required suffixes, e.g. `{ "com.lucid." = ["service", "platform"] }`.
    #[serde(default)]
    pub required_prefix: BTreeMap<String, Vec<String>>,
    /// Required values.
    #[serde(default)]
    pub values: BTreeMap<String, String>,
    /// Label → type (`text`, `url`, `semver`, `hash`, `rfc3339`, `spdx`, `email`), as hadolint's `label-schema`.
    #[serde(default)]
    pub schema: BTreeMap<String, String>,
    /// Only schema labels are allowed (hadolint `strict-labels`).
    #[serde(default)]
    pub strict: bool,
}

/// `distrolint.toml`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Config {
    /// A built-in profile (`lucid`) or a path to a profile TOML, relative to the config file.
    pub profile: Option<String>,
    /// Per-rule levels and options, keyed by code, name or alias.
    #[serde(default)]
    pub rules: BTreeMap<String, RuleConfig>,
    /// Extra image knowledge.
    #[serde(default)]
    pub images: Vec<ImageEntry>,
    /// Registries `FROM` may pull from (DL3026); any when empty. Globs: `*.example.com`, `example*`.
    #[serde(default)]
    pub trusted_registries: Vec<String>,
    /// Label policy.
    pub labels: Option<LabelsConfig>,
    /// Whether `# distrolint ignore=` and `# hadolint ignore=` comments are honoured (default true).
    pub allow_inline_ignores: Option<bool>,
}

/// The `[profile]` table.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ProfileHeader {
    /// The profile's name.
    #[serde(default)]
    pub name: String,
    /// Built-in packs or profiles this one builds on: `"builtin:lucid"` or a list of them.
    #[serde(default, deserialize_with = "one_or_many")]
    #[cfg_attr(feature = "schema", schemars(with = "OneOrMany"))]
    pub extends: Vec<String>,
    /// The stage that becomes the image: `last` (default) or a stage name.
    pub target_stage: Option<String>,
}

/// A string or a list of strings, as `extends` accepts.
#[derive(Deserialize)]
#[serde(untagged)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
enum OneOrMany {
    /// One name.
    One(String),
    /// Several names.
    Many(Vec<String>),
}

fn one_or_many<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    Ok(match OneOrMany::deserialize(deserializer)? {
        OneOrMany::One(name) => vec![name],
        OneOrMany::Many(names) => names,
    })
}

/// Whether a profile sets a policy.
type PolicySwitch = fn(&Profile) -> bool;

/// Profile policies that turn rules on: a profile that sets the policy asks for the rule, as if its
/// `[rules]` said `"<rule>" = "on"`. The profile's own `[rules]` still win.
const POLICY_RULES: &[(PolicySwitch, &str)] = &[
    (|p| p.builder.require_markers, "marker-file-empty"),
    (|p| p.builder.require_markers, "marker-missing-after-pip"),
    (|p| p.runtime.require_runtime_verification, "runtime-verification-missing"),
    (|p| p.runtime.require_healthcheck, "healthcheck-missing"),
    (|p| !p.labels.required_prefix.is_empty() || !p.labels.values.is_empty(), "profile-labels-missing"),
];

/// The `[builder]` policy.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BuilderPolicy {
    /// The builder image, exact or glob: `python:3.11-slim-bookworm`.
    pub image: Option<String>,
    /// `target`, `build` or `any`.
    pub platform: Option<String>,
    /// `user`, `venv`, `target` or `any`.
    pub pip_mode: Option<String>,
    /// Require contentful marker files after `pip install`.
    #[serde(default)]
    pub require_markers: bool,
    /// The marker file name.
    pub marker_file: Option<String>,
    /// The marker content template: `{SERVICE}` and `{KIND}` are replaced.
    pub marker_content: Option<String>,
}

/// The `[runtime]` policy.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RuntimePolicy {
    /// The runtime image name without tag.
    pub image: Option<String>,
    /// Tags allowed in the final stage.
    #[serde(default)]
    pub allowed_tags: Vec<String>,
    /// Extra shell-less image globs; `!` excludes: `cgr.dev/chainguard/*:!*-dev`.
    #[serde(default)]
    pub shell_less_images: Vec<String>,
    /// The runtime Python.
    pub python: Option<PythonConfig>,
    /// The runtime uid.
    pub uid: Option<u32>,
    /// The runtime gid.
    pub gid: Option<u32>,
    /// `USER` must be numeric.
    pub numeric_user: Option<bool>,
    /// Where packages go in the runtime.
    pub site_packages: Option<String>,
    /// Paths `ENV PYTHONPATH` must include.
    #[serde(default)]
    pub pythonpath_must_include: Vec<String>,
    /// COPY destinations that need `--chown`.
    #[serde(default)]
    pub chown_paths: Vec<String>,
    /// Sources that must not be copied from a builder into the runtime.
    #[serde(default)]
    pub forbid_copy_from_builder: Vec<String>,
    /// Require an exec-form verification `RUN` after copying site-packages.
    #[serde(default)]
    pub require_runtime_verification: bool,
    /// Require a `HEALTHCHECK` in the final stage.
    #[serde(default)]
    pub require_healthcheck: bool,
    /// User names → uids for the `user-non-numeric` fix, beyond the built-in distroless map.
    #[serde(default)]
    pub user_map: BTreeMap<String, String>,
}

/// The `[entrypoint]` policy.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct EntrypointPolicy {
    /// Require `ENTRYPOINT []`.
    #[serde(default)]
    pub clear: bool,
    /// The required argv shape; `**` is a glob, `{service_root}` a placeholder.
    #[serde(default)]
    pub cmd: Vec<String>,
    /// The healthcheck template: `python-socket`, `python-http` or `none`.
    pub healthcheck: Option<String>,
}

/// A profile file: house policy in TOML (RULES-DISTROLESS.md §4).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Profile {
    /// Name, packs and target stage.
    #[serde(default)]
    pub profile: ProfileHeader,
    /// Builder policy.
    #[serde(default)]
    pub builder: BuilderPolicy,
    /// Runtime policy.
    #[serde(default)]
    pub runtime: RuntimePolicy,
    /// Entrypoint policy.
    #[serde(default)]
    pub entrypoint: EntrypointPolicy,
    /// Label policy.
    #[serde(default)]
    pub labels: LabelsConfig,
    /// Rule levels and options.
    #[serde(default)]
    pub rules: BTreeMap<String, RuleConfig>,
}

/// A problem with configuration, with a message that says how to fix it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ConfigError {}

impl ConfigError {
    fn new(message: impl Into<String>) -> Self {
        ConfigError { message: message.into() }
    }
}

/// Finds a rule by code, name, BuildKit name or alias.
pub fn find_rule(key: &str) -> Option<&'static RuleMeta> {
    rules::ALL.iter().copied().find(|meta| meta.matches(key))
}

/// The closest rule code or name to `key`, for "did you mean".
pub fn suggest_rule(key: &str) -> Option<&'static str> {
    let key = key.to_ascii_lowercase();
    rules::ALL
        .iter()
        .flat_map(|m| [m.code, m.name])
        .map(|candidate| (crate::util::edit_distance(&key, &candidate.to_ascii_lowercase()), candidate))
        .filter(|(d, _)| *d <= (key.len() / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn unknown_rule(key: &str, origin: &str) -> ConfigError {
    let hint = suggest_rule(key).map(|s| format!("; did you mean `{s}`?")).unwrap_or_default();
    ConfigError::new(format!("{origin}: unknown rule `{key}`{hint} (run `distrolint rules` to list them)"))
}

/// The resolved settings for a lint run.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Per rule, by registry index: the severity, or `None` when off.
    levels: Vec<Option<Severity>>,
    /// Per rule: whether the user set the severity (rules then keep it).
    overridden: Vec<bool>,
    /// Per rule: options from config tables.
    options: Vec<Option<BTreeMap<String, OptionValue>>>,
    /// The profile, if any.
    pub profile: Option<Profile>,
    /// Extra image knowledge.
    pub images: Vec<ImageEntry>,
    /// Allowed registries (empty: any).
    pub trusted_registries: Vec<String>,
    /// Label policy from config (the profile's is in `profile.labels`).
    pub labels: LabelsConfig,
    /// Whether inline ignore comments are honoured.
    pub allow_inline_ignores: bool,
    /// Today's date (`YYYY-MM-DD`), for end-of-life checks. The engine reads no clock: the faces
    /// set it. `None` turns date-dependent findings off.
    pub today: Option<String>,
}

impl Default for Settings {
    fn default() -> Self {
        let levels = rules::ALL.iter().map(|m| (m.default == Enablement::On).then_some(m.severity)).collect();
        Settings {
            levels,
            overridden: vec![false; rules::ALL.len()],
            options: vec![None; rules::ALL.len()],
            profile: None,
            images: Vec::new(),
            trusted_registries: Vec::new(),
            labels: LabelsConfig::default(),
            allow_inline_ignores: true,
            today: None,
        }
    }
}

impl Settings {
    /// Parses `distrolint.toml` text.
    pub fn parse_config(text: &str) -> Result<Config, ConfigError> {
        basic_toml::from_str(text).map_err(|e| ConfigError::new(format!("invalid configuration: {e}")))
    }

    /// Parses a profile TOML text.
    pub fn parse_profile(text: &str) -> Result<Profile, ConfigError> {
        basic_toml::from_str(text).map_err(|e| ConfigError::new(format!("invalid profile: {e}")))
    }

    /// Resolves a config. `load(path)` reads a profile file named by path; built-in names
    /// (`lucid`, `builtin:lucid`) never reach it.
    pub fn from_config(
        config: &Config,
        load: &dyn Fn(&str) -> Result<String, String>,
    ) -> Result<Settings, ConfigError> {
        let mut settings = Settings::default();
        if let Some(name) = &config.profile {
            settings.set_profile(name, load)?;
        }
        settings.apply_rules(&config.rules, "distrolint.toml [rules]")?;
        settings.images.clone_from(&config.images);
        settings.trusted_registries.clone_from(&config.trusted_registries);
        if let Some(labels) = &config.labels {
            settings.labels = labels.clone();
        }
        if let Some(allow) = config.allow_inline_ignores {
            settings.allow_inline_ignores = allow;
        }
        Ok(settings)
    }

    /// Loads a profile by built-in name or path and applies it.
    pub fn set_profile(
        &mut self,
        name: &str,
        load: &dyn Fn(&str) -> Result<String, String>,
    ) -> Result<(), ConfigError> {
        let profile = load_profile(name, load, 0)?;
        self.apply_profile(profile)
    }

    /// Applies an already parsed profile (its `extends` are resolved against built-ins only).
    pub fn apply_profile(&mut self, profile: Profile) -> Result<(), ConfigError> {
        for pack in &profile.profile.extends {
            let base = load_profile(pack, &|p| Err(format!("`extends` only names built-in profiles, not `{p}`")), 1)?;
            self.apply_rules(&base.rules, &format!("profile `{pack}`"))?;
        }
        let origin = format!("profile `{}`", profile.profile.name);
        for (asks, rule) in POLICY_RULES {
            if asks(&profile) {
                if let Some(index) = rules::index_of_key(rule) {
                    self.apply_rule(index, &RuleConfig::Level(Level::On));
                }
            }
        }
        self.apply_rules(&profile.rules, &origin)?;
        self.profile = Some(profile);
        Ok(())
    }

    fn apply_rules(&mut self, table: &BTreeMap<String, RuleConfig>, origin: &str) -> Result<(), ConfigError> {
        for (key, value) in table {
            let indices = rules::indices_of_key(key);
            if indices.is_empty() {
                return Err(unknown_rule(key, origin));
            }
            for index in indices {
                check_rule_options(index, value).map_err(|e| ConfigError::new(format!("{origin}: `{key}`: {e}")))?;
                self.apply_rule(index, value);
            }
        }
        Ok(())
    }

    fn apply_rule(&mut self, index: usize, value: &RuleConfig) {
        let meta = rules::ALL[index];
        let (level, options) = match value {
            RuleConfig::Level(level) => (Some(*level), None),
            RuleConfig::Table { severity, options } => (*severity, Some(options.clone())),
        };
        match level {
            Some(Level::Off) => self.levels[index] = None,
            Some(Level::On) => self.levels[index] = Some(meta.severity),
            Some(level) => {
                self.levels[index] = Some(level_severity(level));
                self.overridden[index] = true;
            }
            None => {
                if self.levels[index].is_none() {
                    self.levels[index] = Some(meta.severity);
                }
            }
        }
        if let Some(options) = options {
            self.options[index] = Some(options);
        }
    }

    /// Applies `--select` (only these rules run, turning on rules that are off by default)
    /// and `--ignore` (these rules do not run). Keys are codes, names or aliases.
    pub fn apply_selection(&mut self, select: &[String], ignore: &[String]) -> Result<(), ConfigError> {
        if !select.is_empty() {
            let mut chosen = vec![false; rules::ALL.len()];
            for key in select {
                if key.eq_ignore_ascii_case("all") {
                    chosen.fill(true);
                    continue;
                }
                let matched = rules::indices_for_selector(key);
                if matched.is_empty() {
                    return Err(unknown_rule(key, "--select"));
                }
                for index in matched {
                    chosen[index] = true;
                }
            }
            for (index, chosen) in chosen.into_iter().enumerate() {
                if !chosen {
                    self.levels[index] = None;
                } else if self.levels[index].is_none() {
                    self.levels[index] = Some(rules::ALL[index].severity);
                }
            }
        }
        for key in ignore {
            let matched = rules::indices_for_selector(key);
            if matched.is_empty() {
                return Err(unknown_rule(key, "--ignore"));
            }
            for index in matched {
                self.levels[index] = None;
            }
        }
        Ok(())
    }

    /// Sets one rule's level (for editor settings).
    pub fn set_level(&mut self, key: &str, level: Level) -> Result<(), ConfigError> {
        let mut table = BTreeMap::new();
        table.insert(key.to_owned(), RuleConfig::Level(level));
        self.apply_rules(&table, "settings")
    }

    /// The severity a rule runs with, or `None` when it is off.
    pub fn level(&self, meta: &RuleMeta) -> Option<Severity> {
        rules::index_of(meta).and_then(|i| self.levels[i])
    }

    /// The severity of the rule at registry `index`, or `None` when it is off.
    pub(crate) fn level_at(&self, index: usize) -> Option<Severity> {
        self.levels[index]
    }

    /// Whether the user chose the severity of the rule at registry `index`.
    pub(crate) fn overridden_at(&self, index: usize) -> bool {
        self.overridden[index]
    }

    /// The options of a rule, deserialized, or the defaults when absent or invalid.
    pub fn rule_options<T: DeserializeOwned + Default>(&self, meta: &RuleMeta) -> T {
        rules::index_of(meta)
            .and_then(|i| self.options[i].as_ref())
            .and_then(|table| OptionValue::deserialize_table(table).ok())
            .unwrap_or_default()
    }

    /// The label policy: config labels merged with the profile's.
    pub fn label_policy(&self) -> LabelsConfig {
        let mut labels = self.labels.clone();
        if let Some(profile) = &self.profile {
            let p = &profile.labels;
            labels.required.extend(p.required.iter().filter(|l| !self.labels.required.contains(l)).cloned());
            labels.required_prefix.extend(p.required_prefix.clone());
            labels.values.extend(p.values.clone());
            labels.schema.extend(p.schema.clone());
            labels.strict |= p.strict;
        }
        labels
    }
}

fn level_severity(level: Level) -> Severity {
    match level {
        Level::Hint => Severity::Hint,
        Level::Info => Severity::Info,
        Level::Warning | Level::On | Level::Off => Severity::Warning,
        Level::Error => Severity::Error,
    }
}

fn load_profile(name: &str, load: &dyn Fn(&str) -> Result<String, String>, depth: u32) -> Result<Profile, ConfigError> {
    if depth > 4 {
        return Err(ConfigError::new(format!("profile `{name}`: `extends` nests too deeply")));
    }
    let builtin = name.strip_prefix("builtin:").unwrap_or(name);
    let text = match BUILTIN_PROFILES.iter().find(|(n, _)| *n == builtin) {
        Some((_, text)) => (*text).to_owned(),
        None if name.starts_with("builtin:") || !looks_like_path(name) => {
            let names: Vec<&str> = BUILTIN_PROFILES.iter().map(|(n, _)| *n).collect();
            return Err(ConfigError::new(format!(
                "unknown profile `{name}`: the built-in profiles are {}; or give a path to a profile TOML",
                names.join(", ")
            )));
        }
        None => load(name).map_err(|e| ConfigError::new(format!("cannot read profile `{name}`: {e}")))?,
    };
    let profile: Profile =
        basic_toml::from_str(&text).map_err(|e| ConfigError::new(format!("invalid profile `{name}`: {e}")))?;
    Ok(profile)
}

/// Checks the options a `[rules]` table gives the rule at registry `index`.
fn check_rule_options(index: usize, value: &RuleConfig) -> Result<(), String> {
    let RuleConfig::Table { options, .. } = value else { return Ok(()) };
    match (rules::ALL[index].options, options.keys().next()) {
        (_, None) => Ok(()),
        (Some(check), Some(_)) => check(options),
        (None, Some(key)) => Err(format!("unknown option `{key}`: the rule takes only `severity`")),
    }
}

fn looks_like_path(name: &str) -> bool {
    name.contains('/')
        || name.contains('\\')
        || std::path::Path::new(name).extension().is_some_and(|e| e.eq_ignore_ascii_case("toml"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_files(path: &str) -> Result<String, String> {
        Err(format!("no file {path}"))
    }

    #[test]
    fn rule_levels_resolve_by_code_name_and_alias() {
        let config = Settings::parse_config(
            r#"
            [rules]
            "DX009" = "off"
            "NoEmptyContinuation" = "error"
            "#,
        )
        .unwrap();
        let settings = Settings::from_config(&config, &no_files).unwrap();
        assert_eq!(settings.level(find_rule("malformed-json-args").unwrap()), None);
        assert_eq!(settings.level(find_rule("empty-continuation-line").unwrap()), Some(Severity::Error));
    }

    #[test]
    fn rule_options_are_checked_when_the_config_loads() {
        #[derive(Default, Deserialize)]
        struct ChownOptions {
            exclude_dest: Vec<String>,
        }
        let load = |text: &str| Settings::from_config(&Settings::parse_config(text).unwrap(), &no_files);
        let error = load("[rules]\n\"copy-missing-chown\" = { exclude_dst = [\"/x\"] }\n").unwrap_err();
        assert!(error.message.contains("`copy-missing-chown`: unknown field `exclude_dst`"), "{error}");
        let error = load("[rules]\n\"DX301\" = { exclude_dest = \"/x\" }\n").unwrap_err();
        assert!(error.message.contains("`DX301`: invalid type: string \"/x\", expected a sequence"), "{error}");
        let error = load("[rules]\n\"DX101\" = { foo = 1 }\n").unwrap_err();
        assert!(error.message.contains("`DX101`: unknown option `foo`: the rule takes only `severity`"), "{error}");

        let settings = load("[rules]\n\"DX301\" = { exclude_dest = [\"/x/*\"], severity = \"error\" }\n").unwrap();
        let meta = find_rule("DX301").unwrap();
        assert_eq!(settings.level(meta), Some(Severity::Error));
        assert_eq!(settings.rule_options::<ChownOptions>(meta).exclude_dest, ["/x/*"]);
    }

    #[test]
    fn a_bad_level_names_the_levels() {
        let error = Settings::parse_config("[rules]\n\"DX101\" = \"of\"\n").unwrap_err();
        assert!(error.message.contains("unknown variant `of`, expected one of `off`"), "{error}");
        assert!(error.message.contains("line 2"), "{error}");
        let error = Settings::parse_config("[rules]\n\"DX101\" = 3\n").unwrap_err();
        assert!(error.message.contains("expected a level (\"off\", \"on\""), "{error}");
    }

    #[test]
    fn unknown_rules_and_keys_are_clear_errors() {
        let config = Settings::parse_config("[rules]\n\"DX0O9\" = \"off\"\n").unwrap();
        let error = Settings::from_config(&config, &no_files).unwrap_err();
        assert!(error.message.contains("unknown rule `DX0O9`; did you mean `DX009`?"), "{error}");
        let error = Settings::parse_config("colour = true").unwrap_err();
        assert!(error.message.contains("unknown field `colour`"), "{error}");
    }

    #[test]
    fn lucid_profile_loads_and_paths_go_through_the_loader() {
        let config = Settings::parse_config("profile = \"lucid\"").unwrap();
        let settings = Settings::from_config(&config, &no_files).unwrap();
        assert_eq!(settings.profile.as_ref().unwrap().runtime.uid, Some(65532));
        let config = Settings::parse_config("profile = \"./house.toml\"").unwrap();
        let error = Settings::from_config(&config, &no_files).unwrap_err();
        assert!(error.message.contains("cannot read profile `./house.toml`: no file ./house.toml"));
        let error = Settings::from_config(&Settings::parse_config("profile = \"lucd\"").unwrap(), &no_files);
        assert!(error.unwrap_err().message.contains("the built-in profiles are lucid"));
    }

    #[test]
    fn policies_turn_rules_on_and_extends_takes_a_string() {
        let profile = Settings::parse_profile(
            "[profile]\nextends = \"builtin:lucid\"\n[builder]\nrequire_markers = true\n[rules]\n\"DX804\" = \"off\"\n",
        )
        .unwrap();
        assert_eq!(profile.profile.extends, ["builtin:lucid"]);
        let mut settings = Settings::default();
        settings.apply_profile(profile).unwrap();
        assert_eq!(settings.level(find_rule("marker-file-empty").unwrap()), Some(Severity::Info));
        assert_eq!(settings.level(find_rule("DX804").unwrap()), None);
        assert_eq!(Settings::default().level(find_rule("DX803").unwrap()), None);
    }

    #[test]
    fn selection_narrows_and_ignores() {
        let mut settings = Settings::default();
        settings.apply_selection(&["DX001".into()], &[]).unwrap();
        assert!(settings.level(find_rule("DX001").unwrap()).is_some());
        assert!(settings.level(find_rule("DX002").unwrap()).is_none());
        let mut settings = Settings::default();
        settings.apply_selection(&["DX00".into()], &["invalid-flag".into()]).unwrap();
        assert!(settings.level(find_rule("DX002").unwrap()).is_some());
        assert!(settings.level(find_rule("DX004").unwrap()).is_none());
        assert!(settings.level(find_rule("DX090").unwrap()).is_none());
        assert!(settings.apply_selection(&["nope".into()], &[]).is_err());
    }
}
