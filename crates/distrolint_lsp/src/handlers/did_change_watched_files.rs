//! `workspace/didChangeWatchedFiles`: a configuration or profile file changed; read the
//! configuration again and relint.

use std::sync::Arc;

use tower_lsp_server::ls_types::DidChangeWatchedFilesParams;

use crate::handlers::did_change_configuration::settings_changed;
use crate::session::State;
use crate::watch;

/// Drops the cached configuration when a change can affect it, then relints every document.
pub(crate) async fn did_change_watched_files(state: &Arc<State>, params: DidChangeWatchedFilesParams) {
    if !params.changes.iter().any(|change| watch::affects_config(state, &change.uri)) {
        return;
    }
    state.configs().clear();
    settings_changed(state).await;
}
