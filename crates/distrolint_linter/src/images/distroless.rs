//! GoogleContainerTools distroless images (`gcr.io/distroless/*`, `*.gcr.io/distroless/*`, `distroless/*`).
//!
//! Sources: RULES-DISTROLESS.md F1-F4 (checked against distroless `main` at `cd080764`, 2026-08-21) and the
//! distroless files they cite: root `BUILD` (tag map, `DEFAULT_DISTRO = "debian13"`), `base/config.bzl`,
//! `static/config.bzl`, `python3/config.bzl`, `python3/python.bzl`, `java/config.bzl`, `java/java.bzl`,
//! `nodejs/config.bzl`, `nodejs/nodejs.bzl`, `static/static.bzl`, `common/variables.bzl`, `SUPPORT_POLICY.md`.

use super::facts::{Eol, ImageFacts, ImageKind, Libc, Os, PythonFacts, PythonLayout, ShellKind};
use super::reference::ImageRef;
use super::releases;
use super::util;

/// The four published tags (README tables, root `BUILD`); each may carry an architecture suffix (F3).
pub const DISTROLESS_TAGS: [&str; 4] = ["latest", "nonroot", "debug", "debug-nonroot"];

/// Every architecture suffix any distroless image uses (F3).
const ALL_ARCHES: [&str; 6] = ["amd64", "arm64", "arm", "s390x", "ppc64le", "riscv64"];

/// Unsuffixed names mean this Debian release today (root `BUILD`: `DEFAULT_DISTRO = "debian13"`, F3).
/// The README warns that it will move to the next Debian release.
pub const DEFAULT_DEBIAN: u8 = 13;

/// `PATH` of every distroless image (`static/static.bzl`, `env` of the static image, which all others build on).
const PATH: &str = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/// Files every distroless image has (F3: `common/BUILD.bazel` `passwd`, `group`, `home`, `tmp`;
/// `static/static.bzl` tars `nsswitch`, `os_release_*`, `cacerts_*`).
const BASE_FILES: &[&str] = &[
    "/etc/passwd",
    "/etc/group",
    "/etc/nsswitch.conf",
    "/etc/os-release",
    "/etc/ssl/certs/ca-certificates.crt",
    "/tmp",
    "/root",
    "/home/nonroot",
];

// Architecture sets, F3 (and the `*_ARCHITECTURES` maps of each `config.bzl`).
const ARCH_BASE_13: &[&str] = &["amd64", "arm64", "arm", "s390x", "ppc64le", "riscv64"];
const ARCH_BASE_12: &[&str] = &["amd64", "arm64", "arm", "s390x", "ppc64le"];
const ARCH_PYTHON_13: &[&str] = &["amd64", "arm64", "riscv64"];
const ARCH_JAVA_13: &[&str] = &["amd64", "arm64", "s390x", "ppc64le", "riscv64"];
const ARCH_NODE_ARM: &[&str] = &["amd64", "arm64", "arm", "s390x", "ppc64le"];
const ARCH_NODE: &[&str] = &["amd64", "arm64", "s390x", "ppc64le"];
// Dropped images, as last configured: `python3/config.bzl` (`6c3a3ad9`: debian12 amd64, arm64) and
// `java/config.bzl` (`08d0ae37`: debian12 amd64, arm64, s390x, ppc64le).
const ARCH_PYTHON_12: &[&str] = &["amd64", "arm64"];
const ARCH_JAVA_12: &[&str] = &["amd64", "arm64", "s390x", "ppc64le"];

/// Whether a distroless image is still built.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DistrolessStatus {
    /// Listed in the README and built.
    Current,
    /// No longer built or updated (the README: unlisted tags are "deprecated and ... no longer updated").
    Dropped {
        /// The date it stopped being built, when known.
        since: Option<&'static str>,
        /// Why, with the source.
        why: &'static str,
    },
}

/// One distroless image name with its architectures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DistrolessImage {
    /// The family: `static`, `base`, `base-nossl`, `cc`, `python3`, `java-base`, `java21`, `nodejs24`, ...
    pub family: &'static str,
    /// The Debian release of the `-debianNN` suffix.
    pub debian: u8,
    /// The architecture suffixes its tags may carry (`latest-arm64`).
    pub arches: &'static [&'static str],
    /// Whether it is still built.
    pub status: DistrolessStatus,
}

impl DistrolessImage {
    /// The image name with its suffix, e.g. `python3-debian13`.
    pub fn name(&self) -> String {
        format!("{}-debian{}", self.family, self.debian)
    }
}

const DROPPED_PY12: DistrolessStatus = DistrolessStatus::Dropped {
    since: Some("2026-05-11"),
    why: "python3-debian12 is no longer built since 2026-05-11 (distroless commit 22b97d10, PR #2084); \
          its end of life was April 2026 (SUPPORT_POLICY.md, F2)",
};
const DROPPED_JAVA12: DistrolessStatus = DistrolessStatus::Dropped {
    since: Some("2026-02-27"),
    why: "java*-debian12 images are no longer built since 2026-02-27 (distroless commit b80e2842); \
          their end of life was January 2026 (SUPPORT_POLICY.md, F2)",
};
const DROPPED_NODE12: DistrolessStatus = DistrolessStatus::Dropped {
    since: Some("2026-02-27"),
    why: "nodejs*-debian12 images are no longer built since 2026-02-27 (distroless commit 5cd38c1e); \
          their end of life was January 2026 (SUPPORT_POLICY.md, F2)",
};
const DROPPED_NODE20: DistrolessStatus = DistrolessStatus::Dropped {
    since: None,
    why: "nodejs20 is no longer listed (nodejs/config.bzl builds only 22, 24 and 26); \
          Node.js 20 reached end of life on 2026-04-30",
};

const fn image(family: &'static str, debian: u8, arches: &'static [&'static str]) -> DistrolessImage {
    DistrolessImage { family, debian, arches, status: DistrolessStatus::Current }
}

const fn dropped(
    family: &'static str,
    debian: u8,
    arches: &'static [&'static str],
    status: DistrolessStatus,
) -> DistrolessImage {
    DistrolessImage { family, debian, arches, status }
}

/// Every distroless image with a known architecture list: the README tables at `cd080764` (F2, F3),
/// then the Debian 12 language images dropped in 2026 (F2).
const IMAGES: &[DistrolessImage] = &[
    image("static", 13, ARCH_BASE_13),
    image("base", 13, ARCH_BASE_13),
    image("base-nossl", 13, ARCH_BASE_13),
    image("cc", 13, ARCH_BASE_13),
    image("python3", 13, ARCH_PYTHON_13),
    image("java-base", 13, ARCH_JAVA_13),
    image("java17", 13, ARCH_JAVA_13),
    image("java21", 13, ARCH_JAVA_13),
    image("java25", 13, ARCH_JAVA_13),
    image("nodejs22", 13, ARCH_NODE_ARM),
    image("nodejs24", 13, ARCH_NODE),
    image("nodejs26", 13, ARCH_NODE),
    // `base/config.bzl`: `BASE_DISTROS = ["debian12", "debian13"]`; Debian 12 has no riscv64 (F3).
    image("static", 12, ARCH_BASE_12),
    image("base", 12, ARCH_BASE_12),
    image("base-nossl", 12, ARCH_BASE_12),
    image("cc", 12, ARCH_BASE_12),
    dropped("python3", 12, ARCH_PYTHON_12, DROPPED_PY12),
    dropped("java-base", 12, ARCH_JAVA_12, DROPPED_JAVA12),
    dropped("java17", 12, ARCH_JAVA_12, DROPPED_JAVA12),
    dropped("java21", 12, ARCH_JAVA_12, DROPPED_JAVA12),
    dropped("nodejs20", 12, ARCH_NODE_ARM, DROPPED_NODE12),
    dropped("nodejs22", 12, ARCH_NODE_ARM, DROPPED_NODE12),
    dropped("nodejs24", 12, ARCH_NODE, DROPPED_NODE12),
    // `nodejs/config.bzl` at `8a46a50a` still built nodejs20 for debian13.
    dropped("nodejs20", 13, ARCH_NODE_ARM, DROPPED_NODE20),
];

/// Every distroless image with its architecture suffixes (for `distroless-invalid-tag`, F3).
pub fn distroless_images() -> &'static [DistrolessImage] {
    IMAGES
}

/// The language runtime of a family.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Runtime {
    /// static, base, base-nossl, cc.
    None,
    Python,
    /// `java-base` (no JRE entrypoint) is `Java(None)`.
    Java(Option<u32>),
    Node(u32),
}

/// Node.js and Java majors that distroless builds today (`nodejs/config.bzl`, `java/config.bzl`; F2).
const NODE_MAJORS: [u32; 3] = [22, 24, 26];
const JAVA_MAJORS: [u32; 3] = [17, 21, 25];

fn runtime_of(family: &str) -> Option<Runtime> {
    match family {
        "static" | "base" | "base-nossl" | "cc" => Some(Runtime::None),
        "python3" => Some(Runtime::Python),
        "java-base" => Some(Runtime::Java(None)),
        _ => {
            if let Some(n) = family.strip_prefix("nodejs") {
                return n.parse().ok().map(Runtime::Node);
            }
            let n = family.strip_prefix("java")?;
            n.parse().ok().map(|n| Runtime::Java(Some(n)))
        }
    }
}

/// The Debian 12 `python3` shipped 3.11 and Debian 13 ships 3.13 (`python3/python.bzl` `DISTRO_VERSION`, F1).
/// Debian 11's default Python is 3.9 (Debian archive) **(unverified** against the distroless repo).
fn python_minor(debian: u8) -> Option<&'static str> {
    match debian {
        11 => Some("3.9"),
        12 => Some("3.11"),
        13 => Some("3.13"),
        _ => None,
    }
}

/// True for Google's distroless images: `gcr.io/distroless/*`, `*.gcr.io/distroless/*` and
/// Docker Hub `distroless/*` (RULES-DISTROLESS.md §2).
pub fn is_distroless(image: &ImageRef) -> bool {
    distroless_name(image).is_some()
}

/// The part after `distroless/`, for a distroless image.
fn distroless_name(image: &ImageRef) -> Option<&str> {
    let registry_ok =
        image.registry == "gcr.io" || image.registry.ends_with(".gcr.io") || image.registry == "docker.io";
    if !registry_ok {
        return None;
    }
    image.repository.strip_prefix("distroless/").filter(|rest| !rest.is_empty())
}

/// Splits `python3-debian12` into (`python3`, Some(12)); unsuffixed names give `None`.
fn split_debian(name: &str) -> (&str, Option<u8>) {
    if let Some(i) = name.rfind("-debian") {
        if let Ok(n) = name[i + "-debian".len()..].parse::<u8>() {
            return (&name[..i], Some(n));
        }
    }
    (name, None)
}

/// Which of the four tags (and which architecture) a tag selects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Variant<'a> {
    debug: bool,
    nonroot: bool,
    arch: Option<&'a str>,
}

/// Parses `latest`, `nonroot`, `debug`, `debug-nonroot`, each with an optional `-<arch>`.
/// Only suffixes some distroless image uses are recognised here; the per-image check is separate.
fn parse_tag(tag: &str) -> Option<Variant<'_>> {
    // Longest first, so that `debug-nonroot` is not read as `debug` + `-nonroot`.
    for (base, debug, nonroot) in
        [("debug-nonroot", true, true), ("latest", false, false), ("nonroot", false, true), ("debug", true, false)]
    {
        let Some(rest) = tag.strip_prefix(base) else { continue };
        if rest.is_empty() {
            return Some(Variant { debug, nonroot, arch: None });
        }
        if let Some(arch) = rest.strip_prefix('-').filter(|a| ALL_ARCHES.contains(a)) {
            return Some(Variant { debug, nonroot, arch: Some(arch) });
        }
    }
    None
}

/// The facts of a distroless image, or `None` when `image` is not distroless.
pub(crate) fn lookup(image: &ImageRef) -> Option<ImageFacts> {
    let name = distroless_name(image)?;
    let familiar = image.familiar_name();
    let prefix = &familiar[..familiar.len() - name.len()];
    let (family, suffix) = split_debian(name);
    let debian = suffix.unwrap_or(DEFAULT_DEBIAN);
    // `None`: a digest alone, or a tag that is not one of the four. The image is still distroless
    // (no `/bin/sh` either way, F4), but user, workdir and a base image's entrypoint are unknown.
    let variant = image.effective_tag().and_then(parse_tag);

    let mut facts = ImageFacts::unknown(format!("distroless/{family}-debian{debian}"), ImageKind::Distroless);
    facts.os = Os::Debian { release: Some(debian) };
    facts.valid_tags = DISTROLESS_TAGS.iter().map(|t| (*t).to_owned()).collect();
    facts.files = BASE_FILES.iter().map(|f| (*f).to_owned()).collect();
    facts.env_path = Some(PATH.to_owned());
    // `static/static.bzl`: `SSL_CERT_FILE` lets OpenSSL find the bundle (F3).
    facts.env.push(("SSL_CERT_FILE".to_owned(), "/etc/ssl/certs/ca-certificates.crt".to_owned()));
    // No distroless rule sets `cmd`, so `Cmd` is empty.
    facts.cmd = Some(Vec::new());
    facts.source = format!("distroless {family}-debian{debian} (RULES-DISTROLESS.md F1-F4)");
    apply_variant(&mut facts, variant);

    let known = IMAGES.iter().find(|i| i.family == family && i.debian == debian);
    let runtime = if family.contains('/') { None } else { runtime_of(family) };
    let Some(runtime) = runtime else {
        // An image we have no table for (e.g. `java/jetty`, or a new family): keep the generic facts.
        facts.family = format!("distroless/{name}");
        facts.source = format!("generic distroless facts (F3, F4); `{name}` is not in the built-in table");
        return Some(facts);
    };

    // The images hold only the listed Debian packages plus the runtime, and the README says they "do not
    // contain package managers, shells or any other programs". Java is left out: its JRE/JDK (the JDK in
    // `:debug`) ships more tools under `/usr/lib/jvm/*/bin`, which this table does not list.
    facts.exhaustive_bins = !matches!(runtime, Runtime::Java(_));
    facts.arch_suffixes = known.map(|i| i.arches.iter().map(|a| (*a).to_owned()).collect());
    facts.libc = match (runtime, releases::debian_release(debian).and_then(|r| r.glibc)) {
        // `static` has no libc: it is for statically linked binaries.
        (Runtime::None, _) if family == "static" => Libc::None,
        (_, version) => Libc::Glibc(version.map(str::to_owned)),
    };
    let debug = variant.map(|v| v.debug);
    match runtime {
        Runtime::None => {
            // Empty entrypoint; the debug images set `["/busybox/sh"]` (`static/static.bzl`, F3, F4).
            facts.entrypoint = debug.map(|d| if d { vec!["/busybox/sh".to_owned()] } else { Vec::new() });
        }
        Runtime::Python => {
            if let Some(minor) = python_minor(debian) {
                let interpreter = format!("/usr/bin/python{minor}");
                // `python3/python.bzl`: `entrypoint = ["/usr/bin/python" + DISTRO_VERSION[distro]]` for every
                // mode and user, debug included (F1); symlinks `/usr/bin/python{,3}` to it.
                facts.entrypoint = Some(vec![interpreter.clone()]);
                facts.files.extend(["/usr/bin/python".to_owned(), "/usr/bin/python3".to_owned(), interpreter.clone()]);
                facts.python = Some(PythonFacts {
                    version: Some(minor.to_owned()),
                    interpreter,
                    layout: PythonLayout::DebianDist,
                    eol: releases::python_eol(minor),
                });
            }
            facts.env.push(("LANG".to_owned(), "C.UTF-8".to_owned()));
        }
        Runtime::Java(major) => {
            // `java/java.bzl`: java-base builds on base-nossl (debug: base-nossl debug, so `/busybox/sh`);
            // javaN sets `entrypoint = ["/usr/bin/java", "-jar"]` and links `/usr/bin/java` in every mode.
            if major.is_some() {
                facts.entrypoint = Some(vec!["/usr/bin/java".to_owned(), "-jar".to_owned()]);
                facts.files.push("/usr/bin/java".to_owned());
            } else {
                facts.entrypoint = debug.map(|d| if d { vec!["/busybox/sh".to_owned()] } else { Vec::new() });
            }
            facts.env.push(("LANG".to_owned(), "C.UTF-8".to_owned()));
        }
        Runtime::Node(_) => {
            // `nodejs/nodejs.bzl`: `entrypoint = ["/nodejs/bin/node"]` in every mode; `/nodejs/bin` is not on PATH.
            // `nodejs/testdata/check_npm.yaml` checks that `npm`, `npx` and `corepack` are absent.
            facts.entrypoint = Some(vec!["/nodejs/bin/node".to_owned()]);
            facts.files.push("/nodejs/bin/node".to_owned());
        }
    }

    facts.eol = eol(family, debian, runtime, &facts);
    if let Some((why, replacement)) = deprecation(family, debian, runtime, known) {
        facts.deprecated = Some(why);
        facts.replacement = replacement.map(|r| format!("{prefix}{r}"));
    }
    Some(facts)
}

/// User, workdir, shell and BusyBox files of the tag's variant (F3, F4).
fn apply_variant(facts: &mut ImageFacts, variant: Option<Variant<'_>>) {
    facts.shell = ShellKind::None;
    let Some(v) = variant else { return };
    // `static/static.bzl`: `USER_VARIANTS = [("root", 0, "/"), ("nonroot", NONROOT, "/home/nonroot")]`,
    // `common/variables.bzl`: `NONROOT = 65532`.
    let (user, workdir) = if v.nonroot { ("65532", "/home/nonroot") } else { ("0", "/") };
    facts.user = Some(user.to_owned());
    facts.workdir = Some(workdir.to_owned());
    if v.debug {
        // The debug image adds BusyBox under `/busybox` and `ENV PATH=$PATH:/busybox`; `/bin/sh` stays absent (F4).
        facts.debug_variant = true;
        facts.shell = ShellKind::Busybox;
        facts.shell_path = Some("/busybox/sh".to_owned());
        facts.applet_dir = Some("/busybox".to_owned());
        facts.files.extend(["/busybox".to_owned(), "/busybox/busybox".to_owned()]);
        facts.env_path = Some(format!("{PATH}:/busybox"));
    }
}

/// The earliest known end of life: the image's own (SUPPORT_POLICY.md, F2) or its runtime's.
fn eol(family: &str, debian: u8, runtime: Runtime, facts: &ImageFacts) -> Option<Eol> {
    let policy = match (debian, runtime) {
        // SUPPORT_POLICY.md: Debian 12 EOL "Sept 2026" for static/base/base-nossl/cc, "Jan 2026" for
        // java*/node*, "April 2026" for python* (F2).
        (12, Runtime::None) => {
            Some(Eol::new("2026-09", format!("distroless {family}-debian12 end of life (SUPPORT_POLICY.md)")))
        }
        (12, Runtime::Python) => {
            Some(Eol::new("2026-04", "distroless python3-debian12 end of life (SUPPORT_POLICY.md)"))
        }
        (12, _) => Some(Eol::new("2026-01", format!("distroless {family}-debian12 end of life (SUPPORT_POLICY.md)"))),
        // The Debian 11 table of SUPPORT_POLICY.md: "debian 12 release day + 1yr" for the base images and
        // "+ 3mo" for the language images; Debian 12 was released on 2023-06-10.
        (11, Runtime::None) => {
            Some(Eol::new("2024-06-10", format!("distroless {family}-debian11 end of life (SUPPORT_POLICY.md)")))
        }
        (11, _) => {
            Some(Eol::new("2023-09-10", format!("distroless {family}-debian11 end of life (SUPPORT_POLICY.md)")))
        }
        // The older Debian 10 table of SUPPORT_POLICY.md: "aug 2022" for the base images, "jan 2022" for languages.
        (..=10, Runtime::None) => {
            Some(Eol::new("2022-08", format!("distroless {family}-debian{debian} end of life (SUPPORT_POLICY.md)")))
        }
        (..=10, _) => {
            Some(Eol::new("2022-01", format!("distroless {family}-debian{debian} end of life (SUPPORT_POLICY.md)")))
        }
        _ => None,
    };
    let runtime_eol = match runtime {
        Runtime::Python => facts.python.as_ref().and_then(|p| p.eol.clone()),
        Runtime::Node(major) => releases::node_eol(major),
        _ => None,
    };
    match (policy, runtime_eol) {
        (Some(a), Some(b)) => Some(if b.date < a.date { b } else { a }),
        (a, b) => a.or(b),
    }
}

/// Why an image is deprecated, and the name to move to (without registry prefix).
fn deprecation(
    family: &str,
    debian: u8,
    runtime: Runtime,
    known: Option<&DistrolessImage>,
) -> Option<(String, Option<String>)> {
    let current_family = match runtime {
        Runtime::Node(major) if !NODE_MAJORS.contains(&major) => {
            NODE_MAJORS.iter().find(|m| **m >= major).map_or_else(|| family.to_owned(), |m| format!("nodejs{m}"))
        }
        Runtime::Java(Some(major)) if !JAVA_MAJORS.contains(&major) => {
            JAVA_MAJORS.iter().find(|m| **m >= major).map_or_else(|| family.to_owned(), |m| format!("java{m}"))
        }
        _ => family.to_owned(),
    };
    let replacement = Some(format!("{current_family}-debian{DEFAULT_DEBIAN}"));
    if let Some(DistrolessImage { status: DistrolessStatus::Dropped { why, .. }, .. }) = known {
        return Some(((*why).to_owned(), replacement));
    }
    if debian <= 11 {
        let why = format!(
            "{family}-debian{debian} is no longer built: distroless builds Debian 12 and 13 images only (README, F2)"
        );
        return Some((why, replacement));
    }
    if current_family != family {
        let why = match runtime {
            Runtime::Node(_) => {
                format!("{family} is no longer built: distroless builds nodejs22, nodejs24 and nodejs26 (F2)")
            }
            _ => format!("{family} is no longer built: distroless builds java17, java21 and java25 (F2)"),
        };
        return Some((why, replacement));
    }
    if known.is_none() && debian == 12 && runtime != Runtime::None {
        // A Debian 12 language image that is not in the table (e.g. `java11-debian12`): all are dropped (F2).
        let why = format!(
            "{family}-debian12 is no longer built: only static, base, base-nossl and cc have Debian 12 images (F2)"
        );
        return Some((why, replacement));
    }
    None
}

/// What is wrong with a distroless tag (`distroless-invalid-tag`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TagProblem {
    /// A bare architecture such as `:arm64`, which is not a published tag.
    BareArch {
        /// The architecture written.
        arch: String,
    },
    /// One of the four tags with an architecture this image is not built for.
    ArchNotAvailable {
        /// The architecture written.
        arch: String,
        /// The architectures the image has.
        available: Vec<String>,
    },
    /// Anything else that is not `latest|nonroot|debug|debug-nonroot[-<arch>]`.
    UnknownTag,
}

/// A tag problem with the nearest valid tag, when there is a sensible one.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TagCheck {
    /// The problem.
    pub problem: TagProblem,
    /// The tag to use instead.
    pub suggestion: Option<String>,
}

/// Other spellings of the architecture suffixes (Docker/OCI `uname -m` names).
fn arch_alias(word: &str) -> Option<&'static str> {
    match word {
        "x86_64" | "x86-64" | "x64" => Some("amd64"),
        "aarch64" | "arm64v8" => Some("arm64"),
        "armhf" | "armv7" | "arm32v7" | "armv7l" => Some("arm"),
        "ppc64el" => Some("ppc64le"),
        _ => ALL_ARCHES.iter().find(|a| **a == word).copied(),
    }
}

/// Checks the tag of a distroless image against F3. `None` when the tag is valid, the image is not
/// distroless, or only a digest is given. `prefer_nonroot` picks `nonroot` over `latest` when the
/// suggestion has to choose (a profile with uid 65532).
pub fn check_distroless_tag(image: &ImageRef, prefer_nonroot: bool) -> Option<TagCheck> {
    let name = distroless_name(image)?;
    let tag = image.tag.as_deref()?;
    let (family, suffix) = split_debian(name);
    let arches: Option<&[&str]> =
        IMAGES.iter().find(|i| i.family == family && i.debian == suffix.unwrap_or(DEFAULT_DEBIAN)).map(|i| i.arches);
    let has_arch = |arch: &str| arches.is_none_or(|list| list.contains(&arch));
    let root_tag = if prefer_nonroot { "nonroot" } else { "latest" };

    if let Some(variant) = parse_tag(tag) {
        let arch = variant.arch?;
        if has_arch(arch) {
            return None;
        }
        let base = &tag[..tag.len() - arch.len() - 1];
        return Some(TagCheck {
            problem: TagProblem::ArchNotAvailable {
                arch: arch.to_owned(),
                available: arches.unwrap_or_default().iter().map(|a| (*a).to_owned()).collect(),
            },
            suggestion: Some(base.to_owned()),
        });
    }
    if let Some(arch) = arch_alias(tag) {
        let suggestion = if has_arch(arch) { format!("{root_tag}-{arch}") } else { root_tag.to_owned() };
        return Some(TagCheck { problem: TagProblem::BareArch { arch: tag.to_owned() }, suggestion: Some(suggestion) });
    }
    Some(TagCheck { problem: TagProblem::UnknownTag, suggestion: nearest_tag(tag, has_arch) })
}

/// The nearest valid tag for a misspelled one: a base tag within two edits, keeping a (possibly aliased)
/// architecture suffix when the image has it.
fn nearest_tag(tag: &str, has_arch: impl Fn(&str) -> bool) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    // Try every split into `<base>-<arch>`, then the whole tag as a base.
    let mut best: Option<(usize, String)> = None;
    let mut consider = |base_word: &str, arch: Option<&str>| {
        for base in DISTROLESS_TAGS {
            let d = util::edit_distance(base_word, base);
            if d <= 2 && best.as_ref().is_none_or(|(bd, _)| d < *bd) {
                let tag = match arch {
                    Some(a) if has_arch(a) => format!("{base}-{a}"),
                    _ => base.to_owned(),
                };
                best = Some((d, tag));
            }
        }
    };
    consider(&lower, None);
    for (i, _) in lower.match_indices('-') {
        if let Some(arch) = arch_alias(&lower[i + 1..]) {
            consider(&lower[..i], Some(arch));
        }
    }
    best.map(|(_, t)| t)
}

/// The nearest known distroless image name (`python3-debian13` for `pyhton3-debian13`), for typos.
pub fn nearest_distroless_image(name: &str) -> Option<String> {
    let names: Vec<String> = IMAGES.iter().map(DistrolessImage::name).collect();
    let unsuffixed = ["static", "base", "base-nossl", "cc", "python3", "java-base", "java17", "java21", "java25"];
    let unsuffixed = unsuffixed.iter().copied().chain(["nodejs22", "nodejs24", "nodejs26"]);
    util::nearest(name, names.iter().map(String::as_str).chain(unsuffixed), 2).map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::images::facts::Presence;

    fn facts(text: &str) -> ImageFacts {
        lookup(&ImageRef::parse(text).unwrap()).unwrap_or_else(|| panic!("no facts for {text}"))
    }

    fn check(text: &str) -> Option<TagCheck> {
        check_distroless_tag(&ImageRef::parse(text).unwrap(), false)
    }

    #[test]
    fn registries() {
        for text in [
            "gcr.io/distroless/static",
            "us.gcr.io/distroless/static",
            "distroless/static",
            "docker.io/distroless/static",
        ] {
            assert!(is_distroless(&ImageRef::parse(text).unwrap()), "{text}");
        }
        for text in ["python", "cgr.dev/chainguard/static", "gcr.io/other/static", "ghcr.io/distroless/static"] {
            assert!(!is_distroless(&ImageRef::parse(text).unwrap()), "{text}");
        }
    }

    #[test]
    fn python3_debian12_every_tag() {
        for (tag, user, workdir, shell) in [
            ("latest", "0", "/", ShellKind::None),
            ("nonroot", "65532", "/home/nonroot", ShellKind::None),
            ("debug", "0", "/", ShellKind::Busybox),
            ("debug-nonroot", "65532", "/home/nonroot", ShellKind::Busybox),
        ] {
            let f = facts(&format!("gcr.io/distroless/python3-debian12:{tag}"));
            assert_eq!(f.user.as_deref(), Some(user), "{tag}");
            assert_eq!(f.workdir.as_deref(), Some(workdir), "{tag}");
            assert_eq!(f.shell, shell, "{tag}");
            // F1: the interpreter is the entrypoint in all four variants.
            assert_eq!(f.entrypoint, Some(vec!["/usr/bin/python3.11".to_owned()]), "{tag}");
            let py = f.python.as_ref().unwrap();
            assert_eq!(py.version.as_deref(), Some("3.11"));
            assert_eq!(py.layout, PythonLayout::DebianDist);
            assert_eq!(f.eol.as_ref().map(|e| e.date.as_str()), Some("2026-04"));
            assert!(f.deprecated.as_deref().unwrap().contains("2026-05-11"));
            assert_eq!(f.replacement.as_deref(), Some("gcr.io/distroless/python3-debian13"));
            assert!(f.lacks_bin_sh());
        }
    }

    #[test]
    fn unsuffixed_python3_is_debian13() {
        let f = facts("gcr.io/distroless/python3");
        assert_eq!(f.family, "distroless/python3-debian13");
        assert_eq!(f.os, Os::Debian { release: Some(13) });
        assert_eq!(f.entrypoint, Some(vec!["/usr/bin/python3.13".to_owned()]));
        assert_eq!(
            f.python.as_ref().and_then(PythonFacts::global_packages_dir).as_deref(),
            Some("/usr/local/lib/python3.13/dist-packages")
        );
        assert_eq!(f.libc, Libc::Glibc(Some("2.41".to_owned())));
        assert_eq!(f.deprecated, None);
        assert_eq!(f.env_value("LANG"), Some("C.UTF-8"));
        assert!(f.has_path("/usr/bin/python3"));
        assert_eq!(f.find_command("python3"), Presence::Present("/usr/bin/python3".to_owned()));
        assert_eq!(f.find_command("sh"), Presence::Absent);
    }

    #[test]
    fn debug_images_have_busybox() {
        let f = facts("gcr.io/distroless/base-debian12:debug");
        assert_eq!(f.shell_path.as_deref(), Some("/busybox/sh"));
        assert_eq!(f.entrypoint, Some(vec!["/busybox/sh".to_owned()]));
        assert_eq!(f.find_command("wget"), Presence::Present("/busybox/wget".to_owned()));
        assert_eq!(f.find_command("curl"), Presence::Absent);
        assert_eq!(f.find_command("/bin/sh"), Presence::Absent);
        assert!(f.debug_variant);
        // The language images keep their own entrypoint in debug (F4).
        let f = facts("gcr.io/distroless/nodejs24-debian13:debug-nonroot-arm64");
        assert_eq!(f.entrypoint, Some(vec!["/nodejs/bin/node".to_owned()]));
        assert_eq!(f.shell, ShellKind::Busybox);
        let f = facts("gcr.io/distroless/java21:debug");
        assert_eq!(f.entrypoint, Some(vec!["/usr/bin/java".to_owned(), "-jar".to_owned()]));
        let f = facts("gcr.io/distroless/java-base:debug");
        assert_eq!(f.entrypoint, Some(vec!["/busybox/sh".to_owned()]));
    }

    #[test]
    fn base_families() {
        let f = facts("gcr.io/distroless/static-debian13:nonroot");
        assert_eq!(f.libc, Libc::None);
        assert_eq!(f.entrypoint, Some(Vec::new()));
        assert_eq!(f.arch_suffixes.as_ref().map(Vec::len), Some(6));
        let f = facts("gcr.io/distroless/cc-debian12");
        assert_eq!(f.libc, Libc::Glibc(Some("2.36".to_owned())));
        assert_eq!(f.eol.as_ref().map(|e| e.date.as_str()), Some("2026-09"));
        assert_eq!(f.deprecated, None);
        assert!(!f.arch_suffixes.as_ref().unwrap().contains(&"riscv64".to_owned()));
        let f = facts("gcr.io/distroless/base-nossl");
        assert_eq!(f.family, "distroless/base-nossl-debian13");
    }

    #[test]
    fn digest_only_leaves_variant_unknown() {
        let sha = "sha256:7cc4b5aefd1d0cadf8d97d4350462ba51c694ebca145b08d7d41b41acc8db5aa";
        let f = facts(&format!("gcr.io/distroless/static@{sha}"));
        assert_eq!(f.user, None);
        assert_eq!(f.entrypoint, None);
        assert_eq!(f.shell, ShellKind::None);
        let f = facts(&format!("gcr.io/distroless/python3-debian12@{sha}"));
        assert_eq!(f.entrypoint, Some(vec!["/usr/bin/python3.11".to_owned()]));
    }

    #[test]
    fn deprecated_families() {
        let f = facts("gcr.io/distroless/nodejs20-debian12");
        assert!(f.deprecated.is_some());
        assert_eq!(f.replacement.as_deref(), Some("gcr.io/distroless/nodejs22-debian13"));
        let f = facts("gcr.io/distroless/nodejs18");
        assert!(f.deprecated.is_some());
        assert_eq!(f.replacement.as_deref(), Some("gcr.io/distroless/nodejs22-debian13"));
        let f = facts("gcr.io/distroless/java11-debian11");
        assert!(f.deprecated.is_some());
        assert_eq!(f.replacement.as_deref(), Some("gcr.io/distroless/java17-debian13"));
        let f = facts("gcr.io/distroless/java17-debian12:nonroot");
        assert!(f.deprecated.as_deref().unwrap().contains("2026-02-27"));
        assert_eq!(f.eol.as_ref().map(|e| e.date.as_str()), Some("2026-01"));
        let f = facts("distroless/static-debian11");
        assert!(f.deprecated.is_some());
        assert_eq!(f.replacement.as_deref(), Some("distroless/static-debian13"));
        for text in
            ["gcr.io/distroless/nodejs22", "gcr.io/distroless/java25-debian13", "gcr.io/distroless/static-debian12"]
        {
            assert_eq!(facts(text).deprecated, None, "{text}");
        }
    }

    #[test]
    fn unknown_family_gets_generic_facts() {
        let f = facts("gcr.io/distroless/java/jetty:latest");
        assert_eq!(f.family, "distroless/java/jetty");
        assert_eq!(f.shell, ShellKind::None);
        assert_eq!(f.user.as_deref(), Some("0"));
        assert_eq!(f.entrypoint, None);
        assert!(!f.exhaustive_bins);
    }

    #[test]
    fn tag_checks() {
        for ok in ["latest", "nonroot-amd64", "debug-nonroot-arm64", "debug-riscv64"] {
            assert_eq!(check(&format!("gcr.io/distroless/python3:{ok}")), None, "{ok}");
        }
        assert_eq!(check("gcr.io/distroless/python3"), None);

        let c = check("gcr.io/distroless/python3-debian13:arm64").unwrap();
        assert_eq!(c.problem, TagProblem::BareArch { arch: "arm64".to_owned() });
        assert_eq!(c.suggestion.as_deref(), Some("latest-arm64"));
        let c = check_distroless_tag(&ImageRef::parse("gcr.io/distroless/static:amd64").unwrap(), true).unwrap();
        assert_eq!(c.suggestion.as_deref(), Some("nonroot-amd64"));

        // python3 has no s390x (F3).
        let c = check("gcr.io/distroless/python3:nonroot-s390x").unwrap();
        assert!(matches!(c.problem, TagProblem::ArchNotAvailable { .. }));
        assert_eq!(c.suggestion.as_deref(), Some("nonroot"));
        // Debian 12 base images have no riscv64 (F3).
        assert!(check("gcr.io/distroless/base-debian12:latest-riscv64").is_some());
        assert_eq!(check("gcr.io/distroless/base-debian13:latest-riscv64"), None);

        let c = check("gcr.io/distroless/static:nonrot").unwrap();
        assert_eq!(c.problem, TagProblem::UnknownTag);
        assert_eq!(c.suggestion.as_deref(), Some("nonroot"));
        let c = check("gcr.io/distroless/static:latest-x86_64").unwrap();
        assert_eq!(c.suggestion.as_deref(), Some("latest-amd64"));
        let c = check("gcr.io/distroless/static:3.11").unwrap();
        assert_eq!(c.suggestion, None);
    }

    #[test]
    fn image_table() {
        let names: Vec<String> = distroless_images().iter().map(DistrolessImage::name).collect();
        assert!(names.contains(&"python3-debian13".to_owned()));
        assert_eq!(nearest_distroless_image("pyhton3-debian13").as_deref(), Some("python3-debian13"));
        assert_eq!(nearest_distroless_image("nodejs24").as_deref(), Some("nodejs24"));
    }
}
