//! Text sync and diagnostics: versions, incremental edits, position encodings, close, pull.

use std::time::Duration;

use serde_json::{Value, json};

use crate::harness::{Client, Setup};
use crate::{URI, expected, pos, published, with_code};

const BROKEN: &str = "FROM alpine:3.20\nCMD ['run']\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn open_publishes_diagnostics_with_the_version() {
    let client = Client::start(Setup::default()).await;
    client.open(URI, 7, BROKEN).await;
    let diagnostics = client.diagnostics(URI, 7).await;
    let dx009 = with_code(&diagnostics, "DX009");
    assert_eq!(dx009.len(), 1, "{diagnostics:#?}");
    let d = dx009[0];
    assert_eq!(d["range"], json!({"start": {"line": 1, "character": 4}, "end": {"line": 1, "character": 11}}));
    assert_eq!(d["severity"], 2);
    assert_eq!(d["source"], "distrolint");
    assert!(d["codeDescription"]["href"].as_str().unwrap().ends_with("/DX009.md"));
    assert_eq!(d["data"]["version"], 7);
    assert_eq!(d["data"]["fix"]["title"], "Use double quotes for the JSON array");
    assert_eq!(d["data"]["fix"]["applicability"], "safe");
    assert_eq!(published(&diagnostics), expected(BROKEN));
    assert!(client.shutdown().await, "shutdown then exit is a clean exit");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn incremental_edits_relint_the_new_version() {
    let client = Client::start(Setup::default()).await;
    client.open(URI, 1, BROKEN).await;
    assert_eq!(with_code(&client.diagnostics(URI, 1).await, "DX009").len(), 1);
    // Replace `'run'` with `"run"`, then add a second broken line, in one notification.
    let quoted = json!({"start": pos(BROKEN, "'run'", 0), "end": {"line": 1, "character": 10}});
    let changes = json!([
        {"range": quoted, "text": "\"run\""},
        {"range": {"start": {"line": 2, "character": 0}, "end": {"line": 2, "character": 0}}, "text": "RUN ['a']\n"},
    ]);
    client.change(URI, 2, changes).await;
    let diagnostics = client.diagnostics(URI, 2).await;
    let text = "FROM alpine:3.20\nCMD [\"run\"]\nRUN ['a']\n";
    assert_eq!(published(&diagnostics), expected(text));
    let dx009 = with_code(&diagnostics, "DX009");
    assert_eq!(dx009.len(), 1);
    assert_eq!(dx009[0]["range"]["start"], json!({"line": 2, "character": 4}));
}

/// A line whose diagnostics start and end after multi-unit characters.
const WIDE: &str = "FROM alpine:3.20\n# distrolint ignore=漢😀,NOPE\nCMD ['😀', '漢']\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn utf16_positions_count_code_units() {
    let client = Client::start(Setup::default()).await;
    assert_eq!(client.initialize_result["capabilities"]["positionEncoding"], "utf-16");
    client.open(URI, 1, WIDE).await;
    let diagnostics = client.diagnostics(URI, 1).await;
    let unknown = with_code(&diagnostics, "DX010");
    assert_eq!(unknown.len(), 2, "{diagnostics:#?}");
    // `漢😀` is 3 UTF-16 units, after `# distrolint ignore=` (20 units).
    assert_eq!(
        unknown[0]["range"],
        json!({"start": {"line": 1, "character": 20}, "end": {"line": 1, "character": 23}})
    );
    assert_eq!(
        unknown[1]["range"],
        json!({"start": {"line": 1, "character": 24}, "end": {"line": 1, "character": 28}})
    );
    let json_args = with_code(&diagnostics, "DX009");
    assert_eq!(
        json_args[0]["range"],
        json!({"start": {"line": 2, "character": 4}, "end": {"line": 2, "character": 15}})
    );
    // An edit after the emoji, in UTF-16 units: `'漢'` becomes `'漢x'`.
    let at = json!({"line": 2, "character": 13});
    client.change(URI, 2, json!([{"range": {"start": at, "end": at}, "text": "x"}])).await;
    let diagnostics = client.diagnostics(URI, 2).await;
    let text = WIDE.replace("'漢'", "'漢x'");
    assert_eq!(published(&diagnostics), expected(&text));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn utf8_is_chosen_when_offered_and_counts_bytes() {
    let mut setup = Setup::default();
    setup.capabilities["general"]["positionEncodings"] = json!(["utf-8", "utf-16"]);
    let client = Client::start(setup).await;
    assert_eq!(client.initialize_result["capabilities"]["positionEncoding"], "utf-8");
    client.open(URI, 1, WIDE).await;
    let diagnostics = client.diagnostics(URI, 1).await;
    let unknown = with_code(&diagnostics, "DX010");
    // `漢😀` is 7 bytes.
    assert_eq!(
        unknown[0]["range"],
        json!({"start": {"line": 1, "character": 20}, "end": {"line": 1, "character": 27}})
    );
    assert_eq!(
        unknown[1]["range"],
        json!({"start": {"line": 1, "character": 28}, "end": {"line": 1, "character": 32}})
    );
    let json_args = with_code(&diagnostics, "DX009");
    assert_eq!(json_args[0]["range"]["end"], json!({"line": 2, "character": 19}));
    // A byte-counted edit: insert `x` after `漢` (4 + 1 + 4 + 2 + 1 + 2 + 3 = column 17).
    let at = json!({"line": 2, "character": 17});
    client.change(URI, 2, json!([{"range": {"start": at, "end": at}, "text": "x"}])).await;
    let diagnostics = client.diagnostics(URI, 2).await;
    assert_eq!(with_code(&diagnostics, "DX009")[0]["range"]["end"], json!({"line": 2, "character": 20}));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn close_clears_diagnostics_and_nothing_is_published_after() {
    let client = Client::start(Setup::default()).await;
    client.open(URI, 1, BROKEN).await;
    client.diagnostics(URI, 1).await;
    // Edits whose lints are still running when the close arrives.
    for version in 2..40 {
        let end = json!({"line": 2, "character": 0});
        client.change(URI, version, json!([{"range": {"start": end, "end": end}, "text": "RUN ['x']\n"}])).await;
    }
    client.close(URI).await;
    client
        .wait_for("the clearing publish", |n| {
            n.method == "textDocument/publishDiagnostics"
                && n.params["uri"] == URI
                && n.params["diagnostics"] == json!([])
        })
        .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let publications = client.publications(URI);
    let last = publications.last().unwrap();
    assert_eq!(last["diagnostics"], json!([]), "the clear is the last word: {publications:#?}");
    assert!(last.get("version").is_none_or(Value::is_null));
    let clears = publications.iter().filter(|p| p["diagnostics"] == json!([])).count();
    assert_eq!(clears, 1);
    // Versions only grow.
    let versions: Vec<i64> = publications.iter().filter_map(|p| p["version"].as_i64()).collect();
    assert!(versions.windows(2).all(|w| w[0] < w[1]), "{versions:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pulling_clients_get_diagnostics_on_request_and_no_pushes() {
    let mut setup = Setup::default();
    setup.capabilities["textDocument"]["diagnostic"] = json!({"dynamicRegistration": false});
    let client = Client::start(setup).await;
    let provider = &client.initialize_result["capabilities"]["diagnosticProvider"];
    assert_eq!(provider["identifier"], "distrolint");
    assert_eq!(provider["interFileDependencies"], false);
    client.open(URI, 3, BROKEN).await;
    let params = json!({"textDocument": {"uri": URI}});
    let report = client.request("textDocument/diagnostic", params).await.unwrap();
    assert_eq!(report["kind"], "full");
    assert_eq!(report["resultId"], "3:0");
    let items = report["items"].as_array().unwrap();
    assert_eq!(published(items), expected(BROKEN));
    let again = json!({"textDocument": {"uri": URI}, "previousResultId": "3:0"});
    let report = client.request("textDocument/diagnostic", again).await.unwrap();
    assert_eq!(report, json!({"kind": "unchanged", "resultId": "3:0"}));
    client.change(URI, 4, json!([{"text": "FROM alpine:3.20\n"}])).await;
    let again = json!({"textDocument": {"uri": URI}, "previousResultId": "3:0"});
    let report = client.request("textDocument/diagnostic", again).await.unwrap();
    assert_eq!(report["kind"], "full");
    assert_eq!(report["resultId"], "4:0");
    assert!(with_code(report["items"].as_array().unwrap(), "DX009").is_empty());
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(client.publications(URI).is_empty(), "a pulling client gets no pushes");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exit_without_shutdown_is_not_clean() {
    let client = Client::start(Setup::default()).await;
    assert!(!client.exit_abruptly().await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exit_right_behind_shutdown_is_clean() {
    for _ in 0..20 {
        let client = Client::start(Setup::default()).await;
        assert!(client.shutdown_hastily().await);
    }
}
