//! Configuration files: finding the nearest `distrolint.toml` or `.distrolint.toml` for a document,
//! caching what was read, and combining it with the editor's settings.
//!
//! Resolution order follows `configurationPreference`: with `filesystemFirst` (the default) the
//! file's profile and rules win over the editor's, with `editorFirst` the editor's win, and with
//! `editorOnly` files are not read. Rules from either side override the chosen profile.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use distrolint_linter::discovery::{self, FileSystem};
use distrolint_linter::settings::{self, Config, Level, RuleConfig};
use distrolint_linter::{ConfigError, Settings};

use super::settings::{ClientSettings, Preference};

/// The real file system.
pub(crate) struct OsFs;

impl FileSystem for OsFs {
    fn read_to_string(&self, path: &Path) -> io::Result<String> {
        std::fs::read_to_string(path)
    }

    fn is_file(&self, path: &Path) -> bool {
        path.is_file()
    }
}

/// The settings a document is linted with, and what went wrong while resolving them.
#[derive(Clone, Debug)]
pub(crate) struct Resolved {
    /// The settings (defaults plus whatever could be read when something failed).
    pub(crate) settings: Arc<Settings>,
    /// A configuration problem to show the user.
    pub(crate) problem: Option<String>,
}

/// What the resolution of one document depends on.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Key {
    config: Option<PathBuf>,
    editor: ClientSettings,
    editor_base: Option<PathBuf>,
}

/// Caches config discovery, parsed config files and resolved settings.
#[derive(Default)]
pub(crate) struct ConfigCache {
    dirs: HashMap<PathBuf, Option<PathBuf>>,
    files: HashMap<PathBuf, Result<Config, String>>,
    resolved: HashMap<Key, Resolved>,
    profiles: BTreeSet<PathBuf>,
}

impl ConfigCache {
    /// Forgets everything: a configuration or profile file changed, or settings did.
    pub(crate) fn clear(&mut self) {
        self.dirs.clear();
        self.files.clear();
        self.resolved.clear();
    }

    /// Profile files named by path in the configurations read so far (to watch them).
    pub(crate) fn profile_files(&self) -> &BTreeSet<PathBuf> {
        &self.profiles
    }

    /// The settings for a document at `path` (`None` for documents that are not files).
    /// `editor_base` is where a relative profile path in the editor settings starts from.
    pub(crate) fn resolve(
        &mut self,
        fs: &dyn FileSystem,
        path: Option<&Path>,
        editor: &ClientSettings,
        editor_base: Option<&Path>,
    ) -> Resolved {
        let config = match (editor.preference, path.and_then(Path::parent)) {
            (Preference::EditorOnly, _) | (_, None) => None,
            (_, Some(dir)) => self.config_for_dir(fs, dir),
        };
        let key = Key { config, editor: editor.clone(), editor_base: editor_base.map(Path::to_path_buf) };
        if let Some(resolved) = self.resolved.get(&key) {
            return resolved.clone();
        }
        let file = key.config.as_ref().map(|path| (path.clone(), self.read_config(fs, path)));
        let resolved = self.combine(fs, file, editor, editor_base);
        self.resolved.insert(key, resolved.clone());
        resolved
    }

    fn config_for_dir(&mut self, fs: &dyn FileSystem, dir: &Path) -> Option<PathBuf> {
        if let Some(found) = self.dirs.get(dir) {
            return found.clone();
        }
        let found = discovery::find_config(fs, dir);
        self.dirs.insert(dir.to_path_buf(), found.clone());
        found
    }

    fn read_config(&mut self, fs: &dyn FileSystem, path: &Path) -> Result<Config, String> {
        if let Some(config) = self.files.get(path) {
            return config.clone();
        }
        let config = fs
            .read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))
            .and_then(|text| Settings::parse_config(&text).map_err(|e| format!("{}: {}", path.display(), e.message)));
        self.files.insert(path.to_path_buf(), config.clone());
        config
    }

    /// Combines a configuration file (if any) with editor settings.
    fn combine(
        &mut self,
        fs: &dyn FileSystem,
        file: Option<(PathBuf, Result<Config, String>)>,
        editor: &ClientSettings,
        editor_base: Option<&Path>,
    ) -> Resolved {
        let mut problems = Vec::new();
        let (file_config, config_dir) = match file {
            Some((path, Ok(config))) => (Some(config), path.parent().map(Path::to_path_buf)),
            Some((_, Err(error))) => {
                problems.push(format!("{error}; linting with the editor settings only"));
                (None, None)
            }
            None => (None, None),
        };
        let editor_rules = editor_rules(editor, &mut problems);
        let mut config = file_config.clone().unwrap_or_default();
        let file_rules = std::mem::take(&mut config.rules);
        let editor_wins = editor.preference != Preference::FilesystemFirst;
        let (profile, profile_base) = match (&file_config.as_ref().and_then(|c| c.profile.clone()), &editor.profile) {
            (Some(file), Some(ed)) if editor_wins => (Some(ed.clone()), editor_base.map(Path::to_path_buf)),
            (Some(file), _) => (Some(file.clone()), config_dir.clone()),
            (None, Some(ed)) => (Some(ed.clone()), editor_base.map(Path::to_path_buf)),
            (None, None) => (None, None),
        };
        config.profile = profile;
        config.rules =
            if editor_wins { merge(file_rules, editor_rules.clone()) } else { merge(editor_rules.clone(), file_rules) };
        let base = profile_base.unwrap_or_default();
        if let Some(name) = &config.profile {
            if is_path(name) {
                self.profiles.insert(absolute(&base.join(name)));
            }
        }
        let load = |name: &str| fs.read_to_string(&base.join(name)).map_err(|e| e.to_string());
        let settings = match Settings::from_config(&config, &load) {
            Ok(settings) => settings,
            Err(error) => {
                problems.push(describe(&error, file_config.is_some() && config_dir.is_some()));
                fallback(&editor_rules)
            }
        };
        Resolved { settings: Arc::new(settings), problem: (!problems.is_empty()).then(|| problems.join("\n")) }
    }
}

/// The editor's rule levels as config entries, keyed by rule code; unknown rules are reported.
fn editor_rules(editor: &ClientSettings, problems: &mut Vec<String>) -> BTreeMap<String, RuleConfig> {
    let mut rules = BTreeMap::new();
    for (key, level) in &editor.rules {
        let Some(meta) = settings::find_rule(key) else {
            let hint = settings::suggest_rule(key).map(|s| format!("; did you mean `{s}`?")).unwrap_or_default();
            problems.push(format!("`distrolint.rules`: unknown rule `{key}`{hint}"));
            continue;
        };
        let Ok(level) = serde_json::from_value::<Level>(serde_json::Value::String(level.clone())) else { continue };
        rules.insert(meta.code.to_owned(), RuleConfig::Level(level));
    }
    rules
}

/// Rules of `low`, overridden by `high`, with keys made canonical so that a code and a name of
/// the same rule do not both apply.
fn merge(low: BTreeMap<String, RuleConfig>, high: BTreeMap<String, RuleConfig>) -> BTreeMap<String, RuleConfig> {
    let canonical = |key: String| settings::find_rule(&key).map_or(key, |m| m.code.to_owned());
    let mut out: BTreeMap<String, RuleConfig> = BTreeMap::new();
    for (key, value) in low {
        out.insert(canonical(key), value);
    }
    for (key, value) in high {
        let key = canonical(key);
        let value = match (out.remove(&key), value) {
            // A level over a table keeps the table's options.
            (Some(RuleConfig::Table { options, .. }), RuleConfig::Level(level)) => {
                RuleConfig::Table { severity: Some(level), options }
            }
            (_, value) => value,
        };
        out.insert(key, value);
    }
    out
}

/// Settings from the editor's rule levels alone, for when the configuration is broken.
fn fallback(editor_rules: &BTreeMap<String, RuleConfig>) -> Settings {
    let config = Config { rules: editor_rules.clone(), ..Config::default() };
    Settings::from_config(&config, &|_| Err("no profile".to_owned())).unwrap_or_default()
}

fn describe(error: &ConfigError, from_file: bool) -> String {
    let origin = if from_file { "configuration" } else { "editor settings" };
    format!("{origin}: {}; linting with the defaults", error.message)
}

fn is_path(name: &str) -> bool {
    name.contains('/') || name.contains('\\') || Path::new(name).extension().is_some_and(|e| e == "toml")
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use distrolint_linter::Severity;
    use distrolint_linter::discovery::MemoryFs;

    use super::*;

    fn editor(preference: Preference, rules: &[(&str, &str)], profile: Option<&str>) -> ClientSettings {
        ClientSettings {
            profile: profile.map(str::to_owned),
            rules: rules.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect(),
            preference,
            enable: true,
        }
    }

    fn level(resolved: &Resolved, code: &str) -> Option<Severity> {
        resolved.settings.level(settings::find_rule(code).unwrap())
    }

    #[test]
    fn preference_decides_who_wins() {
        let mut fs = MemoryFs::default();
        fs.insert("/w/distrolint.toml", "[rules]\n\"malformed-json-args\" = \"off\"\n\"DX004\" = \"info\"\n");
        let doc = Some(Path::new("/w/sub/Dockerfile"));
        let rules = [("DX009", "error"), ("DX090", "hint")];
        let mut cache = ConfigCache::default();
        let fs_first = cache.resolve(&fs, doc, &editor(Preference::FilesystemFirst, &rules, None), None);
        assert_eq!(level(&fs_first, "DX009"), None);
        assert_eq!(level(&fs_first, "DX090"), Some(Severity::Hint));
        assert_eq!(level(&fs_first, "DX004"), Some(Severity::Info));
        let editor_first = cache.resolve(&fs, doc, &editor(Preference::EditorFirst, &rules, None), None);
        assert_eq!(level(&editor_first, "DX009"), Some(Severity::Error));
        let only = cache.resolve(&fs, doc, &editor(Preference::EditorOnly, &[], None), None);
        assert_eq!(level(&only, "DX004"), Some(Severity::Error));
        assert!(fs_first.problem.is_none() && only.problem.is_none());
    }

    #[test]
    fn broken_configs_and_unknown_rules_are_problems_not_failures() {
        let mut fs = MemoryFs::default();
        fs.insert("/w/distrolint.toml", "[rules\n");
        let mut cache = ConfigCache::default();
        let ed = editor(Preference::FilesystemFirst, &[("DX0O9", "off"), ("DX009", "off")], None);
        let resolved = cache.resolve(&fs, Some(Path::new("/w/Dockerfile")), &ed, None);
        let problem = resolved.problem.clone().unwrap();
        assert!(problem.contains("/w/distrolint.toml"), "{problem}");
        assert!(problem.contains("unknown rule `DX0O9`; did you mean `DX009`?"), "{problem}");
        assert_eq!(level(&resolved, "DX009"), None);
        fs.insert("/v/distrolint.toml", "profile = \"house.toml\"\n");
        let resolved = cache.resolve(&fs, Some(Path::new("/v/Dockerfile")), &ClientSettings::default(), None);
        assert!(resolved.problem.unwrap().contains("cannot read profile `house.toml`"));
        assert!(cache.profile_files().contains(Path::new("/v/house.toml")));
    }
}
