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

mod reference;

pub use reference::{DOCKER_HUB, ImageRef, RefError, RefErrorKind};
