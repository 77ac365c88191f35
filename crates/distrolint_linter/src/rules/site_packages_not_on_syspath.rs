//! DX205: packages copied to a `site-packages` directory that Debian's Python does not search.

use distrolint_syntax::{Keyword, TextRange};

use crate::analysis::packaging::{
    Copied, copy_parts, covers, debian_syspath_dirs, env_value, final_user, home_of, is_root_user,
    is_venv_segment, site_dir_in, version_segment,
};
use crate::diagnostic::{Edit, Fix};
use crate::fixes::insert_line_before;
use crate::images::PythonLayout;
use crate::model::{Model, VarKind};
use crate::rule::{LintContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// In a stage built on a Debian-based distroless Python image (`gcr.io/distroless/python3*`),
    /// flags a `COPY` that puts packages into a `site-packages` directory (or a `pip install
    /// --target`/`--prefix` directory) that is not on `sys.path` and not listed in the stage's
    /// `ENV PYTHONPATH`. The user site of the stage's `USER` (`/root/.local/lib/python3.X/site-packages`
    /// for root, `/home/nonroot/.local/...` for 65532) and a venv's own `site-packages` are on the
    /// path. Anything under `/root` is flagged when the stage does not run as root, `PYTHONPATH` or not.
    ///
    /// ## Why is this bad?
    /// Debian patches `site.py` to search `dist-packages`: `/usr/local/lib/python3.11/dist-packages`,
    /// `/usr/lib/python3/dist-packages` and `/usr/lib/python3.11/dist-packages`.
    /// `/usr/local/lib/python3.11/site-packages`, where `python:` images install packages, is not
    /// searched, so the service fails at start with `ModuleNotFoundError`. `/root` is mode 700 in
    /// distroless, so uid 65532 cannot read packages there at all. A verification step that does
    /// `sys.path.insert(...)` before importing hides the problem at build time.
    ///
    /// ## Example
    /// ```dockerfile,expect_diagnostic
    /// FROM python:3.11-slim-bookworm AS builder
    /// RUN pip install --user fastapi==0.115.0
    ///
    /// FROM gcr.io/distroless/python3-debian12:nonroot
    /// COPY --from=builder /root/.local/lib/python3.11/site-packages /usr/local/lib/python3.11/site-packages
    /// ```
    ///
    /// ## Use instead
    /// Copy to a `dist-packages` directory, which needs no configuration:
    /// ```dockerfile
    /// FROM python:3.11-slim-bookworm AS builder
    /// RUN pip install --user fastapi==0.115.0
    ///
    /// FROM gcr.io/distroless/python3-debian12:nonroot
    /// COPY --from=builder /root/.local/lib/python3.11/site-packages /usr/local/lib/python3.11/dist-packages
    /// ```
    /// or list the directory in `PYTHONPATH`, as the Lucid pattern does:
    /// ```dockerfile
    /// FROM python:3.11-slim-bookworm AS builder
    /// RUN pip install --user fastapi==0.115.0
    ///
    /// FROM gcr.io/distroless/python3-debian12:nonroot
    /// ENV PYTHONPATH=/app:/usr/local/lib/python3.11/site-packages
    /// COPY --from=builder /root/.local/lib/python3.11/site-packages /usr/local/lib/python3.11/site-packages
    /// ```
    ///
    /// ## Fix safety
    /// Both fixes are unsafe.
    /// - Adding the directory to `ENV PYTHONPATH` (appended to the stage's last `PYTHONPATH`, or a
    ///   new `ENV` with the profile's `pythonpath_must_include` entries first): `PYTHONPATH` comes
    ///   before the standard library on `sys.path`, so a package named like a stdlib module shadows
    ///   it, and `.pth` files in the directory are not processed.
    /// - Rewriting the destination to `/usr/local/lib/python3.X/dist-packages`, offered when the
    ///   packages are under `/root` and the stage runs as another user (`PYTHONPATH` cannot help
    ///   there): other instructions that name the old path must be updated too.
    ///
    /// ## References
    /// - RULES-DISTROLESS.md F6 (Debian's `sys.path`, reproduced with Debian's Python 3.11.2)
    /// - [Debian Python policy: module path](https://www.debian.org/doc/packaging-manuals/python-policy/#module-path)
    pub SitePackagesNotOnSyspath {
        code: "DX205",
        name: "site-packages-not-on-syspath",
        severity: Error,
        fix: Sometimes,
    }
}

impl Rule for SitePackagesNotOnSyspath {
    fn check(&self, ctx: &mut LintContext<'_>) {
        let model = ctx.model;
        for stage in &model.stages {
            let Some(facts) = stage.facts.as_deref() else { continue };
            let Some(python) = facts.python.as_ref().filter(|p| p.layout == PythonLayout::DebianDist) else { continue };
            let Some(version) = python.version.as_deref() else { continue };
            let packaging = model.packaging();
            let user = final_user(model, stage.index);
            let home = user.as_deref().and_then(|u| home_of(u, Some(facts)));
            let Some(pythonpath) = env_value(model, stage.index, stage.end, "PYTHONPATH") else { continue };
            let venv_dirs: Vec<&str> = packaging
                .copies
                .iter()
                .filter(|c| c.stage == stage.index && c.copied == Copied::Venv)
                .filter_map(|c| c.runtime_dir.as_deref())
                .collect();
            for i in stage.instructions() {
                let ins = &model.instructions()[i];
                if !matches!(ins.keyword, Keyword::Copy | Keyword::Add) {
                    continue;
                }
                let Some(parts) = copy_parts(model, i) else { continue };
                // From a builder: where its packages land. Otherwise: a destination inside `site-packages`.
                let copied: Vec<(String, bool)> = packaging
                    .copies
                    .iter()
                    .filter(|c| c.instruction == i && matches!(c.copied, Copied::Packages(_)))
                    .filter_map(|c| Some((c.runtime_site.clone()?, c.runtime_site.as_deref() == c.dest.as_deref())))
                    .collect();
                let sites = if copied.is_empty() {
                    let Some(site) = parts.dest.as_deref().and_then(site_dir_in) else { continue };
                    vec![(site.clone(), parts.dest.as_deref() == Some(site.as_str()))]
                } else {
                    copied
                };
                for (site, dest_is_site) in sites {
                    let under_root = covers("/root", &site);
                    let unreadable = under_root && user.as_deref().is_some_and(|u| !is_root_user(u));
                    if !unreadable && on_path(&site, version, home.as_deref(), &venv_dirs, &pythonpath) {
                        continue;
                    }
                    if !unreadable && (site.starts_with("/root/") || site.starts_with("/home/")) && home.is_none() {
                        continue;
                    }
                    let image = model.image_label(stage.index).unwrap_or_default();
                    let message = if unreadable {
                        format!(
                            "the packages copied to {site} cannot be imported: /root is mode 700 in {image} and this stage runs as {}, so Python cannot read them (not even through PYTHONPATH)",
                            user.as_deref().unwrap_or_default()
                        )
                    } else {
                        format!(
                            "the packages copied to {site} will not be importable: {image}'s Debian Python {version} searches dist-packages directories, not {site}, and PYTHONPATH does not list it, so imports fail with ModuleNotFoundError"
                        )
                    };
                    let fix = if unreadable {
                        dest_is_site.then(|| dist_packages_fix(parts.dest_range, version))
                    } else if version_segment(&site).is_none_or(|v| v == version) {
                        pythonpath_fix(ctx, model, stage.index, i, &site, &pythonpath)
                    } else {
                        None
                    };
                    ctx.report(parts.dest_range, message).set_fix(fix);
                }
            }
        }
    }
}

/// Whether Debian's Python finds packages in `site`: a `dist-packages` directory (F6), the user
/// site of `home`, a venv's own `site-packages`, or a `PYTHONPATH` entry.
fn on_path(site: &str, version: &str, home: Option<&str>, venvs: &[&str], pythonpath: &str) -> bool {
    debian_syspath_dirs(version).iter().any(|d| d == site)
        || home.is_some_and(|h| site == format!("{h}/.local/lib/python{version}/site-packages"))
        || venvs.iter().any(|v| covers(v, site))
        || site.split('/').any(is_venv_segment) && site.ends_with("/site-packages")
        || pythonpath.split(':').any(|entry| crate::analysis::packaging::normalize(entry) == site)
}

/// Rewrite the destination to the `dist-packages` directory of the stage's Python.
fn dist_packages_fix(dest_range: TextRange, version: &str) -> Fix {
    let target = format!("/usr/local/lib/python{version}/dist-packages");
    Fix::unsafe_(format!("Copy the packages to {target}, which is on sys.path"), vec![Edit::replace(dest_range, target)])
}

/// Add `site` to the stage's `ENV PYTHONPATH`.
fn pythonpath_fix(
    ctx: &LintContext<'_>,
    model: &Model<'_>,
    stage: usize,
    copy: usize,
    site: &str,
    pythonpath: &str,
) -> Option<Fix> {
    let escape = model.file.escape();
    let title = format!("Add {site} to PYTHONPATH");
    let last = model.vars(stage).iter().rev().find(|d| d.kind == VarKind::Env && d.name == "PYTHONPATH");
    if let Some(def) = last {
        let ins = &model.instructions()[def.instruction];
        let pair = ins.args.key_values().iter().find(|p| p.key.range == def.range)?;
        if !pair.equals || !ins.line.is_contiguous(pair.value.logical) {
            return None;
        }
        let raw = ins.text(&pair.value);
        if raw.contains(escape) && escape != '\\' {
            return None;
        }
        let separator = if pythonpath.is_empty() { "" } else { ":" };
        let at = if raw.ends_with(['"', '\'']) && raw.len() >= 2 { pair.value.range.end() - 1 } else { pair.value.range.end() };
        if raw.contains(char::is_whitespace) && !raw.starts_with(['"', '\'']) {
            return None;
        }
        return Some(Fix::unsafe_(title, vec![Edit::insert(at, format!("{separator}{site}"))]));
    }
    let mut entries: Vec<String> = Vec::new();
    let required = ctx.settings.profile.as_ref().map(|p| p.runtime.pythonpath_must_include.clone()).unwrap_or_default();
    for entry in required.iter().map(String::as_str).chain(pythonpath.split(':')).chain([site]) {
        if !entry.is_empty() && !entry.contains(char::is_whitespace) && !entries.iter().any(|e| e == entry) {
            entries.push(entry.to_owned());
        }
    }
    let start = model.instructions()[copy].range.start();
    Some(Fix::unsafe_(title, vec![insert_line_before(ctx.text(), start, &format!("ENV PYTHONPATH={}", entries.join(":")))]))
}

#[cfg(test)]
mod tests {
    use crate::test::{assert_diagnostics, fix_all, lint_codes};

    const BUILDER: &str = "FROM python:3.11-slim-bookworm AS b\nRUN pip install --user x\n";

    #[test]
    fn usr_local_site_packages_needs_pythonpath() {
        let text = format!("{BUILDER}FROM gcr.io/distroless/python3-debian12\nENV PYTHONPATH=/app\nCOPY --from=b /root/.local/lib/python3.11/site-packages /usr/local/lib/python3.11/site-packages\n");
        assert_diagnostics("DX205", &text, &[
            "5:57-5:96 the packages copied to /usr/local/lib/python3.11/site-packages will not be importable: gcr.io/distroless/python3-debian12's Debian Python 3.11 searches dist-packages directories, not /usr/local/lib/python3.11/site-packages, and PYTHONPATH does not list it, so imports fail with ModuleNotFoundError",
        ]);
        let fixed = fix_all("DX205", &text, true);
        assert!(fixed.contains("ENV PYTHONPATH=/app:/usr/local/lib/python3.11/site-packages\n"), "{fixed}");
        assert!(lint_codes("DX205", &fixed).is_empty());
        // With no PYTHONPATH, one is inserted before the COPY.
        let text = format!("{BUILDER}FROM gcr.io/distroless/python3-debian12\nCOPY --from=b /install /usr/local\n").replace("--user", "--prefix=/install");
        let fixed = fix_all("DX205", &text, true);
        assert!(fixed.ends_with("ENV PYTHONPATH=/usr/local/lib/python3.11/site-packages\nCOPY --from=b /install /usr/local\n"), "{fixed}");
    }

    #[test]
    fn the_lucid_layout_and_on_path_directories_are_fine() {
        let lucid = format!("{BUILDER}FROM gcr.io/distroless/python3-debian12:latest\nENV PYTHONPATH=/app:/usr/local/lib/python3.11/site-packages\nCOPY --from=b --chown=65532:65532 /root/.local/lib/python3.11/site-packages /usr/local/lib/python3.11/site-packages\nCOPY --from=b /root/.local/bin /usr/local/bin\n");
        assert_diagnostics("DX205", &lucid, &[]);
        for runtime in [
            "FROM gcr.io/distroless/python3-debian12\nCOPY --from=b /root/.local /root/.local\n",
            "FROM gcr.io/distroless/python3-debian12:nonroot\nCOPY --from=b /root/.local /home/nonroot/.local\n",
            "FROM gcr.io/distroless/python3-debian12:nonroot\nCOPY --from=b /root/.local/lib/python3.11/site-packages /usr/local/lib/python3.11/dist-packages\n",
            "FROM cgr.dev/chainguard/python\nCOPY --from=b /root/.local/lib/python3.11/site-packages /usr/local/lib/python3.11/site-packages\n",
            "FROM python:3.11-slim\nCOPY --from=b /root/.local/lib/python3.11/site-packages /usr/local/lib/python3.11/site-packages\n",
        ] {
            assert_diagnostics("DX205", &format!("{BUILDER}{runtime}"), &[]);
        }
    }

    #[test]
    fn root_home_under_a_non_root_user() {
        let text = format!("{BUILDER}FROM gcr.io/distroless/python3-debian12:nonroot\nENV PYTHONPATH=/root/.local/lib/python3.11/site-packages\nCOPY --from=b /root/.local/lib/python3.11/site-packages /root/.local/lib/python3.11/site-packages\n");
        let found = lint_codes("DX205", &text);
        assert_eq!(found.len(), 1);
        assert!(found[0].contains("/root is mode 700 in gcr.io/distroless/python3-debian12:nonroot and this stage runs as 65532"), "{found:?}");
        assert!(fix_all("DX205", &text, true).ends_with(" /usr/local/lib/python3.11/dist-packages\n"));
        // Copying the whole user base there has no automatic fix.
        let text = format!("{BUILDER}FROM gcr.io/distroless/python3-debian12\nUSER 65532\nCOPY --from=b /root/.local /root/.local\n");
        let found = crate::test::lint_rule("DX205", &text);
        assert_eq!(found.len(), 1);
        assert!(found[0].fix.is_none());
    }

    #[test]
    fn context_copies_and_unknown_values() {
        let text = "FROM gcr.io/distroless/python3-debian13\nCOPY vendor/ /opt/lib/site-packages/\n";
        assert_eq!(lint_codes("DX205", text).len(), 1);
        let text = "FROM gcr.io/distroless/python3-debian13\nARG P\nENV PYTHONPATH=$P\nCOPY vendor/ /opt/lib/site-packages/\n";
        assert_diagnostics("DX205", text, &[]);
        let text = "FROM gcr.io/distroless/python3-debian13\nENV PYTHONPATH=\"/app\"\nCOPY vendor/ /opt/lib/site-packages/\n";
        assert!(fix_all("DX205", text, true).contains("ENV PYTHONPATH=\"/app:/opt/lib/site-packages\"\n"));
    }
}
