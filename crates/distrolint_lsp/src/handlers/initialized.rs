//! `initialized`: register the file watchers, ask for the editor settings, and report settings
//! problems found during `initialize`.

use std::sync::Arc;

use tower_lsp_server::ls_types::MessageType;

use crate::handlers::did_change_configuration;
use crate::session::State;
use crate::watch;

/// Finishes the handshake.
pub(crate) async fn initialized(state: &Arc<State>) {
    let pending = std::mem::take(&mut state.session().pending_messages);
    for message in pending {
        state.client.log_message(MessageType::WARNING, format!("distrolint: {message}")).await;
    }
    watch::sync(state).await;
    did_change_configuration::pull_settings(state).await;
}
