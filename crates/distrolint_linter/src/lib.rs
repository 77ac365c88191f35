//! distrolint's rules engine.
//!
//! [`lint`] parses a Dockerfile, builds the semantic [`Model`], runs the enabled
//! rules, applies suppressions and returns the diagnostics. [`fix`] applies fixes until the
//! text is stable. The crate is pure: no I/O, threads, clocks or environment, so it builds
//! for `wasm32-unknown-unknown` unchanged.

pub mod analysis;
mod diagnostic;
pub mod discovery;
mod fix;
pub mod fixes;
pub mod images;
pub mod model;
mod rule;
pub mod rules;
pub mod settings;
pub mod shell;
pub mod suppress;
pub mod util;

#[cfg(test)]
mod test;

pub use diagnostic::{Applicability, Diagnostic, Edit, Fix, Related, Severity};
pub use distrolint_syntax as syntax;
pub use fix::{FixResult, apply_fixes, fix};
pub use rule::{DOCS_URL, Enablement, FixAvailability, LintContext, OptionsCheck, Rule, RuleMeta};
pub use settings::{Config, ConfigError, OptionValue, Profile, Settings};

use distrolint_syntax::Dockerfile;

use crate::model::Model;
use crate::suppress::Suppressions;

/// The version of distrolint.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// A lint run's result: the parsed file and its kept diagnostics, sorted by position.
pub struct LintResult {
    /// The parsed file.
    pub file: Dockerfile,
    /// What the rules found, after settings and suppressions.
    pub diagnostics: Vec<Diagnostic>,
}

/// Lints a Dockerfile's text.
pub fn lint(text: &str, settings: &Settings) -> LintResult {
    let file = distrolint_syntax::parse(text);
    let diagnostics = lint_parsed(&file, settings);
    LintResult { file, diagnostics }
}

/// Lints bytes read from a file. Invalid UTF-8 is replaced with U+FFFD and reported once,
/// at the first invalid byte, by `invalid-utf8` (DX011).
pub fn lint_bytes(bytes: &[u8], settings: &Settings) -> LintResult {
    let error = match std::str::from_utf8(bytes) {
        Ok(text) => return lint(text, settings),
        Err(error) => error,
    };
    let text = String::from_utf8_lossy(bytes);
    let mut result = lint(&text, settings);
    if let Some(index) = rules::index_of(&rules::InvalidUtf8::META) {
        if let Some(severity) = settings.level_at(index) {
            // The valid prefix is unchanged by the lossy conversion, so the offset carries over.
            let at = error.valid_up_to() as u32;
            let end = text[at as usize..].chars().next().map_or(at, |c| at + c.len_utf8() as u32);
            result.diagnostics.push(Diagnostic {
                rule: rules::ALL[index],
                range: distrolint_syntax::TextRange::new(at, end),
                severity,
                message: "the file is not valid UTF-8: invalid bytes were read as U+FFFD (�) for linting, and BuildKit may read them differently".to_owned(),
                fix: None,
                related: Vec::new(),
                alternatives: Vec::new(),
            });
            result.diagnostics.sort_by_key(|d| (d.range.start(), d.range.end()));
        }
    }
    result
}

/// Lints an already parsed Dockerfile.
pub fn lint_parsed(file: &Dockerfile, settings: &Settings) -> Vec<Diagnostic> {
    let model = Model::new(file, settings);
    let mut diagnostics = Vec::new();
    for (index, check) in rules::CHECKS.iter().enumerate() {
        let Some(severity) = settings.level_at(index) else { continue };
        let mut ctx = LintContext {
            file,
            model: &model,
            settings,
            rule: rules::ALL[index],
            severity,
            severity_fixed: settings.overridden_at(index),
            diagnostics: std::mem::take(&mut diagnostics),
        };
        check(&mut ctx);
        diagnostics = ctx.diagnostics;
    }
    let suppressions = Suppressions::collect(file, settings.allow_inline_ignores);
    diagnostics.retain(|d| !suppressions.suppresses(d));
    if suppressions.check_error {
        for d in &mut diagnostics {
            if d.rule.buildkit.is_some() {
                d.severity = Severity::Error;
            }
        }
    }
    if let Some(index) = rules::index_of(&rules::UnknownSuppressionCode::META) {
        if let Some(severity) = settings.level_at(index) {
            for unknown in &suppressions.unknown {
                let hint =
                    settings::suggest_rule(&unknown.code).map(|s| format!("; did you mean `{s}`?")).unwrap_or_default();
                diagnostics.push(Diagnostic {
                    rule: rules::ALL[index],
                    range: unknown.range,
                    severity,
                    message: format!(
                        "`{}` is not a distrolint rule code or name, so it suppresses nothing{hint}",
                        unknown.code
                    ),
                    fix: None,
                    related: Vec::new(),
                    alternatives: Vec::new(),
                });
            }
        }
    }
    sort_diagnostics(diagnostics)
}

/// Sorts by start, end and rule code, keeping the report order of equal keys (a stable sort).
/// Sorts small keys and moves each diagnostic once, instead of moving whole diagnostics around.
fn sort_diagnostics(diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut keys: Vec<(u32, u32, &'static str, usize)> =
        diagnostics.iter().enumerate().map(|(i, d)| (d.range.start(), d.range.end(), d.rule.code, i)).collect();
    keys.sort_unstable();
    let mut slots: Vec<Option<Diagnostic>> = diagnostics.into_iter().map(Some).collect();
    keys.iter().filter_map(|&(_, _, _, i)| slots[i].take()).collect()
}
