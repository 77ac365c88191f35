//! `[[images]]` config entries: user-supplied facts that extend or override the built-in knowledge
//! (DESIGN.md, "Image knowledge").
//!
//! ```toml
//! [[images]]
//! image = "registry.example.com/base/python-runtime"
//! tags = ["3.12-*"]
//! shell = "none"
//! user = "65532"
//! entrypoint = ["/usr/bin/python3.12"]
//! python = { version = "3.12", interpreter = "/usr/bin/python3.12" }
//! debian = 12
//! ```

use serde::Deserialize;

use super::facts::{Eol, ImageFacts, ImageKind, Libc, Os, PythonFacts, PythonLayout, ShellKind};
use super::reference::ImageRef;
use super::{releases, util};

/// One `[[images]]` entry. Every field but `image` is optional; a field that is set replaces the
/// built-in fact, and `files` are added to the known files.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ImageEntry {
    /// A glob (`*` matches any run of characters, `/` included; `?` one character) over the image name,
    /// matched against both the familiar name (`python`, `gcr.io/distroless/python3`) and the full name
    /// (`docker.io/library/python`).
    pub image: String,
    /// Globs over the tag; empty means any tag. An image pinned by digest alone has no tag and only
    /// matches an entry without `tags`.
    #[serde(default)]
    pub tags: Vec<String>,
    /// The family name to report (default: the built-in one, or the familiar name).
    pub family: Option<String>,
    /// The group of images.
    pub kind: Option<ImageKind>,
    /// The shell; `shell-path` defaults to the usual path of that shell.
    pub shell: Option<ShellKind>,
    /// The path of the shell.
    pub shell_path: Option<String>,
    /// The default user.
    pub user: Option<String>,
    /// The default working directory.
    pub workdir: Option<String>,
    /// The entrypoint (`[]` for an empty one).
    pub entrypoint: Option<Vec<String>>,
    /// The default command.
    pub cmd: Option<Vec<String>>,
    /// The Python interpreter.
    pub python: Option<PythonEntry>,
    /// The Debian release the image is built on.
    pub debian: Option<u8>,
    /// The end-of-life date (`YYYY-MM` or `YYYY-MM-DD`).
    pub eol: Option<String>,
    /// Why the image should no longer be used.
    pub deprecated: Option<String>,
    /// Paths known to exist in the image.
    #[serde(default)]
    pub files: Vec<String>,
}

/// The `python` table of an [`ImageEntry`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PythonEntry {
    /// The minor version, e.g. `3.12`.
    pub version: Option<String>,
    /// The interpreter path.
    pub interpreter: Option<String>,
    /// Where packages are found.
    pub layout: Option<PythonLayout>,
}

impl ImageEntry {
    /// True when this entry describes `image`.
    pub fn matches(&self, image: &ImageRef) -> bool {
        let name_ok =
            util::glob_match(&self.image, &image.familiar_name()) || util::glob_match(&self.image, &image.full_name());
        if !name_ok {
            return false;
        }
        if self.tags.is_empty() {
            return true;
        }
        image.effective_tag().is_some_and(|tag| self.tags.iter().any(|pattern| util::glob_match(pattern, tag)))
    }

    /// Applies this entry on top of `base` (the built-in facts, if any) for `image`.
    pub fn apply(&self, base: Option<ImageFacts>, image: &ImageRef) -> ImageFacts {
        let mut facts = base.unwrap_or_else(|| {
            let mut facts = ImageFacts::unknown(image.familiar_name(), ImageKind::Other);
            facts.source = String::new();
            facts
        });
        if let Some(family) = &self.family {
            facts.family.clone_from(family);
        }
        if let Some(kind) = self.kind {
            facts.kind = kind;
        }
        if let Some(shell) = self.shell {
            facts.shell = shell;
            facts.shell_path = match shell {
                ShellKind::None => None,
                ShellKind::Busybox => Some("/busybox/sh".to_owned()),
                ShellKind::Posix => Some("/bin/sh".to_owned()),
                ShellKind::Cmd => Some("cmd".to_owned()),
                ShellKind::PowerShell => Some("powershell".to_owned()),
            };
        }
        if let Some(path) = &self.shell_path {
            facts.shell_path = Some(path.clone());
        }
        set(&mut facts.user, self.user.as_ref());
        set(&mut facts.workdir, self.workdir.as_ref());
        set(&mut facts.entrypoint, self.entrypoint.as_ref());
        set(&mut facts.cmd, self.cmd.as_ref());
        if let Some(python) = &self.python {
            let mut merged = facts.python.take().unwrap_or(PythonFacts {
                version: None,
                interpreter: String::new(),
                layout: PythonLayout::Unknown,
                eol: None,
            });
            if let Some(version) = &python.version {
                merged.version = Some(version.clone());
                merged.eol = releases::python_eol(version);
            }
            if let Some(interpreter) = &python.interpreter {
                merged.interpreter.clone_from(interpreter);
            }
            if let Some(layout) = python.layout {
                merged.layout = layout;
            }
            if merged.interpreter.is_empty() {
                if let Some(version) = &merged.version {
                    merged.interpreter = format!("/usr/bin/python{version}");
                }
            }
            facts.python = Some(merged);
        }
        if let Some(number) = self.debian {
            facts.os = Os::Debian { release: Some(number) };
            let glibc = releases::debian_release(number).and_then(|r| r.glibc);
            facts.libc = Libc::Glibc(glibc.map(str::to_owned));
        }
        if let Some(date) = &self.eol {
            facts.eol = Some(Eol::new(date, format!("end of life set by the config entry for `{}`", self.image)));
        }
        set(&mut facts.deprecated, self.deprecated.as_ref());
        facts.files.extend(self.files.iter().cloned());
        if !facts.source.is_empty() {
            facts.source.push_str("; ");
        }
        facts.source.push_str("config entry `");
        facts.source.push_str(&self.image);
        facts.source.push('`');
        facts
    }
}

fn set<T: Clone>(slot: &mut Option<T>, value: Option<&T>) {
    if let Some(value) = value {
        *slot = Some(value.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn image(text: &str) -> ImageRef {
        ImageRef::parse(text).unwrap()
    }

    #[test]
    fn matching() {
        let entry = ImageEntry { image: "registry.example.com/base/*".to_owned(), ..ImageEntry::default() };
        assert!(entry.matches(&image("registry.example.com/base/py:1")));
        assert!(!entry.matches(&image("python")));
        let entry = ImageEntry { image: "python".to_owned(), tags: vec!["*-slim".to_owned()], ..ImageEntry::default() };
        assert!(entry.matches(&image("docker.io/library/python:3.12-slim")));
        assert!(!entry.matches(&image("python:3.12")));
        let entry = ImageEntry { image: "docker.io/library/python".to_owned(), ..ImageEntry::default() };
        assert!(entry.matches(&image("python")));
    }

    #[test]
    fn applying_over_nothing_and_over_builtin() {
        let entry = ImageEntry {
            image: "example.com/rt".to_owned(),
            shell: Some(ShellKind::None),
            user: Some("65532".to_owned()),
            python: Some(PythonEntry { version: Some("3.12".to_owned()), ..PythonEntry::default() }),
            debian: Some(12),
            files: vec!["/app".to_owned()],
            ..ImageEntry::default()
        };
        let img = image("example.com/rt:1");
        let facts = entry.apply(None, &img);
        assert_eq!(facts.family, "example.com/rt");
        assert_eq!((facts.shell, facts.shell_path.clone()), (ShellKind::None, None));
        assert_eq!(facts.python.as_ref().map(|p| p.interpreter.as_str()), Some("/usr/bin/python3.12"));
        assert_eq!(facts.libc, Libc::Glibc(Some("2.36".to_owned())));
        assert!(facts.has_path("/app"));
        assert_eq!(facts.source, "config entry `example.com/rt`");
    }
}
