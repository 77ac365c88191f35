//! `textDocument/rename`: rename a stage or a variable everywhere it is named.

use std::sync::Arc;

use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::{RenameParams, TextEdit, WorkspaceEdit};

use crate::analysis::{self, Target};
use crate::handlers::references::occurrences;
use crate::handlers::{Context, guard};
use crate::session::State;

/// The edits that rename the stage or variable at the position. A name the builder would
/// reject is refused with an error.
pub(crate) fn rename(state: &Arc<State>, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
    let position = params.text_document_position;
    let Some(ctx) = Context::of(state, &position.text_document.uri) else { return Ok(None) };
    let new_name = params.new_name;
    guard("rename", || {
        let offset = ctx.offset(position.position);
        let ranges = ctx.with_model(|_, model| {
            let target = analysis::target_at(model, offset)?;
            let valid = match &target {
                Target::Stage(_) => analysis::is_stage_name(&new_name),
                Target::Var(_) => analysis::is_var_name(&new_name),
            };
            if !valid {
                return Some(Err(invalid_name(&target, &new_name)));
            }
            let ranges: Vec<_> =
                occurrences(model, &target, true).into_iter().filter(|(_, r)| *r).map(|(r, _)| r).collect();
            Some(Ok(ranges))
        });
        let ranges = match ranges {
            None => return Ok(None),
            Some(result) => result?,
        };
        let map = ctx.snapshot.line_map(ctx.encoding);
        let edits = ranges.into_iter().map(|r| TextEdit::new(map.range(r), new_name.clone())).collect();
        Ok(Some(ctx.edit(ctx.snapshot.version, edits)))
    })
}

fn invalid_name(target: &Target, name: &str) -> Error {
    let rule = match target {
        Target::Stage(_) => "a stage name starts with a letter and has only letters, digits, `-`, `_` and `.`",
        Target::Var(_) => "a variable name starts with a letter or `_` and has only letters, digits and `_`",
    };
    Error::invalid_params(format!("`{name}` cannot be used: {rule}"))
}
