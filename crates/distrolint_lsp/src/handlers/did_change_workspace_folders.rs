//! `workspace/didChangeWorkspaceFolders`: track added and removed folders and their settings.

use std::sync::Arc;

use tower_lsp_server::ls_types::DidChangeWorkspaceFoldersParams;

use crate::handlers::did_change_configuration::{pull_settings, settings_changed};
use crate::session::{Folder, State};

/// Updates the folders, then asks for their settings and relints.
pub(crate) async fn did_change_workspace_folders(state: &Arc<State>, params: DidChangeWorkspaceFoldersParams) {
    {
        let mut session = state.session();
        let removed = params.event.removed;
        session.folders.retain(|f| !removed.iter().any(|r| r.uri == f.uri));
        for added in params.event.added {
            if session.folders.iter().all(|f| f.uri != added.uri) {
                let path = added.uri.to_file_path().map(std::borrow::Cow::into_owned);
                session.folders.push(Folder { uri: added.uri, path, settings: None });
            }
        }
    }
    state.configs().clear();
    settings_changed(state).await;
    pull_settings(state).await;
}
