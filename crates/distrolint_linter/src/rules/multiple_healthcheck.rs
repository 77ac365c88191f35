//! DL3012 (BuildKit MultipleInstructionsDisallowed): more than one `HEALTHCHECK` in a stage.

use distrolint_syntax::Keyword;

use crate::analysis::runtime::report_overridden;
use crate::rule::{LintContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Flags a `HEALTHCHECK` that a later `HEALTHCHECK` in the same stage replaces
    /// (`HEALTHCHECK NONE` counts). The earlier one is reported, with a note at the one the image
    /// keeps.
    ///
    /// ## Why is this bad?
    /// Only the last `HEALTHCHECK` of a stage ends up in the image config, so the earlier probe
    /// never runs, whatever it says.
    ///
    /// ## Example
    /// ```dockerfile,expect_diagnostic
    /// FROM gcr.io/distroless/python3-debian13
    /// HEALTHCHECK CMD ["python3", "/app/health.py"]
    /// HEALTHCHECK --interval=30s CMD ["python3", "/app/health.py", "--deep"]
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM gcr.io/distroless/python3-debian13
    /// HEALTHCHECK --interval=30s CMD ["python3", "/app/health.py", "--deep"]
    /// ```
    ///
    /// ## Fix safety
    /// Safe: the fix deletes the earlier `HEALTHCHECK`, which the later one already replaces.
    ///
    /// ## References
    /// - hadolint DL3012
    /// - [BuildKit check MultipleInstructionsDisallowed](https://docs.docker.com/go/dockerfile/rule/multiple-instructions-disallowed/)
    pub MultipleHealthcheck {
        code: "DL3012",
        name: "multiple-healthcheck",
        buildkit: Some("MultipleInstructionsDisallowed"),
        aliases: &["DS-0023"],
        severity: Error,
        fix: Always,
    }
}

impl Rule for MultipleHealthcheck {
    fn check(&self, ctx: &mut LintContext<'_>) {
        report_overridden(ctx, Keyword::Healthcheck);
    }
}

#[cfg(test)]
mod tests {
    use crate::test::{assert_diagnostics, fix_all};

    #[test]
    fn none_counts_and_stages_reset() {
        let text = "FROM s\nHEALTHCHECK NONE\nHEALTHCHECK CMD [\"b\"]\nFROM s\nHEALTHCHECK CMD [\"c\"]\n";
        assert_diagnostics("DL3012", text, &[
            "2:1-2:17 this HEALTHCHECK has no effect: a later HEALTHCHECK in the same stage replaces it, and only the last one is kept in the image",
        ]);
        assert_eq!(fix_all("DL3012", text, false), "FROM s\nHEALTHCHECK CMD [\"b\"]\nFROM s\nHEALTHCHECK CMD [\"c\"]\n");
    }
}
