//! `textDocument/didChange`: apply the edits and lint the new version.
//!
//! The edits are applied before the first `await`, so they apply in the order the client sent
//! them even though tower-lsp-server runs handlers concurrently.

use std::sync::Arc;

use tower_lsp_server::ls_types::{DidChangeTextDocumentParams, MessageType};

use crate::lint;
use crate::session::State;

/// Applies the changes; a change to a document that is not open, or with a version that does
/// not increase, is logged and ignored.
pub(crate) async fn did_change(state: &Arc<State>, params: DidChangeTextDocumentParams) {
    let uri = params.text_document.uri;
    let outcome = {
        let mut session = state.session();
        let encoding = session.encoding;
        match session.documents.get_mut(&uri) {
            None => Err(format!("distrolint: ignored a change to {}, which is not open", uri.as_str())),
            Some(document) => Arc::make_mut(&mut document.snapshot)
                .apply_changes(params.text_document.version, params.content_changes, encoding)
                .map_err(|stale| format!("distrolint: {}: {stale}", uri.as_str()))
                .map(|()| session.claim_lint(&uri)),
        }
    };
    match outcome {
        Ok(Some(generation)) => lint::spawn(state, uri, generation),
        Ok(None) => {}
        Err(message) => state.client.log_message(MessageType::WARNING, message).await,
    }
}
