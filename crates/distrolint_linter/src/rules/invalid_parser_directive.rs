//! DX006: parser directives BuildKit rejects.

use distrolint_syntax::{DirectiveKind, SyntaxErrorKind, TextRange};

use crate::rule::{LintContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Flags an `# escape=` directive with a value other than `\` or `` ` ``, a directive
    /// given twice, and a `# check=` directive with a part that is not `skip=`, `error=` or
    /// `experimental=`.
    ///
    /// ## Why is this bad?
    /// BuildKit fails with `invalid escape token` or `only one escape parser directive can be
    /// used`; an invalid `# check=` directive is ignored, so the checks you meant to
    /// configure run with their defaults.
    ///
    /// ## Example
    /// ```dockerfile,expect_diagnostic
    /// # escape=^
    /// FROM mcr.microsoft.com/windows/servercore:ltsc2022
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// # escape=`
    /// FROM mcr.microsoft.com/windows/servercore:ltsc2022
    /// ```
    ///
    /// ## References
    /// - [Parser directives](https://docs.docker.com/reference/dockerfile/#parser-directives)
    pub InvalidParserDirective {
        code: "DX006",
        name: "invalid-parser-directive",
        severity: Error,
    }
}

impl Rule for InvalidParserDirective {
    fn check(&self, ctx: &mut LintContext<'_>) {
        for error in ctx.file.errors() {
            if matches!(error.kind, SyntaxErrorKind::InvalidEscape | SyntaxErrorKind::DuplicateDirective) {
                ctx.report(error.range, format!("{}: the build fails", error.message));
            }
        }
        for directive in ctx.file.directives() {
            if directive.kind != DirectiveKind::Check {
                continue;
            }
            let value = ctx.file.slice(directive.value);
            let mut offset = directive.value.start();
            for part in value.split(';') {
                let range = TextRange::new(offset, offset + part.len() as u32);
                offset += part.len() as u32 + 1;
                let key = part.split_once('=').map(|(k, _)| k.trim().to_ascii_lowercase());
                if !matches!(key.as_deref(), Some("skip" | "error" | "experimental")) {
                    ctx.report(range, format!("`{}` is not a valid check option (`skip=`, `error=` or `experimental=`), so BuildKit ignores the whole `# check=` directive", part.trim()));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::test::assert_diagnostics;

    #[test]
    fn escape_duplicates_and_check() {
        assert_diagnostics("DX006", "# escape=^\nFROM a\n", &["1:10-1:11 invalid escape token '^' does not match ` or \\: the build fails"]);
        assert_diagnostics("DX006", "# syntax=a\n# SYNTAX=b\nFROM a\n", &["2:1-2:11 only one syntax parser directive can be used: the build fails"]);
        assert_diagnostics("DX006", "# check=skip=A;erro=true\nFROM a\n", &["1:16-1:25 `erro=true` is not a valid check option (`skip=`, `error=` or `experimental=`), so BuildKit ignores the whole `# check=` directive"]);
        assert_diagnostics("DX006", "# check=skip=JSONArgsRecommended;error=true\nFROM a\n", &[]);
    }
}
