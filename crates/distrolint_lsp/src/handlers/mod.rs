//! One file per request or notification. Each handler takes the shared [`State`] and the
//! request's params; `server.rs` only calls them.
//!
//! Handlers that compute an answer run that computation through [`guard`], so a bug in the
//! engine or here turns into a JSON-RPC error for that request instead of taking the server down.

pub(crate) mod code_action;
pub(crate) mod completion;
pub(crate) mod definition;
pub(crate) mod diagnostic;
pub(crate) mod did_change;
pub(crate) mod did_change_configuration;
pub(crate) mod did_change_watched_files;
pub(crate) mod did_change_workspace_folders;
pub(crate) mod did_close;
pub(crate) mod did_open;
pub(crate) mod document_symbol;
pub(crate) mod hover;
pub(crate) mod initialize;
pub(crate) mod initialized;
pub(crate) mod invalid_message;
pub(crate) mod prepare_rename;
pub(crate) mod references;
pub(crate) mod rename;
pub(crate) mod shutdown;

use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

use distrolint_linter::Settings;
use distrolint_linter::model::Model;
use distrolint_linter::syntax::Dockerfile;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::{
    DocumentChanges, OneOf, OptionalVersionedTextDocumentIdentifier, TextDocumentEdit, TextEdit, Uri, WorkspaceEdit,
};

use crate::encoding::PositionEncoding;
use crate::session::{Capabilities, Snapshot, State};

/// Runs `f`, turning a panic into an internal error for the request.
pub(crate) fn guard<T>(what: &str, f: impl FnOnce() -> Result<T>) -> Result<T> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|_| {
        let mut error = Error::internal_error();
        error.message = format!("distrolint failed while computing {what}").into();
        Err(error)
    })
}

/// An open document with what handlers need to answer about it.
pub(crate) struct Context {
    /// The document's current text and version.
    pub(crate) snapshot: Arc<Snapshot>,
    /// The position encoding.
    pub(crate) encoding: PositionEncoding,
    /// What the client can do.
    pub(crate) capabilities: Capabilities,
}

impl Context {
    /// The context for `uri`, or `None` when the document is not open.
    pub(crate) fn of(state: &State, uri: &Uri) -> Option<Context> {
        let session = state.session();
        let snapshot = session.snapshot(uri)?;
        Some(Context { snapshot, encoding: session.encoding, capabilities: session.capabilities })
    }

    /// Parses the document and builds its model (with default settings: navigation does not
    /// depend on configuration), and hands both to `f`.
    pub(crate) fn with_model<T>(&self, f: impl FnOnce(&Dockerfile, &Model<'_>) -> T) -> T {
        let file = distrolint_linter::syntax::parse(&self.snapshot.text);
        let model = Model::new(&file, &Settings::default());
        f(&file, &model)
    }

    /// The settings the document is linted with (configuration files included).
    pub(crate) fn settings(&self, state: &State) -> Arc<Settings> {
        let (editor, base) = state.session().editor_settings(&self.snapshot.uri);
        state.resolve(&self.snapshot.uri, &editor, base.as_deref()).settings
    }

    /// The byte offset of an LSP position.
    pub(crate) fn offset(&self, position: tower_lsp_server::ls_types::Position) -> u32 {
        self.snapshot.line_map(self.encoding).offset(position)
    }

    /// A workspace edit of this document: versioned `documentChanges` when the client takes
    /// them, so a stale edit is refused, else plain `changes`.
    pub(crate) fn edit(&self, version: i32, edits: Vec<TextEdit>) -> WorkspaceEdit {
        workspace_edit(self.capabilities, &self.snapshot.uri, version, edits)
    }
}

/// A workspace edit of one document.
pub(crate) fn workspace_edit(
    capabilities: Capabilities,
    uri: &Uri,
    version: i32,
    edits: Vec<TextEdit>,
) -> WorkspaceEdit {
    if capabilities.document_changes {
        let edit = TextDocumentEdit {
            text_document: OptionalVersionedTextDocumentIdentifier { uri: uri.clone(), version: Some(version) },
            edits: edits.into_iter().map(OneOf::Left).collect(),
        };
        WorkspaceEdit { document_changes: Some(DocumentChanges::Edits(vec![edit])), ..WorkspaceEdit::default() }
    } else {
        WorkspaceEdit { changes: Some(HashMap::from([(uri.clone(), edits)])), ..WorkspaceEdit::default() }
    }
}
