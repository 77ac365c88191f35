//! `textDocument/codeAction`: the quick fixes of diagnostics, "Ignore <code> for this
//! instruction", and `source.fixAll.distrolint`.
//!
//! Quick fixes come from `Diagnostic.data`, which carries the edits for the version that was
//! linted. When the data is missing (a client that drops it) or belongs to an older version, the
//! document is linted again and the diagnostic is matched by code and range.

use std::collections::HashSet;
use std::sync::Arc;

use distrolint_linter::Applicability;
use distrolint_linter::syntax::TextRange;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CodeActionResponse, Diagnostic, NumberOrString,
    TextEdit,
};

use crate::handlers::initialize::FIX_ALL_KIND;
use crate::handlers::{Context, guard};
use crate::lint::{self, CONFIG_CODE, DiagnosticData, LintJob, LintOutput, SOURCE};
use crate::session::State;

/// The actions for the diagnostics in the request, filtered by `only`.
pub(crate) async fn code_action(state: &Arc<State>, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
    let uri = params.text_document.uri;
    let Some(ctx) = Context::of(state, &uri) else { return Ok(None) };
    let only = params.context.only.unwrap_or_default();
    let wanted = |kind: &str| {
        only.is_empty()
            || only
                .iter()
                .any(|k| kind == k.as_str() || kind.strip_prefix(k.as_str()).is_some_and(|r| r.starts_with('.')))
    };
    let mut actions = Vec::new();
    let mut fresh: Option<Arc<LintOutput>> = None;
    if wanted(CodeActionKind::QUICKFIX.as_str()) {
        let mut ignores = HashSet::new();
        for diagnostic in &params.context.diagnostics {
            let Some(code) = our_code(diagnostic) else { continue };
            let from_data = diagnostic
                .data
                .as_ref()
                .and_then(|v| serde_json::from_value::<DiagnosticData>(v.clone()).ok())
                .filter(|data| data.version == ctx.snapshot.version);
            let data = if let Some(data) = from_data {
                data
            } else {
                if fresh.is_none() {
                    fresh = lint::current(state, &uri).await;
                }
                let Some(data) = fresh.as_ref().and_then(|output| matching(output, diagnostic)) else { continue };
                data
            };
            if let Some(fix) = data.fix {
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: format!("distrolint ({code}): {}", fix.title),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![diagnostic.clone()]),
                    edit: Some(ctx.edit(data.version, fix.edits)),
                    is_preferred: Some(lint::is_safe(&fix.applicability)),
                    ..CodeAction::default()
                }));
            }
            if let Some(ignore) = data.ignore {
                if ignores.insert((code.clone(), ignore.range.start.line)) {
                    actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                        title: format!("Ignore {code} for this instruction"),
                        kind: Some(CodeActionKind::QUICKFIX),
                        diagnostics: Some(vec![diagnostic.clone()]),
                        edit: Some(ctx.edit(data.version, vec![ignore])),
                        is_preferred: Some(false),
                        ..CodeAction::default()
                    }));
                }
            }
        }
    }
    if wanted(FIX_ALL_KIND) {
        if fresh.is_none() {
            fresh = lint::current(state, &uri).await;
        }
        let has_safe_fix = fresh.as_ref().is_some_and(|output| {
            output
                .diagnostics
                .iter()
                .filter_map(data_of)
                .any(|d| d.fix.is_some_and(|f| lint::is_safe(&f.applicability)))
        });
        if has_safe_fix {
            if let Some(action) = fix_all(state, &ctx).await? {
                actions.push(CodeActionOrCommand::CodeAction(action));
            }
        }
    }
    Ok(Some(actions))
}

/// The code of a diagnostic this server published (not the configuration one).
fn our_code(diagnostic: &Diagnostic) -> Option<String> {
    if diagnostic.source.as_deref() != Some(SOURCE) {
        return None;
    }
    match &diagnostic.code {
        Some(NumberOrString::String(code)) if code != CONFIG_CODE => Some(code.clone()),
        _ => None,
    }
}

fn data_of(diagnostic: &Diagnostic) -> Option<DiagnosticData> {
    serde_json::from_value(diagnostic.data.clone()?).ok()
}

/// The data of the diagnostic in `output` with the same code and range.
fn matching(output: &LintOutput, diagnostic: &Diagnostic) -> Option<DiagnosticData> {
    output.diagnostics.iter().find(|d| d.range == diagnostic.range && d.code == diagnostic.code).and_then(data_of)
}

/// Applies every safe fix with the engine's fix loop, as one edit of the changed span.
async fn fix_all(state: &Arc<State>, ctx: &Context) -> Result<Option<CodeAction>> {
    let Some(job) = LintJob::for_document(state, &ctx.snapshot.uri, None) else { return Ok(None) };
    if !job.editor.enable {
        return Ok(None);
    }
    let worker = state.clone();
    let encoding = ctx.encoding;
    let computed = tokio::task::spawn_blocking(move || {
        guard("fix all", || {
            let resolved = worker.resolve(&job.snapshot.uri, &job.editor, job.base.as_deref());
            let fixed = distrolint_linter::fix(&job.snapshot.text, &resolved.settings, Applicability::Safe);
            if fixed.fixed == 0 || fixed.text == job.snapshot.text {
                return Ok(None);
            }
            let map = job.snapshot.line_map(encoding);
            let (range, replacement) = changed_span(&job.snapshot.text, &fixed.text);
            Ok(Some((job.snapshot.version, TextEdit::new(map.range(range), replacement.to_owned()))))
        })
    })
    .await;
    let Ok(Ok(Some((version, edit)))) = computed else { return Ok(None) };
    Ok(Some(CodeAction {
        title: "distrolint: apply all safe fixes".to_owned(),
        kind: Some(CodeActionKind::new(FIX_ALL_KIND)),
        edit: Some(ctx.edit(version, vec![edit])),
        ..CodeAction::default()
    }))
}

/// The range of `old` that differs from `new`, and what replaces it, on character boundaries.
fn changed_span<'n>(old: &str, new: &'n str) -> (TextRange, &'n str) {
    let mut prefix = old.bytes().zip(new.bytes()).take_while(|(a, b)| a == b).count();
    while !old.is_char_boundary(prefix) {
        prefix -= 1;
    }
    let room = old.len().min(new.len()) - prefix;
    let mut suffix = old.bytes().rev().zip(new.bytes().rev()).take(room).take_while(|(a, b)| a == b).count();
    while !old.is_char_boundary(old.len() - suffix) || !new.is_char_boundary(new.len() - suffix) {
        suffix -= 1;
    }
    (TextRange::from_usize(prefix, old.len() - suffix), &new[prefix..new.len() - suffix])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changed_span_is_minimal_and_on_boundaries() {
        assert_eq!(changed_span("CMD ['a']\n", "CMD [\"a\"]\n"), (TextRange::new(5, 8), "\"a\""));
        assert_eq!(changed_span("x😀y", "x😃y"), (TextRange::new(1, 5), "😃"));
        assert_eq!(changed_span("abc", "abc\nd"), (TextRange::new(3, 3), "\nd"));
        assert_eq!(changed_span("aXa", "aa"), (TextRange::new(1, 2), ""));
    }
}
