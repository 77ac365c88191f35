//! DX104: an exec-form program given by absolute path that is not in the image.

use distrolint_syntax::{Args, Keyword};

use crate::analysis::base::{
    Program, basename, copies_before, exec_program, find_program, is_probe_healthcheck, is_script_in_shellless,
};
use crate::diagnostic::{Edit, Fix};
use crate::fixes::json_string;
use crate::images;
use crate::model::{Model, ShellStatus};
use crate::rule::{LintContext, Rule};
use crate::util::edit_distance;

crate::declare_rule! {
    /// ## What it does
    /// Flags an exec-form `RUN`, `ENTRYPOINT`, `CMD` or `HEALTHCHECK CMD` whose program is an
    /// absolute path that is neither a known file of the base image nor under a `COPY`/`ADD`
    /// destination of the stage or the stages it is built on. Only images whose files distrolint
    /// knows (distroless except Java, and `scratch`) are checked. A `CMD` counts only when the
    /// `ENTRYPOINT` is empty: under distroless Python's interpreter `ENTRYPOINT`, `CMD[0]` is an
    /// argument. A path that an earlier `RUN` which can run mentions is assumed to be created by it.
    ///
    /// ## Why is this bad?
    /// The build (for `RUN`) or the container start fails with `no such file or directory`; a
    /// health check fails at every probe. The usual cause is a path that does not match where the
    /// `COPY` put the file.
    ///
    /// ## Example
    /// ```dockerfile,expect_diagnostic
    /// FROM gcr.io/distroless/static-debian12:nonroot
    /// COPY --from=build /out/server /app/server
    /// ENTRYPOINT ["/server"]
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM gcr.io/distroless/static-debian12:nonroot
    /// COPY --from=build /out/server /app/server
    /// ENTRYPOINT ["/app/server"]
    /// ```
    ///
    /// ## Fix safety
    /// When exactly one copied file or known file of the image differs from the path by one path
    /// segment (a directory changed, added or left out, or the file name misspelled), the path is
    /// replaced with it. Unsafe: it is a guess at what was meant.
    ///
    /// ## References
    /// - [distroless README: entrypoints](https://github.com/GoogleContainerTools/distroless#entrypoints)
    pub ExecTargetNotInImage {
        code: "DX104",
        name: "exec-target-not-in-image",
        severity: Error,
        fix: Sometimes,
    }
}

impl Rule for ExecTargetNotInImage {
    fn check(&self, ctx: &mut LintContext<'_>) {
        let model = ctx.model;
        for stage in &model.stages {
            let Some(facts) = stage.facts.as_ref().filter(|f| f.exhaustive_bins) else { continue };
            for i in stage.instructions() {
                let Some(program) = exec_program(model, i) else { continue };
                let path = program.argv0();
                if !path.starts_with('/')
                    || is_probe_healthcheck(&program)
                    || is_script_in_shellless(model, i, &program)
                    || find_program(model, i, path) != Program::Absent
                    || created_by_run(model, i, path)
                {
                    continue;
                }
                let image = model.image_label(stage.index).unwrap_or_else(|| facts.family.clone());
                let what = match program.keyword {
                    Keyword::Run => "this RUN fails at build time",
                    Keyword::Healthcheck => "the container will always be unhealthy",
                    _ => "the container will not start",
                };
                let mut message = format!("{what}: `{path}` is not in {image}, and no COPY or ADD puts it there, so exec fails with `no such file or directory`");
                let copies = copies_before(model, i);
                let copied = copies.targets.iter().flat_map(|t| t.file_paths().map(|(p, _)| p));
                let name = basename(path);
                let applet = facts.applet_dir.as_ref().filter(|_| images::is_busybox_applet(name)).map(|d| format!("{d}/{name}"));
                let mut candidates: Vec<String> = copied
                    .chain(facts.files.iter().cloned())
                    .chain(applet)
                    .filter(|p| one_segment_apart(path, p))
                    .collect();
                candidates.sort();
                candidates.dedup();
                let fix = match candidates.as_slice() {
                    [only] => {
                        message.push_str(&format!("; did you mean `{only}`?"));
                        let mut json = String::new();
                        json_string(&mut json, only);
                        Some(Fix::unsafe_(format!("Use `{only}`"), vec![Edit::replace(program.range(), json)]))
                    }
                    _ => None,
                };
                ctx.report(program.range(), message).set_fix(fix);
            }
        }
    }
}

/// Whether an earlier `RUN` of the stage chain that can run mentions the path or its directory.
fn created_by_run(model: &Model<'_>, i: usize, path: &str) -> bool {
    let Some(stage) = model.stage_of(i) else { return false };
    let dir = path.rsplit_once('/').map_or("", |(d, _)| d);
    let instructions = model.instructions();
    model.chain(stage.index).any(|s| {
        s.instructions().filter(|&r| r < i && instructions[r].keyword == Keyword::Run).any(|r| {
            let ins = &instructions[r];
            let runs = || match &ins.args {
                Args::Exec(_) => exec_program(model, r).is_some_and(|p| find_program(model, r, p.argv0()) != Program::Absent),
                _ => model.shell_status(r) == ShellStatus::Available,
            };
            // The text test first: it is cheap, and `runs` looks programs up.
            let text = ins.line.text();
            (mentions(text, path) || (!dir.is_empty() && mentions(text, dir))) && runs()
        })
    })
}

/// Whether `text` mentions `path` as a whole path (not as the middle of a longer one).
fn mentions(text: &str, path: &str) -> bool {
    let part = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-');
    text.match_indices(path).any(|(at, _)| {
        let before = at.checked_sub(1).map(|k| text.as_bytes()[k]);
        let after = text.as_bytes().get(at + path.len()).copied();
        !before.is_some_and(|b| part(b) || b == b'/') && !after.is_some_and(part)
    })
}

/// Whether two absolute paths differ by exactly one segment: a directory changed, added or left
/// out (the file names being equal), or the file name misspelled (at most two edits).
fn one_segment_apart(a: &str, b: &str) -> bool {
    let a: Vec<&str> = a.split('/').filter(|s| !s.is_empty()).collect();
    let b: Vec<&str> = b.split('/').filter(|s| !s.is_empty()).collect();
    if a == b || a.last() != b.last() && (a.len() != b.len() || edit_distance(a[a.len() - 1], b[b.len() - 1]) > 2) {
        return false;
    }
    if a.len() == b.len() {
        return a.iter().zip(&b).filter(|(x, y)| x != y).count() == 1;
    }
    let (short, long) = if a.len() < b.len() { (&a, &b) } else { (&b, &a) };
    if long.len() != short.len() + 1 {
        return false;
    }
    (0..long.len()).any(|skip| long.iter().enumerate().filter(|(k, _)| *k != skip).map(|(_, s)| s).eq(short.iter()))
}

#[cfg(test)]
mod tests {
    use super::one_segment_apart;
    use crate::test::{assert_diagnostics, fix_all, lint_rule};

    #[test]
    fn missing_targets_and_did_you_mean() {
        let text = "FROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/server /app/server\nENTRYPOINT [\"/server\"]\n";
        assert_diagnostics("DX104", text, &[
            "3:13-3:22 the container will not start: `/server` is not in gcr.io/distroless/static-debian12:nonroot, and no COPY or ADD puts it there, so exec fails with `no such file or directory`; did you mean `/app/server`?",
        ]);
        assert_eq!(fix_all("DX104", text, false), text);
        assert_eq!(fix_all("DX104", text, true), "FROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/server /app/server\nENTRYPOINT [\"/app/server\"]\n");
        // RUN and HEALTHCHECK, a relative COPY destination under WORKDIR, and the shell.
        let text = "FROM gcr.io/distroless/cc\nWORKDIR /srv\nCOPY migrate bin/\nRUN [\"/srv/bin/migrate\"]\nRUN [\"/bin/sh\", \"-c\", \"ls\"]\nHEALTHCHECK CMD [\"/opt/health\"]\n";
        let found = lint_rule("DX104", text);
        assert_eq!(found.len(), 2);
        assert!(found[0].message.starts_with("this RUN fails at build time: `/bin/sh` is not in gcr.io/distroless/cc"));
        assert!(found[1].message.starts_with("the container will always be unhealthy: `/opt/health`"));
        assert!(found[1].fix.is_none(), "/srv/bin/migrate is two segments away");
        assert!(super::mentions("cp x /srv/bin/", "/srv/bin") && !super::mentions("/srv/binary", "/srv/bin") && !super::mentions("/x/srv/bin", "/srv/bin"));
    }

    #[test]
    fn image_files_copies_and_entrypoint_arguments() {
        let text = "FROM gcr.io/distroless/python3-debian12\nCMD [\"/app/main.py\"]\nFROM gcr.io/distroless/python3-debian12\nENTRYPOINT []\nCMD [\"/usr/bin/python3\", \"/app/main.py\"]\nFROM gcr.io/distroless/java17-debian13\nENTRYPOINT [\"/opt/java/bin/x\"]\nFROM gcr.io/distroless/python3-debian13\nCMD [\"/app/main.py\"]\n";
        assert!(lint_rule("DX104", text).is_empty());
        // Known files of the image are suggested too.
        let text = "FROM gcr.io/distroless/python3-debian12\nENTRYPOINT [\"/app/usr/bin/python3.11\", \"/app/main.py\"]\n";
        assert!(fix_all("DX104", text, true).ends_with("ENTRYPOINT [\"/usr/bin/python3.11\", \"/app/main.py\"]\n"));
        // And BusyBox applets in :debug images.
        let text = "FROM gcr.io/distroless/static:debug\nENTRYPOINT [\"/bin/sh\", \"-c\", \"exec /app\"]\n";
        assert!(fix_all("DX104", text, true).ends_with("ENTRYPOINT [\"/busybox/sh\", \"-c\", \"exec /app\"]\n"));
        // A RUN that can run and names the directory may have created it.
        let text = "FROM gcr.io/distroless/base-debian12:debug\nSHELL [\"/busybox/sh\", \"-c\"]\nRUN ln -s /busybox/wget /usr/local/bin/fetch\nHEALTHCHECK CMD [\"/usr/local/bin/fetch\", \"-q\", \"x\"]\n";
        assert!(lint_rule("DX104", text).is_empty());
        // The same RUN in an image without a shell cannot have.
        let text = "FROM gcr.io/distroless/base-debian12\nRUN ln -s /a /usr/local/bin/fetch\nENTRYPOINT [\"/usr/local/bin/fetch\"]\n";
        assert_eq!(lint_rule("DX104", text).len(), 1);
    }

    #[test]
    fn segments() {
        assert!(one_segment_apart("/server", "/app/server"));
        assert!(one_segment_apart("/app/sever", "/app/server"));
        assert!(one_segment_apart("/usr/local/bin/app", "/usr/bin/app"));
        assert!(!one_segment_apart("/a/b", "/a/b"));
        assert!(!one_segment_apart("/x/y/z", "/z"));
        assert!(!one_segment_apart("/a/b/c", "/x/b/y"));
        assert!(!one_segment_apart("/app/server-health", "/app/server"));
        assert!(!one_segment_apart("/app/x", "/x/y"));
    }
}
