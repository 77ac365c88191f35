//! DX003: an image reference that is not valid.

use distrolint_syntax::{Keyword, TextRange};

use crate::images::{ImageRef, RefErrorKind};
use crate::model::{Base, FromTarget};
use crate::rule::{LintContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Flags a `FROM` image, `COPY --from` image or `RUN --mount=from=` image that is not a valid
    /// reference: upper-case letters in the repository, an empty or malformed tag, a bad digest.
    /// `FROM` images are checked after global `ARG` defaults are substituted.
    ///
    /// ## Why is this bad?
    /// The build fails before anything runs, with `invalid reference format`.
    ///
    /// ## Example
    /// ```dockerfile,expect_diagnostic
    /// FROM Python:3.12-slim
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// ```
    ///
    /// ## References
    /// - [distribution/reference grammar](https://github.com/distribution/reference)
    pub InvalidImageReference {
        code: "DX003",
        name: "invalid-image-reference",
        severity: Error,
    }
}

impl Rule for InvalidImageReference {
    fn check(&self, ctx: &mut LintContext<'_>) {
        let model = ctx.model;
        let mut findings: Vec<(TextRange, String)> = Vec::new();
        for stage in &model.stages {
            let (Base::Image(text), Some(word)) = (&stage.base, stage.image) else { continue };
            // The model parsed the reference when it looked the image up.
            if let Some(error) = &stage.image_error {
                if error.kind != RefErrorKind::Unresolved {
                    let via = if *text == stage.image_text { String::new() } else { format!(" (`{}` resolves to `{text}`)", stage.image_text) };
                    findings.push((word.range, format!("{}{via}: the build fails", error.message)));
                }
            }
        }
        let mut check = |range: TextRange, value: &str| {
            // Stage names and indexes are not images.
            if !value.contains(['/', ':', '.', '@']) || !matches!(model.resolve_from(value), FromTarget::Image(_)) {
                return;
            }
            if let Err(error) = ImageRef::parse(value) {
                if error.kind != RefErrorKind::Unresolved {
                    findings.push((range, format!("{}: the build fails", error.message)));
                }
            }
        };
        for ins in model.instructions() {
            match ins.keyword {
                Keyword::Copy => {
                    if let Some(flag) = ins.flag("from") {
                        if let (Some(value), Some(text)) = (flag.value.as_ref(), flag.value_text()) {
                            check(value.range, text);
                        }
                    }
                }
                Keyword::Run => {
                    for flag in ins.flags.iter().filter(|f| f.name == "mount") {
                        let Some(value) = flag.value.as_ref() else { continue };
                        if let Some(from) = value.text.split(',').find_map(|kv| kv.strip_prefix("from=")) {
                            check(value.range, from);
                        }
                    }
                }
                _ => {}
            }
        }
        for (range, message) in findings {
            ctx.report(range, message);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::test::lint_codes;

    #[test]
    fn invalid_references() {
        let found = lint_codes("DX003", "ARG IMG=Debian:12\nFROM ${IMG}\nFROM alpine:\nCOPY --from=Nginx:1.27 /a /b\nFROM python:3.12\nCOPY --from=build /a /b\n");
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(found[0].starts_with("2:6-2:12 invalid reference format: repository name (library/Debian) must be lowercase (`${IMG}` resolves to `Debian:12`)"), "{found:?}");
        assert!(found[1].starts_with("3:6-3:13 invalid reference format"), "{found:?}");
        assert!(found[2].starts_with("4:13-4:23"), "{found:?}");
        assert!(lint_codes("DX003", "ARG TAG\nFROM alpine:${TAG}\nFROM gcr.io/distroless/static@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n").is_empty());
    }
}
