//! DL3066: the final stage's `USER` is a name, not a uid.

use crate::analysis::runtime::{effective_user, is_numeric, numeric_spec};
use crate::diagnostic::{Edit, Fix};
use crate::images::ImageKind;
use crate::rule::{LintContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Flags the `USER` the final stage's container runs as when its user part is a name
    /// (`nonroot`, `app:app`) rather than a number. Only the effective `USER` of the final stage
    /// counts; a value from a build argument without a known default is not reported.
    ///
    /// ## Why is this bad?
    /// Kubernetes `runAsNonRoot: true` refuses to start a container whose image user is a name,
    /// unless the pod sets a numeric `runAsUser`: the kubelet cannot tell whether the name is root
    /// (`container has runAsNonRoot and image has non-numeric user (nonroot), cannot verify user is
    /// non-root`, `CreateContainerConfigError`).
    ///
    /// ## Example
    /// ```dockerfile,expect_diagnostic
    /// FROM gcr.io/distroless/python3-debian13
    /// USER nonroot:nonroot
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM gcr.io/distroless/python3-debian13
    /// USER 65532:65532
    /// ```
    ///
    /// ## Fix safety
    /// The fix rewrites names to ids: `root` is 0 in every image, and in distroless images
    /// `nonroot` is 65532 and `nobody` 65534 (their `/etc/passwd` and `/etc/group`). It is safe for
    /// `root` and for distroless, whose files are known, because the container runs as the same uid
    /// and gid with the same home and groups. For Chainguard (`nonroot` 65532, from its public configs) and names from the
    /// profile's `runtime.user_map` it is unsafe: the image's own files are not known here.
    ///
    /// ```toml
    /// # distrolint.toml or a profile
    /// [runtime]
    /// user_map = { app = "10001:10001" }
    /// ```
    ///
    /// ## References
    /// - hadolint DL3066
    /// - [Kubernetes: runAsNonRoot](https://kubernetes.io/docs/tasks/configure-pod-container/security-context/)
    pub UserNonNumeric {
        code: "DL3066",
        name: "user-non-numeric",
        severity: Info,
        fix: Sometimes,
    }
}

impl Rule for UserNonNumeric {
    fn check(&self, ctx: &mut LintContext<'_>) {
        let model = ctx.model;
        let Some(target) = model.target() else { return };
        let user = effective_user(model, target.index);
        let (Some(u), Some(value)) = (user.instruction, user.value) else { return };
        let name = value.split(':').next().unwrap_or(&value);
        if name.is_empty() || is_numeric(name) {
            return;
        }
        let facts = target.facts.as_deref();
        // Windows containers have no runAsNonRoot (Kubernetes uses runAsUserName there).
        let windows_account = ["ContainerUser", "ContainerAdministrator"].iter().any(|a| a.eq_ignore_ascii_case(name));
        if windows_account || facts.is_some_and(|f| f.os == crate::images::Os::Windows) {
            return;
        }
        let ins = &model.instructions()[u];
        let Some(word) = ins.args.shell() else { return };
        let profile = ctx.settings.profile.as_ref();
        let numeric = numeric_spec(&value, facts, profile);
        let hint = match &numeric {
            Some(ids) => format!("; use `USER {ids}`"),
            None => String::from("; use the uid (and gid) instead"),
        };
        let message = format!(
            "Kubernetes will refuse to start this container under `runAsNonRoot`: the image runs as the user name `{name}`, which the kubelet cannot verify is not root (unless the pod sets a numeric runAsUser){hint}"
        );
        let literal = ins.text(&word) == value;
        let from_map = profile.is_some_and(|p| value.split(':').any(|n| p.runtime.user_map.contains_key(n)));
        let fix = numeric.filter(|_| literal).map(|ids| {
            let title = format!("Replace `{value}` with `{ids}`");
            let edits = vec![Edit::replace(word.range, ids)];
            let only_root = value.split(':').all(|n| n == "root" || is_numeric(n));
            if only_root || (facts.is_some_and(|f| f.kind == ImageKind::Distroless) && !from_map) {
                Fix::safe(title, edits)
            } else {
                Fix::unsafe_(title, edits)
            }
        });
        ctx.report(word.range, message).set_fix(fix);
    }
}

#[cfg(test)]
mod tests {
    use crate::test::{assert_diagnostics, fix_all, lint_codes};

    #[test]
    fn parity_cases() {
        assert_eq!(lint_codes("DL3066", "FROM d\nUSER app\n").len(), 1);
        assert_eq!(lint_codes("DL3066", "FROM d\nUSER app:app\n").len(), 1);
        for silent in [
            "FROM d\nUSER 10001\n",
            "FROM d\nUSER 1000:1000\n",
            "ARG UID\nFROM x\nARG UID\nUSER ${UID}\n",
            "FROM d\nUSER root\nFROM d\nUSER 1234\n",
            "FROM d\nUSER app\nUSER 1000\n",
            "FROM golang:1.26-nanoserver-ltsc2025\nUSER ContainerUser\n",
            "FROM mcr.microsoft.com/windows/nanoserver:ltsc2025\nUSER ContainerAdministrator\n",
        ] {
            assert_diagnostics("DL3066", silent, &[]);
        }
    }

    #[test]
    fn distroless_names_map_to_ids() {
        let text = "FROM gcr.io/distroless/python3-debian12:nonroot AS distroless\nUSER nonroot:nonroot\nCMD [\"app.py\"]\n";
        assert_diagnostics("DL3066", text, &[
            "2:6-2:21 Kubernetes will refuse to start this container under `runAsNonRoot`: the image runs as the user name `nonroot`, which the kubelet cannot verify is not root (unless the pod sets a numeric runAsUser); use `USER 65532:65532`",
        ]);
        assert_eq!(fix_all("DL3066", text, false), text.replace("USER nonroot:nonroot", "USER 65532:65532"));
        // Chainguard's map is not verified: unsafe. Unknown names: no fix.
        let text = "FROM cgr.dev/chainguard/python:latest\nUSER nonroot\n";
        assert_eq!(fix_all("DL3066", text, false), text);
        assert_eq!(fix_all("DL3066", text, true), "FROM cgr.dev/chainguard/python:latest\nUSER 65532\n");
        let text = "FROM debian:12\nUSER app\n";
        assert_eq!(fix_all("DL3066", text, true), text);
        assert_eq!(fix_all("DL3066", "FROM debian:12\nUSER root:root\n", false), "FROM debian:12\nUSER 0:0\n");
        // Resolved through ARG defaults.
        let found = lint_codes("DL3066", "FROM debian:12\nARG U=svc\nUSER ${U}\n");
        assert!(found[0].starts_with("3:6-3:10 Kubernetes will refuse"), "{found:?}");
    }
}
