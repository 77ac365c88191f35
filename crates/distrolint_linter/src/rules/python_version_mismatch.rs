//! DX203: packages installed for one Python minor copied into an image that runs another.

use distrolint_syntax::{Keyword, TextRange};

use crate::analysis::packaging::{Copied, copy_parts, retag_python_builder, version_segment};
use crate::diagnostic::{Edit, Fix};
use crate::model::Model;
use crate::rule::{LintContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Flags a `COPY --from=<builder>` of installed Python packages (a `site-packages` directory, a
    /// `pip install --user` base such as `/root/.local`, a `--target` or `--prefix` directory, a
    /// virtual environment, or wheels) into a stage whose Python is another minor version than the
    /// one that installed them. Also flags a `COPY` destination under `lib/python3.X` when the
    /// stage's Python is not 3.X.
    ///
    /// ## Why is this bad?
    /// Packages are installed for one interpreter: they live under `lib/python3.12/...`, which
    /// Python 3.11 never searches, and their compiled extensions are built for the 3.12 ABI
    /// (`*.cpython-312-*.so`, `cp312` wheels), which 3.11 cannot load. The service then fails at
    /// start with `ModuleNotFoundError` or an `ImportError` on a `.so` file. A common way in is a
    /// `python:3.12-*` builder feeding `gcr.io/distroless/python3-debian12`, whose Python is 3.11.
    ///
    /// ## Example
    /// ```dockerfile,expect_diagnostic
    /// FROM python:3.12-slim-bookworm AS builder
    /// RUN pip install --user fastapi==0.115.0
    ///
    /// FROM gcr.io/distroless/python3-debian12
    /// COPY --from=builder /root/.local /root/.local
    /// ```
    ///
    /// ## Use instead
    /// Build with the runtime's Python, on the runtime's Debian release:
    /// ```dockerfile
    /// FROM python:3.11-slim-bookworm AS builder
    /// RUN pip install --user fastapi==0.115.0
    ///
    /// FROM gcr.io/distroless/python3-debian12
    /// COPY --from=builder /root/.local /root/.local
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe. The fix rewrites the builder's `python:` tag to the runtime's minor version and
    /// Debian release (`python:3.11-slim-bookworm`, or the profile's `builder.image` when it fits),
    /// and the `lib/python3.X` path segments in the builder and runtime stages. Dependencies may
    /// resolve to other versions under another Python, so review the result. No fix is offered when
    /// the builder's `FROM` is not a literal `python:` tag. The destination-only finding rewrites the
    /// segment, also unsafe: the packages copied there may still be built for the other version.
    ///
    /// ## References
    /// - RULES-DISTROLESS.md F1 (distroless `python3-debian12` ships Python 3.11, `-debian13` 3.13)
    /// - [distroless python3 README](https://github.com/GoogleContainerTools/distroless/blob/main/python3/README.md)
    pub PythonVersionMismatch {
        code: "DX203",
        name: "python-version-mismatch",
        severity: Error,
        fix: Sometimes,
    }
}

impl Rule for PythonVersionMismatch {
    fn check(&self, ctx: &mut LintContext<'_>) {
        let model = ctx.model;
        let packaging = model.packaging();
        let mut reported_pairs: Vec<(usize, usize)> = Vec::new();
        let mut reported_copies: Vec<usize> = Vec::new();
        for copy in &packaging.copies {
            let Some(runtime) = stage_version(model, copy.stage) else { continue };
            let Some(built) = copy.version.as_deref() else { continue };
            if built == runtime || reported_pairs.contains(&(copy.builder, copy.stage)) {
                continue;
            }
            reported_pairs.push((copy.builder, copy.stage));
            reported_copies.push(copy.instruction);
            let image = model.image_label(copy.stage).unwrap_or_else(|| "this stage's image".to_owned());
            let builder = model.image_label(copy.builder).unwrap_or_else(|| model.stages[copy.builder].label());
            let what = match copy.copied {
                Copied::Venv => format!("the virtual environment {} was made with", copy.builder_dir),
                Copied::Wheels => format!("the wheels in {} were built for", copy.builder_dir),
                Copied::Packages(_) => format!("the packages in {} were installed for", copy.builder_dir),
            };
            let message = format!(
                "{what} Python {built} ({builder}), but {image} runs Python {runtime}: Python {runtime} does not search python{built} directories and cannot load cp{} extension modules, so imports fail with ModuleNotFoundError or ImportError",
                built.replace('.', "")
            );
            let fix = rebuild_fix(ctx, model, copy.builder, copy.stage, built, runtime);
            let from_range = model.root(copy.builder).image.map(|w| w.range);
            let diagnostic = ctx.report(copy.src_range, message);
            if let Some(range) = from_range {
                diagnostic.add_related(range, format!("the builder runs Python {built}"));
            }
            diagnostic.set_fix(fix);
        }
        // Destinations under `lib/python3.X` for another version.
        for stage in &model.stages {
            let Some(runtime) = stage_version(model, stage.index) else { continue };
            for i in stage.instructions() {
                let ins = &model.instructions()[i];
                if !matches!(ins.keyword, Keyword::Copy | Keyword::Add) || reported_copies.contains(&i) {
                    continue;
                }
                let Some(parts) = copy_parts(model, i) else { continue };
                let Some(dest) = parts.dest.as_deref() else { continue };
                let Some(other) = version_segment(dest).filter(|v| *v != runtime) else { continue };
                let image = model.image_label(stage.index).unwrap_or_else(|| "this stage's image".to_owned());
                let message = format!(
                    "{dest} is a Python {other} directory, but {image} runs Python {runtime}, which never searches it: what is copied there cannot be imported"
                );
                let fix = segment_edits(ctx.text(), parts.dest_range, other, runtime)
                    .map(|edits| Fix::unsafe_(format!("Copy to the Python {runtime} directory instead"), edits));
                ctx.report(parts.dest_range, message).set_fix(fix);
            }
        }
    }
}

/// The Python minor of a stage's image, when known.
fn stage_version<'m>(model: &'m Model<'_>, stage: usize) -> Option<&'m str> {
    model.stages[stage].facts.as_deref()?.python.as_ref()?.version.as_deref()
}

/// Rebuild the packages with the runtime's Python: retag the builder and rewrite `lib/python3.X`
/// segments in the builder and runtime stages.
fn rebuild_fix(
    ctx: &LintContext<'_>,
    model: &Model<'_>,
    builder: usize,
    runtime: usize,
    built: &str,
    wanted: &str,
) -> Option<Fix> {
    let release = model.stages[runtime].facts.as_deref().and_then(|f| f.os.debian_release());
    let profile_image = ctx.settings.profile.as_ref().and_then(|p| p.builder.image.as_deref());
    let (range, image) = retag_python_builder(model, builder, Some(wanted), release, profile_image)?;
    let mut edits = vec![Edit::replace(range, image.clone())];
    for stage in [model.root(builder).index, builder, runtime] {
        for i in model.stages[stage].instructions().skip(1) {
            let ins_range = model.instructions()[i].range;
            for edit in segment_edits(ctx.text(), ins_range, built, wanted).unwrap_or_default() {
                if !edits.contains(&edit) {
                    edits.push(edit);
                }
            }
        }
    }
    Some(Fix::unsafe_(format!("Build the packages with Python {wanted}: use `{image}` and python{wanted} paths"), edits))
}

/// Edits that rewrite every `lib/python<from>` path segment in `range` to `lib/python<to>`.
fn segment_edits(text: &str, range: TextRange, from: &str, to: &str) -> Option<Vec<Edit>> {
    let slice = &text[range.start() as usize..range.end() as usize];
    let needle = format!("lib/python{from}");
    let mut edits = Vec::new();
    let mut offset = 0;
    while let Some(found) = slice[offset..].find(&needle) {
        let start = offset + found;
        let end = start + needle.len();
        offset = end;
        let boundary_before = start == 0 || !slice.as_bytes()[start - 1].is_ascii_alphanumeric();
        let boundary_after = slice.as_bytes().get(end).is_none_or(|b| !b.is_ascii_alphanumeric() && *b != b'.');
        if boundary_before && boundary_after {
            let at = range.start() + (start + "lib/python".len()) as u32;
            edits.push(Edit::replace(TextRange::new(at, at + from.len() as u32), to));
        }
    }
    (!edits.is_empty()).then_some(edits)
}

#[cfg(test)]
mod tests {
    use crate::test::{assert_diagnostics, fix_all, lint_codes};

    #[test]
    fn the_tron_venv() {
        let text = "FROM python:3.12-slim-bookworm AS builder\nRUN python -m venv /opt/venv\nFROM gcr.io/distroless/python3-debian12:nonroot\nCOPY --from=builder /opt/venv /opt/venv\nCOPY --from=builder /app /app\n";
        assert_diagnostics("DX203", text, &[
            "4:21-4:30 the virtual environment /opt/venv was made with Python 3.12 (python:3.12-slim-bookworm), but gcr.io/distroless/python3-debian12:nonroot runs Python 3.11: Python 3.11 does not search python3.12 directories and cannot load cp312 extension modules, so imports fail with ModuleNotFoundError or ImportError",
        ]);
        assert!(fix_all("DX203", text, true).starts_with("FROM python:3.11-slim-bookworm AS builder\n"));
    }

    #[test]
    fn user_site_with_paths_is_rebuilt_in_one_fix() {
        let text = "FROM python:3.12-slim AS b\nRUN pip install --user x && ls /root/.local/lib/python3.12/site-packages\nFROM gcr.io/distroless/python3-debian13\nCOPY --from=b /root/.local/lib/python3.12/site-packages /usr/local/lib/python3.12/site-packages\nCOPY --from=b /root/.local/bin /usr/local/bin\n";
        let found = lint_codes("DX203", text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].starts_with("4:15-4:56 the packages in /root/.local/lib/python3.12/site-packages were installed for Python 3.12 (python:3.12-slim), but gcr.io/distroless/python3-debian13 runs Python 3.13"), "{found:?}");
        let fixed = fix_all("DX203", text, true);
        assert_eq!(fixed, text.replace("3.12-slim", "3.13-slim-trixie").replace("python3.12", "python3.13"));
        assert!(lint_codes("DX203", &fixed).is_empty());
    }

    #[test]
    fn matching_versions_unknown_builders_and_other_copies_are_fine() {
        let same = "FROM python:3.11-slim-bookworm AS b\nRUN pip install --user x\nFROM gcr.io/distroless/python3-debian12\nCOPY --from=b /root/.local /root/.local\n";
        assert_diagnostics("DX203", same, &[]);
        let unknown = "ARG IMG\nFROM $IMG AS b\nRUN pip install --user x\nFROM gcr.io/distroless/python3-debian12\nCOPY --from=b /root/.local /root/.local\nCOPY --from=b /etc/ssl/certs /etc/ssl/certs\n";
        assert_diagnostics("DX203", unknown, &[]);
    }

    #[test]
    fn destination_segments() {
        let text = "FROM gcr.io/distroless/python3-debian12\nCOPY deps/ /usr/local/lib/python3.12/dist-packages/\n";
        assert_diagnostics("DX203", text, &[
            "2:12-2:52 /usr/local/lib/python3.12/dist-packages is a Python 3.12 directory, but gcr.io/distroless/python3-debian12 runs Python 3.11, which never searches it: what is copied there cannot be imported",
        ]);
        assert_eq!(fix_all("DX203", text, true), text.replace("3.12", "3.11"));
        // A profile's builder image is used when it fits.
        let settings = crate::test::settings_for("DX203", Some("lucid"));
        let text = "FROM python:3.12 AS b\nRUN pip install --user x\nFROM gcr.io/distroless/python3-debian12\nCOPY --from=b /root/.local /root/.local\n";
        let fixed = crate::fix(text, &settings, crate::Applicability::Unsafe).text;
        assert!(fixed.starts_with("FROM python:3.11-slim-bookworm AS b\n"), "{fixed}");
    }
}
