//! DX802: the final stage's `USER` or `COPY --chown` differs from the profile's uid and gid.

use distrolint_syntax::{Keyword, TextRange};

use crate::analysis::runtime::{effective_user, is_root_user, numeric_spec};
use crate::diagnostic::{Edit, Fix};
use crate::rule::{LintContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Under a profile that sets `runtime.uid` (and `runtime.gid`), flags the final stage's
    /// effective `USER` and the `--chown` of its `COPY`/`ADD` instructions when they resolve to
    /// other ids. Names are resolved with the image's `/etc/passwd` (distroless, Chainguard) or
    /// the profile's `user_map`; unknown names and root are left to `user-non-numeric` and
    /// `last-user-root`.
    ///
    /// Off by default; the `lucid` profile turns it on. Any profile can:
    /// ```toml
    /// [runtime]
    /// uid = 10001
    /// gid = 10001
    ///
    /// [rules]
    /// "profile-uid-mismatch" = "on"
    /// ```
    ///
    /// ## Why is this bad?
    /// The house pattern fixes one uid for every service (65532, distroless `nonroot`, in the Lucid
    /// pattern) so that volumes, `--chown` and Kubernetes `runAsUser` agree. A container running as
    /// another uid cannot write the files the pattern hands to the profile's uid, and files copied
    /// with another owner are not writable by the service.
    ///
    /// ## Example
    /// ```dockerfile,expect_diagnostic,profile-lucid
    /// FROM gcr.io/distroless/python3-debian12
    /// USER 1000:1000
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile,profile-lucid
    /// FROM gcr.io/distroless/python3-debian12
    /// USER 65532:65532
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: the fix writes the profile's `uid:gid`, which changes who owns or may write files.
    ///
    /// ## References
    /// - The Lucid distroless Python pattern: "Run as `USER 65532:65532`", "`COPY --chown=65532:65532`"
    pub ProfileUidMismatch {
        code: "DX802",
        name: "profile-uid-mismatch",
        severity: Warning,
        fix: Sometimes,
        default: Off,
    }
}

impl Rule for ProfileUidMismatch {
    fn check(&self, ctx: &mut LintContext<'_>) {
        let model = ctx.model;
        let Some(profile) = ctx.settings.profile.as_ref() else { return };
        let Some(uid) = profile.runtime.uid else { return };
        let gid = profile.runtime.gid;
        let Some(target) = model.target() else { return };
        let facts = target.facts.as_deref();
        let wanted = format!("{uid}:{}", gid.unwrap_or(uid));
        let name = if profile.profile.name.is_empty() { "the profile" } else { profile.profile.name.as_str() };
        let (uid_text, gid_text) = (uid.to_string(), gid.map(|g| g.to_string()));
        // Returns the mismatching ids, or None when they agree (or cannot be known).
        let mismatch = |spec: &str| -> Option<String> {
            if is_root_user(spec) {
                return None;
            }
            // The common case, numeric and equal, without allocating.
            let (u, g) = spec.split_once(':').map_or((spec, None), |(u, g)| (u, Some(g)));
            if u == uid_text && g.is_none_or(|g| gid_text.as_deref().is_none_or(|w| w == g)) {
                return None;
            }
            let ids = numeric_spec(spec, facts, Some(profile))?;
            let (u, g) = match ids.split_once(':') {
                Some((u, g)) => (u, Some(g)),
                None => (ids.as_str(), None),
            };
            let differs = u != uid.to_string() || g.zip(gid).is_some_and(|(g, gid)| g != gid.to_string());
            differs.then_some(ids)
        };
        let mut findings: Vec<(TextRange, String, bool)> = Vec::new();
        let user = effective_user(model, target.index);
        if let (Some(u), Some(value)) = (user.instruction, user.value.as_deref()) {
            if let Some(ids) = mismatch(value) {
                let ins = &model.instructions()[u];
                if let Some(word) = ins.args.shell() {
                    let message = format!(
                        "the container will run as {ids}, but {name} requires uid:gid {wanted}: files the pattern gives to {wanted} (COPY --chown, volumes) will not be writable by the service"
                    );
                    findings.push((word.range, message, ins.text(&word) == value));
                }
            }
        }
        for stage in model.chain(target.index) {
            for i in stage.instructions() {
                let ins = &model.instructions()[i];
                if !matches!(ins.keyword, Keyword::Copy | Keyword::Add) {
                    continue;
                }
                let Some(value) = ins.flag("chown").and_then(|f| f.value.as_ref()) else { continue };
                let Some(ids) = model.expand(i, &value.text).and_then(|v| mismatch(&v)) else { continue };
                let message = format!(
                    "these files will be owned by {ids}, but {name} requires uid:gid {wanted}, which the service runs as: it will not be able to write them"
                );
                findings.push((value.range, message, value.range.len() as usize == value.text.len() && !value.text.contains('$')));
            }
        }
        findings.sort_by_key(|(range, _, _)| range.start());
        for (range, message, literal) in findings {
            let diagnostic = ctx.report(range, message);
            if literal {
                diagnostic.set_fix(Fix::unsafe_(format!("Use `{wanted}`"), vec![Edit::replace(range, wanted.clone())]));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::runtime::test_support::{fix_profile, lint_profile};

    #[test]
    fn user_and_chown_against_the_profile() {
        let text = "FROM gcr.io/distroless/python3-debian12 AS rt\nCOPY --chown=1000:1000 app /app\nCOPY --chown=nonroot:nonroot x /x\nCOPY --chown=0:0 y /y\nUSER 1000\n";
        let found = lint_profile("DX802", "lucid", text);
        assert_eq!(found, [
            "2:14-2:23 these files will be owned by 1000:1000, but lucid requires uid:gid 65532:65532, which the service runs as: it will not be able to write them",
            "5:6-5:10 the container will run as 1000, but lucid requires uid:gid 65532:65532: files the pattern gives to 65532:65532 (COPY --chown, volumes) will not be writable by the service",
        ]);
        assert_eq!(
            fix_profile("DX802", "lucid", text, true),
            text.replace("--chown=1000:1000", "--chown=65532:65532").replace("USER 1000", "USER 65532:65532")
        );
        // Without a profile, nothing to compare with.
        assert!(crate::test::lint_rule("DX802", text).is_empty());
    }
}
