//! DX501: an `ARG` gives BuildKit's automatic platform argument a default.

use distrolint_syntax::{Keyword, TextRange};

use crate::analysis::platform::line_of;
use crate::diagnostic::{Edit, Fix, Severity};
use crate::model::PLATFORM_ARGS;
use crate::model::vars::references;
use crate::rule::{LintContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Flags an `ARG` that gives one of BuildKit's automatic platform arguments a default:
    /// `TARGETPLATFORM`, `TARGETOS`, `TARGETARCH`, `TARGETVARIANT`, `BUILDPLATFORM`, `BUILDOS`,
    /// `BUILDARCH` or `BUILDVARIANT`, before the first `FROM` or inside a stage. It is an error
    /// when a global `TARGET*` default is used in a `FROM --platform`, because that stage then
    /// ships one platform's binaries to every platform.
    ///
    /// ## Why is this bad?
    /// BuildKit sets these arguments from `--platform` (the `TARGET*` ones) and from the machine
    /// that runs the build (the `BUILD*` ones). A default replaces that value: only
    /// `--build-arg TARGETPLATFORM=...` changes it any more. `--platform` still chooses the
    /// platform of stages without their own `FROM --platform`, so with
    /// `FROM --platform=$TARGETPLATFORM` and `ARG TARGETPLATFORM=linux/arm64` every platform of a
    /// multi-platform build gets that stage's arm64 content: amd64 users get arm64 binaries,
    /// which fail with `exec format error`. The Lucid pattern's own template has this bug.
    ///
    /// ## Example
    /// ```dockerfile,expect_diagnostic
    /// ARG TARGETPLATFORM=linux/arm64
    /// FROM --platform=$TARGETPLATFORM python:3.11-slim-bookworm
    /// ```
    ///
    /// ## Use instead
    /// Declare the argument without a default and choose the platform with `--platform`:
    /// ```dockerfile
    /// ARG TARGETPLATFORM
    /// FROM python:3.11-slim-bookworm
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: deleting `=<default>` makes the build follow `--platform` again, so a plain
    /// `docker build` on an amd64 machine then builds for amd64. Pass `--platform linux/arm64`
    /// where the default was relied on.
    ///
    /// ## References
    /// - [Automatic platform ARGs in the global scope](https://docs.docker.com/reference/dockerfile/#automatic-platform-args-in-the-global-scope)
    /// - [docker/buildx#510: a default on TARGETPLATFORM always overrides](https://github.com/docker/buildx/issues/510)
    pub PlatformArgDefaultOverride {
        code: "DX501",
        name: "platform-arg-default-override",
        severity: Warning,
        fix: Sometimes,
    }
}

impl Rule for PlatformArgDefaultOverride {
    fn check(&self, ctx: &mut LintContext<'_>) {
        let model = ctx.model;
        let instructions = model.instructions();
        let escape = model.file.escape();
        for (i, ins) in instructions.iter().enumerate() {
            if ins.keyword != Keyword::Arg {
                continue;
            }
            let global = model.stage_of(i).is_none();
            for word in ins.args.words() {
                let text = ins.text(word);
                let Some((name, default)) = text.split_once('=') else { continue };
                if !PLATFORM_ARGS.contains(&name) {
                    continue;
                }
                let unquoted = distrolint_syntax::unquote(default, escape);
                if unquoted == format!("${name}") || unquoted == format!("${{{name}}}") {
                    continue;
                }
                // A global default used in `FROM --platform` pins those stages.
                let pinned: Vec<usize> = if global {
                    model
                        .stages
                        .iter()
                        .filter(|s| {
                            instructions[s.from].flag("platform").and_then(|f| f.value_text()).is_some_and(|v| {
                                references(v, escape).iter().any(|(n, _)| n == name)
                            })
                        })
                        .map(|s| s.from)
                        .collect()
                } else {
                    Vec::new()
                };
                let source = if name.starts_with("TARGET") {
                    "from `--platform`"
                } else {
                    "from the machine that runs the build"
                };
                let written = format!("ARG {name}={unquoted}");
                let (severity, message) = match pinned.first() {
                    // A pinned builder still builds (under emulation where the machine differs).
                    Some(&from) if name.starts_with("BUILD") => (
                        Severity::Warning,
                        format!(
                            "`{written}` replaces the value BuildKit sets {source}: ${name} stays `{unquoted}` on every machine, so `FROM --platform=${name}` (line {}) runs that stage as `{unquoted}` everywhere, under slow emulation on other machines and failing where emulation is not installed",
                            line_of(ctx.text(), instructions[from].range.start())
                        ),
                    ),
                    Some(&from) => (
                        Severity::Error,
                        format!(
                            "`{written}` replaces the value BuildKit sets {source}: ${name} stays `{unquoted}` for every platform you build, so `FROM --platform=${name}` (line {}) builds that stage for `{unquoted}` even in an amd64 or multi-platform build, and users of other platforms get binaries that fail with `exec format error`",
                            line_of(ctx.text(), instructions[from].range.start())
                        ),
                    ),
                    None => (
                        Severity::Warning,
                        format!(
                            "`{written}` replaces the value BuildKit sets {source}: ${name} is `{unquoted}` whatever platform is built, unless `--build-arg {name}=...` is given"
                        ),
                    ),
                };
                let fix = ins.line.is_contiguous(word.logical).then(|| {
                    let start = word.range.start() + name.len() as u32;
                    Fix::unsafe_(
                        format!("Delete the default so ${name} follows the build again"),
                        vec![Edit::delete(TextRange::new(start, word.range.end()))],
                    )
                });
                ctx.report_with(word.range, severity, message).set_fix(fix);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::test::{assert_diagnostics, fix_all, lint_rule};

    #[test]
    fn global_default_used_in_from_platform_is_an_error() {
        let text = "ARG TARGETPLATFORM=linux/arm64\nARG BUILDPLATFORM=linux/amd64\nFROM --platform=$TARGETPLATFORM python:3.11-slim AS builder\nFROM --platform=${TARGETPLATFORM} gcr.io/distroless/python3-debian12\n";
        let found = lint_rule("DX501", text);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].severity, crate::Severity::Error);
        assert!(found[0].message.contains("(line 3) builds that stage for `linux/arm64`"), "{}", found[0].message);
        assert_eq!(found[1].severity, crate::Severity::Warning);
        assert!(found[1].message.contains("from the machine that runs the build"));
        assert_eq!(fix_all("DX501", text, true).lines().take(2).collect::<Vec<_>>(), vec!["ARG TARGETPLATFORM", "ARG BUILDPLATFORM"]);
        assert_eq!(fix_all("DX501", text, false), text);
    }

    #[test]
    fn stage_defaults_warn_and_plain_declarations_pass() {
        assert_diagnostics("DX501", "FROM a\nARG TARGETARCH=\"amd64\" V=1\n", &[
            "2:5-2:23 `ARG TARGETARCH=amd64` replaces the value BuildKit sets from `--platform`: $TARGETARCH is `amd64` whatever platform is built, unless `--build-arg TARGETARCH=...` is given",
        ]);
        let found = lint_rule("DX501", "ARG BUILDPLATFORM=linux/amd64\nFROM --platform=$BUILDPLATFORM golang:1.24 AS build\n");
        assert_eq!(found[0].severity, crate::Severity::Warning);
        assert!(found[0].message.contains("(line 2) runs that stage as `linux/amd64` everywhere, under slow emulation"), "{}", found[0].message);
        assert_diagnostics("DX501", "ARG TARGETPLATFORM\nFROM --platform=$BUILDPLATFORM a\nARG TARGETARCH\nARG TARGETOS=$TARGETOS\nARG targetarch=x\n", &[]);
    }
}
