//! Regression tests over the 550 real Dockerfiles in `../shared/corpus` (read in place, never copied):
//! every file round-trips byte for byte, nothing panics, ranges stay in bounds, and only files
//! that are really broken get syntax errors.

#![allow(clippy::print_stderr)]

use std::collections::BTreeMap;
use std::fs;
use std::path::PathBuf;

use distrolint_linter::{Settings, Severity, lint};

fn corpus() -> Option<Vec<(String, String)>> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    if !dir.is_dir() {
        eprintln!("SKIPPED: {} is absent, so the corpus tests did not run", dir.display());
        return None;
    }
    let mut files = Vec::new();
    for repo in fs::read_dir(&dir).unwrap() {
        let repo = repo.unwrap().path();
        if !repo.is_dir() {
            continue;
        }
        for file in fs::read_dir(&repo).unwrap() {
            let path = file.unwrap().path();
            let bytes = fs::read(&path).unwrap();
            let name = path.strip_prefix(&dir).unwrap().display().to_string();
            files.push((name, String::from_utf8_lossy(&bytes).into_owned()));
        }
    }
    files.sort();
    assert_eq!(files.len(), 550, "the corpus should hold 550 files");
    Some(files)
}

/// Files whose syntax errors are real: `docker build` rejects them too. Each entry says why.
const BROKEN: &[(&str, &str)] = &[
    ("HamiGames__Lucid/02_network_security__tor__Dockerfile", "an ENV continuation swallows the next HEALTHCHECK"),
    (
        "HamiGames__Lucid/02_network_security__tor__Dockerfile.tor-proxy",
        "a line starting with `>`: a lost continuation",
    ),
    ("HamiGames__Lucid/RDP__Dockerfile.rdp", "an ENV continuation swallows the next RUN"),
    ("HamiGames__Lucid/build__multi-stage__Dockerfile.blockchain", "`<< 'EOF'` with a space is not a heredoc"),
    ("HamiGames__Lucid/gui__Dockerfile.gui", "`COPY ../` with one argument"),
    (
        "HamiGames__Lucid/infrastructure__containers__blockchain__Dockerfile.engine",
        "a line starting with `/`: a lost continuation",
    ),
    ("HamiGames__Lucid/infrastructure__containers__database__Dockerfile.elasticsearch", "the typo `COPT`"),
    ("HamiGames__Lucid/infrastructure__containers__tor__Dockerfile", "COPY with one argument"),
    ("HamiGames__Lucid/infrastructure__service_mesh__Dockerfile.controller", "a Python script outside any heredoc"),
    ("HamiGames__Lucid/sessions__Dockerfile.recorder", "a bare COPY"),
    ("docker-library__redis/Dockerfile.template", "a jq template, not a Dockerfile"),
    (
        "docker__compose/pkg__e2e__fixtures__wrong-composefile__service1__Dockerfile",
        "the test fixture's `WRONG` instruction",
    ),
    ("moby__buildkit/frontend__dockerfile__parser__testfiles-negative__empty_dockerfile__Dockerfile", "empty"),
    (
        "moby__buildkit/frontend__dockerfile__parser__testfiles-negative__env_no_value__Dockerfile",
        "ENV without a value",
    ),
    ("moby__buildkit/frontend__dockerfile__parser__testfiles-negative__only_comments__Dockerfile", "no instruction"),
    ("moby__buildkit/frontend__dockerfile__parser__testfiles-negative__shykes-nested-json__Dockerfile", "nested JSON"),
    ("moby__buildkit/frontend__dockerfile__parser__testfiles__flags__Dockerfile", "parser test: unknown flags"),
    (
        "moby__buildkit/frontend__dockerfile__parser__testfiles__health__Dockerfile",
        "parser test: HEALTHCHECK without CMD",
    ),
    ("moby__buildkit/frontend__dockerfile__parser__testfiles__json__Dockerfile", "parser test: CMD before FROM"),
    (
        "moby__buildkit/frontend__dockerfile__parser__testfiles__jeztah-invalid-json-json-inside-string-double__Dockerfile",
        "parser test: CMD before FROM",
    ),
    (
        "moby__buildkit/frontend__dockerfile__parser__testfiles__jeztah-invalid-json-json-inside-string__Dockerfile",
        "parser test: CMD before FROM",
    ),
    (
        "moby__buildkit/frontend__dockerfile__parser__testfiles__jeztah-invalid-json-single-quotes__Dockerfile",
        "parser test: CMD before FROM",
    ),
    (
        "moby__buildkit/frontend__dockerfile__parser__testfiles__jeztah-invalid-json-unterminated-bracket__Dockerfile",
        "parser test: CMD before FROM",
    ),
    (
        "moby__buildkit/frontend__dockerfile__parser__testfiles__jeztah-invalid-json-unterminated-string__Dockerfile",
        "parser test: CMD before FROM",
    ),
];

/// BuildKit's parser rejects exactly these: its own `testfiles-negative`, and two files whose ENV
/// continuation swallows the next instruction (`can't find = in "HEALTHCHECK"`).
const PARSER_REJECTS: &[&str] = &[
    "moby__buildkit/frontend__dockerfile__parser__testfiles-negative__empty_dockerfile__Dockerfile",
    "moby__buildkit/frontend__dockerfile__parser__testfiles-negative__env_no_value__Dockerfile",
    "moby__buildkit/frontend__dockerfile__parser__testfiles-negative__only_comments__Dockerfile",
    "moby__buildkit/frontend__dockerfile__parser__testfiles-negative__shykes-nested-json__Dockerfile",
    "HamiGames__Lucid/02_network_security__tor__Dockerfile",
    "HamiGames__Lucid/RDP__Dockerfile.rdp",
];

#[test]
fn every_file_round_trips_and_lints_without_panicking() {
    let Some(files) = corpus() else { return };
    let settings = Settings::default();
    for (name, text) in &files {
        let result = lint(text, &settings);
        assert_eq!(result.file.print(), *text, "{name} does not round-trip");
        for d in &result.diagnostics {
            assert!(d.range.end() as usize <= text.len(), "{name}: {} range out of bounds", d.rule.code);
            assert!(text.is_char_boundary(d.range.start() as usize) && text.is_char_boundary(d.range.end() as usize));
        }
        let parser_errors = !result.file.errors().is_empty();
        let expected = PARSER_REJECTS.contains(&name.as_str());
        assert_eq!(parser_errors, expected, "{name}: parser errors {:?}", result.file.errors());
    }
}

#[test]
fn only_broken_files_get_syntax_errors() {
    let Some(files) = corpus() else { return };
    let settings = Settings::default();
    let mut unexpected = BTreeMap::new();
    let mut missing = Vec::new();
    for (name, text) in &files {
        let syntax: Vec<String> = lint(text, &settings)
            .diagnostics
            .iter()
            .filter(|d| d.rule.code.starts_with("DX0") && d.severity == Severity::Error)
            .map(|d| format!("{} {}", d.rule.code, d.message))
            .collect();
        let broken = BROKEN.iter().any(|(n, _)| n == name);
        if !syntax.is_empty() && !broken {
            unexpected.insert(name.clone(), syntax);
        } else if syntax.is_empty() && broken {
            missing.push(name.clone());
        }
    }
    assert!(unexpected.is_empty(), "syntax errors on files BuildKit builds: {unexpected:#?}");
    assert!(missing.is_empty(), "broken files without a syntax error: {missing:#?}");
}
