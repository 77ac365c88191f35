//! `initialize`: negotiate the position encoding, read the client's capabilities, settings and
//! folders, and declare what the server does.

use tower_lsp_server::ls_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, CompletionOptions, DiagnosticOptions,
    DiagnosticServerCapabilities, HoverProviderCapability, InitializeParams, InitializeResult, OneOf, RenameOptions,
    ServerCapabilities, ServerInfo, TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    WorkDoneProgressOptions, WorkspaceFolder, WorkspaceFoldersServerCapabilities, WorkspaceServerCapabilities,
};

use crate::encoding::PositionEncoding;
use crate::session::settings::ClientSettings;
use crate::session::{Capabilities, Folder, State};

/// The code action kind of "apply every safe fix".
pub(crate) const FIX_ALL_KIND: &str = "source.fixAll.distrolint";

/// Characters after which clients should ask for completions.
const TRIGGER_CHARACTERS: [&str; 5] = ["-", "=", "$", "{", ":"];

/// Records what the client offers and answers with the server's capabilities.
pub(crate) fn initialize(state: &State, params: InitializeParams) -> InitializeResult {
    let mut session = state.session();
    let capabilities = Capabilities::from_client(&params.capabilities);
    let offered = params.capabilities.general.as_ref().and_then(|g| g.position_encodings.as_deref());
    session.encoding = PositionEncoding::negotiate(offered);
    session.capabilities = capabilities;
    if let Some(options) = &params.initialization_options {
        if let Some((settings, problems)) = ClientSettings::from_json(options) {
            session.global = settings;
            session.pending_messages.extend(problems);
        }
    }
    #[allow(deprecated)]
    let folders = match (params.workspace_folders, params.root_uri) {
        (Some(folders), _) if !folders.is_empty() => folders,
        (_, Some(root)) => vec![WorkspaceFolder { uri: root, name: String::new() }],
        _ => Vec::new(),
    };
    session.folders = folders
        .into_iter()
        .map(|f| Folder { path: f.uri.to_file_path().map(std::borrow::Cow::into_owned), uri: f.uri, settings: None })
        .collect();
    let diagnostic_provider = capabilities.pull_diagnostics.then(|| {
        DiagnosticServerCapabilities::Options(DiagnosticOptions {
            identifier: Some("distrolint".to_owned()),
            inter_file_dependencies: false,
            workspace_diagnostics: false,
            work_done_progress_options: WorkDoneProgressOptions::default(),
        })
    });
    let capabilities = ServerCapabilities {
        position_encoding: Some(session.encoding.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
            open_close: Some(true),
            change: Some(TextDocumentSyncKind::INCREMENTAL),
            ..TextDocumentSyncOptions::default()
        })),
        diagnostic_provider,
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX, CodeActionKind::new(FIX_ALL_KIND)]),
            ..CodeActionOptions::default()
        })),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(TRIGGER_CHARACTERS.iter().map(|c| (*c).to_owned()).collect()),
            ..CompletionOptions::default()
        }),
        document_symbol_provider: Some(OneOf::Left(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        rename_provider: Some(OneOf::Right(RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: WorkDoneProgressOptions::default(),
        })),
        workspace: Some(WorkspaceServerCapabilities {
            workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                supported: Some(true),
                change_notifications: Some(OneOf::Left(true)),
            }),
            file_operations: None,
        }),
        ..ServerCapabilities::default()
    };
    InitializeResult {
        capabilities,
        server_info: Some(ServerInfo {
            name: "distrolint".to_owned(),
            version: Some(distrolint_linter::VERSION.to_owned()),
        }),
        offset_encoding: None,
    }
}
