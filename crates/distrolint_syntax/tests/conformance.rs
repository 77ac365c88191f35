//! BuildKit's own parser test vectors, from `../shared/conformance/buildkit-parser`.
//!
//! Each positive case must print the same S-expressions as BuildKit's `result`
//! file; each negative case must give a syntax error.

#![allow(clippy::print_stderr)]

use std::fs;
use std::path::PathBuf;

use distrolint_syntax::{LineIndex, parse, sexpr};

fn vectors() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/conformance/buildkit-parser");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("SKIPPED: {} is absent, so BuildKit's parser vectors were not checked", dir.display());
        None
    }
}

fn cases(dir: &PathBuf) -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    cases.sort();
    cases
}

#[test]
fn positive_cases_print_buildkits_result() {
    let Some(root) = vectors() else { return };
    let mut checked = 0;
    let mut failures = Vec::new();
    for case in cases(&root.join("testfiles")) {
        let text = fs::read_to_string(case.join("Dockerfile")).unwrap();
        let expected = fs::read_to_string(case.join("result")).unwrap();
        let file = parse(&text);
        assert_eq!(file.print(), text, "{} does not round-trip", case.display());
        let actual = sexpr::dump(&file);
        if actual.trim_end() != expected.trim_end() {
            failures.push(format!("== {}\n-- expected\n{expected}\n-- actual\n{actual}", case.display()));
        }
        if !file.errors().is_empty() {
            failures.push(format!("== {}: unexpected errors {:?}", case.display(), file.errors()));
        }
        checked += 1;
    }
    assert!(checked >= 30, "only {checked} cases found");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn negative_cases_give_a_syntax_error() {
    let Some(root) = vectors() else { return };
    let mut checked = 0;
    for case in cases(&root.join("testfiles-negative")) {
        let text = fs::read_to_string(case.join("Dockerfile")).unwrap();
        let file = parse(&text);
        assert!(!file.errors().is_empty(), "{} parsed without an error", case.display());
        assert_eq!(file.print(), text);
        checked += 1;
    }
    assert_eq!(checked, 4);
}

#[test]
fn instruction_lines_match_buildkit() {
    let Some(root) = vectors() else { return };
    let text = fs::read_to_string(root.join("testfile-line/Dockerfile")).unwrap();
    let file = parse(&text);
    let index = LineIndex::new(&text);
    let lines: Vec<(u32, u32)> = file
        .instructions()
        .iter()
        .map(|i| (index.line_of(i.range.start()) + 1, index.line_of(i.range.end()) + 1))
        .collect();
    // BuildKit's TestLineInformation: FROM 5-5, ENV 11-12, RUN 17-31.
    assert_eq!(lines, vec![(5, 5), (11, 12), (17, 31)]);
}
