//! DX113: the final stage is a distroless `:debug` image.

use distrolint_syntax::{Args, Keyword};

use crate::analysis::base::{Program, exec_program, find_program, from_images};
use crate::diagnostic::{Edit, Fix};
use crate::images::{self, ImageKind};
use crate::model::{Model, Setting};
use crate::rule::{LintContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Flags a final stage (the last one, or the profile's `target_stage`) built on a distroless
    /// `:debug` or `:debug-nonroot` image, directly or through `FROM <stage>`.
    ///
    /// ## Why is this bad?
    /// The debug images add BusyBox: a shell at `/busybox/sh` and about 400 tools (`wget`, `nc`,
    /// `vi`, ...), all on `PATH`. That is what distroless leaves out on purpose: shipping it to
    /// production gives an attacker a shell and tools, and widens the scanned surface.
    ///
    /// ## Example
    /// ```dockerfile,expect_diagnostic
    /// FROM gcr.io/distroless/static-debian12:debug-nonroot
    /// COPY app /app
    /// ENTRYPOINT ["/app"]
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM gcr.io/distroless/static-debian12:nonroot
    /// COPY app /app
    /// ENTRYPOINT ["/app"]
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe, and offered only when the stage does not visibly use BusyBox: no `SHELL`, no
    /// shell-form instruction, no `/busybox` path, no program found under `/busybox`, and, for
    /// `static`, `base`, `base-nossl`, `cc` and `java-base` (whose debug `ENTRYPOINT` is
    /// `/busybox/sh` but whose non-debug one is empty), an `ENTRYPOINT` of its own. The tag
    /// `debug` becomes `latest` and `debug-nonroot` becomes `nonroot`, keeping an architecture
    /// suffix. The application itself might still start a shell at run time.
    ///
    /// ## References
    /// - [distroless README: debug images](https://github.com/GoogleContainerTools/distroless#debug-images)
    pub DistrolessDebugInFinal {
        code: "DX113",
        name: "distroless-debug-in-final",
        severity: Warning,
        fix: Sometimes,
    }
}

impl Rule for DistrolessDebugInFinal {
    fn check(&self, ctx: &mut LintContext<'_>) {
        let model = ctx.model;
        let Some(target) = model.target() else { return };
        let root = model.root(target.index).index;
        let Some(from) = from_images(model).find(|f| f.stage.index == root) else { return };
        let Some(facts) = from.stage.facts.as_ref() else { return };
        if facts.kind != ImageKind::Distroless || !facts.debug_variant {
            return;
        }
        let Some(tag) = from.image.tag.as_deref() else { return };
        let new_tag = match tag.strip_prefix("debug-nonroot") {
            Some(rest) => format!("nonroot{rest}"),
            None => format!("latest{}", tag.strip_prefix("debug").unwrap_or_default()),
        };
        let image = from.image.familiar_name();
        let mut message = format!("the final image is {image}:{tag}, which adds BusyBox (a shell at /busybox/sh and tools such as wget and nc on PATH): a production image should not have them; use `:{new_tag}`");
        let blocker = if from.image.digest.is_some() {
            Some("the digest, not the tag, selects the image")
        } else {
            uses_busybox(model, target.index).or_else(|| {
                let mut release = from.image.clone();
                release.tag = Some(new_tag.clone());
                let plain = images::lookup(&release)?;
                let own_entrypoint = matches!(model.end_state(target.index).entrypoint, Setting::Instruction(_));
                (plain.entrypoint != facts.entrypoint && !own_entrypoint)
                    .then_some("the debug image's ENTRYPOINT is /busybox/sh and this stage sets no ENTRYPOINT of its own")
            })
        };
        if let Some(why) = blocker {
            message.push_str(&format!(" (not rewritten automatically: {why})"));
        }
        let fix = blocker.is_none().then(|| from.tag_range()).flatten().map(|range| {
            Fix::unsafe_(format!("Use the tag `{new_tag}` (no BusyBox)"), vec![Edit::replace(range, new_tag.clone())])
        });
        ctx.report(from.tag_or_word(), message).set_fix(fix);
    }
}

/// Why the stage chain seems to rely on BusyBox, if it does.
fn uses_busybox(model: &Model<'_>, stage: usize) -> Option<&'static str> {
    let instructions = model.instructions();
    for s in model.chain(stage) {
        for i in s.instructions() {
            let ins = &instructions[i];
            if ins.keyword == Keyword::Shell {
                return Some("the stage sets a SHELL");
            }
            let shell_form = match (&ins.keyword, &ins.args) {
                (Keyword::Run | Keyword::Cmd | Keyword::Entrypoint, Args::Shell(_)) => true,
                (Keyword::Healthcheck, Args::Healthcheck(h)) => matches!(*h.cmd, Args::Shell(_)),
                _ => false,
            };
            if shell_form {
                return Some("the stage has shell-form instructions, which need a shell");
            }
            if ins.line.text().contains("/busybox") {
                return Some("the stage uses /busybox");
            }
            if let Some(program) = exec_program(model, i) {
                if let Program::Found { path } = find_program(model, i, program.argv0()) {
                    if path.starts_with("/busybox/") {
                        return Some("the stage runs a BusyBox tool");
                    }
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use crate::test::{assert_diagnostics, fix_all, lint_rule};

    #[test]
    fn debug_final_stage() {
        let text = "FROM gcr.io/distroless/static-debian12:debug-nonroot-arm64\nCOPY app /app\nENTRYPOINT [\"/app\"]\n";
        assert_diagnostics("DX113", text, &[
            "1:40-1:59 the final image is gcr.io/distroless/static-debian12:debug-nonroot-arm64, which adds BusyBox (a shell at /busybox/sh and tools such as wget and nc on PATH): a production image should not have them; use `:nonroot-arm64`",
        ]);
        assert_eq!(fix_all("DX113", text, true), "FROM gcr.io/distroless/static-debian12:nonroot-arm64\nCOPY app /app\nENTRYPOINT [\"/app\"]\n");
        assert_eq!(fix_all("DX113", text, false), text);
        // Only the final stage counts, and python keeps its interpreter entrypoint.
        let text = "FROM gcr.io/distroless/static:debug AS dbg\nFROM gcr.io/distroless/python3-debian13:debug AS rt\nFROM rt\nCMD [\"app.py\"]\n";
        assert_eq!(fix_all("DX113", text, true), "FROM gcr.io/distroless/static:debug AS dbg\nFROM gcr.io/distroless/python3-debian13:latest AS rt\nFROM rt\nCMD [\"app.py\"]\n");
    }

    #[test]
    fn no_fix_when_busybox_is_used() {
        for text in [
            "FROM gcr.io/distroless/base-debian12:debug\nSHELL [\"/busybox/sh\", \"-c\"]\nRUN mkdir /x\nENTRYPOINT [\"/app\"]\n",
            "FROM gcr.io/distroless/base-debian12:debug\nENTRYPOINT [\"/app\"]\nHEALTHCHECK CMD [\"wget\", \"-q\", \"http://localhost/\"]\n",
            "FROM gcr.io/distroless/base-debian12:debug\nCOPY app /app\n",
            "FROM gcr.io/distroless/base-debian12:debug@sha256:7cc4b5aefd1d0cadf8d97d4350462ba51c694ebca145b08d7d41b41acc8db5aa\nENTRYPOINT [\"/app\"]\n",
        ] {
            let found = lint_rule("DX113", text);
            assert_eq!(found.len(), 1, "{text}");
            assert!(found[0].fix.is_none(), "{text}");
            assert!(found[0].message.contains("(not rewritten automatically: "), "{text}");
        }
        assert!(lint_rule("DX113", "FROM gcr.io/distroless/base-debian12:nonroot\nFROM cgr.dev/chainguard/python:latest-dev\n").is_empty());
    }
}
