//! Configuration: the nearest `distrolint.toml`, watching and reloading it, editor settings
//! from `initializationOptions`, `workspace/configuration` and `didChangeConfiguration`,
//! `configurationPreference`, `enable`, and configuration errors.

use std::path::Path;

use serde_json::{Value, json};

use crate::harness::{Client, Incoming, Setup, temp_dir, uri_of};
use crate::{URI, with_code};

const BROKEN: &str = "FROM alpine:3.20\nCMD ['x']\n";

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn watching() -> Setup {
    let mut setup = Setup::default();
    setup.capabilities["workspace"]["didChangeWatchedFiles"] = json!({"dynamicRegistration": true});
    setup
}

fn is_publication_of<'a>(uri: &'a str, check: impl Fn(&[Value]) -> bool + 'a) -> impl Fn(&Incoming) -> bool + 'a {
    move |n| {
        n.method == "textDocument/publishDiagnostics"
            && n.params["uri"] == uri
            && check(n.params["diagnostics"].as_array().map_or(&[], Vec::as_slice))
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_nearest_config_file_applies() {
    let root = temp_dir("nearest");
    write(&root.join("distrolint.toml"), "[rules]\n\"DX009\" = \"hint\"\n");
    write(&root.join("svc/.distrolint.toml"), "[rules]\n\"malformed-json-args\" = \"off\"\n");
    let client = Client::start(Setup::default()).await;
    let top = uri_of(&root.join("Dockerfile"));
    let svc = uri_of(&root.join("svc/deep/Dockerfile"));
    let elsewhere = uri_of(&temp_dir("elsewhere").join("Dockerfile"));
    client.open(&top, 1, BROKEN).await;
    client.open(&svc, 1, BROKEN).await;
    client.open(&elsewhere, 1, BROKEN).await;
    assert_eq!(with_code(&client.diagnostics(&top, 1).await, "DX009")[0]["severity"], 4);
    assert!(with_code(&client.diagnostics(&svc, 1).await, "DX009").is_empty());
    assert_eq!(with_code(&client.diagnostics(&elsewhere, 1).await, "DX009")[0]["severity"], 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn watched_config_changes_are_reloaded() {
    let root = temp_dir("watched");
    let config = root.join("distrolint.toml");
    write(&config, "[rules]\n\"DX009\" = \"off\"\n");
    let client = Client::start(watching()).await;
    let registration = client.wait_for_request("client/registerCapability").await;
    let registration = &registration.params["registrations"][0];
    assert_eq!(registration["method"], "workspace/didChangeWatchedFiles");
    assert_eq!(registration["registerOptions"]["watchers"][0]["globPattern"], "**/{distrolint,.distrolint}.toml");
    let uri = uri_of(&root.join("Dockerfile"));
    client.open(&uri, 1, BROKEN).await;
    assert!(with_code(&client.diagnostics(&uri, 1).await, "DX009").is_empty());
    write(&config, "[rules]\n\"DX009\" = \"error\"\n");
    let changes = json!({"changes": [{"uri": uri_of(&config), "type": 2}]});
    client.notify("workspace/didChangeWatchedFiles", changes).await;
    client
        .wait_for(
            "a relint with the new config",
            is_publication_of(&uri, |d| d.iter().any(|d| d["code"] == "DX009" && d["severity"] == 1)),
        )
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn profile_files_are_watched_too() {
    let root = temp_dir("profile");
    write(&root.join("distrolint.toml"), "profile = \"policy/house.toml\"\n");
    write(&root.join("policy/house.toml"), "[profile]\nname = \"house\"\n[rules]\n\"DX009\" = \"info\"\n");
    let client = Client::start(watching()).await;
    let uri = uri_of(&root.join("Dockerfile"));
    client.open(&uri, 1, BROKEN).await;
    assert_eq!(with_code(&client.diagnostics(&uri, 1).await, "DX009")[0]["severity"], 3);
    let profile = root.join("policy/house.toml");
    let wanted = profile.display().to_string();
    let deadline = tokio::time::Instant::now() + crate::harness::TIMEOUT;
    loop {
        let registered =
            client.server_requests().into_iter().filter(|r| r.method == "client/registerCapability").any(|r| {
                r.params["registrations"][0]["registerOptions"]["watchers"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|w| w["globPattern"] == wanted.as_str())
            });
        if registered {
            break;
        }
        assert!(tokio::time::Instant::now() < deadline, "no watcher for {wanted}: {:#?}", client.server_requests());
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    // The old registration is replaced, not added to.
    assert!(client.server_requests().iter().any(|r| r.method == "client/unregisterCapability"));
    write(&profile, "[profile]\nname = \"house\"\n[rules]\n\"DX009\" = \"hint\"\n");
    client.notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": uri_of(&profile), "type": 2}]})).await;
    client
        .wait_for(
            "a relint with the new profile",
            is_publication_of(&uri, |d| d.iter().any(|d| d["code"] == "DX009" && d["severity"] == 4)),
        )
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn editor_settings_from_initialization_options() {
    let options = json!({"distrolint": {"rules": {"malformed-json-args": "info"}}});
    let setup = Setup { initialization_options: Some(options), ..Setup::default() };
    let client = Client::start(setup).await;
    client.open(URI, 1, BROKEN).await;
    assert_eq!(with_code(&client.diagnostics(URI, 1).await, "DX009")[0]["severity"], 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn editor_settings_are_pulled_with_workspace_configuration() {
    let mut setup = Setup::default();
    setup.capabilities["workspace"]["configuration"] = json!(true);
    setup.configuration = json!({"rules": {"DX009": "hint"}, "enable": true});
    let client = Client::start(setup).await;
    client.open(URI, 1, BROKEN).await;
    client
        .wait_for(
            "hint severity",
            is_publication_of(URI, |d| d.iter().any(|d| d["code"] == "DX009" && d["severity"] == 4)),
        )
        .await;
    let asked = client.wait_for_request("workspace/configuration").await;
    assert_eq!(asked.params["items"][0]["section"], "distrolint");
    // A change notification makes the server ask again.
    client.set_configuration(json!({"enable": false}));
    client.notify("workspace/didChangeConfiguration", json!({"settings": null})).await;
    client.wait_for("disabled", is_publication_of(URI, <[Value]>::is_empty)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn did_change_configuration_carries_settings_for_clients_that_do_not_answer() {
    let client = Client::start(Setup::default()).await;
    client.open(URI, 1, BROKEN).await;
    assert_eq!(with_code(&client.diagnostics(URI, 1).await, "DX009").len(), 1);
    let settings = json!({"settings": {"distrolint": {"rules": {"DX009": "off"}}}});
    client.notify("workspace/didChangeConfiguration", settings).await;
    client.wait_for("DX009 off", is_publication_of(URI, |d| with_code(d, "DX009").is_empty())).await;
    let bad = json!({"settings": {"distrolint": {"rules": {"DX0O9": "off", "DX009": "loud"}}}});
    client.notify("workspace/didChangeConfiguration", bad).await;
    client.wait_for("DX009 back", is_publication_of(URI, |d| !with_code(d, "DX009").is_empty())).await;
    let config_problem = client
        .wait_for("the unknown rule is reported", is_publication_of(URI, |d| d.iter().any(|d| d["code"] == "config")))
        .await;
    let message = config_problem.params["diagnostics"][0]["message"].as_str().unwrap().to_owned();
    assert!(message.contains("unknown rule `DX0O9`; did you mean `DX009`?"), "{message}");
    let logged = client.notifications().into_iter().any(|n| {
        n.method == "window/logMessage" && n.params["message"].as_str().unwrap().contains("`DX009` is set to \"loud\"")
    });
    assert!(logged);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn configuration_preference_decides_between_file_and_editor() {
    let root = temp_dir("preference");
    write(&root.join("distrolint.toml"), "[rules]\n\"DX009\" = \"off\"\n");
    let uri = uri_of(&root.join("Dockerfile"));
    for (preference, expected) in [("filesystemFirst", None), ("editorFirst", Some(1)), ("editorOnly", Some(2))] {
        let mut setup = Setup::default();
        let rules = if preference == "editorOnly" { json!({}) } else { json!({"DX009": "error"}) };
        setup.initialization_options =
            Some(json!({"distrolint": {"rules": rules, "configurationPreference": preference}}));
        let client = Client::start(setup).await;
        client.open(&uri, 1, BROKEN).await;
        let diagnostics = client.diagnostics(&uri, 1).await;
        let severity = with_code(&diagnostics, "DX009").first().map(|d| d["severity"].as_i64().unwrap());
        assert_eq!(severity, expected, "{preference}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn config_errors_are_shown_once_and_linting_goes_on() {
    let root = temp_dir("broken");
    write(&root.join("distrolint.toml"), "[rules\n\"DX009\" = \"off\"\n");
    let client = Client::start(Setup::default()).await;
    let uri = uri_of(&root.join("Dockerfile"));
    client.open(&uri, 1, BROKEN).await;
    let diagnostics = client.diagnostics(&uri, 1).await;
    let config = with_code(&diagnostics, "config");
    assert_eq!(config.len(), 1);
    assert_eq!(config[0]["range"], json!({"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}));
    assert!(config[0]["message"].as_str().unwrap().contains("distrolint.toml"));
    assert_eq!(with_code(&diagnostics, "DX009").len(), 1, "the defaults still apply");
    client.change(&uri, 2, json!([{"text": "FROM alpine:3.20\nCMD ['y']\n"}])).await;
    client.diagnostics(&uri, 2).await;
    let shown: Vec<_> = client.notifications().into_iter().filter(|n| n.method == "window/showMessage").collect();
    assert_eq!(shown.len(), 1, "{shown:#?}");
    assert_eq!(shown[0].params["type"], 1);
    assert!(shown[0].params["message"].as_str().unwrap().contains(&root.join("distrolint.toml").display().to_string()));
    // No code actions for the configuration diagnostic.
    let context = json!({"diagnostics": [config[0]], "only": ["quickfix"]});
    let params = json!({"textDocument": {"uri": uri}, "range": config[0]["range"], "context": context});
    assert_eq!(client.request("textDocument/codeAction", params).await.unwrap(), json!([]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn folder_settings_apply_to_documents_in_the_folder() {
    let inside = temp_dir("folder");
    let mut setup = Setup::default();
    setup.capabilities["workspace"]["configuration"] = json!(true);
    setup.folders = vec![inside.clone()];
    setup.configuration = json!({"rules": {"DX009": "info"}});
    let client = Client::start(setup).await;
    let asked = client.wait_for_request("workspace/configuration").await;
    assert_eq!(asked.params["items"][1]["scopeUri"], uri_of(&inside));
    let uri = uri_of(&inside.join("Dockerfile"));
    client.open(&uri, 1, BROKEN).await;
    client
        .wait_for("info", is_publication_of(&uri, |d| d.iter().any(|d| d["code"] == "DX009" && d["severity"] == 3)))
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn added_workspace_folders_get_their_settings() {
    let folder = temp_dir("added");
    let mut setup = Setup::default();
    setup.capabilities["workspace"]["configuration"] = json!(true);
    let client = Client::start(setup).await;
    client.wait_for_request("workspace/configuration").await;
    let uri = uri_of(&folder.join("Dockerfile"));
    client.open(&uri, 1, BROKEN).await;
    assert_eq!(with_code(&client.diagnostics(&uri, 1).await, "DX009")[0]["severity"], 2);
    client.set_configuration(json!({"rules": {"DX009": "hint"}}));
    let event = json!({"event": {"added": [{"uri": uri_of(&folder), "name": "added"}], "removed": []}});
    client.notify("workspace/didChangeWorkspaceFolders", event).await;
    client
        .wait_for(
            "hint in the new folder",
            is_publication_of(&uri, |d| d.iter().any(|d| d["code"] == "DX009" && d["severity"] == 4)),
        )
        .await;
    let scopes: Vec<Value> = client
        .server_requests()
        .into_iter()
        .filter(|r| r.method == "workspace/configuration")
        .flat_map(|r| r.params["items"].as_array().cloned().unwrap_or_default())
        .filter_map(|item| item.get("scopeUri").cloned())
        .collect();
    assert_eq!(scopes, [json!(uri_of(&folder))]);
}
