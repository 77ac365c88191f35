//! DX005: a heredoc whose terminator never comes.

use distrolint_syntax::SyntaxErrorKind;

use crate::rule::{LintContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Flags a heredoc (`RUN <<EOF`, `COPY <<EOF /dst`) with no line that ends it.
    ///
    /// ## Why is this bad?
    /// BuildKit reads every following line as the heredoc's body and then fails with
    /// `unterminated heredoc`. The terminator must be alone on its line, exactly as named
    /// (no trailing spaces; with `<<-` leading tabs are allowed).
    ///
    /// ## Example
    /// ```dockerfile,expect_diagnostic
    /// FROM alpine:3.20
    /// RUN <<EOF
    /// echo hello
    /// EOF 
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN <<EOF
    /// echo hello
    /// EOF
    /// ```
    ///
    /// ## References
    /// - [Here-documents](https://docs.docker.com/reference/dockerfile/#here-documents)
    pub UnterminatedHeredoc {
        code: "DX005",
        name: "unterminated-heredoc",
        severity: Error,
        suppressible: false,
    }
}

impl Rule for UnterminatedHeredoc {
    fn check(&self, ctx: &mut LintContext<'_>) {
        for error in ctx.file.errors() {
            if error.kind == SyntaxErrorKind::UnterminatedHeredoc {
                ctx.report(error.range, error.message.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::test::assert_diagnostics;

    #[test]
    fn reports_the_heredoc_word() {
        assert_diagnostics("DX005", "FROM a\nRUN <<EOF\necho\nEOF \n", &["2:5-2:10 unterminated heredoc: no line `EOF` ends it before the end of the file"]);
        assert_diagnostics("DX005", "FROM a\nRUN <<-EOF\n\techo\n\tEOF\n", &[]);
    }
}
