//! Diagnostics and fixes: what a rule reports and how to repair it.
//!
//! Everything here speaks byte ranges. The faces convert them at the edge:
//! the CLI to 1-based lines and columns, the LSP to the negotiated encoding,
//! the wasm build to UTF-16 offsets.

use std::fmt;

use distrolint_syntax::TextRange;
use serde::{Deserialize, Serialize};

use crate::rule::RuleMeta;

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Severity {
    /// Style.
    Hint,
    /// Hygiene and reproducibility.
    Info,
    /// A security or correctness risk.
    Warning,
    /// The build fails, or the container cannot start or work.
    Error,
}

impl Severity {
    /// The lower-case name used in JSON and config.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Hint => "hint",
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// Parses a severity name; also accepts hadolint's `style`.
    pub fn parse(name: &str) -> Option<Severity> {
        match name.to_ascii_lowercase().as_str() {
            "hint" | "style" => Some(Severity::Hint),
            "info" => Some(Severity::Info),
            "warning" | "warn" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How safe a fix is to apply without review. Ordered: `DisplayOnly < Unsafe < Safe`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// Shown to the user as a suggestion; never applied by `--fix`.
    DisplayOnly,
    /// Probably right, but a person should look (`--unsafe-fixes`).
    Unsafe,
    /// The behaviour is certainly preserved or repaired (`--fix`).
    Safe,
}

impl Applicability {
    /// The name used in JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::DisplayOnly => "display-only",
            Applicability::Unsafe => "unsafe",
            Applicability::Safe => "safe",
        }
    }
}

/// Replaces a byte range with new text. Empty `content` deletes; an empty range inserts.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Edit {
    /// The bytes to replace.
    pub range: TextRange,
    /// The replacement.
    pub content: String,
}

impl Edit {
    /// Replaces `range` with `content`.
    pub fn replace(range: TextRange, content: impl Into<String>) -> Edit {
        Edit { range, content: content.into() }
    }

    /// Inserts `content` at `offset`.
    pub fn insert(offset: u32, content: impl Into<String>) -> Edit {
        Edit { range: TextRange::empty(offset), content: content.into() }
    }

    /// Deletes `range`.
    pub fn delete(range: TextRange) -> Edit {
        Edit { range, content: String::new() }
    }
}

/// A repair: sorted, non-overlapping edits applied together.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    /// What the fix does, in the imperative: "Insert `ENTRYPOINT []` before `CMD`".
    pub title: String,
    /// The edits, sorted by start and disjoint.
    pub edits: Vec<Edit>,
    /// How safe it is.
    pub applicability: Applicability,
}

impl Fix {
    /// A fix from edits; sorts them.
    pub fn new(title: impl Into<String>, applicability: Applicability, mut edits: Vec<Edit>) -> Fix {
        edits.sort_by_key(|e| (e.range.start(), e.range.end()));
        Fix { title: title.into(), edits, applicability }
    }

    /// A safe fix.
    pub fn safe(title: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix::new(title, Applicability::Safe, edits)
    }

    /// An unsafe fix.
    pub fn unsafe_(title: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix::new(title, Applicability::Unsafe, edits)
    }

    /// The range that covers every edit.
    pub fn range(&self) -> Option<TextRange> {
        let first = self.edits.first()?.range;
        Some(self.edits.iter().fold(first, |acc, e| acc.cover(e.range)))
    }
}

/// A secondary location that explains a diagnostic ("the later CMD is here").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Related {
    /// Where.
    pub range: TextRange,
    /// What is there.
    pub message: String,
}

/// One finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The rule that found it.
    pub rule: &'static RuleMeta,
    /// Where, in bytes.
    pub range: TextRange,
    /// The effective severity after settings.
    pub severity: Severity,
    /// What will happen and why.
    pub message: String,
    /// The repair, if one can be correct.
    pub fix: Option<Fix>,
    /// Other locations that explain the finding.
    pub related: Vec<Related>,
    /// Other ways to repair the finding, offered as separate code actions. `--fix` applies only
    /// [`Diagnostic::fix`]; these are alternatives to it, never applied together with it.
    pub alternatives: Vec<Fix>,
}

impl Diagnostic {
    /// The rule's primary code, e.g. `DX101` or `DL3025`.
    pub fn code(&self) -> &'static str {
        self.rule.code
    }

    /// Sets the fix; `None` (a fix that turned out impossible) leaves the finding without one.
    pub fn set_fix(&mut self, fix: impl Into<Option<Fix>>) -> &mut Self {
        self.fix = fix.into();
        self
    }

    /// Adds an alternative fix (another code action for the same finding).
    pub fn add_alternative(&mut self, fix: Fix) -> &mut Self {
        self.alternatives.push(fix);
        self
    }

    /// Adds a related location.
    pub fn add_related(&mut self, range: TextRange, message: impl Into<String>) -> &mut Self {
        self.related.push(Related { range, message: message.into() });
        self
    }
}
