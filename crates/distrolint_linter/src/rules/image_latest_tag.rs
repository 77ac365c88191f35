//! DL3007: a `FROM` image with the tag `latest`.

use crate::analysis::base::{from_arg_default, from_images};
use crate::images::is_distroless;
use crate::rule::{LintContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Flags a `FROM` image whose tag is exactly `latest` and that has no digest
    /// (`latest-amd64` is another tag; `image:latest@sha256:…` is pinned by its digest).
    /// An image that comes from a global `ARG` default is checked after expansion.
    ///
    /// ## Why is this bad?
    /// `latest` points to new content whenever the image is republished, so the same
    /// Dockerfile builds something different from one day to the next, and a rebuild can pull
    /// in a new major version.
    ///
    /// Distroless images have no version tags: their `latest` is the root variant and is the
    /// normal tag to use. Pin it with a digest for reproducible builds. The `lucid` profile
    /// turns this rule off because its pattern uses `:latest` on purpose.
    ///
    /// ## Example
    /// ```dockerfile,expect_diagnostic
    /// FROM debian:latest
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// ```
    ///
    /// ## References
    /// - hadolint DL3007
    /// - Checkov CKV_DOCKER_7, Trivy DS-0001
    pub ImageLatestTag {
        code: "DL3007",
        name: "image-latest-tag",
        aliases: &["image-tag-latest", "CKV_DOCKER_7", "DS-0001"],
        severity: Warning,
    }
}

impl Rule for ImageLatestTag {
    fn check(&self, ctx: &mut LintContext<'_>) {
        let model = ctx.model;
        for from in from_images(model) {
            if from.image.tag.as_deref() != Some("latest") || from.image.digest.is_some() {
                continue;
            }
            let name = from.image.familiar_name();
            let message = if is_distroless(from.image) {
                format!("`{name}:latest` is rebuilt and moves all the time (distroless has no version tags; `latest` is its root variant): pin it with a digest, `{name}:latest@sha256:…`, so that builds are reproducible")
            } else {
                format!("`{name}:latest` moves whenever the image is republished, so builds are not reproducible: pin a version tag or a digest")
            };
            let arg = (!from.literal).then(|| from_arg_default(model, &from)).flatten();
            let diagnostic = ctx.report(from.tag_or_word(), message);
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
    fn latest_tags() {
        let text = "FROM debian:latest\nFROM debian:latest AS b\nFROM debian:bookworm\nFROM debian:latest@sha256:7cc4b5aefd1d0cadf8d97d4350462ba51c694ebca145b08d7d41b41acc8db5aa\nFROM gcr.io/distroless/static:latest-amd64\nFROM debian\n";
        assert_diagnostics("DL3007", text, &[
            "1:13-1:19 `debian:latest` moves whenever the image is republished, so builds are not reproducible: pin a version tag or a digest",
            "2:13-2:19 `debian:latest` moves whenever the image is republished, so builds are not reproducible: pin a version tag or a digest",
        ]);
    }

    #[test]
    fn arg_defaults_and_distroless() {
        let found = lint_rule("DL3007", "ARG RT=gcr.io/distroless/python3-debian12:latest\nFROM ${RT}\n");
        assert_eq!(found.len(), 1);
        assert!(found[0].message.contains("distroless has no version tags"));
        assert_eq!(found[0].related.len(), 1);
    }

    #[test]
    fn the_lucid_profile_turns_it_off() {
        let text = "FROM gcr.io/distroless/python3-debian12:latest\n";
        let count = |settings: &crate::Settings| {
            crate::lint(text, settings).diagnostics.iter().filter(|d| d.rule.code == "DL3007").count()
        };
        let mut settings = crate::Settings::default();
        assert_eq!(count(&settings), 1);
        settings.set_profile("lucid", &|p| Err(format!("no file {p}"))).unwrap();
        assert_eq!(count(&settings), 0);
        assert!(crate::settings::find_rule("image-tag-latest").is_some_and(|m| m.code == "DL3007"));
    }
}
