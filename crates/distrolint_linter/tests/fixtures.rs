//! Rule fixtures: `tests/fixtures/<rule-name>/{valid,invalid}*.Dockerfile`.
//!
//! Each file runs only its rule (with the options in a `distrolint.toml` beside it, if any).
//! `valid*` files must produce no diagnostic and say `# should not generate diagnostics`;
//! `invalid*` files must produce at least one, and their diagnostics plus the diff that
//! `--unsafe-fixes` would make are snapshotted next to the fixture.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use distrolint_linter::discovery::{ConfigIndex, MemoryFs};
use distrolint_linter::syntax::{ColumnEncoding, LineIndex};
use distrolint_linter::{Applicability, Settings, fix, lint_bytes, rules};

fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// The settings for a fixture: its directory's `distrolint.toml` (if any), then only its rule.
fn settings_for(rule: &str, dir: &Path) -> Settings {
    let mut settings = match fs::read_to_string(dir.join("distrolint.toml")) {
        Ok(config) => {
            let mut fs = MemoryFs::default();
            fs.insert("/fixture/distrolint.toml", config);
            let mut index = ConfigIndex::new();
            (*index.load(&fs, Path::new("/fixture/distrolint.toml")).expect("fixture config is valid")).clone()
        }
        Err(_) => Settings::default(),
    };
    settings.apply_selection(&[rule.to_owned()], &[]).unwrap();
    settings
}

fn render(bytes: &[u8], settings: &Settings) -> String {
    let result = lint_bytes(bytes, settings);
    let text = result.file.text();
    let index = LineIndex::new(text);
    let mut out = String::new();
    for d in &result.diagnostics {
        let start = index.line_col(text, d.range.start(), ColumnEncoding::Utf32);
        let end = index.line_col(text, d.range.end(), ColumnEncoding::Utf32);
        let _ = writeln!(
            out,
            "{}:{}-{}:{} {} [{}] {}",
            start.line + 1,
            start.column + 1,
            end.line + 1,
            end.column + 1,
            d.severity,
            d.rule.code,
            d.message
        );
        if let Some(f) = &d.fix {
            let _ = writeln!(out, "    fix ({}): {}", f.applicability.as_str(), f.title);
        }
        for f in &d.alternatives {
            let _ = writeln!(out, "    alternative fix ({}): {}", f.applicability.as_str(), f.title);
        }
    }
    let fixed = fix(text, settings, Applicability::Unsafe).text;
    if std::str::from_utf8(bytes).is_ok() && fixed != text {
        let diff = similar::TextDiff::from_lines(text, &fixed);
        let _ = write!(out, "\n--- fixed (--unsafe-fixes)\n{}", diff.unified_diff().context_radius(1));
        let after = distrolint_linter::syntax::parse(&fixed);
        assert!(
            after.errors().len() <= distrolint_linter::syntax::parse(text).errors().len(),
            "fixing adds syntax errors"
        );
    }
    out
}

#[test]
fn fixtures() {
    insta::glob!("fixtures/*/*.Dockerfile", |path| {
        let dir = path.parent().unwrap();
        let rule = dir.file_name().unwrap().to_str().unwrap();
        let name = path.file_name().unwrap().to_str().unwrap();
        let bytes = fs::read(path).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        let settings = settings_for(rule, dir);
        let output = render(&bytes, &settings);
        if name.starts_with("valid") {
            assert!(text.contains("# should not generate diagnostics"), "{name} must say so");
            assert!(output.is_empty(), "{rule}/{name} should be clean:\n{output}");
        } else {
            assert!(name.starts_with("invalid"), "{name}: fixture names start with valid or invalid");
            assert!(!output.is_empty(), "{rule}/{name} should have diagnostics");
            insta::assert_snapshot!(output);
        }
    });
}

/// Every rule has a fixture directory with at least one valid and one invalid file.
#[test]
fn every_rule_has_fixtures() {
    let mut missing = Vec::new();
    for meta in rules::ALL {
        let dir = fixtures_dir().join(meta.name);
        let names: Vec<String> = fs::read_dir(&dir)
            .map(|entries| entries.filter_map(|e| e.ok()?.file_name().into_string().ok()).collect())
            .unwrap_or_default();
        let has = |prefix: &str| names.iter().any(|n| n.starts_with(prefix) && n.ends_with(".Dockerfile"));
        if !has("valid") || !has("invalid") {
            missing.push(meta.name);
        }
    }
    assert!(missing.is_empty(), "rules without valid and invalid fixtures in tests/fixtures/<name>/: {missing:?}");
    for entry in fs::read_dir(fixtures_dir()).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        assert!(rules::ALL.iter().any(|m| m.name == name), "tests/fixtures/{name} names no rule");
    }
}
