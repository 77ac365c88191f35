//! End-to-end tests of the real `distrolint` binary: the CLI contract in DESIGN.md.

use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

const BAD: &str = "FROM gcr.io/distroless/static-debian12:nonroot\nRUN echo hi\nCMD server --port 80\n";
const GOOD: &str = "FROM gcr.io/distroless/static-debian12:nonroot\nCOPY server /server\nENTRYPOINT [\"/server\"]\n";

fn distrolint(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_distrolint"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}

fn with_stdin(dir: &Path, args: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_distrolint"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

fn json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&output.stdout)))
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn json_output_follows_the_contract() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("Dockerfile"), BAD).unwrap();
    let out = distrolint(dir.path(), &["check", "--format", "json", "Dockerfile"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let doc = json(&out);
    assert_eq!(doc["version"], 1);
    let file = &doc["files"][0];
    assert_eq!(file["path"], "Dockerfile");
    assert_eq!(file["error"], Value::Null);
    let first = &file["diagnostics"][0];
    assert_eq!(first["code"], "DX101");
    assert_eq!(first["rule"], "shell-form-in-shellless-stage");
    assert_eq!(first["severity"], "error");
    assert!(first["url"].as_str().unwrap().ends_with("/DX101.md"));
    assert_eq!(first["range"]["start"], serde_json::json!({"line": 2, "column": 1}));
    assert_eq!(first["range"]["end"], serde_json::json!({"line": 2, "column": 12}));
    let cmd = &file["diagnostics"][1];
    assert_eq!(cmd["fix"]["applicability"], "safe");
    assert_eq!(cmd["fix"]["edits"][0]["new_text"], "[\"server\", \"--port\", \"80\"]");
    assert_eq!(
        doc["summary"],
        serde_json::json!({"files": 1, "errors": 2, "warnings": 0, "infos": 0, "hints": 0, "fixable": 1})
    );
}

#[test]
fn columns_count_unicode_scalar_values() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("Dockerfile"), "FROM scratch\nLABEL x=\"é😀\"\nCMD run\n").unwrap();
    let out = distrolint(dir.path(), &["check", "--format", "json", "--select", "DX101"]);
    let d = &json(&out)["files"][0]["diagnostics"][0];
    assert_eq!(d["range"]["end"], serde_json::json!({"line": 3, "column": 8}));
}

#[test]
fn exit_codes_and_fail_on() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("Dockerfile"), GOOD).unwrap();
    assert_eq!(distrolint(dir.path(), &["check"]).status.code(), Some(0));
    fs::write(dir.path().join("Dockerfile"), "FROM debian:12\nUSER 1000\nCMD run\n").unwrap();
    // DL3025 is a warning: it fails the default threshold but not `--fail-on error`.
    assert_eq!(distrolint(dir.path(), &["check"]).status.code(), Some(1));
    assert_eq!(distrolint(dir.path(), &["check", "--fail-on", "error"]).status.code(), Some(0));
    assert_eq!(distrolint(dir.path(), &["check", "--fail-on", "never"]).status.code(), Some(0));
    let usage = distrolint(dir.path(), &["check", "--select", "NOPE"]);
    assert_eq!(usage.status.code(), Some(2));
    assert!(stderr(&usage).contains("unknown rule `NOPE`"), "{}", stderr(&usage));
    assert_eq!(distrolint(dir.path(), &["check", "--bogus"]).status.code(), Some(2));
}

#[test]
fn directories_are_walked_honouring_gitignore() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("svc/.devcontainer")).unwrap();
    fs::create_dir_all(root.join("ignored")).unwrap();
    fs::create_dir(root.join(".git")).unwrap();
    for name in ["svc/Dockerfile.prod", "svc/api.dockerfile", "svc/.devcontainer/Containerfile", "ignored/Dockerfile"] {
        fs::write(root.join(name), GOOD).unwrap();
    }
    fs::write(root.join("svc/README.md"), "not a Dockerfile").unwrap();
    fs::write(root.join(".gitignore"), "ignored/\n").unwrap();
    let out = distrolint(root, &["check", "--format", "json"]);
    let paths: Vec<String> =
        json(&out)["files"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap().to_owned()).collect();
    assert_eq!(paths, ["svc/.devcontainer/Containerfile", "svc/Dockerfile.prod", "svc/api.dockerfile"]);
}

#[test]
fn nearest_config_and_profile_and_no_config() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir(root.join("svc")).unwrap();
    fs::write(root.join("distrolint.toml"), "[rules]\n\"DL3025\" = \"off\"\n").unwrap();
    fs::write(root.join("svc/Dockerfile"), "FROM debian:12\nUSER 1000\nCMD run\n").unwrap();
    assert_eq!(distrolint(root, &["check", "svc"]).status.code(), Some(0));
    assert_eq!(distrolint(root, &["check", "--no-config", "svc"]).status.code(), Some(1));
    fs::write(root.join("bad.toml"), "[rules]\n\"DL3O25\" = \"off\"\n").unwrap();
    let out = distrolint(root, &["check", "--config", "bad.toml", "svc"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("did you mean `DL3025`?"), "{}", stderr(&out));
    let out = distrolint(root, &["check", "--profile", "nope", "svc"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("the built-in profiles are lucid"), "{}", stderr(&out));
}

#[test]
fn fix_rewrites_atomically_and_converges() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("Dockerfile");
    fs::write(&path, BAD).unwrap();
    let out = distrolint(dir.path(), &["check", "--fix"]);
    // The RUN cannot be fixed automatically, so one error remains.
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        "FROM gcr.io/distroless/static-debian12:nonroot\nRUN echo hi\nCMD [\"server\", \"--port\", \"80\"]\n"
    );
    assert!(stdout(&out).contains("Fixed 1 problem in 1 file."), "{}", stdout(&out));
    // A second run changes nothing, and leaves no temporary file behind.
    let before = fs::read(&path).unwrap();
    distrolint(dir.path(), &["check", "--fix"]);
    assert_eq!(fs::read(&path).unwrap(), before);
    let names: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names.len(), 1, "{names:?}");
}

#[cfg(unix)]
#[test]
fn fix_keeps_permissions_and_refuses_read_only_files() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("Dockerfile");
    fs::write(&path, BAD).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
    distrolint(dir.path(), &["check", "--fix"]);
    assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o640);
    fs::write(&path, BAD).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
    let out = distrolint(dir.path(), &["check", "--fix"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("cannot write the fixes: the file is read-only; the file was left unchanged"),
        "{}",
        stderr(&out)
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), BAD);
}

#[test]
fn diff_prints_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("Dockerfile");
    fs::write(&path, BAD).unwrap();
    let out = distrolint(dir.path(), &["check", "--diff"]);
    assert_eq!(out.status.code(), Some(1));
    let diff = stdout(&out);
    assert!(diff.contains("--- a/Dockerfile\n+++ b/Dockerfile\n"), "{diff}");
    assert!(diff.contains("-CMD server --port 80\n+CMD [\"server\", \"--port\", \"80\"]\n"), "{diff}");
    assert_eq!(fs::read_to_string(&path).unwrap(), BAD);
}

#[test]
fn stdin_is_linted_and_fixed_to_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let out = with_stdin(
        dir.path(),
        &["check", "--format", "json", "--stdin-filename", "api/Dockerfile", "-"],
        BAD.as_bytes(),
    );
    assert_eq!(json(&out)["files"][0]["path"], "api/Dockerfile");
    let out = with_stdin(dir.path(), &["check", "--fix", "-"], BAD.as_bytes());
    assert_eq!(
        stdout(&out),
        "FROM gcr.io/distroless/static-debian12:nonroot\nRUN echo hi\nCMD [\"server\", \"--port\", \"80\"]\n"
    );
    assert!(stderr(&out).contains("DX101"), "{}", stderr(&out));
}

#[test]
fn bad_input_gets_clear_messages() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::write(root.join("latin1.Dockerfile"), b"FROM debian:12\nLABEL d=\"Caf\xe9\"\nUSER 1000\nCMD [\"x\"]\n")
        .unwrap();
    fs::write(root.join("binary.Dockerfile"), b"FROM a\n\0\x01\x02").unwrap();
    fs::create_dir(root.join("empty")).unwrap();
    let out =
        distrolint(root, &["check", "--format", "json", "latin1.Dockerfile", "binary.Dockerfile", "missing", "empty"]);
    assert_eq!(out.status.code(), Some(2));
    let files = json(&out)["files"].as_array().unwrap().clone();
    assert_eq!(files[0]["diagnostics"][0]["code"], "DX011");
    assert_eq!(files[0]["error"], Value::Null);
    assert!(files[1]["error"].as_str().unwrap().contains("NUL bytes"));
    assert_eq!(files[2]["error"], "no such file or directory");
    assert!(files[3]["error"].as_str().unwrap().starts_with("no Dockerfile found in this directory"));
    // Invalid UTF-8 is never rewritten by --fix.
    let before = fs::read(root.join("latin1.Dockerfile")).unwrap();
    let out = distrolint(root, &["check", "--fix", "latin1.Dockerfile"]);
    assert!(stderr(&out).contains("not fixed: the file is not valid UTF-8"), "{}", stderr(&out));
    assert_eq!(fs::read(root.join("latin1.Dockerfile")).unwrap(), before);
}

#[cfg(unix)]
#[test]
fn unreadable_files_are_reported_and_others_still_linted() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let secret = dir.path().join("secret.Dockerfile");
    fs::write(&secret, GOOD).unwrap();
    fs::set_permissions(&secret, fs::Permissions::from_mode(0o000)).unwrap();
    if fs::read(&secret).is_ok() {
        // Running as root: permissions do not stop reads, so use a directory in its place.
        fs::remove_file(&secret).unwrap();
        fs::create_dir(&secret).unwrap();
    }
    fs::write(dir.path().join("Dockerfile"), "FROM debian:12\nUSER 1000\nCMD run\n").unwrap();
    let out = distrolint(dir.path(), &["check", "--format", "json", "secret.Dockerfile", "Dockerfile"]);
    assert_eq!(out.status.code(), Some(2));
    let doc = json(&out);
    assert!(
        doc["files"][0]["error"].as_str().unwrap().starts_with("cannot read the file")
            || doc["files"][0]["error"].as_str().unwrap().starts_with("no Dockerfile found")
    );
    assert_eq!(doc["files"][1]["diagnostics"][0]["code"], "DL3025");
}

#[test]
fn a_30_mb_file_is_linted() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("FROM debian:12\n");
    while text.len() < 30 * 1024 * 1024 {
        text.push_str("RUN echo 'some build step that is long enough to fill the file quickly' && true\n");
    }
    text.push_str("CMD run\n");
    fs::write(dir.path().join("Dockerfile"), &text).unwrap();
    let out = distrolint(dir.path(), &["check", "--format", "json", "--select", "DL3025"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(json(&out)["summary"]["warnings"], 1);
}

#[test]
fn text_output_shows_the_snippet_and_a_summary() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("Dockerfile"), BAD).unwrap();
    let out = distrolint(dir.path(), &["check"]);
    let text = stdout(&out);
    assert!(text.contains("error[DX101]: this RUN will fail at build time"), "{text}");
    assert!(text.contains(" --> Dockerfile:2:1\n  |\n2 | RUN echo hi\n  | ^^^^^^^^^^^\n"), "{text}");
    assert!(!text.contains('\x1b'), "no colour when NO_COLOR is set or stdout is not a terminal");
    assert!(text.trim_end().ends_with("Found 2 problems (2 errors) in 1 of 1 file. 1 fixable with --fix."), "{text}");
}

#[test]
fn rule_and_rules() {
    let dir = tempfile::tempdir().unwrap();
    let out = distrolint(dir.path(), &["rule", "shell-form-in-shellless-stage"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).starts_with("# DX101 `shell-form-in-shellless-stage`\n"));
    assert!(stdout(&out).contains("## Why is this bad?"));
    let out = distrolint(dir.path(), &["rule", "DX1O1"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("did you mean `DX101`?"));
    let out = distrolint(dir.path(), &["rules", "--format", "json"]);
    let rules = json(&out);
    assert!(rules.as_array().unwrap().iter().any(|r| r["code"] == "DL3025" && r["buildkit"] == "JSONArgsRecommended"));
}

#[test]
fn a_profile_given_by_path_applies_its_policy() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::write(
        root.join("Dockerfile"),
        "FROM python:3.11-slim-bookworm AS builder\nRUN pip install --user -r requirements.txt\n",
    )
    .unwrap();
    fs::write(
        root.join("house.toml"),
        "[profile]\nname = \"house\"\nextends = \"builtin:lucid\"\n[builder]\nrequire_markers = true\nmarker_file = \".house-marker\"\n",
    )
    .unwrap();
    let codes = |out: &Output| -> Vec<String> {
        json(out)["files"][0]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["code"].as_str().unwrap().to_owned())
            .collect()
    };
    let out = distrolint(root, &["check", "--no-config", "--format", "json", "Dockerfile"]);
    assert!(!codes(&out).contains(&"DX804".to_owned()), "{}", stdout(&out));
    let out =
        distrolint(root, &["check", "--no-config", "--profile", "./house.toml", "--format", "json", "Dockerfile"]);
    assert!(codes(&out).contains(&"DX804".to_owned()), "{}", stdout(&out));
    assert!(stdout(&out).contains("/root/.local/bin/.house-marker"), "{}", stdout(&out));
    fs::write(root.join("bad.toml"), "[builder]\nrequire_marker = true\n").unwrap();
    let out = distrolint(root, &["check", "--profile", "bad.toml", "Dockerfile"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("unknown field `require_marker`"), "{}", stderr(&out));
}
