//! DX008 (DL1000): lines BuildKit's parser rejects.

use distrolint_syntax::SyntaxErrorKind;

use crate::rule::{LintContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Reports what BuildKit's parser rejects outright: a file with no instructions, `ENV` or
    /// `LABEL` with a key and no value, a later `ENV`/`LABEL` word without `=`, and a JSON
    /// array whose elements are not all strings.
    ///
    /// ## Why is this bad?
    /// `docker build` fails with `dockerfile parse error` before anything runs. A word without
    /// `=` in `ENV` usually means a line continuation (`\`) joined the next instruction into it.
    ///
    /// ## Example
    /// ```dockerfile,expect_diagnostic
    /// FROM alpine:3.20
    /// ENV PATH
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ENV PATH=/opt/bin:$PATH
    /// ```
    ///
    /// ## References
    /// - BuildKit `frontend/dockerfile/parser`
    pub ParseError {
        code: "DX008",
        name: "parse-error",
        aliases: &["DL1000"],
        severity: Error,
        suppressible: false,
    }
}

impl Rule for ParseError {
    fn check(&self, ctx: &mut LintContext<'_>) {
        for error in ctx.file.errors() {
            if matches!(
                error.kind,
                SyntaxErrorKind::NoInstructions
                    | SyntaxErrorKind::MissingValue
                    | SyntaxErrorKind::MissingEquals
                    | SyntaxErrorKind::JsonNotStringArray
            ) {
                ctx.report(error.range, error.message.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::test::assert_diagnostics;

    #[test]
    fn parser_errors() {
        assert_diagnostics("DX008", "", &["1:1-1:1 the file has no instructions: a Dockerfile needs at least a FROM"]);
        assert_diagnostics("DX008", "FROM a\nENV PATH\n", &["2:5-2:9 ENV must have two arguments: `ENV key value` or `ENV key=value`"]);
        assert_diagnostics("DX008", "FROM a\nCMD [\"a\", 1]\n", &["2:5-2:13 when using JSON array syntax, arrays must be comprised of strings only"]);
    }
}
