//! DL4004 (BuildKit MultipleInstructionsDisallowed): more than one `ENTRYPOINT` in a stage.

use distrolint_syntax::Keyword;

use crate::analysis::runtime::report_overridden;
use crate::rule::{LintContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Flags an `ENTRYPOINT` that a later `ENTRYPOINT` in the same stage replaces. The earlier
    /// one is reported, with a note at the `ENTRYPOINT` the image keeps.
    ///
    /// ## Why is this bad?
    /// Only the last `ENTRYPOINT` of a stage ends up in the image config. The earlier one only
    /// misleads readers (for example into thinking a distroless Python image's interpreter
    /// `ENTRYPOINT` was cleared or kept).
    ///
    /// ## Example
    /// ```dockerfile,expect_diagnostic
    /// FROM gcr.io/distroless/python3-debian13
    /// ENTRYPOINT ["python3", "/app/old.py"]
    /// ENTRYPOINT []
    /// CMD ["python3", "/app/main.py"]
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM gcr.io/distroless/python3-debian13
    /// ENTRYPOINT []
    /// CMD ["python3", "/app/main.py"]
    /// ```
    ///
    /// ## Fix safety
    /// Safe: the fix deletes the earlier `ENTRYPOINT`. An `ENTRYPOINT` clears an inherited `CMD`
    /// unless the stage sets its own, and the last `ENTRYPOINT` still does that, so the image
    /// config is the same.
    ///
    /// ## References
    /// - hadolint DL4004
    /// - [BuildKit check MultipleInstructionsDisallowed](https://docs.docker.com/go/dockerfile/rule/multiple-instructions-disallowed/)
    pub MultipleEntrypoint {
        code: "DL4004",
        name: "multiple-entrypoint",
        buildkit: Some("MultipleInstructionsDisallowed"),
        aliases: &["DS-0007"],
        severity: Error,
        fix: Always,
    }
}

impl Rule for MultipleEntrypoint {
    fn check(&self, ctx: &mut LintContext<'_>) {
        report_overridden(ctx, Keyword::Entrypoint);
    }
}

#[cfg(test)]
mod tests {
    use crate::test::{assert_diagnostics, fix_all};

    #[test]
    fn earlier_entrypoints() {
        let text = "FROM d\nENTRYPOINT a\nFROM d\nENTRYPOINT [\"b\"]\nCMD [\"x\"]\nENTRYPOINT []\n";
        assert_diagnostics("DL4004", text, &[
            "4:1-4:17 this ENTRYPOINT has no effect: a later ENTRYPOINT in the same stage replaces it, and only the last one is kept in the image",
        ]);
        assert_eq!(fix_all("DL4004", text, false), "FROM d\nENTRYPOINT a\nFROM d\nCMD [\"x\"]\nENTRYPOINT []\n");
    }
}
