//! DX206: a virtual environment whose interpreter link points at a path the image does not have.

use distrolint_syntax::{Args, Keyword, TextRange};

use crate::analysis::packaging::{Copied, absent_in_stage, env_value, exists_in_stage, normalize};
use crate::model::{Command, Model, Setting};
use crate::rule::{LintContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Flags a `COPY --from=<builder>` of a virtual environment into an image that lacks the
    /// interpreter the venv's `bin/python` links to: typically a venv made in a `python:3.x` image
    /// (Python at `/usr/local/bin`) copied into distroless (Python at `/usr/bin`). Also flags the
    /// commands that run that venv's Python: an exec-form `argv[0]` such as `/opt/venv/bin/python`, or
    /// a bare `python3` that `ENV PATH` resolves to the venv's `bin` first.
    ///
    /// ## Why is this bad?
    /// `python -m venv` makes `bin/python` a symlink to the interpreter that created it, and
    /// `pyvenv.cfg` records its directory (`home = /usr/local/bin`). Distroless has its Python at
    /// `/usr/bin/python3.X` and nothing under `/usr/local/bin`, so running the venv's Python fails
    /// with `no such file or directory`, at build time for a `RUN` and at start for `CMD`,
    /// `ENTRYPOINT` or `HEALTHCHECK`.
    ///
    /// ## Example
    /// ```dockerfile,expect_diagnostic
    /// FROM python:3.11-slim-bookworm AS builder
    /// RUN python -m venv /opt/venv && /opt/venv/bin/pip install fastapi==0.115.0
    ///
    /// FROM gcr.io/distroless/python3-debian12
    /// COPY --from=builder /opt/venv /opt/venv
    /// ```
    ///
    /// ## Use instead
    /// Install with `pip install --user` and copy the packages to a directory on `sys.path`, or
    /// create the venv with the runtime's interpreter path, as the distroless README suggests:
    /// ```dockerfile
    /// FROM python:3.11-slim-bookworm AS builder
    /// RUN ln -s /usr/local/bin/python /usr/bin/python && /usr/bin/python -m venv /opt/venv
    ///
    /// FROM gcr.io/distroless/python3-debian12
    /// COPY --from=builder /opt/venv /opt/venv
    /// ```
    ///
    /// ## References
    /// - RULES-DISTROLESS.md F8 (venv links and `pyvenv.cfg`)
    /// - [distroless python3 README, "Compatibility"](https://github.com/GoogleContainerTools/distroless/blob/main/python3/README.md)
    pub VenvInterpreterMissing {
        code: "DX206",
        name: "venv-interpreter-missing",
        severity: Error,
    }
}

/// A copied venv whose interpreter link dangles in the stage it is copied into.
struct Broken {
    stage: usize,
    after: usize,
    dir: String,
    interpreter: String,
    version: Option<String>,
}

impl Rule for VenvInterpreterMissing {
    fn check(&self, ctx: &mut LintContext<'_>) {
        let model = ctx.model;
        if !model.instructions().iter().any(|i| i.keyword == Keyword::Copy) {
            return;
        }
        let packaging = model.packaging();
        let mut broken: Vec<Broken> = Vec::new();
        for copy in packaging.copies.iter().filter(|c| c.copied == Copied::Venv) {
            let Some(interpreter) = copy.interpreter.as_deref() else { continue };
            if !absent_in_stage(model, copy.stage, interpreter) {
                continue;
            }
            let image = model.image_label(copy.stage).unwrap_or_default();
            let builder = model.image_label(copy.builder).unwrap_or_else(|| model.stages[copy.builder].label());
            let own = model.stages[copy.stage]
                .facts
                .as_ref()
                .and_then(|f| f.python.as_ref())
                .map(|p| format!(" (its Python is {})", p.interpreter))
                .unwrap_or_default();
            let runs = copy.runtime_dir.as_deref().unwrap_or(&copy.builder_dir);
            let message = format!(
                "the virtual environment {} from {builder} will not run here: its bin/python links to {interpreter}, which {image} does not have{own}, so running {runs}/bin/python fails with `no such file or directory`; create the venv with the runtime's interpreter path, or install with `pip install --user` and use PYTHONPATH",
                copy.builder_dir
            );
            ctx.report(copy.src_range, message);
            if let Some(dir) = copy.runtime_dir.clone() {
                broken.push(Broken {
                    stage: copy.stage,
                    after: copy.instruction,
                    dir,
                    interpreter: interpreter.to_owned(),
                    version: copy.version.clone(),
                });
            }
        }
        if broken.is_empty() {
            return;
        }
        for stage in &model.stages {
            let ancestors: Vec<usize> = model.chain(stage.index).map(|s| s.index).collect();
            let venvs: Vec<&Broken> = broken.iter().filter(|b| ancestors.contains(&b.stage)).collect();
            if venvs.is_empty() {
                continue;
            }
            for i in stage.instructions() {
                let Some((argv0, range)) = executed_program(model, stage.index, i) else { continue };
                let live: Vec<&Broken> = venvs.iter().copied().filter(|b| b.stage != stage.index || b.after < i).collect();
                if let Some((venv, via_path)) = runs_venv_python(model, stage.index, i, &argv0, &live) {
                    let image = model.image_label(stage.index).unwrap_or_default();
                    let name = argv0.rsplit('/').next().unwrap_or(&argv0);
                    let how = if via_path { format!("`{argv0}` resolves to {}/bin/{name} through ENV PATH, and", venv.dir) } else { format!("`{argv0}`") };
                    let message = format!(
                        "{how} runs the copied virtual environment's Python, a link to {}, which {image} does not have: this fails with `no such file or directory`",
                        venv.interpreter
                    );
                    ctx.report(range, message);
                }
            }
        }
    }
}

/// The program an instruction executes directly, with the range of argv[0]: exec-form `RUN`,
/// `ENTRYPOINT` and `HEALTHCHECK CMD`, and the stage's effective exec-form `CMD` when the
/// `ENTRYPOINT` is empty.
fn executed_program(model: &Model<'_>, stage: usize, i: usize) -> Option<(String, TextRange)> {
    let ins = &model.instructions()[i];
    let exec = match (&ins.keyword, &ins.args) {
        (Keyword::Run | Keyword::Entrypoint, Args::Exec(exec)) => exec,
        (Keyword::Healthcheck, Args::Healthcheck(h)) => h.cmd.exec()?,
        (Keyword::Cmd, Args::Exec(exec)) => {
            let end = model.end_state(stage);
            if end.cmd != Setting::Instruction(i) || !entrypoint_is_empty(model, stage, end.entrypoint) {
                return None;
            }
            exec
        }
        _ => return None,
    };
    let first = exec.elements.first()?;
    Some((first.value.clone(), first.range))
}

fn entrypoint_is_empty(model: &Model<'_>, stage: usize, setting: Setting) -> bool {
    match setting {
        Setting::Instruction(e) => matches!(model.command_of(e), Some(Command::Exec(argv)) if argv.is_empty()),
        Setting::Cleared => true,
        Setting::Image => model.stages[stage].facts.as_deref().and_then(|f| f.entrypoint.as_ref()).is_some_and(Vec::is_empty),
    }
}

/// The broken venv whose Python `argv0` runs, and whether `PATH` led there.
fn runs_venv_python<'b>(
    model: &Model<'_>,
    stage: usize,
    i: usize,
    argv0: &str,
    venvs: &[&'b Broken],
) -> Option<(&'b Broken, bool)> {
    if argv0.starts_with('/') {
        let path = normalize(argv0);
        let (dir, name) = path.rsplit_once("/bin/")?;
        return name.starts_with("python").then(|| venvs.iter().find(|b| b.dir == dir)).flatten().map(|b| (*b, false));
    }
    if argv0.contains('/') {
        return None;
    }
    let path = env_value(model, stage, i, "PATH")?;
    for dir in path.split(':').filter(|d| d.starts_with('/')) {
        let dir = normalize(dir);
        if let Some(venv) = venvs.iter().find(|b| format!("{}/bin", b.dir) == dir) {
            let in_venv = argv0 == "python"
                || argv0 == "python3"
                || venv.version.as_deref().is_some_and(|v| argv0 == format!("python{v}"));
            if in_venv {
                return Some((venv, true));
            }
            continue;
        }
        if exists_in_stage(model, stage, &format!("{dir}/{argv0}")) {
            return None;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use crate::test::{assert_diagnostics, lint_codes};

    const BUILDER: &str = "FROM python:3.12-slim-bookworm AS builder\nRUN python -m venv /opt/venv\n";

    #[test]
    fn the_tron_copy_and_its_healthcheck() {
        let text = format!("{BUILDER}FROM gcr.io/distroless/python3-debian12:nonroot\nCOPY --from=builder /opt/venv /opt/venv\nENV PATH=\"/opt/venv/bin:$PATH\"\nHEALTHCHECK CMD [\"python3\", \"-c\", \"import urllib.request\"]\nCMD [\"python3\", \"-m\", \"uvicorn\", \"main:app\"]\n");
        assert_diagnostics("DX206", &text, &[
            "4:21-4:30 the virtual environment /opt/venv from python:3.12-slim-bookworm will not run here: its bin/python links to /usr/local/bin/python, which gcr.io/distroless/python3-debian12:nonroot does not have (its Python is /usr/bin/python3.11), so running /opt/venv/bin/python fails with `no such file or directory`; create the venv with the runtime's interpreter path, or install with `pip install --user` and use PYTHONPATH",
            "6:18-6:27 `python3` resolves to /opt/venv/bin/python3 through ENV PATH, and runs the copied virtual environment's Python, a link to /usr/local/bin/python, which gcr.io/distroless/python3-debian12:nonroot does not have: this fails with `no such file or directory`",
        ]);
    }

    #[test]
    fn explicit_venv_argv0_and_cleared_entrypoint() {
        let text = format!("{BUILDER}FROM gcr.io/distroless/python3-debian12\nCOPY --from=builder /opt/venv /venv\nENTRYPOINT []\nCMD [\"/venv/bin/python\", \"app.py\"]\nRUN [\"python3\", \"-c\", \"1\"]\n");
        let found = lint_codes("DX206", &text);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[1].starts_with("6:6-6:24 `/venv/bin/python` runs the copied virtual environment's Python"), "{found:?}");
    }

    #[test]
    fn venvs_that_work() {
        for text in [
            // The distroless recipe: the venv links to /usr/bin/python, which distroless has.
            "FROM python:3.11-slim-bookworm AS b\nRUN ln -s /usr/local/bin/python /usr/bin/python && /usr/bin/python -m venv /venv\nFROM gcr.io/distroless/python3-debian12\nCOPY --from=b /venv /venv\n",
            // A runtime with the same interpreter.
            "FROM python:3.11-slim-bookworm AS b\nRUN python -m venv /venv\nFROM python:3.11-slim-bookworm\nCOPY --from=b /venv /venv\n",
            // Debian's own Python in the builder.
            "FROM debian:12 AS b\nRUN /usr/bin/python3 -m venv /venv\nFROM gcr.io/distroless/python3-debian12\nCOPY --from=b /venv /venv\n",
        ] {
            assert_diagnostics("DX206", text, &[]);
        }
    }

    #[test]
    fn venv_inside_a_copied_directory_and_by_name() {
        let text = "FROM python:3.12-slim AS b\nWORKDIR /app\nRUN python3 -m venv .venv\nFROM gcr.io/distroless/python3-debian13\nCOPY --from=b /app /app\n";
        let found = lint_codes("DX206", text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("the virtual environment /app/.venv from python:3.12-slim will not run here: its bin/python links to /usr/local/bin/python3,"));
        let text = "FROM python:3.12-slim AS b\nRUN poetry install\nFROM gcr.io/distroless/python3-debian13\nCOPY --from=b /src/.venv /app/.venv\n";
        assert!(lint_codes("DX206", text)[0].contains("links to /usr/local/bin/python3.12,"));
    }
}
