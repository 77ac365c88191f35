//! DX101: shell-form `RUN`, `CMD`, `ENTRYPOINT` or `HEALTHCHECK` where there is no shell.

use distrolint_syntax::{Args, Instruction, Keyword, TextRange};

use crate::diagnostic::{Applicability, Edit, Fix};
use crate::fixes::{exec_form, insert_line_before, item_range, shell_words};
use crate::analysis::runtime::first_line;
use crate::images::ShellKind;
use crate::model::{Base, Command, Model, Setting, ShellStatus};
use crate::rule::{LintContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Flags shell-form `RUN`, `CMD`, `ENTRYPOINT` and `HEALTHCHECK CMD` in a stage whose image has
    /// no `/bin/sh`: distroless images (`:debug` included), Chainguard images without `-dev`,
    /// `scratch`, and stages built `FROM` those. A `SHELL` whose program the image lacks counts too.
    /// A `RUN` that bind-mounts a shell in place (`--mount=from=busybox,source=/bin,target=/bin`)
    /// is left alone.
    ///
    /// ## Why is this bad?
    /// The builder runs shell form as `/bin/sh -c "<text>"`. Where `/bin/sh` does not exist:
    /// - `RUN` fails the build: `exec: "/bin/sh": stat /bin/sh: no such file or directory`;
    /// - `CMD` and `ENTRYPOINT` make the container fail at start, or, under a language image's
    ///   `ENTRYPOINT` such as distroless Python's `/usr/bin/python3.11`, turn into arguments:
    ///   `python3.11 /bin/sh -c "..."` fails with `can't open file '/bin/sh'`;
    /// - `HEALTHCHECK` never succeeds, so the container is reported unhealthy forever.
    ///
    /// Distroless `:debug` images have BusyBox at `/busybox/sh`, but still no `/bin/sh`.
    ///
    /// ## Example
    /// ```dockerfile,expect_diagnostic
    /// FROM gcr.io/distroless/python3-debian12:nonroot
    /// RUN mkdir -p /app/logs
    /// ```
    ///
    /// ## Use instead
    /// Do shell work in a builder stage and copy the result, and write commands in exec form:
    /// ```dockerfile
    /// FROM python:3.11-slim-bookworm AS build
    /// RUN mkdir -p /out/app/logs
    ///
    /// FROM gcr.io/distroless/python3-debian12:nonroot
    /// COPY --from=build --chown=65532:65532 /out/app /app
    /// ENTRYPOINT []
    /// CMD ["python3", "/app/main.py"]
    /// ```
    ///
    /// ## Fix safety
    /// - In a `:debug` image, inserting `SHELL ["/busybox/sh", "-c"]` before the first shell-form
    ///   `RUN` is safe: those `RUN`s could not run before, and now run with BusyBox.
    /// - Rewriting `CMD`, `ENTRYPOINT` or `HEALTHCHECK CMD` in exec form is safe when the command has
    ///   no shell syntax (variables, pipes, redirections, globs): the shell form could never start.
    ///   Under an image whose `ENTRYPOINT` is an interpreter, `ENTRYPOINT []` is inserted too.
    /// - Moving a `RUN` to the builder stage is offered as a suggestion only, because the files it
    ///   creates must then be copied over.
    ///
    /// ## References
    /// - [distroless: entrypoints must be in vector form](https://github.com/GoogleContainerTools/distroless#entrypoints)
    /// - [Shell and exec form](https://docs.docker.com/reference/dockerfile/#shell-and-exec-form)
    pub ShellFormInShelllessStage {
        code: "DX101",
        name: "shell-form-in-shellless-stage",
        aliases: &["distroless-shell-form-run", "distroless-shell-form-cmd", "distroless-shell-form-healthcheck"],
        severity: Error,
        fix: Sometimes,
    }
}

impl Rule for ShellFormInShelllessStage {
    fn check(&self, ctx: &mut LintContext<'_>) {
        let model = ctx.model;
        let instructions = model.instructions();
        for stage in &model.stages {
            // Every failing RUN of a :debug stage gets the same SHELL insertion, before the first one.
            let mut busybox_anchor: Option<u32> = None;
            for i in stage.instructions() {
                let ins = &instructions[i];
                let Some(kind) = shell_form_kind(ins) else { continue };
                let ShellStatus::Missing { kind: shell, shell_instruction } = model.shell_status(i) else { continue };
                let program = shell_instruction.map_or_else(|| "/bin/sh".to_owned(), |s| shell_program(model, s));
                if kind == Keyword::Run && mounts_shell(model, i, &program) {
                    continue;
                }
                let image = model.image_label(stage.index).unwrap_or_else(|| "the base image".to_owned());
                let lacks = match shell_instruction {
                    Some(_) => format!("the SHELL in effect runs `{program}`, which {image} does not have"),
                    None if shell == ShellKind::Busybox => format!("{image} has BusyBox at /busybox/sh but no /bin/sh"),
                    None => format!("{image} has no /bin/sh"),
                };
                let range = first_line(ctx.text(), ins);
                match kind {
                    Keyword::Run => {
                        let message = format!("this RUN will fail at build time: {lacks}, and shell-form RUN runs `/bin/sh -c \"...\"`");
                        let fix = if shell == ShellKind::Busybox && shell_instruction.is_none() {
                            let at = *busybox_anchor.get_or_insert(ins.range.start());
                            Some(Fix::safe(
                                "Insert `SHELL [\"/busybox/sh\", \"-c\"]` so shell-form RUN uses BusyBox",
                                vec![insert_line_before(ctx.text(), at, "SHELL [\"/busybox/sh\", \"-c\"]")],
                            ))
                        } else {
                            move_to_builder(ctx, model, stage.index, i)
                        };
                        ctx.report(range, message).set_fix(fix);
                    }
                    Keyword::Healthcheck => {
                        let message = format!("the container will always be unhealthy: a shell-form HEALTHCHECK runs `/bin/sh -c \"...\"`, and {lacks}");
                        let fix = exec_rewrite(ins).map(|edit| Fix::safe("Write the health check in exec form", vec![edit]));
                        ctx.report(range, message).set_fix(fix);
                    }
                    _ => {
                        let (message, fix) = command_finding(ctx, model, i, ins, &lacks);
                        ctx.report(range, message).set_fix(fix);
                    }
                }
            }
        }
    }
}

/// The keyword, when the instruction runs something in shell form.
fn shell_form_kind(ins: &Instruction) -> Option<Keyword> {
    match (&ins.keyword, &ins.args) {
        (Keyword::Run | Keyword::Cmd | Keyword::Entrypoint, Args::Shell(_)) => Some(ins.keyword),
        (Keyword::Healthcheck, Args::Healthcheck(h)) if matches!(*h.cmd, Args::Shell(_)) => Some(Keyword::Healthcheck),
        _ => None,
    }
}

fn shell_program(model: &Model<'_>, shell: usize) -> String {
    match model.command_of(shell) {
        Some(Command::Exec(argv)) => argv.first().map(|s| (*s).to_owned()).unwrap_or_default(),
        _ => String::new(),
    }
}

/// Whether a bind mount of this `RUN` puts something at the shell's path or a directory above it,
/// as `RUN --mount=from=busybox,src=/bin,dst=/bin` does: the shell then exists for this `RUN` only.
fn mounts_shell(model: &Model<'_>, instruction: usize, program: &str) -> bool {
    crate::analysis::platform::run_mounts(model, instruction).iter().any(|mount| {
        let Some(target) = mount.target.filter(|_| mount.kind.eq_ignore_ascii_case("bind")) else { return false };
        let target = target.trim_end_matches('/');
        program.strip_prefix(target).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    })
}

/// The shell text of CMD, ENTRYPOINT or HEALTHCHECK CMD.
fn shell_text(ins: &Instruction) -> Option<(&str, TextRange)> {
    let word = match &ins.args {
        Args::Shell(word) => *word,
        Args::Healthcheck(h) => h.cmd.shell()?,
        _ => return None,
    };
    ins.line.is_contiguous(word.logical).then(|| (ins.text(&word), word.range))
}

/// An edit that writes the shell text as an exec-form array, when that means the same.
pub(crate) fn exec_rewrite(ins: &Instruction) -> Option<Edit> {
    let (text, range) = shell_text(ins)?;
    let words = shell_words(text)?;
    Some(Edit::replace(range, exec_form(&words)))
}

fn command_finding(ctx: &LintContext<'_>, model: &Model<'_>, i: usize, ins: &Instruction, lacks: &str) -> (String, Option<Fix>) {
    let text = shell_text(ins).map_or("", |(t, _)| t);
    if ins.keyword == Keyword::Entrypoint {
        let message = format!("the container will not start: shell-form ENTRYPOINT runs `/bin/sh -c \"{text}\"`, and {lacks}");
        return (message, exec_rewrite(ins).map(|e| Fix::safe("Write ENTRYPOINT in exec form", vec![e])));
    }
    // CMD: what it is handed to depends on the ENTRYPOINT in effect.
    let facts = model.facts_at(i);
    let image_entrypoint = facts.and_then(|f| f.entrypoint.clone()).unwrap_or_default();
    let entrypoint = match model.state(i).entrypoint {
        Setting::Instruction(e) => match model.command_of(e) {
            Some(Command::Exec(argv)) => argv.iter().map(|s| (*s).to_owned()).collect(),
            _ => Vec::new(),
        },
        Setting::Image => image_entrypoint,
        Setting::Cleared => Vec::new(),
    };
    let Some(program) = entrypoint.first() else {
        let message = format!("the container will not start: shell-form CMD runs `/bin/sh -c \"{text}\"`, and {lacks}");
        return (message, exec_rewrite(ins).map(|e| Fix::safe("Write CMD in exec form", vec![e])));
    };
    let short = program.rsplit('/').next().unwrap_or(program);
    let message = format!(
        "the container will not start: the ENTRYPOINT is `{program}`, so this shell-form CMD becomes its arguments and runs `{short} /bin/sh -c \"{text}\"`, which fails because {lacks}"
    );
    let Some(rewrite) = exec_rewrite(ins) else { return (message, None) };
    let words = shell_words(text).unwrap_or_default();
    let first = words.first().map_or("", String::as_str);
    let keeps_entrypoint = std::path::Path::new(first).extension().is_some_and(|e| e.eq_ignore_ascii_case("py")) || first.starts_with('-') || model.state(i).entrypoint != Setting::Image;
    let fix = if keeps_entrypoint {
        Fix::safe("Write CMD in exec form", vec![rewrite])
    } else {
        Fix::safe(
            "Insert `ENTRYPOINT []` and write CMD in exec form",
            vec![insert_line_before(ctx.text(), ins.range.start(), "ENTRYPOINT []"), rewrite],
        )
    };
    (message, Some(fix))
}

/// "Move to builder": cut the RUN and append it to a stage with a shell that this stage copies from.
fn move_to_builder(ctx: &LintContext<'_>, model: &Model<'_>, stage: usize, run: usize) -> Option<Fix> {
    let instructions = model.instructions();
    let builder = model.stages[stage].instructions().filter(|&i| i < run).rev().find_map(|i| {
        let ins = &instructions[i];
        if ins.keyword != Keyword::Copy {
            return None;
        }
        let from = ins.flag("from")?.value_text()?;
        let crate::model::FromTarget::Stage(b) = model.resolve_from(from) else { return None };
        let has_shell = model.stages[b].facts.as_ref().is_some_and(|f| !f.lacks_bin_sh())
            && !matches!(model.stages[b].base, Base::Unresolved);
        (b != stage && has_shell).then_some(b)
    })?;
    let text = ctx.text();
    let cut = item_range(ctx.file, instructions[run].range.start())?;
    let last = model.stages[builder].end - 1;
    let insert_at = item_range(ctx.file, instructions[last].range.start())?.end();
    let mut moved = text[cut.to_std()].to_owned();
    if !text[..insert_at as usize].ends_with('\n') {
        moved.insert(0, '\n');
    }
    let name = model.stages[builder].label();
    Some(Fix::new(
        format!("Move this RUN to the `{name}` stage (then COPY its results with --from={name})"),
        Applicability::DisplayOnly,
        vec![Edit::insert(insert_at, moved), Edit::delete(cut)],
    ))
}

#[cfg(test)]
mod tests {
    use crate::test::{assert_diagnostics, fix_all, lint_rule};

    #[test]
    fn run_in_distroless_and_its_children() {
        let text = "FROM gcr.io/distroless/python3-debian12:nonroot AS rt\nRUN id && whoami\nFROM rt\nRUN <<EOF\nls\nEOF\n";
        assert_diagnostics("DX101", text, &[
            "2:1-2:17 this RUN will fail at build time: gcr.io/distroless/python3-debian12:nonroot has no /bin/sh, and shell-form RUN runs `/bin/sh -c \"...\"`",
            "4:1-4:10 this RUN will fail at build time: gcr.io/distroless/python3-debian12:nonroot has no /bin/sh, and shell-form RUN runs `/bin/sh -c \"...\"`",
        ]);
        // Exec form and posix images are fine; unresolvable bases stay silent.
        assert_diagnostics("DX101", "ARG B\nFROM $B\nRUN x\nFROM python:3.12-slim\nRUN x\nFROM gcr.io/distroless/static\nRUN [\"/app\", \"--check\"]\n", &[]);
    }

    #[test]
    fn arg_resolved_scratch_and_chainguard() {
        let text = "ARG RT=cgr.dev/chainguard/python:latest\nFROM ${RT}\nRUN pip list\nFROM cgr.dev/chainguard/python:latest-dev\nRUN pip list\nFROM scratch\nCMD server --port 80\n";
        let found = crate::test::lint_codes("DX101", text);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].starts_with("3:1-3:13 this RUN will fail at build time: cgr.dev/chainguard/python:latest has no /bin/sh"));
        assert!(found[1].starts_with("7:1-7:21 the container will not start: shell-form CMD runs `/bin/sh -c \"server --port 80\"`, and scratch has no /bin/sh"));
        assert_eq!(fix_all("DX101", text, false).lines().last(), Some("CMD [\"server\", \"--port\", \"80\"]"));
    }

    #[test]
    fn debug_images_get_a_busybox_shell() {
        let text = "FROM gcr.io/distroless/base-debian12:debug\nCOPY app /app\nRUN mkdir -p /data\nRUN chown 65532 /data\n";
        let found = lint_rule("DX101", text);
        assert_eq!(found.len(), 2);
        assert!(found[0].message.contains("has BusyBox at /busybox/sh but no /bin/sh"));
        let fixed = fix_all("DX101", text, false);
        assert_eq!(fixed, "FROM gcr.io/distroless/base-debian12:debug\nCOPY app /app\nSHELL [\"/busybox/sh\", \"-c\"]\nRUN mkdir -p /data\nRUN chown 65532 /data\n");
        assert!(lint_rule("DX101", &fixed).is_empty());
        // A SHELL whose program the image lacks does not help.
        let text = "FROM gcr.io/distroless/base-debian12\nSHELL [\"/bin/bash\", \"-c\"]\nRUN ls\n";
        assert!(lint_rule("DX101", text)[0].message.contains("the SHELL in effect runs `/bin/bash`, which gcr.io/distroless/base-debian12 does not have"));
    }

    #[test]
    fn cmd_under_the_python_entrypoint() {
        let text = "FROM gcr.io/distroless/python3-debian12\nCMD python3 app.py\n";
        let found = lint_rule("DX101", text);
        assert_eq!(found[0].message, "the container will not start: the ENTRYPOINT is `/usr/bin/python3.11`, so this shell-form CMD becomes its arguments and runs `python3.11 /bin/sh -c \"python3 app.py\"`, which fails because gcr.io/distroless/python3-debian12 has no /bin/sh");
        assert_eq!(fix_all("DX101", text, false), "FROM gcr.io/distroless/python3-debian12\nENTRYPOINT []\nCMD [\"python3\", \"app.py\"]\n");
        // A .py argument is meant for the interpreter entrypoint.
        assert_eq!(fix_all("DX101", "FROM gcr.io/distroless/python3\nCMD app.py --port 80\n", false), "FROM gcr.io/distroless/python3\nCMD [\"app.py\", \"--port\", \"80\"]\n");
        // Shell syntax cannot be rewritten.
        assert!(lint_rule("DX101", "FROM gcr.io/distroless/static\nCMD app --port $PORT\n")[0].fix.is_none());
    }

    #[test]
    fn healthcheck_and_move_to_builder() {
        let text = "FROM python:3.12-slim AS build\nRUN pip wheel .\nFROM gcr.io/distroless/python3-debian13\nCOPY --from=build /w /w\nRUN mkdir /data\nHEALTHCHECK CMD python3 /app/health.py\n";
        let found = lint_rule("DX101", text);
        assert_eq!(found.len(), 2);
        let moved = found[0].fix.as_ref().unwrap();
        assert_eq!(moved.applicability, crate::Applicability::DisplayOnly);
        assert_eq!(crate::apply_fixes(text, &found[..1], crate::Applicability::DisplayOnly).0, text);
        assert!(found[1].message.starts_with("the container will always be unhealthy"));
        assert!(fix_all("DX101", text, false).ends_with("HEALTHCHECK CMD [\"python3\", \"/app/health.py\"]\n"));
    }
}
