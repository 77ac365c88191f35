//! DX602: a `FROM` image that is not pinned by digest (off by default).

use crate::analysis::base::from_images;
use crate::rule::{LintContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Flags a `FROM` image without an `@sha256:` digest. `scratch`, stage names and images that
    /// use a build argument without a default are left alone. Off by default: turn it on with
    /// `"image-not-digest-pinned" = "on"` under `[rules]` in `distrolint.toml` or in a profile.
    ///
    /// ## Why is this bad?
    /// A tag is a movable pointer: whoever controls the registry (or a compromised account) can
    /// point it at different content, and the next build uses it without notice. A digest names
    /// the exact image content. distrolint does not query registries, so it cannot offer the digest;
    /// `docker buildx imagetools inspect <image>` prints it.
    ///
    /// ## Example
    /// ```dockerfile,expect_diagnostic
    /// FROM gcr.io/distroless/static-debian12:nonroot
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM gcr.io/distroless/static-debian12:nonroot@sha256:1b7b9f0f0e0a1d2155f531db587cc48ec26aaf97ab64364225f5bf18a054e66a
    /// ```
    ///
    /// ## References
    /// - [Pin base image versions](https://docs.docker.com/build/building/best-practices/#pin-base-image-versions)
    pub ImageNotDigestPinned {
        code: "DX602",
        name: "image-not-digest-pinned",
        severity: Info,
        default: Off,
    }
}

impl Rule for ImageNotDigestPinned {
    fn check(&self, ctx: &mut LintContext<'_>) {
        for from in from_images(ctx.model) {
            if from.image.digest.is_some() {
                continue;
            }
            let message = format!(
                "`{}` is not pinned by digest: the tag can be moved to other content between builds; append `@sha256:<digest>` (`docker buildx imagetools inspect` prints it)",
                from.image.raw
            );
            ctx.report(from.range, message);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::test::assert_diagnostics;

    #[test]
    fn digests() {
        let text = "FROM debian:12 AS a\nFROM debian@sha256:7cc4b5aefd1d0cadf8d97d4350462ba51c694ebca145b08d7d41b41acc8db5aa\nFROM a\nFROM scratch\nARG X\nFROM $X\n";
        assert_diagnostics("DX602", text, &[
            "1:6-1:15 `debian:12` is not pinned by digest: the tag can be moved to other content between builds; append `@sha256:<digest>` (`docker buildx imagetools inspect` prints it)",
        ]);
    }

    #[test]
    fn off_by_default() {
        let found = crate::lint("FROM debian:12\n", &crate::Settings::default()).diagnostics;
        assert!(found.iter().all(|d| d.rule.code != "DX602"));
    }
}
