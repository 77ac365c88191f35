//! DL3002: the final stage runs as root.

use distrolint_syntax::{Keyword, TextRange};
use serde::Deserialize;

use crate::analysis::runtime::{effective_user, first_line, runtime_ids};
use crate::diagnostic::Fix;
use crate::fixes::{insert_line_before, insert_lines_after};
use crate::model::{Model, Stage};
use crate::rule::{LintContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Flags a final stage whose container runs as root: its last `USER` (through the `FROM <stage>`
    /// chain) is `root` or `0`, or it sets no `USER` and its base image is known to run as root
    /// (distroless `latest` and `debug`, `scratch`, the official images). A base known to run as
    /// non-root (distroless `nonroot`, Chainguard) is fine. Only the final stage counts: builder
    /// stages never run as containers.
    ///
    /// With the option `require-explicit-user = true`, a final stage with no `USER` whose base
    /// image's user is not known is reported too (Checkov CKV_DOCKER_3).
    ///
    /// ## Why is this bad?
    /// A process running as root inside the container owns the whole container filesystem, and a
    /// container escape starts from root. Kubernetes `runAsNonRoot` refuses to start such an image.
    ///
    /// ## Example
    /// ```dockerfile,expect_diagnostic
    /// FROM gcr.io/distroless/static-debian12
    /// COPY app /app
    /// ENTRYPOINT ["/app"]
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM gcr.io/distroless/static-debian12:nonroot
    /// COPY app /app
    /// ENTRYPOINT ["/app"]
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: the fix inserts `USER 65532:65532` (the profile's `runtime.uid`/`gid`) before the
    /// first `CMD`/`ENTRYPOINT` after the last `USER`, or at the end of the stage. In distroless
    /// images 65532 is the `nonroot` user; elsewhere the uid may not exist, and files the service
    /// writes must then be owned by it.
    ///
    /// ## Options
    /// ```toml
    /// [rules.last-user-root]
    /// require-explicit-user = false
    /// ```
    ///
    /// ## References
    /// - hadolint DL3002; Checkov CKV_DOCKER_8, CKV_DOCKER_3; Trivy DS-0002
    /// - [distroless: nonroot images](https://github.com/GoogleContainerTools/distroless#debug-images)
    pub LastUserRoot {
        code: "DL3002",
        name: "last-user-root",
        aliases: &["runtime-user-root", "CKV_DOCKER_8", "CKV_DOCKER_3", "DS-0002"],
        severity: Warning,
        fix: Sometimes,
        options: Some(crate::settings::check_options::<Options>),
    }
}

/// Options of `last-user-root`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default, rename_all = "kebab-case")]
struct Options {
    /// Report a final stage without `USER` whose base image's user is not known.
    #[serde(alias = "require_explicit_user")]
    require_explicit_user: bool,
}

impl Rule for LastUserRoot {
    fn check(&self, ctx: &mut LintContext<'_>) {
        let model = ctx.model;
        let Some(target) = model.target() else { return };
        let user = effective_user(model, target.index);
        let image = model.image_label(target.index).unwrap_or_else(|| "the base image".to_owned());
        let ids = runtime_ids(ctx.settings.profile.as_ref());
        let (range, message) = match (user.instruction, user.is_root()) {
            (Some(u), Some(true)) => {
                let ins = &model.instructions()[u];
                let range = ins.args.shell().map_or(ins.keyword_range, |w| w.range);
                let value = user.value.as_deref().unwrap_or_default();
                (range, format!("the container will run as root: the last USER of the final stage is `{value}`, so a compromised process owns the whole container; switch to a non-root user (e.g. `USER {ids}`)"))
            }
            (None, Some(true)) => (
                from_range(ctx.text(), model, target),
                format!("the container will run as root: the final stage sets no USER, and {image} runs as uid 0; add `USER {ids}`{}", nonroot_hint(target)),
            ),
            (None, None) if ctx.options::<Options>().require_explicit_user => (
                from_range(ctx.text(), model, target),
                format!("the final stage sets no USER, and which user {image} runs as is not known: set one explicitly (`USER {ids}`)"),
            ),
            _ => return,
        };
        let fix = insert_user(ctx, model, target, user.instruction, &ids);
        ctx.report(range, message).set_fix(fix);
    }
}

/// " (or use its `nonroot` tag)" for distroless root tags.
fn nonroot_hint(stage: &Stage) -> &'static str {
    let distroless = stage.facts.as_deref().is_some_and(|f| f.kind == crate::images::ImageKind::Distroless);
    if distroless { ", or use the image's `nonroot` tag (uid 65532)" } else { "" }
}

/// The image word of the final stage's `FROM` (its first line when there is none).
fn from_range(text: &str, model: &Model<'_>, stage: &Stage) -> TextRange {
    let ins = &model.instructions()[stage.from];
    stage.image.map_or_else(|| first_line(text, ins), |w| w.range)
}

/// Inserts `USER <ids>` before the first CMD/ENTRYPOINT of the final stage after the last USER,
/// or after the stage's last instruction.
fn insert_user(ctx: &LintContext<'_>, model: &Model<'_>, stage: &Stage, user: Option<usize>, ids: &str) -> Option<Fix> {
    let instructions = model.instructions();
    let after = user.filter(|u| stage.instructions().contains(u)).unwrap_or(stage.from);
    let line = format!("USER {ids}");
    let title = format!("Insert `USER {ids}`");
    let anchor = stage
        .instructions()
        .filter(|&i| i > after)
        .find(|&i| matches!(instructions[i].keyword, Keyword::Cmd | Keyword::Entrypoint));
    if let Some(anchor) = anchor {
        return Some(Fix::unsafe_(title, vec![insert_line_before(ctx.text(), instructions[anchor].range.start(), &line)]));
    }
    let last = &instructions[stage.end.checked_sub(1)?];
    let edit = insert_lines_after(ctx.file, last.range.start(), &format!("{line}\n"))?;
    Some(Fix::unsafe_(title, vec![edit]))
}

#[cfg(test)]
mod tests {
    use crate::test::{assert_diagnostics, fix_all, lint_codes};

    #[test]
    fn parity_cases() {
        for fires in ["FROM debian:12\nUSER root\n", "FROM debian:12\nUSER 0:0\n", "FROM gcr.io/distroless/static-debian12\n"] {
            assert_eq!(lint_codes("DL3002", fires).len(), 1, "{fires}");
        }
        for silent in [
            "FROM d AS build\nUSER root\nFROM d\nUSER app\n",
            "FROM d\nUSER root\nRUN x\nUSER app\n",
            "FROM gcr.io/distroless/static-debian12:nonroot\n",
            "FROM ghcr.io/acme/base:1\n",
            "ARG U\nFROM debian:12\nUSER ${U}\n",
            "FROM cgr.dev/chainguard/python:latest\n",
        ] {
            assert_diagnostics("DL3002", silent, &[]);
        }
    }

    #[test]
    fn messages_ranges_and_fixes() {
        let text = "FROM gcr.io/distroless/python3-debian12 AS rt\nCOPY app.py /app/\nCMD [\"/app/app.py\"]\n";
        assert_diagnostics("DL3002", text, &[
            "1:6-1:40 the container will run as root: the final stage sets no USER, and gcr.io/distroless/python3-debian12 runs as uid 0; add `USER 65532:65532`, or use the image's `nonroot` tag (uid 65532)",
        ]);
        assert_eq!(fix_all("DL3002", text, true), "FROM gcr.io/distroless/python3-debian12 AS rt\nCOPY app.py /app/\nUSER 65532:65532\nCMD [\"/app/app.py\"]\n");
        // USER root after the CMD: the USER goes at the end.
        let text = "FROM debian:12 AS base\nUSER app\nFROM base\nCMD [\"x\"]\nUSER root";
        assert_eq!(lint_codes("DL3002", text)[0].split(' ').next(), Some("5:6-5:10"));
        assert_eq!(fix_all("DL3002", text, true), "FROM debian:12 AS base\nUSER app\nFROM base\nCMD [\"x\"]\nUSER root\nUSER 65532:65532");
        // A dangling continuation at the end of the file: no fix rather than a broken one.
        let text = "FROM debian:12\nENV a=b \\\n";
        assert!(crate::test::lint_rule("DL3002", text)[0].fix.is_none());
        // Inherited from an ancestor stage: reported at that USER, fixed in the final stage.
        let text = "FROM debian:12 AS base\nUSER root\nFROM base\nENTRYPOINT [\"x\"]\n";
        assert_eq!(fix_all("DL3002", text, true), "FROM debian:12 AS base\nUSER root\nFROM base\nUSER 65532:65532\nENTRYPOINT [\"x\"]\n");
    }

    #[test]
    fn explicit_user_option() {
        let config = crate::Settings::parse_config("[rules.last-user-root]\nrequire-explicit-user = true\n").unwrap();
        let mut settings = crate::Settings::from_config(&config, &|_| Err(String::new())).unwrap();
        settings.apply_selection(&["DL3002".into()], &[]).unwrap();
        let found = crate::lint("FROM ghcr.io/acme/base:1\n", &settings).diagnostics;
        assert_eq!(found[0].message, "the final stage sets no USER, and which user ghcr.io/acme/base:1 runs as is not known: set one explicitly (`USER 65532:65532`)");
    }
}
