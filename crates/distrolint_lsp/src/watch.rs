//! File watching: the server asks the client to report changes to configuration files
//! (`**/{distrolint,.distrolint}.toml`) and to the profile files they name, and keeps that
//! registration in step with the profiles the configurations name.

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use tower_lsp_server::ls_types::{
    DidChangeWatchedFilesRegistrationOptions, FileSystemWatcher, GlobPattern, MessageType, OneOf, Registration,
    RelativePattern, Unregistration, Uri,
};

use crate::session::State;

/// The glob of configuration files.
pub(crate) const CONFIG_GLOB: &str = "**/{distrolint,.distrolint}.toml";

const METHOD: &str = "workspace/didChangeWatchedFiles";

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// Registers the watchers, or registers them again when the set of profile files changed.
/// Does nothing when the client cannot register watchers dynamically.
pub(crate) async fn sync(state: &State) {
    let profiles = state.configs().profile_files().clone();
    let (relative, previous, id) = {
        let mut session = state.session();
        if !session.capabilities.watch_files || session.shut_down {
            return;
        }
        if session.watch_id.is_some() && session.watched_profiles == profiles {
            return;
        }
        session.watched_profiles.clone_from(&profiles);
        let id = format!("distrolint-watch-{}", NEXT_ID.fetch_add(1, Ordering::Relaxed));
        (session.capabilities.relative_patterns, session.watch_id.replace(id.clone()), id)
    };
    if let Some(previous) = previous {
        let gone = Unregistration { id: previous, method: METHOD.to_owned() };
        if let Err(error) = state.client.unregister_capability(vec![gone]).await {
            state
                .client
                .log_message(MessageType::WARNING, format!("distrolint: unregistering watchers: {error}"))
                .await;
        }
    }
    let mut watchers =
        vec![FileSystemWatcher { glob_pattern: GlobPattern::String(CONFIG_GLOB.to_owned()), kind: None }];
    watchers.extend(profiles.iter().filter_map(|p| profile_watcher(p, relative)));
    let options = DidChangeWatchedFilesRegistrationOptions { watchers };
    let registration =
        Registration { id, method: METHOD.to_owned(), register_options: serde_json::to_value(options).ok() };
    if let Err(error) = state.client.register_capability(vec![registration]).await {
        state.client.log_message(MessageType::WARNING, format!("distrolint: registering watchers: {error}")).await;
    }
}

fn profile_watcher(path: &Path, relative: bool) -> Option<FileSystemWatcher> {
    let glob_pattern = if relative {
        let dir = Uri::from_file_path(path.parent()?)?;
        let name = path.file_name()?.to_str()?.to_owned();
        GlobPattern::Relative(RelativePattern { base_uri: OneOf::Right(dir), pattern: name })
    } else {
        GlobPattern::String(path.to_str()?.to_owned())
    };
    Some(FileSystemWatcher { glob_pattern, kind: None })
}

/// Whether a changed file can affect configuration: a configuration file, a watched profile,
/// or any other TOML file (a profile may be written before a configuration names it).
pub(crate) fn affects_config(state: &State, uri: &Uri) -> bool {
    let Some(path) = uri.to_file_path() else { return false };
    path.extension().is_some_and(|e| e == "toml") || state.session().watched_profiles.contains(path.as_ref())
}
