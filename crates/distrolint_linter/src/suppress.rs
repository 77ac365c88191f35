//! Suppression comments: distrolint's own, hadolint's and BuildKit's `# check=`.
//!
//! - `# distrolint ignore=DX101,DL3008 [-- reason]`: the next instruction.
//! - `# distrolint global ignore=...`: the whole file.
//! - `# distrolint stage ignore=...`: the stage the comment is in (or the stage it sits above).
//! - `# hadolint ignore=`, `# hadolint global ignore=`, `# hadolint stage ignore=`: the same.
//! - `# check=skip=A,B` as a parser directive: the whole file; as a comment directly above an
//!   instruction: that instruction. `skip=all` covers every rule with a BuildKit name.

use distrolint_syntax::{DirectiveKind, Dockerfile, ItemKind, Keyword, TextRange};

use crate::diagnostic::Diagnostic;
use crate::rules;

/// Which rules one suppression covers.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Covered {
    /// These registry indices.
    Rules(Vec<usize>),
    /// Every rule that is one of BuildKit's checks (`# check=skip=all`).
    AllBuildkit,
}

#[derive(Clone, Debug)]
struct Entry {
    scope: TextRange,
    covered: Covered,
}

/// A code in a suppression comment that names no rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownCode {
    /// Where the code is written.
    pub range: TextRange,
    /// The code as written.
    pub code: String,
}

/// The suppressions of one file.
#[derive(Clone, Debug, Default)]
pub struct Suppressions {
    entries: Vec<Entry>,
    /// Codes that name no rule.
    pub unknown: Vec<UnknownCode>,
    /// `# check=error=true`: BuildKit checks fail the build, so their diagnostics are errors.
    pub check_error: bool,
}

/// The scope of an inline comment.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Scope {
    Next,
    Stage,
    Global,
}

impl Suppressions {
    /// Collects the suppressions of a file. With `allow_inline` false, only the file-wide
    /// `# check=` directive is honoured.
    pub fn collect(file: &Dockerfile, allow_inline: bool) -> Suppressions {
        let mut out = Suppressions::default();
        let text = file.text();
        let whole = TextRange::from_usize(0, text.len());
        for directive in file.directives() {
            if directive.kind == DirectiveKind::Check {
                out.check_directive(&text[directive.value], directive.value, whole);
            }
        }
        if !allow_inline {
            return out;
        }
        let items = file.items();
        for (index, item) in items.iter().enumerate() {
            if item.kind != ItemKind::Comment {
                continue;
            }
            let comment = &text[item.content];
            let body = comment.trim_start_matches('#').trim_start();
            let body_start = item.content.start() + (comment.len() - body.len()) as u32;
            if let Some(rest) = strip_word(body, "distrolint").or_else(|| strip_word(body, "hadolint")) {
                let rest_start = body_start + (body.len() - rest.len()) as u32;
                let (scope, rest, rest_start) = if let Some(r) = strip_word(rest, "global") {
                    (Scope::Global, r, rest_start + (rest.len() - r.len()) as u32)
                } else if let Some(r) = strip_word(rest, "stage") {
                    (Scope::Stage, r, rest_start + (rest.len() - r.len()) as u32)
                } else {
                    (Scope::Next, rest, rest_start)
                };
                let Some((codes, codes_start)) = key_value(rest, "ignore", rest_start) else { continue };
                let codes = codes.split(" --").next().unwrap_or(codes);
                let codes = codes.split(" #").next().unwrap_or(codes);
                let covered = out.parse_codes(codes, codes_start, false);
                let scope = match scope {
                    Scope::Global => Some(whole),
                    Scope::Next => next_instruction(file, index),
                    Scope::Stage => Some(stage_scope(file, index)),
                };
                if let Some(scope) = scope {
                    out.entries.push(Entry { scope, covered });
                }
            } else if let Some((value, value_start)) = key_value(body, "check", body_start) {
                // Instruction-scoped `# check=skip=...`: text after the first space is ignored.
                let value = value.split_whitespace().next().unwrap_or("");
                if let Some(scope) = next_instruction(file, index) {
                    out.check_comment(value, value_start, scope);
                }
            }
        }
        out
    }

    fn parse_codes(&mut self, list: &str, start: u32, buildkit: bool) -> Covered {
        let mut indices = Vec::new();
        let mut offset = 0usize;
        for part in list.split(',') {
            let code = part.trim();
            let at = start + (offset + part.len() - part.trim_start().len()) as u32;
            offset += part.len() + 1;
            if code.is_empty() {
                continue;
            }
            if buildkit && code == "all" {
                return Covered::AllBuildkit;
            }
            let found = rules::indices_of_key(code);
            if !found.is_empty() {
                indices.extend(found);
            } else if !(code.starts_with("SC") && code[2..].bytes().all(|b| b.is_ascii_digit())) {
                // ShellCheck codes come from hadolint files; distrolint does not run ShellCheck.
                self.unknown
                    .push(UnknownCode { range: TextRange::new(at, at + code.len() as u32), code: code.to_owned() });
            }
        }
        Covered::Rules(indices)
    }

    /// `skip=A,B;error=true;experimental=X`.
    fn check_directive(&mut self, value: &str, range: TextRange, scope: TextRange) {
        let mut offset = 0usize;
        for part in value.split(';') {
            let at = range.start() + offset as u32;
            offset += part.len() + 1;
            let Some((key, val)) = part.split_once('=') else { continue };
            let val_start = at + (part.len() - val.len()) as u32;
            match key.trim().to_ascii_lowercase().as_str() {
                "skip" => {
                    let covered = self.parse_codes(val, val_start, true);
                    self.entries.push(Entry { scope, covered });
                }
                "error" => self.check_error = matches!(val.trim(), "1" | "t" | "T" | "TRUE" | "true" | "True"),
                _ => {}
            }
        }
    }

    fn check_comment(&mut self, value: &str, start: u32, scope: TextRange) {
        for part in value.split(';') {
            if let Some(list) = part.strip_prefix("skip=") {
                let at = start + (value.find(list).unwrap_or(0)) as u32;
                let covered = self.parse_codes(list, at, true);
                self.entries.push(Entry { scope, covered });
            }
        }
    }

    /// Whether a diagnostic is suppressed.
    pub fn suppresses(&self, diagnostic: &Diagnostic) -> bool {
        if !diagnostic.rule.suppressible || self.entries.is_empty() {
            return false;
        }
        let Some(index) = rules::index_of(diagnostic.rule) else { return false };
        self.entries.iter().any(|entry| {
            entry.scope.contains_inclusive(diagnostic.range.start())
                && match &entry.covered {
                    Covered::Rules(indices) => indices.contains(&index),
                    Covered::AllBuildkit => diagnostic.rule.buildkit.is_some(),
                }
        })
    }
}

/// `word` followed by whitespace or the end, case-insensitively; returns the rest.
fn strip_word<'t>(text: &'t str, word: &str) -> Option<&'t str> {
    let head = text.get(..word.len())?;
    if !head.eq_ignore_ascii_case(word) {
        return None;
    }
    let rest = &text[word.len()..];
    (rest.is_empty() || rest.starts_with([' ', '\t'])).then(|| rest.trim_start())
}

/// `key = value` with optional spaces around `=`; returns the value and its offset.
fn key_value<'t>(text: &'t str, key: &str, start: u32) -> Option<(&'t str, u32)> {
    let head = text.get(..key.len())?;
    if !head.eq_ignore_ascii_case(key) {
        return None;
    }
    let rest = text[key.len()..].trim_start().strip_prefix('=')?;
    let value = rest.trim_start();
    Some((value.trim_end(), start + (text.len() - value.len()) as u32))
}

/// The instruction right after the comment at item `index`, skipping other comments.
fn next_instruction(file: &Dockerfile, index: usize) -> Option<TextRange> {
    for item in &file.items()[index + 1..] {
        match item.kind {
            ItemKind::Comment | ItemKind::Directive(_) => {}
            ItemKind::Instruction(_) => return Some(item.content),
            _ => return None,
        }
    }
    None
}

/// The stage that contains the comment at item `index`, or the one it sits directly above.
fn stage_scope(file: &Dockerfile, index: usize) -> TextRange {
    let items = file.items();
    let instructions = file.instructions();
    let is_from = |item: &distrolint_syntax::Item| match item.kind {
        ItemKind::Instruction(i) => instructions[i as usize].keyword == Keyword::From,
        _ => false,
    };
    let start = match next_instruction(file, index) {
        Some(range) if items.iter().any(|it| it.content == range && is_from(it)) => range.start(),
        _ => items[..index].iter().rev().find(|it| is_from(it)).map_or(0, |it| it.content.start()),
    };
    let end = items[index + 1..]
        .iter()
        .filter(|it| is_from(it) && it.content.start() > start)
        .map(|it| it.range.start())
        .next()
        .unwrap_or(file.text().len() as u32);
    TextRange::new(start, end)
}
