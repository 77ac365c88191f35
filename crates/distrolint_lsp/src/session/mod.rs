//! The server's state: open documents, workspace folders, client settings and capabilities,
//! and the configuration cache.
//!
//! [`Session`] is plain data behind a `std::sync::Mutex`, locked briefly and never across an
//! `await`. Handlers take a [`Snapshot`] of a document and work on it without the lock.

pub(crate) mod config;
pub(crate) mod document;
pub(crate) mod settings;

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use tower_lsp_server::Client;
use tower_lsp_server::ls_types::{ClientCapabilities, Uri};

use self::config::{ConfigCache, OsFs, Resolved};
pub(crate) use self::document::Snapshot;
use self::settings::ClientSettings;
use crate::Options;
use crate::encoding::PositionEncoding;
use crate::lint::LintOutput;

/// An open document and the state of its lint.
pub(crate) struct Document {
    /// The current text and version.
    pub(crate) snapshot: Arc<Snapshot>,
    /// Distinguishes this opening of the URI from earlier ones.
    pub(crate) generation: u64,
    /// Whether a lint task is running for the document.
    pub(crate) linting: bool,
    /// The newest lint result that was current when it finished.
    pub(crate) last: Option<Arc<LintOutput>>,
}

/// A workspace folder and its editor settings.
pub(crate) struct Folder {
    /// The folder's URI.
    pub(crate) uri: Uri,
    /// The folder on disk, for `file:` URIs.
    pub(crate) path: Option<PathBuf>,
    /// Settings scoped to the folder, once the client sent them.
    pub(crate) settings: Option<ClientSettings>,
}

/// What the client can do, reduced to what the server asks.
#[derive(Clone, Copy, Debug, Default)]
#[allow(clippy::struct_excessive_bools)]
pub(crate) struct Capabilities {
    /// The client pulls diagnostics (`textDocument/diagnostic`), so the server does not push.
    pub(crate) pull_diagnostics: bool,
    /// The client can be asked to pull again (`workspace/diagnostic/refresh`).
    pub(crate) diagnostic_refresh: bool,
    /// Completion items may be snippets.
    pub(crate) snippets: bool,
    /// Hover may be Markdown.
    pub(crate) markdown: bool,
    /// Document symbols may nest.
    pub(crate) hierarchical_symbols: bool,
    /// The client answers `workspace/configuration`.
    pub(crate) configuration: bool,
    /// File watchers can be registered dynamically.
    pub(crate) watch_files: bool,
    /// Watchers can use relative patterns.
    pub(crate) relative_patterns: bool,
    /// Workspace edits may carry document versions.
    pub(crate) document_changes: bool,
    /// Diagnostics may point at related locations.
    pub(crate) related_information: bool,
}

impl Capabilities {
    /// Reads the client's capabilities.
    pub(crate) fn from_client(caps: &ClientCapabilities) -> Capabilities {
        let text = caps.text_document.as_ref();
        let workspace = caps.workspace.as_ref();
        let watched = workspace.and_then(|w| w.did_change_watched_files.as_ref());
        Capabilities {
            pull_diagnostics: text.and_then(|t| t.diagnostic.as_ref()).is_some(),
            diagnostic_refresh: workspace
                .and_then(|w| w.diagnostics.as_ref())
                .and_then(|d| d.refresh_support)
                .unwrap_or(false),
            snippets: text
                .and_then(|t| t.completion.as_ref())
                .and_then(|c| c.completion_item.as_ref())
                .and_then(|i| i.snippet_support)
                .unwrap_or(false),
            markdown: text
                .and_then(|t| t.hover.as_ref())
                .and_then(|h| h.content_format.as_ref())
                .is_none_or(|formats| formats.contains(&tower_lsp_server::ls_types::MarkupKind::Markdown)),
            hierarchical_symbols: text
                .and_then(|t| t.document_symbol.as_ref())
                .and_then(|s| s.hierarchical_document_symbol_support)
                .unwrap_or(false),
            configuration: workspace.and_then(|w| w.configuration).unwrap_or(false),
            watch_files: watched.and_then(|w| w.dynamic_registration).unwrap_or(false),
            relative_patterns: watched.and_then(|w| w.relative_pattern_support).unwrap_or(false),
            document_changes: workspace
                .and_then(|w| w.workspace_edit.as_ref())
                .and_then(|e| e.document_changes)
                .unwrap_or(false),
            related_information: text
                .and_then(|t| t.publish_diagnostics.as_ref())
                .and_then(|p| p.related_information)
                .unwrap_or(false),
        }
    }
}

/// Documents, folders, settings and capabilities.
#[derive(Default)]
pub(crate) struct Session {
    /// Open documents.
    pub(crate) documents: HashMap<Uri, Document>,
    /// The negotiated position encoding.
    pub(crate) encoding: PositionEncoding,
    /// What the client can do.
    pub(crate) capabilities: Capabilities,
    /// Settings for documents outside every folder, and for folders without their own.
    pub(crate) global: ClientSettings,
    /// Workspace folders.
    pub(crate) folders: Vec<Folder>,
    /// Bumped whenever settings or configuration files change; lint results carry it.
    pub(crate) epoch: u64,
    /// Configuration problems already shown with `window/showMessage`.
    pub(crate) shown: HashSet<String>,
    /// Profile files the registered watcher covers.
    pub(crate) watched_profiles: BTreeSet<PathBuf>,
    /// The id of the current watcher registration.
    pub(crate) watch_id: Option<String>,
    /// Whether `shutdown` was received.
    pub(crate) shut_down: bool,
    /// Settings problems found before the client could be told (during `initialize`).
    pub(crate) pending_messages: Vec<String>,
    next_generation: u64,
}

impl Session {
    /// Opens (or reopens) a document; returns its generation.
    pub(crate) fn open(&mut self, uri: Uri, text: String, version: i32) -> u64 {
        self.next_generation += 1;
        let generation = self.next_generation;
        let snapshot = Arc::new(Snapshot::new(uri.clone(), text, version));
        self.documents.insert(uri, Document { snapshot, generation, linting: false, last: None });
        generation
    }

    /// The current snapshot of an open document.
    pub(crate) fn snapshot(&self, uri: &Uri) -> Option<Arc<Snapshot>> {
        self.documents.get(uri).map(|d| d.snapshot.clone())
    }

    /// The editor settings that apply to a document, and the folder a relative profile path
    /// in them starts from.
    pub(crate) fn editor_settings(&self, uri: &Uri) -> (ClientSettings, Option<PathBuf>) {
        let path = uri.to_file_path();
        let folder = self
            .folders
            .iter()
            .filter(|f| match (&f.path, &path) {
                (Some(folder), Some(path)) => path.starts_with(folder),
                _ => uri.as_str().starts_with(f.uri.as_str()),
            })
            .max_by_key(|f| f.uri.as_str().len());
        let settings = folder.and_then(|f| f.settings.clone()).unwrap_or_else(|| self.global.clone());
        let base = folder.and_then(|f| f.path.clone()).or_else(|| path.and_then(|p| p.parent().map(Path::to_path_buf)));
        (settings, base)
    }

    /// Claims the lint of a document: returns its generation when a lint task must start, and
    /// `None` when one is running (it will see the newest version), when the document is not
    /// open, after `shutdown`, or when the client pulls diagnostics instead.
    pub(crate) fn claim_lint(&mut self, uri: &Uri) -> Option<u64> {
        if self.capabilities.pull_diagnostics || self.shut_down {
            return None;
        }
        let document = self.documents.get_mut(uri)?;
        if document.linting {
            return None;
        }
        document.linting = true;
        Some(document.generation)
    }

    /// Marks settings or configuration as changed and claims a lint of every open document.
    pub(crate) fn bump_epoch(&mut self) -> Vec<(Uri, u64)> {
        self.epoch += 1;
        self.shown.clear();
        let uris: Vec<Uri> = self.documents.keys().cloned().collect();
        uris.into_iter().filter_map(|uri| self.claim_lint(&uri).map(|g| (uri, g))).collect()
    }
}

/// Everything the handlers share.
pub(crate) struct State {
    /// The connection to the client.
    pub(crate) client: Client,
    /// Documents, folders and settings.
    session: Mutex<Session>,
    /// Configuration files read so far.
    configs: Mutex<ConfigCache>,
    /// Held while publishing, so a lint result and a close never interleave.
    pub(crate) publish: tokio::sync::Mutex<()>,
    /// Test and benchmark knobs.
    pub(crate) options: Options,
}

impl State {
    /// The state of a new server.
    pub(crate) fn new(client: Client, options: Options) -> State {
        State {
            client,
            session: Mutex::new(Session::default()),
            configs: Mutex::new(ConfigCache::default()),
            publish: tokio::sync::Mutex::new(()),
            options,
        }
    }

    /// Locks the session. A handler that panicked while holding the lock left consistent data
    /// (every mutation is a single assignment or insertion), so poisoning is ignored.
    pub(crate) fn session(&self) -> MutexGuard<'_, Session> {
        self.session.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Locks the configuration cache.
    pub(crate) fn configs(&self) -> MutexGuard<'_, ConfigCache> {
        self.configs.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Resolves the settings for a document.
    pub(crate) fn resolve(&self, uri: &Uri, editor: &ClientSettings, base: Option<&Path>) -> Resolved {
        let path = uri.to_file_path();
        self.configs().resolve(&OsFs, path.as_deref(), editor, base)
    }
}
