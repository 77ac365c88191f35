//! What must not crash the server: malformed JSON-RPC, unknown methods, documents that are not
//! open, versions that go backwards, invalid ranges, a 10 MB document and a thousand changes a
//! second. After each, the server still answers and its final diagnostics are right.

use std::fmt::Write as _;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::harness::{Client, Setup};
use crate::{URI, expected, pos, published, with_code};

/// Asserts that the server still answers requests.
async fn still_alive(client: &Client) {
    assert!(client.server_running(), "the server stopped");
    let hover = json!({"textDocument": {"uri": "file:///nowhere"}, "position": {"line": 0, "character": 0}});
    assert_eq!(client.request("textDocument/hover", hover).await, Ok(Value::Null));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_messages_get_errors_and_the_server_goes_on() {
    let client = Client::start(Setup::default()).await;
    // Invalid JSON: a parse error with a null id.
    let parse_error = client.expect_response(-1);
    client.send_raw(b"Content-Length: 9\r\n\r\n{not json").await;
    let response = tokio::time::timeout(Duration::from_secs(10), parse_error).await.unwrap().unwrap();
    assert_eq!(response["id"], Value::Null);
    assert_eq!(response["error"]["code"], -32700);
    still_alive(&client).await;
    // A header without a usable length, then noise, then a good message.
    let parse_error = client.expect_response(-1);
    client.send_raw(b"Content-Length: many\r\n\r\n").await;
    let response = tokio::time::timeout(Duration::from_secs(10), parse_error).await.unwrap().unwrap();
    assert_eq!(response["error"]["code"], -32700);
    client.send_raw(b"\x00\xffgarbage without headers ").await;
    still_alive(&client).await;
    // A length no one should try to allocate.
    let too_long = client.expect_response(-1);
    client.send_raw(b"Content-Length: 99999999999999\r\n\r\n").await;
    let response = tokio::time::timeout(Duration::from_secs(10), too_long).await.unwrap().unwrap();
    assert!(response["error"]["message"].as_str().unwrap().contains("over the limit"), "{response}");
    still_alive(&client).await;
    // Valid JSON that is not a JSON-RPC 2.0 request: an invalid-request error with its id.
    let invalid = client.expect_response(77);
    client.send(&json!({"jsonrpc": "1.0", "id": 77, "method": "textDocument/hover"})).await;
    let response = tokio::time::timeout(Duration::from_secs(10), invalid).await.unwrap().unwrap();
    assert_eq!(response["id"], 77);
    assert_eq!(response["error"]["code"], -32600);
    // JSON that is not an object at all, and a broken notification: dropped.
    client.send(&json!([1, 2, 3])).await;
    client.send(&json!({"jsonrpc": "2.0", "method": 5})).await;
    // Wrong params for a known method.
    let response = client.request("textDocument/hover", json!({"textDocument": 3})).await;
    assert_eq!(response.unwrap_err()["code"], -32602);
    client.notify("textDocument/didOpen", json!({"textDocument": "nope"})).await;
    still_alive(&client).await;
    // Diagnostics still work.
    client.open(URI, 1, "FROM alpine:3.20\nCMD ['x']\n").await;
    assert_eq!(with_code(&client.diagnostics(URI, 1).await, "DX009").len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_methods_are_refused_or_ignored() {
    let client = Client::start(Setup::default()).await;
    let error = client.request("distrolint/doesNotExist", json!({})).await.unwrap_err();
    assert_eq!(error["code"], -32601);
    client.notify("custom/somethingElse", json!({"a": 1})).await;
    client.notify("$/setTrace", json!({"value": "verbose"})).await;
    client.notify("$/unknownNotification", json!({})).await;
    still_alive(&client).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_for_documents_that_are_not_open() {
    let client = Client::start(Setup::default()).await;
    let document = json!({"uri": "file:///not/open/Dockerfile"});
    let at = json!({"line": 0, "character": 0});
    let position = json!({"textDocument": document, "position": at});
    for method in
        ["textDocument/hover", "textDocument/completion", "textDocument/definition", "textDocument/prepareRename"]
    {
        assert_eq!(client.request(method, position.clone()).await, Ok(Value::Null), "{method}");
    }
    let references = json!({"textDocument": document, "position": at, "context": {"includeDeclaration": true}});
    assert_eq!(client.request("textDocument/references", references).await, Ok(Value::Null));
    let rename = json!({"textDocument": document, "position": at, "newName": "x"});
    assert_eq!(client.request("textDocument/rename", rename).await, Ok(Value::Null));
    let symbols = json!({"textDocument": document});
    assert_eq!(client.request("textDocument/documentSymbol", symbols).await, Ok(Value::Null));
    let actions = json!({"textDocument": document, "range": {"start": at, "end": at}, "context": {"diagnostics": []}});
    assert_eq!(client.request("textDocument/codeAction", actions).await, Ok(Value::Null));
    let report = client.request("textDocument/diagnostic", json!({"textDocument": document})).await.unwrap();
    assert_eq!(report, json!({"kind": "full", "items": []}));
    client.change("file:///not/open/Dockerfile", 2, json!([{"text": "FROM x"}])).await;
    client.close("file:///not/open/Dockerfile").await;
    still_alive(&client).await;
    assert!(client.publications("file:///not/open/Dockerfile").is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn versions_that_go_backwards_are_ignored() {
    let client = Client::start(Setup::default()).await;
    let text = "FROM alpine:3.20\nCMD ['x']\n";
    client.open(URI, 5, text).await;
    client.diagnostics(URI, 5).await;
    client.change(URI, 3, json!([{"text": "FROM alpine:3.20\nCMD [\"x\"]\n"}])).await;
    client.change(URI, 5, json!([{"text": "FROM alpine:3.20\n"}])).await;
    let end = json!({"line": 2, "character": 0});
    client.change(URI, 6, json!([{"range": {"start": end, "end": end}, "text": "RUN ['y']\n"}])).await;
    let diagnostics = client.diagnostics(URI, 6).await;
    let final_text = "FROM alpine:3.20\nCMD ['x']\nRUN ['y']\n";
    assert_eq!(published(&diagnostics), expected(final_text));
    assert_eq!(with_code(&diagnostics, "DX009").len(), 2);
    let warnings: Vec<_> = client
        .notifications()
        .into_iter()
        .filter(|n| {
            n.method == "window/logMessage" && n.params["message"].as_str().unwrap().contains("versions must increase")
        })
        .collect();
    assert_eq!(warnings.len(), 2, "{warnings:#?}");
    assert!(warnings[0].params["message"].as_str().unwrap().contains("version 3 of a document already at version 5"));
    let versions: Vec<i64> = client.publications(URI).iter().filter_map(|p| p["version"].as_i64()).collect();
    assert_eq!(versions, [5, 6]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_ranges_are_clamped() {
    let client = Client::start(Setup::default()).await;
    client.open(URI, 1, "FROM alpine:3.20\nRUN 😀\n").await;
    let changes = json!([
        // Past the end of the text: appends.
        {"range": {"start": {"line": 99, "character": 99}, "end": {"line": 120, "character": 0}}, "text": "CMD ['a']\n"},
        // End before start: covers the text between (`RUN` becomes `USER`).
        {"range": {"start": {"line": 1, "character": 3}, "end": {"line": 1, "character": 0}}, "text": "USER"},
        // Inside the surrogate pair of the emoji: snaps to its start, so nothing of it is split.
        {"range": {"start": {"line": 1, "character": 6}, "end": {"line": 1, "character": 6}}, "text": "x"},
        // A character far past the end of a line: the end of that line.
        {"range": {"start": {"line": 0, "character": 500}, "end": {"line": 0, "character": 900}}, "text": " AS base"},
    ]);
    client.change(URI, 2, changes).await;
    let diagnostics = client.diagnostics(URI, 2).await;
    let text = "FROM alpine:3.20 AS base\nUSER x😀\nCMD ['a']\n";
    assert_eq!(published(&diagnostics), expected(text));
    assert_eq!(with_code(&diagnostics, "DX009")[0]["range"]["start"], json!({"line": 2, "character": 4}));
}

/// About 10 MB: comment lines, environment variables and a broken line at the end.
fn big_document() -> String {
    let mut text = String::from("FROM alpine:3.20\n");
    let mut i = 0;
    while text.len() < 10 * 1024 * 1024 {
        if i % 10 == 0 {
            let _ = writeln!(text, "ENV VAR_{i}=value-{i}");
        } else {
            let _ = writeln!(text, "# line {i}: some commentary about the build, long enough to take space 漢😀");
        }
        i += 1;
    }
    text.push_str("CMD ['serve']\n");
    text
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_ten_megabyte_document() {
    let client = Client::start(Setup::default()).await;
    let text = big_document();
    assert!(text.len() >= 10 * 1024 * 1024);
    client.open(URI, 1, &text).await;
    let diagnostics = client.diagnostics(URI, 1).await;
    assert_eq!(published(&diagnostics), expected(&text));
    assert_eq!(with_code(&diagnostics, "DX009").len(), 1);
    // An incremental edit at the very end of the large text.
    let lines = text.matches('\n').count();
    let fix = json!({"start": {"line": lines - 1, "character": 4}, "end": {"line": lines - 1, "character": 13}});
    client.change(URI, 2, json!([{"range": fix, "text": "[\"serve\"]"}])).await;
    let diagnostics = client.diagnostics(URI, 2).await;
    assert!(with_code(&diagnostics, "DX009").is_empty());
    still_alive(&client).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_changes_a_second() {
    let client = Client::start(Setup::default()).await;
    let mut text = String::from("FROM alpine:3.20\nRUN echo \n");
    client.open(URI, 1, &text).await;
    client.diagnostics(URI, 1).await;
    let start = Instant::now();
    let typed = "['a'] x 漢😀 ";
    let mut version = 1;
    for i in 0..1000 {
        let ch = typed.chars().nth(i % typed.chars().count()).unwrap();
        let at = crate::position_at(&text, text.len() - 1);
        text.insert(text.len() - 1, ch);
        version += 1;
        client.change(URI, version, json!([{"range": {"start": at, "end": at}, "text": ch.to_string()}])).await;
        // One change per millisecond.
        let due = start + Duration::from_millis(i as u64 + 1);
        tokio::time::sleep_until(due.into()).await;
    }
    let diagnostics = client.diagnostics(URI, version).await;
    assert_eq!(published(&diagnostics), expected(&text));
    let publications = client.publications(URI);
    let versions: Vec<i64> = publications.iter().filter_map(|p| p["version"].as_i64()).collect();
    let inversions: Vec<_> = versions.windows(2).filter(|w| w[0] >= w[1]).collect();
    assert!(inversions.is_empty(), "published versions only grow: {inversions:?} in {} publications", versions.len());
    assert_eq!(*versions.last().unwrap(), version);
    still_alive(&client).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn queued_edits_are_coalesced_into_one_lint_of_the_newest_version() {
    let gate = Arc::new(tokio::sync::Semaphore::new(0));
    let mut setup = Setup::default();
    setup.options.lint_gate = Some(gate.clone());
    let client = Client::start(setup).await;
    let mut text = String::from("FROM alpine:3.20\nCMD ['x']\n");
    client.open(URI, 1, &text).await;
    for version in 2..=50 {
        let end = crate::position_at(&text, text.len());
        text.push_str("# more\n");
        client.change(URI, version, json!([{"range": {"start": end, "end": end}, "text": "# more\n"}])).await;
    }
    // Requests are answered after the notifications before them were handled.
    let symbols = client.request("textDocument/documentSymbol", json!({"textDocument": {"uri": URI}})).await;
    assert!(symbols.unwrap().is_array());
    assert!(client.publications(URI).is_empty(), "the gate holds every lint");
    gate.add_permits(1000);
    let diagnostics = client.diagnostics(URI, 50).await;
    assert_eq!(published(&diagnostics), expected(&text));
    tokio::time::sleep(Duration::from_millis(200)).await;
    let versions: Vec<i64> = client.publications(URI).iter().filter_map(|p| p["version"].as_i64()).collect();
    assert_eq!(versions, [50], "only the newest version is linted and published");
    let _ = pos;
}
