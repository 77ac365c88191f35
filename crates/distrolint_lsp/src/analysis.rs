//! Questions about a parsed Dockerfile that several handlers ask: what is at an offset, where
//! stages and variables are declared and used, and where a suppression comment goes.
//!
//! Everything here speaks byte offsets; handlers convert at the edge.

use distrolint_linter::model::vars;
use distrolint_linter::model::{Base, FromTarget, Model, VarDef, VarKind};
use distrolint_linter::syntax::{Dockerfile, Instruction, ItemKind, Keyword, TextRange};
use distrolint_linter::{Diagnostic, Edit};

/// The instruction whose lines contain `offset` (its end included), by index.
pub(crate) fn instruction_at(file: &Dockerfile, offset: u32) -> Option<usize> {
    file.items().iter().find_map(|item| match item.kind {
        ItemKind::Instruction(i) if item.content.contains_inclusive(offset) => Some(i as usize),
        _ => None,
    })
}

/// The edit that suppresses `diagnostic` for its instruction: a `# distrolint ignore=<code>` line
/// above the instruction, with the instruction's indentation, or the code appended to such a
/// comment that is already there. `None` when the diagnostic is not inside an instruction or
/// its rule cannot be suppressed.
pub(crate) fn ignore_edit(file: &Dockerfile, diagnostic: &Diagnostic) -> Option<Edit> {
    if !diagnostic.rule.suppressible {
        return None;
    }
    let text = file.text();
    let items = file.items();
    let offset = diagnostic.range.start();
    // Items partition the text in order: the one whose lines hold the offset is found by bisection.
    let candidate = items.partition_point(|item| item.range.end() <= offset).min(items.len().checked_sub(1)?);
    let position = [candidate, candidate.saturating_sub(1)]
        .into_iter()
        .find(|&i| matches!(items[i].kind, ItemKind::Instruction(_)) && items[i].content.contains_inclusive(offset))?;
    let item = items[position];
    let code = diagnostic.code();
    // An ignore comment among the comments directly above: add the code to it.
    for above in items[..position].iter().rev() {
        if above.kind != ItemKind::Comment {
            break;
        }
        if let Some(end) = ignore_list_end(&text[above.content]) {
            let list = text[above.content][..end].trim_end();
            let separator = if list.ends_with(['=', ',']) { "" } else { "," };
            return Some(Edit::insert(above.content.start() + list.len() as u32, format!("{separator}{code}")));
        }
    }
    let indent = &text[item.range.start() as usize..item.content.start() as usize];
    let newline = match &text[item.content.end() as usize..item.range.end() as usize] {
        "" => "\n",
        ending => ending,
    };
    Some(Edit::insert(item.range.start(), format!("{indent}# distrolint ignore={code}{newline}")))
}

/// For a `# distrolint ignore=A,B [-- reason]` comment (not `global` or `stage`), the byte
/// offset where its list of codes ends.
fn ignore_list_end(comment: &str) -> Option<usize> {
    let body = comment.strip_prefix('#')?.trim_start();
    let rest = body.strip_prefix("distrolint")?;
    if !rest.starts_with([' ', '\t']) {
        return None;
    }
    let rest = rest.trim_start();
    let value = rest.strip_prefix("ignore")?.trim_start().strip_prefix('=')?.trim_start();
    let start = comment.len() - value.len();
    let end = [" --", " #", "\t"].iter().filter_map(|stop| value.find(stop)).min().unwrap_or(value.trim_end().len());
    Some(start + end)
}

/// A place where a stage is named.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct StageRef {
    /// The name (or index) as written.
    pub(crate) range: TextRange,
    /// The stage.
    pub(crate) stage: usize,
    /// Whether this is the `AS name` of the stage's `FROM`.
    pub(crate) declaration: bool,
    /// Whether renaming the stage rewrites this place (not for a numeric `--from=0`).
    pub(crate) renamable: bool,
}

/// Every place a stage is named: `FROM ... AS name`, `FROM name`, `COPY --from=name` and
/// `RUN --mount=...,from=name` (also under `ONBUILD`).
pub(crate) fn stage_refs(model: &Model<'_>) -> Vec<StageRef> {
    let file = model.file;
    let mut out = Vec::new();
    for stage in &model.stages {
        if let Some(range) = stage.name_range {
            out.push(StageRef { range, stage: stage.index, declaration: true, renamable: true });
        }
        if let (Base::Stage(parent), Some(word)) = (&stage.base, stage.image) {
            let written = model.instructions()[stage.from].text(&word);
            if model.stages[*parent].is_named(written) {
                out.push(StageRef { range: word.range, stage: *parent, declaration: false, renamable: true });
            }
        }
    }
    for ins in model.instructions() {
        flag_stage_refs(model, file, ins, &mut out);
        if let Some(inner) = ins.onbuild() {
            flag_stage_refs(model, file, inner, &mut out);
        }
    }
    out.sort_by_key(|r| r.range.start());
    out
}

fn flag_stage_refs(model: &Model<'_>, file: &Dockerfile, ins: &Instruction, out: &mut Vec<StageRef>) {
    for flag in &ins.flags {
        let Some(value) = &flag.value else { continue };
        let literal = file.slice(value.range) == value.text;
        let mut push = |text: &str, range: TextRange| {
            if let FromTarget::Stage(stage) = model.resolve_from(text) {
                let renamable = literal && !text.bytes().all(|b| b.is_ascii_digit());
                out.push(StageRef { range, stage, declaration: false, renamable });
            }
        };
        match (ins.keyword, flag.name.as_str()) {
            (Keyword::Copy, "from") => push(&value.text, value.range),
            (Keyword::Run, "mount") if literal => {
                let mut offset = 0usize;
                for part in value.text.split(',') {
                    let at = value.range.start() + offset as u32;
                    offset += part.len() + 1;
                    if let Some(name) = part.strip_prefix("from=") {
                        let start = at + 5;
                        push(name, TextRange::new(start, start + name.len() as u32));
                    }
                }
            }
            _ => {}
        }
    }
}

/// A place where an `ARG` or `ENV` variable is declared or used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct VarRef {
    /// The name as written (without `$`, `{` or `}`).
    pub(crate) range: TextRange,
    /// The name.
    pub(crate) name: String,
    /// The instruction it is in.
    pub(crate) instruction: usize,
    /// Whether this is an `ARG` or `ENV` declaration.
    pub(crate) declaration: bool,
}

/// Every declaration and `$NAME`/`${NAME}` use of variables, in source order. Uses are read from
/// each instruction's arguments and from the bodies of heredocs that expand variables;
/// `ONBUILD` instructions run in another build and are left out.
pub(crate) fn var_refs(model: &Model<'_>) -> Vec<VarRef> {
    let file = model.file;
    let mut out = Vec::new();
    let declarations = model.global_args.iter().chain((0..model.stages.len()).flat_map(|s| model.vars(s)));
    for def in declarations {
        if file.slice(def.range) == def.name {
            out.push(VarRef {
                range: def.range,
                name: def.name.to_string(),
                instruction: def.instruction,
                declaration: true,
            });
        }
    }
    let escape = file.escape();
    for (index, ins) in model.instructions().iter().enumerate() {
        if ins.keyword == Keyword::Onbuild {
            continue;
        }
        let logical = ins.line.text();
        for (name, range) in vars::references(logical, escape) {
            let logical_range = TextRange::from_usize(range.start, range.end);
            if logical_range.start() < ins.keyword_logical.end() || !ins.line.is_contiguous(logical_range) {
                continue;
            }
            let range = ins.source_range(logical_range);
            out.push(VarRef { range, name, instruction: index, declaration: false });
        }
        for heredoc in ins.heredocs.iter().filter(|h| h.expand) {
            for (name, range) in vars::references(file.slice(heredoc.body), escape) {
                let range = TextRange::from_usize(range.start, range.end).shift(heredoc.body.start());
                out.push(VarRef { range, name, instruction: index, declaration: false });
            }
        }
    }
    out.sort_by_key(|r| r.range.start());
    out.dedup_by_key(|r| r.range);
    out
}

/// The declaration a variable use at `instruction` sees, as the builder scopes it: global
/// `ARG`s in `FROM` lines and before the first stage; in a stage, the stage's own `ARG`/`ENV`
/// before the instruction, then `ENV` inherited from `FROM <stage>` ancestors.
pub(crate) fn resolve_var<'m, 'a>(model: &'m Model<'a>, name: &str, instruction: usize) -> Option<&'m VarDef<'a>> {
    let ins = &model.instructions()[instruction];
    let stage = match model.stage_of(instruction) {
        Some(stage) if ins.keyword != Keyword::From => stage.index,
        _ => return model.global_args.iter().rev().find(|d| d.instruction < instruction && d.name == name),
    };
    if let Some(def) = model.vars(stage).iter().rev().find(|d| d.instruction < instruction && d.name == name) {
        return Some(def);
    }
    model
        .chain(stage)
        .skip(1)
        .find_map(|ancestor| model.vars(ancestor.index).iter().rev().find(|d| d.kind == VarKind::Env && d.name == name))
}

/// Where the variable declared or used at `at` is defined: a use goes to the declaration it
/// sees; an `ARG NAME` without a default inside a stage goes to the global `ARG` it imports.
pub(crate) fn var_definition<'m, 'a>(model: &'m Model<'a>, at: &VarRef) -> Option<&'m VarDef<'a>> {
    if !at.declaration {
        return resolve_var(model, &at.name, at.instruction);
    }
    let def = model
        .global_args
        .iter()
        .chain((0..model.stages.len()).flat_map(|s| model.vars(s)))
        .find(|d| d.range == at.range)?;
    let imports_global = def.kind == VarKind::Arg && !def.has_default && model.stage_of(def.instruction).is_some();
    if imports_global {
        if let Some(global) = model.global_args.iter().rev().find(|g| g.name == def.name) {
            return Some(global);
        }
    }
    Some(def)
}

/// What a position names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Target {
    /// A stage, by index.
    Stage(StageRef),
    /// A variable.
    Var(VarRef),
}

/// The stage or variable named at `offset`, if any.
pub(crate) fn target_at(model: &Model<'_>, offset: u32) -> Option<Target> {
    if let Some(stage) = stage_refs(model).into_iter().find(|r| r.range.contains_inclusive(offset)) {
        return Some(Target::Stage(stage));
    }
    var_refs(model).into_iter().find(|r| r.range.contains_inclusive(offset)).map(Target::Var)
}

/// Whether `name` is a valid stage name for BuildKit.
pub(crate) fn is_stage_name(name: &str) -> bool {
    let mut bytes = name.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_alphabetic())
        && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// Whether `name` is a valid variable name.
pub(crate) fn is_var_name(name: &str) -> bool {
    let mut bytes = name.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

#[cfg(test)]
mod tests {
    use distrolint_linter::Settings;

    use super::*;

    fn with_model(text: &str, f: impl FnOnce(&Model<'_>)) {
        let file = distrolint_linter::syntax::parse(text);
        let settings = Settings::default();
        f(&Model::new(&file, &settings));
    }

    fn slices(text: &str, ranges: impl IntoIterator<Item = TextRange>) -> Vec<&str> {
        ranges.into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn stage_refs_cover_from_copy_and_mounts() {
        let text = "FROM a AS build\nFROM build AS test\nCOPY --from=build /x /y\nCOPY --from=0 /x /y\n\
                    RUN --mount=type=bind,from=build,target=/m true\nONBUILD COPY --from=test /a /b\n";
        with_model(text, |m| {
            let refs = stage_refs(m);
            assert_eq!(
                slices(text, refs.iter().map(|r| r.range)),
                ["build", "build", "test", "build", "0", "build", "test"]
            );
            let zero = refs.iter().find(|r| &text[r.range] == "0").unwrap();
            assert!(!zero.renamable && zero.stage == 0);
        });
    }

    #[test]
    fn variables_resolve_through_scopes() {
        let text = "ARG BASE=alpine\nARG V=1\nFROM ${BASE} AS one\nARG V\nENV P=$V\nFROM one\nRUN echo ${P} $V\n";
        with_model(text, |m| {
            let refs = var_refs(m);
            let names: Vec<String> =
                refs.iter().map(|r| format!("{}{}", r.name, if r.declaration { "!" } else { "" })).collect();
            assert_eq!(names, ["BASE!", "V!", "BASE", "V!", "P!", "V", "P", "V"]);
            let def = |i: usize| var_definition(m, &refs[i]).map(|d| (m.file.slice(d.range), d.instruction));
            assert_eq!(def(2), Some(("BASE", 0)));
            // `ARG V` in a stage imports the global V.
            assert_eq!(def(3), Some(("V", 1)));
            assert_eq!(def(5), Some(("V", 3)));
            // ENV is inherited by `FROM one`; ARG is not.
            assert_eq!(def(6), Some(("P", 4)));
            assert_eq!(def(7), None);
        });
    }

    #[test]
    fn ignore_edits_insert_or_extend() {
        let check = |text: &str, code: &str| -> String {
            let result = distrolint_linter::lint(text, &Settings::default());
            let d = result.diagnostics.iter().find(|d| d.code() == code).expect(code);
            let edit = ignore_edit(&result.file, d).unwrap();
            let mut out = text.to_owned();
            out.replace_range(edit.range.to_std(), &edit.content);
            out
        };
        assert_eq!(check("FROM a\n  CMD ['x']\r\n", "DX009"), "FROM a\n  # distrolint ignore=DX009\r\n  CMD ['x']\r\n");
        assert_eq!(
            check("FROM a\n# distrolint ignore=DX004 -- why\nCMD ['x']\n", "DX009"),
            "FROM a\n# distrolint ignore=DX004,DX009 -- why\nCMD ['x']\n"
        );
    }
}
