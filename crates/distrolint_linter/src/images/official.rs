//! Docker Official Images: `python`, `node`, `golang`, `debian`, `ubuntu`, `alpine` and `busybox`
//! (also written as `docker.io/library/<name>`), plus `scratch`.
//!
//! None of these Dockerfiles sets `USER`, so they run as root; none sets `ENTRYPOINT` except `node`.
//! `PATH` starts from Docker's default for Linux images, which the Debian, Ubuntu and Alpine images keep.

use super::facts::{ImageFacts, ImageKind, Libc, Os, PythonFacts, PythonLayout, ShellKind};
use super::reference::ImageRef;
use super::releases::{self, DebianRelease};

/// Docker's default `PATH` for Linux containers, which the distribution images keep.
const DEFAULT_PATH: &str = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/// The facts of an official image, or `None` for other images and tags this module cannot read.
pub(crate) fn lookup(image: &ImageRef) -> Option<ImageFacts> {
    let name = image.official_name()?;
    // With a digest and no tag the variant is unknown: say nothing rather than guess.
    let tag = image.effective_tag()?;
    match name {
        "python" => python(tag),
        "node" => node(tag),
        "golang" => golang(tag),
        "debian" => debian(tag),
        "ubuntu" => ubuntu(tag),
        "alpine" => alpine(tag),
        "busybox" => Some(busybox(tag)),
        _ => None,
    }
}

/// The facts of `scratch`: an empty image with no config (BuildKit `dockerfile2llb`, `emptyImageName`).
pub(crate) fn scratch() -> ImageFacts {
    let mut facts = ImageFacts::unknown("scratch", ImageKind::Scratch);
    facts.shell = ShellKind::None;
    facts.os = Os::None;
    facts.libc = Libc::None;
    facts.entrypoint = Some(Vec::new());
    facts.cmd = Some(Vec::new());
    // Nothing is in the image, so every command is absent. The user is unset, which runs as root.
    facts.exhaustive_bins = true;
    facts.source = String::from("scratch: the empty image");
    facts
}

/// The userland of a variant: Debian (with a release when known), Alpine, or Windows.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Base {
    Debian(Option<&'static DebianRelease>),
    Alpine(Option<String>),
    Windows,
}

/// A `-<variant>` suffix shared by the language images: `slim`, `<codename>`, `slim-<codename>`
/// (python), `<codename>-slim` (node), `alpine`, `alpine3.22`, `windowsservercore-ltsc2022`, ...
/// `default` is the Debian release of the bare and `slim` tags, when known.
fn parse_variant(variant: &str, default: Option<&'static DebianRelease>) -> Option<(Base, bool)> {
    if variant.is_empty() || variant == "slim" {
        return Some((Base::Debian(default), variant == "slim"));
    }
    if variant == "alpine" {
        return Some((Base::Alpine(None), false));
    }
    if let Some(version) = variant.strip_prefix("alpine") {
        return is_version(version).then(|| (Base::Alpine(Some(version.to_owned())), false));
    }
    if variant.starts_with("windowsservercore") || variant.starts_with("nanoserver") {
        return Some((Base::Windows, false));
    }
    let (codename, slim) = if let Some(c) = variant.strip_prefix("slim-") {
        (c, true)
    } else if let Some(c) = variant.strip_suffix("-slim") {
        (c, true)
    } else {
        (variant, false)
    };
    releases::debian_by_codename(codename).map(|r| (Base::Debian(Some(r)), slim))
}

/// `3`, `3.12`, `22.11.0`: dot-separated numbers.
fn is_version(text: &str) -> bool {
    !text.is_empty() && text.split('.').all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

/// Facts common to an official image on `base`, before the language layer. `buildpack_deps` is true for
/// the non-slim Debian variants of the language images, which build `FROM buildpack-deps:<codename>`
/// (python, node) or `buildpack-deps:<codename>-scm` (golang), whose `curl` and `scm` layers install
/// `curl`, `wget` and `git`.
fn base_facts(family: &str, base: &Base, buildpack_deps: bool) -> ImageFacts {
    let mut facts = ImageFacts::unknown(family, ImageKind::Official);
    facts.user = Some("0".to_owned());
    facts.workdir = Some("/".to_owned());
    facts.entrypoint = Some(Vec::new());
    match base {
        Base::Debian(release) => {
            facts.os = Os::Debian { release: release.map(|r| r.number) };
            facts.libc = Libc::Glibc(release.and_then(|r| r.glibc).map(str::to_owned));
            set_posix(&mut facts);
            facts.package_manager = Some("apt-get".to_owned());
            facts.files.extend(["/bin/bash", "/usr/bin/apt-get", "/usr/bin/dpkg"].map(str::to_owned));
            if buildpack_deps {
                facts.files.extend(["/usr/bin/curl", "/usr/bin/wget", "/usr/bin/git"].map(str::to_owned));
            }
        }
        Base::Alpine(version) => {
            facts.os = Os::Alpine { version: version.clone() };
            facts.libc = Libc::Musl;
            set_posix(&mut facts);
            facts.package_manager = Some("apk".to_owned());
            facts.files.extend(["/bin/busybox", "/sbin/apk"].map(str::to_owned));
        }
        Base::Windows => {
            facts.os = Os::Windows;
            facts.shell = ShellKind::Cmd;
            facts.user = None;
            facts.workdir = None;
        }
    }
    facts
}

/// A POSIX `/bin/sh`, the default `PATH` and the account files every Linux distribution image has.
fn set_posix(facts: &mut ImageFacts) {
    facts.shell = ShellKind::Posix;
    facts.shell_path = Some("/bin/sh".to_owned());
    facts.env_path = Some(DEFAULT_PATH.to_owned());
    facts.files.extend(["/bin/sh", "/etc/passwd", "/etc/group", "/tmp", "/root"].map(str::to_owned));
}

/// Splits a language image tag into its version part and variant: `3.12.4-slim-bookworm` gives
/// (`Some("3.12.4")`, `slim-bookworm`); `slim` gives (`None`, `slim`); `latest` gives (`None`, ``).
/// Pre-release versions keep their suffix: `3.15-rc-slim` gives (`Some("3.15-rc")`, `slim`).
fn split_version(tag: &str) -> (Option<&str>, &str) {
    if tag == "latest" {
        return (None, "");
    }
    if !tag.starts_with(|c: char| c.is_ascii_digit()) {
        return (None, tag);
    }
    let mut end = tag.find('-').unwrap_or(tag.len());
    if tag[end..].starts_with("-rc") && matches!(tag.as_bytes().get(end + 3), None | Some(b'-')) {
        end += 3;
    }
    let variant = tag.get(end + 1..).unwrap_or("");
    (Some(&tag[..end]), variant)
}

/// `major.minor` of a version such as `3.12.4`, `3.15.0b3` or `3.15-rc`; `None` for `3`.
fn major_minor(version: &str) -> Option<String> {
    let mut parts = version.split(['.', '-']);
    let major = parts.next().filter(|p| is_version(p))?;
    let minor: String = parts.next()?.chars().take_while(char::is_ascii_digit).collect();
    (!minor.is_empty()).then(|| format!("{major}.{minor}"))
}

/// What a `python:<tag>` tag says (docker-library/python tag scheme: `generate-stackbrew-library.sh`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PythonTagInfo {
    /// The full version when the tag has one (`3.12.4`), else the written version (`3.12`, `3`), else `None`.
    pub version: Option<String>,
    /// The Python minor, e.g. `3.12`; `None` for floating tags (`3`, `latest`, `slim`).
    pub minor: Option<String>,
    /// The Debian codename for Debian-based tags, when known.
    pub codename: Option<&'static str>,
    /// The Debian release number for Debian-based tags, when known.
    pub debian: Option<u8>,
    /// True for `-slim` variants.
    pub slim: bool,
    /// True for Alpine variants.
    pub alpine: bool,
    /// True for Windows variants.
    pub windows: bool,
}

/// Reads a `python` image tag. Bare and `slim` tags of 3.10 and later (and `3`, `latest`) are trixie
/// since August 2025: docker-library/python#1042 put trixie first in `versions.json`, and
/// `generate-stackbrew-library.sh` gives the first Debian variant the bare tags (F9).
pub fn python_tag_info(tag: &str) -> Option<PythonTagInfo> {
    parse_python_tag(tag).map(|(info, _)| info)
}

fn parse_python_tag(tag: &str) -> Option<(PythonTagInfo, Base)> {
    let (version, variant) = split_version(tag);
    if version.is_some_and(|v| !v.starts_with('3')) {
        return None;
    }
    let minor = version.and_then(major_minor);
    // F9 covers 3.10 and later; older minors' bare tags were last built on other releases.
    let default = match minor_number(minor.as_deref()) {
        Some(n) if n < 10 => None,
        _ => releases::debian_release(13),
    };
    let (base, slim) = parse_variant(variant, default)?;
    let debian = match &base {
        Base::Debian(release) => *release,
        _ => None,
    };
    let info = PythonTagInfo {
        version: version.map(str::to_owned),
        minor,
        codename: debian.map(|r| r.codename),
        debian: debian.map(|r| r.number),
        slim,
        alpine: matches!(base, Base::Alpine(_)),
        windows: base == Base::Windows,
    };
    Some((info, base))
}

/// The `X` of a `3.X` minor.
fn minor_number(minor: Option<&str>) -> Option<u32> {
    minor?.strip_prefix("3.")?.parse().ok()
}

fn python(tag: &str) -> Option<ImageFacts> {
    let (info, base) = parse_python_tag(tag)?;
    let mut facts = base_facts("python", &base, !info.slim);
    facts.source =
        String::from("docker-library/python (Dockerfile-linux.template, generate-stackbrew-library.sh; F8, F9)");
    facts.cmd = Some(vec!["python3".to_owned()]);
    facts.eol = info.minor.as_deref().and_then(releases::python_eol);
    if let Some(full) = info.version.as_deref().filter(|v| v.matches('.').count() >= 2) {
        facts.env.push(("PYTHON_VERSION".to_owned(), full.to_owned()));
    }

    if base == Base::Windows {
        // `3.12/windows/windowsservercore-ltsc2025/Dockerfile`: `SHELL ["powershell", "-Command", ...]`,
        // `TargetDir=C:\Python`, `ENV PYTHONIOENCODING UTF-8`, `CMD ["python"]`.
        facts.shell = ShellKind::PowerShell;
        facts.shell_path = Some("powershell".to_owned());
        facts.cmd = Some(vec!["python".to_owned()]);
        facts.env.push(("PYTHONIOENCODING".to_owned(), "UTF-8".to_owned()));
        facts.python = Some(PythonFacts {
            version: info.minor.clone(),
            interpreter: "C:\\Python\\python.exe".to_owned(),
            layout: PythonLayout::Unknown,
            eol: facts.eol.clone(),
        });
        return Some(facts);
    }

    // `ENV PATH /usr/local/bin:$PATH`; CPython is installed under `/usr/local` with `make install`, and
    // the Dockerfile links `python`, `pip`, ... to the `3` names. ensurepip installs `pip`, `pip3`, `pip3.X`.
    facts.env_path = Some(format!("/usr/local/bin:{DEFAULT_PATH}"));
    let interpreter = match &info.minor {
        Some(minor) => format!("/usr/local/bin/python{minor}"),
        None => "/usr/local/bin/python3".to_owned(),
    };
    facts.files.extend(
        ["/usr/local/bin/python", "/usr/local/bin/python3", "/usr/local/bin/pip", "/usr/local/bin/pip3"]
            .map(str::to_owned),
    );
    if let Some(minor) = &info.minor {
        facts.files.extend([format!("/usr/local/bin/python{minor}"), format!("/usr/local/bin/pip{minor}")]);
        // `3.12/slim-trixie/Dockerfile` keeps `ENV LANG C.UTF-8` ("cannot remove LANG", #570);
        // `3.13/slim-trixie/Dockerfile` has none.
        if minor_number(Some(minor)).is_some_and(|n| n <= 12) {
            facts.env.push(("LANG".to_owned(), "C.UTF-8".to_owned()));
        }
    }
    facts.python = Some(PythonFacts {
        version: info.minor.clone(),
        interpreter,
        layout: PythonLayout::Upstream,
        eol: facts.eol.clone(),
    });
    Some(facts)
}

/// Node.js LTS codenames used as tags (nodejs/Release `schedule.json` `codename`).
fn node_codename_major(word: &str) -> Option<u32> {
    match word {
        "hydrogen" => Some(18),
        "iron" => Some(20),
        "jod" => Some(22),
        "krypton" => Some(24),
        _ => None,
    }
}

fn node(tag: &str) -> Option<ImageFacts> {
    let (version, mut variant) = split_version(tag);
    let mut major = version.and_then(|v| v.split('.').next()?.parse::<u32>().ok());
    if version.is_none() {
        // `lts`, `current`, `jod`, `lts-alpine`, `jod-bookworm-slim`, ...
        let (word, rest) = variant.split_once('-').unwrap_or((variant, ""));
        if let Some(m) = node_codename_major(word) {
            major = Some(m);
            variant = rest;
        } else if matches!(word, "lts" | "current") {
            variant = rest;
        }
    }
    // docker-node moved `default_variant` to trixie on 2026-07-07 (nodejs/docker-node#2558); which
    // release the bare tags of each major point to is **(unverified)**, so it stays unknown.
    let (base, slim) = parse_variant(variant, None)?;
    if base == Base::Windows {
        return None;
    }
    let mut facts = base_facts("node", &base, !slim);
    // `24/trixie-slim/Dockerfile`: node in `/usr/local`, a `node` user (uid 1000) that is not used by
    // default, `ENTRYPOINT ["docker-entrypoint.sh"]`, `CMD [ "node" ]`.
    facts.source = String::from("nodejs/docker-node (24/trixie-slim/Dockerfile)");
    facts.entrypoint = Some(vec!["docker-entrypoint.sh".to_owned()]);
    facts.cmd = Some(vec!["node".to_owned()]);
    facts.files.extend(
        [
            "/usr/local/bin/node",
            "/usr/local/bin/nodejs",
            "/usr/local/bin/npm",
            "/usr/local/bin/npx",
            "/usr/local/bin/docker-entrypoint.sh",
        ]
        .map(str::to_owned),
    );
    if let Some(full) = version.filter(|v| v.matches('.').count() >= 2) {
        facts.env.push(("NODE_VERSION".to_owned(), full.to_owned()));
    }
    facts.eol = major.and_then(releases::node_eol);
    Some(facts)
}

fn golang(tag: &str) -> Option<ImageFacts> {
    let (version, variant) = split_version(tag);
    let minor = version.and_then(|v| {
        let mut parts = v.split('.');
        (parts.next()? == "1").then_some(())?;
        parts.next()?.chars().take_while(char::is_ascii_digit).collect::<String>().parse::<u32>().ok()
    });
    // docker-library/golang#564 "Add Debian Trixie (drop Bullseye)", released 2025-08-12
    // (docker-library/official-images#19675), made trixie the default; e2b-dev/infra#998 reports
    // `golang:1.24` on trixie (glibc 2.41) from that day.
    let (base, slim) = parse_variant(variant, releases::debian_release(13))?;
    if slim {
        return None;
    }
    let mut facts = base_facts("golang", &base, true);
    facts.source = String::from("docker-library/golang (1.25/trixie/Dockerfile)");
    // The golang Dockerfile sets no CMD; the inherited one is not tracked here.
    facts.cmd = None;
    facts.eol = minor.and_then(releases::go_eol);
    if base != Base::Windows {
        // `ENV GOTOOLCHAIN=local`, `ENV GOPATH /go`, `ENV PATH $GOPATH/bin:/usr/local/go/bin:$PATH`, `WORKDIR $GOPATH`.
        facts.env_path = Some(format!("/go/bin:/usr/local/go/bin:{DEFAULT_PATH}"));
        facts.env.push(("GOPATH".to_owned(), "/go".to_owned()));
        facts.env.push(("GOTOOLCHAIN".to_owned(), "local".to_owned()));
        facts.workdir = Some("/go".to_owned());
        facts.files.extend(["/usr/local/go/bin/go", "/usr/local/go/bin/gofmt", "/go"].map(str::to_owned));
    }
    Some(facts)
}

fn debian(tag: &str) -> Option<ImageFacts> {
    let word = tag.split('-').next().unwrap_or(tag);
    // `latest` and `stable` follow Debian stable, trixie since its release on 2025-08-09;
    // `oldstable` is bookworm and `testing` is forky since then.
    let release = match word {
        "latest" | "stable" => releases::debian_release(13),
        "oldstable" => releases::debian_release(12),
        "testing" => releases::debian_release(14),
        "unstable" | "sid" | "experimental" | "rc" => None,
        _ => {
            if let Some(release) = releases::debian_by_codename(word) {
                Some(release)
            } else {
                let major = word.split('.').next().filter(|_| is_version(word))?.parse().ok()?;
                Some(releases::debian_release(major)?)
            }
        }
    };
    // The rest of the tag (`-slim`, `-20250203`, `-backports`) does not change what is known here.
    let mut facts = base_facts("debian", &Base::Debian(release), false);
    facts.source = String::from("docker-library/debian (debuerreotype images)");
    facts.cmd = Some(vec!["bash".to_owned()]);
    facts.eol = release.and_then(DebianRelease::eol);
    Some(facts)
}

fn ubuntu(tag: &str) -> Option<ImageFacts> {
    let word = tag.split('-').next().unwrap_or(tag);
    // `latest`, `rolling` and `devel` move between releases, so the version stays unknown.
    let release = match word {
        "latest" | "rolling" | "devel" => None,
        _ => Some(releases::ubuntu_release(word)?),
    };
    let mut facts = base_facts("ubuntu", &Base::Debian(None), false);
    facts.os = Os::Ubuntu { version: release.map(|r| r.version.to_owned()) };
    facts.libc = Libc::Glibc(release.and_then(|r| r.glibc).map(str::to_owned));
    facts.source = String::from("Canonical's ubuntu official image");
    facts.cmd = Some(vec!["/bin/bash".to_owned()]);
    facts.eol = facts.os_eol();
    Some(facts)
}

fn alpine(tag: &str) -> Option<ImageFacts> {
    let branch = match tag {
        "latest" | "edge" | "3" => None,
        _ if is_version(tag) && tag.contains('.') => {
            let mut parts = tag.split('.');
            Some(format!("{}.{}", parts.next()?, parts.next()?))
        }
        // Date-stamped edge snapshots (`20250108`).
        _ if tag.len() == 8 && tag.bytes().all(|b| b.is_ascii_digit()) => None,
        _ => return None,
    };
    let mut facts = base_facts("alpine", &Base::Alpine(branch.clone()), false);
    facts.source = String::from("alpinelinux/docker-alpine");
    facts.cmd = Some(vec!["/bin/sh".to_owned()]);
    facts.eol = branch.as_deref().and_then(releases::alpine_eol);
    Some(facts)
}

fn busybox(tag: &str) -> ImageFacts {
    let libc = if tag.ends_with("musl") {
        Libc::Musl
    } else if tag.ends_with("glibc") {
        Libc::Glibc(None)
    } else {
        // `uclibc`, or the default variant, whose libc is not recorded here.
        Libc::Unknown
    };
    let mut facts = ImageFacts::unknown("busybox", ImageKind::Official);
    set_posix(&mut facts);
    facts.libc = libc;
    facts.user = Some("0".to_owned());
    facts.workdir = Some("/".to_owned());
    facts.entrypoint = Some(Vec::new());
    facts.cmd = Some(vec!["sh".to_owned()]);
    facts.files.push("/bin/busybox".to_owned());
    facts.source = String::from("docker-library/busybox");
    facts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(text: &str) -> ImageFacts {
        lookup(&ImageRef::parse(text).unwrap()).unwrap_or_else(|| panic!("no facts for {text}"))
    }

    #[test]
    fn python_bare_slim_is_trixie() {
        let f = facts("python:3.12-slim");
        assert_eq!(f.os, Os::Debian { release: Some(13) });
        assert_eq!(f.libc, Libc::Glibc(Some("2.41".to_owned())));
        let py = f.python.as_ref().unwrap();
        assert_eq!(py.interpreter, "/usr/local/bin/python3.12");
        assert_eq!(py.layout, PythonLayout::Upstream);
        assert_eq!(py.global_packages_dir().as_deref(), Some("/usr/local/lib/python3.12/site-packages"));
        assert_eq!(f.eol.as_ref().map(|e| e.date.as_str()), Some("2028-10"));
        assert_eq!(f.env_value("LANG"), Some("C.UTF-8"));
        assert_eq!(f.shell, ShellKind::Posix);
        assert_eq!(f.user.as_deref(), Some("0"));
        for text in ["python:3", "python:latest", "python", "docker.io/library/python:3.13", "python:3.14-slim"] {
            assert_eq!(facts(text).os, Os::Debian { release: Some(13) }, "{text}");
        }
    }

    #[test]
    fn python_tags() {
        let info = python_tag_info("3.12-slim-bookworm").unwrap();
        assert_eq!(info.minor.as_deref(), Some("3.12"));
        assert_eq!((info.codename, info.debian, info.slim), (Some("bookworm"), Some(12), true));
        let info = python_tag_info("3.11.9-bullseye").unwrap();
        assert_eq!((info.minor.as_deref(), info.debian), (Some("3.11"), Some(11)));
        assert_eq!(info.version.as_deref(), Some("3.11.9"));
        let info = python_tag_info("3.15-rc-slim-trixie").unwrap();
        assert_eq!((info.minor.as_deref(), info.debian), (Some("3.15"), Some(13)));
        let info = python_tag_info("3.12-alpine3.20").unwrap();
        assert!(info.alpine && info.debian.is_none());
        assert!(python_tag_info("3.12-windowsservercore-ltsc2022").unwrap().windows);
        assert_eq!(python_tag_info("3.8-slim").unwrap().debian, None);
        assert_eq!(python_tag_info("slim-bookworm").unwrap().minor, None);
        assert_eq!(python_tag_info("3.12-nonsense"), None);
        assert_eq!(python_tag_info("2.7"), None);
    }

    #[test]
    fn python_variants() {
        let f = facts("python:3.11-slim-bookworm");
        assert_eq!(f.os, Os::Debian { release: Some(12) });
        // The OS can reach its end before the runtime does.
        assert_eq!(f.eol.as_ref().map(|e| e.date.as_str()), Some("2027-10"));
        assert_eq!(f.os_eol().map(|e| e.date), Some("2026-06-10".to_owned()));
        assert!(!f.has_path("/usr/bin/curl"), "slim variants are not built on buildpack-deps");
        assert!(facts("python:3.11-bookworm").has_path("/usr/bin/curl"));
        assert_eq!(f.libc, Libc::Glibc(Some("2.36".to_owned())));
        assert!(f.has_path("/usr/local/bin/python3.11"));
        let f = facts("python:3.13.5-alpine3.22");
        assert_eq!(f.os, Os::Alpine { version: Some("3.22".to_owned()) });
        assert_eq!((f.libc.clone(), f.package_manager.as_deref()), (Libc::Musl, Some("apk")));
        assert_eq!(f.env_value("PYTHON_VERSION"), Some("3.13.5"));
        assert_eq!(f.env_value("LANG"), None);
        let f = facts("python:3");
        assert_eq!(f.python.as_ref().unwrap().version, None);
        assert_eq!(f.python.as_ref().unwrap().interpreter, "/usr/local/bin/python3");
        let f = facts("python:3.12-windowsservercore-ltsc2025");
        assert_eq!((f.shell, f.os), (ShellKind::PowerShell, Os::Windows));
        assert!(lookup(&ImageRef::parse("python:3.12-bogus").unwrap()).is_none());
    }

    #[test]
    fn node_tags() {
        let f = facts("node:22-bookworm-slim");
        assert_eq!(f.os, Os::Debian { release: Some(12) });
        assert_eq!(f.entrypoint, Some(vec!["docker-entrypoint.sh".to_owned()]));
        assert_eq!(f.eol.as_ref().map(|e| e.date.as_str()), Some("2027-04-30"));
        assert_eq!(facts("node:20").os, Os::Debian { release: None });
        assert_eq!(facts("node:24-alpine").libc, Libc::Musl);
        assert_eq!(facts("node:jod-alpine").eol.map(|e| e.date), Some("2027-04-30".to_owned()));
        assert_eq!(facts("node:lts-slim").eol, None);
        assert_eq!(facts("node:24.10.0-trixie-slim").env_value("NODE_VERSION"), Some("24.10.0"));
    }

    #[test]
    fn golang_tags() {
        let f = facts("golang:1.25");
        assert_eq!(f.os, Os::Debian { release: Some(13) });
        assert_eq!(f.workdir.as_deref(), Some("/go"));
        assert_eq!(f.eol.as_ref().map(|e| e.date.as_str()), Some("2026-08"));
        assert_eq!(facts("golang:1.24-bookworm").os, Os::Debian { release: Some(12) });
        assert_eq!(facts("golang:1.25-alpine3.22").libc, Libc::Musl);
        assert_eq!(facts("golang").eol, None);
    }

    #[test]
    fn distributions() {
        let f = facts("debian:bookworm-slim");
        assert_eq!(f.os, Os::Debian { release: Some(12) });
        assert_eq!(f.package_manager.as_deref(), Some("apt-get"));
        assert_eq!(f.eol.as_ref().map(|e| e.date.as_str()), Some("2026-06-10"));
        assert_eq!(facts("debian:12.9").os, Os::Debian { release: Some(12) });
        assert_eq!(facts("debian").os, Os::Debian { release: Some(13) });
        assert_eq!(facts("debian:sid").os, Os::Debian { release: None });
        assert_eq!(facts("ubuntu:22.04").os, Os::Ubuntu { version: Some("22.04".to_owned()) });
        assert_eq!(facts("ubuntu:noble-20240827").libc, Libc::Glibc(Some("2.39".to_owned())));
        assert_eq!(facts("ubuntu").os, Os::Ubuntu { version: None });
        let f = facts("alpine:3.22.1");
        assert_eq!(f.os, Os::Alpine { version: Some("3.22".to_owned()) });
        assert_eq!(f.shell_path.as_deref(), Some("/bin/sh"));
        assert_eq!(facts("alpine").os, Os::Alpine { version: None });
        assert_eq!(facts("busybox:1.37-musl").libc, Libc::Musl);
        assert_eq!(facts("busybox").shell, ShellKind::Posix);
    }

    #[test]
    fn unknown_images_and_digest_only() {
        assert!(lookup(&ImageRef::parse("nginx:1.27").unwrap()).is_none());
        assert!(lookup(&ImageRef::parse("myorg/python:3.12").unwrap()).is_none());
        let sha = "sha256:7cc4b5aefd1d0cadf8d97d4350462ba51c694ebca145b08d7d41b41acc8db5aa";
        assert!(lookup(&ImageRef::parse(&format!("python@{sha}")).unwrap()).is_none());
    }

    #[test]
    fn scratch_has_nothing() {
        let f = scratch();
        assert_eq!((f.shell, f.os.clone(), f.user.clone()), (ShellKind::None, Os::None, None));
        assert!(f.files.is_empty());
    }
}
