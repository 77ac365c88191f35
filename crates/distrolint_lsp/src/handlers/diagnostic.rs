//! `textDocument/diagnostic`: diagnostics for clients that pull them.

use std::sync::Arc;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    DocumentDiagnosticParams, DocumentDiagnosticReport, DocumentDiagnosticReportResult, FullDocumentDiagnosticReport,
    RelatedFullDocumentDiagnosticReport, RelatedUnchangedDocumentDiagnosticReport, UnchangedDocumentDiagnosticReport,
};

use crate::lint;
use crate::session::State;

/// The current diagnostics of an open document, or `unchanged` when the client already has
/// them. The result id is the document version and the settings epoch. A document that is not
/// open has no diagnostics.
pub(crate) async fn diagnostic(
    state: &Arc<State>,
    params: DocumentDiagnosticParams,
) -> Result<DocumentDiagnosticReportResult> {
    let uri = params.text_document.uri;
    let Some(output) = lint::current(state, &uri).await else {
        return Ok(full(None, Vec::new()));
    };
    let result_id = format!("{}:{}", output.version, output.epoch);
    if params.previous_result_id.as_deref() == Some(result_id.as_str()) {
        let unchanged = RelatedUnchangedDocumentDiagnosticReport {
            related_documents: None,
            unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport { result_id },
        };
        return Ok(DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Unchanged(unchanged)));
    }
    Ok(full(Some(result_id), output.diagnostics.clone()))
}

fn full(
    result_id: Option<String>,
    items: Vec<tower_lsp_server::ls_types::Diagnostic>,
) -> DocumentDiagnosticReportResult {
    DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
        related_documents: None,
        full_document_diagnostic_report: FullDocumentDiagnosticReport { result_id, items },
    }))
}
