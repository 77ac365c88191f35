//! `textDocument/completion`: instructions (as snippets when the client takes them) at the start
//! of an instruction, the flags of the instruction after `-`, stage names after `--from=` and
//! `RUN --mount=...,from=`, values of a few flags, `ARG`/`ENV` names after `$` and `${`, base
//! images and stages after `FROM`, and rule codes in `# distrolint ignore=` comments.

use std::sync::Arc;

use distrolint_linter::images;
use distrolint_linter::model::{Model, VarKind};
use distrolint_linter::rules;
use distrolint_linter::syntax::{Dockerfile, Instruction, Keyword, TextRange};
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    CompletionItem, CompletionItemKind, CompletionItemTag, CompletionParams, CompletionResponse, CompletionTextEdit,
    Documentation, InsertTextFormat, MarkupContent, MarkupKind, TextEdit,
};

use crate::docs::{self, INSTRUCTIONS};
use crate::handlers::{Context, guard};
use crate::session::State;

/// One completion, in bytes; converted to LSP at the end.
struct Candidate {
    label: String,
    kind: CompletionItemKind,
    detail: Option<String>,
    documentation: Option<String>,
    /// The text that replaces `range`.
    insert: String,
    snippet: bool,
    range: TextRange,
    deprecated: bool,
}

impl Candidate {
    fn plain(label: impl Into<String>, kind: CompletionItemKind, range: TextRange) -> Candidate {
        let label = label.into();
        Candidate {
            insert: label.clone(),
            label,
            kind,
            detail: None,
            documentation: None,
            snippet: false,
            range,
            deprecated: false,
        }
    }

    fn detail(mut self, detail: impl Into<String>) -> Candidate {
        self.detail = Some(detail.into());
        self
    }
}

/// The completions at a position.
pub(crate) fn completion(state: &Arc<State>, params: CompletionParams) -> Result<Option<CompletionResponse>> {
    let position = params.text_document_position;
    let Some(ctx) = Context::of(state, &position.text_document.uri) else { return Ok(None) };
    guard("completion", || {
        let offset = ctx.offset(position.position);
        let candidates = ctx.with_model(|file, model| complete(file, model, offset, ctx.capabilities.snippets));
        let map = ctx.snapshot.line_map(ctx.encoding);
        let items: Vec<CompletionItem> = candidates
            .into_iter()
            .enumerate()
            .map(|(i, c)| CompletionItem {
                label: c.label,
                kind: Some(c.kind),
                detail: c.detail,
                documentation: c
                    .documentation
                    .map(|value| Documentation::MarkupContent(MarkupContent { kind: MarkupKind::Markdown, value })),
                sort_text: Some(format!("{i:04}")),
                insert_text_format: Some(if c.snippet {
                    InsertTextFormat::SNIPPET
                } else {
                    InsertTextFormat::PLAIN_TEXT
                }),
                text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(map.range(c.range), c.insert))),
                tags: c.deprecated.then(|| vec![CompletionItemTag::DEPRECATED]),
                ..CompletionItem::default()
            })
            .collect();
        Ok((!items.is_empty()).then_some(CompletionResponse::Array(items)))
    })
}

fn complete(file: &Dockerfile, model: &Model<'_>, offset: u32, snippets: bool) -> Vec<Candidate> {
    let text = file.text();
    let offset = offset.min(text.len() as u32);
    let line_start = text[..offset as usize].rfind(['\n', '\r']).map_or(0, |i| i + 1) as u32;
    let before = &text[line_start as usize..offset as usize];
    let word_start = line_start + before.rfind(char::is_whitespace).map_or(0, |i| i + 1) as u32;
    let word = &text[word_start as usize..offset as usize];
    let index = crate::analysis::instruction_at(file, offset);
    if before.trim_start().starts_with('#')
        && index.is_none_or(|i| model.instructions()[i].keyword_range.start() > offset)
    {
        return rule_codes(before, offset);
    }
    if let Some(found) = variables(file, model, index, before, offset) {
        return found;
    }
    let Some(index) = index else {
        if continues_previous_line(text, line_start, file.escape()) {
            return Vec::new();
        }
        return keywords(word, word_start, offset, snippets, false);
    };
    let ins = &model.instructions()[index];
    let starts_here = ins.keyword_range.start() >= line_start;
    if starts_here && offset <= ins.keyword_range.end() {
        return keywords(word, word_start, offset, snippets, false);
    }
    // `ONBUILD <instruction>`: the inner keyword is the first word after `ONBUILD`.
    if ins.keyword == Keyword::Onbuild && starts_here {
        let after = &text[ins.keyword_range.end() as usize..offset as usize];
        if after.starts_with(char::is_whitespace) && !after.trim_start().contains(char::is_whitespace) {
            return keywords(word, word_start, offset, snippets, true);
        }
    }
    let ins = ins.onbuild().filter(|inner| inner.keyword_range.start() <= offset).unwrap_or(ins);
    let range = TextRange::new(word_start, offset);
    let before_args = ins.args_range.is_empty() || ins.args_range.start() >= word_start;
    if word.starts_with('-') && before_args {
        return flags(model, index, ins, word, word_start, offset);
    }
    if ins.keyword == Keyword::From && before_args {
        return images_and_stages(model, index, word, range);
    }
    if ins.keyword == Keyword::From {
        let words = ins.args.words();
        if words.len() <= 2 && words.first().is_some_and(|w| w.range.end() < word_start) {
            return vec![Candidate::plain("AS", CompletionItemKind::KEYWORD, range).detail("name this stage")];
        }
    }
    Vec::new()
}

/// Whether the line starting at `line_start` continues an instruction: the nearest earlier line
/// that is neither blank nor a comment ends with the escape character.
fn continues_previous_line(text: &str, line_start: u32, escape: char) -> bool {
    text[..line_start as usize]
        .lines()
        .rev()
        .map(str::trim)
        .find(|line| !line.is_empty() && !line.starts_with('#'))
        .is_some_and(|line| line.ends_with(escape))
}

/// Instruction keywords, in the case the user started typing.
fn keywords(word: &str, word_start: u32, offset: u32, snippets: bool, onbuild: bool) -> Vec<Candidate> {
    if !word.chars().all(|c| c.is_ascii_alphabetic()) {
        return Vec::new();
    }
    let lower = !word.is_empty() && word.chars().all(|c| c.is_ascii_lowercase());
    let range = TextRange::new(word_start, offset);
    INSTRUCTIONS
        .iter()
        .filter(|doc| !onbuild || !matches!(doc.keyword, Keyword::Onbuild | Keyword::From | Keyword::Maintainer))
        .map(|doc| {
            let keyword =
                if lower { doc.keyword.as_str().to_ascii_lowercase() } else { doc.keyword.as_str().to_owned() };
            let (insert, snippet) =
                if snippets { (format!("{keyword} {}", doc.snippet), true) } else { (format!("{keyword} "), false) };
            Candidate {
                label: keyword,
                kind: CompletionItemKind::KEYWORD,
                detail: Some(doc.syntax.lines().next().unwrap_or_default().to_owned()),
                documentation: Some(doc.summary.to_owned()),
                insert,
                snippet,
                range,
                deprecated: doc.deprecated,
            }
        })
        .collect()
}

/// Flag names, stage names after `--from=`, and values of a few flags.
fn flags(
    model: &Model<'_>,
    index: usize,
    ins: &Instruction,
    word: &str,
    word_start: u32,
    offset: u32,
) -> Vec<Candidate> {
    let Some(doc) = docs::instruction(ins.keyword) else { return Vec::new() };
    let Some((name, value)) = word.split_once('=') else {
        let range = TextRange::new(word_start, offset);
        return doc
            .flags
            .iter()
            .map(|flag| {
                let insert =
                    if flag.value.is_empty() { format!("--{}", flag.name) } else { format!("--{}=", flag.name) };
                Candidate {
                    label: format!("--{}", flag.name),
                    kind: CompletionItemKind::PROPERTY,
                    detail: Some(flag.signature()),
                    documentation: Some(flag.doc.to_owned()),
                    insert,
                    snippet: false,
                    range,
                    deprecated: false,
                }
            })
            .collect();
    };
    let value_start = offset - value.len() as u32;
    match (ins.keyword, name) {
        (Keyword::Copy, "--from") => stages_before(model, index, TextRange::new(value_start, offset)),
        (Keyword::Run, "--mount") => {
            let part_start = value_start + value.rfind(',').map_or(0, |i| i + 1) as u32;
            let part = &word[(part_start - word_start) as usize..];
            match part.split_once('=') {
                Some(("from", _)) => stages_before(model, index, TextRange::new(part_start + 5, offset)),
                Some(("type", _)) => {
                    values(&["bind", "cache", "tmpfs", "secret", "ssh"], TextRange::new(part_start + 5, offset))
                }
                _ => Vec::new(),
            }
        }
        (Keyword::Run, "--network") => values(&["default", "none", "host"], TextRange::new(value_start, offset)),
        (Keyword::Run, "--security") => values(&["sandbox", "insecure"], TextRange::new(value_start, offset)),
        (Keyword::From, "--platform") => values(
            &["$BUILDPLATFORM", "$TARGETPLATFORM", "linux/amd64", "linux/arm64"],
            TextRange::new(value_start, offset),
        ),
        _ => Vec::new(),
    }
}

fn values(values: &[&str], range: TextRange) -> Vec<Candidate> {
    values.iter().map(|v| Candidate::plain(*v, CompletionItemKind::VALUE, range)).collect()
}

/// The stages before the one `index` is in, which `--from` can name.
fn stages_before(model: &Model<'_>, index: usize, range: TextRange) -> Vec<Candidate> {
    let current = model.stage_of(index).map_or(model.stages.len(), |s| s.index);
    model.stages[..current]
        .iter()
        .filter_map(|stage| {
            let name = stage.name.as_ref()?;
            Some(
                Candidate::plain(name, CompletionItemKind::MODULE, range)
                    .detail(format!("stage {}: FROM {}", stage.index, stage.image_text)),
            )
        })
        .collect()
}

/// After `FROM`: earlier stages and the images the knowledge covers; after `name:`, its tags.
fn images_and_stages(model: &Model<'_>, index: usize, word: &str, range: TextRange) -> Vec<Candidate> {
    if let Some((name, partial)) = word.split_once(':') {
        let Some(image) = images::catalog().into_iter().find(|i| i.name == name) else { return Vec::new() };
        let range = TextRange::new(range.end() - partial.len() as u32, range.end());
        return image
            .tags
            .into_iter()
            .map(|tag| Candidate::plain(tag, CompletionItemKind::CONSTANT, range).detail(format!("{name} tag")))
            .collect();
    }
    let mut out = stages_before(model, index, range);
    for image in images::catalog() {
        let detail = if image.name == "scratch" {
            "the empty image: no shell, no files".to_owned()
        } else if image.tags.is_empty() {
            "base image".to_owned()
        } else {
            format!("base image; tags such as {}", image.tags.iter().take(3).cloned().collect::<Vec<_>>().join(", "))
        };
        out.push(Candidate::plain(image.name, CompletionItemKind::CONSTANT, range).detail(detail));
    }
    out
}

/// After `$` or `${`: the variables the instruction sees.
fn variables(
    file: &Dockerfile,
    model: &Model<'_>,
    index: Option<usize>,
    before: &str,
    offset: u32,
) -> Option<Vec<Candidate>> {
    let dollar = before.rfind('$')?;
    let after = &before[dollar + 1..];
    let braced = after.starts_with('{');
    let name = if braced { &after[1..] } else { after };
    if !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        return None;
    }
    if before[..dollar].ends_with(file.escape()) {
        return Some(Vec::new());
    }
    let index = index?;
    let range = TextRange::new(offset - name.len() as u32, offset);
    let close = braced && !file.text()[offset as usize..].starts_with('}');
    let ins = &model.instructions()[index];
    let mut defs: Vec<_> = match model.stage_of(index) {
        Some(stage) if ins.keyword != Keyword::From => {
            let own = model.vars(stage.index).iter().filter(|d| d.instruction < index);
            let inherited = model
                .chain(stage.index)
                .skip(1)
                .flat_map(|s| model.vars(s.index).iter().filter(|d| d.kind == VarKind::Env));
            own.rev().chain(inherited).collect()
        }
        _ => model.global_args.iter().filter(|d| d.instruction < index).rev().collect(),
    };
    let mut seen = Vec::new();
    defs.retain(|d| {
        let fresh = !seen.contains(&d.name);
        seen.push(d.name.clone());
        fresh
    });
    Some(
        defs.into_iter()
            .map(|def| {
                let kind = if def.kind == VarKind::Arg { "ARG" } else { "ENV" };
                let value = def.value.as_deref().map(|v| format!(" = {v}")).unwrap_or_default();
                let mut candidate = Candidate::plain(def.name.as_ref(), CompletionItemKind::VARIABLE, range)
                    .detail(format!("{kind}{value}"));
                if close {
                    candidate.insert.push('}');
                }
                candidate
            })
            .collect(),
    )
}

/// Rule codes after `# distrolint ignore=` (and `global`/`stage`, and hadolint's form).
fn rule_codes(before: &str, offset: u32) -> Vec<Candidate> {
    let body = before.trim_start().trim_start_matches('#').trim_start();
    let Some(rest) = body.strip_prefix("distrolint").or_else(|| body.strip_prefix("hadolint")) else {
        return Vec::new();
    };
    let Some((_, list)) = rest.split_once("ignore=") else { return Vec::new() };
    if list.contains(' ') {
        return Vec::new();
    }
    let partial = list.rsplit(',').next().unwrap_or_default();
    let range = TextRange::new(offset - partial.len() as u32, offset);
    rules::ALL
        .iter()
        .map(|meta| {
            let mut candidate =
                Candidate::plain(meta.code, CompletionItemKind::ENUM_MEMBER, range).detail(meta.name.to_owned());
            candidate.documentation = Some(meta.summary());
            candidate
        })
        .collect()
}
