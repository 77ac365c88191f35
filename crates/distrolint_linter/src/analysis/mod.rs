//! Analyses shared by the rules of one family: derived facts that several rules need and that
//! do not belong in the general model (for example, which paths a stage's `COPY`s create, or
//! which Python a builder installs packages for).

pub mod base;
pub(crate) mod cache;
pub mod packaging;
pub mod platform;
pub mod runtime;
