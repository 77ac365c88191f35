//! DX201: a `CMD` that names a program runs as an argument of a Python image's interpreter `ENTRYPOINT`.

use crate::analysis::runtime::{
    Provider, basename, copy_dest, covering_copy, descendants_use_image_entrypoint, element_range, end_workdir, is_program_word,
    is_python_name, launch, provider, python_entrypoint,
};
use crate::diagnostic::{Edit, Fix};
use crate::fixes::insert_line_before;
use crate::images::Presence;
use crate::rule::{LintContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Flags an exec-form `CMD` whose first word is a program (`python3`, `/usr/bin/python3`,
    /// `/opt/venv/bin/python`, `uvicorn`, `gunicorn`, `tini`, ...) in a stage whose image runs a
    /// Python interpreter as its `ENTRYPOINT` (distroless `python3*`, every tag including
    /// `:debug`; Chainguard `python`), when no `ENTRYPOINT` in the stage chain replaces it.
    /// A first word that is a script (`app.py`), a directory or a flag (`-m`) is what the
    /// interpreter expects and is fine.
    ///
    /// ## Why is this bad?
    /// `CMD` is appended to the `ENTRYPOINT`. With distroless Python's
    /// `ENTRYPOINT ["/usr/bin/python3.11"]`, `CMD ["python3", "app.py"]` runs
    /// `python3.11 python3 app.py`: Python opens `python3` as a script, relative to `WORKDIR`, and
    /// the container exits at once with `can't open file '/app/python3': [Errno 2] No such file or
    /// directory` (for `/usr/bin/python3` it is a `SyntaxError` on the binary). The TRON payment
    /// service document's Dockerfile has this bug.
    ///
    /// ## Example
    /// ```dockerfile,expect_diagnostic
    /// FROM gcr.io/distroless/python3-debian12:nonroot
    /// COPY --chown=65532:65532 app/ /app/
    /// CMD ["python3", "/app/main.py"]
    /// ```
    ///
    /// ## Use instead
    /// Clear the entrypoint, as the Lucid pattern does:
    /// ```dockerfile
    /// FROM gcr.io/distroless/python3-debian12:nonroot
    /// COPY --chown=65532:65532 app/ /app/
    /// ENTRYPOINT []
    /// CMD ["python3", "/app/main.py"]
    /// ```
    ///
    /// or give the interpreter only its arguments:
    /// ```dockerfile
    /// FROM gcr.io/distroless/python3-debian12:nonroot
    /// COPY --chown=65532:65532 app/ /app/
    /// CMD ["/app/main.py"]
    /// ```
    ///
    /// ## Fix safety
    /// Two fixes are offered; inserting `ENTRYPOINT []` before the `CMD` is the preferred one.
    /// - **Insert `ENTRYPOINT []`** is safe when the first word is the image's own interpreter
    ///   (`python`, `python3`, `python3.<minor>`, `/usr/bin/python*`): the container could never
    ///   start with this `CMD`, and afterwards it runs exactly the written command. It is unsafe
    ///   for other programs (a console script or a venv interpreter may itself fail in this image)
    ///   and when a later stage built `FROM` this one relies on the inherited interpreter
    ///   `ENTRYPOINT`. Note that the image then has no entrypoint: `docker run IMAGE script.py`
    ///   must name the interpreter too.
    /// - **Drop the interpreter word** (`["python3", "-m", "uvicorn"]` becomes `["-m", "uvicorn"]`)
    ///   is offered only for the image's own interpreter, and is safe: the image's `ENTRYPOINT` runs
    ///   the same interpreter, and run-time arguments keep working as before. A venv interpreter
    ///   such as `/opt/venv/bin/python` is never dropped: its packages would be lost.
    ///
    /// ## References
    /// - [distroless python3: the entrypoint is the interpreter](https://github.com/GoogleContainerTools/distroless/blob/main/python3/README.md)
    /// - [Dockerfile reference: how CMD and ENTRYPOINT interact](https://docs.docker.com/reference/dockerfile/#understand-how-cmd-and-entrypoint-interact)
    pub DistrolessPythonEntrypointNotCleared {
        code: "DX201",
        name: "distroless-python-entrypoint-not-cleared",
        severity: Error,
        fix: Always,
    }
}

impl Rule for DistrolessPythonEntrypointNotCleared {
    fn check(&self, ctx: &mut LintContext<'_>) {
        let model = ctx.model;
        for stage in &model.stages {
            let Some(facts) = stage.facts.as_deref() else { continue };
            let Some(interpreter) = python_entrypoint(facts) else { continue };
            let Some(launch) = launch(model, stage.index) else { continue };
            let c = launch.instruction;
            if launch.image_entrypoint.is_none() || !stage.instructions().contains(&c) {
                continue;
            }
            let Some(&first) = launch.argv.first() else { continue };
            let bare = !first.contains('/');
            // Known programs need no lookup; other bare names count when the stage has them on PATH.
            let known = is_program_word(first, false);
            let program = known
                || (bare
                    && !first.contains('.')
                    && matches!(provider(model, c, first), Some(Provider::Image(_) | Provider::Copy(..)))
                    && is_program_word(first, true));
            if !program {
                continue;
            }
            let workdir = end_workdir(model, stage.index);
            // A bare word that is a file in WORKDIR is a script Python can open (not a known
            // program name: nobody ships a script called `python3` or `uvicorn`).
            if bare
                && !known
                && workdir.as_deref().is_some_and(|w| {
                    let path = format!("{}/{first}", w.trim_end_matches('/'));
                    covering_copy(model, c, &path).is_some_and(|i| copy_dest(model, i) == Some(path))
                })
            {
                continue;
            }
            let ins = &model.instructions()[c];
            let Some(range) = element_range(ins, 0) else { continue };
            // Is the first word the image's own interpreter?
            let own = is_python_name(basename(first))
                && matches!(facts.find_command(first), Presence::Present(path) if is_python_name(basename(&path)));
            let short = basename(interpreter);
            let shown: Vec<&str> = launch.argv.iter().take(4).copied().collect();
            let more = if launch.argv.len() > 4 { " ..." } else { "" };
            let error = if bare {
                let at = workdir.map_or_else(|| first.to_owned(), |w| format!("{}/{first}", w.trim_end_matches('/')));
                format!("can't open file '{at}': [Errno 2] No such file or directory")
            } else {
                format!("SyntaxError: Python reads the program {first} as a script")
            };
            let image = model.image_label(stage.index).unwrap_or_else(|| "the base image".to_owned());
            let message = format!(
                "the container will not start: the ENTRYPOINT of {image} is `{interpreter}`, so this CMD runs `{short} {}{more}`, which fails with `{error}`; clear it with `ENTRYPOINT []`",
                shown.join(" ")
            );
            let insert = vec![insert_line_before(ctx.text(), ins.range.start(), "ENTRYPOINT []")];
            let title = "Insert `ENTRYPOINT []` before CMD, so CMD runs as written";
            let preferred = if own && !descendants_use_image_entrypoint(model, stage.index) {
                Fix::safe(title, insert)
            } else {
                Fix::unsafe_(title, insert)
            };
            let drop = (own && launch.argv.len() > 1).then(|| element_range(ins, 1)).flatten().map(|next| {
                Fix::safe(
                    format!("Drop `{first}`: the image's ENTRYPOINT already runs {short}"),
                    vec![Edit::delete(distrolint_syntax::TextRange::new(range.start(), next.start()))],
                )
            });
            let diagnostic = ctx.report(range, message);
            diagnostic.set_fix(preferred);
            if let Some(drop) = drop {
                diagnostic.add_alternative(drop);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::test::{assert_diagnostics, fix_all, lint_codes, lint_rule};

    #[test]
    fn tron_cmd() {
        let text = "FROM gcr.io/distroless/python3-debian12:nonroot AS distroless\nWORKDIR /app\nCMD [\"python3\", \"-m\", \"uvicorn\", \"main:app\", \"--host\", \"0.0.0.0\"]\n";
        assert_diagnostics("DX201", text, &[
            "3:6-3:15 the container will not start: the ENTRYPOINT of gcr.io/distroless/python3-debian12:nonroot is `/usr/bin/python3.11`, so this CMD runs `python3.11 python3 -m uvicorn main:app ...`, which fails with `can't open file '/app/python3': [Errno 2] No such file or directory`; clear it with `ENTRYPOINT []`",
        ]);
        let fixed = fix_all("DX201", text, false);
        assert_eq!(fixed, text.replace("CMD", "ENTRYPOINT []\nCMD"));
        assert!(lint_rule("DX201", &fixed).is_empty());
        let found = lint_rule("DX201", text);
        let drop = &found[0].alternatives[0];
        assert_eq!(drop.applicability, crate::Applicability::Safe);
        let dropped = crate::apply_fixes(text, &[crate::Diagnostic { fix: Some(drop.clone()), ..found[0].clone() }], crate::Applicability::Safe).0;
        assert!(dropped.ends_with("CMD [\"-m\", \"uvicorn\", \"main:app\", \"--host\", \"0.0.0.0\"]\n"), "{dropped}");
    }

    #[test]
    fn programs_and_scripts() {
        // The debug tag has the same entrypoint; an absolute interpreter is a SyntaxError.
        let found = lint_codes("DX201", "FROM gcr.io/distroless/python3-debian13:debug\nCMD [\"/usr/bin/python3\", \"app.py\"]\n");
        assert!(found[0].contains("runs `python3.13 /usr/bin/python3 app.py`, which fails with `SyntaxError"), "{found:?}");
        // Console scripts and venv interpreters are programs too, but only ENTRYPOINT [] is offered, unsafe.
        for program in ["uvicorn", "/opt/venv/bin/python", "tini"] {
            let text = format!("FROM gcr.io/distroless/python3\nCMD [\"{program}\", \"x\"]\n");
            let found = lint_rule("DX201", &text);
            assert_eq!(found.len(), 1, "{program}");
            assert_eq!(found[0].fix.as_ref().unwrap().applicability, crate::Applicability::Unsafe);
            assert!(found[0].alternatives.is_empty());
        }
        for fine in [
            "FROM gcr.io/distroless/python3\nCMD [\"app.py\"]\n",
            "FROM gcr.io/distroless/python3\nCMD [\"-m\", \"http.server\"]\n",
            "FROM gcr.io/distroless/python3\nCMD [\"/usr/local/bin/gunicorn\", \"app:app\"]\n",
            "FROM gcr.io/distroless/python3\nENTRYPOINT []\nCMD [\"python3\", \"app.py\"]\n",
            "FROM gcr.io/distroless/python3\nCMD [\"python3\", \"app.py\"]\nENTRYPOINT []\n",
            "FROM gcr.io/distroless/python3 AS rt\nENTRYPOINT [\"python3\"]\nFROM rt\nCMD [\"python3\", \"x.py\"]\n",
            "FROM gcr.io/distroless/python3\nCMD python3 app.py\n",
            "FROM gcr.io/distroless/static\nCMD [\"python3\", \"app.py\"]\n",
            "FROM python:3.12-slim\nCMD [\"python3\", \"app.py\"]\n",
            "FROM gcr.io/distroless/python3\nWORKDIR /srv\nCOPY server /srv/server\nCMD [\"server\"]\n",
        ] {
            assert_diagnostics("DX201", fine, &[]);
        }
    }

    #[test]
    fn chainguard_and_children() {
        assert_eq!(lint_codes("DX201", "FROM cgr.dev/chainguard/python:latest\nCMD [\"python\", \"app.py\"]\n").len(), 1);
        // A child stage keeps relying on the interpreter entrypoint: the insert becomes unsafe.
        let text = "FROM gcr.io/distroless/python3 AS rt\nCMD [\"python3\", \"x.py\"]\nFROM rt\nCMD [\"app.py\"]\n";
        let found = lint_rule("DX201", text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].fix.as_ref().unwrap().applicability, crate::Applicability::Unsafe);
    }
}
