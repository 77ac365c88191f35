//! Fix quality over the 550 real Dockerfiles of `../shared/corpus` (fixed in memory; the files are
//! never written): with and without the `lucid` profile,
//! - applying every safe fix never raises a file's error count;
//! - a second `--fix` changes nothing;
//! - a file with nothing safe to fix stays byte-identical;
//! - every fixed file still parses without new syntax errors;
//! - and the same holds for unsafe fixes, except that they may change the error count.

#![allow(clippy::print_stderr)]

use std::fs;
use std::path::PathBuf;

use distrolint_linter::{Applicability, Settings, Severity, fix, lint, syntax};

fn corpus() -> Option<Vec<(String, String)>> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    if !dir.is_dir() {
        eprintln!("SKIPPED: {} is absent, so the fix-quality tests did not run", dir.display());
        return None;
    }
    let mut files = Vec::new();
    for repo in fs::read_dir(&dir).unwrap().flatten() {
        if !repo.path().is_dir() {
            continue;
        }
        for file in fs::read_dir(repo.path()).unwrap().flatten() {
            let bytes = fs::read(file.path()).unwrap();
            // Files that are not UTF-8 are never fixed (see the CLI), so only UTF-8 files count here.
            if let Ok(text) = String::from_utf8(bytes) {
                files.push((file.path().display().to_string(), text));
            }
        }
    }
    files.sort();
    Some(files)
}

fn errors(text: &str, settings: &Settings) -> usize {
    lint(text, settings).diagnostics.iter().filter(|d| d.severity == Severity::Error).count()
}

fn check(settings: &Settings, files: &[(String, String)], min: Applicability) -> usize {
    let mut changed = 0;
    let mut problems = Vec::new();
    for (name, text) in files {
        let result = fix(text, settings, min);
        let has_fix =
            lint(text, settings).diagnostics.iter().any(|d| d.fix.as_ref().is_some_and(|f| f.applicability >= min));
        if !has_fix && result.text != *text {
            problems.push(format!("{name}: changed although nothing was fixable"));
        }
        if result.text == *text {
            continue;
        }
        changed += 1;
        let before = syntax::parse(text).errors().len();
        let after = syntax::parse(&result.text).errors().len();
        if after > before {
            problems.push(format!("{name}: fixing added syntax errors ({before} -> {after})"));
        }
        if min == Applicability::Safe && errors(&result.text, settings) > errors(text, settings) {
            problems.push(format!("{name}: safe fixes raised the error count"));
        }
        let again = fix(&result.text, settings, min);
        if again.text != result.text {
            problems.push(format!("{name}: a second fix pass changed the file"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    changed
}

#[test]
fn safe_and_unsafe_fixes_over_the_corpus() {
    let Some(files) = corpus() else { return };
    let mut lucid = Settings::default();
    lucid.set_profile("lucid", &|p| Err(p.to_owned())).unwrap();
    for settings in [Settings::default(), lucid] {
        let safe = check(&settings, &files, Applicability::Safe);
        let unsafe_ = check(&settings, &files, Applicability::Unsafe);
        // The corpus has plenty to fix: a change that silently disabled fixes would fail here.
        assert!(safe > 50 && unsafe_ >= safe, "only {safe} files changed by safe fixes, {unsafe_} by unsafe ones");
    }
}
