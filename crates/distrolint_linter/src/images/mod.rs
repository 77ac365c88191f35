//! What distrolint knows about base images: reference parsing and per-image facts.
//!
//! ```
//! use distrolint_linter::images::{self, ImageRef, ShellKind};
//!
//! let image = ImageRef::parse("gcr.io/distroless/python3-debian12:nonroot").unwrap();
//! let facts = images::lookup(&image).unwrap();
//! assert_eq!(facts.shell, ShellKind::None);
//! assert_eq!(facts.user.as_deref(), Some("65532"));
//! assert_eq!(facts.entrypoint, Some(vec!["/usr/bin/python3.11".to_owned()]));
//! ```
//!
//! The knowledge is compiled in and cites its sources in comments; RULES-DISTROLESS.md §1 ("F1"...)
//! lists the verified facts. Facts that could not be checked are marked **(unverified)** where they
//! are defined. Unknown images give `None`, and unknown details stay `None`: rules must not guess.
//! Everything here is pure (no I/O, clock or environment), so it runs in the wasm playground too.

mod busybox;
mod catalog;
mod chainguard;
mod distroless;
mod entry;
mod facts;
mod official;
mod reference;
pub mod releases;
mod util;

pub use catalog::{KnownImage, catalog};
pub use distroless::{
    DEFAULT_DEBIAN, DISTROLESS_TAGS, DistrolessImage, DistrolessStatus, TagCheck, TagProblem, check_distroless_tag,
    distroless_images, is_distroless, nearest_distroless_image,
};
pub use entry::{ImageEntry, PythonEntry};
pub use facts::{Eol, ImageFacts, ImageKind, Libc, Os, Presence, PythonFacts, PythonLayout, ShellKind};
pub use official::{PythonTagInfo, python_tag_info};
pub use reference::{DOCKER_HUB, ImageRef, RefError, RefErrorKind};

/// The built-in facts about `image`, or `None` when the image is not known.
///
/// Covers `scratch`, distroless (every family, Debian suffix and tag), Chainguard, and the official
/// `python`, `node`, `golang`, `debian`, `ubuntu`, `alpine` and `busybox` images.
pub fn lookup(image: &ImageRef) -> Option<ImageFacts> {
    if image.is_scratch() {
        return Some(official::scratch());
    }
    distroless::lookup(image).or_else(|| chainguard::lookup(image)).or_else(|| official::lookup(image))
}

/// The built-in facts about `image` extended by the matching config entries, applied in order
/// (a later entry wins where two set the same fact). `None` when neither knows the image.
pub fn lookup_with(image: &ImageRef, entries: &[ImageEntry]) -> Option<ImageFacts> {
    entries.iter().filter(|e| e.matches(image)).fold(lookup(image), |facts, entry| Some(entry.apply(facts, image)))
}

/// True for images treated as shell-less by default: Google distroless (any tag, `:debug` included,
/// since `/bin/sh` is missing there too, F4) and Chainguard images whose tag does not end in `-dev`
/// (RULES-DISTROLESS.md §2). Profiles can widen this with their own globs.
pub fn is_distroless_like(image: &ImageRef) -> bool {
    is_distroless(image) || (chainguard::is_chainguard(image) && !chainguard::is_dev_tag(image))
}

/// The BusyBox applets of distroless `:debug*` images, available as `/busybox/<applet>` (F4).
pub fn busybox_applets() -> &'static [&'static str] {
    busybox::APPLETS
}

/// Commands commonly expected in a debug image that are **not** among its BusyBox applets:
/// `bash`, `curl`, `useradd`, `groupadd`, `apt-get`, `pip` (F4) and a few siblings.
pub fn busybox_absent_tools() -> &'static [&'static str] {
    busybox::NOT_APPLETS
}

/// True when `name` is one of [`busybox_applets`].
pub fn is_busybox_applet(name: &str) -> bool {
    busybox::is_applet(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(text: &str) -> Option<ImageFacts> {
        lookup(&ImageRef::parse(text).unwrap())
    }

    #[test]
    fn every_kind_is_reached() {
        assert_eq!(facts("scratch").map(|f| f.kind), Some(ImageKind::Scratch));
        assert_eq!(facts("gcr.io/distroless/cc").map(|f| f.kind), Some(ImageKind::Distroless));
        assert_eq!(facts("cgr.dev/chainguard/python").map(|f| f.kind), Some(ImageKind::Chainguard));
        assert_eq!(facts("python:3.12").map(|f| f.kind), Some(ImageKind::Official));
        assert_eq!(facts("nginx:1.27"), None);
        assert_eq!(facts("ghcr.io/example/app:1"), None);
    }

    #[test]
    fn distroless_like() {
        let like = |text: &str| is_distroless_like(&ImageRef::parse(text).unwrap());
        assert!(like("gcr.io/distroless/python3-debian12:debug"));
        assert!(like("cgr.dev/chainguard/python:latest"));
        assert!(!like("cgr.dev/chainguard/python:latest-dev"));
        assert!(!like("python:3.12-slim"));
        assert!(!like("scratch"));
    }

    #[test]
    fn config_entries_extend_builtins() {
        let entry = ImageEntry {
            image: "gcr.io/distroless/*".to_owned(),
            tags: vec!["nonroot".to_owned()],
            workdir: Some("/app".to_owned()),
            ..ImageEntry::default()
        };
        let image = ImageRef::parse("gcr.io/distroless/python3:nonroot").unwrap();
        let f = lookup_with(&image, std::slice::from_ref(&entry)).unwrap();
        assert_eq!(f.workdir.as_deref(), Some("/app"));
        assert_eq!(f.user.as_deref(), Some("65532"));
        assert!(f.source.ends_with("config entry `gcr.io/distroless/*`"));
        // Entries can describe images the built-ins do not know.
        let unknown =
            ImageEntry { image: "ghcr.io/acme/*".to_owned(), shell: Some(ShellKind::None), ..ImageEntry::default() };
        let f = lookup_with(&ImageRef::parse("ghcr.io/acme/rt:1").unwrap(), &[entry, unknown]).unwrap();
        assert_eq!(f.shell, ShellKind::None);
        assert_eq!(lookup_with(&ImageRef::parse("nginx").unwrap(), &[]), None);
    }

    #[test]
    fn applet_helpers() {
        assert!(busybox_applets().contains(&"wget"));
        assert!(is_busybox_applet("adduser"));
        for tool in ["curl", "bash", "useradd", "groupadd", "apt-get", "pip"] {
            assert!(busybox_absent_tools().contains(&tool), "{tool}");
            assert!(!is_busybox_applet(tool), "{tool}");
        }
    }
}
