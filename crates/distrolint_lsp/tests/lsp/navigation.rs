//! Document symbols, definition, references and rename for stages and variables.

use serde_json::{Value, json};

use crate::harness::{Client, Setup};
use crate::{URI, apply_edits, pos};

const TEXT: &str = "\
ARG BASE=python:3.11-slim
FROM ${BASE} AS build
ARG VERSION=1
RUN pip install app==$VERSION
FROM build AS test
RUN --mount=type=bind,from=build,target=/b echo ${VERSION}
FROM scratch
COPY --from=build /app /app
COPY --from=0 /x /x
";

async fn client(setup: Setup) -> Client {
    let client = Client::start(setup).await;
    client.open(URI, 1, TEXT).await;
    client
}

async fn at(client: &Client, method: &str, position: Value, extra: Value) -> Result<Value, Value> {
    let mut params = json!({"textDocument": {"uri": URI}, "position": position});
    for (key, value) in extra.as_object().unwrap() {
        params[key] = value.clone();
    }
    client.request(method, params).await
}

fn range(start: (u32, u32), end: (u32, u32)) -> Value {
    json!({"start": {"line": start.0, "character": start.1}, "end": {"line": end.0, "character": end.1}})
}

fn ranges(locations: &Value) -> Vec<Value> {
    locations.as_array().unwrap().iter().map(|l| l["range"].clone()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn document_symbols_nest_instructions_in_stages() {
    let client = client(Setup::default()).await;
    let symbols = client.request("textDocument/documentSymbol", json!({"textDocument": {"uri": URI}})).await.unwrap();
    let symbols = symbols.as_array().unwrap();
    let names: Vec<&str> = symbols.iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["BASE", "build", "test", "stage 2"]);
    assert_eq!(symbols[0]["kind"], 13);
    assert_eq!(symbols[0]["detail"], "= python:3.11-slim");
    let build = &symbols[1];
    assert_eq!(build["kind"], 2);
    assert_eq!(build["detail"], "FROM ${BASE}");
    assert_eq!(build["range"], range((1, 0), (3, 29)));
    assert_eq!(build["selectionRange"], range((1, 16), (1, 21)));
    let children: Vec<(&str, &str)> = build["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["name"].as_str().unwrap(), c["detail"].as_str().unwrap()))
        .collect();
    assert_eq!(children, [("ARG", "VERSION=1"), ("RUN", "pip install app==$VERSION")]);
    assert_eq!(symbols[3]["selectionRange"], range((6, 0), (6, 4)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn flat_symbols_for_clients_without_nesting() {
    let mut setup = Setup::default();
    setup.capabilities["textDocument"]["documentSymbol"] = json!({});
    let client = client(setup).await;
    let symbols = client.request("textDocument/documentSymbol", json!({"textDocument": {"uri": URI}})).await.unwrap();
    let flat: Vec<(String, Value)> = symbols
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["name"].as_str().unwrap().to_owned(), s["containerName"].clone()))
        .collect();
    assert_eq!(flat[0], ("BASE".to_owned(), Value::Null));
    assert_eq!(flat[2], ("ARG".to_owned(), json!("build")));
    assert_eq!(flat.len(), 9);
    assert_eq!(symbols[1]["location"]["uri"], URI);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn definition_of_stages_and_variables() {
    let client = client(Setup::default()).await;
    let build_decl = range((1, 16), (1, 21));
    for needle in ["build AS test", "build,target", "build /app"] {
        let found = at(&client, "textDocument/definition", pos(TEXT, needle, 0), json!({})).await.unwrap();
        assert_eq!(found["uri"], URI);
        assert_eq!(found["range"], build_decl, "{needle}");
    }
    let version = at(&client, "textDocument/definition", pos(TEXT, "VERSION\n", 0), json!({})).await.unwrap();
    assert_eq!(version["range"], range((2, 4), (2, 11)));
    let base = at(&client, "textDocument/definition", pos(TEXT, "BASE}", 0), json!({})).await.unwrap();
    assert_eq!(base["range"], range((0, 4), (0, 8)));
    // `${VERSION}` in stage `test` is not declared there: ARG does not carry into `FROM build`.
    let undeclared = at(&client, "textDocument/definition", pos(TEXT, "VERSION}", 0), json!({})).await.unwrap();
    assert_eq!(undeclared, Value::Null);
    let keyword = at(&client, "textDocument/definition", pos(TEXT, "COPY", 0), json!({})).await.unwrap();
    assert_eq!(keyword, Value::Null);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn references_of_a_stage() {
    let client = client(Setup::default()).await;
    let with = json!({"context": {"includeDeclaration": true}});
    let found = at(&client, "textDocument/references", pos(TEXT, "build /app", 0), with).await.unwrap();
    assert_eq!(
        ranges(&found),
        [
            range((1, 16), (1, 21)),
            range((4, 5), (4, 10)),
            range((5, 27), (5, 32)),
            range((7, 12), (7, 17)),
            range((8, 12), (8, 13))
        ]
    );
    let without = json!({"context": {"includeDeclaration": false}});
    let found = at(&client, "textDocument/references", pos(TEXT, "build", 0), without).await.unwrap();
    assert_eq!(ranges(&found).len(), 4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn references_of_a_variable() {
    let client = client(Setup::default()).await;
    let with = json!({"context": {"includeDeclaration": true}});
    let found = at(&client, "textDocument/references", pos(TEXT, "VERSION=", 0), with).await.unwrap();
    assert_eq!(ranges(&found), [range((2, 4), (2, 11)), range((3, 22), (3, 29)), range((5, 50), (5, 57))]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rename_stages_and_variables() {
    let client = client(Setup::default()).await;
    let prepared = at(&client, "textDocument/prepareRename", pos(TEXT, "build /app", 0), json!({})).await.unwrap();
    assert_eq!(prepared, json!({"range": range((7, 12), (7, 17)), "placeholder": "build"}));
    let numeric = at(&client, "textDocument/prepareRename", pos(TEXT, "0 /x", 0), json!({})).await.unwrap();
    assert_eq!(numeric, Value::Null);
    let keyword = at(&client, "textDocument/prepareRename", pos(TEXT, "RUN", 0), json!({})).await.unwrap();
    assert_eq!(keyword, Value::Null);

    let edit = at(&client, "textDocument/rename", pos(TEXT, "build", 1), json!({"newName": "compile"})).await.unwrap();
    let change = &edit["documentChanges"][0];
    assert_eq!(change["textDocument"]["version"], 1);
    let renamed = apply_edits(TEXT, change["edits"].as_array().unwrap());
    assert_eq!(renamed.matches("compile").count(), 4);
    assert!(renamed.contains("FROM ${BASE} AS compile\n") && renamed.contains("COPY --from=0 /x /x"));

    let edit =
        at(&client, "textDocument/rename", pos(TEXT, "VERSION", 1), json!({"newName": "APP_VERSION"})).await.unwrap();
    let renamed = apply_edits(TEXT, edit["documentChanges"][0]["edits"].as_array().unwrap());
    assert!(renamed.contains("ARG APP_VERSION=1\nRUN pip install app==$APP_VERSION\n"), "{renamed}");
    assert!(renamed.contains("echo ${APP_VERSION}"));

    let error =
        at(&client, "textDocument/rename", pos(TEXT, "build", 0), json!({"newName": "9 bad"})).await.unwrap_err();
    assert_eq!(error["code"], -32602);
    assert!(error["message"].as_str().unwrap().contains("`9 bad` cannot be used"));
    let error = at(&client, "textDocument/rename", pos(TEXT, "BASE", 0), json!({"newName": "A-B"})).await.unwrap_err();
    assert_eq!(error["code"], -32602);
}
