//! `textDocument/definition`: from a stage name to its `FROM ... AS`, and from a variable to
//! the `ARG` or `ENV` it sees.

use std::sync::Arc;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{GotoDefinitionParams, GotoDefinitionResponse, Location};

use crate::analysis::{self, Target};
use crate::handlers::{Context, guard};
use crate::session::State;

/// The declaration of the stage or variable at the position.
pub(crate) fn definition(state: &Arc<State>, params: GotoDefinitionParams) -> Result<Option<GotoDefinitionResponse>> {
    let position = params.text_document_position_params;
    let Some(ctx) = Context::of(state, &position.text_document.uri) else { return Ok(None) };
    guard("definition", || {
        let offset = ctx.offset(position.position);
        let range = ctx.with_model(|_, model| match analysis::target_at(model, offset)? {
            Target::Stage(stage) => model.stages[stage.stage].name_range,
            Target::Var(var) => analysis::var_definition(model, &var).map(|def| def.range),
        });
        let map = ctx.snapshot.line_map(ctx.encoding);
        Ok(range.map(|r| GotoDefinitionResponse::Scalar(Location::new(ctx.snapshot.uri.clone(), map.range(r)))))
    })
}
