//! DX001: a keyword that is not a Dockerfile instruction.

use distrolint_syntax::{Instruction, Keyword, TextRange};

use crate::diagnostic::{Edit, Fix};
use crate::rule::{LintContext, Rule};
use crate::util::closest;

crate::declare_rule! {
    /// ## What it does
    /// Flags a line whose first word is not a Dockerfile instruction.
    ///
    /// ## Why is this bad?
    /// `docker build` stops with `dockerfile parse error on line N: unknown instruction: X`.
    /// The usual causes are a typo in the keyword, or a line that was meant to continue the
    /// previous instruction but lost its trailing `\`, or the body of a heredoc written as
    /// `<< EOF` (with a space), which BuildKit does not read as a heredoc.
    ///
    /// ## Example
    /// ```dockerfile,expect_diagnostic
    /// FROM debian:12
    /// RUNN apt-get update
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12
    /// RUN apt-get update
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: a keyword within two edits of a real instruction is replaced by it, which is
    /// almost always the intent, but the arguments may still be wrong for that instruction.
    ///
    /// ## References
    /// - [Dockerfile reference](https://docs.docker.com/reference/dockerfile/)
    pub UnknownInstruction {
        code: "DX001",
        name: "unknown-instruction",
        severity: Error,
        fix: Sometimes,
        suppressible: false,
    }
}

impl Rule for UnknownInstruction {
    fn check(&self, ctx: &mut LintContext<'_>) {
        let instructions = ctx.file.instructions();
        let mut last_known: Option<&Instruction> = None;
        // BuildKit stops at the first unknown line; a run of lines that are not typos is one problem.
        let mut pending: Option<(usize, usize)> = None;
        for (i, ins) in instructions.iter().enumerate() {
            if let Some(inner) = ins.onbuild().filter(|inner| inner.keyword == Keyword::Unknown) {
                report(ctx, inner, None, last_known, 0);
            }
            if ins.keyword != Keyword::Unknown {
                flush(ctx, &mut pending, last_known);
                last_known = Some(ins);
                continue;
            }
            if typo_of(ctx.file.slice(ins.keyword_range), last_known).is_some() {
                flush(ctx, &mut pending, last_known);
                report(ctx, ins, i.checked_sub(1).map(|p| &instructions[p]), last_known, 0);
            } else if let Some((_, more)) = &mut pending {
                *more += 1;
            } else {
                pending = Some((i, 0));
            }
        }
        flush(ctx, &mut pending, last_known);
    }
}

fn flush(ctx: &mut LintContext<'_>, pending: &mut Option<(usize, usize)>, last_known: Option<&Instruction>) {
    if let Some((first, more)) = pending.take() {
        let instructions = ctx.file.instructions();
        let previous = first.checked_sub(1).map(|p| &instructions[p]);
        report(ctx, &instructions[first], previous, last_known, more);
    }
}

/// The keyword a word is a typo of, unless it is something else (a shell command, heredoc text).
fn typo_of(word: &str, last_known: Option<&Instruction>) -> Option<&'static str> {
    let shell_word = SHELL_WORDS.contains(&word) || word.starts_with(['&', '|', '>', '<', '/', '-', '\'', '"', ';', '(', '}']);
    if word.len() < 2 || shell_word || last_known.is_some_and(spaced_heredoc) {
        return None;
    }
    let max_edits = if word.chars().count() <= 4 { 1 } else { 2 };
    closest(word, Keyword::ALL.map(Keyword::as_str), max_edits)
}

/// Shell commands and keywords: a line starting with one is a lost piece of a `RUN`.
const SHELL_WORDS: &[&str] = &[
    "if", "then", "else", "elif", "fi", "for", "while", "do", "done", "case", "esac", "set", "export", "echo", "cd",
    "exit", "return", "local", "apt-get", "apk", "pip", "pip3", "npm", "yarn", "mkdir", "chmod", "chown", "rm", "cp",
    "mv", "ln", "cat", "curl", "wget", "tar", "make", "python", "python3", "sh", "bash", "exec", "sed", "grep", "find",
    "true", "false", "test", "printf", "source", "unset", "useradd", "adduser", "groupadd",
];

fn report(
    ctx: &mut LintContext<'_>,
    ins: &Instruction,
    previous: Option<&Instruction>,
    last_known: Option<&Instruction>,
    more: usize,
) {
    let word = ctx.file.slice(ins.keyword_range);
    if word.is_empty() {
        let range = TextRange::new(ins.range.start(), ins.range.start() + 1).cover(ins.range);
        ctx.report(range, "this line holds only a line continuation, so it joins the next lines into an instruction with no keyword; `docker build` fails with \"unknown instruction\"");
        return;
    }
    let heredoc = last_known.is_some_and(spaced_heredoc);
    let shell_word = SHELL_WORDS.contains(&word) || word.starts_with(['&', '|', '>', '<', '/', '-', '\'', '"', ';', '(', '}']);
    let suggestion = typo_of(word, last_known);
    let mut message = format!("unknown instruction `{word}`: `docker build` fails with \"unknown instruction: {word}\"");
    if heredoc {
        message.push_str("; an earlier instruction writes `<< EOF` with a space, which BuildKit does not read as a heredoc, so its body lines are read as instructions: write `<<EOF`");
    } else if let Some(keyword) = suggestion {
        message.push_str("; did you mean `");
        message.push_str(keyword);
        message.push_str("`?");
    } else if let Some(hint) = continuation_hint(ctx, word, shell_word, previous) {
        message.push_str(hint);
    }
    if more > 0 {
        let lines = if more == 1 { "1 more line that follows is".to_owned() } else { format!("{more} more lines that follow are") };
        message.push_str(&format!(" ({lines} not instructions either)"));
    }
    let fix = suggestion.and_then(|keyword| {
        let replacement =
            if word.bytes().all(|b| !b.is_ascii_uppercase()) { keyword.to_ascii_lowercase() } else { keyword.to_owned() };
        // Only when the instruction then parses cleanly: `ENV` needs a value, `COPY` two words...
        let text = ctx.file.text();
        let candidate = format!("{replacement}{}", &text[ins.keyword_range.end() as usize..ins.range.end() as usize]);
        let clean = distrolint_syntax::parse(&candidate).errors().is_empty();
        clean.then(|| {
            Fix::unsafe_(format!("Replace `{word}` with `{replacement}`"), vec![Edit::replace(ins.keyword_range, replacement)])
        })
    });
    ctx.report(ins.keyword_range, message).set_fix(fix);
}

/// `RUN cat << EOF`: a heredoc operator followed by a space, which BuildKit does not read as a heredoc.
fn spaced_heredoc(ins: &Instruction) -> bool {
    ins.keyword.allows_heredoc() && ins.heredocs.is_empty() && ins.line.text().split_whitespace().any(|w| w == "<<" || w == "<<-")
}

fn continuation_hint(
    ctx: &LintContext<'_>,
    word: &str,
    shell_word: bool,
    previous: Option<&Instruction>,
) -> Option<&'static str> {
    let previous = previous?;
    let looks_continued = shell_word || word.contains('=');
    let last_line_continues = ctx.file.text()[previous.range].trim_end().ends_with(ctx.file.escape());
    (looks_continued && !last_line_continues)
        .then_some("; it looks like the rest of the previous instruction: is a line continuation (`\\`) missing at the end of the line above?")
}

#[cfg(test)]
mod tests {
    use crate::test::{assert_diagnostics, fix_all};

    #[test]
    fn typos_get_a_suggestion_and_a_fix() {
        assert_diagnostics(
            "DX001",
            "FROM a\nRUNN x\nfrum b\n",
            &["2:1-2:5 unknown instruction `RUNN`: `docker build` fails with \"unknown instruction: RUNN\"; did you mean `RUN`?", "3:1-3:5 unknown instruction `frum`: `docker build` fails with \"unknown instruction: frum\"; did you mean `FROM`?"],
        );
        assert_eq!(fix_all("DX001", "FROM a\nRUNN x\nfrum b\n", true), "FROM a\nRUN x\nfrom b\n");
    }

    #[test]
    fn lost_continuations_are_explained() {
        let text = "FROM a\nRUN apt-get update\n    && apt-get install x\n";
        assert_diagnostics("DX001", text, &["3:5-3:7 unknown instruction `&&`: `docker build` fails with \"unknown instruction: &&\"; it looks like the rest of the previous instruction: is a line continuation (`\\`) missing at the end of the line above?"]);
        let text = "FROM a\nRUN cat << EOF > /x\nhello\nEOF\n";
        let diagnostics = crate::test::lint_codes("DX001", text);
        assert_eq!(diagnostics.len(), 1);
        assert!(diagnostics[0].contains("`<< EOF` with a space"));
        assert!(diagnostics[0].ends_with("(1 more line that follows is not instructions either)"), "{diagnostics:?}");
    }

    #[test]
    fn no_fix_that_would_break_the_instruction() {
        // `ENV P` would be a parse error (ENV needs a value), so the typo gets no fix.
        assert!(crate::test::lint_rule("DX001", "FROM a\nEMV P\n")[0].fix.is_none());
        assert!(crate::test::lint_rule("DX001", "FROM a\nEMV P=1\n")[0].fix.is_some());
    }

    #[test]
    fn onbuild_triggers_are_checked() {
        assert_diagnostics("DX001", "FROM a\nONBUILD RUM x\n", &["2:9-2:12 unknown instruction `RUM`: `docker build` fails with \"unknown instruction: RUM\"; did you mean `RUN`?"]);
        assert_diagnostics("DX001", "FROM a\nRUN x\n", &[]);
    }
}
