//! DX402: a distroless stage copies a builder's whole `/bin`, `/usr/bin`, `/sbin` or `/usr/sbin`.

use crate::analysis::runtime::{copies_from_elsewhere, dir_key, is_shellless_runtime, source_facts, source_label};
use crate::rule::{LintContext, Rule};

/// The directories that hold a shell and coreutils.
pub(crate) const SHELL_DIRS: &[&str] = &["/bin", "/usr/bin", "/sbin", "/usr/sbin"];

crate::declare_rule! {
    /// ## What it does
    /// Flags a `COPY --from` into a shell-less stage (distroless, Chainguard without `-dev`, or an
    /// image the profile lists in `runtime.shell_less_images`) whose source is the whole `/bin`,
    /// `/usr/bin`, `/sbin` or `/usr/sbin` of a stage or image that has a shell.
    ///
    /// Off by default; the `lucid` profile turns it on (`"copy-shell-into-distroless" = "on"` in
    /// any profile's or config's `[rules]`).
    ///
    /// ## Why is this bad?
    /// Those directories hold the builder's shell (`sh`, `bash`, `dash`) and coreutils, so the
    /// runtime image gets a shell back: exactly the attack surface distroless leaves out. Copied to
    /// another place (`/app/usr/bin`) they are still there for anyone who gets code execution.
    /// The Lucid pattern: "Never copy system linkers/runtimes from builder into distroless base".
    ///
    /// ## Example
    /// ```dockerfile,expect_diagnostic,profile-lucid
    /// FROM debian:12-slim AS build
    /// RUN apt-get update && apt-get install -y --no-install-recommends jq
    /// FROM gcr.io/distroless/base-debian12
    /// COPY --from=build /usr/bin /usr/bin
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile,profile-lucid
    /// FROM debian:12-slim AS build
    /// RUN apt-get update && apt-get install -y --no-install-recommends jq
    /// FROM gcr.io/distroless/base-debian12
    /// COPY --from=build /usr/bin/jq /usr/bin/jq
    /// ```
    ///
    /// ## References
    /// - [distroless: why](https://github.com/GoogleContainerTools/distroless#why-should-i-use-distroless-images)
    pub CopyShellIntoDistroless {
        code: "DX402",
        name: "copy-shell-into-distroless",
        severity: Warning,
        default: Off,
    }
}

impl Rule for CopyShellIntoDistroless {
    fn check(&self, ctx: &mut LintContext<'_>) {
        let model = ctx.model;
        for stage in &model.stages {
            if !stage.facts.as_deref().is_some_and(is_shellless_runtime) {
                continue;
            }
            for (i, sources) in copies_from_elsewhere(model, stage) {
                for (source, range) in sources {
                    let dir = dir_key(&source);
                    if !SHELL_DIRS.contains(&dir) {
                        continue;
                    }
                    if source_facts(model, i, ctx.settings).is_some_and(|f| f.lacks_bin_sh()) {
                        break;
                    }
                    let Some(from) = source_label(model, i) else { break };
                    let image = model.image_label(stage.index).unwrap_or_else(|| "this image".to_owned());
                    let message = format!(
                        "this copies the whole {dir} of {from} into {image}: it brings that image's shell (sh, bash or dash) and coreutils along, so the runtime has a shell again, the attack surface distroless leaves out; copy only the programs the service needs"
                    );
                    ctx.report(range, message);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::runtime::test_support::lint_profile;

    #[test]
    fn whole_system_dirs_from_shell_images() {
        let text = "FROM debian:12 AS b\nFROM gcr.io/distroless/static AS d\nFROM gcr.io/distroless/cc-debian12\nCOPY --from=b /usr/bin/ /app/usr/bin\nCOPY --from=b /bin/* /bin/\nCOPY --from=b /usr/bin/jq /usr/bin/jq\nCOPY --from=d /usr/bin /x\nCOPY --from=busybox:1.37 /bin /busybox\n";
        let found = lint_profile("DX402", "lucid", text);
        assert_eq!(found.len(), 3, "{found:#?}");
        assert!(found[0].starts_with("4:15-4:24 this copies the whole /usr/bin of the `b` stage (debian:12) into gcr.io/distroless/cc-debian12"));
        assert!(found[2].starts_with("8:26-8:30 this copies the whole /bin of the image busybox:1.37"));
        // Not into a shell-less stage.
        assert!(lint_profile("DX402", "lucid", "FROM debian:12 AS b\nFROM alpine:3\nCOPY --from=b /usr/bin /usr/bin\n").is_empty());
    }
}
