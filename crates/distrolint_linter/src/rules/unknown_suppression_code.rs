//! DX010: a suppression comment that names no rule.

use crate::rule::{LintContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Flags a code in `# distrolint ignore=`, `# hadolint ignore=` or `# check=skip=` that is
    /// not the code, name or alias of any rule. (ShellCheck `SC` codes from hadolint files are
    /// accepted silently: distrolint does not run ShellCheck.)
    ///
    /// ## Why is this bad?
    /// The comment suppresses nothing, so the finding it was meant to silence still shows, or a
    /// typo hides that the suppression is stale.
    ///
    /// ## Example
    /// ```dockerfile,expect_diagnostic
    /// FROM alpine:3.20
    /// # distrolint ignore=DX1O1
    /// RUN echo hi
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN echo hi
    /// ```
    pub UnknownSuppressionCode {
        code: "DX010",
        name: "unknown-suppression-code",
        severity: Hint,
    }
}

impl Rule for UnknownSuppressionCode {
    fn check(&self, _ctx: &mut LintContext<'_>) {
        // The lint driver reports these while it applies suppressions (see `crate::lint_parsed`),
        // because the codes are read there once for every rule.
    }
}

#[cfg(test)]
mod tests {
    use crate::test::assert_diagnostics;

    #[test]
    fn unknown_codes_in_each_comment_style() {
        let text = "# check=skip=Nope\nFROM a\n# hadolint ignore=DX001,SC2086,XX1\n# distrolint global ignore=cd-in-rnu\nRUN x\n";
        assert_diagnostics("DX010", text, &[
            "1:14-1:18 `Nope` is not a distrolint rule code or name, so it suppresses nothing",
            "3:32-3:35 `XX1` is not a distrolint rule code or name, so it suppresses nothing",
            "4:28-4:37 `cd-in-rnu` is not a distrolint rule code or name, so it suppresses nothing",
        ]);
    }
}
