//! DX302: a `VOLUME` of the final stage that nothing creates for the non-root user.

use distrolint_syntax::{Args, Keyword, TextRange};

use crate::analysis::runtime::{
    copy_dest, effective_user, is_root_user, is_within, normalize, numeric_spec, resolve_path, run_can_run, user_at,
};
use crate::diagnostic::Severity;
use crate::images::ImageKind;
use crate::model::{Model, Stage};
use crate::rule::{LintContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Flags a `VOLUME` of the final stage whose directory nothing creates for the non-root user
    /// the container runs as, so the volume is owned by root.
    ///
    /// For the final stage (and the stages it is built `FROM`), when its container runs as a
    /// known non-root user:
    /// - flags a `VOLUME` path that nothing creates for that user (warning): no `COPY --chown`/
    ///   `ADD --chown` into it, no `WORKDIR` or `RUN mkdir` of it under a non-root `USER`, no
    ///   `RUN chown` of it to a non-root user;
    /// - flags a build step after the `VOLUME` that writes under its path: a `COPY`/`ADD` into it or
    ///   a `RUN` naming a path in it (info).
    ///
    /// `/tmp` (mode 1777 in every image but `scratch`) and distroless's `/home/nonroot` for uid
    /// 65532 already have the right owner and are not reported.
    ///
    /// ## Why is this bad?
    /// A new volume takes the owner of the image's directory at that path. When the image has no
    /// such directory, it is created owned by root, so a service running as 65532 gets
    /// `PermissionError` writing its logs or data there. The TRON payment service document declares
    /// `VOLUME` right after `FROM`, before anything creates the directories.
    ///
    /// Writes after `VOLUME` are kept by BuildKit but discarded by the legacy builder, so the same
    /// Dockerfile gives different images; create the directory before declaring the volume.
    ///
    /// ## Example
    /// ```dockerfile,expect_diagnostic
    /// FROM gcr.io/distroless/python3-debian13:nonroot
    /// VOLUME ["/app/logs"]
    /// COPY --chown=65532:65532 app/ /app/
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.13-slim-trixie AS build
    /// RUN mkdir -p /out/logs
    ///
    /// FROM gcr.io/distroless/python3-debian13:nonroot
    /// COPY --chown=65532:65532 app/ /app/
    /// COPY --from=build --chown=65532:65532 /out/logs /app/logs
    /// VOLUME ["/app/logs"]
    /// ```
    ///
    /// ## References
    /// - [Dockerfile reference: VOLUME notes](https://docs.docker.com/reference/dockerfile/#notes-about-specifying-volumes)
    pub VolumeOwnership {
        code: "DX302",
        name: "volume-ownership",
        severity: Warning,
    }
}

impl Rule for VolumeOwnership {
    fn check(&self, ctx: &mut LintContext<'_>) {
        let model = ctx.model;
        let Some(target) = model.target() else { return };
        let user = effective_user(model, target.index);
        if user.is_root() != Some(false) {
            return;
        }
        let value = user.value.clone().unwrap_or_default();
        let facts = target.facts.as_deref();
        let uid = numeric_spec(&value, facts, ctx.settings.profile.as_ref());
        let runs_as = uid.clone().unwrap_or_else(|| value.clone());
        let home = facts.is_some_and(|f| matches!(f.kind, ImageKind::Distroless | ImageKind::Chainguard))
            && uid.as_deref().is_some_and(|u| u.split(':').next() == Some("65532"));
        let mut chain: Vec<usize> = model.chain(target.index).flat_map(Stage::instructions).collect();
        chain.sort_unstable();
        for &v in &chain {
            if model.instructions()[v].keyword != Keyword::Volume {
                continue;
            }
            for (path, range) in volume_paths(model, v) {
                // `/tmp` is mode 1777 in every image but `scratch`.
                let exempt = (path == "/tmp" && facts.is_none_or(|f| f.kind != ImageKind::Scratch))
                    || (home && path == "/home/nonroot");
                if !exempt && !created_for_user(model, &chain, &path) {
                    let message = format!(
                        "the volume {path} will be owned by root: nothing in the image creates it for `{runs_as}` (a COPY --chown into it, or a WORKDIR after a non-root USER), so the directory is created as root and the service cannot write to it"
                    );
                    ctx.report(range, message);
                }
                for (at, what) in later_writes(model, &chain, v, &path) {
                    let message = format!(
                        "this {what} writes under {path} after VOLUME declared it: BuildKit keeps the change, but the legacy builder discards writes to a volume path, so the image differs between builders; create the directory before the VOLUME instruction"
                    );
                    ctx.report_with(at, Severity::Info, message);
                }
            }
        }
    }
}

/// The paths of a `VOLUME`, resolved, with their ranges.
fn volume_paths(model: &Model<'_>, v: usize) -> Vec<(String, TextRange)> {
    let ins = &model.instructions()[v];
    let raw: Vec<(Option<std::borrow::Cow<'_, str>>, TextRange)> = match &ins.args {
        Args::Exec(exec) => exec.elements.iter().map(|e| (model.expand(v, &e.value), e.range)).collect(),
        Args::Words(words) => words.iter().map(|w| (model.word_value(v, w), w.range)).collect(),
        Args::Shell(word) => vec![(model.word_value(v, word), word.range)],
        _ => Vec::new(),
    };
    raw.into_iter()
        .filter_map(|(value, range)| Some((resolve_path(model, v, value?.trim())?, range)))
        .filter(|(path, _)| path != "/")
        .collect()
}

/// Whether a `COPY --chown` into `path`, or a `WORKDIR` at or under it while a non-root user is
/// in effect, creates the directory with the right owner.
fn created_for_user(model: &Model<'_>, chain: &[usize], path: &str) -> bool {
    chain.iter().any(|&i| {
        let ins = &model.instructions()[i];
        match ins.keyword {
            Keyword::Copy | Keyword::Add => {
                ins.flag("chown").is_some() && copy_dest(model, i).is_some_and(|dest| is_within(&dest, path))
            }
            Keyword::Workdir => {
                user_at(model, i).is_root() == Some(false)
                    && ins
                        .args
                        .shell()
                        .and_then(|w| model.word_value(i, &w))
                        .and_then(|value| resolve_path(model, i, &value))
                        .is_some_and(|dir| is_within(&dir, path))
            }
            Keyword::Run => run_creates(model, i, path),
            _ => false,
        }
    })
}

/// Whether a `RUN` hands `path` to a non-root user: `chown` of it (or, with `-R`, of a directory
/// holding it) to a user other than root, or `mkdir` of it (or of a path under it) while a non-root
/// user is in effect.
fn run_creates(model: &Model<'_>, i: usize, path: &str) -> bool {
    if !run_can_run(model, i) {
        return false;
    }
    let non_root = user_at(model, i).is_root() == Some(false);
    model.run_scripts(i).iter().any(|run| {
        run.script.commands().any(|cmd| {
            let cmd = cmd.effective();
            let resolved = |word: &crate::shell::Word<'_>| {
                let value = word.unquoted()?;
                resolve_path(model, i, value)
            };
            match cmd.basename() {
                Some("chown") => {
                    let recursive = cmd.has_flag(&["R", "recursive"]);
                    let mut positionals = cmd.positionals(&[]);
                    let owner = positionals.next().and_then(|w| w.unquoted()).unwrap_or("root");
                    !is_root_user(owner)
                        && positionals.filter_map(&resolved).any(|arg| {
                            arg == path || (recursive && is_within(path, &arg))
                        })
                }
                Some("mkdir") if non_root => {
                    cmd.positionals(&["m", "mode"]).filter_map(resolved).any(|arg| is_within(&arg, path))
                }
                _ => false,
            }
        })
    })
}

/// Build steps after `VOLUME` at `v` that write under `path`: the range to report and what it is.
fn later_writes(model: &Model<'_>, chain: &[usize], v: usize, path: &str) -> Vec<(TextRange, &'static str)> {
    let mut out = Vec::new();
    for &i in chain.iter().filter(|&&i| i > v) {
        let ins = &model.instructions()[i];
        match ins.keyword {
            Keyword::Copy | Keyword::Add if copy_dest(model, i).is_some_and(|dest| is_within(&dest, path)) => {
                let what = if ins.keyword == Keyword::Copy { "COPY" } else { "ADD" };
                let range = crate::analysis::runtime::copy_args(model, i).map_or(ins.keyword_range, |a| a.dest.range);
                out.push((range, what));
            }
            Keyword::Run => {
                let found = model.run_scripts(i).iter().find_map(|run| {
                    run.script.commands().find_map(|cmd| {
                        let targets = cmd.redirects().iter().map(crate::shell::Redirect::target);
                        cmd.args().iter().chain(targets).find_map(|word| {
                            let value = word.unquoted()?;
                            (value.starts_with('/') && is_within(&normalize(value), path))
                                .then(|| run.source_range(word.range()))
                        })
                    })
                });
                if let Some(range) = found {
                    out.push((range, "RUN"));
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::test::{assert_diagnostics, lint_codes};

    #[test]
    fn tron_volumes() {
        let text = "FROM gcr.io/distroless/python3-debian12:nonroot AS distroless\nVOLUME [\"/app/logs\", \"/app/tmp\"]\nUSER nonroot:nonroot\nWORKDIR /app\nCOPY --from=b --chown=nonroot:nonroot /app /app\nRUN mkdir -p /app/logs && chmod 755 /app/logs\nUSER 65532:65532\n";
        let found = lint_codes("DX302", text);
        assert_eq!(found, [
            "2:9-2:20 the volume /app/logs will be owned by root: nothing in the image creates it for `65532:65532` (a COPY --chown into it, or a WORKDIR after a non-root USER), so the directory is created as root and the service cannot write to it",
            "2:22-2:32 the volume /app/tmp will be owned by root: nothing in the image creates it for `65532:65532` (a COPY --chown into it, or a WORKDIR after a non-root USER), so the directory is created as root and the service cannot write to it",
            "6:14-6:23 this RUN writes under /app/logs after VOLUME declared it: BuildKit keeps the change, but the legacy builder discards writes to a volume path, so the image differs between builders; create the directory before the VOLUME instruction",
        ]);
    }

    #[test]
    fn created_directories_and_exemptions() {
        for ok in [
            "FROM gcr.io/distroless/static:nonroot\nCOPY --chown=65532:65532 logs/ /data/logs/\nVOLUME /data/logs\n",
            "FROM gcr.io/distroless/static:nonroot\nWORKDIR /data\nVOLUME /data\n",
            "FROM gcr.io/distroless/static:nonroot\nVOLUME /tmp /home/nonroot\n",
            "ARG BASE\nFROM $BASE\nUSER 10001\nVOLUME /tmp\n",
            // Prometheus: a RUN hands the directory to the user.
            "FROM busybox:1.37\nWORKDIR /prometheus\nRUN chown -R nobody:nobody /etc/prometheus /prometheus\nUSER nobody\nVOLUME [\"/prometheus\"]\n",
            "FROM debian:12\nUSER 1000\nRUN mkdir -p /data/db\nVOLUME /data\n",
            // Root containers, and unknown users, are not reported.
            "FROM gcr.io/distroless/static\nVOLUME /data\n",
            "FROM ghcr.io/acme/x\nVOLUME /data\n",
        ] {
            assert_diagnostics("DX302", ok, &[]);
        }
        // A WORKDIR made while still root does not help.
        let found = lint_codes("DX302", "FROM debian:12\nWORKDIR /data\nRUN chown root:root /data && mkdir /data/x\nUSER 1000\nVOLUME /data\n");
        assert_eq!(found.len(), 1);
        assert!(found[0].starts_with("5:8-5:13 the volume /data will be owned by root: nothing in the image creates it for `1000`"));
    }
}
