//! The facts the rules need about one base image: its shell, user, entrypoint, Python, OS and known files.
//!
//! Facts are owned values because `[[images]]` config entries (see `entry.rs`) extend or override the
//! built-in knowledge at run time. `None` (or `Unknown`) always means "not known": rules that need a
//! fact stay silent when it is missing (DESIGN.md, "Image knowledge": do not guess).

use serde::Deserialize;

use super::{busybox, releases};

/// The shell a stage can run shell-form instructions with (DESIGN.md, "Image knowledge").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum ShellKind {
    /// No shell at all: distroless non-debug images, Chainguard non-`-dev` images, `scratch`.
    None,
    /// BusyBox at `/busybox/sh` only; `/bin/sh` does not exist (distroless `:debug*`, F4).
    Busybox,
    /// A POSIX shell at `/bin/sh` (Debian dash, Alpine/BusyBox ash, ...).
    Posix,
    /// Windows `cmd /S /C`, the default shell of Windows images.
    Cmd,
    /// Windows PowerShell, when the image sets `SHELL ["powershell", ...]`.
    #[serde(rename = "powershell")]
    PowerShell,
}

/// Which group of images the facts describe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum ImageKind {
    /// GoogleContainerTools distroless (`gcr.io/distroless/*`).
    Distroless,
    /// Chainguard images (`cgr.dev/chainguard/*`), built on Wolfi.
    Chainguard,
    /// The empty image `scratch`.
    Scratch,
    /// A Docker Official Image such as `python`, `node`, `golang`, `debian`, `ubuntu` or `alpine`.
    Official,
    /// Anything else, e.g. an image described only by a config entry.
    Other,
}

/// The operating system userland of the image.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Os {
    /// Debian; `release` is the major number (11, 12, 13, ...) when known.
    Debian {
        /// The Debian major release, e.g. `12` for bookworm.
        release: Option<u8>,
    },
    /// Ubuntu; `version` is e.g. `"24.04"` when known.
    Ubuntu {
        /// The Ubuntu release number, e.g. `"24.04"`.
        version: Option<String>,
    },
    /// Alpine Linux; `version` is the branch, e.g. `"3.22"`, when known.
    Alpine {
        /// The Alpine branch, e.g. `"3.22"`.
        version: Option<String>,
    },
    /// Wolfi, the userland of Chainguard images.
    Wolfi,
    /// Windows (Server Core or Nano Server).
    Windows,
    /// No userland at all (`scratch`).
    None,
    /// Not known.
    Unknown,
}

impl Os {
    /// The Debian major release, when the image is Debian and the release is known.
    pub fn debian_release(&self) -> Option<u8> {
        match self {
            Os::Debian { release } => *release,
            _ => None,
        }
    }

    /// True for Debian and Ubuntu, whose images ship `apt-get` and `/etc/apt/apt.conf.d/docker-clean`.
    pub fn is_debian_like(&self) -> bool {
        matches!(self, Os::Debian { .. } | Os::Ubuntu { .. })
    }
}

/// The C library of the image.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Libc {
    /// No C library (distroless `static`, Chainguard `static`, `scratch`).
    None,
    /// GNU libc, with its version (`"2.36"`) when known.
    Glibc(Option<String>),
    /// musl (Alpine).
    Musl,
    /// Not known.
    Unknown,
}

impl Libc {
    /// A short description such as `glibc 2.36`, `musl` or `none`.
    pub fn describe(&self) -> String {
        match self {
            Libc::None => "none".to_owned(),
            Libc::Glibc(Some(version)) => format!("glibc {version}"),
            Libc::Glibc(None) => "glibc".to_owned(),
            Libc::Musl => "musl".to_owned(),
            Libc::Unknown => "unknown".to_owned(),
        }
    }
}

/// Where `pip` and the interpreter look for packages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum PythonLayout {
    /// Debian's patched `site.py`: global packages live in `dist-packages`, and
    /// `/usr/local/lib/python3.X/site-packages` is not on `sys.path` (F6).
    DebianDist,
    /// Upstream CPython built with `--prefix=/usr/local`: `/usr/local/lib/python3.X/site-packages`
    /// (the official `python` images, docker-library/python `Dockerfile-linux.template`).
    Upstream,
    /// Not known (e.g. Chainguard/Wolfi python, which F6 does not cover).
    Unknown,
}

/// What is known about the Python interpreter of an image.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PythonFacts {
    /// The minor version, e.g. `"3.11"`; `None` for floating tags such as `python:3` or `latest`.
    pub version: Option<String>,
    /// The absolute path of the interpreter, e.g. `/usr/bin/python3.11`.
    pub interpreter: String,
    /// Where packages are found.
    pub layout: PythonLayout,
    /// When this Python minor stops receiving upstream security fixes.
    pub eol: Option<Eol>,
}

impl PythonFacts {
    /// The `site-packages` or `dist-packages` directory that is on `sys.path` without configuration,
    /// for layouts and versions that are known.
    pub fn global_packages_dir(&self) -> Option<String> {
        let version = self.version.as_deref()?;
        match self.layout {
            // F6: `/usr/local/lib/python3.X/dist-packages` is on sys.path if it exists.
            PythonLayout::DebianDist => Some(format!("/usr/local/lib/python{version}/dist-packages")),
            PythonLayout::Upstream => Some(format!("/usr/local/lib/python{version}/site-packages")),
            PythonLayout::Unknown => None,
        }
    }
}

/// An end-of-life date with what it refers to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Eol {
    /// `YYYY-MM` or `YYYY-MM-DD`.
    pub date: String,
    /// What ends, and the source, e.g. "Python 3.11 end of life (PEP 664)".
    pub note: String,
}

impl Eol {
    pub(crate) fn new(date: &str, note: impl Into<String>) -> Self {
        Self { date: date.to_owned(), note: note.into() }
    }

    /// True when the EOL date is on or before `today` (`YYYY-MM` or `YYYY-MM-DD`). Dates are compared
    /// as text, which is correct for this format. The caller supplies `today`: this crate reads no clock.
    pub fn is_past(&self, today: &str) -> bool {
        let n = self.date.len().min(today.len());
        self.date[..n] <= today[..n]
    }
}

/// Whether a command is in the image.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Presence {
    /// Present, at this absolute path.
    Present(String),
    /// Known to be absent: the image's executables are known exhaustively and this is not one of them.
    Absent,
    /// Not known.
    Unknown,
}

/// Everything known about one base image (one name and tag).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageFacts {
    /// The family, e.g. `distroless/python3-debian13`, `chainguard/python`, `python`, `debian`, `scratch`.
    pub family: String,
    /// The group of images.
    pub kind: ImageKind,
    /// The shell available for shell-form instructions.
    pub shell: ShellKind,
    /// The path of that shell (`/bin/sh`, `/busybox/sh`), when there is one.
    pub shell_path: Option<String>,
    /// The image's `User`: `"0"`, `"65532"`, ...; `None` when not known.
    pub user: Option<String>,
    /// The image's `WorkingDir`; `None` when not known.
    pub workdir: Option<String>,
    /// The image's `Entrypoint`: `Some(vec![])` when it is empty, `None` when not known.
    pub entrypoint: Option<Vec<String>>,
    /// The image's `Cmd`: `Some(vec![])` when it is empty, `None` when not known.
    pub cmd: Option<Vec<String>>,
    /// The image's `PATH`, when known.
    pub env_path: Option<String>,
    /// Other known `ENV` values (`PATH` is in `env_path`).
    pub env: Vec<(String, String)>,
    /// The Python interpreter, for Python images.
    pub python: Option<PythonFacts>,
    /// The userland.
    pub os: Os,
    /// The C library.
    pub libc: Libc,
    /// The package manager command (`apt-get`, `apk`), or `None` when there is none or it is not known.
    pub package_manager: Option<String>,
    /// When the image (or the runtime or OS it ships) stops being maintained, whichever is first.
    pub eol: Option<Eol>,
    /// Why the image is deprecated (no longer built or updated), if it is.
    pub deprecated: Option<String>,
    /// The image name to move to when deprecated, e.g. `gcr.io/distroless/python3-debian13`.
    pub replacement: Option<String>,
    /// True for a debug/dev variant that adds a shell to a shell-less image (distroless `:debug*`,
    /// Chainguard `-dev`).
    pub debug_variant: bool,
    /// Known paths (files and directories) for "is this in the image" checks (F1, F3, F4).
    pub files: Vec<String>,
    /// A directory holding one link per BusyBox applet (`/busybox` in distroless `:debug*`, F4).
    /// The applets are [`busybox::APPLETS`](crate::images::busybox_applets).
    pub applet_dir: Option<String>,
    /// True when `files` plus the applet directory list every executable on `PATH`, so any other
    /// command is absent (distroless: "no package managers, shells or any other programs").
    pub exhaustive_bins: bool,
    /// The tags the image publishes (distroless: `latest`, `nonroot`, `debug`, `debug-nonroot`, F3).
    /// Empty when any tag may be valid.
    pub valid_tags: Vec<String>,
    /// The architecture suffixes the tags may carry (`latest-arm64`); `None` when not known.
    pub arch_suffixes: Option<Vec<String>>,
    /// Where the facts come from.
    pub source: String,
}

impl ImageFacts {
    /// Facts that know nothing beyond the family and kind; the starting point for config entries.
    /// The shell defaults to [`ShellKind::Posix`], the common case, so that shell-less rules stay
    /// silent about images nobody described.
    pub fn unknown(family: impl Into<String>, kind: ImageKind) -> Self {
        Self {
            family: family.into(),
            kind,
            shell: ShellKind::Posix,
            shell_path: None,
            user: None,
            workdir: None,
            entrypoint: None,
            cmd: None,
            env_path: None,
            env: Vec::new(),
            python: None,
            os: Os::Unknown,
            libc: Libc::Unknown,
            package_manager: None,
            eol: None,
            deprecated: None,
            replacement: None,
            debug_variant: false,
            files: Vec::new(),
            applet_dir: None,
            exhaustive_bins: false,
            valid_tags: Vec::new(),
            arch_suffixes: None,
            source: String::new(),
        }
    }

    /// When the image's OS release stops receiving security support (Debian, Ubuntu, Alpine), if known.
    /// This can come before [`ImageFacts::eol`], which is about the image or its language runtime.
    pub fn os_eol(&self) -> Option<Eol> {
        match &self.os {
            Os::Debian { release: Some(number) } => releases::debian_release(*number)?.eol(),
            Os::Ubuntu { version: Some(version) } => {
                let release = releases::ubuntu_release(version)?;
                Some(Eol::new(release.eol?, format!("Ubuntu {version} standard support ends")))
            }
            Os::Alpine { version: Some(branch) } => releases::alpine_eol(branch),
            _ => None,
        }
    }

    /// True when shell-form instructions cannot run: there is no `/bin/sh` (F4, F5).
    /// A distroless `:debug` image has BusyBox at `/busybox/sh`, but still no `/bin/sh`.
    pub fn lacks_bin_sh(&self) -> bool {
        matches!(self.shell, ShellKind::None | ShellKind::Busybox)
    }

    /// The value of a known environment variable (`PATH` included).
    pub fn env_value(&self, key: &str) -> Option<&str> {
        if key == "PATH" {
            return self.env_path.as_deref();
        }
        self.env.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    /// True when the user is known to be root (`0` or `root`, with or without a group).
    pub fn runs_as_root(&self) -> Option<bool> {
        let user = self.user.as_deref()?;
        let name = crate::util::split_byte(user, b':').next().unwrap_or(user);
        Some(name.is_empty() || name == "0" || name == "root")
    }

    /// True when `path` is a known file or directory of the image, a BusyBox applet link included.
    pub fn has_path(&self, path: &str) -> bool {
        let path = path.trim_end_matches('/');
        if self.files.iter().any(|f| f == path) {
            return true;
        }
        let Some(dir) = self.applet_dir.as_deref() else { return false };
        match path.strip_prefix(dir).and_then(|rest| rest.strip_prefix('/')) {
            Some(name) => name == "busybox" || busybox::is_applet(name),
            None => path == dir,
        }
    }

    /// Whether the command `argv0` (a bare name looked up on `PATH`, or a path) is in the image.
    pub fn find_command(&self, argv0: &str) -> Presence {
        let absent = if self.exhaustive_bins { Presence::Absent } else { Presence::Unknown };
        if argv0.contains('/') {
            if !argv0.starts_with('/') {
                return Presence::Unknown;
            }
            return if self.has_path(argv0) { Presence::Present(argv0.to_owned()) } else { absent };
        }
        let Some(path) = self.env_path.as_deref() else { return Presence::Unknown };
        // One buffer for every candidate path.
        let mut candidate = String::new();
        for dir in crate::util::split_byte(path, b':').filter(|d| d.starts_with('/')) {
            candidate.clear();
            candidate.push_str(dir.trim_end_matches('/'));
            candidate.push('/');
            candidate.push_str(argv0);
            if self.has_path(&candidate) {
                return Presence::Present(candidate);
            }
        }
        absent
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eol_comparison_is_textual() {
        let eol = Eol::new("2026-04", "x");
        assert!(eol.is_past("2026-04-30"));
        assert!(eol.is_past("2026-05"));
        assert!(!eol.is_past("2026-03-31"));
    }

    #[test]
    fn command_lookup_uses_path_and_applets() {
        let mut facts = ImageFacts::unknown("t", ImageKind::Other);
        facts.env_path = Some("/usr/bin:/busybox".to_owned());
        facts.files = vec!["/usr/bin/python3".to_owned()];
        facts.applet_dir = Some("/busybox".to_owned());
        assert_eq!(facts.find_command("python3"), Presence::Present("/usr/bin/python3".to_owned()));
        assert_eq!(facts.find_command("wget"), Presence::Present("/busybox/wget".to_owned()));
        assert_eq!(facts.find_command("curl"), Presence::Unknown);
        facts.exhaustive_bins = true;
        assert_eq!(facts.find_command("curl"), Presence::Absent);
        assert_eq!(facts.find_command("/bin/sh"), Presence::Absent);
        assert!(facts.has_path("/busybox/busybox"));
        assert!(facts.has_path("/busybox/"));
        assert_eq!(facts.find_command("./run.sh"), Presence::Unknown);
    }

    #[test]
    fn root_detection() {
        let mut facts = ImageFacts::unknown("t", ImageKind::Other);
        assert_eq!(facts.runs_as_root(), None);
        facts.user = Some("0".to_owned());
        assert_eq!(facts.runs_as_root(), Some(true));
        facts.user = Some("65532:65532".to_owned());
        assert_eq!(facts.runs_as_root(), Some(false));
    }
}
