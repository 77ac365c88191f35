//! distrolint's language server.
//!
//! `distrolint server` runs [`run`], which speaks the Language Server Protocol over standard
//! input and output. The server lints every open Dockerfile on each change with the same engine
//! as the CLI and pushes the diagnostics (or answers `textDocument/diagnostic` for clients that
//! pull), offers the engine's fixes and suppressions as code actions, and answers hover,
//! completion, document symbols, definition, references and rename.
//!
//! The crate is the only one in the workspace that knows LSP types. It is built on
//! `tower-lsp-server`; [`server`] implements its `LanguageServer` trait by delegating each
//! request to one file under `handlers/`, and the [`session`](crate::session) holds the state.

mod analysis;
mod docs;
mod encoding;
mod handlers;
mod lint;
pub mod server;
mod session;
mod transport;
mod watch;

use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite};
use tower_lsp_server::{ClientSocket, LspService};

pub use server::Server;

/// Knobs for tests and benchmarks; the defaults are what `distrolint server` uses.
#[derive(Clone, Default)]
#[doc(hidden)]
pub struct Options {
    /// When set, each lint waits for a permit of this semaphore before it starts (the permit is
    /// returned at once). Tests hold it at zero to queue edits and then release it, which makes
    /// coalescing deterministic.
    pub lint_gate: Option<Arc<tokio::sync::Semaphore>>,
}

/// Builds the tower service and the socket it talks to the client through.
pub fn service() -> (LspService<Server>, ClientSocket) {
    service_with(Options::default())
}

/// [`service`] with [`Options`].
#[doc(hidden)]
pub fn service_with(options: Options) -> (LspService<Server>, ClientSocket) {
    LspService::build(|client| Server::new(client, options))
        .custom_method(transport::INVALID_MESSAGE_METHOD, Server::invalid_message)
        .finish()
}

/// Serves one client over a byte stream pair until it sends `exit` or closes `input`.
///
/// Returns whether the session ended as the protocol asks: `shutdown` received before `exit`.
pub async fn serve<I, O>(input: I, output: O) -> bool
where
    I: AsyncRead + Unpin + Send + 'static,
    O: AsyncWrite,
{
    serve_with(input, output, Options::default()).await
}

/// [`serve`] with [`Options`].
#[doc(hidden)]
pub async fn serve_with<I, O>(input: I, output: O, options: Options) -> bool
where
    I: AsyncRead + Unpin + Send + 'static,
    O: AsyncWrite,
{
    let (service, socket) = service_with(options);
    let shut_down = Arc::new(AtomicBool::new(false));
    let service = transport::WatchShutdown::new(service, shut_down.clone());
    // tower-lsp-server stops reading at the first frame it cannot decode, so every frame passes
    // through the sanitizer first (see `transport`).
    let (server_input, sanitized) = tokio::io::duplex(1 << 16);
    let sanitizer = tokio::spawn(transport::sanitize(input, sanitized));
    tower_lsp_server::Server::new(server_input, output, socket).serve(service).await;
    sanitizer.abort();
    shut_down.load(Ordering::SeqCst)
}

/// Serves one client over standard input and output.
pub async fn run_stdio() -> bool {
    serve(tokio::io::stdin(), tokio::io::stdout()).await
}

/// Runs the server over standard input and output on its own tokio runtime; for `distrolint server`.
///
/// The exit code is 0 when the client sent `shutdown` before `exit`, 1 otherwise, as the
/// protocol specifies.
pub fn run() -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build() {
        Ok(runtime) => runtime,
        Err(error) => {
            tracing_error(&format!("distrolint server: cannot start the async runtime: {error}"));
            return ExitCode::from(2);
        }
    };
    let clean = runtime.block_on(run_stdio());
    // Reading stdin blocks a thread that cannot be cancelled; do not wait for it.
    runtime.shutdown_timeout(Duration::from_millis(50));
    if clean { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}

/// Writes a line to standard error, the only channel left when the server cannot start.
#[allow(clippy::print_stderr)]
fn tracing_error(message: &str) {
    eprintln!("{message}");
}
