//! DX703: `rm -rf /var/lib/apt/lists` inside a `RUN` whose cache mount holds those lists.

use distrolint_syntax::{Keyword, TextRange};

use crate::analysis::platform::run_mounts;
use crate::diagnostic::{Edit, Fix};
use crate::model::run::{RunScript, ScriptOrigin};
use crate::rule::{LintContext, Rule};
use crate::shell::{Command, Operator, Word};

crate::declare_rule! {
    /// ## What it does
    /// Flags an `rm` of `/var/lib/apt/lists` (or of `/var/lib/apt`) in a `RUN` that mounts a
    /// cache at `/var/lib/apt` or `/var/lib/apt/lists`.
    ///
    /// ## Why is this bad?
    /// The cache mount exists to keep apt's package lists between builds; deleting them inside
    /// the same `RUN` empties the cache every time, so `apt-get update` downloads everything
    /// again. The lists are on the mount, not in the image, so deleting them does not make the
    /// image smaller either. The Lucid pattern's template does this before and after
    /// `apt-get update`.
    ///
    /// ## Example
    /// ```dockerfile,expect_diagnostic
    /// FROM python:3.11-slim-bookworm
    /// RUN --mount=type=cache,target=/var/cache/apt --mount=type=cache,target=/var/lib/apt \
    ///     apt-get update && apt-get install -y --no-install-recommends gcc \
    ///     && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.11-slim-bookworm
    /// RUN --mount=type=cache,target=/var/cache/apt --mount=type=cache,target=/var/lib/apt \
    ///     apt-get update && apt-get install -y --no-install-recommends gcc
    /// ```
    ///
    /// ## Fix safety
    /// Safe: the `rm` (or just its `/var/lib/apt/lists` operand, when it removes other paths
    /// too) is deleted; the lists live on the mount, and `apt-get update` refreshes them. Only
    /// offered when the mounts cover both `/var/lib/apt` and `/var/cache/apt`, or
    /// `/var/lib/apt/lists` itself, so that `apt-lists-not-deleted` (DL3009) does not ask for
    /// the `rm` back, and only for `rm` commands joined by `&&`, `;` or line breaks.
    ///
    /// ## References
    /// - [Dockerfile reference: RUN --mount=type=cache](https://docs.docker.com/reference/dockerfile/#run---mounttypecache)
    pub AptCacheMountWiped {
        code: "DX703",
        name: "apt-cache-mount-wiped",
        severity: Info,
        fix: Sometimes,
    }
}

impl Rule for AptCacheMountWiped {
    fn check(&self, ctx: &mut LintContext<'_>) {
        let model = ctx.model;
        for (i, ins) in model.instructions().iter().enumerate() {
            let run = ins.onbuild().unwrap_or(ins);
            if run.keyword != Keyword::Run {
                continue;
            }
            let mounts = run_mounts(model, i);
            let Some(mount) = mounts.iter().find(|m| m.caches("/var/lib/apt")) else { continue };
            let target = mount.target.unwrap_or_default();
            let fixable = mounts.iter().any(|m| m.caches("/var/lib/apt/lists")) || mounts.iter().any(|m| m.caches("/var/cache/apt"));
            for script in model.run_scripts(i) {
                for command in script.script.commands() {
                    let command = command.effective();
                    if !command.is("rm") {
                        continue;
                    }
                    let operands: Vec<&Word<'_>> = command.args().iter().filter(|w| !w.raw().starts_with('-')).collect();
                    for word in &operands {
                        let Some(path) = word.unquoted() else { continue };
                        if !(path.starts_with("/var/lib/apt/lists") || path.trim_end_matches('/') == "/var/lib/apt") {
                            continue;
                        }
                        let message = format!("`rm {path}` empties the cache mounted at {target} on every build, so `apt-get update` downloads all lists again; the lists are on the mount, not in the image, so there is nothing to clean up");
                        let fix = if fixable { deletion(script, &command, word, operands.len()) } else { None };
                        let diagnostic = ctx.report(script.source_range(word.range()), message);
                        if let Some(edit) = fix {
                            diagnostic.set_fix(Fix::safe(format!("Delete the removal of {path}"), vec![edit]));
                        }
                    }
                }
            }
        }
    }
}

/// The edit that deletes `word` from `command`, or the whole command when it is the only operand.
fn deletion(script: &RunScript<'_>, command: &Command<'_>, word: &Word<'_>, operands: usize) -> Option<Edit> {
    if script.origin == ScriptOrigin::ShellC || command.in_substitution() || command.pipeline_len() > 1 {
        return None;
    }
    let source = script.script.source();
    if operands > 1 {
        let words = command.words();
        let at = words.iter().position(|w| w.range() == word.range())?;
        let start = words.get(at.checked_sub(1)?)?.range().end();
        return Some(Edit::delete(script.source_range(TextRange::new(start, word.range().end()))));
    }
    let separator = |between: &str| {
        let rest = between.replace("\\\n", "").replace("\\\r\n", "");
        matches!(rest.trim(), "&&" | ";" | "")
    };
    let index = command.index();
    let next = script.script.command(index + 1);
    let range = command.range();
    if command.joined_by() == Operator::Start {
        let next = next.filter(|n| matches!(n.joined_by(), Operator::And | Operator::Semicolon | Operator::Newline))?;
        if !separator(&source[range.end() as usize..next.range().start() as usize]) {
            return None;
        }
        return Some(Edit::delete(script.source_range(TextRange::new(range.start(), next.range().start()))));
    }
    if !matches!(command.joined_by(), Operator::And | Operator::Semicolon | Operator::Newline) {
        return None;
    }
    let prev = script.script.command(index.checked_sub(1)?)?;
    if !separator(&source[prev.range().end() as usize..range.start() as usize]) {
        return None;
    }
    Some(Edit::delete(script.source_range(TextRange::new(prev.range().end(), range.end()))))
}

#[cfg(test)]
mod tests {
    use crate::test::{fix_all, lint_rule};

    #[test]
    fn the_lucid_template_before_and_after_update() {
        let text = "FROM python:3.11-slim-bookworm\nRUN --mount=type=cache,target=/var/cache/apt,sharing=locked \\\n    --mount=type=cache,target=/var/lib/apt,sharing=locked \\\n    rm -rf /var/lib/apt/lists/* && \\\n    apt-get update && \\\n    apt-get install -y --no-install-recommends gcc \\\n    && apt-get clean \\\n    && rm -rf /var/lib/apt/lists/* /tmp/* /var/tmp/*\n";
        let found = lint_rule("DX703", text);
        assert_eq!(found.len(), 2);
        assert!(found[0].message.starts_with("`rm /var/lib/apt/lists/*` empties the cache mounted at /var/lib/apt on every build"));
        let fixed = fix_all("DX703", text, false);
        assert_eq!(fixed, "FROM python:3.11-slim-bookworm\nRUN --mount=type=cache,target=/var/cache/apt,sharing=locked \\\n    --mount=type=cache,target=/var/lib/apt,sharing=locked \\\n    apt-get update && \\\n    apt-get install -y --no-install-recommends gcc \\\n    && apt-get clean \\\n    && rm -rf /tmp/* /var/tmp/*\n");
        assert!(lint_rule("DX703", &fixed).is_empty());
    }

    #[test]
    fn trailing_rm_and_unfixable_cases() {
        let text = "FROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt/lists apt-get update; rm -rf /var/lib/apt/lists\n";
        assert_eq!(fix_all("DX703", text, false), "FROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt/lists apt-get update\n");
        // A mount on /var/lib/apt alone: DL3009 still wants the rm, so no fix.
        assert!(lint_rule("DX703", "FROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt apt-get update && rm -rf /var/lib/apt/lists/*\n")[0].fix.is_none());
        assert!(lint_rule("DX703", "FROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt/lists apt-get update || rm -rf /var/lib/apt/lists/*\n")[0].fix.is_none());
        assert!(lint_rule("DX703", "FROM debian:12\nRUN apt-get update && rm -rf /var/lib/apt/lists/*\nRUN --mount=type=cache,target=/var/cache/apt rm -rf /var/lib/apt/lists/*\n").is_empty());
    }
}
