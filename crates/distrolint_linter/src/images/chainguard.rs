//! Chainguard images (`cgr.dev/chainguard/*`, and `cgr.dev/<org>/*` for private catalogs), built on Wolfi.
//!
//! RULES-DISTROLESS.md §2: a Chainguard image counts as shell-less unless its tag ends in `-dev`.
//! Chainguard documents that `-dev` variants add a shell (BusyBox) and `apk`, and that the other images
//! have neither (edu.chainguard.dev "Porting a sample application", "Migration tips"); the image
//! checklist in chainguard-images/images `.github/pull-request-template.md` asks for "a dev tag ... that
//! includes a shell and apk tools (by depending on 'wolfi-base')" and for images that run as
//! `nonroot` with uid/gid 65532.
//!
//! The per-image configs cited below are the public ones of chainguard-images/images; whether the
//! current images still match them is **(unverified)**, and so is the shell path `/bin/sh` of `-dev`
//! variants (BusyBox provides it in Wolfi, but no config was checked for the link).

use super::facts::{ImageFacts, ImageKind, Libc, Os, PythonFacts, PythonLayout, ShellKind};
use super::reference::ImageRef;
use super::releases;

/// The registry of Chainguard images.
const REGISTRY: &str = "cgr.dev";

/// True for any Chainguard image.
pub(crate) fn is_chainguard(image: &ImageRef) -> bool {
    image.registry == REGISTRY
}

/// True for a `-dev` tag (`latest-dev`, `3.12-dev`).
pub(crate) fn is_dev_tag(image: &ImageRef) -> bool {
    image.tag.as_deref().is_some_and(|t| t.ends_with("-dev"))
}

/// The facts of a Chainguard image, or `None` when `image` is not one.
pub(crate) fn lookup(image: &ImageRef) -> Option<ImageFacts> {
    if !is_chainguard(image) {
        return None;
    }
    let name = image.basename();
    let dev = is_dev_tag(image);
    // The version part of a tag such as `3.12-dev` or `22`; `latest` has none.
    let version = image
        .tag
        .as_deref()
        .map(|t| t.trim_end_matches("-dev"))
        .filter(|v| v.starts_with(|c: char| c.is_ascii_digit()));

    let mut facts = ImageFacts::unknown(format!("chainguard/{name}"), ImageKind::Chainguard);
    facts.os = Os::Wolfi;
    // Wolfi is a glibc distribution; `static` has no libc.
    facts.libc = if name == "static" { Libc::None } else { Libc::Glibc(None) };
    facts.source = String::from(
        "Chainguard conventions (RULES-DISTROLESS.md §2; chainguard-images/images, unverified for current images)",
    );
    // `wolfi-base` and `busybox` are the images that exist to provide a shell (and, for wolfi-base, apk)
    // **(unverified)**.
    let always_shell = matches!(name, "wolfi-base" | "busybox");
    if dev || always_shell {
        facts.debug_variant = dev;
        facts.shell = ShellKind::Posix;
        facts.shell_path = Some("/bin/sh".to_owned());
        facts.files.push("/bin/sh".to_owned());
        if dev || name == "wolfi-base" {
            facts.package_manager = Some("apk".to_owned());
        }
    } else {
        facts.shell = ShellKind::None;
    }

    match name {
        "python" => {
            // `images/python/config/template.apko.yaml`: `entrypoint: command: /usr/bin/python` and
            // `run-as: 65532`; the dev variant is built from the same config plus packages (`main.tf`).
            facts.user = Some("65532".to_owned());
            facts.entrypoint = Some(vec!["/usr/bin/python".to_owned()]);
            facts.files.push("/usr/bin/python".to_owned());
            let minor = version.and_then(|v| {
                let mut parts = v.split('.');
                let (major, minor) = (parts.next()?, parts.next()?);
                Some(format!("{major}.{minor}"))
            });
            facts.eol = minor.as_deref().and_then(releases::python_eol);
            facts.python = Some(PythonFacts {
                eol: facts.eol.clone(),
                version: minor,
                interpreter: "/usr/bin/python".to_owned(),
                // Wolfi's layout is not covered by F6 (RULES-DISTROLESS.md `site-packages-not-on-syspath`).
                layout: PythonLayout::Unknown,
            });
        }
        "node" => {
            // `images/node/config/template.apko.yaml`: entrypoint `/usr/bin/node`, cmd `--help`, work-dir
            // `/app`, `NODE_PORT=3000`, `PATH=/usr/sbin:/sbin:/usr/bin:/bin`, `run-as: 65532`.
            facts.user = Some("65532".to_owned());
            facts.workdir = Some("/app".to_owned());
            facts.entrypoint = Some(vec!["/usr/bin/node".to_owned()]);
            facts.cmd = Some(vec!["--help".to_owned()]);
            facts.env_path = Some("/usr/sbin:/sbin:/usr/bin:/bin".to_owned());
            facts.env.push(("NODE_PORT".to_owned(), "3000".to_owned()));
            facts.files.extend(["/usr/bin/node".to_owned(), "/app".to_owned()]);
            facts.eol = version.and_then(|v| v.split('.').next()?.parse().ok()).and_then(releases::node_eol);
        }
        _ => {}
    }
    Some(facts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(text: &str) -> ImageFacts {
        lookup(&ImageRef::parse(text).unwrap()).unwrap()
    }

    #[test]
    fn dev_tags_have_a_shell_and_apk() {
        let f = facts("cgr.dev/chainguard/python:latest-dev");
        assert_eq!(f.shell, ShellKind::Posix);
        assert_eq!(f.shell_path.as_deref(), Some("/bin/sh"));
        assert_eq!(f.package_manager.as_deref(), Some("apk"));
        assert!(f.debug_variant);
        assert_eq!(f.entrypoint, Some(vec!["/usr/bin/python".to_owned()]));
        assert_eq!(f.user.as_deref(), Some("65532"));
    }

    #[test]
    fn other_tags_are_shell_less() {
        let f = facts("cgr.dev/chainguard/python:latest");
        assert_eq!(f.shell, ShellKind::None);
        assert_eq!(f.package_manager, None);
        assert_eq!(f.os, Os::Wolfi);
        assert_eq!(f.python.as_ref().and_then(|p| p.version.clone()), None);
        let f = facts("cgr.dev/chainguard/python:3.12");
        assert_eq!(f.python.as_ref().and_then(|p| p.version.as_deref()), Some("3.12"));
        let f = facts("cgr.dev/chainguard/static");
        assert_eq!((f.shell, f.libc), (ShellKind::None, Libc::None));
        let f = facts("cgr.dev/chainguard/node:22");
        assert_eq!(f.eol.map(|e| e.date), Some("2027-04-30".to_owned()));
        assert_eq!(facts("cgr.dev/chainguard/wolfi-base").shell, ShellKind::Posix);
    }

    #[test]
    fn private_catalogs_and_non_chainguard() {
        assert_eq!(facts("cgr.dev/example.com/python:3.11-dev").shell, ShellKind::Posix);
        assert!(lookup(&ImageRef::parse("python").unwrap()).is_none());
    }
}
