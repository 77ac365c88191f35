//! `textDocument/documentSymbol`: global `ARG`s, then each stage with its instructions.

use std::sync::Arc;

use distrolint_linter::model::Model;
use distrolint_linter::syntax::{Dockerfile, Instruction, Keyword, TextRange};
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    DocumentSymbol, DocumentSymbolParams, DocumentSymbolResponse, Location, SymbolInformation, SymbolKind,
};

use crate::encoding::LineMap;
use crate::handlers::{Context, guard};
use crate::session::State;

/// The outline: nested symbols when the client takes them, a flat list otherwise.
pub(crate) fn document_symbol(
    state: &Arc<State>,
    params: &DocumentSymbolParams,
) -> Result<Option<DocumentSymbolResponse>> {
    let Some(ctx) = Context::of(state, &params.text_document.uri) else { return Ok(None) };
    guard("document symbols", || {
        let map = ctx.snapshot.line_map(ctx.encoding);
        let symbols = ctx.with_model(|file, model| outline(file, model, map));
        if ctx.capabilities.hierarchical_symbols {
            return Ok(Some(DocumentSymbolResponse::Nested(symbols)));
        }
        let mut flat = Vec::new();
        flatten(&symbols, None, &ctx.snapshot.uri, &mut flat);
        Ok(Some(DocumentSymbolResponse::Flat(flat)))
    })
}

#[allow(deprecated)]
fn symbol(
    name: String,
    detail: Option<String>,
    kind: SymbolKind,
    range: TextRange,
    selection: TextRange,
    map: LineMap<'_>,
) -> DocumentSymbol {
    DocumentSymbol {
        name,
        detail,
        kind,
        tags: None,
        deprecated: None,
        range: map.range(range),
        selection_range: map.range(selection),
        children: None,
    }
}

fn outline(file: &Dockerfile, model: &Model<'_>, map: LineMap<'_>) -> Vec<DocumentSymbol> {
    let instructions = model.instructions();
    let mut out: Vec<DocumentSymbol> = model
        .global_args
        .iter()
        .map(|def| {
            let ins = &instructions[def.instruction];
            let detail = def.value.as_ref().map(|v| format!("= {v}"));
            symbol(def.name.to_string(), detail, SymbolKind::VARIABLE, ins.range, def.range, map)
        })
        .collect();
    for stage in &model.stages {
        let from = &instructions[stage.from];
        let last = &instructions[stage.end.saturating_sub(1).max(stage.from)];
        let range = TextRange::new(from.range.start(), last.range.end());
        let name = stage.name.clone().unwrap_or_else(|| format!("stage {}", stage.index));
        let selection = stage.name_range.unwrap_or(from.keyword_range);
        let mut parent =
            symbol(name, Some(format!("FROM {}", stage.image_text)), SymbolKind::MODULE, range, selection, map);
        let children = stage.instructions().skip(1).map(|i| instruction_symbol(file, &instructions[i], map)).collect();
        parent.children = Some(children);
        out.push(parent);
    }
    out
}

fn instruction_symbol(file: &Dockerfile, ins: &Instruction, map: LineMap<'_>) -> DocumentSymbol {
    let kind = match ins.keyword {
        Keyword::Arg | Keyword::Env => SymbolKind::VARIABLE,
        Keyword::Label => SymbolKind::PROPERTY,
        Keyword::Run | Keyword::Cmd | Keyword::Entrypoint | Keyword::Healthcheck | Keyword::Shell => {
            SymbolKind::FUNCTION
        }
        Keyword::Expose | Keyword::Stopsignal => SymbolKind::CONSTANT,
        _ => SymbolKind::FIELD,
    };
    let name = file.slice(ins.keyword_range).to_ascii_uppercase();
    let summary: String = ins.line.text()[ins.keyword_logical.end() as usize..].trim().chars().take(80).collect();
    let detail = (!summary.is_empty()).then_some(summary);
    symbol(name, detail, kind, ins.range, ins.keyword_range, map)
}

#[allow(deprecated)]
fn flatten(
    symbols: &[DocumentSymbol],
    container: Option<&str>,
    uri: &tower_lsp_server::ls_types::Uri,
    out: &mut Vec<SymbolInformation>,
) {
    for s in symbols {
        out.push(SymbolInformation {
            name: s.name.clone(),
            kind: s.kind,
            tags: None,
            deprecated: None,
            location: Location::new(uri.clone(), s.selection_range),
            container_name: container.map(str::to_owned),
        });
        if let Some(children) = &s.children {
            flatten(children, Some(&s.name), uri, out);
        }
    }
}
