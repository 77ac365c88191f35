//! DL3006: a `FROM` image without a tag or digest.

use crate::analysis::base::{from_arg_default, from_images};
use crate::images::is_distroless;
use crate::rule::{LintContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Flags a `FROM` image written without a tag or digest, such as `FROM debian`. `scratch`,
    /// earlier stage names and images that use a build argument without a default are left
    /// alone; an image that comes from a global `ARG` default is checked after expansion.
    ///
    /// ## Why is this bad?
    /// An image without a tag means `:latest`, which points to new content whenever the image is
    /// republished, so the same Dockerfile builds something different from one day to the next.
    ///
    /// ## Example
    /// ```dockerfile,expect_diagnostic
    /// FROM debian
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// ```
    ///
    /// ## References
    /// - hadolint DL3006
    /// - Checkov CKV_DOCKER_7 and Trivy DS-0001 (untagged part; both are aliases of DL3007)
    pub ImageUntagged {
        code: "DL3006",
        name: "image-untagged",
        severity: Warning,
    }
}

impl Rule for ImageUntagged {
    fn check(&self, ctx: &mut LintContext<'_>) {
        let model = ctx.model;
        for from in from_images(model) {
            if from.image.tag.is_some() || from.image.digest.is_some() {
                continue;
            }
            let name = from.image.familiar_name();
            let what = if is_distroless(from.image) {
                format!("`{name}` has no tag, so it means `{name}:latest`: distroless's root (uid 0) variant, which is rebuilt and moves all the time; write `:nonroot` or `:latest` explicitly and pin a digest for reproducible builds")
            } else {
                format!("`{name}` has no tag, so it means `{name}:latest`, which moves whenever the image is republished: pin a version tag (or a digest) so that builds are reproducible")
            };
            let arg = (!from.literal).then(|| from_arg_default(model, &from)).flatten();
            let diagnostic = ctx.report(from.range, what);
            if let Some(arg) = arg {
                diagnostic.add_related(arg.range, format!("the image comes from the default of `ARG {}`", arg.name));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::test::{assert_diagnostics, lint_rule};

    #[test]
    fn untagged_images() {
        let text = "FROM debian\nFROM node AS test\nFROM ruby:3.3\nFROM ruby@sha256:7cc4b5aefd1d0cadf8d97d4350462ba51c694ebca145b08d7d41b41acc8db5aa\nFROM scratch\nFROM test\n";
        assert_diagnostics("DL3006", text, &[
            "1:6-1:12 `debian` has no tag, so it means `debian:latest`, which moves whenever the image is republished: pin a version tag (or a digest) so that builds are reproducible",
            "2:6-2:10 `node` has no tag, so it means `node:latest`, which moves whenever the image is republished: pin a version tag (or a digest) so that builds are reproducible",
        ]);
    }

    #[test]
    fn stage_names_count_only_when_earlier() {
        // A later alias does not count; aliases compare case-insensitively.
        let found = lint_rule("DL3006", "FROM build\nFROM golang:1.22 AS Build\nFROM BUILD\n");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].range.start(), 5);
    }

    #[test]
    fn arg_defaults_are_resolved() {
        let found = lint_rule("DL3006", "ARG BASE=alpine\nFROM ${BASE}\n");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].related[0].message, "the image comes from the default of `ARG BASE`");
        assert!(lint_rule("DL3006", "ARG BASE=alpine:3.20\nFROM ${BASE}\nARG X\nFROM $X\n").is_empty());
        assert!(lint_rule("DL3006", "ARG BASE=build\nFROM golang:1 AS build\nFROM ${BASE}\n").is_empty());
    }

    #[test]
    fn distroless_wording() {
        let found = lint_rule("DL3006", "FROM gcr.io/distroless/static-debian12\n");
        assert!(found[0].message.contains("distroless's root (uid 0) variant"));
    }
}
