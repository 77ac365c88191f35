//! `textDocument/hover`: rule documentation over a diagnostic, instruction and flag
//! documentation over a keyword or flag, what is known about a stage's base over `FROM` and
//! over stage names, and a variable's declaration over its name.

use std::fmt::Write as _;
use std::sync::Arc;

use distrolint_linter::images::{ImageFacts, ImageKind, Os, ShellKind};
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
    // The document's settings, so that `[[images]]` from its configuration shape the facts shown.
    let settings = ctx.settings(state);
    guard("hover", || {
        let offset = ctx.offset(position.position);
        let findings: &[Finding] =
            lint.as_ref().filter(|l| l.version == ctx.snapshot.version).map_or(&[], |l| &l.findings);
        let file = distrolint_linter::syntax::parse(&ctx.snapshot.text);
        let model = Model::new(&file, &settings);
        let Some((markdown, range)) = describe(&file, &model, findings, offset) else {
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
            rule_docs(meta),
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

/// A rule's documentation for display: the test markers on example fences (`expect_diagnostic`,
/// `profile-lucid`) are left out, so editors see a plain `dockerfile` block.
fn rule_docs(meta: &distrolint_linter::RuleMeta) -> String {
    let mut out = String::with_capacity(meta.docs().len());
    for line in meta.docs().trim_end().lines() {
        let fence = line.strip_prefix("```dockerfile,").map_or(line, |_| "```dockerfile");
        out.push_str(fence);
        out.push('\n');
    }
    out.truncate(out.trim_end().len());
    out
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

/// What the linter knows about a stage: its name, its base, the chain of stages it builds on, and
/// the facts about the image at the root of the chain.
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
        Base::Scratch => "`scratch`, the empty image".to_owned(),
        Base::Image(image) => format!("`{image}`"),
        Base::Unresolved => format!("`{}`, which depends on a build argument without a known default", root.image_text),
        Base::Stage(_) => "another stage".to_owned(),
    };
    let _ = write!(out, "\n\nBase image: {base}");
    match &stage.facts {
        Some(facts) => out.push_str(&describe_facts(facts)),
        None if matches!(root.base, Base::Image(_)) => {
            out.push_str("\n\ndistrolint knows nothing more about this image.");
        }
        None => {}
    }
    if model.is_target(index) {
        out.push_str("\n\nThis is the final stage: it becomes the image.");
    }
    out
}

/// The facts the rules use, as a list.
fn describe_facts(facts: &ImageFacts) -> String {
    let mut out = String::from("\n");
    let shell = match facts.shell {
        ShellKind::None => "none: shell-form `RUN`, `CMD`, `ENTRYPOINT` and `HEALTHCHECK` cannot run".to_owned(),
        ShellKind::Busybox => format!(
            "BusyBox at `{}` only; there is no `/bin/sh`, so shell form still fails",
            facts.shell_path.as_deref().unwrap_or("/busybox/sh")
        ),
        ShellKind::Posix => format!("`{}`", facts.shell_path.as_deref().unwrap_or("/bin/sh")),
        ShellKind::Cmd => "`cmd /S /C` (Windows)".to_owned(),
        ShellKind::PowerShell => "PowerShell (Windows)".to_owned(),
    };
    let _ = write!(out, "\n- Shell: {shell}");
    let user = match (facts.user.as_deref(), facts.runs_as_root()) {
        (Some(user), Some(true)) => format!("`{user}` (root)"),
        (Some(user), _) => format!("`{user}`"),
        (None, _) if facts.kind == ImageKind::Scratch => "not set, so root".to_owned(),
        (None, _) => "not known".to_owned(),
    };
    let _ = write!(out, "\n- User: {user}");
    let _ = write!(out, "\n- Entrypoint: {}", argv(facts.entrypoint.as_deref()));
    let _ = write!(out, "\n- Cmd: {}", argv(facts.cmd.as_deref()));
    if let Some(workdir) = &facts.workdir {
        let _ = write!(out, "\n- Workdir: `{workdir}`");
    }
    if let Some(python) = &facts.python {
        let version = python.version.as_deref().unwrap_or("3 (minor not pinned)");
        let _ = write!(out, "\n- Python: {version} at `{}`", python.interpreter);
        if let Some(dir) = python.global_packages_dir() {
            let _ = write!(out, ", packages found in `{dir}`");
        }
    }
    let os = match &facts.os {
        Os::Debian { release: Some(n) } => format!("Debian {n}"),
        Os::Debian { release: None } => "Debian".to_owned(),
        Os::Ubuntu { version } => format!("Ubuntu {}", version.as_deref().unwrap_or_default()),
        Os::Alpine { version } => format!("Alpine {}", version.as_deref().unwrap_or_default()),
        Os::Wolfi => "Wolfi".to_owned(),
        Os::Windows => "Windows".to_owned(),
        Os::None => "none".to_owned(),
        Os::Unknown => "not known".to_owned(),
    };
    let _ = write!(out, "\n- OS: {}, libc: {}", os.trim_end(), facts.libc.describe());
    for eol in facts.eol.iter().chain(facts.os_eol().iter()) {
        let _ = write!(out, "\n- End of life: {} ({})", eol.date, eol.note);
    }
    if let Some(reason) = &facts.deprecated {
        let _ = write!(out, "\n- Deprecated: {reason}");
        if let Some(replacement) = &facts.replacement {
            let _ = write!(out, "; use `{replacement}`");
        }
    }
    if !facts.source.is_empty() {
        let _ = write!(out, "\n\nSource: {}", facts.source);
    }
    out
}

fn argv(argv: Option<&[String]>) -> String {
    match argv {
        None => "not known".to_owned(),
        Some([]) => "none".to_owned(),
        Some(args) => format!("`{}`", serde_json::to_string(args).unwrap_or_default()),
    }
}

#[cfg(test)]
mod tests {
    use super::rule_docs;

    #[test]
    fn rule_docs_show_plain_dockerfile_fences() {
        let meta = distrolint_linter::rules::ALL.iter().find(|m| m.code == "DX301").unwrap();
        assert!(meta.docs().contains("```dockerfile,expect_diagnostic,profile-lucid"));
        let shown = rule_docs(meta);
        assert!(shown.contains("```dockerfile\n"), "{shown}");
        assert!(!shown.contains("```dockerfile,"), "{shown}");
        assert!(!shown.ends_with('\n'));
    }
}
