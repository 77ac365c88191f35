//! DL3015: `apt-get install` without `--no-install-recommends`.

use crate::diagnostic::{Edit, Fix};
use crate::model::Model;
use crate::model::run::ScriptOrigin;
use crate::rule::{LintContext, Rule};
use crate::shell::Command;

crate::declare_rule! {
    /// ## What it does
    /// Flags `apt-get install` (also behind `sudo`, `env` and similar wrappers) without
    /// `--no-install-recommends` or `-o APT::Install-Recommends=false` (or `=0`), unless an
    /// earlier `RUN` of the stage or the stages it is built `FROM` writes
    /// `APT::Install-Recommends "false";` into `/etc/apt/apt.conf.d/`.
    ///
    /// ## Why is this bad?
    /// By default apt also installs every recommended package, which can double the size of
    /// the image and add software nobody asked for.
    ///
    /// ## Example
    /// ```dockerfile,expect_diagnostic
    /// FROM debian:12
    /// RUN apt-get update && apt-get install -y python3
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12
    /// RUN apt-get update && apt-get install -y --no-install-recommends python3
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: recommended packages can be load-bearing. `curl` only recommends
    /// `ca-certificates`, so HTTPS calls start failing at run time unless it is listed.
    ///
    /// ## References
    /// - hadolint DL3015
    pub AptGetInstallRecommends {
        code: "DL3015",
        name: "apt-get-install-recommends",
        aliases: &["apt-no-install-recommends", "DS-0029"],
        severity: Info,
        fix: Sometimes,
    }
}

impl Rule for AptGetInstallRecommends {
    fn check(&self, ctx: &mut LintContext<'_>) {
        let model = ctx.model;
        for i in 0..model.instructions().len() {
            let scripts = model.run_scripts(i);
            if scripts.is_empty() {
                continue;
            }
            for script in scripts {
                for command in script.script.commands_named("apt-get") {
                    let Some(install) = command.args().iter().find(|w| w.literal() == Some("install")) else { continue };
                    if declines_recommends(&command) || configured_before(model, i) {
                        continue;
                    }
                    let range = script.source_range(install.range());
                    let fix = (script.origin != ScriptOrigin::ShellC && script.is_editable(install.range()))
                        .then(|| Fix::unsafe_("Add `--no-install-recommends`", vec![Edit::insert(range.end(), " --no-install-recommends")]));
                    ctx.report(range, "`apt-get install` also installs every recommended package, which bloats the image: add `--no-install-recommends` (and list any recommended package you need, such as `ca-certificates` for `curl`)").set_fix(fix);
                }
            }
        }
    }
}

fn declines_recommends(command: &Command<'_>) -> bool {
    command.has_flag(&["no-install-recommends"])
        || command.args().iter().any(|w| {
            w.unquoted().is_some_and(|v| {
                let v = v.strip_prefix("-o").unwrap_or(v);
                v.eq_ignore_ascii_case("APT::Install-Recommends=false") || v.eq_ignore_ascii_case("APT::Install-Recommends=0")
            })
        })
}

/// Whether an earlier `RUN` in the stage chain writes `APT::Install-Recommends "false"` into apt's configuration.
fn configured_before(model: &Model<'_>, instruction: usize) -> bool {
    let Some(stage) = model.stage_of(instruction) else { return false };
    model.chain(stage.index).any(|s| {
        // Only RUNs that mention the option are lexed for it.
        s.instructions().filter(|&j| j < instruction && model.file.slice(model.instructions()[j].range).contains("Install-Recommends")).any(|j| {
            model.run_scripts(j).iter().any(|script| {
                script.script.commands().any(|c| {
                    let text: String = c.args().iter().map(|w| w.unquoted().unwrap_or_else(|| w.raw())).collect::<Vec<_>>().join(" ");
                    let into_conf = c.redirects().iter().any(|r| r.target().raw().contains("apt.conf.d")) || (c.is("tee") && text.contains("apt.conf.d"));
                    let off = text.contains("Install-Recommends") && (text.contains("\"false\"") || text.contains("\"0\"") || text.contains(" false") || text.contains(" 0;"));
                    into_conf && off
                })
            })
        })
    })
}

#[cfg(test)]
mod tests {
    use crate::test::{assert_diagnostics, fix_all};

    #[test]
    fn install_without_the_flag() {
        let text = "FROM debian:12\nRUN apt-get update && sudo apt-get install -y python3\n";
        assert_diagnostics("DL3015", text, &["2:36-2:43 `apt-get install` also installs every recommended package, which bloats the image: add `--no-install-recommends` (and list any recommended package you need, such as `ca-certificates` for `curl`)"]);
        assert_eq!(fix_all("DL3015", text, true), "FROM debian:12\nRUN apt-get update && sudo apt-get install --no-install-recommends -y python3\n");
        assert_eq!(fix_all("DL3015", text, false), text);
    }

    #[test]
    fn declined_or_configured() {
        assert_diagnostics("DL3015", "FROM debian:12\nRUN apt-get install -y --no-install-recommends python3\nRUN apt-get -o APT::Install-Recommends=false install python3\nRUN apt-get -oAPT::Install-Recommends=0 install x\nRUN apt-get update\n", &[]);
        assert_diagnostics("DL3015", "FROM debian:12 AS base\nRUN echo 'APT::Install-Recommends \"false\";' > /etc/apt/apt.conf.d/99norecommends\nFROM base\nRUN apt-get install -y python3\n", &[]);
    }
}
