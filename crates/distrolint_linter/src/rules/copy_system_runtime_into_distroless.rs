//! DX403: a distroless stage copies a builder's loader, C library, library directories or Python runtime.

use crate::analysis::runtime::{basename, copies_from_elsewhere, dir_key, is_shellless_runtime, source_facts, source_label};
use crate::rule::{LintContext, Rule};
use crate::rules::copy_shell_into_distroless::SHELL_DIRS;
use crate::util::glob_match;

crate::declare_rule! {
    /// ## What it does
    /// Flags a `COPY --from` into a shell-less stage (distroless, Chainguard without `-dev`, or the
    /// profile's `runtime.shell_less_images`) of a builder's system runtime: the dynamic loader
    /// (`ld-linux*`), the C library (`libc.so*`), whole `/lib`, `/lib64`, `/usr/lib`,
    /// `/usr/lib/<arch>-linux-gnu`, `/usr/local/lib` or a Python standard library
    /// (`/usr/lib/python3.X`, `/usr/local/lib/python3.X`). The profile's
    /// `runtime.forbid_copy_from_builder` globs are checked too (`*` does not cross `/`); its
    /// `/bin`, `/usr/bin`, `/sbin` and `/usr/sbin` are left to `copy-shell-into-distroless`.
    ///
    /// Off by default; the `lucid` profile turns it on.
    ///
    /// ## Why is this bad?
    /// The base image already has its own loader, C library and (for the Python images) Python
    /// runtime. The builder's copies come from another build or release: glibc and loader
    /// versions must match exactly, so programs fail at start (`GLIBC_2.38 not found`, symbol
    /// lookup errors, crashes). The Lucid pattern: "Distroless base already has correct
    /// linker/runtime".
    ///
    /// ## Example
    /// ```dockerfile,expect_diagnostic,profile-lucid
    /// FROM python:3.11-slim-bookworm AS builder
    /// FROM gcr.io/distroless/python3-debian12
    /// COPY --from=builder /lib/x86_64-linux-gnu/libc.so.6 /lib/x86_64-linux-gnu/libc.so.6
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile,profile-lucid
    /// FROM python:3.11-slim-bookworm AS builder
    /// RUN pip install --user --no-cache-dir fastapi
    /// FROM gcr.io/distroless/python3-debian12
    /// COPY --from=builder /root/.local/lib/python3.11/site-packages /usr/local/lib/python3.11/dist-packages
    /// ```
    ///
    /// ## References
    /// - The Lucid distroless Python pattern: "Never copy system linkers/runtimes from builder into distroless base"
    pub CopySystemRuntimeIntoDistroless {
        code: "DX403",
        name: "copy-system-runtime-into-distroless",
        severity: Warning,
        default: Off,
    }
}

/// What a source path is, for the message, by the built-in patterns (`*` stays within a segment).
const BUILT_IN: &[(&str, &str)] = &[
    ("/lib", "library directory"),
    ("/lib64", "library directory"),
    ("/usr/lib", "library directory"),
    ("/usr/lib64", "library directory"),
    ("/lib/*-linux-gnu", "library directory"),
    ("/usr/lib/*-linux-gnu", "library directory"),
    ("/usr/local/lib", "library directory"),
    ("/usr/lib/python3*", "Python standard library"),
    ("/usr/local/lib/python3*", "Python standard library"),
];

impl Rule for CopySystemRuntimeIntoDistroless {
    fn check(&self, ctx: &mut LintContext<'_>) {
        let model = ctx.model;
        let forbidden: &[String] = ctx.settings.profile.as_ref().map_or(&[], |p| &p.runtime.forbid_copy_from_builder);
        for stage in &model.stages {
            if !stage.facts.as_deref().is_some_and(is_shellless_runtime) {
                continue;
            }
            for (i, sources) in copies_from_elsewhere(model, stage) {
                for (source, range) in sources {
                    let path = dir_key(&source);
                    let Some(what) = classify(path, forbidden) else { continue };
                    if source_facts(model, i, ctx.settings).is_some_and(|f| is_shellless_runtime(&f)) {
                        break;
                    }
                    let Some(from) = source_label(model, i) else { break };
                    let image = model.image_label(stage.index).unwrap_or_else(|| "this image".to_owned());
                    let message = format!(
                        "this copies {path} ({what}) from {from} into {image}, which has its own loader, C library and runtime: the builder's copy comes from another build, and mixed versions make programs fail at start (`GLIBC_2.xx not found`, symbol lookup errors, crashes); copy only the application's own files"
                    );
                    ctx.report(range, message);
                }
            }
        }
    }
}

/// What `path` is when it is a forbidden system runtime source. Cheap tests first: only paths
/// under a library directory, or with a loader or C library name, can match the built-in patterns.
fn classify(path: &str, forbidden: &[String]) -> Option<&'static str> {
    if SHELL_DIRS.contains(&path) {
        return None;
    }
    let name = basename(path);
    if name.starts_with("ld-linux") || name.starts_with("ld-musl") {
        return Some("the dynamic loader");
    }
    if name.starts_with("libc.so") || (name.starts_with("libc-") && name.contains(".so")) {
        return Some("the C library");
    }
    let library = ["/lib", "/usr/lib", "/usr/local/lib"].iter().any(|dir| path.starts_with(dir));
    if library {
        if let Some((_, what)) = BUILT_IN.iter().find(|(pattern, _)| segment_glob(pattern, path)) {
            return Some(what);
        }
    }
    forbidden.iter().any(|pattern| segment_glob(pattern, path)).then_some("forbidden by the profile")
}

/// A glob over paths where `*` matches within one segment: the pattern and the path must have the
/// same number of segments.
fn segment_glob(pattern: &str, path: &str) -> bool {
    let pattern = pattern.trim_end_matches('/');
    let fixed = &pattern[..pattern.bytes().position(|b| b == b'*' || b == b'?').unwrap_or(pattern.len())];
    if !path.starts_with(fixed) {
        return false;
    }
    let slashes = |s: &str| s.bytes().filter(|&b| b == b'/').count();
    slashes(pattern) == slashes(path) && pattern.split('/').zip(path.split('/')).all(|(p, s)| glob_match(p, s))
}

#[cfg(test)]
mod tests {
    use super::classify;
    use crate::analysis::runtime::test_support::lint_profile;

    #[test]
    fn patterns() {
        let lucid = ["/lib/*/ld-linux*".to_owned(), "/opt/forbidden".to_owned(), "/usr/bin".to_owned()];
        assert_eq!(classify("/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2", &[]), Some("the dynamic loader"));
        assert_eq!(classify("/lib/x86_64-linux-gnu/libc.so.6", &[]), Some("the C library"));
        assert_eq!(classify("/usr/lib/aarch64-linux-gnu", &[]), Some("library directory"));
        assert_eq!(classify("/usr/local/lib/python3.12", &[]), Some("Python standard library"));
        assert_eq!(classify("/opt/forbidden", &lucid), Some("forbidden by the profile"));
        for fine in ["/usr/local/lib/python3.11/site-packages", "/var/lib", "/usr/lib/x86_64-linux-gnu/libpq.so.5", "/usr/bin"] {
            assert_eq!(classify(fine, &lucid), None, "{fine}");
        }
    }

    #[test]
    fn only_into_shellless_stages_from_builders() {
        let text = "FROM python:3.11-slim-bookworm AS b\nFROM gcr.io/distroless/cc AS cc\nFROM gcr.io/distroless/python3-debian12\nCOPY --from=b /usr/local/lib /usr/local/lib\nCOPY --from=cc /lib/x86_64-linux-gnu/libstdc++.so.6 /lib/\nCOPY --from=cc /lib/x86_64-linux-gnu/libc.so.6 /lib/\nCOPY --from=b /var/lib /var/lib\n";
        let found = lint_profile("DX403", "lucid", text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].starts_with("4:15-4:29 this copies /usr/local/lib (library directory) from the `b` stage (python:3.11-slim-bookworm) into gcr.io/distroless/python3-debian12"));
    }
}
