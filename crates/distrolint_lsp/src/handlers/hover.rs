//! `textDocument/hover`: rule documentation over a diagnostic, instruction and flag
//! documentation over a keyword or flag, what is known about a stage's base over `FROM` and
//! over stage names, and a variable's declaration over its name.

use std::fmt::Write as _;
use std::sync::Arc;

use distrolint_linter::model::{Base, Model, VarKind};
use distrolint_linter::syntax::{Dockerfile, Instruction, Keyword, TextRange};
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{Hover, HoverContents, HoverParams, MarkupContent, MarkupKind};

use crate::analysis::{self, Target};
use crate::docs;
use crate::handlers::{Context, guard};
use crate::lint::{self, Finding};
use crate::session::State;

/// The hover at a position, or `None` when there is nothing to say.
pub(crate) async fn hover(state: &Arc<State>, params: HoverParams) -> Result<Option<Hover>> {
    let position = params.text_document_position_params;
    let Some(ctx) = Context::of(state, &position.text_document.uri) else { return Ok(None) };
    let lint = lint::current(state, &position.text_document.uri).await;
    guard("hover", || {
        let offset = ctx.offset(position.position);
        let findings: &[Finding] =
            lint.as_ref().filter(|l| l.version == ctx.snapshot.version).map_or(&[], |l| &l.findings);
        let Some((markdown, range)) = ctx.with_model(|file, model| describe(file, model, findings, offset)) else {
            return Ok(None);
        };
        let kind = if ctx.capabilities.markdown { MarkupKind::Markdown } else { MarkupKind::PlainText };
        let range = range.map(|r| ctx.snapshot.line_map(ctx.encoding).range(r));
        Ok(Some(Hover { contents: HoverContents::Markup(MarkupContent { kind, value: markdown }), range }))
    })
}

/// The hover text at `offset` and the range it is about.
fn describe(
    file: &Dockerfile,
    model: &Model<'_>,
    findings: &[Finding],
    offset: u32,
) -> Option<(String, Option<TextRange>)> {
    let mut sections = Vec::new();
    let mut range = None;
    let mut seen = Vec::new();
    for finding in findings.iter().filter(|f| f.range.contains_inclusive(offset)) {
        if seen.contains(&finding.rule.code) {
            continue;
        }
        seen.push(finding.rule.code);
        let meta = finding.rule;
        sections.push(format!(
            "**{}** `{}`\n\n{}\n[Documentation]({})",
            meta.code,
            meta.name,
            meta.docs().trim_end(),
            meta.url()
        ));
        range.get_or_insert(finding.range);
    }
    if let Some((text, at)) = syntax_hover(file, model, offset) {
        sections.push(text);
        range = Some(at);
    }
    (!sections.is_empty()).then(|| (sections.join("\n\n---\n\n"), range))
}

/// What the syntax at `offset` means: a stage, a variable, a keyword, a flag or a base image.
fn syntax_hover(file: &Dockerfile, model: &Model<'_>, offset: u32) -> Option<(String, TextRange)> {
    match analysis::target_at(model, offset) {
        Some(Target::Stage(stage)) => return Some((describe_stage(model, stage.stage), stage.range)),
        Some(Target::Var(var)) => {
            let def = analysis::var_definition(model, &var)?;
            let kind = if def.kind == VarKind::Arg { "ARG" } else { "ENV" };
            let line = model.instructions()[def.instruction].keyword_range.start();
            let line = file.text()[..line as usize].matches('\n').count() + 1;
            let value = def.value.as_deref().map_or_else(
                || {
                    if def.has_default {
                        " (value not known statically)".to_owned()
                    } else {
                        " (no default)".to_owned()
                    }
                },
                |v| format!(" = `{v}`"),
            );
            return Some((
                format!("```dockerfile\n{kind} {}\n```\n\nDeclared on line {line}{value}.", def.name),
                var.range,
            ));
        }
        None => {}
    }
    let index = analysis::instruction_at(file, offset)?;
    let ins = &model.instructions()[index];
    let target = ins.onbuild().filter(|inner| inner.keyword_range.start() <= offset).unwrap_or(ins);
    if target.keyword_range.contains_inclusive(offset) {
        let doc = docs::instruction(target.keyword)?;
        return Some((doc.markdown(), target.keyword_range));
    }
    if let Some(found) = flag_hover(target, offset) {
        return Some(found);
    }
    if ins.keyword == Keyword::From {
        let stage = model.stages.iter().find(|s| s.from == index)?;
        let word = stage.image?;
        if word.range.contains_inclusive(offset) {
            return Some((describe_stage(model, stage.index), word.range));
        }
    }
    None
}

fn flag_hover(ins: &Instruction, offset: u32) -> Option<(String, TextRange)> {
    let flag = ins.flags.iter().find(|f| f.range.contains_inclusive(offset))?;
    let doc = docs::instruction(ins.keyword)?.flag(&flag.name)?;
    Some((format!("`{} {}`\n\n{}", ins.keyword, doc.signature(), doc.doc), flag.range))
}

/// What the linter knows about a stage: its name, its base and the chain of stages it builds on.
fn describe_stage(model: &Model<'_>, index: usize) -> String {
    let stage = &model.stages[index];
    let mut out = match &stage.name {
        Some(name) => format!("**Stage `{name}`** (stage {index})"),
        None => format!("**Stage {index}**"),
    };
    let _ = write!(out, "\n\n`FROM {}`", stage.image_text);
    for step in model.chain(index).skip(1) {
        let _ = write!(out, " → stage `{}`", step.label());
    }
    let root = model.root(index);
    let base = match &root.base {
        Base::Scratch => "`scratch`: an empty image, with no shell and no files".to_owned(),
        Base::Image(image) => base_image(image),
        Base::Unresolved => format!("`{}`, which depends on a build argument without a known default", root.image_text),
        Base::Stage(_) => "another stage".to_owned(),
    };
    let _ = write!(out, "\n\nBase image: {base}");
    if model.is_target(index) {
        out.push_str("\n\nThis is the final stage: it becomes the image.");
    }
    out
}

/// What is known about a base image.
fn base_image(image: &str) -> String {
    format!("`{image}`")
}
