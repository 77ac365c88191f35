//! DX112: a distroless image that is no longer built.

use crate::analysis::base::{from_images, without_fact_refs};
use crate::diagnostic::{Applicability, Edit, Fix};
use crate::images::ImageKind;
use crate::rule::{LintContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Flags a stage built on a distroless image that distroless no longer builds: the
    /// `-debian9`, `-debian10` and `-debian11` images, `java*-debian12` and `nodejs*-debian12`
    /// (dropped on 2026-02-27), Node.js majors other than 22, 24 and 26, and Java majors other than
    /// 17, 21 and 25. Python images are reported by `distroless-python-eol` (DX111).
    ///
    /// ## Why is this bad?
    /// The distroless README says that images it no longer lists are "deprecated and no longer
    /// updated": they get no security rebuilds, so known CVEs stay in them.
    ///
    /// ## Example
    /// ```dockerfile,expect_diagnostic
    /// FROM gcr.io/distroless/nodejs20-debian12:nonroot
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM gcr.io/distroless/nodejs22-debian13:nonroot
    /// ```
    ///
    /// ## Fix safety
    /// Offered as a suggestion only (never applied by `--fix`): the replacement is built on a newer
    /// Debian, and for Node.js and Java it can be a newer major version of the runtime, which the
    /// application must support.
    ///
    /// ## References
    /// - [distroless README](https://github.com/GoogleContainerTools/distroless#what-images-are-available)
    /// - [distroless SUPPORT_POLICY.md](https://github.com/GoogleContainerTools/distroless/blob/main/SUPPORT_POLICY.md)
    pub DistrolessDeprecatedBase {
        code: "DX112",
        name: "distroless-deprecated-base",
        severity: Warning,
        fix: Sometimes,
    }
}

impl Rule for DistrolessDeprecatedBase {
    fn check(&self, ctx: &mut LintContext<'_>) {
        for from in from_images(ctx.model) {
            let Some(facts) = from.stage.facts.as_ref() else { continue };
            if facts.kind != ImageKind::Distroless || facts.family.starts_with("distroless/python3") {
                continue;
            }
            let Some(why) = facts.deprecated.as_deref() else { continue };
            let image = from.image.familiar_name();
            let mut message = format!("{image} gets no more security updates: {}", without_fact_refs(why));
            let mut fix = None;
            if let Some(replacement) = facts.replacement.as_deref() {
                message.push_str(&format!("; move to {replacement}"));
                let runtime = |name: &str| name.rsplit('/').next().unwrap_or(name).split("-debian").next().unwrap_or(name).to_owned();
                let (old, new) = (runtime(&from.image.repository), runtime(replacement));
                if old != new {
                    message.push_str(&format!(", which changes the runtime from {old} to {new}"));
                }
                fix = from.name_range().map(|range| {
                    Fix::new(format!("Move to {replacement}"), Applicability::DisplayOnly, vec![Edit::replace(range, replacement)])
                });
            }
            ctx.report(from.name_range().unwrap_or(from.range), message).set_fix(fix);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::test::{apply_suggestions, fix_all, lint_rule};

    #[test]
    fn dropped_images() {
        let text = "FROM gcr.io/distroless/nodejs18-debian11\nFROM gcr.io/distroless/java17-debian12:nonroot\nFROM gcr.io/distroless/base-debian11\n";
        let found = lint_rule("DX112", text);
        assert_eq!(found.len(), 3);
        assert!(found[0].message.ends_with("; move to gcr.io/distroless/nodejs22-debian13, which changes the runtime from nodejs18 to nodejs22"), "{}", found[0].message);
        assert!(found[1].message.contains("no longer built since 2026-02-27"));
        assert!(found[1].message.ends_with("; move to gcr.io/distroless/java17-debian13"));
        assert_eq!(&text[found[2].range], "gcr.io/distroless/base-debian11");
        let moved = apply_suggestions(text, &found);
        assert_eq!(moved, "FROM gcr.io/distroless/nodejs22-debian13\nFROM gcr.io/distroless/java17-debian13:nonroot\nFROM gcr.io/distroless/base-debian13\n");
        assert_eq!(fix_all("DX112", text, true), text);
    }

    #[test]
    fn current_images_and_python_are_left_alone() {
        let text = "FROM gcr.io/distroless/nodejs22-debian13\nFROM gcr.io/distroless/static-debian12\nFROM gcr.io/distroless/python3-debian12\nFROM node:18\n";
        assert!(lint_rule("DX112", text).is_empty());
    }
}
