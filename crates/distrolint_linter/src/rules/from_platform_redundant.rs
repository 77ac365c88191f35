//! DL3065 (BuildKit RedundantTargetPlatform): `FROM --platform=$TARGETPLATFORM`.

use distrolint_syntax::{Keyword, TextRange};

use crate::diagnostic::{Edit, Fix};
use crate::rule::{LintContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Flags `FROM --platform=$TARGETPLATFORM` (or `${TARGETPLATFORM}`), unless a global
    /// `ARG TARGETPLATFORM=<default>` gives the argument a fixed value: then the flag pins the
    /// stage, and `platform-arg-default-override` (DX501) reports that instead.
    ///
    /// ## Why is this bad?
    /// A stage without `--platform` is already built for the target platform, so the flag does
    /// nothing, and readers wonder what it changes.
    ///
    /// ## Example
    /// ```dockerfile,expect_diagnostic
    /// FROM --platform=$TARGETPLATFORM alpine:3.20
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ```
    ///
    /// ## Fix safety
    /// Safe: the flag is deleted only when no default can give `$TARGETPLATFORM` another value
    /// than the target platform.
    ///
    /// ## References
    /// - hadolint DL3065
    /// - [BuildKit check RedundantTargetPlatform](https://docs.docker.com/go/dockerfile/rule/redundant-target-platform/)
    pub FromPlatformRedundant {
        code: "DL3065",
        name: "from-platform-redundant",
        buildkit: Some("RedundantTargetPlatform"),
        aliases: &["platform-redundant-targetplatform"],
        severity: Warning,
        fix: Always,
    }
}

impl Rule for FromPlatformRedundant {
    fn check(&self, ctx: &mut LintContext<'_>) {
        let model = ctx.model;
        if model.global_args.iter().any(|a| a.name == "TARGETPLATFORM" && a.has_default) {
            return;
        }
        for stage in &model.stages {
            let ins = &model.instructions()[stage.from];
            debug_assert_eq!(ins.keyword, Keyword::From);
            let Some(flag) = ins.flag("platform") else { continue };
            let Some(value) = flag.value_text() else { continue };
            if !matches!(value.trim(), "$TARGETPLATFORM" | "${TARGETPLATFORM}") {
                continue;
            }
            let text = ctx.text();
            let after = text[flag.range.end() as usize..].len() - text[flag.range.end() as usize..].trim_start_matches([' ', '\t']).len();
            let delete = TextRange::new(flag.range.start(), flag.range.end() + after as u32);
            ctx.report(flag.range, "`--platform=$TARGETPLATFORM` does nothing: a stage without `--platform` is already built for the target platform")
                .set_fix(Fix::safe("Remove the redundant `--platform` flag", vec![Edit::delete(delete)]));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::test::{assert_diagnostics, fix_all};

    #[test]
    fn redundant_flag_is_removed() {
        let text = "FROM --platform=${TARGETPLATFORM} alpine:3.20\nFROM --platform=\"$TARGETPLATFORM\"   debian:12 AS b\n";
        assert_diagnostics("DL3065", text, &[
            "1:6-1:34 `--platform=$TARGETPLATFORM` does nothing: a stage without `--platform` is already built for the target platform",
            "2:6-2:34 `--platform=$TARGETPLATFORM` does nothing: a stage without `--platform` is already built for the target platform",
        ]);
        assert_eq!(fix_all("DL3065", text, false), "FROM alpine:3.20\nFROM debian:12 AS b\n");
    }

    #[test]
    fn silent_with_a_global_default_or_other_platforms() {
        assert_diagnostics("DL3065", "ARG TARGETPLATFORM=linux/arm64\nFROM --platform=$TARGETPLATFORM alpine:3.20\n", &[]);
        assert_diagnostics("DL3065", "ARG TARGETPLATFORM\nFROM --platform=$BUILDPLATFORM a\nFROM --platform=linux/arm64 b\nFROM --platform=$TARGETPLATFORM-x c\n", &[]);
    }
}
