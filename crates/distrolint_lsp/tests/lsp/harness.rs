//! A language client in memory: it runs the real server (`distrolint_lsp::serve_with`) over a
//! pair of in-memory pipes, speaks framed JSON-RPC to it, answers the server's own requests
//! (`workspace/configuration`, `client/registerCapability`) and records every notification.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader, DuplexStream, WriteHalf};
use tokio::sync::{Notify, oneshot};

/// How long any single wait may take before the test fails.
pub(crate) const TIMEOUT: Duration = Duration::from_secs(30);

/// What the client announces and how it answers the server.
#[derive(Clone)]
pub(crate) struct Setup {
    /// The `capabilities` of `initialize`.
    pub(crate) capabilities: Value,
    /// `initializationOptions`.
    pub(crate) initialization_options: Option<Value>,
    /// `workspaceFolders`.
    pub(crate) folders: Vec<PathBuf>,
    /// The answer to each `workspace/configuration` item (the same for every item).
    pub(crate) configuration: Value,
    /// Test hooks.
    pub(crate) options: distrolint_lsp::Options,
}

impl Default for Setup {
    fn default() -> Self {
        Setup {
            capabilities: json!({
                "general": {"positionEncodings": ["utf-16"]},
                "textDocument": {
                    "completion": {"completionItem": {"snippetSupport": true}},
                    "hover": {"contentFormat": ["markdown", "plaintext"]},
                    "documentSymbol": {"hierarchicalDocumentSymbolSupport": true},
                    "publishDiagnostics": {"relatedInformation": true}
                },
                "workspace": {"workspaceEdit": {"documentChanges": true}}
            }),
            initialization_options: None,
            folders: Vec::new(),
            configuration: Value::Null,
            options: distrolint_lsp::Options::default(),
        }
    }
}

/// A message the server sent that was not a response.
#[derive(Clone, Debug)]
pub(crate) struct Incoming {
    /// The method.
    pub(crate) method: String,
    /// The params.
    pub(crate) params: Value,
}

#[derive(Default)]
struct Shared {
    pending: Mutex<HashMap<i64, oneshot::Sender<Value>>>,
    notifications: Mutex<Vec<Incoming>>,
    server_requests: Mutex<Vec<Incoming>>,
    arrived: Notify,
    configuration: Mutex<Value>,
}

/// The client.
pub(crate) struct Client {
    writer: Arc<tokio::sync::Mutex<WriteHalf<DuplexStream>>>,
    shared: Arc<Shared>,
    next_id: AtomicI64,
    server: Option<tokio::task::JoinHandle<bool>>,
    /// The `initialize` result.
    pub(crate) initialize_result: Value,
}

impl Client {
    /// Starts a server and completes the handshake.
    pub(crate) async fn start(setup: Setup) -> Client {
        let mut client = Client::connect(&setup);
        let folders: Vec<Value> =
            setup.folders.iter().map(|p| json!({"uri": uri_of(p), "name": p.display().to_string()})).collect();
        let mut params = json!({
            "processId": null,
            "rootUri": null,
            "capabilities": setup.capabilities,
            "workspaceFolders": if folders.is_empty() { Value::Null } else { Value::Array(folders) },
        });
        if let Some(options) = setup.initialization_options {
            params["initializationOptions"] = options;
        }
        client.initialize_result = client.request("initialize", params).await.expect("initialize");
        client.notify("initialized", json!({})).await;
        client
    }

    /// Starts a server without the handshake.
    pub(crate) fn connect(setup: &Setup) -> Client {
        let (client_side, server_side) = tokio::io::duplex(1 << 20);
        let (server_read, server_write) = tokio::io::split(server_side);
        let (client_read, client_write) = tokio::io::split(client_side);
        let server = tokio::spawn(distrolint_lsp::serve_with(server_read, server_write, setup.options.clone()));
        let shared = Arc::new(Shared { configuration: Mutex::new(setup.configuration.clone()), ..Shared::default() });
        let writer = Arc::new(tokio::sync::Mutex::new(client_write));
        tokio::spawn(read_loop(BufReader::new(client_read), shared.clone(), writer.clone()));
        Client { writer, shared, next_id: AtomicI64::new(1), server: Some(server), initialize_result: Value::Null }
    }

    /// Changes the answer to `workspace/configuration`.
    pub(crate) fn set_configuration(&self, value: Value) {
        *self.shared.configuration.lock().unwrap() = value;
    }

    /// Sends raw bytes.
    pub(crate) async fn send_raw(&self, bytes: &[u8]) {
        write_all(&self.writer, bytes).await;
    }

    /// Sends one framed JSON message.
    pub(crate) async fn send(&self, message: &Value) {
        let body = serde_json::to_vec(message).unwrap();
        let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        frame.extend_from_slice(&body);
        self.send_raw(&frame).await;
    }

    /// Sends a notification.
    pub(crate) async fn notify(&self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params})).await;
    }

    /// Sends a request and waits for its response: `Ok(result)` or `Err(error)`.
    pub(crate) async fn request(&self, method: &str, params: Value) -> Result<Value, Value> {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let response = self.request_with_id(json!(id), id, method, params).await;
        match response.get("error") {
            Some(error) => Err(error.clone()),
            None => Ok(response.get("result").cloned().unwrap_or(Value::Null)),
        }
    }

    /// Sends a request with a chosen id and returns the whole response.
    pub(crate) async fn request_with_id(&self, id: Value, key: i64, method: &str, params: Value) -> Value {
        let receiver = self.expect_response(key);
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params})).await;
        tokio::time::timeout(TIMEOUT, receiver).await.unwrap_or_else(|_| panic!("no response to {method}")).unwrap()
    }

    /// A receiver for the response with numeric id `key` (`-1` stands for a `null` id).
    pub(crate) fn expect_response(&self, key: i64) -> oneshot::Receiver<Value> {
        let (sender, receiver) = oneshot::channel();
        self.shared.pending.lock().unwrap().insert(key, sender);
        receiver
    }

    /// Every notification so far.
    pub(crate) fn notifications(&self) -> Vec<Incoming> {
        self.shared.notifications.lock().unwrap().clone()
    }

    /// Every request the server sent so far.
    pub(crate) fn server_requests(&self) -> Vec<Incoming> {
        self.shared.server_requests.lock().unwrap().clone()
    }

    /// Waits until a notification satisfies `check`; returns it.
    pub(crate) async fn wait_for(&self, what: &str, check: impl Fn(&Incoming) -> bool) -> Incoming {
        let wait = async {
            loop {
                let arrived = self.shared.arrived.notified();
                if let Some(found) = self.notifications().into_iter().find(|n| check(n)) {
                    return found;
                }
                arrived.await;
            }
        };
        tokio::time::timeout(TIMEOUT, wait)
            .await
            .unwrap_or_else(|_| panic!("timed out waiting for {what}; got {:#?}", self.notifications()))
    }

    /// Waits until the server sent a request with `method`; returns the first one.
    pub(crate) async fn wait_for_request(&self, method: &str) -> Incoming {
        let wait = async {
            loop {
                let arrived = self.shared.arrived.notified();
                if let Some(found) = self.server_requests().into_iter().find(|r| r.method == method) {
                    return found;
                }
                arrived.await;
            }
        };
        tokio::time::timeout(TIMEOUT, wait).await.unwrap_or_else(|_| panic!("no {method} request"))
    }

    /// Waits for the diagnostics of `uri` at `version`.
    pub(crate) async fn diagnostics(&self, uri: &str, version: i64) -> Vec<Value> {
        let found = self
            .wait_for(&format!("diagnostics of {uri} v{version}"), |n| {
                n.method == "textDocument/publishDiagnostics"
                    && n.params["uri"] == uri
                    && n.params["version"] == version
            })
            .await;
        found.params["diagnostics"].as_array().cloned().unwrap_or_default()
    }

    /// Every `publishDiagnostics` for `uri`, in order.
    pub(crate) fn publications(&self, uri: &str) -> Vec<Value> {
        self.notifications()
            .into_iter()
            .filter(|n| n.method == "textDocument/publishDiagnostics" && n.params["uri"] == uri)
            .map(|n| n.params)
            .collect()
    }

    /// Opens a document.
    pub(crate) async fn open(&self, uri: &str, version: i64, text: &str) {
        let document = json!({"uri": uri, "languageId": "dockerfile", "version": version, "text": text});
        self.notify("textDocument/didOpen", json!({"textDocument": document})).await;
    }

    /// Sends a `didChange` with the given content changes.
    pub(crate) async fn change(&self, uri: &str, version: i64, changes: Value) {
        let params = json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": changes});
        self.notify("textDocument/didChange", params).await;
    }

    /// Closes a document.
    pub(crate) async fn close(&self, uri: &str) {
        self.notify("textDocument/didClose", json!({"textDocument": {"uri": uri}})).await;
    }

    /// `shutdown` then `exit`; returns whether the server reported a clean exit.
    pub(crate) async fn shutdown(mut self) -> bool {
        self.request("shutdown", Value::Null).await.expect("shutdown");
        self.notify("exit", Value::Null).await;
        let server = self.server.take().unwrap();
        tokio::time::timeout(TIMEOUT, server).await.expect("the server did not exit").unwrap()
    }

    /// Sends `shutdown` and `exit` back to back, without waiting for the `shutdown` response.
    pub(crate) async fn shutdown_hastily(mut self) -> bool {
        self.send(&json!({"jsonrpc": "2.0", "id": 999, "method": "shutdown"})).await;
        self.notify("exit", Value::Null).await;
        let server = self.server.take().unwrap();
        tokio::time::timeout(TIMEOUT, server).await.expect("the server did not exit").unwrap()
    }

    /// Sends `exit` without `shutdown`; returns what the server reported.
    pub(crate) async fn exit_abruptly(mut self) -> bool {
        self.notify("exit", Value::Null).await;
        let server = self.server.take().unwrap();
        tokio::time::timeout(TIMEOUT, server).await.expect("the server did not exit").unwrap()
    }

    /// Whether the server task is still running.
    pub(crate) fn server_running(&self) -> bool {
        self.server.as_ref().is_some_and(|s| !s.is_finished())
    }
}

async fn read_loop(
    mut reader: BufReader<tokio::io::ReadHalf<DuplexStream>>,
    shared: Arc<Shared>,
    writer: Arc<tokio::sync::Mutex<WriteHalf<DuplexStream>>>,
) {
    loop {
        let mut length = None;
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).await.unwrap_or(0) == 0 {
                return;
            }
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(value) = line.strip_prefix("Content-Length: ") {
                length = value.parse::<usize>().ok();
            }
        }
        let mut body = vec![0; length.expect("Content-Length")];
        reader.read_exact(&mut body).await.unwrap();
        let message: Value = serde_json::from_slice(&body).unwrap();
        let method = message.get("method").and_then(Value::as_str).map(str::to_owned);
        match (method, message.get("id")) {
            (Some(method), Some(id)) => {
                let answer = match method.as_str() {
                    "workspace/configuration" => {
                        let items = message["params"]["items"].as_array().map_or(0, Vec::len);
                        let value = shared.configuration.lock().unwrap().clone();
                        Value::Array(vec![value; items])
                    }
                    _ => Value::Null,
                };
                shared.server_requests.lock().unwrap().push(Incoming { method, params: message["params"].clone() });
                let body = serde_json::to_vec(&json!({"jsonrpc": "2.0", "id": id, "result": answer})).unwrap();
                let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
                frame.extend_from_slice(&body);
                write_all(&writer, &frame).await;
            }
            (Some(method), None) => {
                shared.notifications.lock().unwrap().push(Incoming { method, params: message["params"].clone() });
            }
            (None, id) => {
                let key = id.and_then(Value::as_i64).unwrap_or(-1);
                if let Some(sender) = shared.pending.lock().unwrap().remove(&key) {
                    let _ = sender.send(message);
                }
            }
        }
        shared.arrived.notify_waiters();
    }
}

async fn write_all(writer: &tokio::sync::Mutex<WriteHalf<DuplexStream>>, bytes: &[u8]) {
    let mut writer = writer.lock().await;
    // The server may have exited; a test that cares checks the server task.
    let _ = writer.write_all(bytes).await;
    let _ = writer.flush().await;
}

/// A `file://` URI for a path.
pub(crate) fn uri_of(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// A fresh directory under the system's temporary directory.
pub(crate) fn temp_dir(name: &str) -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("distrolint-lsp-{name}-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
