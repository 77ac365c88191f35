//! `textDocument/references`: every place a stage or a variable is named.
//!
//! A stage's references are its `AS` name, `FROM <stage>`, `COPY --from` and `RUN --mount`
//! `from=`. A variable's are every `ARG`/`ENV` declaration and `$NAME` use of that name in the
//! file: build arguments are set by name for the whole build, and `ENV` carries into later
//! stages, so one name is one variable as far as renaming goes.

use std::sync::Arc;

use distrolint_linter::model::Model;
use distrolint_linter::syntax::TextRange;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{Location, ReferenceParams};

use crate::analysis::{self, Target};
use crate::handlers::{Context, guard};
use crate::session::State;

/// The references of the stage or variable at the position.
pub(crate) fn references(state: &Arc<State>, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
    let position = params.text_document_position;
    let Some(ctx) = Context::of(state, &position.text_document.uri) else { return Ok(None) };
    let declarations = params.context.include_declaration;
    guard("references", || {
        let offset = ctx.offset(position.position);
        let ranges = ctx.with_model(|_, model| {
            let target = analysis::target_at(model, offset)?;
            Some(occurrences(model, &target, declarations).into_iter().map(|(range, _)| range).collect::<Vec<_>>())
        });
        let map = ctx.snapshot.line_map(ctx.encoding);
        Ok(ranges
            .map(|ranges| ranges.into_iter().map(|r| Location::new(ctx.snapshot.uri.clone(), map.range(r))).collect()))
    })
}

/// The places that name `target`, and whether renaming rewrites each.
pub(crate) fn occurrences(model: &Model<'_>, target: &Target, declarations: bool) -> Vec<(TextRange, bool)> {
    match target {
        Target::Stage(at) => analysis::stage_refs(model)
            .into_iter()
            .filter(|r| r.stage == at.stage && (declarations || !r.declaration))
            .map(|r| (r.range, r.renamable))
            .collect(),
        Target::Var(at) => analysis::var_refs(model)
            .into_iter()
            .filter(|r| r.name == at.name && (declarations || !r.declaration))
            .map(|r| (r.range, true))
            .collect(),
    }
}
