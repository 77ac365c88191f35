//! The client's `distrolint.*` settings: `profile`, `rules`, `configurationPreference` and `enable`.
//!
//! They arrive as `initializationOptions`, in `workspace/didChangeConfiguration` and as the
//! answer to `workspace/configuration`, either as the `distrolint` object itself or wrapped in
//! `{"distrolint": {...}}`. Reading is lenient: a value of the wrong type is ignored with a
//! message, so a typo in the editor's settings never stops the server.

use serde_json::Value;

/// How editor settings and `distrolint.toml` combine.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub(crate) enum Preference {
    /// Editor settings win over the configuration file.
    EditorFirst,
    /// The configuration file wins; editor settings fill in what it does not say.
    #[default]
    FilesystemFirst,
    /// Configuration files are ignored.
    EditorOnly,
}

/// The settings one editor scope (a workspace folder, or the whole editor) gives the server.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct ClientSettings {
    /// A built-in profile name or a path to a profile file.
    pub(crate) profile: Option<String>,
    /// Rule code or name, and level (`off`, `error`, `warning`, `info`, `hint`, `on`), in order.
    pub(crate) rules: Vec<(String, String)>,
    /// How these settings combine with configuration files.
    pub(crate) preference: Preference,
    /// Whether to lint at all.
    pub(crate) enable: bool,
}

impl Default for ClientSettings {
    fn default() -> Self {
        ClientSettings { profile: None, rules: Vec::new(), preference: Preference::default(), enable: true }
    }
}

impl ClientSettings {
    /// Reads settings from `{"distrolint": {...}}` or from the object itself. Returns the
    /// settings and one message per value that was ignored. `None` when `value` holds no
    /// distrolint settings at all.
    pub(crate) fn from_json(value: &Value) -> Option<(ClientSettings, Vec<String>)> {
        let object = match value.get("distrolint") {
            Some(inner @ Value::Object(_)) => inner,
            _ if looks_like_settings(value) => value,
            _ => return None,
        };
        let mut settings = ClientSettings::default();
        let mut problems = Vec::new();
        match object.get("profile") {
            None | Some(Value::Null) => {}
            Some(Value::String(profile)) => {
                let profile = profile.trim();
                settings.profile = (!profile.is_empty()).then(|| profile.to_owned());
            }
            Some(other) => problems.push(format!("`distrolint.profile` must be a string, not {other}; ignored")),
        }
        match object.get("rules") {
            None | Some(Value::Null) => {}
            Some(Value::Object(rules)) => {
                for (key, level) in rules {
                    match level.as_str().map(|l| l.trim().to_ascii_lowercase()) {
                        Some(level) if is_level(&level) => settings.rules.push((key.trim().to_owned(), level)),
                        _ => problems.push(format!(
                            "`distrolint.rules`: `{key}` is set to {level}; expected off, error, warning, info or hint; ignored"
                        )),
                    }
                }
            }
            Some(other) => problems.push(format!("`distrolint.rules` must be an object, not {other}; ignored")),
        }
        match object.get("configurationPreference") {
            None | Some(Value::Null) => {}
            Some(Value::String(p)) if p == "editorFirst" => settings.preference = Preference::EditorFirst,
            Some(Value::String(p)) if p == "filesystemFirst" => settings.preference = Preference::FilesystemFirst,
            Some(Value::String(p)) if p == "editorOnly" => settings.preference = Preference::EditorOnly,
            Some(other) => problems.push(format!(
                "`distrolint.configurationPreference` is {other}; expected editorFirst, filesystemFirst or editorOnly"
            )),
        }
        match object.get("enable") {
            None | Some(Value::Null) => {}
            Some(Value::Bool(enable)) => settings.enable = *enable,
            Some(other) => problems.push(format!("`distrolint.enable` must be true or false, not {other}; ignored")),
        }
        Some((settings, problems))
    }
}

fn looks_like_settings(value: &Value) -> bool {
    let Value::Object(map) = value else { return false };
    ["profile", "rules", "configurationPreference", "enable"].iter().any(|k| map.contains_key(*k))
}

fn is_level(level: &str) -> bool {
    matches!(level, "off" | "hint" | "style" | "info" | "warning" | "warn" | "error" | "on")
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn reads_wrapped_and_bare_objects() {
        let wrapped = json!({"distrolint": {"profile": "lucid", "rules": {"DX101": "Off"}, "enable": false,
                                            "configurationPreference": "editorOnly"}});
        let (settings, problems) = ClientSettings::from_json(&wrapped).unwrap();
        assert!(problems.is_empty());
        assert_eq!(settings.profile.as_deref(), Some("lucid"));
        assert_eq!(settings.rules, vec![("DX101".to_owned(), "off".to_owned())]);
        assert_eq!(settings.preference, Preference::EditorOnly);
        assert!(!settings.enable);
        let (bare, _) = ClientSettings::from_json(&json!({"profile": ""})).unwrap();
        assert_eq!(bare, ClientSettings::default());
        assert!(ClientSettings::from_json(&json!({"other": 1})).is_none());
        assert!(ClientSettings::from_json(&Value::Null).is_none());
    }

    #[test]
    fn wrong_types_are_reported_and_ignored() {
        let value = json!({"profile": 3, "rules": {"DX101": "loud"}, "enable": "yes", "configurationPreference": 1});
        let (settings, problems) = ClientSettings::from_json(&value).unwrap();
        assert_eq!(settings, ClientSettings::default());
        assert_eq!(problems.len(), 4, "{problems:?}");
        assert!(problems[1].contains("`DX101` is set to \"loud\""), "{problems:?}");
    }
}
