//! Applying fixes: skip overlapping edits, re-lint, repeat until the text is stable.

use crate::diagnostic::{Applicability, Diagnostic};
use crate::settings::Settings;

/// At most this many lint-and-fix passes.
pub(crate) const MAX_PASSES: usize = 10;

/// Applies the fixes at or above `min` that do not overlap an earlier one.
/// Returns the new text and how many fixes were applied.
pub fn apply_fixes(text: &str, diagnostics: &[Diagnostic], min: Applicability) -> (String, usize) {
    let mut fixes: Vec<_> = diagnostics
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .filter(|f| f.applicability >= min && f.applicability > Applicability::DisplayOnly && !f.edits.is_empty())
        .collect();
    fixes.sort_by_key(|f| f.edits[0].range.start());
    let mut out = String::with_capacity(text.len());
    let mut cursor = 0u32;
    let mut last_insert: Option<u32> = None;
    let mut applied = 0;
    for fix in fixes {
        let Some(first) = fix.edits.first() else { continue };
        let clashes = first.range.start() < cursor
            || (first.range.is_empty() && last_insert == Some(first.range.start()))
            || fix.edits.iter().any(|e| {
                e.range.end() as usize > text.len()
                    || !text.is_char_boundary(e.range.start() as usize)
                    || !text.is_char_boundary(e.range.end() as usize)
            });
        if clashes {
            continue;
        }
        for edit in &fix.edits {
            out.push_str(&text[cursor as usize..edit.range.start() as usize]);
            out.push_str(&edit.content);
            cursor = edit.range.end();
            last_insert = edit.range.is_empty().then_some(edit.range.start());
        }
        applied += 1;
    }
    out.push_str(&text[cursor as usize..]);
    (out, applied)
}

/// What [`fix`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FixResult {
    /// The fixed text.
    pub text: String,
    /// How many fixes were applied, over all passes.
    pub fixed: usize,
    /// How many lint passes ran.
    pub passes: usize,
}

/// Lints and applies fixes at or above `min` until nothing changes, at most `MAX_PASSES` (10) times.
pub fn fix(text: &str, settings: &Settings, min: Applicability) -> FixResult {
    let mut current = text.to_owned();
    let mut fixed = 0;
    let mut passes = 0;
    while passes < MAX_PASSES {
        passes += 1;
        let result = crate::lint(&current, settings);
        let (next, applied) = apply_fixes(&current, &result.diagnostics, min);
        if applied == 0 || next == current {
            break;
        }
        fixed += applied;
        current = next;
    }
    FixResult { text: current, fixed, passes }
}

#[cfg(test)]
mod tests {
    use distrolint_syntax::TextRange;

    use super::*;
    use crate::diagnostic::{Edit, Fix, Severity};
    use crate::rules;

    fn diag(fix: Fix) -> Diagnostic {
        Diagnostic {
            rule: rules::ALL[0],
            range: TextRange::empty(0),
            severity: Severity::Error,
            message: String::new(),
            fix: Some(fix),
            related: Vec::new(),
            alternatives: Vec::new(),
        }
    }

    #[test]
    fn skips_overlaps_and_respects_applicability() {
        let text = "abcdef";
        let diagnostics = vec![
            diag(Fix::safe("a", vec![Edit::replace(TextRange::new(0, 2), "X")])),
            diag(Fix::safe("overlaps a", vec![Edit::replace(TextRange::new(1, 3), "Y")])),
            diag(Fix::unsafe_("unsafe", vec![Edit::delete(TextRange::new(4, 5))])),
            diag(Fix::safe("two edits", vec![Edit::insert(3, "<"), Edit::insert(6, ">")])),
        ];
        assert_eq!(apply_fixes(text, &diagnostics, Applicability::Safe), ("Xc<def>".to_owned(), 2));
        // The unsafe deletion at 4 falls inside the two-edit fix's span (3..6), so it waits for the next pass.
        assert_eq!(apply_fixes(text, &diagnostics, Applicability::Unsafe), ("Xc<def>".to_owned(), 2));
        let only_unsafe = &diagnostics[2..3];
        assert_eq!(apply_fixes(text, only_unsafe, Applicability::Safe), ("abcdef".to_owned(), 0));
        assert_eq!(apply_fixes(text, only_unsafe, Applicability::Unsafe), ("abcdf".to_owned(), 1));
    }

    #[test]
    fn never_applies_display_only_or_out_of_bounds() {
        let diagnostics = vec![
            diag(Fix::new("show", Applicability::DisplayOnly, vec![Edit::delete(TextRange::new(0, 1))])),
            diag(Fix::safe("bad", vec![Edit::delete(TextRange::new(2, 99))])),
        ];
        assert_eq!(apply_fixes("abc", &diagnostics, Applicability::DisplayOnly), ("abc".to_owned(), 0));
    }
}
