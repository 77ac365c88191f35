//! `settings_json`: what the exports accept as settings, and its conversion to engine settings.
//!
//! The text is a JSON object (all keys optional; `""` counts as `{}`):
//!
//! ```json
//! {
//!   "config": "profile = \"lucid\"\n[rules]\nDL3008 = \"off\"\n",
//!   "profile": "lucid",
//!   "profileToml": null,
//!   "rules": { "DX101": "off", "malformed-json-args": "error" },
//!   "select": [],
//!   "ignore": []
//! }
//! ```
//!
//! Resolution follows the CLI, later wins: defaults, the profile, the config's `[rules]`,
//! `rules`, then `select`/`ignore`. `profile` or `profileToml` replaces the config's `profile`
//! key, as `--profile` does; give at most one of them. The browser has no files, so a config
//! `profile` that names a path is an error: paste the profile as `profileToml` instead.

use std::cell::RefCell;
use std::collections::BTreeMap;

use distrolint_linter::settings::Level as EngineLevel;
use distrolint_linter::{Config, Settings};
use serde::Deserialize;
use tsify::Tsify;
use wasm_bindgen::{JsCast, JsError};

/// The settings every export takes, as a JSON text.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SettingsJson {
    /// The text of a `distrolint.toml`.
    #[serde(default)]
    #[tsify(optional, type = "string | null")]
    pub config: Option<String>,
    /// A built-in profile by name (`lucid`); `null` or absent for none.
    #[serde(default)]
    #[tsify(optional, type = "string | null")]
    pub profile: Option<String>,
    /// A profile's TOML text, pasted by the user.
    #[serde(default)]
    #[tsify(optional, type = "string | null")]
    pub profile_toml: Option<String>,
    /// Rule levels by code, name or alias, applied after the config.
    #[serde(default)]
    #[tsify(optional, type = "Record<string, Level>")]
    pub rules: BTreeMap<String, Level>,
    /// Only these rules (codes, names, aliases or code prefixes such as `DX1`) run.
    #[serde(default)]
    #[tsify(optional)]
    pub select: Vec<String>,
    /// These rules do not run.
    #[serde(default)]
    #[tsify(optional)]
    pub ignore: Vec<String>,
}

/// A rule level, as in `distrolint.toml`'s `[rules]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Tsify)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// The rule does not run.
    Off,
    /// The rule runs with its default severity.
    On,
    /// Style.
    Hint,
    /// Hygiene.
    Info,
    /// Risk.
    Warning,
    /// Failure.
    Error,
}

/// The keys of [`SettingsJson`], as JSON spells them.
const FIELDS: &[&str] = &["config", "profile", "profileToml", "rules", "select", "ignore"];

/// The name under which a pasted profile reaches the engine's profile loader.
const PASTED_PROFILE: &str = "pasted-profile.toml";

impl SettingsJson {
    /// Parses the JSON text; `""` (or only whitespace) gives the defaults.
    ///
    /// The browser's own `JSON.parse` reads it (serde_json would add about 10 KB to the gzipped
    /// wasm), so this works only in a JavaScript host; `tests/api.rs` covers it under Node.
    pub fn parse(json: &str) -> Result<SettingsJson, String> {
        if json.trim().is_empty() {
            return Ok(SettingsJson::default());
        }
        let value = js_sys::JSON::parse(json).map_err(|e| {
            let message = js_sys::Reflect::get(&e, &"message".into()).ok().and_then(|m| m.as_string());
            format!("invalid settings JSON: {}", message.unwrap_or_default())
        })?;
        // serde-wasm-bindgen reads only the fields it knows, so it cannot reject the others itself.
        let object = value
            .dyn_ref::<js_sys::Object>()
            .filter(|_| !js_sys::Array::is_array(&value))
            .ok_or("invalid settings JSON: expected an object")?;
        for key in js_sys::Object::keys(object).iter().filter_map(|k| k.as_string()) {
            if !FIELDS.contains(&key.as_str()) {
                let expected = FIELDS.join("`, `");
                return Err(format!("invalid settings JSON: unknown field `{key}`, expected one of `{expected}`"));
            }
        }
        serde_wasm_bindgen::from_value(value).map_err(|e| format!("invalid settings JSON: {e}"))
    }

    /// Resolves these settings into the engine's.
    pub fn resolve(&self) -> Result<Settings, String> {
        let mut config = match &self.config {
            Some(text) => Settings::parse_config(text).map_err(|e| e.message)?,
            None => Config::default(),
        };
        match (&self.profile, &self.profile_toml) {
            (Some(_), Some(_)) => return Err("give either `profile` or `profileToml`, not both".to_owned()),
            (Some(name), None) => config.profile = Some(name.clone()),
            (None, Some(_)) => config.profile = Some(PASTED_PROFILE.to_owned()),
            (None, None) => {}
        }
        let pasted = self.profile_toml.as_deref();
        let load = |path: &str| match pasted {
            Some(text) if path == PASTED_PROFILE => Ok(text.to_owned()),
            _ => Err("the playground cannot read files; paste the profile's TOML instead".to_owned()),
        };
        let mut settings = Settings::from_config(&config, &load).map_err(|e| e.message)?;
        for (key, level) in &self.rules {
            settings.set_level(key, EngineLevel::from(*level)).map_err(|e| e.message)?;
        }
        settings.apply_selection(&self.select, &self.ignore).map_err(|e| e.message)?;
        Ok(settings)
    }
}

impl From<Level> for EngineLevel {
    fn from(level: Level) -> EngineLevel {
        match level {
            Level::Off => EngineLevel::Off,
            Level::On => EngineLevel::On,
            Level::Hint => EngineLevel::Hint,
            Level::Info => EngineLevel::Info,
            Level::Warning => EngineLevel::Warning,
            Level::Error => EngineLevel::Error,
        }
    }
}

thread_local! {
    /// The last settings JSON and what it resolved to: the playground re-lints with the same
    /// settings on every keystroke, and resolving a profile means parsing TOML.
    static LAST: RefCell<Option<(String, Settings)>> = const { RefCell::new(None) };
}

/// Resolves `json` (reusing the last resolution when the text is unchanged) and calls `f`.
pub(crate) fn with_settings<T>(json: &str, f: impl FnOnce(&Settings) -> T) -> Result<T, JsError> {
    LAST.with(|last| {
        let mut last = last.borrow_mut();
        if last.as_ref().is_none_or(|(text, _)| text != json) {
            let settings = SettingsJson::parse(json).and_then(|s| s.resolve()).map_err(|e| JsError::new(&e))?;
            *last = Some((json.to_owned(), settings));
        }
        let (_, settings) = last.as_ref().expect("just set");
        Ok(f(settings))
    })
}

#[cfg(test)]
mod tests {
    use distrolint_linter::settings::find_rule;

    use super::*;

    #[test]
    fn no_settings_are_the_defaults() {
        assert!(SettingsJson::default().resolve().unwrap().profile.is_none());
    }

    #[test]
    fn unknown_rules_are_errors() {
        let rules = BTreeMap::from([("DX0O9".to_owned(), Level::Off)]);
        let bad = SettingsJson { rules, ..SettingsJson::default() }.resolve().unwrap_err();
        assert!(bad.contains("did you mean `DX009`"), "{bad}");
    }

    #[test]
    fn profiles_by_name_or_pasted_text() {
        let lucid = SettingsJson { profile: Some("lucid".to_owned()), ..SettingsJson::default() };
        assert_eq!(lucid.resolve().unwrap().profile.unwrap().runtime.uid, Some(65532));
        let pasted = SettingsJson {
            profile_toml: Some("[profile]\nname = \"house\"\n[runtime]\nuid = 1000\n".to_owned()),
            ..SettingsJson::default()
        };
        assert_eq!(pasted.resolve().unwrap().profile.unwrap().runtime.uid, Some(1000));
        let both = SettingsJson { profile: Some("lucid".to_owned()), ..pasted };
        assert!(both.resolve().unwrap_err().contains("not both"));
        let path = SettingsJson { config: Some("profile = \"./house.toml\"".to_owned()), ..SettingsJson::default() };
        assert!(path.resolve().unwrap_err().contains("cannot read files"));
    }

    #[test]
    fn rules_apply_after_the_config() {
        let settings = SettingsJson {
            config: Some("[rules]\nDX009 = \"error\"\n".to_owned()),
            rules: BTreeMap::from([("malformed-json-args".to_owned(), Level::Off)]),
            ..SettingsJson::default()
        };
        assert_eq!(settings.resolve().unwrap().level(find_rule("DX009").unwrap()), None);
    }
}
