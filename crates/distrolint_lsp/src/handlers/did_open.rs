//! `textDocument/didOpen`: track the document and lint it.

use std::sync::Arc;

use tower_lsp_server::ls_types::DidOpenTextDocumentParams;

use crate::lint;
use crate::session::State;

/// Opens the document (reopening replaces it) and starts its lint.
pub(crate) fn did_open(state: &Arc<State>, params: DidOpenTextDocumentParams) {
    let document = params.text_document;
    let claimed = {
        let mut session = state.session();
        session.open(document.uri.clone(), document.text, document.version);
        session.claim_lint(&document.uri)
    };
    if let Some(generation) = claimed {
        lint::spawn(state, document.uri, generation);
    }
}
