//! What distrolint knows about base images: reference parsing and per-image facts.
//!
//! ```
//! use distrolint_linter::images::ImageRef;
//!
//! let image = ImageRef::parse("python:3.12-slim").unwrap();
//! assert_eq!(image.repository, "library/python");
//! ```
//!
//! The knowledge is compiled in and cites its sources in comments; RULES-DISTROLESS.md §1 ("F1"...)
//! lists the verified facts. Facts that could not be checked are marked **(unverified)** where they
//! are defined. Unknown images give `None`, and unknown details stay `None`: rules must not guess.
//! Everything here is pure (no I/O, clock or environment), so it runs in the wasm playground too.

mod busybox;
mod facts;
mod reference;
pub mod releases;

pub use facts::{Eol, ImageFacts, ImageKind, Libc, Os, Presence, PythonFacts, PythonLayout, ShellKind};
pub use reference::{DOCKER_HUB, ImageRef, RefError, RefErrorKind};

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
