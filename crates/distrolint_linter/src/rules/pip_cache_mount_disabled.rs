//! DX704: a pip cache mount together with `--no-cache-dir` or `PIP_NO_CACHE_DIR`.

use distrolint_syntax::TextRange;

use crate::analysis::platform::{line_of, run_mounts};
use crate::diagnostic::{Edit, Fix};
use crate::model::VarKind;
use crate::model::run::ScriptOrigin;
use crate::model::vars::Binding;
use crate::rule::{LintContext, Rule};
use crate::shell::Command;

crate::declare_rule! {
    /// ## What it does
    /// Flags a `RUN` that mounts a cache at pip's cache directory (`/root/.cache/pip`, or the
    /// directory `PIP_CACHE_DIR` names) while pip is told not to use a cache: `--no-cache-dir`
    /// on the pip command, or `PIP_NO_CACHE_DIR` set to `1`, `true`, `on` or `yes` by `ENV`,
    /// `ARG` or in the command.
    ///
    /// ## Why is this bad?
    /// The cache mount is there so that pip reuses downloaded and built wheels between builds;
    /// with the cache disabled it stays empty and every build downloads everything again.
    /// Because the cache is a mount, it never ends up in the image, so `--no-cache-dir` saves
    /// no space either. The Lucid pattern's template combines both.
    ///
    /// ## Example
    /// ```dockerfile,expect_diagnostic
    /// FROM python:3.11-slim-bookworm
    /// RUN --mount=type=cache,target=/root/.cache/pip pip install --no-cache-dir -r requirements.txt
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.11-slim-bookworm
    /// RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt
    /// ```
    ///
    /// ## Fix safety
    /// Safe: `--no-cache-dir` is deleted, so pip caches into the mount, which is not part of
    /// the image. `PIP_NO_CACHE_DIR` set by `ENV` is only reported: other `RUN`s without the
    /// mount may rely on it.
    ///
    /// ## References
    /// - [pip caching](https://pip.pypa.io/en/stable/topics/caching/)
    pub PipCacheMountDisabled {
        code: "DX704",
        name: "pip-cache-mount-disabled",
        severity: Info,
        fix: Sometimes,
    }
}

impl Rule for PipCacheMountDisabled {
    fn check(&self, ctx: &mut LintContext<'_>) {
        let model = ctx.model;
        for i in 0..model.instructions().len() {
            let scripts = model.run_scripts(i);
            if scripts.is_empty() {
                continue;
            }
            let mounts = run_mounts(model, i);
            if mounts.is_empty() {
                continue;
            }
            let cache_dir = match model.lookup(i, "PIP_CACHE_DIR") {
                Binding::Known(dir) if !dir.is_empty() => dir.trim_end_matches('/'),
                _ => ".cache/pip",
            };
            let Some(mount) = mounts.iter().find(|m| m.caches(".cache/pip") || m.caches(cache_dir)) else { continue };
            let target = mount.target.unwrap_or_default();
            let env = match model.lookup(i, "PIP_NO_CACHE_DIR") {
                Binding::Known(value) if truthy(value) => model
                    .stage_of(i)
                    .and_then(|s| model.chain(s.index).flat_map(|s| model.vars(s.index)).filter(|d| d.name == "PIP_NO_CACHE_DIR" && d.instruction < i).max_by_key(|d| d.instruction))
                    .map(|d| (d.kind, d.range.start())),
                _ => None,
            };
            let env_note = env.map(|(kind, at)| {
                let kind = if kind == VarKind::Env { "ENV" } else { "ARG" };
                format!(" (and `{kind} PIP_NO_CACHE_DIR` on line {} disables it for every pip command too)", line_of(ctx.text(), at))
            });
            let mut reported = false;
            for script in scripts {
                for command in script.script.commands().map(|c| c.effective()).filter(is_pip) {
                    let inline = command.assignments().iter().any(|a| a.name() == "PIP_NO_CACHE_DIR" && a.value().unquoted().is_some_and(truthy));
                    for (at, word) in command.words().iter().enumerate().filter(|(_, w)| w.literal() == Some("--no-cache-dir")) {
                        reported = true;
                        let message = format!("`--no-cache-dir` turns off pip's cache, so the cache mounted at {target} stays empty and every build downloads everything again; the mount is not in the image, so no space is saved{}", env_note.clone().unwrap_or_default());
                        let previous = command.words()[at - 1].range().end();
                        let fix = (script.origin != ScriptOrigin::ShellC)
                            .then(|| Fix::safe("Remove `--no-cache-dir`", vec![Edit::delete(script.source_range(TextRange::new(previous, word.range().end())))]));
                        ctx.report(script.source_range(word.range()), message).set_fix(fix);
                    }
                    if inline && !reported {
                        reported = true;
                        ctx.report(script.source_range(command.range()), format!("`PIP_NO_CACHE_DIR` turns off pip's cache, so the cache mounted at {target} stays empty and every build downloads everything again"));
                    }
                }
            }
            if !reported {
                if let Some((kind, at)) = env {
                    let kind = if kind == VarKind::Env { "ENV" } else { "ARG" };
                    let line = line_of(ctx.text(), at);
                    ctx.report(mount.range, format!("`{kind} PIP_NO_CACHE_DIR` (line {line}) turns off pip's cache, so the cache mounted at {target} stays empty and every build downloads everything again"));
                }
            }
        }
    }
}

fn truthy(value: &str) -> bool {
    ["1", "true", "on", "yes"].iter().any(|t| value.trim().eq_ignore_ascii_case(t))
}

fn is_pip(command: &Command<'_>) -> bool {
    let Some(name) = command.basename() else { return false };
    if name.starts_with("pip") {
        return !name.starts_with("pipx") && !name.starts_with("pipenv");
    }
    name.starts_with("python") && command.args().windows(2).any(|w| w[0].literal() == Some("-m") && w[1].literal() == Some("pip"))
}

#[cfg(test)]
mod tests {
    use crate::test::{fix_all, lint_codes};

    #[test]
    fn flag_and_env_with_a_pip_cache_mount() {
        let text = "FROM python:3.11-slim\nENV PIP_NO_CACHE_DIR=1\nRUN --mount=type=cache,target=/root/.cache/pip pip install --upgrade pip\nRUN --mount=type=cache,target=/root/.cache/pip \\\n    pip install --user --no-cache-dir -r requirements.txt\n";
        let found = lint_codes("DX704", text);
        assert_eq!(found, vec![
            "3:5-3:47 `ENV PIP_NO_CACHE_DIR` (line 2) turns off pip's cache, so the cache mounted at /root/.cache/pip stays empty and every build downloads everything again".to_owned(),
            "5:24-5:38 `--no-cache-dir` turns off pip's cache, so the cache mounted at /root/.cache/pip stays empty and every build downloads everything again; the mount is not in the image, so no space is saved (and `ENV PIP_NO_CACHE_DIR` on line 2 disables it for every pip command too)".to_owned(),
        ]);
        assert!(fix_all("DX704", text, false).ends_with("    pip install --user -r requirements.txt\n"));
    }

    #[test]
    fn other_cache_dirs_and_no_mount() {
        assert!(lint_codes("DX704", "FROM python:3.11\nRUN pip install --no-cache-dir x\nRUN --mount=type=cache,target=/root/.cache/pip pip install x\n").is_empty());
        let text = "FROM python:3.11\nENV PIP_CACHE_DIR=/pipcache\nRUN --mount=type=cache,target=/pipcache python3 -m pip install --no-cache-dir x\nRUN --mount=type=cache,target=/pipcache PIP_NO_CACHE_DIR=yes pip install x\n";
        assert_eq!(lint_codes("DX704", text).len(), 2);
    }
}
