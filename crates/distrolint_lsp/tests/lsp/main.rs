//! In-process tests of the language server: a client in memory (`harness`) drives the real
//! server over in-memory pipes, and the tests assert the exact answers.

mod actions;
mod completion;
mod config;
mod harness;
mod hover;
mod navigation;
mod robustness;
mod sync;

use serde_json::{Value, json};

/// The URI tests use for documents that are not on disk.
pub(crate) const URI: &str = "file:///work/Dockerfile";

/// The LSP position (UTF-16 columns) where the `nth` occurrence of `needle` starts.
pub(crate) fn pos(text: &str, needle: &str, nth: usize) -> Value {
    let offset = text.match_indices(needle).nth(nth).unwrap_or_else(|| panic!("`{needle}` #{nth} not in text")).0;
    position_at(text, offset)
}

/// The LSP position (UTF-16 columns) of a byte offset.
pub(crate) fn position_at(text: &str, offset: usize) -> Value {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    json!({"line": line, "character": text[line_start..offset].encode_utf16().count()})
}

/// The byte offset of an LSP position (UTF-16 columns).
pub(crate) fn offset_of(text: &str, position: &Value) -> usize {
    let line = position["line"].as_u64().unwrap() as usize;
    let character = position["character"].as_u64().unwrap() as usize;
    let line_start = text.split_inclusive('\n').take(line).map(str::len).sum::<usize>();
    let mut units = 0;
    for (i, ch) in text[line_start..].char_indices() {
        if units >= character || ch == '\n' {
            return line_start + i;
        }
        units += ch.len_utf16();
    }
    text.len()
}

/// Applies LSP text edits (UTF-16 positions) to a text.
pub(crate) fn apply_edits(text: &str, edits: &[Value]) -> String {
    let mut edits: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            let start = offset_of(text, &e["range"]["start"]);
            let end = offset_of(text, &e["range"]["end"]);
            (start, end, e["newText"].as_str().unwrap().to_owned())
        })
        .collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = text.to_owned();
    for (start, end, new_text) in edits {
        out.replace_range(start..end, &new_text);
    }
    out
}

/// The diagnostics of `code` in a list.
pub(crate) fn with_code<'a>(diagnostics: &'a [Value], code: &str) -> Vec<&'a Value> {
    diagnostics.iter().filter(|d| d["code"] == code).collect()
}

/// The codes and ranges the engine reports for `text` with default settings, as the server
/// should publish them (UTF-16 positions).
pub(crate) fn expected(text: &str) -> Vec<(String, Value)> {
    let result = distrolint_linter::lint(text, &distrolint_linter::Settings::default());
    result
        .diagnostics
        .iter()
        .map(|d| {
            let range = json!({"start": position_at(text, d.range.start() as usize),
                               "end": position_at(text, d.range.end() as usize)});
            (d.code().to_owned(), range)
        })
        .collect()
}

/// The codes and ranges of published diagnostics.
pub(crate) fn published(diagnostics: &[Value]) -> Vec<(String, Value)> {
    diagnostics.iter().map(|d| (d["code"].as_str().unwrap().to_owned(), d["range"].clone())).collect()
}
