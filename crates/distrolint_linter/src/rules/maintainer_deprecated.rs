//! DL4000 (BuildKit MaintainerDeprecated): the `MAINTAINER` instruction.

use distrolint_syntax::Keyword;

use crate::diagnostic::{Edit, Fix};
use crate::rule::{LintContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Flags every `MAINTAINER` instruction.
    ///
    /// ## Why is this bad?
    /// `MAINTAINER` is deprecated: it sets the image's `Author` field, which tools no longer
    /// read. The `org.opencontainers.image.authors` label is the standard place.
    ///
    /// ## Example
    /// ```dockerfile,expect_diagnostic
    /// FROM alpine:3.20
    /// MAINTAINER Jane Doe <jane@example.com>
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: the `LABEL` replaces the instruction, so the deprecated `Author` field of the
    /// image configuration is no longer set.
    ///
    /// ## References
    /// - hadolint DL4000
    /// - [BuildKit check MaintainerDeprecated](https://docs.docker.com/go/dockerfile/rule/maintainer-deprecated/)
    pub MaintainerDeprecated {
        code: "DL4000",
        name: "maintainer-deprecated",
        buildkit: Some("MaintainerDeprecated"),
        aliases: &["CKV_DOCKER_6", "DS-0022"],
        severity: Error,
        fix: Sometimes,
    }
}

impl Rule for MaintainerDeprecated {
    fn check(&self, ctx: &mut LintContext<'_>) {
        for ins in ctx.file.instructions() {
            if ins.keyword != Keyword::Maintainer {
                continue;
            }
            let author = ins.args.shell().map(|w| ins.text(&w).trim().to_owned()).unwrap_or_default();
            let fix = (!author.is_empty() && !ins.line.is_multiline()).then(|| {
                let mut value = String::new();
                for c in author.chars() {
                    if matches!(c, '"' | '\\' | '$') {
                        value.push('\\');
                    }
                    value.push(c);
                }
                let label = format!("LABEL org.opencontainers.image.authors=\"{value}\"");
                Fix::unsafe_("Replace with the `org.opencontainers.image.authors` label", vec![Edit::replace(ins.range, label)])
            });
            ctx.report(ins.keyword_range, "MAINTAINER is deprecated: set the `org.opencontainers.image.authors` label instead").set_fix(fix);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::test::{assert_diagnostics, fix_all};

    #[test]
    fn maintainer_becomes_a_label() {
        let text = "FROM a\nMAINTAINER \"Jane\" <j@x.io> $HOME\n";
        assert_diagnostics("DL4000", text, &["2:1-2:11 MAINTAINER is deprecated: set the `org.opencontainers.image.authors` label instead"]);
        assert_eq!(fix_all("DL4000", text, true), "FROM a\nLABEL org.opencontainers.image.authors=\"\\\"Jane\\\" <j@x.io> \\$HOME\"\n");
        assert_eq!(fix_all("DL4000", text, false), text);
    }
}
