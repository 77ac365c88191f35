//! Finding the configuration that applies to a file: the nearest `distrolint.toml` or
//! `.distrolint.toml` in the file's directory or an ancestor.
//!
//! The lookup itself is pure; the faces pass a [`FileSystem`] that reads real files
//! (the CLI and the LSP) or memory (tests).

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::settings::{ConfigError, Settings};

/// The config file names, in the order they are tried in each directory.
pub const CONFIG_NAMES: [&str; 2] = ["distrolint.toml", ".distrolint.toml"];

/// What discovery needs from a file system.
pub trait FileSystem {
    /// Reads a file as UTF-8.
    fn read_to_string(&self, path: &Path) -> io::Result<String>;
    /// Whether a regular file exists at `path`.
    fn is_file(&self, path: &Path) -> bool;
}

/// A file system in memory, for tests.
#[derive(Default, Clone, Debug)]
pub struct MemoryFs {
    files: HashMap<PathBuf, String>,
}

impl MemoryFs {
    /// Adds a file.
    pub fn insert(&mut self, path: impl Into<PathBuf>, text: impl Into<String>) {
        self.files.insert(path.into(), text.into());
    }
}

impl FileSystem for MemoryFs {
    fn read_to_string(&self, path: &Path) -> io::Result<String> {
        self.files.get(path).cloned().ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "no such file"))
    }

    fn is_file(&self, path: &Path) -> bool {
        self.files.contains_key(path)
    }
}

/// The config file nearest to `dir` (in `dir` or an ancestor).
pub fn find_config(fs: &dyn FileSystem, dir: &Path) -> Option<PathBuf> {
    dir.ancestors().flat_map(|d| CONFIG_NAMES.iter().map(move |name| d.join(name))).find(|p| fs.is_file(p))
}

/// Reads a config file and resolves it, loading a profile named by path relative to the file.
pub fn load_config(fs: &dyn FileSystem, path: &Path) -> Result<Settings, ConfigError> {
    let text =
        fs.read_to_string(path).map_err(|e| ConfigError { message: format!("cannot read {}: {e}", path.display()) })?;
    let config = Settings::parse_config(&text)
        .map_err(|e| ConfigError { message: format!("{}: {}", path.display(), e.message) })?;
    let base = path.parent().unwrap_or(Path::new("."));
    let load = |name: &str| fs.read_to_string(&base.join(name)).map_err(|e| e.to_string());
    Settings::from_config(&config, &load)
        .map_err(|e| ConfigError { message: format!("{}: {}", path.display(), e.message) })
}

/// Caches resolved settings per config file, and which config applies to each directory.
#[derive(Default)]
pub struct ConfigIndex {
    by_dir: HashMap<PathBuf, Option<PathBuf>>,
    by_config: HashMap<PathBuf, Result<Arc<Settings>, ConfigError>>,
}

impl ConfigIndex {
    /// An empty index.
    pub fn new() -> Self {
        Self::default()
    }

    /// The config file that applies to files in `dir`, if any.
    pub fn config_for_dir(&mut self, fs: &dyn FileSystem, dir: &Path) -> Option<PathBuf> {
        if let Some(found) = self.by_dir.get(dir) {
            return found.clone();
        }
        let found = find_config(fs, dir);
        self.by_dir.insert(dir.to_path_buf(), found.clone());
        found
    }

    /// The settings for a file: from its nearest config, or `None` when there is none.
    pub fn settings_for(&mut self, fs: &dyn FileSystem, file: &Path) -> Option<Result<Arc<Settings>, ConfigError>> {
        let dir = file.parent().unwrap_or(Path::new("."));
        let config = self.config_for_dir(fs, dir)?;
        Some(self.load(fs, &config))
    }

    /// The resolved settings of one config file, cached.
    pub fn load(&mut self, fs: &dyn FileSystem, config: &Path) -> Result<Arc<Settings>, ConfigError> {
        self.by_config.entry(config.to_path_buf()).or_insert_with(|| load_config(fs, config).map(Arc::new)).clone()
    }

    /// Forgets everything (a config file changed).
    pub fn clear(&mut self) {
        self.by_dir.clear();
        self.by_config.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_config_wins_and_profiles_resolve_relative_to_it() {
        let mut fs = MemoryFs::default();
        fs.insert("/repo/distrolint.toml", "[rules]\n\"DX009\" = \"off\"\n");
        fs.insert("/repo/svc/.distrolint.toml", "profile = \"policy/house.toml\"\n");
        fs.insert("/repo/svc/policy/house.toml", "[profile]\nname = \"house\"\n");
        let mut index = ConfigIndex::new();
        assert_eq!(index.config_for_dir(&fs, Path::new("/repo/a/b")), Some(PathBuf::from("/repo/distrolint.toml")));
        let svc = index.settings_for(&fs, Path::new("/repo/svc/deep/Dockerfile")).unwrap().unwrap();
        assert_eq!(svc.profile.as_ref().unwrap().profile.name, "house");
        assert!(index.settings_for(&fs, Path::new("/elsewhere/Dockerfile")).is_none());
    }

    #[test]
    fn errors_name_the_file() {
        let mut fs = MemoryFs::default();
        fs.insert("/r/distrolint.toml", "profile = \"missing.toml\"\n");
        let error = load_config(&fs, Path::new("/r/distrolint.toml")).unwrap_err();
        assert!(error.message.starts_with("/r/distrolint.toml: cannot read profile `missing.toml`"), "{error}");
    }
}
