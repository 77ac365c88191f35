//! DX202: a console script whose shebang names the builder's interpreter, started in a shell-less Python image.

use crate::analysis::runtime::{
    Provider, basename, console_script_module, element_range, is_shellless_runtime, launch, provider, python_entrypoint,
    source_facts, source_label,
};
use crate::diagnostic::{Edit, Fix};
use crate::fixes::{exec_form, insert_line_before};
use crate::images::Presence;
use crate::rule::{LintContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Flags a container that starts a Python console script (`uvicorn`, `gunicorn`, `hypercorn`,
    /// `celery`, `alembic`, `flask`, `daphne`, `streamlit`, `django-admin`), bare or by path, in a
    /// shell-less Python image (distroless `python3*`, Chainguard `python`), when the script was
    /// copied from a stage or image whose Python lives elsewhere (the official `python:` images
    /// keep it in `/usr/local/bin`). The program is the first word of `ENTRYPOINT`, or of `CMD`
    /// when there is no `ENTRYPOINT`.
    ///
    /// ## Why is this bad?
    /// pip writes each console script with a shebang naming the interpreter that installed it:
    /// `#!/usr/local/bin/python3.X` for `pip install` in `python:3.X`, `#!/usr/local/bin/python` for
    /// `python -m pip install`, or a venv's `bin/python`, itself a link to `/usr/local/bin/python`.
    /// None of these exists in distroless, whose interpreter is `/usr/bin/python3.X`, so the kernel
    /// cannot start the script and the container exits with `no such file or directory`, an error
    /// that names the script, not the missing interpreter.
    ///
    /// ## Example
    /// ```dockerfile,expect_diagnostic
    /// FROM python:3.11-slim-bookworm AS builder
    /// RUN pip install --user --no-cache-dir uvicorn fastapi
    /// FROM gcr.io/distroless/python3-debian12
    /// COPY --from=builder /root/.local/lib/python3.11/site-packages /usr/local/lib/python3.11/dist-packages
    /// COPY --from=builder /root/.local/bin /usr/local/bin
    /// ENTRYPOINT []
    /// CMD ["uvicorn", "main:app", "--host", "0.0.0.0"]
    /// ```
    ///
    /// ## Use instead
    /// Run the module with the image's interpreter:
    /// ```dockerfile
    /// FROM python:3.11-slim-bookworm AS builder
    /// RUN pip install --user --no-cache-dir uvicorn fastapi
    /// FROM gcr.io/distroless/python3-debian12
    /// COPY --from=builder /root/.local/lib/python3.11/site-packages /usr/local/lib/python3.11/dist-packages
    /// ENTRYPOINT []
    /// CMD ["python3", "-m", "uvicorn", "main:app", "--host", "0.0.0.0"]
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: the fix rewrites `["uvicorn", ...]` to `["python3", "-m", "uvicorn", ...]` (and
    /// inserts `ENTRYPOINT []` when the image's interpreter entrypoint is still in effect). That
    /// works only if the package is importable by the image's Python (see
    /// `site-packages-not-on-syspath`). No fix is offered for a script inside a virtual
    /// environment, whose packages the image's Python does not see.
    ///
    /// ## References
    /// - [distroless python3 README: compatibility](https://github.com/GoogleContainerTools/distroless/blob/main/python3/README.md)
    /// - [pip: console scripts and shebangs](https://pip.pypa.io/en/stable/reference/installation-report/)
    pub ConsoleScriptShebang {
        code: "DX202",
        name: "console-script-shebang",
        severity: Error,
        fix: Sometimes,
    }
}

impl Rule for ConsoleScriptShebang {
    fn check(&self, ctx: &mut LintContext<'_>) {
        let model = ctx.model;
        for stage in &model.stages {
            let Some(facts) = stage.facts.as_deref() else { continue };
            if facts.python.is_none() || !is_shellless_runtime(facts) {
                continue;
            }
            let Some(launch) = launch(model, stage.index) else { continue };
            let p = launch.instruction;
            if !stage.instructions().contains(&p) {
                continue;
            }
            let Some(&program) = launch.argv.first() else { continue };
            let name = basename(program);
            let Some(module) = console_script_module(name) else { continue };
            let Some(Provider::Copy(copy, found_at)) = provider(model, p, program) else { continue };
            let Some(source) = source_facts(model, copy, ctx.settings) else { continue };
            let Some(builder_python) = source.python.as_ref() else { continue };
            let interpreter = builder_python.interpreter.as_str();
            if facts.has_path(interpreter) {
                continue;
            }
            let ins = &model.instructions()[p];
            let Some(range) = element_range(ins, 0) else { continue };
            let from = source_label(model, copy).unwrap_or_default();
            let image = model.image_label(stage.index).unwrap_or_else(|| "this image".to_owned());
            let venv = found_at.contains("venv/") || program.contains("venv/");
            let python = match facts.find_command("python3") {
                Presence::Present(_) => "python3".to_owned(),
                _ => facts.python.as_ref().map_or_else(|| "python3".to_owned(), |p| p.interpreter.clone()),
            };
            let message = if venv {
                format!(
                    "the container will not start: `{name}` is a console script of a virtual environment copied from {from}, and its shebang names the venv's bin/python, a link to {interpreter}, which {image} does not have, so exec fails with `no such file or directory`; install the packages with `pip install --user` instead and run `{python} -m {module}`"
                )
            } else {
                format!(
                    "the container will not start: `{name}` is a console script copied from {from}, and pip wrote its shebang for that image's interpreter, {interpreter} (or /usr/local/bin/python), which {image} does not have, so exec fails with `no such file or directory`; run `{python} -m {module}` instead"
                )
            };
            let fix = (!venv).then(|| {
                let mut edits = vec![Edit::replace(range, exec_form(&[python.as_str(), "-m", module]).trim_matches(['[', ']']).to_owned())];
                if launch.image_entrypoint.is_some() && python_entrypoint(facts).is_some() {
                    edits.push(insert_line_before(ctx.text(), ins.range.start(), "ENTRYPOINT []"));
                }
                Fix::unsafe_(format!("Run `{python} -m {module}` instead of the `{name}` script"), edits)
            });
            ctx.report(range, message).set_fix(fix);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::test::{assert_diagnostics, fix_all, lint_codes, lint_rule};

    const BUILDER: &str = "FROM python:3.12-slim AS builder\nRUN pip install --user uvicorn\nFROM gcr.io/distroless/python3-debian12\nCOPY --from=builder /root/.local/bin /usr/local/bin\n";

    #[test]
    fn bare_script_from_a_python_builder() {
        let text = format!("{BUILDER}ENTRYPOINT []\nCMD [\"uvicorn\", \"main:app\"]\n");
        assert_diagnostics("DX202", &text, &[
            "6:6-6:15 the container will not start: `uvicorn` is a console script copied from the `builder` stage (python:3.12-slim), and pip wrote its shebang for that image's interpreter, /usr/local/bin/python3.12 (or /usr/local/bin/python), which gcr.io/distroless/python3-debian12 does not have, so exec fails with `no such file or directory`; run `python3 -m uvicorn` instead",
        ]);
        assert_eq!(fix_all("DX202", &text, false), text);
        assert!(fix_all("DX202", &text, true).ends_with("ENTRYPOINT []\nCMD [\"python3\", \"-m\", \"uvicorn\", \"main:app\"]\n"));
    }

    #[test]
    fn entrypoint_and_image_interpreter() {
        // Under the image's interpreter entrypoint the fix also clears it.
        let text = format!("{BUILDER}CMD [\"gunicorn\", \"app:app\"]\n");
        let fixed = fix_all("DX202", &text, true);
        assert!(fixed.ends_with("ENTRYPOINT []\nCMD [\"python3\", \"-m\", \"gunicorn\", \"app:app\"]\n"), "{fixed}");
        assert!(lint_rule("DX202", &fixed).is_empty());
        // An explicit ENTRYPOINT names the program.
        let text = format!("{BUILDER}ENTRYPOINT [\"/usr/local/bin/celery\"]\nCMD [\"worker\"]\n");
        assert_eq!(lint_codes("DX202", &text).len(), 1);
        // A venv: reported, not fixed.
        let text = "FROM python:3.12-slim AS b\nRUN python -m venv /opt/venv\nFROM gcr.io/distroless/python3-debian12\nCOPY --from=b /opt/venv /opt/venv\nENTRYPOINT [\"/opt/venv/bin/uvicorn\", \"m:app\"]\n";
        let found = lint_rule("DX202", text);
        assert!(found[0].message.contains("its shebang names the venv's bin/python, a link to /usr/local/bin/python3.12"));
        assert!(found[0].fix.is_none());
    }

    #[test]
    fn silent_cases() {
        for text in [
            // Not copied at all (another rule's business), or copied from the build context.
            "FROM gcr.io/distroless/python3-debian12\nENTRYPOINT []\nCMD [\"uvicorn\", \"m:app\"]\n",
            "FROM gcr.io/distroless/python3-debian12\nCOPY bin/ /usr/local/bin/\nENTRYPOINT []\nCMD [\"uvicorn\", \"m:app\"]\n",
            // Already a module.
            &format!("{BUILDER}ENTRYPOINT []\nCMD [\"python3\", \"-m\", \"uvicorn\"]\n"),
            // Not a shell-less image: the builder's interpreter is there.
            "FROM python:3.12-slim AS b\nFROM python:3.12-slim\nCOPY --from=b /usr/local/bin /usr/local/bin\nCMD [\"uvicorn\", \"m:app\"]\n",
        ] {
            assert_diagnostics("DX202", text, &[]);
        }
    }
}
