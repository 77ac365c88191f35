//! DX103: an exec-form `CMD`, `ENTRYPOINT` or `HEALTHCHECK` whose program is not on `PATH`.

use distrolint_syntax::Keyword;

use crate::analysis::base::{Program, effective_path, exec_program, find_program, is_probe_healthcheck, is_script_in_shellless};
use crate::images;
use crate::rule::{LintContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Flags an exec-form `ENTRYPOINT`, `CMD` or `HEALTHCHECK CMD` whose program is a bare name
    /// (`["uvicorn", ...]`) that is in no directory of the `PATH` in effect, in an image whose
    /// programs distrolint knows exhaustively: distroless (except Java), distroless `:debug`
    /// (its BusyBox applets count) and `scratch`. A `CMD` counts only when it is the program,
    /// that is when the `ENTRYPOINT` is empty: under distroless Python's interpreter
    /// `ENTRYPOINT`, `CMD` words are the interpreter's arguments.
    ///
    /// The `PATH` is the stage's `ENV PATH` if it sets one, else the image's. Nothing is
    /// reported when a `PATH` directory is (or is under) a `COPY` destination, since the copy may
    /// have brought the program. Absolute paths are `exec-target-not-in-image` (DX104), exec-form
    /// `RUN` is `run-missing-tool` (DX102), `curl`/`wget`/`nc` health checks are
    /// `healthcheck-missing-tool` (DX105), and shell scripts are `shell-script-entrypoint` (DX107).
    ///
    /// ## Why is this bad?
    /// The container fails at start, or every health probe fails, with
    /// `exec: "<name>": executable file not found in $PATH`.
    ///
    /// ## Example
    /// ```dockerfile,expect_diagnostic
    /// FROM gcr.io/distroless/static-debian12:nonroot
    /// COPY server /server
    /// ENTRYPOINT ["server"]
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM gcr.io/distroless/static-debian12:nonroot
    /// COPY server /server
    /// ENTRYPOINT ["/server"]
    /// ```
    ///
    /// ## References
    /// - [distroless README: entrypoints](https://github.com/GoogleContainerTools/distroless#entrypoints)
    pub ExecMissingBinary {
        code: "DX103",
        name: "exec-missing-binary",
        aliases: &["distroless-exec-missing-binary"],
        severity: Error,
    }
}

impl Rule for ExecMissingBinary {
    fn check(&self, ctx: &mut LintContext<'_>) {
        let model = ctx.model;
        for stage in &model.stages {
            let Some(facts) = stage.facts.as_ref().filter(|f| f.exhaustive_bins) else { continue };
            for i in stage.instructions() {
                let Some(program) = exec_program(model, i) else { continue };
                let name = program.argv0();
                if program.keyword == Keyword::Run
                    || name.contains('/')
                    || is_probe_healthcheck(&program)
                    || is_script_in_shellless(model, i, &program)
                    || find_program(model, i, name) != Program::Absent
                {
                    continue;
                }
                let image = model.image_label(stage.index).unwrap_or_else(|| facts.family.clone());
                let path = effective_path(model, i).unwrap_or_default();
                let applets = if facts.applet_dir.is_some() { ", and it is not a BusyBox applet" } else { "" };
                let what = match program.keyword {
                    Keyword::Healthcheck => "the container will always be unhealthy: every probe fails",
                    _ => "the container will not start: it fails",
                };
                let system_tool = images::is_busybox_applet(name) || images::busybox_absent_tools().contains(&name);
                let hint = if system_tool { "" } else { "; give the absolute path of the program you copied in" };
                let message = format!("{what} with `exec: \"{name}\": executable file not found in $PATH`, because {image} has no `{name}` in PATH={path}{applets}{hint}");
                ctx.report(program.range(), message);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::test::{assert_diagnostics, lint_rule};

    #[test]
    fn bare_names_not_on_path() {
        let text = "FROM gcr.io/distroless/static-debian12:nonroot\nCOPY server /server\nENTRYPOINT [\"server\"]\nHEALTHCHECK CMD [\"grpc_health_probe\", \"-addr=:8080\"]\n";
        assert_diagnostics("DX103", text, &[
            "3:13-3:21 the container will not start: it fails with `exec: \"server\": executable file not found in $PATH`, because gcr.io/distroless/static-debian12:nonroot has no `server` in PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin; give the absolute path of the program you copied in",
            "4:18-4:37 the container will always be unhealthy: every probe fails with `exec: \"grpc_health_probe\": executable file not found in $PATH`, because gcr.io/distroless/static-debian12:nonroot has no `grpc_health_probe` in PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin; give the absolute path of the program you copied in",
        ]);
    }

    #[test]
    fn cmd_under_an_entrypoint_is_an_argument() {
        // Distroless Python runs `python3.11 uvicorn ...`: that is the entrypoint rule's business.
        assert!(lint_rule("DX103", "FROM gcr.io/distroless/python3-debian12\nCMD [\"uvicorn\", \"main:app\"]\n").is_empty());
        let found = lint_rule("DX103", "FROM gcr.io/distroless/python3-debian12\nENTRYPOINT []\nCMD [\"uvicorn\", \"main:app\"]\n");
        assert_eq!(found.len(), 1);
        // An ENTRYPOINT after the CMD in the same stage still makes it an argument.
        assert!(lint_rule("DX103", "FROM gcr.io/distroless/static\nCMD [\"--port\", \"80\"]\nENTRYPOINT [\"/app\"]\n").is_empty());
        // The interpreter is on PATH.
        assert!(lint_rule("DX103", "FROM gcr.io/distroless/python3-debian12\nENTRYPOINT []\nCMD [\"python3\", \"app.py\"]\n").is_empty());
    }

    #[test]
    fn copied_path_directories_and_debug_applets() {
        assert!(lint_rule("DX103", "FROM gcr.io/distroless/python3-debian12\nCOPY --from=b /root/.local/bin /usr/local/bin\nENTRYPOINT [\"uvicorn\"]\n").is_empty());
        assert!(lint_rule("DX103", "FROM gcr.io/distroless/static\nCOPY --from=b /usr/bin /app/usr/bin\nENV PATH=/app/usr/bin:$PATH\nENTRYPOINT [\"rm\"]\n").is_empty());
        assert!(lint_rule("DX103", "FROM gcr.io/distroless/static:debug\nENTRYPOINT [\"sh\"]\n").is_empty());
        let found = lint_rule("DX103", "FROM gcr.io/distroless/static:debug\nENTRYPOINT [\"bash\"]\n");
        assert!(found[0].message.ends_with("/bin:/busybox, and it is not a BusyBox applet"), "{}", found[0].message);
        // Left to other rules: RUN, absolute paths, probe tools, scripts; unknown images.
        let text = "FROM gcr.io/distroless/static\nRUN [\"ls\"]\nENTRYPOINT [\"/app\"]\nHEALTHCHECK CMD [\"curl\", \"x\"]\nCMD [\"start.sh\"]\nFROM python:3.12\nENTRYPOINT [\"nope\"]\n";
        assert!(lint_rule("DX103", text).is_empty());
    }
}
