//! DX502: a stage uses a global `ARG` it did not redeclare, so the value is empty.

use distrolint_syntax::{Args, Instruction, Keyword, TextRange, Word};

use crate::analysis::platform::line_of;
use crate::fixes::insert_lines_after;
use crate::diagnostic::Fix;
use crate::model::PLATFORM_ARGS;
use crate::model::vars::Binding;
use crate::rule::{LintContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Flags `$NAME` in `LABEL`, `ENV`, `COPY`, `ADD`, `WORKDIR`, `EXPOSE`, `USER`, `VOLUME`,
    /// `STOPSIGNAL` and `RUN --mount` options when `NAME` is a global `ARG` (declared before the
    /// first `FROM`, or one of BuildKit's automatic platform arguments such as `TARGETARCH`)
    /// that the stage has not redeclared with `ARG NAME`. `${NAME:-default}` is left alone: it
    /// says what happens when the value is missing.
    ///
    /// ## Why is this bad?
    /// Global `ARG`s are only in scope for `FROM` lines. Inside a stage, `$NAME` is empty until
    /// `ARG NAME` brings the value in, so `LABEL org.opencontainers.image.version=$VERSION`
    /// silently sets an empty label and `COPY bin/$TARGETARCH/app /app` copies the wrong path.
    /// This is the part of BuildKit's `UndefinedVar` check that has a sure fix, so that name
    /// (in `# check=skip=` or config) covers it too.
    ///
    /// ## Example
    /// ```dockerfile,expect_diagnostic
    /// ARG VERSION=1.0.0
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.version=$VERSION
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// ARG VERSION=1.0.0
    /// FROM alpine:3.20
    /// ARG VERSION
    /// LABEL org.opencontainers.image.version=$VERSION
    /// ```
    ///
    /// ## Fix safety
    /// Safe: inserting `ARG NAME` right after `FROM` gives the stage the value the author
    /// expected (the global default, or the `--build-arg`).
    ///
    /// ## References
    /// - [Scope of ARG](https://docs.docker.com/reference/dockerfile/#scope)
    /// - [BuildKit check UndefinedVar](https://docs.docker.com/go/dockerfile/rule/undefined-var/)
    pub GlobalArgNotRedeclared {
        code: "DX502",
        name: "global-arg-not-redeclared",
        buildkit: Some("UndefinedVar"),
        severity: Warning,
        fix: Always,
    }
}

impl Rule for GlobalArgNotRedeclared {
    fn check(&self, ctx: &mut LintContext<'_>) {
        let model = ctx.model;
        let instructions = model.instructions();
        let escape = model.file.escape();
        for stage in &model.stages {
            // One fix per name and stage; later passes of `--fix` see the rest resolved.
            let mut fixed: Vec<String> = Vec::new();
            for i in stage.instructions() {
                let ins = &instructions[i];
                // Words are ranges of the logical line: without a `$` there, no word references a variable.
                if !ins.line.text().contains('$') {
                    continue;
                }
                for (word, what) in expanded_words(ins) {
                    let text = ins.text(&word);
                    for (name, span) in references(text, escape) {
                        let global = model.global_args.iter().rev().find(|a| a.name == name);
                        if global.is_none() && !PLATFORM_ARGS.contains(&name) {
                            continue;
                        }
                        if model.lookup(i, name) != Binding::Undefined {
                            continue;
                        }
                        let logical = TextRange::new(word.logical.start() + span.start as u32, word.logical.start() + span.end as u32);
                        let range = ins.source_range(logical);
                        let scope = match global {
                            Some(arg) => format!("`{name}` is a global ARG (line {})", line_of(ctx.text(), instructions[arg.instruction].range.start())),
                            None => format!("`{name}` is set automatically before the first FROM"),
                        };
                        let message = format!("`${name}` is empty here: {scope}, and a stage only sees it after `ARG {name}`, so {what} gets an empty value");
                        let fix = (!fixed.iter().any(|n| n == name))
                            .then(|| insert_lines_after(model.file, instructions[stage.from].range.start(), &format!("ARG {name}\n")))
                            .flatten();
                        let diagnostic = ctx.report(range, message);
                        if let Some(edit) = fix {
                            fixed.push(name.to_owned());
                            diagnostic.set_fix(Fix::safe(format!("Insert `ARG {name}` after FROM"), vec![edit]));
                        }
                    }
                }
            }
        }
    }
}

/// The words of an instruction that the builder expands, with what they set (for messages).
fn expanded_words(ins: &Instruction) -> Vec<(Word, &'static str)> {
    let what = match ins.keyword {
        Keyword::Label => "this label",
        Keyword::Env => "this variable",
        Keyword::Copy | Keyword::Add => "this path",
        Keyword::Workdir => "WORKDIR",
        Keyword::Expose => "EXPOSE",
        Keyword::User => "USER",
        Keyword::Volume => "VOLUME",
        Keyword::Stopsignal => "STOPSIGNAL",
        Keyword::Run => "this mount option",
        _ => return Vec::new(),
    };
    let mut out = Vec::new();
    let flags: &[&str] = match ins.keyword {
        Keyword::Copy | Keyword::Add => &["chown", "chmod"],
        Keyword::Run => &["mount"],
        _ => &[],
    };
    for flag in ins.flags.iter().filter(|f| flags.contains(&f.name.as_str())) {
        if let Some(value) = &flag.value {
            let option = if ins.keyword == Keyword::Run { "this mount option" } else { "this flag" };
            out.push((Word { range: value.range, logical: value.logical }, option));
        }
    }
    if ins.keyword == Keyword::Run {
        return out;
    }
    match &ins.args {
        Args::Words(words) => out.extend(words.iter().map(|w| (*w, what))),
        Args::Shell(word) => out.push((*word, what)),
        Args::KeyValues(pairs) => out.extend(pairs.iter().map(|p| (p.value, what))),
        Args::Exec(exec) => out.extend(exec.elements.iter().map(|e| (Word { range: e.range, logical: e.logical }, what))),
        _ => {}
    }
    out
}

/// The variables a word references, with the span of each reference (`$NAME` or `${NAME...}`), as
/// the builder's word expansion sees them: not inside single quotes, not after the escape
/// character, and not `${NAME:-default}`.
fn references(text: &str, escape: char) -> Vec<(&str, std::ops::Range<usize>)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let (mut single, mut double) = (false, false);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if !single && b as char == escape {
            i += 2;
            continue;
        }
        match b {
            b'\'' if !double => single = !single,
            b'"' if !single => double = !double,
            b'$' if !single => {
                let braced = bytes.get(i + 1) == Some(&b'{');
                let start = i + 1 + usize::from(braced);
                let len = bytes[start.min(bytes.len())..].iter().take_while(|c| c.is_ascii_alphanumeric() || **c == b'_').count();
                if len > 0 && !bytes[start].is_ascii_digit() {
                    let rest = &text[start + len..];
                    let defaulted = braced && (rest.starts_with(":-") || rest.starts_with('-'));
                    if !defaulted {
                        let end = if braced { rest.find('}').map_or(text.len(), |c| start + len + c + 1) } else { start + len };
                        out.push((&text[start..start + len], i..end));
                    }
                }
                i = start + len;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::references;
    use crate::test::{assert_diagnostics, fix_all};

    #[test]
    fn labels_and_copies_of_undeclared_globals() {
        let text = "ARG VERSION=1.0\nFROM a\nLABEL v=\"$VERSION\" w=${VERSION}\nCOPY bin/${TARGETARCH}/app /app\n";
        assert_diagnostics("DX502", text, &[
            "3:10-3:18 `$VERSION` is empty here: `VERSION` is a global ARG (line 1), and a stage only sees it after `ARG VERSION`, so this label gets an empty value",
            "3:22-3:32 `$VERSION` is empty here: `VERSION` is a global ARG (line 1), and a stage only sees it after `ARG VERSION`, so this label gets an empty value",
            "4:10-4:23 `$TARGETARCH` is empty here: `TARGETARCH` is set automatically before the first FROM, and a stage only sees it after `ARG TARGETARCH`, so this path gets an empty value",
        ]);
        assert_eq!(fix_all("DX502", text, false), "ARG VERSION=1.0\nFROM a\nARG TARGETARCH\nARG VERSION\nLABEL v=\"$VERSION\" w=${VERSION}\nCOPY bin/${TARGETARCH}/app /app\n");
    }

    #[test]
    fn declared_env_quoted_defaulted_and_run_text_are_fine() {
        let text = "ARG V=1\nARG U\nFROM a AS one\nARG V\nENV U=2\nLABEL a=$V b='$U' c=${V:-x}\nRUN echo $V\nFROM one\nLABEL d=$U\nCOPY --chown=$V a b\n";
        assert_diagnostics("DX502", text, &["10:14-10:16 `$V` is empty here: `V` is a global ARG (line 1), and a stage only sees it after `ARG V`, so this flag gets an empty value"]);
        assert_eq!(references(r"a\$B'$C'\${D}$E${F-x}${G:+y}", '\\'), vec![("E", 13..15), ("G", 21..28)]);
    }

    #[test]
    fn buildkit_name_suppresses_it() {
        assert_diagnostics("DX502", "# check=skip=UndefinedVar\nARG V\nFROM a\nUSER $V\n", &[]);
    }

    #[test]
    fn mounts_and_exec_form_copy() {
        let text = "ARG CACHE=/c\nFROM a\nRUN --mount=type=cache,target=$CACHE true\nCOPY [\"$CACHE\", \"/d\"]\n";
        let found = crate::test::lint_codes("DX502", text);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].starts_with("3:31-3:37"));
        assert!(found[1].starts_with("4:8-4:14"));
        assert_eq!(fix_all("DX502", "ARG X\nFROM a\nUSER $X", false), "ARG X\nFROM a\nARG X\nUSER $X");
    }
}
