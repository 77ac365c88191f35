//! DX208: pip runs on the build platform and its output is copied into a target-platform image.

use distrolint_syntax::{Flag, TextRange};

use crate::diagnostic::{Edit, Fix};
use crate::model::Model;
use crate::rule::{LintContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Flags `FROM --platform=$BUILDPLATFORM` on a stage that runs `pip install`, `pip wheel` or
    /// `pip download` (without pip's own `--platform`), when what it installs is copied into a
    /// stage built for the target platform.
    ///
    /// ## Why is this bad?
    /// `$BUILDPLATFORM` runs the stage natively on the machine doing the build, so pip fetches or
    /// compiles wheels for that machine's CPU. In a cross build (`docker buildx build --platform
    /// linux/arm64` on an amd64 host) the arm64 image then gets x86_64 extension modules, and the
    /// service fails with `ImportError` (`cannot open shared object file` or `wrong ELF class`).
    /// Native builds work, so the bug shows up only in CI or on the other architecture.
    ///
    /// ## Example
    /// ```dockerfile,expect_diagnostic
    /// FROM --platform=$BUILDPLATFORM python:3.11-slim-bookworm AS builder
    /// RUN pip install --user numpy==2.1.0
    ///
    /// FROM gcr.io/distroless/python3-debian12
    /// COPY --from=builder /root/.local /root/.local
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.11-slim-bookworm AS builder
    /// RUN pip install --user numpy==2.1.0
    ///
    /// FROM gcr.io/distroless/python3-debian12
    /// COPY --from=builder /root/.local /root/.local
    /// ```
    /// or make pip target the platform: `pip install --platform manylinux2014_aarch64
    /// --only-binary=:all: --target /deps ...`.
    ///
    /// ## Fix safety
    /// Unsafe: without `--platform=$BUILDPLATFORM` the stage runs under emulation for foreign
    /// targets (slower), and other commands in it that relied on running natively (cross
    /// compilers, `$BUILDARCH` downloads) change behaviour.
    ///
    /// ## References
    /// - [Docker: multi-platform builds](https://docs.docker.com/build/building/multi-platform/)
    /// - RULES-DISTROLESS.md F10, F11 (platform arguments)
    pub BuilderBuildplatformNativeWheels {
        code: "DX208",
        name: "builder-buildplatform-native-wheels",
        severity: Warning,
        fix: Always,
    }
}

impl Rule for BuilderBuildplatformNativeWheels {
    fn check(&self, ctx: &mut LintContext<'_>) {
        let model = ctx.model;
        if !model.stages.iter().any(|s| build_platform_flag(model, s.index).is_some()) {
            return;
        }
        let packaging = model.packaging();
        let mut reported: Vec<usize> = Vec::new();
        for copy in &packaging.copies {
            let Some((owner, flag)) = build_platform_flag(model, copy.builder) else { continue };
            if reported.contains(&owner) || build_platform_flag(model, copy.stage).is_some() {
                continue;
            }
            let chain: Vec<usize> = model.chain(copy.builder).map(|s| s.index).collect();
            let Some(pip) = packaging.pips.iter().find(|p| chain.contains(&p.stage) && !p.platform_flag) else { continue };
            reported.push(owner);
            let target = crate::analysis::packaging::stage_label(model, copy.stage);
            let message = format!(
                "this stage runs on the build machine's platform, so pip here gets wheels for that CPU; {target} is built for the target platform, and in a cross build its copied extension modules are for the wrong architecture and fail with ImportError"
            );
            let fix = Fix::unsafe_(
                "Remove `--platform=$BUILDPLATFORM` so pip runs for the target platform",
                vec![Edit::delete(flag_with_space(ctx.text(), flag.range))],
            );
            let diagnostic = ctx.report(flag.range, message);
            diagnostic.add_related(pip.range, "pip installs here");
            diagnostic.add_related(copy.src_range, format!("copied into {target} here"));
            diagnostic.set_fix(fix);
        }
    }
}

/// The nearest `FROM --platform` in a stage's chain, when it names `$BUILDPLATFORM`: the stage that
/// has it, and the flag.
fn build_platform_flag<'m>(model: &'m Model<'_>, stage: usize) -> Option<(usize, &'m Flag)> {
    let instructions = model.instructions();
    let (owner, flag) = model.chain(stage).find_map(|s| instructions[s.from].flag("platform").map(|f| (s.index, f)))?;
    flag.value_text()?.contains("BUILDPLATFORM").then_some((owner, flag))
}

/// The flag and the blanks after it.
fn flag_with_space(text: &str, range: TextRange) -> TextRange {
    let rest = &text[range.end() as usize..];
    let blanks = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    TextRange::new(range.start(), range.end() + blanks as u32)
}

#[cfg(test)]
mod tests {
    use crate::test::{assert_diagnostics, fix_all};

    #[test]
    fn build_platform_builder() {
        let text = "FROM --platform=${BUILDPLATFORM} python:3.11-slim-bookworm AS b\nRUN pip wheel -w /wheels -r requirements.txt\nFROM python:3.11-slim-bookworm\nCOPY --from=b /wheels /wheels\n";
        assert_diagnostics("DX208", text, &[
            "1:6-1:33 this stage runs on the build machine's platform, so pip here gets wheels for that CPU; python:3.11-slim-bookworm is built for the target platform, and in a cross build its copied extension modules are for the wrong architecture and fail with ImportError",
        ]);
        assert!(fix_all("DX208", text, true).starts_with("FROM python:3.11-slim-bookworm AS b\n"));
    }

    #[test]
    fn target_aware_pip_and_build_platform_runtimes_are_fine() {
        for text in [
            "FROM --platform=$BUILDPLATFORM python:3.11 AS b\nRUN pip install --platform manylinux2014_aarch64 --only-binary=:all: --target /deps x\nFROM gcr.io/distroless/python3-debian12\nCOPY --from=b /deps /deps\n",
            "FROM --platform=$BUILDPLATFORM python:3.11 AS b\nRUN pip install --user x\nFROM --platform=$BUILDPLATFORM python:3.11\nCOPY --from=b /root/.local /root/.local\n",
            "FROM --platform=$TARGETPLATFORM python:3.11 AS b\nRUN pip install --user x\nFROM gcr.io/distroless/python3-debian12\nCOPY --from=b /root/.local /root/.local\n",
            "FROM --platform=$BUILDPLATFORM python:3.11 AS b\nRUN pip install --user x\nFROM gcr.io/distroless/python3-debian12\nCOPY --from=b /app/static /app/static\n",
        ] {
            assert_diagnostics("DX208", text, &[]);
        }
    }
}
