//! DX009: arguments that look like a JSON array but are not valid JSON.

use distrolint_syntax::{Args, Instruction, Keyword, TextRange};

use crate::diagnostic::{Edit, Fix};
use crate::rule::{LintContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Flags `RUN`, `CMD`, `ENTRYPOINT`, `SHELL`, `HEALTHCHECK CMD`, `COPY`, `ADD` and `VOLUME`
    /// arguments that start with `[` but are not a valid JSON array of strings (single quotes,
    /// a trailing comma, a missing bracket), and text after a valid array's closing bracket.
    ///
    /// ## Why is this bad?
    /// BuildKit then treats the whole text as *shell form*: `CMD ['app']` runs
    /// `/bin/sh -c "['app']"`, which fails with `[app]: not found`, and in an image without a
    /// shell it fails to start at all. Text after the closing bracket is silently dropped.
    ///
    /// ## Example
    /// ```dockerfile,expect_diagnostic
    /// FROM alpine:3.20
    /// CMD ['python3', 'app.py']
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// CMD ["python3", "app.py"]
    /// ```
    ///
    /// ## Fix safety
    /// Safe when the only problem is single quotes around plain words: replacing them with
    /// double quotes gives the exec form that was meant.
    ///
    /// ## References
    /// - [Shell and exec form](https://docs.docker.com/reference/dockerfile/#shell-and-exec-form)
    pub MalformedJsonArgs {
        code: "DX009",
        name: "malformed-json-args",
        severity: Warning,
        fix: Sometimes,
    }
}

impl Rule for MalformedJsonArgs {
    fn check(&self, ctx: &mut LintContext<'_>) {
        for ins in ctx.file.instructions() {
            check_instruction(ctx, ins);
            if let Some(inner) = ins.onbuild() {
                check_instruction(ctx, inner);
            }
        }
    }
}

fn check_instruction(ctx: &mut LintContext<'_>, ins: &Instruction) {
    let args = match &ins.args {
        Args::Healthcheck(health) => &*health.cmd,
        args => args,
    };
    match args {
        Args::Exec(exec) => {
            if let Some(trailing) = exec.trailing {
                ctx.report(trailing, format!("`{}` after the JSON array's closing bracket is ignored by the builder", ctx.file.slice(trailing)));
            }
        }
        Args::Shell(word) if meant_as_json(ins.text(word)) => report(ctx, ins, ins.text(word), word.range, word.logical),
        Args::Words(words)
            if matches!(ins.keyword, Keyword::Copy | Keyword::Add | Keyword::Volume)
                && words.first().is_some_and(|w| meant_as_json(&ins.line.text()[w.logical.start() as usize..])) =>
        {
            let logical = TextRange::new(words[0].logical.start(), words[words.len() - 1].logical.end());
            report(ctx, ins, &ins.line.text()[logical], ins.source_range(logical), logical);
        }
        _ => {}
    }
}

/// A JSON array was meant: `[` then a quote or `]`, and either a comma or nothing but `]` after the
/// first quoted string. `[ -f x ]` and `[ "$X" = "1" ]` are the shell's test command.
fn meant_as_json(text: &str) -> bool {
    let Some(rest) = text.strip_prefix('[').map(str::trim_start) else { return false };
    let Some(quote) = rest.chars().next() else { return false };
    if quote == ']' {
        return true;
    }
    if quote != '"' && quote != '\'' {
        return false;
    }
    let after_first = rest[1..].find(quote).map_or("", |end| rest[end + 2..].trim_start());
    rest.contains(',') || after_first.is_empty() || after_first.starts_with([']', '"', '\''])
}

fn report(ctx: &mut LintContext<'_>, ins: &Instruction, text: &str, range: TextRange, logical: TextRange) {
    let what = if ins.keyword == Keyword::Run || ins.keyword == Keyword::Cmd || ins.keyword == Keyword::Entrypoint || ins.keyword == Keyword::Healthcheck {
        "so it runs as a shell command, `/bin/sh -c` with the brackets and quotes as text"
    } else {
        "so the builder reads it as plain words, brackets and quotes included"
    };
    let cause = if text.contains('\'') && !text.contains('"') { "JSON needs double quotes" } else { "it is not valid JSON" };
    let diagnostic = ctx.report(range, format!("{} arguments look like a JSON array but {cause}, {what}", ins.keyword));
    if let Some(fixed) = single_to_double_quotes(text) {
        if ins.line.is_contiguous(logical) {
            diagnostic.set_fix(Fix::safe("Use double quotes for the JSON array", vec![Edit::replace(range, fixed)]));
        }
    }
}

/// `['a', 'b c']` → `["a", "b c"]` when every element is a single-quoted string without
/// quotes or backslashes inside.
fn single_to_double_quotes(text: &str) -> Option<String> {
    let inner = text.trim().strip_prefix('[')?.strip_suffix(']')?;
    let mut parts = Vec::new();
    for part in inner.split(',') {
        let part = part.trim();
        let word = part.strip_prefix('\'')?.strip_suffix('\'')?;
        if word.contains(['\'', '"', '\\']) {
            return None;
        }
        parts.push(format!("\"{word}\""));
    }
    Some(format!("[{}]", parts.join(", ")))
}

#[cfg(test)]
mod tests {
    use crate::test::{assert_diagnostics, fix_all};

    #[test]
    fn single_quotes_get_fixed() {
        let text = "FROM a\nCMD ['python3', 'app.py']\n";
        assert_diagnostics("DX009", text, &["2:5-2:26 CMD arguments look like a JSON array but JSON needs double quotes, so it runs as a shell command, `/bin/sh -c` with the brackets and quotes as text"]);
        assert_eq!(fix_all("DX009", text, false), "FROM a\nCMD [\"python3\", \"app.py\"]\n");
    }

    #[test]
    fn other_malformations() {
        assert_diagnostics("DX009", "FROM a\nRUN [\"a\",]\nCOPY [\"a\" \"b\"]\nCMD [\"a\"] b\n", &[
            "2:5-2:11 RUN arguments look like a JSON array but it is not valid JSON, so it runs as a shell command, `/bin/sh -c` with the brackets and quotes as text",
            "3:6-3:15 COPY arguments look like a JSON array but it is not valid JSON, so the builder reads it as plain words, brackets and quotes included",
            "4:11-4:12 `b` after the JSON array's closing bracket is ignored by the builder",
        ]);
        assert_diagnostics("DX009", "FROM a\nCMD [\"a\"]\nRUN [ -f x ] && y\nRUN [ \"${X}\" = \"true\" ] && exit 0; z\n", &[]);
        assert_diagnostics("DX009", "FROM a\nCMD ['a']\n", &["2:5-2:10 CMD arguments look like a JSON array but JSON needs double quotes, so it runs as a shell command, `/bin/sh -c` with the brackets and quotes as text"]);
    }
}
