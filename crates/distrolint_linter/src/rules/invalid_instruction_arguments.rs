//! DX002: arguments that BuildKit's instruction parser rejects.

use distrolint_syntax::{Args, Instruction, Keyword, TextRange};

use crate::rule::{LintContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Flags instructions with missing or extra arguments, or arguments of the wrong shape:
    /// `COPY` and `ADD` with fewer than two, `FROM` with other than one or three words (or a
    /// middle word other than `AS`), an invalid stage name, `WORKDIR`, `USER`, `STOPSIGNAL`,
    /// `ENV`, `LABEL`, `ARG`, `EXPOSE`, `VOLUME` or `ONBUILD` with nothing after them,
    /// `SHELL` not in JSON form, and `HEALTHCHECK` with an unknown type, `NONE` with arguments
    /// or `CMD` with no command.
    ///
    /// ## Why is this bad?
    /// `docker build` stops before running anything, with errors such as `COPY requires at
    /// least two arguments, but only one was provided. Destination could not be determined`.
    ///
    /// ## Example
    /// ```dockerfile,expect_diagnostic
    /// FROM alpine:3.20
    /// COPY app.py
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// COPY app.py /app/
    /// ```
    ///
    /// ## References
    /// - BuildKit `frontend/dockerfile/instructions/parse.go`
    pub InvalidInstructionArguments {
        code: "DX002",
        name: "invalid-instruction-arguments",
        severity: Error,
        suppressible: false,
    }
}

impl Rule for InvalidInstructionArguments {
    fn check(&self, ctx: &mut LintContext<'_>) {
        for ins in ctx.file.instructions() {
            let target = ins.onbuild().unwrap_or(ins);
            if let Some((range, message)) = problem(ctx, ins).or_else(|| (target.keyword != ins.keyword).then(|| problem(ctx, target)).flatten()) {
                ctx.report(range, message);
            }
        }
    }
}

/// The range to report: the arguments, or the keyword when there are none.
fn args_or_keyword(ins: &Instruction) -> TextRange {
    if ins.args_range.is_empty() { ins.keyword_range } else { ins.args_range }
}

fn count(args: &Args) -> usize {
    match args {
        Args::Empty => 0,
        Args::Exec(exec) => exec.elements.len(),
        Args::Words(words) => words.len(),
        Args::KeyValues(pairs) => pairs.len(),
        Args::Shell(_) | Args::Healthcheck(_) | Args::Onbuild(_) => 1,
    }
}

fn problem(ctx: &LintContext<'_>, ins: &Instruction) -> Option<(TextRange, String)> {
    let kw = ins.keyword;
    let n = count(&ins.args);
    let at_least_one = |name: &str| format!("{name} requires at least one argument: the build fails");
    match kw {
        Keyword::Copy | Keyword::Add if n < 2 => Some((
            args_or_keyword(ins),
            format!("{kw} requires at least two arguments (sources and a destination), but {} given: the build fails with \"Destination could not be determined\"", if n == 0 { "none was".to_owned() } else { "only one was".to_owned() }),
        )),
        Keyword::From => from_problem(ctx, ins),
        Keyword::Workdir | Keyword::User | Keyword::Stopsignal | Keyword::Maintainer if n == 0 => {
            Some((ins.keyword_range, format!("{kw} requires exactly one argument: the build fails")))
        }
        Keyword::Env | Keyword::Label | Keyword::Arg | Keyword::Expose | Keyword::Volume | Keyword::Onbuild if n == 0 => {
            Some((ins.keyword_range, at_least_one(kw.as_str())))
        }
        Keyword::Arg => ins.args.words().iter().find(|w| ins.text(w).starts_with('=')).map(|w| (w.range, "ARG names can not be blank: the build fails".to_owned())),
        Keyword::Volume => ins.args.exec().and_then(|e| e.elements.iter().find(|el| el.value.trim().is_empty())).map(|el| (el.range, "VOLUME specified can not be an empty string: the build fails".to_owned())),
        Keyword::Shell => match &ins.args {
            Args::Exec(exec) if exec.elements.is_empty() => Some((exec.range, at_least_one("SHELL"))),
            Args::Exec(_) => None,
            Args::Empty => Some((ins.keyword_range, at_least_one("SHELL"))),
            _ => Some((ins.args_range, "SHELL requires the arguments to be in JSON form, such as `SHELL [\"/bin/bash\", \"-c\"]`: the build fails".to_owned())),
        },
        Keyword::Healthcheck => healthcheck_problem(ctx, ins),
        _ => None,
    }
}

fn from_problem(ctx: &LintContext<'_>, ins: &Instruction) -> Option<(TextRange, String)> {
    let words = ins.args.words();
    match words {
        [] => Some((ins.keyword_range, "FROM requires either one or three arguments (`FROM image [AS name]`): the build fails".to_owned())),
        [_] => None,
        [_, as_word, name] if ins.text(as_word).eq_ignore_ascii_case("as") => {
            let text = ins.text(name).to_ascii_lowercase();
            let valid = text.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
                && text.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'_' | b'.'));
            (!valid).then(|| (name.range, format!("invalid name for build stage: \"{}\", name can't start with a number or contain symbols: the build fails", ctx.file.slice(name.range))))
        }
        [_, middle, _] => Some((middle.range, format!("expected `AS` between the image and the stage name, found `{}`: the build fails", ins.text(middle)))),
        [_, rest @ ..] => {
            let range = rest[0].range.cover(rest[rest.len() - 1].range);
            Some((range, "FROM requires either one or three arguments (`FROM image [AS name]`): the build fails".to_owned()))
        }
    }
}

fn healthcheck_problem(ctx: &LintContext<'_>, ins: &Instruction) -> Option<(TextRange, String)> {
    let Args::Healthcheck(health) = &ins.args else {
        return Some((ins.keyword_range, "HEALTHCHECK requires at least one argument: `HEALTHCHECK NONE` or `HEALTHCHECK CMD ...`".to_owned()));
    };
    let kind = ctx.file.slice(health.kind.range).to_ascii_uppercase();
    match kind.as_str() {
        "NONE" if !matches!(*health.cmd, Args::Empty) => Some((ins.args_range, "HEALTHCHECK NONE takes no arguments: the build fails".to_owned())),
        "NONE" => None,
        "CMD" if count(&health.cmd) == 0 => Some((health.kind.range, "Missing command after HEALTHCHECK CMD: the build fails".to_owned())),
        "CMD" => None,
        other => Some((health.kind.range, format!("unknown type `{other}` in HEALTHCHECK (try CMD): the build fails"))),
    }
}

#[cfg(test)]
mod tests {
    use crate::test::assert_diagnostics;

    #[test]
    fn argument_counts() {
        assert_diagnostics("DX002", "FROM a\nCOPY x\nADD [\"only\"]\nWORKDIR\n", &[
            "2:6-2:7 COPY requires at least two arguments (sources and a destination), but only one was given: the build fails with \"Destination could not be determined\"",
            "3:5-3:13 ADD requires at least two arguments (sources and a destination), but only one was given: the build fails with \"Destination could not be determined\"",
            "4:1-4:8 WORKDIR requires exactly one argument: the build fails",
        ]);
        assert_diagnostics("DX002", "FROM a\nCOPY <<EOF /x\nhi\nEOF\nUSER a b\nENV A=1\n", &[]);
    }

    #[test]
    fn from_shapes() {
        assert_diagnostics("DX002", "FROM a b\nFROM a AS 1x\nFROM a IN b\nFROM a AS b.c_d-e\n", &[
            "1:8-1:9 FROM requires either one or three arguments (`FROM image [AS name]`): the build fails",
            "2:11-2:13 invalid name for build stage: \"1x\", name can't start with a number or contain symbols: the build fails",
            "3:8-3:10 expected `AS` between the image and the stage name, found `IN`: the build fails",
        ]);
    }

    #[test]
    fn shell_and_healthcheck() {
        assert_diagnostics("DX002", "FROM a\nSHELL /bin/bash -c\nHEALTHCHECK NONE x\nHEALTHCHECK CMD\nHEALTHCHECK CONNECT TCP 7000\nHEALTHCHECK CMD [\"x\"]\n", &[
            "2:7-2:19 SHELL requires the arguments to be in JSON form, such as `SHELL [\"/bin/bash\", \"-c\"]`: the build fails",
            "3:13-3:19 HEALTHCHECK NONE takes no arguments: the build fails",
            "4:13-4:16 Missing command after HEALTHCHECK CMD: the build fails",
            "5:13-5:20 unknown type `CONNECT` in HEALTHCHECK (try CMD): the build fails",
        ]);
    }
}
