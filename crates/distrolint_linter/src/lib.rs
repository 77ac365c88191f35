//! The linting engine: the semantic model of a Dockerfile and the rules that read it.
//!
//! The crate is pure: no I/O, threads, clocks or environment, so that it builds for
//! `wasm32-unknown-unknown` as well as for the CLI and the language server.

pub mod shell;
