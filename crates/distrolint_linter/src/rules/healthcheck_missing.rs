//! DL3057: the final stage has no `HEALTHCHECK`.

use distrolint_syntax::Keyword;

use crate::analysis::platform::{chain_env, chain_exposed};
use crate::diagnostic::Fix;
use crate::fixes::insert_line_before;
use crate::model::Setting;
use crate::rule::{LintContext, Rule};
use crate::rules::expose_port_mismatch::is_service_port;
use crate::analysis::runtime::first_line;

crate::declare_rule! {
    /// ## What it does
    /// Flags a final stage that neither sets a `HEALTHCHECK` nor inherits one from a stage it
    /// is built `FROM` (`HEALTHCHECK NONE` counts as set). Intermediate stages never become the
    /// image, so they are not checked. Off by default, as in hadolint; a profile with
    /// `runtime.require_healthcheck = true` (the `lucid` profile) turns it on, and so does
    /// `"healthcheck-missing" = "on"` in the `[rules]` of a profile or config.
    ///
    /// ## Why is this bad?
    /// Without a health check Docker only knows whether the process runs, not whether the
    /// service answers: Compose `depends_on: condition: service_healthy` waits forever and
    /// Swarm never replaces a hung task. (Kubernetes ignores `HEALTHCHECK`; it uses probes.)
    ///
    /// ## Example
    /// ```dockerfile,expect_diagnostic
    /// FROM gcr.io/distroless/python3-debian12:nonroot
    /// ENV LEDGER_PORT=8100
    /// ENTRYPOINT []
    /// CMD ["python3", "/app/main.py"]
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM gcr.io/distroless/python3-debian12:nonroot
    /// ENV LEDGER_PORT=8100
    /// HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
    ///     CMD ["python3", "-c", "import socket, sys; s = socket.socket(); s.settimeout(2); r = s.connect_ex(('127.0.0.1', 8100)); s.close(); sys.exit(0 if r == 0 else 1)"]
    /// ENTRYPOINT []
    /// CMD ["python3", "/app/main.py"]
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe, and offered only when the profile names a template
    /// (`entrypoint.healthcheck = "python-socket"` or `"python-http"`), the image has Python and
    /// the service port is known (one `ENV <NAME>_PORT`, or one exposed port). The exec-form
    /// probe runs `python3` without a shell, so it works in distroless; `python-http` assumes a
    /// `/health` endpoint.
    ///
    /// ## References
    /// - hadolint DL3057
    /// - [HEALTHCHECK](https://docs.docker.com/reference/dockerfile/#healthcheck)
    pub HealthcheckMissing {
        code: "DL3057",
        name: "healthcheck-missing",
        aliases: &["CKV_DOCKER_2", "DS-0026"],
        severity: Info,
        fix: Sometimes,
        default: Off,
    }
}

impl Rule for HealthcheckMissing {
    fn check(&self, ctx: &mut LintContext<'_>) {
        let model = ctx.model;
        let Some(target) = model.target() else { return };
        if model.end_state(target.index).healthcheck != Setting::Image {
            return;
        }
        // A profile's `runtime.require_healthcheck` is runtime policy: it covers final stages on a
        // shell-less runtime image, not a devcontainer or a tool image in the same repository.
        let profile_runtime_only = ctx.settings.profile.as_ref().is_some_and(|p| p.runtime.require_healthcheck);
        if profile_runtime_only && !target.facts.as_ref().is_some_and(|f| f.lacks_bin_sh()) {
            return;
        }
        let image = model.image_label(target.index).unwrap_or_else(|| "the final stage".to_owned());
        let message = format!("the image built from {image} has no HEALTHCHECK, so Docker knows only whether the process runs, not whether the service answers (Compose `service_healthy` and Swarm rely on it)");
        let fix = template_fix(ctx, target.index);
        let range = first_line(ctx.text(), &model.instructions()[target.from]);
        ctx.report(range, message).set_fix(fix);
    }
}

/// The profile's health check template for the stage, inserted before its `ENTRYPOINT`/`CMD`.
fn template_fix(ctx: &LintContext<'_>, stage: usize) -> Option<Fix> {
    let model = ctx.model;
    let template = ctx.settings.profile.as_ref()?.entrypoint.healthcheck.as_deref()?;
    model.stages[stage].facts.as_ref()?.python.as_ref()?;
    let mut ports: Vec<u32> = chain_env(model, stage)
        .into_iter()
        .filter(|(name, ..)| is_service_port(name))
        .filter_map(|(_, value, ..)| value?.trim().parse().ok())
        .collect();
    ports.dedup();
    let port = match ports.as_slice() {
        [port] => *port,
        [] => match chain_exposed(model, stage)?.as_slice() {
            [(low, high)] if low == high => *low,
            _ => return None,
        },
        _ => return None,
    };
    let probe = match template {
        "python-socket" => format!("import socket, sys; s = socket.socket(); s.settimeout(2); r = s.connect_ex(('127.0.0.1', {port})); s.close(); sys.exit(0 if r == 0 else 1)"),
        "python-http" => format!("import urllib.request; urllib.request.urlopen('http://127.0.0.1:{port}/health', timeout=5)"),
        _ => return None,
    };
    let instructions = model.instructions();
    let range = model.stages[stage].instructions();
    let mut at = range.clone().find(|&i| matches!(instructions[i].keyword, Keyword::Entrypoint | Keyword::Cmd));
    while let Some(i) = at.filter(|&i| i > range.start + 1 && instructions[i - 1].keyword == Keyword::User) {
        at = Some(i - 1);
    }
    let text = ctx.text();
    let escape = model.file.escape();
    let line = format!(
        "HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 {escape}\n    CMD [\"python3\", \"-c\", \"{probe}\"]"
    );
    let edit = match at {
        Some(i) => insert_line_before(text, instructions[i].range.start(), &line),
        None => crate::fixes::insert_lines_after(model.file, instructions[range.end - 1].range.start(), &format!("{line}\n"))?,
    };
    Some(Fix::unsafe_(format!("Insert the profile's `{template}` health check on port {port}"), vec![edit]))
}

#[cfg(test)]
mod tests {
    use crate::Applicability;
    use crate::test::{assert_diagnostics, settings_for};

    #[test]
    fn final_chain_only() {
        assert_diagnostics("DL3057", "FROM s AS base\nHEALTHCHECK CMD [\"x\"]\nFROM scratch\n", &["3:1-3:13 the image built from scratch has no HEALTHCHECK, so Docker knows only whether the process runs, not whether the service answers (Compose `service_healthy` and Swarm rely on it)"]);
        assert_diagnostics("DL3057", "FROM s AS base\nHEALTHCHECK NONE\nFROM base\n", &[]);
    }

    #[test]
    fn require_healthcheck_turns_it_on() {
        let profile = crate::settings::Settings::parse_profile("[profile]\nname = \"house\"\n[runtime]\nrequire_healthcheck = true\n").unwrap();
        let mut settings = crate::settings::Settings::default();
        assert!(crate::lint("FROM scratch\n", &settings).diagnostics.iter().all(|d| d.code() != "DL3057"));
        settings.apply_profile(profile).unwrap();
        assert!(crate::lint("FROM scratch\n", &settings).diagnostics.iter().any(|d| d.code() == "DL3057"));
    }

    #[test]
    fn lucid_template_on_the_env_port() {
        let settings = settings_for("DL3057", Some("lucid"));
        let text = "FROM gcr.io/distroless/python3-debian12\nENV LEDGER_PORT=8100\nEXPOSE 8100\nUSER 65532:65532\nENTRYPOINT []\nCMD [\"python3\", \"/app/main.py\"]\n";
        let fixed = crate::fix(text, &settings, Applicability::Unsafe).text;
        assert!(fixed.contains("EXPOSE 8100\nHEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \\\n    CMD [\"python3\", \"-c\", \"import socket, sys; s = socket.socket(); s.settimeout(2); r = s.connect_ex(('127.0.0.1', 8100)); s.close(); sys.exit(0 if r == 0 else 1)\"]\nUSER 65532:65532\n"), "{fixed}");
        assert!(crate::lint(&fixed, &settings).diagnostics.is_empty());
        // Without Python or a known port there is no template.
        let found = crate::lint("FROM gcr.io/distroless/static-debian12\nEXPOSE 80\n", &settings).diagnostics;
        assert!(found[0].fix.is_none());
        let found = crate::lint("FROM gcr.io/distroless/python3-debian13\nEXPOSE 80 81\n", &settings).diagnostics;
        assert!(found[0].fix.is_none());
        let found = crate::lint("FROM gcr.io/distroless/python3-debian13\nEXPOSE 80\n", &settings).diagnostics;
        assert!(found[0].fix.as_ref().unwrap().edits[0].content.contains("('127.0.0.1', 80)"));
        // The profile's runtime policy does not reach final stages on images with a shell.
        assert!(crate::lint("FROM python:3.12-slim\nEXPOSE 80\n", &settings).diagnostics.is_empty());
    }
}
