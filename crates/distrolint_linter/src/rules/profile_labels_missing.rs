//! DX806: the final stage lacks the labels or label values the profile requires.

use crate::analysis::platform::{chain_labels, label_policy};
use crate::diagnostic::{Edit, Fix};
use crate::rule::{LintContext, Rule};
use crate::rules::label_missing::label_block;
use crate::analysis::runtime::first_line;

crate::declare_rule! {
    /// ## What it does
    /// Checks the final stage's labels against the profile's house policy: every
    /// `labels.required_prefix` key (`{ "com.lucid." = ["service", "platform"] }` requires
    /// `com.lucid.service` and `com.lucid.platform`) must be set, and every `labels.values` key
    /// must be set to that value. Off by default; a profile that sets `labels.required_prefix`
    /// or `labels.values` (the `lucid` profile) turns it on, and so does
    /// `"profile-labels-missing" = "on"` in `[rules]`.
    ///
    /// ## Why is this bad?
    /// House labels are how a platform team's tooling finds the service, cluster and security
    /// class of an image; an image without them falls through dashboards and policies.
    ///
    /// ## Example
    /// ```dockerfile,expect_diagnostic,profile-lucid
    /// FROM gcr.io/distroless/python3-debian12:nonroot
    /// LABEL com.lucid.service="ledger" com.lucid.platform="arm64" com.lucid.security="distroless"
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile,profile-lucid
    /// FROM gcr.io/distroless/python3-debian12:nonroot
    /// LABEL com.lucid.service="ledger" com.lucid.platform="arm64" \
    ///       com.lucid.cluster="core" com.lucid.security="distroless"
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: missing labels are inserted in one `LABEL` after the final `FROM`, with the
    /// required value or `TODO`; a wrong value is replaced by the required one, which changes
    /// what tools reading the label see.
    ///
    /// ## References
    /// - RULES-DISTROLESS.md §4, profile schema (`[labels]`)
    pub ProfileLabelsMissing {
        code: "DX806",
        name: "profile-labels-missing",
        severity: Info,
        fix: Always,
        default: Off,
    }
}

impl Rule for ProfileLabelsMissing {
    fn check(&self, ctx: &mut LintContext<'_>) {
        let model = ctx.model;
        let Some(target) = model.target() else { return };
        let policy = label_policy(model, ctx.settings);
        let labels = chain_labels(model, target.index);
        let mut missing: Vec<(String, String)> = Vec::new();
        for (prefix, suffixes) in &policy.required_prefix {
            for suffix in suffixes {
                let key = format!("{prefix}{suffix}");
                if !labels.iter().any(|l| l.key == key) {
                    let value = policy.values.get(&key).cloned().unwrap_or_else(|| "TODO".to_owned());
                    missing.push((key, value));
                }
            }
        }
        for (key, wanted) in &policy.values {
            match labels.iter().find(|l| l.key == *key) {
                None if !missing.iter().any(|(k, _)| k == key) => missing.push((key.clone(), wanted.clone())),
                Some(label) if label.value.as_deref().is_some_and(|v| v != wanted) => {
                    let value = label.value.as_deref().unwrap_or_default();
                    let message = format!("label `{key}` is `{value}`, but the profile requires `{wanted}`");
                    let mut quoted = String::from("\"");
                    for c in wanted.chars() {
                        if matches!(c, '"' | '\\' | '$') {
                            quoted.push('\\');
                        }
                        quoted.push(c);
                    }
                    quoted.push('"');
                    ctx.report(label.value_range, message).set_fix(Fix::unsafe_(format!("Set `{key}` to `{wanted}`"), vec![Edit::replace(label.value_range, quoted)]));
                }
                _ => {}
            }
        }
        if missing.is_empty() {
            return;
        }
        let fix = label_block(ctx, target.index, &missing).map(|edit| Fix::unsafe_("Insert a LABEL with the profile's missing labels", vec![edit]));
        let range = first_line(ctx.text(), &model.instructions()[target.from]);
        for (key, _) in &missing {
            let message = format!("the image will not have the label `{key}`, which the profile's label policy requires: set it in the final stage");
            let diagnostic = ctx.report(range, message);
            if let Some(fix) = &fix {
                diagnostic.set_fix(fix.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::Applicability;
    use crate::test::settings_for;

    #[test]
    fn a_label_policy_turns_it_on() {
        let profile = crate::settings::Settings::parse_profile("[profile]\nname = \"house\"\n[labels]\nvalues = { team = \"pay\" }\n").unwrap();
        let mut settings = crate::settings::Settings::default();
        settings.apply_profile(profile).unwrap();
        let found = crate::lint("FROM a\nLABEL team=web\n", &settings).diagnostics;
        assert_eq!(found.iter().filter(|d| d.code() == "DX806").count(), 1);
    }

    #[test]
    fn lucid_house_labels() {
        let settings = settings_for("DX806", Some("lucid"));
        let text = "FROM gcr.io/distroless/python3-debian12\nLABEL com.lucid.service=\"ledger\" com.lucid.security=\"shell\"\n";
        let found = crate::lint(text, &settings).diagnostics;
        let messages: Vec<&str> = found.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages, vec![
            "the image will not have the label `com.lucid.platform`, which the profile's label policy requires: set it in the final stage",
            "the image will not have the label `com.lucid.cluster`, which the profile's label policy requires: set it in the final stage",
            "label `com.lucid.security` is `shell`, but the profile requires `distroless`",
        ]);
        let fixed = crate::fix(text, &settings, Applicability::Unsafe).text;
        assert_eq!(fixed, "FROM gcr.io/distroless/python3-debian12\nLABEL com.lucid.platform=\"TODO\" \\\n      com.lucid.cluster=\"TODO\"\nLABEL com.lucid.service=\"ledger\" com.lucid.security=\"distroless\"\n");
        assert!(crate::lint(&fixed, &settings).diagnostics.is_empty());
    }
}
