//! DX207: `pip install -e` in a builder whose packages are copied into another stage.

use distrolint_syntax::Keyword;

use crate::analysis::packaging::{Copied, PackageCopy, PipCommand, copy_parts, covers, map_path};
use crate::diagnostic::{Edit, Fix, Severity};
use crate::model::{FromTarget, Model};
use crate::rule::{LintContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Flags `pip install -e <dir>` (`--editable`) in a stage whose installed packages are copied
    /// into another stage, as in a builder feeding a runtime image. It is an error when the source
    /// directory is not copied to the same path in that stage too.
    ///
    /// ## Why is this bad?
    /// An editable install puts no code in `site-packages`: it writes a `.pth` file or an
    /// `__editable__` finder that points at the source directory *in the builder*. Copying the
    /// packages into the runtime copies only that pointer, so imports fail with
    /// `ModuleNotFoundError` unless the source happens to be copied to the identical path. Even
    /// then the image depends on a development layout, and a later change of `WORKDIR` or `COPY`
    /// breaks it silently.
    ///
    /// ## Example
    /// ```dockerfile,expect_diagnostic
    /// FROM python:3.11-slim-bookworm AS builder
    /// WORKDIR /src
    /// COPY . .
    /// RUN pip install --user -e .
    ///
    /// FROM gcr.io/distroless/python3-debian12
    /// COPY --from=builder /root/.local /root/.local
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.11-slim-bookworm AS builder
    /// WORKDIR /src
    /// COPY . .
    /// RUN pip install --user .
    ///
    /// FROM gcr.io/distroless/python3-debian12
    /// COPY --from=builder /root/.local /root/.local
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: dropping `-e` installs a built copy of the package, which contains only the files
    /// its packaging configuration declares. Data files read relative to the source tree may be
    /// missing.
    ///
    /// ## References
    /// - [pip: editable installs](https://pip.pypa.io/en/stable/topics/local-project-installs/#editable-installs)
    /// - [PEP 660](https://peps.python.org/pep-0660/)
    pub PipEditableInstall {
        code: "DX207",
        name: "pip-editable-install",
        severity: Warning,
        fix: Sometimes,
    }
}

impl Rule for PipEditableInstall {
    fn check(&self, ctx: &mut LintContext<'_>) {
        let model = ctx.model;
        let packaging = model.packaging();
        for pip in packaging.pips.iter().filter(|p| !p.editables.is_empty()) {
            let copies: Vec<&PackageCopy> =
                packaging.copies.iter().filter(|c| in_chain(model, c.builder, pip.stage) && carries(c, pip)).collect();
            let Some(first) = copies.first() else { continue };
            for editable in &pip.editables {
                let missing = copies.iter().find(|c| {
                    editable.source.as_deref().is_some_and(|source| !copied_in_place(model, c.stage, pip.stage, source))
                });
                let runtime = crate::analysis::packaging::stage_label(model, missing.unwrap_or(first).stage);
                let (severity, message) = match (missing, editable.source.as_deref()) {
                    (Some(_), Some(source)) => (
                        Severity::Error,
                        format!(
                            "this editable install puts only a link to {source} into the installed packages, which {runtime} copies, and {source} is not copied to the same path there: imports of this package fail with ModuleNotFoundError"
                        ),
                    ),
                    (_, Some(source)) => (
                        Severity::Warning,
                        format!(
                            "this editable install puts only a link to {source} into the installed packages, which {runtime} copies: it works only because {source} is also copied to the same path, and breaks when either changes"
                        ),
                    ),
                    (_, None) => (
                        Severity::Warning,
                        format!(
                            "this editable install puts only a link to a source checkout into the installed packages, which {runtime} copies: the checkout stays in the builder unless it is copied to the same path"
                        ),
                    ),
                };
                let fix = editable.drop_flag.as_ref().map(|(range, content)| {
                    Fix::unsafe_("Install the package itself: drop `-e`", vec![Edit::replace(*range, content.clone())])
                });
                let diagnostic = ctx.report_with(editable.range, severity, message);
                diagnostic.add_related(first.src_range, "the installed packages are copied here");
                diagnostic.set_fix(fix);
            }
        }
    }
}

/// Whether `stage`'s chain includes `ancestor`.
fn in_chain(model: &Model<'_>, stage: usize, ancestor: usize) -> bool {
    model.chain(stage).any(|s| s.index == ancestor)
}

/// Whether a copy takes what `pip` installed.
fn carries(copy: &PackageCopy, pip: &PipCommand) -> bool {
    if copy.copied == Copied::Wheels {
        return false;
    }
    let Some(location) = &pip.location else { return true };
    covers(&copy.src, &location.root)
        || location.site_packages.as_deref().is_some_and(|site| covers(&copy.src, site) || covers(site, &copy.src))
}

/// Whether some `COPY --from=<a stage built on builder>` in `runtime`'s chain puts `source` at the same path.
fn copied_in_place(model: &Model<'_>, runtime: usize, builder: usize, source: &str) -> bool {
    let instructions = model.instructions();
    model.chain(runtime).any(|stage| {
        stage.instructions().any(|i| {
            let ins = &instructions[i];
            if ins.keyword != Keyword::Copy {
                return false;
            }
            let Some(from) = ins.flag("from").and_then(|f| f.value_text()) else { return false };
            let FromTarget::Stage(from) = model.resolve_from(from) else { return false };
            if !in_chain(model, from, builder) {
                return false;
            }
            let Some(parts) = copy_parts(model, i) else { return false };
            let Some(dest) = parts.dest.as_deref() else { return false };
            parts.sources.iter().filter_map(|(src, _)| src.as_deref()).any(|src| {
                let src = crate::analysis::packaging::absolute("/", src);
                covers(&src, source) && map_path(&src, dest, source).as_deref() == Some(source)
            })
        })
    })
}

#[cfg(test)]
mod tests {
    use crate::test::{assert_diagnostics, fix_all, lint_rule};

    #[test]
    fn the_tron_install_is_a_warning_when_the_source_follows() {
        let text = "FROM python:3.12-slim-bookworm AS builder\nWORKDIR /app\nRUN python -m venv /opt/venv\nENV PATH=\"/opt/venv/bin:$PATH\"\nCOPY . .\nRUN pip install --no-cache-dir -e .\nFROM gcr.io/distroless/python3-debian12:nonroot\nCOPY --from=builder /opt/venv /opt/venv\nCOPY --from=builder /app /app\n";
        assert_diagnostics("DX207", text, &[
            "6:32-6:36 this editable install puts only a link to /app into the installed packages, which gcr.io/distroless/python3-debian12:nonroot copies: it works only because /app is also copied to the same path, and breaks when either changes",
        ]);
        assert_eq!(lint_rule("DX207", text)[0].severity, crate::Severity::Warning);
        assert!(fix_all("DX207", text, true).contains("RUN pip install --no-cache-dir .\n"));
    }

    #[test]
    fn an_error_when_the_source_is_not_copied_in_place() {
        let text = "FROM python:3.11-slim-bookworm AS b\nWORKDIR /src\nRUN pip install --user --editable=./lib[dev]\nFROM gcr.io/distroless/python3-debian12\nCOPY --from=b /root/.local /root/.local\nCOPY --from=b /src /app\n";
        let found = lint_rule("DX207", text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, crate::Severity::Error);
        assert!(found[0].message.contains("/src/lib is not copied to the same path there"), "{}", found[0].message);
        assert!(fix_all("DX207", text, true).contains("pip install --user ./lib[dev]\n"));
    }

    #[test]
    fn single_stage_and_uncopied_installs_are_fine() {
        for text in [
            "FROM python:3.12-slim\nWORKDIR /app\nRUN pip install -e .\n",
            "FROM python:3.12-slim AS b\nRUN pip install --user -e .\nFROM gcr.io/distroless/python3-debian13\nCOPY --from=b /etc/ssl/certs /etc/ssl/certs\n",
            "FROM python:3.12-slim AS b\nRUN pip install --user .\nFROM gcr.io/distroless/python3-debian13\nCOPY --from=b /root/.local /root/.local\n",
        ] {
            assert_diagnostics("DX207", text, &[]);
        }
    }
}
