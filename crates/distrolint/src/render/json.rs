//! `--format json`: one document per run, as DESIGN.md's CLI contract specifies.
//!
//! Serialized straight from borrowed data with serde derive: no intermediate value tree.

use std::io::{self, Write};

use distrolint_linter::syntax::{ColumnEncoding, TextRange};
use distrolint_linter::{Diagnostic, Severity};
use serde::Serialize;

use crate::check::FileReport;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    files: Vec<File<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct File<'a> {
    path: &'a str,
    error: Option<&'a str>,
    diagnostics: Vec<JsonDiagnostic<'a>>,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: &'static str,
    rule: &'static str,
    severity: &'static str,
    message: &'a str,
    url: String,
    range: Range,
    fix: Option<JsonFix<'a>>,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    title: &'a str,
    applicability: &'static str,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    range: Range,
    new_text: &'a str,
}

#[derive(Serialize)]
struct Range {
    start: Position,
    end: Position,
}

#[derive(Serialize)]
struct Position {
    line: u32,
    column: u32,
}

#[derive(Serialize, Default)]
struct Summary {
    files: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    hints: usize,
    fixable: usize,
}

fn range(report: &FileReport, range: TextRange) -> Range {
    let index = report.index();
    let position = |offset| {
        let lc = index.line_col(&report.text, offset, ColumnEncoding::Utf32);
        Position { line: lc.line + 1, column: lc.column + 1 }
    };
    Range { start: position(range.start()), end: position(range.end()) }
}

fn diagnostic<'a>(report: &'a FileReport, d: &'a Diagnostic) -> JsonDiagnostic<'a> {
    JsonDiagnostic {
        code: d.rule.code,
        rule: d.rule.name,
        severity: d.severity.as_str(),
        message: &d.message,
        url: d.rule.url(),
        range: range(report, d.range),
        fix: d.fix.as_ref().map(|fix| JsonFix {
            title: &fix.title,
            applicability: fix.applicability.as_str(),
            edits: fix.edits.iter().map(|e| JsonEdit { range: range(report, e.range), new_text: &e.content }).collect(),
        }),
    }
}

/// Writes the JSON document.
pub(crate) fn json(out: &mut dyn Write, reports: &[FileReport]) -> io::Result<()> {
    let mut summary = Summary { files: reports.len(), ..Summary::default() };
    for d in reports.iter().flat_map(|r| &r.diagnostics) {
        match d.severity {
            Severity::Error => summary.errors += 1,
            Severity::Warning => summary.warnings += 1,
            Severity::Info => summary.infos += 1,
            Severity::Hint => summary.hints += 1,
        }
        summary.fixable += usize::from(d.fix.is_some());
    }
    let document = Document {
        version: 1,
        files: reports
            .iter()
            .map(|r| File {
                path: &r.display,
                error: r.error.as_deref(),
                diagnostics: r.diagnostics.iter().map(|d| diagnostic(r, d)).collect(),
            })
            .collect(),
        summary,
    };
    let mut writer = io::BufWriter::new(out);
    serde_json::to_writer(&mut writer, &document)?;
    writeln!(writer)?;
    writer.flush()
}
