//! rustc-style text output: the source snippet with a caret under the range.

use std::fmt::Write as _;
use std::io::{self, Write};

use distrolint_linter::syntax::{ColumnEncoding, LineCol};
use distrolint_linter::{Applicability, Diagnostic, Severity};

use crate::check::{FileReport, Mode};

/// ANSI styles, or nothing when colour is off.
struct Style {
    color: bool,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.color { format!("\x1b[{code}m{text}\x1b[0m") } else { text.to_owned() }
    }

    fn severity(&self, severity: Severity) -> String {
        let code = match severity {
            Severity::Error => "1;31",
            Severity::Warning => "1;33",
            Severity::Info => "1;34",
            Severity::Hint => "1;36",
        };
        self.paint(code, severity.as_str())
    }

    fn gutter(&self, text: &str) -> String {
        self.paint("1;34", text)
    }
}

/// Display width of a prefix of a line, with tabs as four columns.
fn width(text: &str) -> usize {
    text.chars().map(|c| if c == '\t' { 4 } else { 1 }).sum()
}

fn expand_tabs(text: &str) -> String {
    text.replace('\t', "    ")
}

/// Writes the diagnostics of every file, then a summary.
pub(crate) fn text(
    out: &mut dyn Write,
    err: &mut dyn Write,
    reports: &[FileReport],
    color: bool,
    mode: Mode,
) -> io::Result<()> {
    let style = Style { color };
    for report in reports {
        if let Some(error) = &report.error {
            writeln!(err, "{}: {}: {error}", style.paint("1;31", "error"), report.display)?;
        }
        for note in &report.notes {
            writeln!(err, "{}: {}: {note}", style.paint("1;36", "note"), report.display)?;
        }
        for diagnostic in &report.diagnostics {
            out.write_all(render(report, diagnostic, &style).as_bytes())?;
        }
    }
    writeln!(out, "{}", summary(reports, mode))
}

fn render(report: &FileReport, d: &Diagnostic, style: &Style) -> String {
    let text = &report.text;
    let index = report.index();
    let start = index.line_col(text, d.range.start(), ColumnEncoding::Utf32);
    let end = index.line_col(text, d.range.end(), ColumnEncoding::Utf32);
    // A range that ends at the start of a line does not cover that line.
    let last_line = if end.line > start.line && end.column == 0 { end.line - 1 } else { end.line };
    let digits = (last_line + 1).to_string().len();
    let pad = " ".repeat(digits);
    let mut s = String::new();
    let header = style.paint("1", &format!("[{}]: {}", d.rule.code, d.message));
    let _ = writeln!(s, "{}{header}", style.severity(d.severity));
    let _ = writeln!(s, "{pad}{} {}:{}:{}", style.gutter("-->"), report.display, start.line + 1, start.column + 1);
    let _ = writeln!(s, "{pad} {}", style.gutter("|"));
    let lines: Vec<u32> = (start.line..=last_line).collect();
    let shown: Vec<Option<u32>> = if lines.len() > 6 {
        lines[..3]
            .iter()
            .copied()
            .map(Some)
            .chain([None])
            .chain(lines[lines.len() - 2..].iter().copied().map(Some))
            .collect()
    } else {
        lines.iter().copied().map(Some).collect()
    };
    for line in shown {
        let Some(line) = line else {
            let _ = writeln!(s, "{}", style.gutter("..."));
            continue;
        };
        let line_start = index.line_start(line).unwrap_or(0);
        let line_end = index.line_content_end(text, line);
        let content = &text[line_start as usize..line_end as usize];
        let _ = writeln!(
            s,
            "{} {} {}",
            style.gutter(&format!("{:>digits$}", line + 1)),
            style.gutter("|"),
            expand_tabs(content)
        );
        let from = if line == start.line { char_prefix(content, start) } else { 0 };
        let to = if line == end.line { char_prefix(content, end) } else { content.chars().count() };
        let prefix: String = content.chars().take(from).collect();
        let covered: String = content.chars().skip(from).take(to.saturating_sub(from)).collect();
        let carets = "^".repeat(width(&covered).max(1));
        let caret_color = match d.severity {
            Severity::Error => "1;31",
            Severity::Warning => "1;33",
            Severity::Info => "1;34",
            Severity::Hint => "1;36",
        };
        let _ = writeln!(
            s,
            "{pad} {} {}{}",
            style.gutter("|"),
            " ".repeat(width(&prefix)),
            style.paint(caret_color, &carets)
        );
    }
    for related in &d.related {
        let at = index.line_col(text, related.range.start(), ColumnEncoding::Utf32);
        let _ =
            writeln!(s, "{pad} {} note: {} ({}:{})", style.gutter("="), related.message, at.line + 1, at.column + 1);
    }
    if let Some(fix) = &d.fix {
        let how = match fix.applicability {
            Applicability::Safe => "safe fix, applied by --fix",
            Applicability::Unsafe => "unsafe fix, applied by --unsafe-fixes",
            Applicability::DisplayOnly => "suggestion",
        };
        let _ = writeln!(
            s,
            "{pad} {} {}: {}",
            style.gutter("="),
            style.paint("1;32", "fix"),
            format_args!("{} ({how})", fix.title)
        );
    }
    let _ = writeln!(s, "{pad} {} docs: distrolint rule {}", style.gutter("="), d.rule.code);
    s.push('\n');
    s
}

/// The column of a position as a character count (positions are in Unicode scalar values).
fn char_prefix(content: &str, at: LineCol) -> usize {
    (at.column as usize).min(content.chars().count())
}

fn plural(n: usize, word: &str) -> String {
    match (n, word.ends_with(['s', 'x'])) {
        (1, _) => format!("1 {word}"),
        (_, true) => format!("{n} {word}es"),
        _ => format!("{n} {word}s"),
    }
}

fn summary(reports: &[FileReport], mode: Mode) -> String {
    let all: Vec<&Diagnostic> = reports.iter().flat_map(|r| &r.diagnostics).collect();
    let files = reports.len();
    let failed = reports.iter().filter(|r| r.error.is_some()).count();
    let fixed: usize = reports.iter().map(|r| r.fixed).sum();
    let fixed_files = reports.iter().filter(|r| r.fixed > 0).count();
    let mut s = String::new();
    if mode == Mode::Fix {
        let _ = write!(s, "Fixed {} in {}. ", plural(fixed, "problem"), plural(fixed_files, "file"));
    }
    if all.is_empty() {
        let _ = write!(s, "No problems found in {}.", plural(files - failed, "file"));
    } else {
        let by = |sev: Severity| all.iter().filter(|d| d.severity == sev).count();
        let parts: Vec<String> = [
            (Severity::Error, "error"),
            (Severity::Warning, "warning"),
            (Severity::Info, "info"),
            (Severity::Hint, "hint"),
        ]
        .into_iter()
        .filter(|(sev, _)| by(*sev) > 0)
        .map(|(sev, word)| if word == "info" { format!("{} info", by(sev)) } else { plural(by(sev), word) })
        .collect();
        let with = reports.iter().filter(|r| !r.diagnostics.is_empty()).count();
        let _ = write!(
            s,
            "Found {} ({}) in {} of {}.",
            plural(all.len(), "problem"),
            parts.join(", "),
            with,
            plural(files, "file")
        );
        let safe =
            all.iter().filter(|d| d.fix.as_ref().is_some_and(|f| f.applicability == Applicability::Safe)).count();
        let unsafe_ =
            all.iter().filter(|d| d.fix.as_ref().is_some_and(|f| f.applicability == Applicability::Unsafe)).count();
        if safe > 0 {
            let _ = write!(s, " {safe} fixable with --fix.");
        }
        if unsafe_ > 0 {
            let _ = write!(s, " {unsafe_} more with --unsafe-fixes.");
        }
    }
    if failed > 0 {
        let _ = write!(s, " {} could not be linted.", plural(failed, "file"));
    }
    s
}

/// `--diff`: the diffs on stdout, a one-line summary on stderr.
pub(crate) fn diffs(out: &mut dyn Write, err: &mut dyn Write, reports: &[FileReport]) -> io::Result<()> {
    for report in reports {
        if let Some(error) = &report.error {
            writeln!(err, "error: {}: {error}", report.display)?;
        }
        for note in &report.notes {
            writeln!(err, "note: {}: {note}", report.display)?;
        }
        if let Some(diff) = &report.diff {
            out.write_all(diff.as_bytes())?;
        }
    }
    let changed = reports.iter().filter(|r| r.diff.is_some()).count();
    let fixes: usize = reports.iter().map(|r| r.fixed).sum();
    if changed == 0 {
        writeln!(err, "No fixes to apply.")
    } else {
        writeln!(err, "{} would change {}.", plural(fixes, "fix"), plural(changed, "file"))
    }
}
