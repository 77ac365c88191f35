//! Code actions: quick fixes from `Diagnostic.data`, the ignore comment, fix-all, `only`.

use serde_json::{Value, json};

use crate::harness::{Client, Setup};
use crate::{URI, apply_edits, with_code};

/// Asks for the code actions of `diagnostics` (and `only`, if given).
async fn actions(client: &Client, diagnostics: &[Value], only: Option<Value>) -> Vec<Value> {
    let range = diagnostics
        .first()
        .map_or(json!({"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}), |d| {
            d["range"].clone()
        });
    let mut context = json!({"diagnostics": diagnostics});
    if let Some(only) = only {
        context["only"] = only;
    }
    let params = json!({"textDocument": {"uri": URI}, "range": range, "context": context});
    client.request("textDocument/codeAction", params).await.unwrap().as_array().cloned().unwrap()
}

/// The text edits of an action's workspace edit (versioned document changes).
fn edits_of(action: &Value) -> Vec<Value> {
    let change = &action["edit"]["documentChanges"][0];
    assert_eq!(change["textDocument"]["uri"], URI);
    change["edits"].as_array().cloned().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn quick_fix_comes_from_the_diagnostic_data_and_repairs_the_text() {
    let client = Client::start(Setup::default()).await;
    let text = "FROM alpine:3.20\nCMD ['run', '--port=1']\n";
    client.open(URI, 4, text).await;
    let diagnostics = client.diagnostics(URI, 4).await;
    let dx009: Vec<Value> = with_code(&diagnostics, "DX009").into_iter().cloned().collect();
    let found = actions(&client, &dx009, None).await;
    let titles: Vec<&str> = found.iter().map(|a| a["title"].as_str().unwrap()).collect();
    assert_eq!(
        titles,
        [
            "distrolint (DX009): Use double quotes for the JSON array",
            "Ignore DX009 for this instruction",
            "distrolint: apply all safe fixes"
        ]
    );
    let fix = &found[0];
    assert_eq!(fix["kind"], "quickfix");
    assert_eq!(fix["isPreferred"], true);
    assert_eq!(fix["diagnostics"][0]["code"], "DX009");
    assert_eq!(fix["edit"]["documentChanges"][0]["textDocument"]["version"], 4);
    let edits = edits_of(fix);
    assert_eq!(
        edits,
        [json!({"range": {"start": {"line": 1, "character": 4}, "end": {"line": 1, "character": 23}},
                "newText": "[\"run\", \"--port=1\"]"})]
    );
    let fixed = apply_edits(text, &edits);
    assert_eq!(fixed, "FROM alpine:3.20\nCMD [\"run\", \"--port=1\"]\n");
    client.change(URI, 5, json!([{"text": fixed}])).await;
    assert!(with_code(&client.diagnostics(URI, 5).await, "DX009").is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unsafe_fixes_are_offered_but_not_preferred() {
    let client = Client::start(Setup::default()).await;
    let text = "FROM alpine:3.20\nCOPY --chmown=app . /app\n";
    client.open(URI, 1, text).await;
    let diagnostics = client.diagnostics(URI, 1).await;
    let dx004: Vec<Value> = with_code(&diagnostics, "DX004").into_iter().cloned().collect();
    let found = actions(&client, &dx004, None).await;
    assert_eq!(found[0]["title"], "distrolint (DX004): Replace `--chmown` with `--chown`");
    assert_eq!(found[0]["isPreferred"], false);
    assert_eq!(apply_edits(text, &edits_of(&found[0])), "FROM alpine:3.20\nCOPY --chown=app . /app\n");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ignore_comment_keeps_the_indentation_and_suppresses() {
    let client = Client::start(Setup::default()).await;
    let text = "FROM alpine:3.20\nONBUILD RUN true\n    CMD ['x']\n";
    client.open(URI, 1, text).await;
    let diagnostics = client.diagnostics(URI, 1).await;
    let dx009: Vec<Value> = with_code(&diagnostics, "DX009").into_iter().cloned().collect();
    let found = actions(&client, &dx009, Some(json!(["quickfix"]))).await;
    let ignore = found.iter().find(|a| a["title"] == "Ignore DX009 for this instruction").unwrap();
    assert_eq!(ignore["isPreferred"], false);
    let edits = edits_of(ignore);
    assert_eq!(
        edits,
        [json!({"range": {"start": {"line": 2, "character": 0}, "end": {"line": 2, "character": 0}},
                "newText": "    # distrolint ignore=DX009\n"})]
    );
    let ignored = apply_edits(text, &edits);
    client.change(URI, 2, json!([{"text": ignored}])).await;
    assert!(with_code(&client.diagnostics(URI, 2).await, "DX009").is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ignore_extends_an_existing_comment() {
    let client = Client::start(Setup::default()).await;
    let text = "FROM alpine:3.20\n# distrolint ignore=DX004 -- reviewed\nCMD ['x']\n";
    client.open(URI, 1, text).await;
    let diagnostics = client.diagnostics(URI, 1).await;
    let dx009: Vec<Value> = with_code(&diagnostics, "DX009").into_iter().cloned().collect();
    let found = actions(&client, &dx009, None).await;
    let ignore = found.iter().find(|a| a["title"] == "Ignore DX009 for this instruction").unwrap();
    let changed = apply_edits(text, &edits_of(ignore));
    assert_eq!(changed, "FROM alpine:3.20\n# distrolint ignore=DX004,DX009 -- reviewed\nCMD ['x']\n");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fix_all_applies_the_safe_fixes_only() {
    let client = Client::start(Setup::default()).await;
    let text = "FROM alpine:3.20\nCOPY --chmown=app . /app\nRUN ['a'] \\\n\n    && true\nCMD ['b']\n";
    client.open(URI, 1, text).await;
    client.diagnostics(URI, 1).await;
    let found = actions(&client, &[], Some(json!(["source.fixAll"]))).await;
    assert_eq!(found.len(), 1, "{found:#?}");
    let action = &found[0];
    assert_eq!(action["kind"], "source.fixAll.distrolint");
    assert_eq!(action["title"], "distrolint: apply all safe fixes");
    let fixed = apply_edits(text, &edits_of(action));
    let engine =
        distrolint_linter::fix(text, &distrolint_linter::Settings::default(), distrolint_linter::Applicability::Safe);
    assert_eq!(fixed, engine.text);
    assert!(fixed.contains("--chmown"), "the unsafe fix is left alone");
    assert!(fixed.contains("CMD [\"b\"]"));
    assert_eq!(edits_of(action).len(), 1, "one edit of the changed span");
    // Nothing to fix: no action.
    client.change(URI, 2, json!([{"text": fixed}])).await;
    client.diagnostics(URI, 2).await;
    assert!(actions(&client, &[], Some(json!(["source.fixAll.distrolint"]))).await.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_filters_the_kinds() {
    let client = Client::start(Setup::default()).await;
    client.open(URI, 1, "FROM alpine:3.20\nCMD ['x']\n").await;
    let diagnostics = client.diagnostics(URI, 1).await;
    let dx009: Vec<Value> = with_code(&diagnostics, "DX009").into_iter().cloned().collect();
    let kinds = |found: &[Value]| found.iter().map(|a| a["kind"].as_str().unwrap().to_owned()).collect::<Vec<_>>();
    assert_eq!(kinds(&actions(&client, &dx009, None).await), ["quickfix", "quickfix", "source.fixAll.distrolint"]);
    assert_eq!(kinds(&actions(&client, &dx009, Some(json!(["quickfix"]))).await), ["quickfix", "quickfix"]);
    assert_eq!(kinds(&actions(&client, &dx009, Some(json!(["source"]))).await), ["source.fixAll.distrolint"]);
    assert!(actions(&client, &dx009, Some(json!(["refactor"]))).await.is_empty());
    // Diagnostics of other sources are not ours.
    let mut foreign = dx009[0].clone();
    foreign["source"] = json!("hadolint");
    assert!(actions(&client, &[foreign], Some(json!(["quickfix"]))).await.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn missing_or_stale_data_is_recomputed() {
    let client = Client::start(Setup::default()).await;
    let text = "FROM alpine:3.20\nCMD ['x']\n";
    client.open(URI, 1, text).await;
    let diagnostics = client.diagnostics(URI, 1).await;
    let mut without_data = with_code(&diagnostics, "DX009")[0].clone();
    without_data.as_object_mut().unwrap().remove("data");
    let found = actions(&client, &[without_data], Some(json!(["quickfix"]))).await;
    assert_eq!(found[0]["title"], "distrolint (DX009): Use double quotes for the JSON array");
    // A change below the diagnostic: the old data (version 1) is not trusted; the fix is
    // recomputed for version 2.
    client.change(URI, 2, json!([{"range": {"start": {"line": 2, "character": 0}, "end": {"line": 2, "character": 0}}, "text": "USER 1\n"}])).await;
    client.diagnostics(URI, 2).await;
    let old = with_code(&diagnostics, "DX009")[0].clone();
    let found = actions(&client, &[old], Some(json!(["quickfix"]))).await;
    assert_eq!(found[0]["edit"]["documentChanges"][0]["textDocument"]["version"], 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plain_changes_for_clients_without_document_changes() {
    let mut setup = Setup::default();
    setup.capabilities["workspace"] = json!({});
    let client = Client::start(setup).await;
    client.open(URI, 1, "FROM alpine:3.20\nCMD ['x']\n").await;
    let diagnostics = client.diagnostics(URI, 1).await;
    let dx009: Vec<Value> = with_code(&diagnostics, "DX009").into_iter().cloned().collect();
    let found = actions(&client, &dx009, Some(json!(["quickfix"]))).await;
    let edit = &found[0]["edit"];
    assert!(edit.get("documentChanges").is_none());
    assert_eq!(edit["changes"][URI][0]["newText"], "[\"x\"]");
}
