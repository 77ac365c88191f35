//! DX007 (DL3061): an instruction other than `ARG` before the first `FROM`.

use distrolint_syntax::Keyword;

use crate::rule::{LintContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Flags any instruction other than `ARG` that comes before the first `FROM`.
    ///
    /// ## Why is this bad?
    /// Only `ARG` may precede `FROM` (to parameterise base images). Anything else fails the
    /// build with `no build stage in current context`.
    ///
    /// ## Example
    /// ```dockerfile,expect_diagnostic
    /// LABEL team=platform
    /// FROM alpine:3.20
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL team=platform
    /// ```
    ///
    /// ## References
    /// - hadolint DL3061
    pub InstructionBeforeFrom {
        code: "DX007",
        name: "instruction-before-from",
        aliases: &["DL3061"],
        severity: Error,
    }
}

impl Rule for InstructionBeforeFrom {
    fn check(&self, ctx: &mut LintContext<'_>) {
        for ins in ctx.file.instructions() {
            match ins.keyword {
                Keyword::From => break,
                Keyword::Arg | Keyword::Unknown => {}
                keyword => {
                    ctx.report(ins.keyword_range, format!("{keyword} comes before the first FROM: only ARG may, so the build fails with \"no build stage in current context\""));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::test::assert_diagnostics;

    #[test]
    fn only_arg_may_precede_from() {
        assert_diagnostics("DX007", "# syntax=docker/dockerfile:1\nARG V=1\nLABEL a=b\nFROM x:${V}\nLABEL c=d\n", &["3:1-3:6 LABEL comes before the first FROM: only ARG may, so the build fails with \"no build stage in current context\""]);
    }
}
