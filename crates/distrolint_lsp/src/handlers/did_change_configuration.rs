//! `workspace/didChangeConfiguration`: read the editor settings again and relint.
//!
//! Clients that answer `workspace/configuration` are asked for the `distrolint` section, once
//! for the whole editor and once per workspace folder; for the others the notification's own
//! `settings` are used.

use std::sync::Arc;

use serde_json::Value;
use tower_lsp_server::ls_types::{ConfigurationItem, DidChangeConfigurationParams, MessageType};

use crate::lint;
use crate::session::State;
use crate::session::settings::ClientSettings;

/// Applies new settings.
pub(crate) async fn did_change_configuration(state: &Arc<State>, params: DidChangeConfigurationParams) {
    if state.session().capabilities.configuration {
        pull_settings(state).await;
        return;
    }
    let Some((settings, problems)) = ClientSettings::from_json(&params.settings) else { return };
    log_problems(state, &problems).await;
    let changed = {
        let mut session = state.session();
        let changed = session.global != settings;
        session.global = settings;
        changed
    };
    if changed {
        settings_changed(state).await;
    }
}

/// Asks the client for the settings of the editor and of each folder, if it answers such
/// requests, and relints when they changed.
pub(crate) async fn pull_settings(state: &Arc<State>) {
    let folders: Vec<_> = {
        let session = state.session();
        if !session.capabilities.configuration || session.shut_down {
            return;
        }
        session.folders.iter().map(|f| f.uri.clone()).collect()
    };
    let section = Some("distrolint".to_owned());
    let mut items = vec![ConfigurationItem { scope_uri: None, section: section.clone() }];
    items
        .extend(folders.iter().map(|uri| ConfigurationItem { scope_uri: Some(uri.clone()), section: section.clone() }));
    let values = match state.client.configuration(items).await {
        Ok(values) => values,
        Err(error) => {
            let message = format!("distrolint: the client did not send settings: {error}");
            state.client.log_message(MessageType::WARNING, message).await;
            return;
        }
    };
    let mut problems = Vec::new();
    let mut read = |value: Option<&Value>| {
        let (settings, found) = ClientSettings::from_json(value?)?;
        problems.extend(found);
        Some(settings)
    };
    let global = read(values.first());
    let scoped: Vec<Option<ClientSettings>> = (0..folders.len()).map(|i| read(values.get(i + 1))).collect();
    log_problems(state, &problems).await;
    let changed = {
        let mut session = state.session();
        let mut changed = false;
        if let Some(global) = global {
            changed |= session.global != global;
            session.global = global;
        }
        for (uri, settings) in folders.iter().zip(scoped) {
            if let Some(folder) = session.folders.iter_mut().find(|f| &f.uri == uri) {
                changed |= folder.settings != settings;
                folder.settings = settings;
            }
        }
        changed
    };
    if changed {
        settings_changed(state).await;
    }
}

/// Relints everything after a settings or configuration change.
pub(crate) async fn settings_changed(state: &Arc<State>) {
    let (claimed, refresh) = {
        let mut session = state.session();
        let claimed = session.bump_epoch();
        (claimed, session.capabilities.pull_diagnostics && session.capabilities.diagnostic_refresh)
    };
    lint::spawn_all(state, claimed);
    if refresh {
        // Pulling clients ask again after this; the answer does not matter.
        let _ = state.client.workspace_diagnostic_refresh().await;
    }
}

async fn log_problems(state: &State, problems: &[String]) {
    for problem in problems {
        state.client.log_message(MessageType::WARNING, format!("distrolint: {problem}")).await;
    }
}
