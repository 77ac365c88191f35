//! DX204: packages built on a newer Debian (glibc) than the image they are copied into.

use crate::analysis::packaging::retag_python_builder;
use crate::diagnostic::Fix;
use crate::images::{Libc, python_tag_info, releases};
use crate::rule::{LintContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Flags a builder stage whose Python packages (or venv, or wheels) are copied into an image
    /// built on an older Debian release: for example `python:3.11-slim`, which is Debian 13
    /// (trixie), feeding `gcr.io/distroless/python3-debian12` (Debian 12, bookworm). Since August
    /// 2025 the `python:X.Y`, `python:X.Y-slim` and `python:3` tags without a codename are trixie.
    /// An unsuffixed distroless name (`gcr.io/distroless/python3`) counts as Debian 13.
    ///
    /// ## Why is this bad?
    /// Extension modules that pip compiles from source in the builder link against its glibc
    /// (2.41 on trixie). Bookworm has glibc 2.36, so loading them fails with
    /// `version 'GLIBC_2.38' not found`. Wheels downloaded from PyPI (`manylinux`) are not
    /// affected, so the failure appears only once a dependency has no wheel for the platform.
    /// A builder on an *older* release than the runtime is fine for glibc, and is not reported.
    ///
    /// ## Example
    /// ```dockerfile,expect_diagnostic
    /// FROM python:3.11-slim AS builder
    /// RUN pip install --user uvloop==0.21.0
    ///
    /// FROM gcr.io/distroless/python3-debian12
    /// COPY --from=builder /root/.local /root/.local
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.11-slim-bookworm AS builder
    /// RUN pip install --user uvloop==0.21.0
    ///
    /// FROM gcr.io/distroless/python3-debian12
    /// COPY --from=builder /root/.local /root/.local
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: the fix names the runtime's Debian release in the builder's `python:` tag
    /// (`python:3.11-slim` becomes `python:3.11-slim-bookworm`). The builder then gets older
    /// system packages, which may change what the build does.
    ///
    /// ## References
    /// - RULES-DISTROLESS.md F9 (docker-library/python#1042 made trixie the default)
    /// - [distroless python3: use a matching build image](https://github.com/GoogleContainerTools/distroless/blob/main/python3/README.md)
    pub BuilderRuntimeDebianMismatch {
        code: "DX204",
        name: "builder-runtime-debian-mismatch",
        severity: Warning,
        fix: Sometimes,
    }
}

impl Rule for BuilderRuntimeDebianMismatch {
    fn check(&self, ctx: &mut LintContext<'_>) {
        let model = ctx.model;
        let packaging = model.packaging();
        let mut reported: Vec<usize> = Vec::new();
        for copy in &packaging.copies {
            let root = model.root(copy.builder).index;
            if reported.contains(&root) {
                continue;
            }
            let Some(runtime) = model.stages[copy.stage].facts.as_deref() else { continue };
            let Some(builder) = model.stages[copy.builder].facts.as_deref() else { continue };
            let (Some(built_on), Some(runs_on)) = (builder.os.debian_release(), runtime.os.debian_release()) else {
                continue;
            };
            if built_on <= runs_on || !matches!(runtime.libc, Libc::Glibc(_)) {
                continue;
            }
            let Some(from) = model.stages[root].image else { continue };
            reported.push(root);
            let describe = |number: u8, libc: &Libc| {
                let codename = releases::debian_release(number).map(|r| format!(" ({})", r.codename)).unwrap_or_default();
                format!("Debian {number}{codename}, {}", libc.describe())
            };
            let builder_image = model.image_label(root).unwrap_or_default();
            let runtime_image = model.image_label(copy.stage).unwrap_or_default();
            let bare = builder_image
                .rsplit_once(':')
                .and_then(|(_, tag)| python_tag_info(tag))
                .filter(|info| info.codename.is_some() && !builder_image.contains(info.codename.unwrap_or("-")));
            let note = if bare.is_some() {
                format!("; a `python:` tag without a codename, like `{builder_image}`, is trixie since August 2025")
            } else {
                String::new()
            };
            let message = format!(
                "{builder_image} is {}, but what it installs is copied into {runtime_image} ({}): extension modules compiled here can fail there with `version 'GLIBC_2.38' not found`{note}",
                describe(built_on, &builder.libc),
                describe(runs_on, &runtime.libc),
            );
            let profile_image = ctx.settings.profile.as_ref().and_then(|p| p.builder.image.as_deref());
            let fix = retag_python_builder(model, root, None, Some(runs_on), profile_image).map(|(range, image)| {
                Fix::unsafe_(
                    format!("Use `{image}`, built on the runtime's Debian {runs_on}"),
                    vec![crate::diagnostic::Edit::replace(range, image)],
                )
            });
            let diagnostic = ctx.report(from.range, message);
            diagnostic.add_related(copy.src_range, format!("copied into {runtime_image} here"));
            diagnostic.set_fix(fix);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::test::{assert_diagnostics, fix_all};

    #[test]
    fn bare_slim_tag_into_bookworm() {
        let text = "FROM python:3.11-slim AS b\nRUN pip install --user x\nFROM gcr.io/distroless/python3-debian12\nCOPY --from=b /root/.local /root/.local\n";
        assert_diagnostics("DX204", text, &[
            "1:6-1:22 python:3.11-slim is Debian 13 (trixie), glibc 2.41, but what it installs is copied into gcr.io/distroless/python3-debian12 (Debian 12 (bookworm), glibc 2.36): extension modules compiled here can fail there with `version 'GLIBC_2.38' not found`; a `python:` tag without a codename, like `python:3.11-slim`, is trixie since August 2025",
        ]);
        assert_eq!(fix_all("DX204", text, true), text.replace("3.11-slim ", "3.11-slim-bookworm "));
    }

    #[test]
    fn same_or_older_builder_and_static_runtime_are_fine() {
        for text in [
            "FROM python:3.11-slim-bookworm AS b\nRUN pip install --user x\nFROM gcr.io/distroless/python3-debian12\nCOPY --from=b /root/.local /root/.local\n",
            "FROM python:3.13-slim-bookworm AS b\nRUN pip install --user x\nFROM gcr.io/distroless/python3\nCOPY --from=b /root/.local /root/.local\n",
            "FROM python:3.11-slim AS b\nRUN pip install --user x\nFROM gcr.io/distroless/python3-debian12\nCOPY --from=b /etc/ssl/certs /etc/ssl/certs\n",
        ] {
            assert_diagnostics("DX204", text, &[]);
        }
    }

    #[test]
    fn one_finding_per_builder() {
        let text = "FROM python:3.11 AS b\nRUN python -m venv /venv\nFROM b AS c\nFROM gcr.io/distroless/python3-debian12\nCOPY --from=c /venv /venv\nCOPY --from=b /venv /venv2\n";
        let found = crate::test::lint_codes("DX204", text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(fix_all("DX204", text, true), text.replace("python:3.11 ", "python:3.11-bookworm "));
    }
}
