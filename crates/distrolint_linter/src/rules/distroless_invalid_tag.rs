//! DX110: a distroless image tag that distroless does not publish.

use crate::analysis::base::from_images;
use crate::diagnostic::{Edit, Fix, Severity};
use crate::images::{TagProblem, check_distroless_tag};
use crate::rule::{LintContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Flags a distroless image whose tag is not one of `latest`, `nonroot`, `debug` and
    /// `debug-nonroot`, each with an optional architecture suffix from **that image's** list
    /// (`python3` images are built for amd64, arm64 and riscv64 only). Digests are not checked.
    ///
    /// ## Why is this bad?
    /// Those four tags (and their `-<arch>` forms) are the only ones the distroless README lists.
    /// A bare architecture such as `:arm64`, or an architecture the image is not built for, is
    /// expected to fail the pull with `manifest unknown` (an error). Other unknown tags are
    /// typos, or old tags the README calls deprecated and no longer updated (a warning).
    /// distrolint does not query the registry.
    ///
    /// ## Example
    /// ```dockerfile,expect_diagnostic
    /// FROM gcr.io/distroless/python3-debian13:arm64
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM gcr.io/distroless/python3-debian13:nonroot-arm64
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: the suggested tag picks a variant. A bare architecture becomes `latest-<arch>`, or
    /// `nonroot-<arch>` when the profile's `runtime.uid` is 65532; an architecture the image lacks
    /// is dropped (the tag then follows the build platform); a typo becomes the nearest tag.
    ///
    /// ## References
    /// - [distroless README: image tags](https://github.com/GoogleContainerTools/distroless#what-images-are-available)
    pub DistrolessInvalidTag {
        code: "DX110",
        name: "distroless-invalid-tag",
        severity: Error,
        fix: Sometimes,
    }
}

impl Rule for DistrolessInvalidTag {
    fn check(&self, ctx: &mut LintContext<'_>) {
        let prefer_nonroot = ctx.settings.profile.as_ref().and_then(|p| p.runtime.uid) == Some(65532);
        for from in from_images(ctx.model) {
            if from.image.digest.is_some() {
                continue;
            }
            let Some(check) = check_distroless_tag(from.image, prefer_nonroot) else { continue };
            let name = from.image.familiar_name();
            let tag = from.image.tag.as_deref().unwrap_or_default();
            let (severity, mut message) = match &check.problem {
                TagProblem::BareArch { arch } => (
                    Severity::Error,
                    format!("`{arch}` is not a tag of {name}: distroless publishes only `latest`, `nonroot`, `debug` and `debug-nonroot`, each optionally with an architecture suffix (`latest-{arch}`), so this pull is expected to fail with `manifest unknown`"),
                ),
                TagProblem::ArchNotAvailable { arch, available } => (
                    Severity::Error,
                    format!("{name} is not built for {arch} (only {}), so `{tag}` does not exist and this pull is expected to fail with `manifest unknown`", available.join(", ")),
                ),
                TagProblem::UnknownTag => (
                    Severity::Warning,
                    format!("`{tag}` is not a tag distroless publishes for {name} (`latest`, `nonroot`, `debug`, `debug-nonroot`, optionally with an architecture suffix): it is a typo, or an old tag that the README calls deprecated and no longer updated"),
                ),
            };
            let edit = check.suggestion.as_ref().zip(from.tag_range());
            if edit.is_none() {
                if let Some(suggestion) = &check.suggestion {
                    message.push_str(&format!("; use `{suggestion}`"));
                }
            }
            let diagnostic = ctx.report_with(from.tag_or_word(), severity, message);
            if let Some((suggestion, range)) = edit {
                diagnostic.set_fix(Fix::unsafe_(format!("Use the tag `{suggestion}`"), vec![Edit::replace(range, suggestion)]));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::Severity;
    use crate::test::{assert_diagnostics, fix_all, lint_rule};

    #[test]
    fn bare_and_unavailable_architectures() {
        let text = "FROM gcr.io/distroless/python3-debian12:arm64\nFROM gcr.io/distroless/python3:nonroot-s390x\nFROM gcr.io/distroless/static:nonroot-arm64\n";
        assert_diagnostics("DX110", text, &[
            "1:41-1:46 `arm64` is not a tag of gcr.io/distroless/python3-debian12: distroless publishes only `latest`, `nonroot`, `debug` and `debug-nonroot`, each optionally with an architecture suffix (`latest-arm64`), so this pull is expected to fail with `manifest unknown`",
            "2:32-2:45 gcr.io/distroless/python3 is not built for s390x (only amd64, arm64, riscv64), so `nonroot-s390x` does not exist and this pull is expected to fail with `manifest unknown`",
        ]);
        assert_eq!(fix_all("DX110", text, true), "FROM gcr.io/distroless/python3-debian12:latest-arm64\nFROM gcr.io/distroless/python3:nonroot\nFROM gcr.io/distroless/static:nonroot-arm64\n");
        assert_eq!(fix_all("DX110", text, false), text);
    }

    #[test]
    fn unknown_tags_are_warnings() {
        let found = lint_rule("DX110", "FROM gcr.io/distroless/static:nonrot\nFROM gcr.io/distroless/static:3.11\n");
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].severity, Severity::Warning);
        assert_eq!(found[0].fix.as_ref().unwrap().title, "Use the tag `nonroot`");
        assert!(found[1].fix.is_none());
        // Digests win over tags; other images are not checked.
        assert!(lint_rule("DX110", "FROM gcr.io/distroless/static:arm64@sha256:7cc4b5aefd1d0cadf8d97d4350462ba51c694ebca145b08d7d41b41acc8db5aa\nFROM debian:arm64\n").is_empty());
    }

    #[test]
    fn nonroot_under_a_profile_uid_and_args() {
        let settings = crate::test::settings_for("DX110", Some("lucid"));
        let fixed = crate::fix("FROM gcr.io/distroless/python3-debian12:arm64\n", &settings, crate::Applicability::Unsafe).text;
        assert_eq!(fixed, "FROM gcr.io/distroless/python3-debian12:nonroot-arm64\n");
        // Through an ARG: reported at the FROM word, with the suggestion in the message.
        let found = lint_rule("DX110", "ARG RT=gcr.io/distroless/static:amd64\nFROM ${RT}\n");
        assert!(found[0].fix.is_none());
        assert!(found[0].message.ends_with("; use `latest-amd64`"));
    }
}
