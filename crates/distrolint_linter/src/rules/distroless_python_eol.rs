//! DX111: a distroless Python image that is end of life.

use std::fmt::Write as _;

use distrolint_syntax::{Keyword, TextRange};

use crate::analysis::base::{FromImage, from_images, without_fact_refs};
use crate::diagnostic::{Applicability, Edit, Fix};
use crate::images::{self, ImageKind, ImageRef, python_tag_info, releases};
use crate::model::{FromTarget, Model};
use crate::rule::{LintContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Flags a stage built on a distroless Python image that is no longer built or has passed its
    /// end of life: `python3-debian12` (end of life April 2026, no longer built since 2026-05-11)
    /// and older, and later ones once today's date (which the CLI passes in) is past the date
    /// their Python stops getting security fixes. Without a date, only images that are no longer
    /// built are reported.
    ///
    /// ## Why is this bad?
    /// An image that is no longer built gets no security rebuilds: CVEs in Python, OpenSSL or
    /// glibc stay in it for good.
    ///
    /// ## Example
    /// ```dockerfile,expect_diagnostic
    /// FROM gcr.io/distroless/python3-debian12:nonroot
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM gcr.io/distroless/python3-debian13:nonroot
    /// ```
    ///
    /// ## Fix safety
    /// Offered as a suggestion only (never applied by `--fix`): moving to `python3-debian13` also
    /// moves Python from 3.11 to 3.13, so the builder that installs the packages must move too.
    /// The suggestion rewrites the image, rewrites each official `python` builder this stage copies
    /// from to `python:3.13-slim-trixie` (matching Python and glibc), and rewrites `python3.11`
    /// paths to `python3.13` in those stages. Wheels, pins and code must then be checked on 3.13.
    ///
    /// ## References
    /// - [distroless SUPPORT_POLICY.md](https://github.com/GoogleContainerTools/distroless/blob/main/SUPPORT_POLICY.md)
    /// - [distroless PR #2084: remove python3-debian12](https://github.com/GoogleContainerTools/distroless/pull/2084)
    pub DistrolessPythonEol {
        code: "DX111",
        name: "distroless-python-eol",
        severity: Warning,
        fix: Sometimes,
    }
}

impl Rule for DistrolessPythonEol {
    fn check(&self, ctx: &mut LintContext<'_>) {
        let model = ctx.model;
        let today = ctx.settings.today.as_deref();
        let images: Vec<FromImage<'_>> = from_images(model).collect();
        // The replacement's Python minor and Debian release, looked up once per name.
        let mut targets: Vec<(&str, Option<(String, u8)>)> = Vec::new();
        for from in &images {
            let Some(facts) = from.stage.facts.as_ref() else { continue };
            if facts.kind != ImageKind::Distroless || !facts.family.starts_with("distroless/python3") {
                continue;
            }
            let past = facts.eol.as_ref().filter(|eol| today.is_some_and(|t| eol.is_past(t)));
            let image = from.image.familiar_name();
            let mut message = match (&facts.deprecated, past) {
                (Some(why), _) => format!("{image} gets no more security updates: {}", without_fact_refs(why)),
                (None, Some(eol)) => format!("{image} is past its end of life ({}, {}), so it gets no more security updates", eol.date, eol.note),
                (None, None) => continue,
            };
            let fix = facts.replacement.as_deref().and_then(|replacement| {
                let old = facts.python.as_ref()?.version.clone()?;
                let target = match targets.iter().find(|(name, _)| *name == replacement) {
                    Some((_, target)) => target.clone(),
                    None => {
                        let target = replacement_facts(replacement);
                        targets.push((replacement, target.clone()));
                        target
                    }
                };
                let (new, debian) = target?;
                let _ = write!(message, "; move to {replacement} (Python {new})");
                let codename = releases::debian_release(debian)?.codename;
                let target = Target { replacement, old: &old, new: &new, codename };
                migration(ctx.text(), model, &images, from, &target)
            });
            let range = from.name_range().unwrap_or(from.range);
            ctx.report(range, message).set_fix(fix);
        }
    }
}

/// The Python minor and Debian release of a replacement image.
fn replacement_facts(replacement: &str) -> Option<(String, u8)> {
    let facts = images::lookup(&ImageRef::parse(replacement).ok()?)?;
    Some((facts.python?.version?, facts.os.debian_release()?))
}

/// Where a migration goes.
struct Target<'a> {
    /// The new image name.
    replacement: &'a str,
    /// The current Python minor.
    old: &'a str,
    /// The new Python minor.
    new: &'a str,
    /// The new Debian codename, for the builder tag.
    codename: &'static str,
}

/// The display-only migration: the image name, the Python builders copied from, and `pythonX.Y` paths.
fn migration(text: &str, model: &Model<'_>, images: &[FromImage<'_>], from: &FromImage<'_>, target: &Target<'_>) -> Option<Fix> {
    let Target { replacement, old, new, codename } = *target;
    let mut edits = vec![Edit::replace(from.name_range()?, replacement)];
    let instructions = model.instructions();
    let mut stages = vec![from.stage.index];
    for i in from.stage.instructions() {
        let ins = &instructions[i];
        let Some(value) = (ins.keyword == Keyword::Copy).then(|| ins.flag("from")?.value_text()).flatten() else {
            continue;
        };
        if let FromTarget::Stage(b) = model.resolve_from(value) {
            for s in model.chain(b) {
                if !stages.contains(&s.index) {
                    stages.push(s.index);
                }
            }
        }
    }
    let mut builders = Vec::new();
    let mut minors = vec![old.to_owned()];
    for builder in images.iter().filter(|f| f.stage.index != from.stage.index && stages.contains(&f.stage.index)) {
        // Only a tag written out can be edited: test that before reading the tag.
        let Some(range) = builder.tag_range() else { continue };
        let Some(info) = builder.image.official_name().filter(|n| *n == "python").and(builder.image.tag.as_deref()).and_then(python_tag_info) else {
            continue;
        };
        if info.alpine || info.windows {
            continue;
        }
        let tag = if info.slim { format!("{new}-slim-{codename}") } else { format!("{new}-{codename}") };
        builders.push(format!("python:{tag}"));
        if let Some(minor) = info.minor.filter(|m| !minors.contains(m)) {
            minors.push(minor);
        }
        edits.push(Edit::replace(range, tag));
    }
    let new_segment = format!("python{new}");
    for minor in minors.iter().filter(|m| *m != new) {
        let needle = format!("python{minor}");
        for &s in &stages {
            // The stage's text after its FROM, searched at once.
            let stage = &model.stages[s];
            if stage.end <= stage.from + 1 {
                continue;
            }
            let start = instructions[stage.from + 1].range.start();
            let body = &text[start as usize..instructions[stage.end - 1].range.end() as usize];
            if !body.contains(needle.as_str()) {
                continue;
            }
            for (at, _) in body.match_indices(&needle) {
                if body.as_bytes().get(at + needle.len()).is_some_and(u8::is_ascii_digit) {
                    continue;
                }
                let from = start + at as u32;
                edits.push(Edit::replace(TextRange::new(from, from + needle.len() as u32), new_segment.clone()));
            }
        }
    }
    let mut title = format!("Move to {replacement} (Python {new})");
    if !builders.is_empty() {
        title.push_str(", the builder to ");
        title.push_str(&builders.join(", "));
    }
    title.push_str(" and ");
    for (index, minor) in minors.iter().filter(|m| *m != new).enumerate() {
        if index > 0 {
            title.push('/');
        }
        title.push_str("python");
        title.push_str(minor);
    }
    title.push_str(" paths to python");
    title.push_str(new);
    Some(Fix::new(title, Applicability::DisplayOnly, edits))
}

#[cfg(test)]
mod tests {
    use crate::Applicability;
    use crate::test::{apply_suggestions, lint_rule, settings_for};

    #[test]
    fn debian12_is_no_longer_built() {
        let text = "FROM python:3.12-slim-bookworm AS builder\nRUN pip install --user -r r.txt\nFROM gcr.io/distroless/python3-debian12:nonroot\nCOPY --from=builder /root/.local/lib/python3.12/site-packages /usr/local/lib/python3.11/site-packages\nENV PYTHONPATH=/usr/local/lib/python3.11/site-packages\n";
        let found = lint_rule("DX111", text);
        assert_eq!(found.len(), 1);
        assert_eq!(&text[found[0].range], "gcr.io/distroless/python3-debian12");
        assert!(found[0].message.starts_with("gcr.io/distroless/python3-debian12 gets no more security updates: python3-debian12 is no longer built since 2026-05-11"));
        assert!(found[0].message.ends_with("; move to gcr.io/distroless/python3-debian13 (Python 3.13)"));
        let fix = found[0].fix.as_ref().unwrap();
        assert_eq!(fix.applicability, Applicability::DisplayOnly);
        assert_eq!(fix.title, "Move to gcr.io/distroless/python3-debian13 (Python 3.13), the builder to python:3.13-slim-trixie and python3.11/python3.12 paths to python3.13");
        let migrated = apply_suggestions(text, &found);
        assert_eq!(migrated, "FROM python:3.13-slim-trixie AS builder\nRUN pip install --user -r r.txt\nFROM gcr.io/distroless/python3-debian13:nonroot\nCOPY --from=builder /root/.local/lib/python3.13/site-packages /usr/local/lib/python3.13/site-packages\nENV PYTHONPATH=/usr/local/lib/python3.13/site-packages\n");
        // `--fix` never applies it.
        assert_eq!(crate::test::fix_all("DX111", text, true), text);
    }

    #[test]
    fn later_images_need_a_date() {
        let text = "FROM gcr.io/distroless/python3-debian13\n";
        assert!(lint_rule("DX111", text).is_empty());
        let mut settings = settings_for("DX111", None);
        settings.today = Some("2029-09-30".to_owned());
        assert!(crate::lint(text, &settings).diagnostics.is_empty());
        settings.today = Some("2029-10-01".to_owned());
        let found = crate::lint(text, &settings).diagnostics;
        assert_eq!(found[0].message, "gcr.io/distroless/python3-debian13 is past its end of life (2029-10, Python 3.13 end of life (PEP 719)), so it gets no more security updates");
        assert!(found[0].fix.is_none());
        // Other families are DX112's.
        assert!(lint_rule("DX111", "FROM gcr.io/distroless/java17-debian12\nFROM python:3.8\n").is_empty());
    }
}
