//! DX106: a `SHELL` whose program the image does not have.

use distrolint_syntax::{Args, Keyword};

use crate::analysis::base::{Program, basename, find_program};
use crate::diagnostic::{Edit, Fix};
use crate::images::ImageKind;
use crate::rule::{LintContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Flags a `SHELL ["<program>", ...]` whose program is not in the image, such as
    /// `SHELL ["/bin/bash", "-c"]` on distroless, where there is no shell at all, or on a
    /// distroless `:debug` image, whose only shell is BusyBox's `/busybox/sh`.
    ///
    /// ## Why is this bad?
    /// Every later shell-form `RUN` fails at build time, and shell-form `CMD`, `ENTRYPOINT` and
    /// `HEALTHCHECK` fail when the container runs them, with `exec: "/bin/bash": stat /bin/bash:
    /// no such file or directory`.
    ///
    /// ## Example
    /// ```dockerfile,expect_diagnostic
    /// FROM gcr.io/distroless/base-debian12:debug
    /// SHELL ["/bin/bash", "-c"]
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM gcr.io/distroless/base-debian12:debug
    /// SHELL ["/busybox/sh", "-c"]
    /// ```
    ///
    /// ## Fix safety
    /// In a `:debug` image the program is replaced with `/busybox/sh`. Safe for `sh`, `ash` and
    /// `dash`, whose scripts BusyBox's `ash` runs the same; unsafe for `bash` and other shells,
    /// whose scripts may use features `ash` lacks.
    ///
    /// ## References
    /// - [Dockerfile reference: SHELL](https://docs.docker.com/reference/dockerfile/#shell)
    /// - [distroless README: debug images](https://github.com/GoogleContainerTools/distroless#debug-images)
    pub ShellInstructionMissingShell {
        code: "DX106",
        name: "shell-instruction-missing-shell",
        severity: Error,
        fix: Sometimes,
    }
}

impl Rule for ShellInstructionMissingShell {
    fn check(&self, ctx: &mut LintContext<'_>) {
        let model = ctx.model;
        let instructions = model.instructions();
        for stage in &model.stages {
            let Some(facts) = stage.facts.as_ref() else { continue };
            for i in stage.instructions() {
                let ins = &instructions[i];
                let (Keyword::Shell, Args::Exec(exec)) = (&ins.keyword, &ins.args) else { continue };
                let Some(first) = exec.elements.first().filter(|e| !e.value.is_empty()) else { continue };
                let program = first.value.as_str();
                if find_program(model, i, program) != Program::Absent {
                    continue;
                }
                let image = model.image_label(stage.index).unwrap_or_else(|| facts.family.clone());
                let busybox = facts.shell_path.as_deref().filter(|p| p.starts_with("/busybox/"));
                let hint = match (busybox, facts.kind) {
                    (Some(sh), _) => format!("; its only shell is BusyBox's {sh}"),
                    (None, ImageKind::Distroless) => "; distroless images have no shell: write commands in exec form, or run them in a builder stage".to_owned(),
                    (None, _) => "; the image has no shell: write commands in exec form".to_owned(),
                };
                let message = format!("every later shell-form RUN fails at build time, and shell-form CMD, ENTRYPOINT and HEALTHCHECK fail at run time: {image} has no `{program}`{hint}");
                let fix = busybox.map(|sh| {
                    let title = format!("Use `{sh}`");
                    let edits = vec![Edit::replace(first.range, format!("\"{sh}\""))];
                    if matches!(basename(program), "sh" | "ash" | "dash") { Fix::safe(title, edits) } else { Fix::unsafe_(title, edits) }
                });
                ctx.report(first.range, message).set_fix(fix);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::test::{assert_diagnostics, fix_all, lint_rule};

    #[test]
    fn missing_shells() {
        let text = "FROM gcr.io/distroless/python3-debian12\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nFROM gcr.io/distroless/static:debug\nSHELL [\"/bin/sh\", \"-c\"]\nSHELL [\"bash\", \"-c\"]\n";
        assert_diagnostics("DX106", text, &[
            "2:8-2:19 every later shell-form RUN fails at build time, and shell-form CMD, ENTRYPOINT and HEALTHCHECK fail at run time: gcr.io/distroless/python3-debian12 has no `/bin/bash`; distroless images have no shell: write commands in exec form, or run them in a builder stage",
            "4:8-4:17 every later shell-form RUN fails at build time, and shell-form CMD, ENTRYPOINT and HEALTHCHECK fail at run time: gcr.io/distroless/static:debug has no `/bin/sh`; its only shell is BusyBox's /busybox/sh",
            "5:8-5:14 every later shell-form RUN fails at build time, and shell-form CMD, ENTRYPOINT and HEALTHCHECK fail at run time: gcr.io/distroless/static:debug has no `bash`; its only shell is BusyBox's /busybox/sh",
        ]);
        assert_eq!(fix_all("DX106", text, false), text.replace("SHELL [\"/bin/sh\"", "SHELL [\"/busybox/sh\""));
        assert!(fix_all("DX106", text, true).ends_with("SHELL [\"/busybox/sh\", \"-c\"]\nSHELL [\"/busybox/sh\", \"-c\"]\n"));
    }

    #[test]
    fn present_copied_or_unknown_shells() {
        let text = "FROM gcr.io/distroless/static:debug\nSHELL [\"/busybox/sh\", \"-c\"]\nSHELL [\"sh\", \"-c\"]\nFROM gcr.io/distroless/static\nCOPY --from=busybox:1.37 /bin/busybox /bin/sh\nSHELL [\"/bin/sh\", \"-c\"]\nFROM debian:12\nSHELL [\"/bin/bash\", \"-c\"]\nFROM ghcr.io/acme/x\nSHELL [\"/bin/zsh\", \"-c\"]\n";
        assert!(lint_rule("DX106", text).is_empty());
    }
}
