//! Completion: instructions, flags, stage names, flag values, variables, rule codes, `FROM`.

use serde_json::{Value, json};

use crate::harness::{Client, Setup};
use crate::{URI, position_at};

/// Opens `text` with the cursor at `|` and returns the completion items.
async fn complete(setup: Setup, text: &str) -> Vec<Value> {
    let cursor = text.find('|').expect("a cursor");
    let text = text.replacen('|', "", 1);
    let client = Client::start(setup).await;
    client.open(URI, 1, &text).await;
    let params = json!({"textDocument": {"uri": URI}, "position": position_at(&text, cursor)});
    let result = client.request("textDocument/completion", params).await.unwrap();
    result.as_array().cloned().unwrap_or_default()
}

fn labels(items: &[Value]) -> Vec<&str> {
    items.iter().map(|i| i["label"].as_str().unwrap()).collect()
}

fn item<'a>(items: &'a [Value], label: &str) -> &'a Value {
    items.iter().find(|i| i["label"] == label).unwrap_or_else(|| panic!("no `{label}` in {:?}", labels(items)))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn instructions_as_snippets_at_the_start_of_a_line() {
    let items = complete(Setup::default(), "FROM alpine:3.20\n|\n").await;
    assert_eq!(items.len(), 18);
    let from = item(&items, "FROM");
    assert_eq!(from["insertTextFormat"], 2);
    assert_eq!(from["textEdit"]["newText"], "FROM ${1:image}:${2:tag}");
    assert_eq!(
        from["textEdit"]["range"],
        json!({"start": {"line": 1, "character": 0}, "end": {"line": 1, "character": 0}})
    );
    assert_eq!(from["kind"], 14);
    assert!(from["documentation"]["value"].as_str().unwrap().contains("build stage"));
    assert_eq!(item(&items, "MAINTAINER")["tags"], json!([1]));
    // A typed prefix is replaced, in its case.
    let items = complete(Setup::default(), "FROM alpine:3.20\nco|\n").await;
    let copy = item(&items, "copy");
    assert_eq!(copy["textEdit"]["newText"], "copy ${1:src} ${2:dest}");
    assert_eq!(copy["textEdit"]["range"]["start"], json!({"line": 1, "character": 0}));
    // Under ONBUILD, without the instructions it cannot hold.
    let items = complete(Setup::default(), "FROM alpine:3.20\nONBUILD |\n").await;
    assert_eq!(items.len(), 15);
    assert!(!labels(&items).contains(&"FROM"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plain_keywords_without_snippet_support() {
    let mut setup = Setup::default();
    setup.capabilities["textDocument"]["completion"] = json!({});
    let items = complete(setup, "|").await;
    let run = item(&items, "RUN");
    assert_eq!(run["insertTextFormat"], 1);
    assert_eq!(run["textEdit"]["newText"], "RUN ");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn flags_of_the_instruction() {
    let items = complete(Setup::default(), "FROM alpine:3.20\nCOPY --|\n").await;
    assert_eq!(labels(&items), ["--from", "--chown", "--chmod", "--link", "--parents", "--exclude"]);
    assert_eq!(item(&items, "--from")["textEdit"]["newText"], "--from=");
    assert_eq!(item(&items, "--link")["textEdit"]["newText"], "--link");
    assert_eq!(
        item(&items, "--chown")["textEdit"]["range"],
        json!({"start": {"line": 1, "character": 5}, "end": {"line": 1, "character": 7}})
    );
    let items = complete(Setup::default(), "FROM alpine:3.20\nHEALTHCHECK --interval=5s --re|\n").await;
    assert!(labels(&items).contains(&"--retries"));
    // Not after the arguments started.
    let items = complete(Setup::default(), "FROM alpine:3.20\nRUN echo --|\n").await;
    assert!(items.is_empty(), "{items:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stage_names_after_from() {
    let text =
        "FROM alpine:3.20 AS base\nFROM base AS build\nFROM scratch\nCOPY --from=b| /a /a\nFROM alpine AS later\n";
    let items = complete(Setup::default(), text).await;
    assert_eq!(labels(&items), ["base", "build"]);
    let base = item(&items, "base");
    assert_eq!(base["detail"], "stage 0: FROM alpine:3.20");
    assert_eq!(
        base["textEdit"]["range"],
        json!({"start": {"line": 3, "character": 12}, "end": {"line": 3, "character": 13}})
    );
    let text = "FROM alpine:3.20 AS deps\nFROM alpine:3.20\nRUN --mount=type=bind,from=|,target=/d true\n";
    assert_eq!(labels(&complete(Setup::default(), text).await), ["deps"]);
    let text = "FROM alpine:3.20\nRUN --mount=type=|\n";
    assert_eq!(labels(&complete(Setup::default(), text).await), ["bind", "cache", "tmpfs", "secret", "ssh"]);
    let text = "FROM alpine:3.20\nRUN --network=|\n";
    assert_eq!(labels(&complete(Setup::default(), text).await), ["default", "none", "host"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn variables_after_dollar() {
    let text =
        "ARG BASE=alpine\nFROM ${BASE} AS one\nARG TOOL=1.0\nENV HOME_DIR=/srv\nFROM one\nARG LATE\nRUN echo ${|\n";
    let items = complete(Setup::default(), text).await;
    // The second stage sees its own ARG, and the ENV of `one`, not `one`'s ARG.
    assert_eq!(labels(&items), ["LATE", "HOME_DIR"]);
    assert_eq!(item(&items, "HOME_DIR")["detail"], "ENV = /srv");
    assert_eq!(item(&items, "HOME_DIR")["textEdit"]["newText"], "HOME_DIR}");
    let text = "ARG BASE=alpine\nARG TAG=3\nFROM $B|\n";
    let items = complete(Setup::default(), text).await;
    assert_eq!(labels(&items), ["TAG", "BASE"]);
    let base = item(&items, "BASE");
    assert_eq!(base["textEdit"]["newText"], "BASE");
    assert_eq!(
        base["textEdit"]["range"],
        json!({"start": {"line": 2, "character": 6}, "end": {"line": 2, "character": 7}})
    );
    // An escaped dollar is not a variable.
    let items = complete(Setup::default(), "FROM alpine:3.20\nARG A=1\nRUN echo \\$|\n").await;
    assert!(items.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn images_stages_and_tags_after_from() {
    let items = complete(Setup::default(), "FROM alpine:3.20 AS base\nFROM |\n").await;
    let names = labels(&items);
    assert!(names.starts_with(&["base", "scratch"]), "{names:?}");
    assert!(names.contains(&"gcr.io/distroless/python3-debian13"), "{names:?}");
    assert!(names.contains(&"python") && names.contains(&"cgr.dev/chainguard/python"), "{names:?}");
    assert_eq!(item(&items, "scratch")["kind"], 21);
    let items = complete(Setup::default(), "FROM gcr.io/distroless/static-debian13:n|\n").await;
    assert_eq!(labels(&items), ["latest", "nonroot", "debug", "debug-nonroot"]);
    assert_eq!(
        item(&items, "nonroot")["textEdit"]["range"],
        json!({"start": {"line": 0, "character": 39}, "end": {"line": 0, "character": 40}})
    );
    let items = complete(Setup::default(), "FROM python:|\n").await;
    assert!(labels(&items).contains(&"3.12-slim-bookworm"), "{:?}", labels(&items));
    assert!(complete(Setup::default(), "FROM unknown/image:|\n").await.is_empty());
    let items = complete(Setup::default(), "FROM alpine:3.20 |\n").await;
    assert_eq!(labels(&items), ["AS"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rule_codes_in_ignore_comments() {
    let items = complete(Setup::default(), "FROM alpine:3.20\n# distrolint ignore=DX004,DX0|\nCMD x\n").await;
    let dx009 = item(&items, "DX009");
    assert_eq!(dx009["detail"], "malformed-json-args");
    assert_eq!(
        dx009["textEdit"]["range"],
        json!({"start": {"line": 1, "character": 26}, "end": {"line": 1, "character": 29}})
    );
    assert_eq!(items.len(), distrolint_linter::rules::ALL.len());
    // Plain comments get nothing.
    assert!(complete(Setup::default(), "# just a |\nFROM alpine:3.20\n").await.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nothing_inside_heredocs_or_continuations() {
    let items = complete(Setup::default(), "FROM alpine:3.20\nRUN <<EOF\n|\nEOF\n").await;
    assert!(items.is_empty(), "{:?}", labels(&items));
    let items = complete(Setup::default(), "FROM alpine:3.20\nRUN true \\\n  |\n").await;
    assert!(items.is_empty(), "{:?}", labels(&items));
}
