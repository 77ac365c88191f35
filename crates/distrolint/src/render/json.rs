//! `--format json`: one document per run, as DESIGN.md's CLI contract specifies.

use std::io::{self, Write};

use distrolint_linter::Severity;
use distrolint_linter::syntax::{ColumnEncoding, LineIndex, TextRange};
use serde_json::{Value, json};

use crate::check::FileReport;

fn position(report: &FileReport, index: &LineIndex, offset: u32) -> Value {
    let lc = index.line_col(&report.text, offset, ColumnEncoding::Utf32);
    json!({"line": lc.line + 1, "column": lc.column + 1})
}

fn range(report: &FileReport, range: TextRange) -> Value {
    json!({"start": position(report, report.index(), range.start()), "end": position(report, report.index(), range.end())})
}

/// Writes the JSON document.
pub(crate) fn json(out: &mut dyn Write, reports: &[FileReport]) -> io::Result<()> {
    let mut counts = [0usize; 4];
    let mut fixable = 0;
    let files: Vec<Value> = reports
        .iter()
        .map(|report| {
            let diagnostics: Vec<Value> = report
                .diagnostics
                .iter()
                .map(|d| {
                    counts[d.severity as usize] += 1;
                    fixable += usize::from(d.fix.is_some());
                    let fix = d.fix.as_ref().map(|fix| {
                        json!({
                            "title": fix.title,
                            "applicability": fix.applicability.as_str(),
                            "edits": fix.edits.iter().map(|e| json!({"range": range(report, e.range), "new_text": e.content})).collect::<Vec<_>>(),
                        })
                    });
                    json!({
                        "code": d.rule.code,
                        "rule": d.rule.name,
                        "severity": d.severity.as_str(),
                        "message": d.message,
                        "url": d.rule.url(),
                        "range": range(report, d.range),
                        "fix": fix,
                    })
                })
                .collect();
            json!({"path": report.display, "error": report.error, "diagnostics": diagnostics})
        })
        .collect();
    let document = json!({
        "version": 1,
        "files": files,
        "summary": {
            "files": reports.len(),
            "errors": counts[Severity::Error as usize],
            "warnings": counts[Severity::Warning as usize],
            "infos": counts[Severity::Info as usize],
            "hints": counts[Severity::Hint as usize],
            "fixable": fixable,
        },
    });
    serde_json::to_writer(&mut *out, &document)?;
    writeln!(out)
}
