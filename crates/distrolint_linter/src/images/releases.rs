//! Release tables: Debian, Ubuntu and Alpine releases, and the end-of-life dates of Python, Node.js and Go.
//!
//! Dates are `YYYY-MM` or `YYYY-MM-DD`. Each table cites its source; dates in the future are the
//! projects' announced plans and can move.

use super::facts::Eol;

/// A Debian release as the images use it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DebianRelease {
    /// The major number, e.g. `12`.
    pub number: u8,
    /// The codename, e.g. `bookworm`.
    pub codename: &'static str,
    /// The glibc version of `libc6`, when known.
    pub glibc: Option<&'static str>,
    /// End of regular security support by the Debian Security Team.
    pub eol: Option<&'static str>,
    /// End of Debian LTS (volunteer, reduced package and architecture set).
    pub lts_end: Option<&'static str>,
}

/// Debian releases. Dates: wiki.debian.org/DebianReleases and wiki.debian.org/LTS (also on
/// endoflife.date/debian; nodejs/docker-node#2558 also gives 2026-06-10 for bookworm); the trixie dates
/// are Debian's plan (release + 3 years, LTS to 2030-06-30).
/// glibc: `libc6 2.36-9+deb12u14` in distroless `private/repos/deb/bookworm.lock.json` and
/// `libc6 2.41-12+deb13u3` in `trixie.lock.json` (F9); bullseye ships `libc6 2.31-13` (Debian archive,
/// not checked against a lock file here).
pub(crate) const DEBIAN: &[DebianRelease] = &[
    DebianRelease { number: 9, codename: "stretch", glibc: None, eol: Some("2020-07-06"), lts_end: Some("2022-06-30") },
    DebianRelease { number: 10, codename: "buster", glibc: None, eol: Some("2022-09-10"), lts_end: Some("2024-06-30") },
    DebianRelease {
        number: 11,
        codename: "bullseye",
        glibc: Some("2.31"),
        eol: Some("2024-08-14"),
        lts_end: Some("2026-08-31"),
    },
    DebianRelease {
        number: 12,
        codename: "bookworm",
        glibc: Some("2.36"),
        eol: Some("2026-06-10"),
        lts_end: Some("2028-06-30"),
    },
    DebianRelease {
        number: 13,
        codename: "trixie",
        glibc: Some("2.41"),
        eol: Some("2028-08-09"),
        lts_end: Some("2030-06-30"),
    },
    // Debian 14 is "testing" today; the official images already publish `forky` variants
    // (docker-library/python `3.13/slim-forky/Dockerfile`).
    DebianRelease { number: 14, codename: "forky", glibc: None, eol: None, lts_end: None },
];

/// The Debian release with this major number.
pub fn debian_release(number: u8) -> Option<&'static DebianRelease> {
    DEBIAN.iter().find(|r| r.number == number)
}

/// The Debian release with this codename (`bookworm`).
pub fn debian_by_codename(codename: &str) -> Option<&'static DebianRelease> {
    DEBIAN.iter().find(|r| r.codename == codename)
}

impl DebianRelease {
    /// The end of regular security support as an [`Eol`], with the LTS end in the note.
    pub fn eol(&self) -> Option<Eol> {
        let date = self.eol?;
        let lts = self.lts_end.map(|d| format!(", LTS until {d}")).unwrap_or_default();
        Some(Eol::new(date, format!("Debian {} ({}) regular security support ends{lts}", self.number, self.codename)))
    }
}

/// An Ubuntu LTS release.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct UbuntuRelease {
    /// The version, e.g. `24.04`.
    pub version: &'static str,
    /// The codename, e.g. `noble`.
    pub codename: &'static str,
    /// The glibc version, when known.
    pub glibc: Option<&'static str>,
    /// End of standard support.
    pub eol: Option<&'static str>,
}

/// Ubuntu LTS releases: standard-support ends from ubuntu.com/about/release-cycle (also
/// endoflife.date/ubuntu); glibc from the `libc6` package of each release. **(unverified here:**
/// not checked against a stored source; 26.04's date is the usual five-year plan.)
pub(crate) const UBUNTU: &[UbuntuRelease] = &[
    UbuntuRelease { version: "18.04", codename: "bionic", glibc: Some("2.27"), eol: Some("2023-05-31") },
    UbuntuRelease { version: "20.04", codename: "focal", glibc: Some("2.31"), eol: Some("2025-05-29") },
    UbuntuRelease { version: "22.04", codename: "jammy", glibc: Some("2.35"), eol: Some("2027-06") },
    UbuntuRelease { version: "24.04", codename: "noble", glibc: Some("2.39"), eol: Some("2029-05") },
    UbuntuRelease { version: "26.04", codename: "resolute", glibc: None, eol: Some("2031-05") },
];

/// The Ubuntu release with this version (`24.04`) or codename (`noble`).
pub fn ubuntu_release(version_or_codename: &str) -> Option<&'static UbuntuRelease> {
    UBUNTU.iter().find(|r| r.version == version_or_codename || r.codename == version_or_codename)
}

/// Alpine branches and their end of support: alpinelinux.org/releases (also endoflife.date/alpine-linux).
/// **(unverified here:** not checked against a stored source.)
pub(crate) const ALPINE: &[(&str, &str)] = &[
    ("3.17", "2024-11-22"),
    ("3.18", "2025-05-09"),
    ("3.19", "2025-11-01"),
    ("3.20", "2026-04-01"),
    ("3.21", "2026-11-01"),
    ("3.22", "2027-05-01"),
    ("3.23", "2027-11-01"),
    ("3.24", "2028-05-01"),
];

/// The end of support of an Alpine branch (`3.22`).
pub fn alpine_eol(branch: &str) -> Option<Eol> {
    let (_, date) = ALPINE.iter().find(|(b, _)| *b == branch)?;
    Some(Eol::new(date, format!("Alpine {branch} end of support (alpinelinux.org/releases)")))
}

/// Python minors and their end of life, from each release PEP ("3.X lifespan"): PEP 569 (3.8),
/// 596 (3.9), 619 (3.10), 664 (3.11), 693 (3.12), 719 (3.13), 745 (3.14), 790 (3.15).
pub(crate) const PYTHON: &[(&str, &str, &str)] = &[
    ("3.8", "2024-10", "PEP 569"),
    ("3.9", "2025-10", "PEP 596"),
    ("3.10", "2026-10", "PEP 619"),
    ("3.11", "2027-10", "PEP 664"),
    ("3.12", "2028-10", "PEP 693"),
    ("3.13", "2029-10", "PEP 719"),
    ("3.14", "2030-10", "PEP 745"),
    ("3.15", "2031-10", "PEP 790"),
];

/// The end of life of a Python minor (`3.11`).
pub fn python_eol(minor: &str) -> Option<Eol> {
    let (_, date, pep) = PYTHON.iter().find(|(m, _, _)| *m == minor)?;
    Some(Eol::new(date, format!("Python {minor} end of life ({pep})")))
}

/// Node.js majors and their end of life, from nodejs/Release `schedule.json` (`end`).
pub(crate) const NODE: &[(u32, &str)] = &[
    (16, "2023-09-11"),
    (18, "2025-04-30"),
    (20, "2026-04-30"),
    (21, "2024-06-01"),
    (22, "2027-04-30"),
    (23, "2025-06-01"),
    (24, "2028-04-30"),
    (25, "2026-06-01"),
    (26, "2029-04-30"),
];

/// The end of life of a Node.js major (`22`).
pub fn node_eol(major: u32) -> Option<Eol> {
    let (_, date) = NODE.iter().find(|(m, _)| *m == major)?;
    Some(Eol::new(date, format!("Node.js {major} end of life (nodejs/Release schedule.json)")))
}

/// The end of support of Go `1.<minor>`. go.dev/doc/devel/release: "each major Go release is supported
/// until there are two newer major releases", and releases ship every February (even minors since 1.22)
/// and August (odd minors). So `1.N` ends when `1.(N+2)` ships. Dates after today are that plan.
pub fn go_eol(minor: u32) -> Option<Eol> {
    if !(20..100).contains(&minor) {
        return None;
    }
    let year = 2024 + (minor - 20) / 2;
    let month = if minor.is_multiple_of(2) { "02" } else { "08" };
    Some(Eol::new(
        &format!("{year}-{month}"),
        format!("Go 1.{minor} support ends when Go 1.{} is released (go.dev/doc/devel/release)", minor + 2),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debian_lookups() {
        assert_eq!(debian_by_codename("bookworm").map(|r| r.number), Some(12));
        assert_eq!(debian_release(13).map(|r| r.codename), Some("trixie"));
        assert_eq!(debian_release(12).and_then(|r| r.glibc), Some("2.36"));
        assert_eq!(debian_release(13).and_then(|r| r.glibc), Some("2.41"));
        assert!(debian_release(12).and_then(DebianRelease::eol).is_some_and(|e| e.date == "2026-06-10"));
    }

    #[test]
    fn runtime_eols() {
        assert_eq!(python_eol("3.9").map(|e| e.date), Some("2025-10".to_owned()));
        assert_eq!(python_eol("3.14").map(|e| e.date), Some("2030-10".to_owned()));
        assert_eq!(python_eol("2.7"), None);
        assert_eq!(node_eol(22).map(|e| e.date), Some("2027-04-30".to_owned()));
        assert_eq!(go_eol(24).map(|e| e.date), Some("2026-02".to_owned()));
        assert_eq!(go_eol(25).map(|e| e.date), Some("2026-08".to_owned()));
        assert_eq!(go_eol(23).map(|e| e.date), Some("2025-08".to_owned()));
    }

    #[test]
    fn ubuntu_and_alpine() {
        assert_eq!(ubuntu_release("jammy").map(|r| r.version), Some("22.04"));
        assert_eq!(ubuntu_release("24.04").map(|r| r.codename), Some("noble"));
        assert!(alpine_eol("3.22").is_some());
        assert!(alpine_eol("3.99").is_none());
    }
}
