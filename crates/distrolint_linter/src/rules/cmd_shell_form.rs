//! DL3025 (BuildKit JSONArgsRecommended): shell-form `CMD`, `ENTRYPOINT` or `HEALTHCHECK CMD`.

use distrolint_syntax::{Args, Keyword};

use crate::diagnostic::Fix;
use crate::model::{Setting, ShellStatus};
use crate::rule::{LintContext, Rule};
use crate::analysis::runtime::first_line;
use crate::rules::shell_form_in_shellless_stage::exec_rewrite;

crate::declare_rule! {
    /// ## What it does
    /// Flags `CMD`, `ENTRYPOINT` and `HEALTHCHECK CMD` written in shell form, in stages that have a
    /// shell and no explicit `SHELL` instruction (where a `SHELL` is set, shell form was chosen on
    /// purpose). Stages without a shell are covered by `shell-form-in-shellless-stage` (DX101),
    /// because there shell form is an error, not a recommendation.
    ///
    /// ## Why is this bad?
    /// Shell form runs the command as `/bin/sh -c "..."`, so the shell is PID 1 and the
    /// application does not receive `SIGTERM` on `docker stop`: it is killed after the timeout
    /// instead of shutting down cleanly. An exec-form `ENTRYPOINT` also receives `CMD` as
    /// arguments, which a shell-form one ignores.
    ///
    /// ## Example
    /// ```dockerfile,expect_diagnostic
    /// FROM node:22-bookworm-slim
    /// CMD node server.js
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:22-bookworm-slim
    /// CMD ["node", "server.js"]
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: the command is split with POSIX word rules and only when it has no shell syntax,
    /// but the process then runs without a shell (no `.profile`, different signal handling), and an
    /// exec-form `ENTRYPOINT` starts receiving `CMD` as arguments.
    ///
    /// ## References
    /// - hadolint DL3025
    /// - [BuildKit check JSONArgsRecommended](https://docs.docker.com/go/dockerfile/rule/json-args-recommended/)
    pub CmdShellForm {
        code: "DL3025",
        name: "cmd-shell-form",
        buildkit: Some("JSONArgsRecommended"),
        aliases: &["cmd-json-form"],
        severity: Warning,
        fix: Sometimes,
    }
}

impl Rule for CmdShellForm {
    fn check(&self, ctx: &mut LintContext<'_>) {
        let model = ctx.model;
        for stage in &model.stages {
            for i in stage.instructions() {
                let ins = &model.instructions()[i];
                let shell_form = match (&ins.keyword, &ins.args) {
                    (Keyword::Cmd | Keyword::Entrypoint, Args::Shell(_)) => true,
                    (Keyword::Healthcheck, Args::Healthcheck(h)) => matches!(*h.cmd, Args::Shell(_)),
                    _ => false,
                };
                if !shell_form
                    || matches!(model.state(i).shell, Setting::Instruction(_))
                    || matches!(model.shell_status(i), ShellStatus::Missing { .. })
                {
                    continue;
                }
                let what = match ins.keyword {
                    Keyword::Entrypoint => "ENTRYPOINT",
                    Keyword::Cmd => "CMD",
                    _ => "HEALTHCHECK CMD",
                };
                let message = if ins.keyword == Keyword::Healthcheck {
                    "HEALTHCHECK CMD in shell form needs /bin/sh in the image and starts a shell for every probe: write it in JSON form".to_owned()
                } else {
                    format!("{what} in shell form runs under `/bin/sh -c`, so the program is not PID 1 and does not get stop signals: write it in JSON form")
                };
                let fix = exec_rewrite(ins).map(|edit| Fix::unsafe_(format!("Write {what} in exec form"), vec![edit]));
                let range = first_line(ctx.text(), ins);
                ctx.report(range, message).set_fix(fix);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::test::{assert_diagnostics, fix_all};

    #[test]
    fn shell_form_commands() {
        let text = "FROM debian:12\nENTRYPOINT my-app start\nCMD [\"a\"]\nHEALTHCHECK CMD curl -f http://localhost/\n";
        assert_diagnostics("DL3025", text, &[
            "2:1-2:24 ENTRYPOINT in shell form runs under `/bin/sh -c`, so the program is not PID 1 and does not get stop signals: write it in JSON form",
            "4:1-4:42 HEALTHCHECK CMD in shell form needs /bin/sh in the image and starts a shell for every probe: write it in JSON form",
        ]);
        assert_eq!(fix_all("DL3025", text, false), text);
        assert_eq!(fix_all("DL3025", text, true), "FROM debian:12\nENTRYPOINT [\"my-app\", \"start\"]\nCMD [\"a\"]\nHEALTHCHECK CMD [\"curl\", \"-f\", \"http://localhost/\"]\n");
    }

    #[test]
    fn explicit_shell_and_shellless_stages_are_left_alone() {
        assert_diagnostics("DL3025", "FROM debian:12 AS a\nSHELL [\"/bin/bash\", \"-c\"]\nFROM a\nCMD my-app start\n", &[]);
        assert_diagnostics("DL3025", "FROM gcr.io/distroless/static\nCMD my-app\n", &[]);
        // Unknown images still get the recommendation.
        assert_diagnostics("DL3025", "FROM ghcr.io/acme/app:1\nCMD run $X\n", &["2:1-2:11 CMD in shell form runs under `/bin/sh -c`, so the program is not PID 1 and does not get stop signals: write it in JSON form"]);
    }
}
