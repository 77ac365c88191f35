//! Helpers for rule unit tests: run one rule, print diagnostics as `line:col-line:col message`.

use distrolint_syntax::{ColumnEncoding, LineIndex};

use crate::diagnostic::{Applicability, Diagnostic};
use crate::settings::Settings;

/// Settings that run only the rule `code` (plus a profile, if given).
pub(crate) fn settings_for(code: &str, profile: Option<&str>) -> Settings {
    let mut settings = Settings::default();
    if let Some(profile) = profile {
        settings.set_profile(profile, &|p| Err(format!("no file {p}"))).unwrap();
    }
    settings.apply_selection(&[code.to_owned()], &[]).unwrap();
    settings
}

/// The diagnostics of rule `code` on `text`.
pub(crate) fn lint_rule(code: &str, text: &str) -> Vec<Diagnostic> {
    crate::lint(text, &settings_for(code, None)).diagnostics
}

/// Formats a diagnostic as `line:col-line:col message` with 1-based lines and character columns.
pub(crate) fn format(text: &str, index: &LineIndex, d: &Diagnostic) -> String {
    let start = index.line_col(text, d.range.start(), ColumnEncoding::Utf32);
    let end = index.line_col(text, d.range.end(), ColumnEncoding::Utf32);
    format!("{}:{}-{}:{} {}", start.line + 1, start.column + 1, end.line + 1, end.column + 1, d.message)
}

/// The formatted diagnostics of rule `code` on `text`.
pub(crate) fn lint_codes(code: &str, text: &str) -> Vec<String> {
    let index = LineIndex::new(text);
    lint_rule(code, text).iter().map(|d| format(text, &index, d)).collect()
}

/// Asserts the formatted diagnostics of rule `code` on `text`.
#[track_caller]
pub(crate) fn assert_diagnostics(code: &str, text: &str, expected: &[&str]) {
    let actual = lint_codes(code, text);
    assert_eq!(actual, expected, "diagnostics of {code} on:\n{text}");
}

/// Applies rule `code`'s fixes until stable.
pub(crate) fn fix_all(code: &str, text: &str, include_unsafe: bool) -> String {
    let min = if include_unsafe { Applicability::Unsafe } else { Applicability::Safe };
    crate::fix(text, &settings_for(code, None), min).text
}

/// Applies the fixes of `found`, display-only ones included (which `apply_fixes` never applies).
pub(crate) fn apply_suggestions(text: &str, found: &[Diagnostic]) -> String {
    let mut found = found.to_vec();
    for d in &mut found {
        if let Some(fix) = &mut d.fix {
            fix.applicability = crate::Applicability::Unsafe;
        }
    }
    crate::apply_fixes(text, &found, crate::Applicability::Unsafe).0
}

/// Runs `f` on the model of `text` under the default settings.
pub(crate) fn with_model(text: &str, f: impl FnOnce(&crate::model::Model<'_>)) {
    let file = distrolint_syntax::parse(text);
    let settings = Settings::default();
    let model = crate::model::Model::new(&file, &settings);
    f(&model);
}
