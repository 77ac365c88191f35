//! DL3049: the final stage lacks a label the label policy requires.

use crate::analysis::platform::{chain_labels, label_policy};
use crate::fixes::insert_lines_after;
use crate::diagnostic::Fix;
use crate::model::vars::Binding;
use crate::rule::{LintContext, Rule};
use crate::analysis::runtime::first_line;

crate::declare_rule! {
    /// ## What it does
    /// Flags each label the label policy requires that the final stage (with the stages it is
    /// built `FROM`) does not set. The policy is `labels.required` and the keys of
    /// `labels.schema` (hadolint's `label-schema`), from `distrolint.toml` and from the profile.
    /// Without a policy the rule never fires, so it is on by default: requiring labels in
    /// config or in a profile (the `lucid` profile requires the OCI title, version, revision
    /// and created labels) is what turns it on.
    ///
    /// ## Why is this bad?
    /// Labels are how registries, scanners and people find out what an image is and where it
    /// came from; a missing `org.opencontainers.image.revision` means nobody can tell which
    /// commit is running. Labels set in other stages do not reach the image.
    ///
    /// ## Example
    /// ```dockerfile,expect_diagnostic,profile-lucid
    /// FROM gcr.io/distroless/python3-debian12:nonroot
    /// LABEL org.opencontainers.image.title="ledger" \
    ///       org.opencontainers.image.version="1.0.0" \
    ///       org.opencontainers.image.revision="abc1234"
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile,profile-lucid
    /// FROM gcr.io/distroless/python3-debian12:nonroot
    /// ARG BUILD_DATE
    /// LABEL org.opencontainers.image.title="ledger" \
    ///       org.opencontainers.image.version="1.0.0" \
    ///       org.opencontainers.image.revision="abc1234" \
    ///       org.opencontainers.image.created="${BUILD_DATE}"
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: one `LABEL` with every missing label is inserted after the final `FROM`, with
    /// `${VERSION}`, `${VCS_REF}` and `${BUILD_DATE}` for version, revision and creation time
    /// (and the matching `ARG`s), and `TODO` for the others, which someone has to fill in.
    ///
    /// ## References
    /// - hadolint DL3049
    /// - [OCI image annotations](https://github.com/opencontainers/image-spec/blob/main/annotations.md)
    pub LabelMissing {
        code: "DL3049",
        name: "label-missing",
        aliases: &["oci-labels-missing"],
        severity: Info,
        fix: Always,
    }
}

impl Rule for LabelMissing {
    fn check(&self, ctx: &mut LintContext<'_>) {
        let model = ctx.model;
        let Some(target) = model.target() else { return };
        let policy = label_policy(model, ctx.settings);
        let mut required: Vec<&str> = policy.required.iter().map(String::as_str).collect();
        for key in policy.schema.keys() {
            if !required.contains(&key.as_str()) {
                required.push(key);
            }
        }
        let labels = chain_labels(model, target.index);
        let missing: Vec<&str> = required.into_iter().filter(|k| !labels.iter().any(|l| l.key == *k)).collect();
        if missing.is_empty() {
            return;
        }
        let pairs: Vec<(String, String)> = missing.iter().map(|k| ((*k).to_owned(), placeholder(k).to_owned())).collect();
        let fix = label_block(ctx, target.index, &pairs).map(|edit| Fix::unsafe_("Insert a LABEL with the missing labels", vec![edit]));
        let range = first_line(ctx.text(), &model.instructions()[target.from]);
        for key in missing {
            let origin = if ctx.settings.labels.required.iter().any(|k| k == key) {
                "`[labels] required` in distrolint.toml".to_owned()
            } else if policy.schema.contains_key(key) {
                "the label schema".to_owned()
            } else {
                format!("profile `{}`", ctx.settings.profile.as_ref().map_or("", |p| p.profile.name.as_str()))
            };
            let message = format!("the image will not have the label `{key}`, which {origin} requires: labels set in other stages do not reach the image, so set it in the final stage");
            let diagnostic = ctx.report(range, message);
            if let Some(fix) = &fix {
                diagnostic.set_fix(fix.clone());
            }
        }
    }
}

/// The value a new label gets: a build argument for the version, revision and creation time.
fn placeholder(key: &str) -> &'static str {
    let suffix = key.rsplit('.').next().unwrap_or(key);
    match suffix {
        "version" => "${VERSION}",
        "revision" | "vcs-ref" => "${VCS_REF}",
        "created" | "build-date" => "${BUILD_DATE}",
        _ => "TODO",
    }
}

/// An edit that inserts, after the stage's `FROM`, the `ARG`s the values use and one `LABEL`
/// with `pairs` (values are written in double quotes as given).
pub(crate) fn label_block(ctx: &LintContext<'_>, stage: usize, pairs: &[(String, String)]) -> Option<crate::Edit> {
    let model = ctx.model;
    let from = model.stages[stage].from;
    let mut lines = String::new();
    for (arg, reference) in [("VERSION", "${VERSION}"), ("VCS_REF", "${VCS_REF}"), ("BUILD_DATE", "${BUILD_DATE}")] {
        let used = pairs.iter().any(|(_, v)| v.contains(reference));
        if used && !(model.vars(stage).iter().any(|d| d.name == arg) || model.lookup(from, arg) != Binding::Undefined) {
            lines.push_str("ARG ");
            lines.push_str(arg);
            lines.push('\n');
        }
    }
    for (index, (key, value)) in pairs.iter().enumerate() {
        lines.push_str(if index == 0 { "LABEL " } else { "      " });
        lines.push_str(key);
        lines.push_str("=\"");
        lines.push_str(value);
        lines.push('"');
        if index + 1 < pairs.len() {
            lines.push(' ');
            lines.push(model.file.escape());
        }
        lines.push('\n');
    }
    insert_lines_after(model.file, model.instructions()[from].range.start(), &lines)
}

#[cfg(test)]
mod tests {
    use crate::settings::Settings;

    fn lint(config: &str, text: &str) -> Vec<crate::Diagnostic> {
        let config = Settings::parse_config(config).unwrap();
        let mut settings = Settings::from_config(&config, &|_| Err(String::new())).unwrap();
        settings.apply_selection(&["DL3049".into()], &[]).unwrap();
        crate::lint(text, &settings).diagnostics
    }

    #[test]
    fn required_labels_of_the_final_chain() {
        let config = "[labels]\nrequired = [\"org.opencontainers.image.version\", \"org.opencontainers.image.source\"]\n";
        let text = "FROM a AS base\nLABEL org.opencontainers.image.source=x\nFROM b AS other\nLABEL org.opencontainers.image.version=1\nFROM base\n";
        let found = lint(config, text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].message, "the image will not have the label `org.opencontainers.image.version`, which `[labels] required` in distrolint.toml requires: labels set in other stages do not reach the image, so set it in the final stage");
        let config = Settings::parse_config(config).unwrap();
        let mut settings = Settings::from_config(&config, &|_| Err(String::new())).unwrap();
        settings.apply_selection(&["DL3049".into()], &[]).unwrap();
        let fixed = crate::fix(text, &settings, crate::Applicability::Unsafe).text;
        assert_eq!(fixed, "FROM a AS base\nLABEL org.opencontainers.image.source=x\nFROM b AS other\nLABEL org.opencontainers.image.version=1\nFROM base\nARG VERSION\nLABEL org.opencontainers.image.version=\"${VERSION}\"\n");
    }

    #[test]
    fn schema_keys_count_and_no_policy_is_silent() {
        let found = lint("[labels]\nschema = { maintainer = \"email\" }\n", "FROM a\n");
        assert!(found[0].message.contains("`maintainer`, which the label schema requires"));
        assert!(lint("", "FROM a\n").is_empty());
        let found = crate::lint("FROM gcr.io/distroless/python3-debian12\n", &crate::test::settings_for("DL3049", Some("lucid"))).diagnostics;
        assert_eq!(found.len(), 4);
        assert!(found[0].message.contains("which profile `lucid` requires"));
    }
}
