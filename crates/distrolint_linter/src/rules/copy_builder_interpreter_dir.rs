//! DX404: copying the whole `/usr/local/bin` of an official `python` image into another image.

use distrolint_syntax::Keyword;

use crate::analysis::runtime::{copies_from_elsewhere, dir_key, source_facts, source_label, source_stage};
use crate::diagnostic::{Edit, Fix};
use crate::images::PythonLayout;
use crate::model::Model;
use crate::rule::{LintContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Flags a `COPY --from` of the whole `/usr/local/bin` of an official `python:` image (or a
    /// stage built on one) into a stage whose base is not an official `python` image, such as
    /// distroless.
    ///
    /// ## Why is this bad?
    /// `/usr/local/bin` of `python:3.X` holds the interpreter `python3.X`, which the official
    /// images build with `--enable-shared`: it needs `/usr/local/lib/libpython3.X.so.1.0` and the
    /// standard library under `/usr/local/lib/python3.X`, which the target image does not have.
    /// The other files there (`pip`, console scripts) have shebangs naming that interpreter. So
    /// nothing copied runs, and the copy also drags along whatever else the builder installed.
    /// Usually only `/root/.local/bin` (from `pip install --user`) was meant.
    ///
    /// ## Example
    /// ```dockerfile,expect_diagnostic
    /// FROM python:3.11-slim-bookworm AS builder
    /// RUN pip install --user --no-cache-dir gunicorn
    /// FROM gcr.io/distroless/python3-debian12
    /// COPY --from=builder /usr/local/bin /usr/local/bin
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.11-slim-bookworm AS builder
    /// RUN pip install --user --no-cache-dir gunicorn
    /// FROM gcr.io/distroless/python3-debian12
    /// COPY --from=builder /root/.local/lib/python3.11/site-packages /usr/local/lib/python3.11/dist-packages
    /// ENTRYPOINT []
    /// CMD ["python3", "-m", "gunicorn", "app:app"]
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: when the builder runs `pip install --user`, the fix copies `/root/.local/bin`
    /// instead. That is what the pattern copies, but console scripts there still name the builder's
    /// interpreter in their shebangs, so start them with `python3 -m <module>`.
    ///
    /// ## References
    /// - [docker-library/python: `--enable-shared`](https://github.com/docker-library/python/blob/master/Dockerfile-linux.template)
    /// - [distroless python3 README: compatibility](https://github.com/GoogleContainerTools/distroless/blob/main/python3/README.md)
    pub CopyBuilderInterpreterDir {
        code: "DX404",
        name: "copy-builder-interpreter-dir",
        severity: Warning,
        fix: Sometimes,
    }
}

impl Rule for CopyBuilderInterpreterDir {
    fn check(&self, ctx: &mut LintContext<'_>) {
        let model = ctx.model;
        for stage in &model.stages {
            let Some(facts) = stage.facts.as_deref() else { continue };
            if facts.python.as_ref().is_some_and(|p| p.layout == PythonLayout::Upstream) {
                continue;
            }
            for (i, sources) in copies_from_elsewhere(model, stage) {
                for (source, range) in sources {
                    if dir_key(&source) != "/usr/local/bin" {
                        continue;
                    }
                    let Some(facts) = source_facts(model, i, ctx.settings) else { break };
                    let Some(python) = facts.python.as_ref().filter(|p| p.layout == PythonLayout::Upstream) else { break };
                    let from = source_label(model, i).unwrap_or_default();
                    let version = python.version.clone().unwrap_or_else(|| "3.X".to_owned());
                    let image = model.image_label(stage.index).unwrap_or_else(|| "this image".to_owned());
                    let message = format!(
                        "this copies the whole /usr/local/bin of {from}: its python{version} needs /usr/local/lib/libpython{version}.so.1.0 and the standard library in /usr/local/lib/python{version}, which {image} does not have, and the other scripts there name that interpreter in their shebangs, so none of it runs here; copy only what the service needs (`pip install --user` puts console scripts in /root/.local/bin)"
                    );
                    let literal = ctx.text()[range.to_std()] == *source;
                    let fix = (literal && source_stage(model, i).is_some_and(|s| installs_user_packages(model, s.index)))
                        .then(|| Fix::unsafe_("Copy `/root/.local/bin` instead", vec![Edit::replace(range, "/root/.local/bin")]));
                    ctx.report(range, message).set_fix(fix);
                }
            }
        }
    }
}

/// Whether a stage (or one it is built `FROM`) runs `pip install --user`, `python -m pip install
/// --user`, or `pip install` with `ENV PIP_USER` set.
pub(crate) fn installs_user_packages(model: &Model<'_>, stage: usize) -> bool {
    model.chain(stage).any(|s| {
        s.instructions().any(|i| {
            if model.instructions()[i].keyword != Keyword::Run {
                return false;
            }
            let pip_user = matches!(
                model.lookup(i, "PIP_USER"),
                crate::model::vars::Binding::Known(v) if matches!(v.to_ascii_lowercase().as_str(), "1" | "true" | "yes" | "on")
            );
            model.run_scripts(i).iter().any(|run| {
                run.script.commands().any(|cmd| {
                    let cmd = cmd.effective();
                    let Some(name) = cmd.basename() else { return false };
                    let pip = name.strip_prefix("pip").is_some_and(|v| v.bytes().all(|b| b.is_ascii_digit() || b == b'.'));
                    let module = crate::analysis::runtime::is_python_name(name)
                        && cmd.args().windows(2).any(|w| w[0].literal() == Some("-m") && w[1].literal() == Some("pip"));
                    (pip || module) && cmd.has_arg("install") && (pip_user || cmd.has_flag(&["user"]))
                })
            })
        })
    })
}

#[cfg(test)]
mod tests {
    use crate::test::{assert_diagnostics, fix_all, lint_codes};

    #[test]
    fn whole_interpreter_dir() {
        let text = "FROM python:3.12-slim AS b\nRUN python -m pip install --user uvicorn\nFROM gcr.io/distroless/python3-debian12\nCOPY --from=b /usr/local/bin/ /usr/local/bin/\n";
        let found = lint_codes("DX404", text);
        assert_eq!(found, ["4:15-4:30 this copies the whole /usr/local/bin of the `b` stage (python:3.12-slim): its python3.12 needs /usr/local/lib/libpython3.12.so.1.0 and the standard library in /usr/local/lib/python3.12, which gcr.io/distroless/python3-debian12 does not have, and the other scripts there name that interpreter in their shebangs, so none of it runs here; copy only what the service needs (`pip install --user` puts console scripts in /root/.local/bin)"]);
        assert_eq!(fix_all("DX404", text, false), text);
        assert!(fix_all("DX404", text, true).ends_with("COPY --from=b /root/.local/bin /usr/local/bin/\n"));
        // No pip --user: no fix. ENV PIP_USER counts.
        let text = "FROM python:3.12-slim AS b\nRUN pip install uvicorn\nFROM gcr.io/distroless/static\nCOPY --from=b /usr/local/bin /x\n";
        assert!(crate::test::lint_rule("DX404", text)[0].fix.is_none());
        let text = "FROM python:3.12-slim AS b\nENV PIP_USER=1\nRUN pip3 install uvicorn\nFROM gcr.io/distroless/static\nCOPY --from=b /usr/local/bin /x\n";
        assert!(crate::test::lint_rule("DX404", text)[0].fix.is_some());
    }

    #[test]
    fn same_python_or_single_files_are_fine() {
        assert_diagnostics("DX404", "FROM python:3.12-slim AS b\nFROM python:3.12-slim\nCOPY --from=b /usr/local/bin /usr/local/bin\n", &[]);
        assert_diagnostics("DX404", "FROM python:3.12-slim AS b\nFROM gcr.io/distroless/python3\nCOPY --from=b /usr/local/bin/uvicorn /x\nCOPY --from=b /root/.local/bin /usr/local/bin\n", &[]);
        assert_diagnostics("DX404", "FROM node:22 AS b\nFROM gcr.io/distroless/nodejs22\nCOPY --from=b /usr/local/bin /usr/local/bin\n", &[]);
    }
}
