//! Reporters: rustc-style text, the JSON document of the CLI contract, and unified diffs.

mod json;
mod text;

pub(crate) use json::json;
pub(crate) use text::{diffs, text};

/// A unified diff between the original and the fixed text.
pub(crate) fn unified_diff(path: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}
