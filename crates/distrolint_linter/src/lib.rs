//! The distrolint rules crate: base-image knowledge, and later the rules, registry and `lint` entry point.
//!
//! Everything here is pure: no I/O, threads, clocks or environment access, so it builds for
//! `wasm32-unknown-unknown`.

pub mod images;
