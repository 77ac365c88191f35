//! DX804 (profile): `pip install --user` without the profile's marker files after it.

use crate::analysis::packaging::{LocationKind, content_writes, label_value, marker_name};
use crate::diagnostic::Fix;
use crate::model::Model;
use crate::rule::{LintContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Flags a builder's `pip install --user` when no `RUN` after it (in the same `RUN` or a later
    /// one of the stage) writes the profile's marker file into both the user `site-packages`
    /// (`/root/.local/lib/python3.X/site-packages/.lucid-marker`) and the user `bin` directory
    /// (`/root/.local/bin/.lucid-marker`).
    ///
    /// This is a profile rule: it is off unless a profile turns it on, as the built-in `lucid`
    /// profile does (or a profile with `builder.require_markers = true`, or
    /// `[rules] "marker-missing-after-pip" = "on"`).
    ///
    /// ## Why is this bad?
    /// House policy. The runtime verification step checks that the marker copied with the
    /// packages is there and not empty, which catches a `COPY` of the wrong directory at build
    /// time instead of at start. Without the markers there is nothing for it to check.
    ///
    /// ## Example
    /// ```dockerfile,expect_diagnostic,profile-lucid
    /// FROM python:3.11-slim-bookworm AS builder
    /// RUN pip install --user -r requirements.txt
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile,profile-lucid
    /// FROM python:3.11-slim-bookworm AS builder
    /// RUN pip install --user -r requirements.txt
    /// RUN echo "LUCID_LEDGER_PACKAGES_INSTALLED_$(date +%s)" > /root/.local/lib/python3.11/site-packages/.lucid-marker && \
    ///     echo "LUCID_LEDGER_BINARIES_INSTALLED_$(date +%s)" > /root/.local/bin/.lucid-marker
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe. Inserted after the `pip` `RUN`, when the file sets the `com.lucid.service` label:
    /// `RUN mkdir -p <site> <bin> && echo "LUCID_<SERVICE>_PACKAGES_INSTALLED_$(date +%s)" > <site>/.lucid-marker && echo "LUCID_<SERVICE>_BINARIES_INSTALLED_$(date +%s)" > <bin>/.lucid-marker && chown -R <uid>:<gid> /root/.local`
    /// (the profile's `marker_content`, `marker_file`, `uid` and `gid`). It adds files and changes
    /// the owner of the user base, which is then copied with that owner unless `COPY --chown` says
    /// otherwise.
    ///
    /// ## References
    /// - The Lucid pattern (`lucid-pattern/000_*`), "Marker Files"
    pub MarkerMissingAfterPip {
        code: "DX804",
        name: "marker-missing-after-pip",
        severity: Info,
        fix: Sometimes,
        default: Off,
    }
}

impl Rule for MarkerMissingAfterPip {
    fn check(&self, ctx: &mut LintContext<'_>) {
        let model = ctx.model;
        let packaging = model.packaging();
        let profile = ctx.settings.profile.as_ref();
        let marker = profile.and_then(|p| p.builder.marker_file.clone()).unwrap_or_else(|| ".lucid-marker".to_owned());
        let (site_tail, bin_tail) = (format!("/site-packages/{marker}"), format!("/bin/{marker}"));
        // The service label, read from the whole file once, when a fix needs it.
        let mut service_label: Option<Option<String>> = None;
        for pip in &packaging.pips {
            let Some(location) = pip.location.as_ref().filter(|l| l.kind == LocationKind::User) else { continue };
            let Some(site) = location.site_packages.as_deref() else { continue };
            let bin = format!("{}/bin", location.root);
            let site_marker = format!("{site}/{marker}");
            let bin_marker = format!("{bin}/{marker}");
            let (mut has_site, mut has_bin) = (false, false);
            for i in later_instructions(model, pip.stage, pip.instruction) {
                for (_, raw, path) in content_writes(model, i) {
                    let is = |full: &str, tail: &str| match &path {
                        Some(path) => path == full,
                        None => raw.trim_matches(['"', '\'']).ends_with(tail),
                    };
                    has_site |= is(&site_marker, &site_tail);
                    has_bin |= is(&bin_marker, &bin_tail);
                }
            }
            if has_site && has_bin {
                continue;
            }
            let missing: Vec<&str> =
                [(!has_site).then_some(site_marker.as_str()), (!has_bin).then_some(bin_marker.as_str())].into_iter().flatten().collect();
            let message = format!(
                "nothing writes the marker file{} {} after this `pip install --user`: the profile wants contentful markers there, so the runtime stage can verify what it copied",
                if missing.len() > 1 { "s" } else { "" },
                missing.join(" and ")
            );
            let service = service_label.get_or_insert_with(|| label_value(model, "com.lucid.service")).clone();
            let fix = service.filter(|s| !s.is_empty()).and_then(|service| {
                let template = profile
                    .and_then(|p| p.builder.marker_content.clone())
                    .unwrap_or_else(|| "LUCID_{SERVICE}_{KIND}_INSTALLED_$(date +%s)".to_owned());
                let service = marker_name(&service);
                let content = |kind: &str| template.replace("{SERVICE}", &service).replace("{KIND}", kind);
                let (uid, gid) = profile.map_or((None, None), |p| (p.runtime.uid, p.runtime.gid));
                let (uid, gid) = (uid.unwrap_or(65532), gid.or(uid).unwrap_or(65532));
                if content("").contains(['"', '\\', '`']) {
                    return None;
                }
                let line = format!(
                    "RUN mkdir -p {site} {bin} && echo \"{}\" > {site_marker} && echo \"{}\" > {bin_marker} && chown -R {uid}:{gid} {}",
                    content("PACKAGES"),
                    content("BINARIES"),
                    location.root
                );
                let edit = crate::fixes::insert_lines_after(model.file, model.instructions()[pip.instruction].range.start(), &format!("{line}\n"))?;
                Some(Fix::unsafe_("Write the marker files after the install", vec![edit]))
            });
            ctx.report(pip.range, message).set_fix(fix);
        }
    }
}

/// The `RUN` of the install and the instructions after it, in its stage and the stages built on it.
fn later_instructions(model: &Model<'_>, stage: usize, from: usize) -> Vec<usize> {
    model
        .stages
        .iter()
        .filter(|s| model.chain(s.index).any(|c| c.index == stage))
        .flat_map(crate::model::Stage::instructions)
        .filter(|&i| i >= from)
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::test::{fix_all, lint_codes};

    #[test]
    fn pip_user_without_markers() {
        let text = "FROM python:3.11-slim-bookworm AS builder\nRUN pip install --user -r r.txt\nFROM gcr.io/distroless/python3-debian12\nLABEL com.lucid.service=\"ledger-api\"\n";
        assert_eq!(lint_codes("DX804", text), [
            "2:5-2:32 nothing writes the marker files /root/.local/lib/python3.11/site-packages/.lucid-marker and /root/.local/bin/.lucid-marker after this `pip install --user`: the profile wants contentful markers there, so the runtime stage can verify what it copied",
        ]);
        let fixed = fix_all("DX804", text, true);
        assert!(fixed.contains("RUN pip install --user -r r.txt\nRUN mkdir -p /root/.local/lib/python3.11/site-packages /root/.local/bin && echo \"LUCID_LEDGER_API_PACKAGES_INSTALLED_$(date +%s)\" > /root/.local/lib/python3.11/site-packages/.lucid-marker && echo \"LUCID_LEDGER_API_BINARIES_INSTALLED_$(date +%s)\" > /root/.local/bin/.lucid-marker && chown -R 65532:65532 /root/.local\nFROM"), "{fixed}");
        assert!(lint_codes("DX804", &fixed).is_empty());
    }

    #[test]
    fn markers_present_or_not_a_user_install() {
        let text = "FROM python:3.11-slim-bookworm AS b\nRUN pip install --user x && echo \"A\" > /root/.local/bin/.lucid-marker\nRUN echo \"B_$(date +%s)\" > \"$HOME/.local/lib/python3.11/site-packages/.lucid-marker\"\nRUN pip install y\n";
        assert!(lint_codes("DX804", text).is_empty());
        // Without the service label, no fix.
        let text = "FROM python:3.11-slim-bookworm\nRUN pip install --user x\n";
        assert!(crate::test::lint_rule("DX804", text)[0].fix.is_none());
    }
}
