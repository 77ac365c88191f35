//! DX702: an apt cache mount in a Debian-based stage that still has `docker-clean`.

use distrolint_syntax::Keyword;

use crate::analysis::platform::run_mounts;
use crate::diagnostic::Fix;
use crate::fixes::insert_line_before;
use crate::model::Model;
use crate::rule::{LintContext, Rule};
use crate::shell::Command;

crate::declare_rule! {
    /// ## What it does
    /// Flags `RUN --mount=type=cache,target=/var/cache/apt` around `apt-get` in a Debian or
    /// Ubuntu based stage, when neither an earlier `RUN` of the stage (or of the stages it is
    /// built `FROM`) nor the same `RUN`, before apt runs, removes
    /// `/etc/apt/apt.conf.d/docker-clean`.
    ///
    /// ## Why is this bad?
    /// Debian and Ubuntu images ship `/etc/apt/apt.conf.d/docker-clean`, which deletes
    /// `/var/cache/apt/archives/*.deb` after every install. The cache mount therefore never
    /// keeps a package, and every build downloads them all again. (`/var/lib/apt/lists` is not
    /// touched by it.)
    ///
    /// ## Example
    /// ```dockerfile,expect_diagnostic
    /// FROM python:3.11-slim-bookworm
    /// RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    ///     apt-get update && apt-get install -y --no-install-recommends gcc
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.11-slim-bookworm
    /// RUN rm -f /etc/apt/apt.conf.d/docker-clean
    /// RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    ///     apt-get update && apt-get install -y --no-install-recommends gcc
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: the fix inserts the Dockerfile reference's two steps before the `RUN`
    /// (`rm -f /etc/apt/apt.conf.d/docker-clean`, and `Keep-Downloaded-Packages`, which only
    /// `apt` needs). Later `RUN`s of the stage that install without the cache mount then leave
    /// their `.deb` files in the image.
    ///
    /// ## References
    /// - [Dockerfile reference: cache apt packages](https://docs.docker.com/reference/dockerfile/#example-cache-apt-packages)
    pub AptCacheMountIneffective {
        code: "DX702",
        name: "apt-cache-mount-ineffective",
        severity: Info,
        fix: Sometimes,
    }
}

impl Rule for AptCacheMountIneffective {
    fn check(&self, ctx: &mut LintContext<'_>) {
        let model = ctx.model;
        let instructions = model.instructions();
        // The instructions that mention docker-clean, found once per file.
        let mentions: Vec<usize> = (0..instructions.len())
            .filter(|&j| instructions[j].keyword == Keyword::Run && model.file.slice(instructions[j].range).contains("docker-clean"))
            .collect();
        for stage in &model.stages {
            if !stage.facts.as_ref().is_some_and(|f| f.os.is_debian_like()) {
                continue;
            }
            let mut fixed = false;
            for i in stage.instructions() {
                let ins = &instructions[i];
                if ins.keyword != Keyword::Run {
                    continue;
                }
                let Some(mount) = run_mounts(model, i).iter().find(|m| m.caches("/var/cache/apt")) else { continue };
                let Some(first_apt) = first_apt_command(model, i) else { continue };
                if cleaned_before(model, &mentions, stage.index, i) || cleaned_in_run(model, i, first_apt) {
                    continue;
                }
                let image = model.image_label(stage.index).unwrap_or_default();
                let message = format!("this apt cache mount keeps no packages: {image} is Debian-based, and its /etc/apt/apt.conf.d/docker-clean deletes the downloaded .deb files after every install, so each build downloads them again; remove docker-clean first");
                let fix = (!fixed).then(|| {
                    fixed = true;
                    let line = "RUN rm -f /etc/apt/apt.conf.d/docker-clean && echo 'Binary::apt::APT::Keep-Downloaded-Packages \"true\";' > /etc/apt/apt.conf.d/keep-cache";
                    Fix::unsafe_("Remove docker-clean in a RUN before this one", vec![insert_line_before(ctx.text(), ins.range.start(), line)])
                });
                ctx.report(mount.range, message).set_fix(fix);
            }
        }
    }
}

/// The offset, in the first script, of the first `apt-get` or `apt` command of a `RUN`.
fn first_apt_command(model: &Model<'_>, run: usize) -> Option<(usize, u32)> {
    model.run_scripts(run).iter().enumerate().find_map(|(index, script)| {
        script.script.commands().map(|c| c.effective()).find(|c| c.is("apt-get") || c.is("apt")).map(|c| (index, c.range().start()))
    })
}

/// Whether a command removes or overwrites `docker-clean`.
pub(crate) fn removes_docker_clean(command: &Command<'_>) -> bool {
    let command = command.effective();
    let names_it = |raw: &str| raw.contains("docker-clean");
    let by_argument = ["rm", "mv", "unlink", "truncate", "ln", "cp"].iter().any(|n| command.is(n)) && command.args().iter().any(|w| names_it(w.raw()));
    by_argument || command.redirects().iter().any(|r| names_it(r.target().raw()))
}

fn cleaned_before(model: &Model<'_>, mentions: &[usize], stage: usize, run: usize) -> bool {
    mentions.iter().take_while(|&&j| j < run).any(|&j| {
        model.stage_of(j).is_some_and(|s| model.chain(stage).any(|c| c.index == s.index))
            && model.run_scripts(j).iter().any(|script| script.script.commands().any(|c| removes_docker_clean(&c)))
    })
}

fn cleaned_in_run(model: &Model<'_>, run: usize, (script, before): (usize, u32)) -> bool {
    model.run_scripts(run).iter().enumerate().any(|(index, s)| {
        index <= script && s.script.commands().any(|c| (index < script || c.range().start() < before) && removes_docker_clean(&c))
    })
}

#[cfg(test)]
mod tests {
    use crate::test::{assert_diagnostics, fix_all, lint_rule};

    #[test]
    fn debian_stage_without_docker_clean_removal() {
        let text = "FROM debian:12\nRUN --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y gcc\n";
        let found = lint_rule("DX702", text);
        assert_eq!(found.len(), 1);
        assert!(found[0].message.starts_with("this apt cache mount keeps no packages: debian:12 is Debian-based"), "{}", found[0].message);
        let fixed = fix_all("DX702", text, true);
        assert!(fixed.starts_with("FROM debian:12\nRUN rm -f /etc/apt/apt.conf.d/docker-clean && echo"), "{fixed}");
        assert!(lint_rule("DX702", &fixed).is_empty());
    }

    #[test]
    fn removal_before_apt_or_in_an_ancestor_counts() {
        assert_diagnostics("DX702", "FROM debian:12\nRUN --mount=type=cache,target=/var/cache/apt rm -f /etc/apt/apt.conf.d/docker-clean && apt-get update\n", &[]);
        assert_diagnostics("DX702", "FROM debian:12 AS base\nRUN echo > /etc/apt/apt.conf.d/docker-clean\nFROM base\nRUN --mount=type=cache,target=/var/cache/apt apt-get update\n", &[]);
        assert_eq!(lint_rule("DX702", "FROM debian:12\nRUN --mount=type=cache,target=/var/cache/apt apt-get update && rm /etc/apt/apt.conf.d/docker-clean\n").len(), 1);
        // Not Debian, unknown, or no apt in the RUN.
        assert_diagnostics("DX702", "FROM alpine:3.20\nRUN --mount=type=cache,target=/var/cache/apt apt-get update\nFROM ghcr.io/x/y:1\nRUN --mount=type=cache,target=/var/cache/apt apt-get update\nFROM debian:12\nRUN --mount=type=cache,target=/var/cache/apt true\n", &[]);
    }
}
