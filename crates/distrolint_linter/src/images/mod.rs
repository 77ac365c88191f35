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
mod distroless;
mod facts;
mod reference;
pub mod releases;
mod util;

pub use distroless::{
    DEFAULT_DEBIAN, DISTROLESS_TAGS, DistrolessImage, DistrolessStatus, TagCheck, TagProblem, check_distroless_tag,
    distroless_images, is_distroless, nearest_distroless_image,
};
pub use facts::{Eol, ImageFacts, ImageKind, Libc, Os, Presence, PythonFacts, PythonLayout, ShellKind};
pub use reference::{DOCKER_HUB, ImageRef, RefError, RefErrorKind};

/// The built-in facts about `image`, or `None` when the image is not known.
pub fn lookup(image: &ImageRef) -> Option<ImageFacts> {
    distroless::lookup(image)
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
