//! DL3029 (BuildKit FromPlatformFlagConstDisallowed): `FROM --platform=<constant>`.

use distrolint_syntax::{Keyword, TextRange};

use crate::diagnostic::{Edit, Fix};
use crate::rule::{LintContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Flags `FROM --platform=linux/arm64` and other constant platforms, written without a
    /// variable. Like BuildKit, it stays silent when the stage name contains the platform's OS
    /// or architecture (`AS build-arm64`), the pattern of one stage per platform.
    ///
    /// ## Why is this bad?
    /// That stage is built for one platform whatever `--platform` asks for, so a multi-platform
    /// build ships the same binaries to every platform, and they fail with `exec format error`
    /// on the others.
    ///
    /// ## Example
    /// ```dockerfile,expect_diagnostic
    /// FROM --platform=linux/amd64 alpine:3.20 AS base
    /// ```
    ///
    /// ## Use instead
    /// Let the stage follow the target platform, or build natively with `$BUILDPLATFORM` in a
    /// stage that cross-compiles:
    /// ```dockerfile
    /// FROM alpine:3.20 AS base
    /// FROM --platform=$BUILDPLATFORM golang:1.24 AS build
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: without the flag the stage is built for the target platform, which changes what
    /// it contains; `--platform=$BUILDPLATFORM` may be what a builder stage wants instead.
    ///
    /// ## References
    /// - hadolint DL3029
    /// - [BuildKit check FromPlatformFlagConstDisallowed](https://docs.docker.com/go/dockerfile/rule/from-platform-flag-const-disallowed/)
    pub FromPlatformConstant {
        code: "DL3029",
        name: "from-platform-constant",
        buildkit: Some("FromPlatformFlagConstDisallowed"),
        aliases: &["platform-constant"],
        severity: Warning,
        fix: Always,
    }
}

impl Rule for FromPlatformConstant {
    fn check(&self, ctx: &mut LintContext<'_>) {
        let model = ctx.model;
        for stage in &model.stages {
            let ins = &model.instructions()[stage.from];
            debug_assert_eq!(ins.keyword, Keyword::From);
            let Some(flag) = ins.flag("platform") else { continue };
            let Some(value) = flag.value_text() else { continue };
            if value.contains('$') {
                continue;
            }
            let Some((os, arch)) = parse_platform(value) else { continue };
            let name = stage.name.as_deref().unwrap_or("").to_ascii_lowercase();
            if name.contains(&os) || name.contains(arch) {
                continue;
            }
            let text = ctx.text();
            let rest = &text[flag.range.end() as usize..];
            let after = (rest.len() - rest.trim_start_matches([' ', '\t']).len()) as u32;
            let range = flag.value.as_ref().map_or(flag.range, |v| v.range);
            ctx.report(range, format!("this stage is always built for `{value}`, whatever `--platform` the build asks for, so other platforms get {value} binaries: drop the flag, or use `--platform=$BUILDPLATFORM` for a builder that cross-compiles"))
                .set_fix(Fix::unsafe_("Remove `--platform` so the stage follows the target platform", vec![Edit::delete(TextRange::new(flag.range.start(), flag.range.end() + after))]));
        }
    }
}

/// Parses a platform the way containerd's `platforms.Parse` does (`os[/arch[/variant]]`, or a
/// bare architecture for Linux) and returns the OS and the normalized architecture.
fn parse_platform(value: &str) -> Option<(String, &'static str)> {
    const OSES: &[&str] = &["linux", "windows", "darwin", "freebsd", "netbsd", "openbsd", "illumos", "solaris", "aix", "android", "ios", "js", "wasip1", "plan9", "dragonfly"];
    let value = value.trim().to_ascii_lowercase();
    let parts: Vec<&str> = value.split('/').collect();
    if parts.len() > 3 || parts.iter().any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))) {
        return None;
    }
    if parts.len() == 1 {
        if OSES.contains(&parts[0]) {
            // An OS alone takes the architecture of the machine that parses it; amd64 is the usual one.
            return Some((parts[0].to_owned(), "amd64"));
        }
        return normalize_arch(parts[0]).map(|arch| ("linux".to_owned(), arch));
    }
    Some((parts[0].to_owned(), normalize_arch(parts[1])?))
}

fn normalize_arch(arch: &str) -> Option<&'static str> {
    Some(match arch {
        "amd64" | "x86_64" | "x86-64" => "amd64",
        "arm64" | "aarch64" => "arm64",
        "arm" | "armhf" | "armel" => "arm",
        "386" | "i386" => "386",
        "ppc64le" => "ppc64le",
        "s390x" => "s390x",
        "riscv64" => "riscv64",
        "mips64le" => "mips64le",
        "loong64" => "loong64",
        "wasm" => "wasm",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::parse_platform;
    use crate::test::{assert_diagnostics, fix_all};

    #[test]
    fn constant_platforms_fire() {
        let text = "FROM --platform=linux/amd64 alpine:3.20 AS base\n";
        assert_diagnostics("DL3029", text, &["1:17-1:28 this stage is always built for `linux/amd64`, whatever `--platform` the build asks for, so other platforms get linux/amd64 binaries: drop the flag, or use `--platform=$BUILDPLATFORM` for a builder that cross-compiles"]);
        assert_eq!(fix_all("DL3029", text, true), "FROM alpine:3.20 AS base\n");
        assert_eq!(fix_all("DL3029", text, false), text);
    }

    #[test]
    fn variables_and_per_platform_stages_are_exempt() {
        assert_diagnostics("DL3029", "FROM --platform=$BUILDPLATFORM golang:1.22\nFROM --platform=linux/arm64 alpine:3.20 AS build_arm64\nFROM --platform=${BUILDPLATFORM:-} debian:12\nFROM --platform=x86_64 a AS Builder-AMD64\nFROM --platform=not/a/valid/one b\n", &[]);
        assert_eq!(parse_platform("Linux/AArch64/v8"), Some(("linux".to_owned(), "arm64")));
        assert_eq!(parse_platform("windows"), Some(("windows".to_owned(), "amd64")));
        assert_eq!(parse_platform("linux/nope"), None);
    }
}
