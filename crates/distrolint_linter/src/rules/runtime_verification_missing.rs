//! DX805 (profile): a distroless Python final stage copies packages but never verifies them.

use distrolint_syntax::{Args, Keyword};

use crate::analysis::packaging::{Copied, copy_parts, env_value, site_dir_in};
use crate::diagnostic::Fix;
use crate::fixes::exec_form;
use crate::rule::{LintContext, Rule};
use crate::analysis::runtime::first_line;

crate::declare_rule! {
    /// ## What it does
    /// Flags the final stage of a shell-less Python image (distroless `python3`) that copies
    /// packages (a `site-packages` or `dist-packages` directory, a user base, a venv) but has no
    /// exec-form `RUN ["python3", "-c", "...assert..."]` after the last such `COPY`.
    ///
    /// This is a profile rule: it is off unless a profile turns it on, as the built-in `lucid`
    /// profile does (or a profile with `runtime.require_runtime_verification = true`, or
    /// `[rules] "runtime-verification-missing" = "on"`).
    ///
    /// ## Why is this bad?
    /// A `COPY` of the wrong directory, or of an empty one, builds fine and fails only when the
    /// service starts. An exec-form check in the runtime stage moves that failure to build time.
    /// The check must not `sys.path.insert(...)`: that would hide a directory Python does not
    /// search (`site-packages-not-on-syspath`).
    ///
    /// ## Example
    /// ```dockerfile,expect_diagnostic,profile-lucid
    /// FROM python:3.11-slim-bookworm AS builder
    /// RUN pip install --user fastapi==0.115.0
    ///
    /// FROM gcr.io/distroless/python3-debian12
    /// COPY --from=builder /root/.local/lib/python3.11/site-packages /usr/local/lib/python3.11/dist-packages
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile,profile-lucid
    /// FROM python:3.11-slim-bookworm AS builder
    /// RUN pip install --user fastapi==0.115.0
    ///
    /// FROM gcr.io/distroless/python3-debian12
    /// COPY --from=builder /root/.local/lib/python3.11/site-packages /usr/local/lib/python3.11/dist-packages
    /// RUN ["python3", "-c", "import os; sp = '/usr/local/lib/python3.11/dist-packages'; assert os.listdir(sp), sp; import fastapi"]
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe. Inserted after the last package `COPY`:
    /// `RUN ["python3", "-c", "import os; sp = '<dir>'; assert os.path.isdir(sp) and os.listdir(sp), sp; ..."]`,
    /// which also asserts that the profile's marker file is there and not empty when the profile
    /// has `builder.require_markers`. The build then fails where it did not before, which is the
    /// point, but review it. When `ENV PATH` would find another `python3` first, the image's
    /// interpreter path is used instead.
    ///
    /// ## References
    /// - The Lucid pattern (`lucid-pattern/000_*`), "Runtime Verification of Packages"
    pub RuntimeVerificationMissing {
        code: "DX805",
        name: "runtime-verification-missing",
        severity: Info,
        fix: Sometimes,
        default: Off,
    }
}

impl Rule for RuntimeVerificationMissing {
    fn check(&self, ctx: &mut LintContext<'_>) {
        let model = ctx.model;
        let Some(stage) = model.target() else { return };
        let Some(facts) = stage.facts.as_deref() else { return };
        let Some(python) = facts.python.as_ref().filter(|_| facts.lacks_bin_sh()) else { return };
        let packaging = model.packaging();
        let mut last: Option<(usize, String)> = None;
        for i in stage.instructions() {
            if !matches!(model.instructions()[i].keyword, Keyword::Copy | Keyword::Add) {
                continue;
            }
            let from_builder = packaging.copies.iter().filter(|c| c.instruction == i).find_map(|c| match c.copied {
                Copied::Packages(_) => c.runtime_site.clone(),
                Copied::Venv => {
                    let version = c.version.as_deref().or(python.version.as_deref())?;
                    Some(format!("{}/lib/python{version}/site-packages", c.runtime_dir.as_deref()?))
                }
                Copied::Wheels => None,
            });
            let site = from_builder.or_else(|| copy_parts(model, i)?.dest.as_deref().and_then(site_dir_in));
            if let Some(site) = site {
                last = Some((i, site));
            }
        }
        let Some((copy, site)) = last else { return };
        let verified = stage.instructions().filter(|&i| i > copy).any(|i| {
            let ins = &model.instructions()[i];
            let (Keyword::Run, Args::Exec(exec)) = (ins.keyword, &ins.args) else { return false };
            let argv: Vec<&str> = exec.argv().collect();
            let program = argv.first().map_or("", |p| p.rsplit('/').next().unwrap_or(p));
            program.starts_with("python")
                && argv.windows(2).any(|pair| pair[0] == "-c" && pair[1].contains("assert"))
        });
        if verified {
            return;
        }
        let image = model.image_label(stage.index).unwrap_or_default();
        let message = format!(
            "nothing in {image} verifies the packages copied to {site} at build time: an empty or misdirected COPY then fails only when the service starts; add an exec-form `RUN [\"python3\", \"-c\", ...]` that asserts they are there"
        );
        let fix = verification_fix(ctx, stage.index, copy, &site, &python.interpreter);
        ctx.report(first_line(ctx.text(), &model.instructions()[copy]), message).set_fix(fix);
    }
}

fn verification_fix(ctx: &LintContext<'_>, stage: usize, copy: usize, site: &str, interpreter: &str) -> Option<Fix> {
    let model = ctx.model;
    if site.contains(['\'', '\\', '\n']) {
        return None;
    }
    let profile = ctx.settings.profile.as_ref();
    let mut script = format!("import os; sp = '{site}'; assert os.path.isdir(sp) and os.listdir(sp), sp; ");
    if profile.is_some_and(|p| p.builder.require_markers) {
        let marker = profile.and_then(|p| p.builder.marker_file.clone()).unwrap_or_else(|| ".lucid-marker".to_owned());
        if marker.contains(['\'', '\\', '/']) {
            return None;
        }
        script.push_str(&format!("m = os.path.join(sp, '{marker}'); assert os.path.getsize(m) > 0, m; "));
    }
    script.push_str("print('packages verified')");
    // `python3` unless `ENV PATH` finds another one (a copied venv) before the image's.
    let facts = model.stages[stage].facts.as_deref()?;
    let path = env_value(model, stage, copy + 1, "PATH").unwrap_or_default();
    let first = path
        .split(':')
        .filter(|d| d.starts_with('/'))
        .map(|d| format!("{}/python3", d.trim_end_matches('/')))
        .find(|p| facts.has_path(p) || crate::analysis::packaging::exists_in_stage(model, stage, p));
    let program = if first.is_some_and(|p| facts.has_path(&p)) { "python3" } else { interpreter };
    let line = format!("RUN {}", exec_form(&[program, "-c", &script]));
    let edit = crate::fixes::insert_lines_after(model.file, model.instructions()[copy].range.start(), &format!("{line}\n"))?;
    Some(Fix::unsafe_("Verify the copied packages at build time", vec![edit]))
}

#[cfg(test)]
mod tests {
    use crate::test::{assert_diagnostics, fix_all, lint_codes};

    const BUILDER: &str = "FROM python:3.11-slim-bookworm AS b\nRUN pip install --user x\n";

    #[test]
    fn copied_packages_need_a_check() {
        let text = format!("{BUILDER}FROM gcr.io/distroless/python3-debian12\nCOPY --from=b /root/.local/lib/python3.11/site-packages /usr/local/lib/python3.11/dist-packages\nCOPY app.py /app/\n");
        assert_diagnostics("DX805", &text, &[
            "4:1-4:96 nothing in gcr.io/distroless/python3-debian12 verifies the packages copied to /usr/local/lib/python3.11/dist-packages at build time: an empty or misdirected COPY then fails only when the service starts; add an exec-form `RUN [\"python3\", \"-c\", ...]` that asserts they are there",
        ]);
        let fixed = fix_all("DX805", &text, true);
        assert!(fixed.contains("/usr/local/lib/python3.11/dist-packages\nRUN [\"python3\", \"-c\", \"import os; sp = '/usr/local/lib/python3.11/dist-packages'; assert os.path.isdir(sp) and os.listdir(sp), sp; print('packages verified')\"]\nCOPY app.py"), "{fixed}");
        assert!(lint_codes("DX805", &fixed).is_empty());
    }

    #[test]
    fn a_venv_first_on_path_gets_the_image_interpreter() {
        let text = "FROM python:3.11-slim-bookworm AS b\nRUN python -m venv /venv\nFROM gcr.io/distroless/python3-debian12\nENV PATH=/venv/bin:$PATH\nCOPY --from=b /venv /venv";
        let fixed = fix_all("DX805", text, true);
        assert!(fixed.ends_with("COPY --from=b /venv /venv\nRUN [\"/usr/bin/python3.11\", \"-c\", \"import os; sp = '/venv/lib/python3.11/site-packages'; assert os.path.isdir(sp) and os.listdir(sp), sp; print('packages verified')\"]"), "{fixed}");
    }

    #[test]
    fn verified_or_not_distroless() {
        let text = format!("{BUILDER}FROM gcr.io/distroless/python3-debian12\nCOPY --from=b /root/.local /root/.local\nRUN [\"python3\", \"-c\", \"import x; assert x\"]\n");
        assert_diagnostics("DX805", &text, &[]);
        let text = format!("{BUILDER}FROM python:3.11-slim-bookworm\nCOPY --from=b /root/.local /root/.local\n");
        assert_diagnostics("DX805", &text, &[]);
    }
}
