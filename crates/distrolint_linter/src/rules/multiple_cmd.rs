//! DL4003 (BuildKit MultipleInstructionsDisallowed): more than one `CMD` in a stage.

use distrolint_syntax::Keyword;

use crate::analysis::runtime::report_overridden;
use crate::rule::{LintContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Flags a `CMD` that a later `CMD` in the same stage replaces. The earlier one is reported,
    /// because it is the one that does nothing; a note points at the `CMD` the image keeps.
    ///
    /// ## Why is this bad?
    /// Only the last `CMD` of a stage ends up in the image config, so an earlier one is dead code
    /// that misleads readers about how the container starts. It often comes from pasting
    /// "hardening" snippets below an existing `CMD`.
    ///
    /// ## Example
    /// ```dockerfile,expect_diagnostic
    /// FROM python:3.12-slim
    /// CMD ["python3", "app.py"]
    /// COPY . /app
    /// CMD ["python3", "/app/main.py"]
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// COPY . /app
    /// CMD ["python3", "/app/main.py"]
    /// ```
    ///
    /// Each stage starts afresh, so stages may each have their own `CMD`, and a `HEALTHCHECK CMD`
    /// is not a `CMD`.
    ///
    /// ## Fix safety
    /// Safe: the fix deletes the earlier `CMD`, which the later one already replaces.
    ///
    /// ## References
    /// - hadolint DL4003
    /// - [BuildKit check MultipleInstructionsDisallowed](https://docs.docker.com/go/dockerfile/rule/multiple-instructions-disallowed/)
    pub MultipleCmd {
        code: "DL4003",
        name: "multiple-cmd",
        buildkit: Some("MultipleInstructionsDisallowed"),
        aliases: &["DS-0016"],
        severity: Warning,
        fix: Always,
    }
}

impl Rule for MultipleCmd {
    fn check(&self, ctx: &mut LintContext<'_>) {
        report_overridden(ctx, Keyword::Cmd);
    }
}

#[cfg(test)]
mod tests {
    use crate::test::{assert_diagnostics, fix_all, lint_rule};

    #[test]
    fn earlier_cmds_are_reported_per_stage() {
        let text = "FROM d\nCMD a\nRUN x\nCMD [\"b\"]\nCMD c\nFROM d AS two\nCMD a\nHEALTHCHECK CMD [\"x\"]\n";
        let message = "this CMD has no effect: a later CMD in the same stage replaces it, and only the last one is kept in the image";
        assert_diagnostics("DL4003", text, &[&format!("2:1-2:6 {message}"), &format!("4:1-4:10 {message}")]);
        let found = lint_rule("DL4003", text);
        assert_eq!(found[0].related[0].message, "this CMD is the one the image keeps");
        assert_eq!(fix_all("DL4003", text, false), "FROM d\nRUN x\nCMD c\nFROM d AS two\nCMD a\nHEALTHCHECK CMD [\"x\"]\n");
    }

    #[test]
    fn suppression_on_either_line() {
        let later = "FROM d\nCMD a\n# hadolint ignore=DL4003\nCMD b\n";
        assert_diagnostics("DL4003", later, &[]);
        let earlier = "FROM d\n# distrolint ignore=multiple-cmd\nCMD a\nCMD b\n";
        assert_diagnostics("DL4003", earlier, &[]);
        let buildkit = "FROM d\nCMD a\n# check=skip=MultipleInstructionsDisallowed\nCMD b\n";
        assert_diagnostics("DL4003", buildkit, &[]);
    }

    #[test]
    fn multi_line_cmd_is_deleted_whole() {
        let text = "FROM d\nCMD [\"a\", \\\n  \"b\"]\nCMD c\n";
        assert_eq!(fix_all("DL4003", text, false), "FROM d\nCMD c\n");
    }
}
