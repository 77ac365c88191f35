//! `textDocument/didClose`: forget the document and clear its diagnostics.

use std::sync::Arc;

use tower_lsp_server::ls_types::DidCloseTextDocumentParams;

use crate::session::State;

/// Removes the document, then clears its diagnostics. The removal happens first, so a lint
/// that finishes later sees the document gone and publishes nothing; the clearing waits for a
/// publish in progress, so it is the last word.
pub(crate) async fn did_close(state: &Arc<State>, params: DidCloseTextDocumentParams) {
    let uri = params.text_document.uri;
    let push = {
        let mut session = state.session();
        let was_open = session.documents.remove(&uri).is_some();
        was_open && !session.capabilities.pull_diagnostics
    };
    if push {
        let _publishing = state.publish.lock().await;
        state.client.publish_diagnostics(uri, Vec::new(), None).await;
    }
}
