//! `textDocument/prepareRename`: whether the position names something renamable, and its range.

use std::sync::Arc;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{PrepareRenameResponse, TextDocumentPositionParams};

use crate::analysis::{self, Target};
use crate::handlers::{Context, guard};
use crate::session::State;

/// The range and current name of a renamable stage or variable at the position: a stage named in
/// the file (not `--from=0`), or a variable declared in the file.
pub(crate) fn prepare_rename(
    state: &Arc<State>,
    params: &TextDocumentPositionParams,
) -> Result<Option<PrepareRenameResponse>> {
    let Some(ctx) = Context::of(state, &params.text_document.uri) else { return Ok(None) };
    guard("prepare rename", || {
        let offset = ctx.offset(params.position);
        let found = ctx.with_model(|file, model| match analysis::target_at(model, offset)? {
            Target::Stage(stage) if stage.renamable => Some((stage.range, file.slice(stage.range).to_owned())),
            Target::Var(var) if analysis::var_refs(model).iter().any(|r| r.declaration && r.name == var.name) => {
                Some((var.range, var.name))
            }
            _ => None,
        });
        let map = ctx.snapshot.line_map(ctx.encoding);
        Ok(found.map(|(range, placeholder)| PrepareRenameResponse::RangeWithPlaceholder {
            range: map.range(range),
            placeholder,
        }))
    })
}
