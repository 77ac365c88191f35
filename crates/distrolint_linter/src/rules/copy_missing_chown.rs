//! DX301: a `COPY`/`ADD` into an application or package directory of the final stage without `--chown`.

use distrolint_syntax::Keyword;
use serde::Deserialize;

use crate::analysis::runtime::{copy_dest, effective_user, is_within, numeric_spec};
use crate::diagnostic::{Edit, Fix};
use crate::rule::{LintContext, Rule};
use crate::util::glob_match;

crate::declare_rule! {
    /// ## What it does
    /// Flags a `COPY` or `ADD` of the final stage (and of the stages it is built `FROM`) whose
    /// destination is in an application or package directory and that has no `--chown`, when the
    /// container does not run as root. The directories are the profile's `runtime.chown_paths`,
    /// by default `/app`, `/usr/local/lib`, `/usr/local/bin`, `/opt`, `/data`, `/var/run` and
    /// `/var/lib`. The option `exclude_dest` lists destination globs to leave alone.
    ///
    /// Off by default; the `lucid` profile turns it on. To use it elsewhere:
    /// ```toml
    /// [rules.copy-missing-chown]
    /// severity = "warning"
    /// exclude_dest = ["/etc/ssl/certs/*"]
    /// ```
    ///
    /// ## Why is this bad?
    /// Copied files are owned by root (0:0) unless `--chown` says otherwise. A service running as
    /// a non-root user (65532 in distroless `nonroot`) then cannot write its logs, caches or sqlite
    /// files there, and fails at run time with `PermissionError`. The Lucid pattern makes
    /// `--chown=65532:65532` mandatory for these directories.
    ///
    /// ## Example
    /// ```dockerfile,expect_diagnostic,profile-lucid
    /// FROM gcr.io/distroless/python3-debian12:nonroot
    /// COPY app/ /app/
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile,profile-lucid
    /// FROM gcr.io/distroless/python3-debian12:nonroot
    /// COPY --chown=65532:65532 app/ /app/
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: the fix inserts `--chown=<uid>:<gid>` (the profile's, else the final `USER`'s), which
    /// makes the files writable by the service: usually wanted for data directories, but code the
    /// service can rewrite is a choice to review.
    ///
    /// ## References
    /// - [Dockerfile reference: COPY --chown](https://docs.docker.com/reference/dockerfile/#copy---chown---chmod)
    /// - The Lucid distroless Python pattern: "Use `COPY --chown=65532:65532` for all application and package directories"
    pub CopyMissingChown {
        code: "DX301",
        name: "copy-missing-chown",
        severity: Warning,
        fix: Sometimes,
        default: Off,
        options: Some(crate::settings::check_options::<Options>),
    }
}

/// The default `chown_paths` (RULES-DISTROLESS.md, `copy-missing-chown`).
const DEFAULT_PATHS: &[&str] = &["/app", "/usr/local/lib", "/usr/local/bin", "/opt", "/data", "/var/run", "/var/lib"];

/// Options of `copy-missing-chown`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct Options {
    /// Destination globs that need no `--chown`.
    #[serde(alias = "exclude-dest")]
    exclude_dest: Vec<String>,
}

impl Rule for CopyMissingChown {
    fn check(&self, ctx: &mut LintContext<'_>) {
        let model = ctx.model;
        let Some(target) = model.target() else { return };
        let user = effective_user(model, target.index);
        let profile = ctx.settings.profile.as_ref();
        // A root container can write anywhere; an unknown user is only assumed non-root when a
        // profile says which uid the service runs as.
        match user.is_root() {
            Some(true) => return,
            None if profile.and_then(|p| p.runtime.uid).is_none() => return,
            _ => {}
        }
        let paths: Vec<&str> = match profile.map(|p| &p.runtime.chown_paths) {
            Some(paths) if !paths.is_empty() => paths.iter().map(String::as_str).collect(),
            _ => DEFAULT_PATHS.to_vec(),
        };
        let options: Options = ctx.options();
        let ids = match profile.and_then(|p| p.runtime.uid) {
            Some(uid) => Some(format!("{uid}:{}", profile.and_then(|p| p.runtime.gid).unwrap_or(uid))),
            None => user.value.as_deref().and_then(|v| numeric_spec(v, target.facts.as_deref(), profile)),
        };
        let runs_as = match &user.value {
            Some(value) => format!("`{value}`"),
            None => ids.clone().unwrap_or_else(|| "a non-root user".to_owned()),
        };
        let stages: Vec<usize> = model.chain(target.index).map(|s| s.index).collect();
        for s in stages.into_iter().rev() {
            for i in model.stages[s].instructions() {
                let ins = &model.instructions()[i];
                if !matches!(ins.keyword, Keyword::Copy | Keyword::Add) || ins.flag("chown").is_some() {
                    continue;
                }
                let Some(dest) = copy_dest(model, i) else { continue };
                let Some(dir) = paths.iter().find(|p| is_within(&dest, p.trim_end_matches('/'))) else { continue };
                if options.exclude_dest.iter().any(|g| glob_match(g, &dest)) {
                    continue;
                }
                let keyword = ins.keyword.as_str();
                let message = format!(
                    "the files this {keyword} puts in {dest} will be owned by root (0:0), so the service, running as {runs_as}, cannot write there (logs, caches, databases fail with PermissionError); copies under {dir} need --chown"
                );
                let fix = ids.as_ref().map(|ids| {
                    Fix::unsafe_(format!("Add `--chown={ids}`"), vec![Edit::insert(ins.keyword_range.end(), format!(" --chown={ids}"))])
                });
                ctx.report(ins.keyword_range, message).set_fix(fix);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::runtime::test_support::{fix_profile, lint_profile};

    #[test]
    fn profile_paths_and_fix() {
        let text = "FROM python:3.11-slim AS b\nFROM gcr.io/distroless/python3-debian12:nonroot\nWORKDIR /app\nCOPY . .\nCOPY --chown=65532:65532 x /app/x\nCOPY --from=b /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nADD data.tgz /var/lib/db\n";
        let found = lint_profile("DX301", "lucid", text);
        assert_eq!(found, [
            "4:1-4:5 the files this COPY puts in /app will be owned by root (0:0), so the service, running as `65532`, cannot write there (logs, caches, databases fail with PermissionError); copies under /app need --chown",
            "7:1-7:4 the files this ADD puts in /var/lib/db will be owned by root (0:0), so the service, running as `65532`, cannot write there (logs, caches, databases fail with PermissionError); copies under /var/lib need --chown",
        ]);
        let fixed = fix_profile("DX301", "lucid", text, true);
        assert!(fixed.contains("COPY --chown=65532:65532 . .\n") && fixed.contains("ADD --chown=65532:65532 data.tgz"), "{fixed}");
        assert_eq!(fix_profile("DX301", "lucid", text, false), text);
    }

    #[test]
    fn root_containers_and_options() {
        // Runs as root: ownership does not matter.
        assert!(lint_profile("DX301", "lucid", "FROM debian:12\nUSER root\nCOPY a /app/a\n").is_empty());
        // Enabled without a profile: the final USER gives the ids; exclude_dest is honoured.
        let config = crate::Settings::parse_config(
            "[rules.copy-missing-chown]\nseverity = \"warning\"\nexclude_dest = [\"/opt/skip/*\"]\n",
        )
        .unwrap();
        let mut settings = crate::Settings::from_config(&config, &|_| Err(String::new())).unwrap();
        settings.apply_selection(&["DX301".into()], &[]).unwrap();
        let text = "FROM debian:12\nUSER 1000:1000\nCOPY a /opt/app/a\nCOPY b /opt/skip/b\n";
        let result = crate::lint(text, &settings);
        assert_eq!(result.diagnostics.len(), 1);
        assert_eq!(result.diagnostics[0].fix.as_ref().unwrap().edits[0].content, " --chown=1000:1000");
        // Unknown user and no profile: silent.
        let result = crate::lint("FROM ghcr.io/acme/x\nCOPY a /app/a\n", &settings);
        assert!(result.diagnostics.is_empty());
    }
}
