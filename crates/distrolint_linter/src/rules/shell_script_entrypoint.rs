//! DX107: a shell script as the program of an exec-form instruction in an image without a shell.

use distrolint_syntax::Keyword;

use crate::analysis::base::{copied_from, copies_before, exec_program, is_script_in_shellless, is_script_name};
use crate::rule::{LintContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Flags an exec-form `ENTRYPOINT`, `CMD` (when it is the program), `RUN` or
    /// `HEALTHCHECK CMD` that runs a shell script (a name ending in `.sh` or `.bash`, or a path a
    /// `COPY` filled from such a file) in an image without `/bin/sh`: distroless (`:debug`
    /// included), Chainguard images without `-dev`, and `scratch`.
    ///
    /// ## Why is this bad?
    /// The kernel runs a script through the interpreter on its `#!` line, usually `/bin/sh` or
    /// `/bin/bash`. Neither exists in these images, not even in distroless `:debug` (its shell is
    /// `/busybox/sh`), so exec fails with `no such file or directory` although the script is there.
    ///
    /// ## Example
    /// ```dockerfile,expect_diagnostic
    /// FROM gcr.io/distroless/python3-debian12:nonroot
    /// COPY entrypoint.sh /entrypoint.sh
    /// ENTRYPOINT ["/entrypoint.sh"]
    /// ```
    ///
    /// ## Use instead
    /// Start the program itself, and move set-up steps to the build or to the program:
    /// ```dockerfile
    /// FROM gcr.io/distroless/python3-debian12:nonroot
    /// COPY app /app
    /// ENTRYPOINT ["python3", "/app/main.py"]
    /// ```
    ///
    /// ## References
    /// - [distroless README: entrypoints](https://github.com/GoogleContainerTools/distroless#entrypoints)
    pub ShellScriptEntrypoint {
        code: "DX107",
        name: "shell-script-entrypoint",
        severity: Error,
    }
}

impl Rule for ShellScriptEntrypoint {
    fn check(&self, ctx: &mut LintContext<'_>) {
        let model = ctx.model;
        for stage in &model.stages {
            let Some(facts) = stage.facts.as_ref().filter(|f| f.lacks_bin_sh()) else { continue };
            for i in stage.instructions() {
                let Some(program) = exec_program(model, i) else { continue };
                if !is_script_in_shellless(model, i, &program) {
                    continue;
                }
                let path = program.argv0();
                let image = model.image_label(stage.index).unwrap_or_else(|| facts.family.clone());
                let what = match program.keyword {
                    Keyword::Run => "this RUN fails at build time",
                    Keyword::Healthcheck => "the container will always be unhealthy",
                    _ => "the container will not start",
                };
                let script = if is_script_name(path) {
                    format!("`{path}` is a shell script")
                } else {
                    let copies = copies_before(model, i);
                    let source = copied_from(&copies, path).unwrap_or_default();
                    format!("`{path}` is the shell script `{source}`")
                };
                let busybox = match facts.shell_path.as_deref() {
                    Some(sh) => format!(" (its only shell is {sh}, which a `#!{sh}` line would use)"),
                    None => String::new(),
                };
                let message = format!("{what}: {script}, and the interpreter its `#!` line names (usually /bin/sh or /bin/bash) is not in {image}{busybox}, so exec fails with `no such file or directory`");
                ctx.report(program.range(), message);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::test::{assert_diagnostics, lint_rule};

    #[test]
    fn scripts_in_shellless_images() {
        let text = "FROM gcr.io/distroless/python3-debian12:nonroot\nCOPY entrypoint.sh /entrypoint.sh\nENTRYPOINT [\"/entrypoint.sh\"]\n";
        assert_diagnostics("DX107", text, &[
            "3:13-3:29 the container will not start: `/entrypoint.sh` is a shell script, and the interpreter its `#!` line names (usually /bin/sh or /bin/bash) is not in gcr.io/distroless/python3-debian12:nonroot, so exec fails with `no such file or directory`",
        ]);
        let text = "FROM gcr.io/distroless/static:debug\nCOPY docker/start.sh /usr/local/bin/start\nRUN [\"./setup.bash\"]\nHEALTHCHECK CMD [\"/usr/local/bin/start\", \"check\"]\n";
        let found = lint_rule("DX107", text);
        assert_eq!(found.len(), 2);
        assert!(found[0].message.starts_with("this RUN fails at build time: `./setup.bash` is a shell script"));
        assert!(found[1].message.starts_with("the container will always be unhealthy: `/usr/local/bin/start` is the shell script `docker/start.sh`"));
        assert!(found[1].message.contains("(its only shell is /busybox/sh, which a `#!/busybox/sh` line would use)"));
    }

    #[test]
    fn not_reported() {
        // A shell image, a script passed to a shell, and CMD words that are entrypoint arguments.
        let text = "FROM debian:12\nENTRYPOINT [\"/entrypoint.sh\"]\nFROM gcr.io/distroless/static:debug\nENTRYPOINT [\"/busybox/sh\", \"/start.sh\"]\nFROM gcr.io/distroless/python3\nCMD [\"run.sh\"]\n";
        assert!(lint_rule("DX107", text).is_empty());
    }
}
