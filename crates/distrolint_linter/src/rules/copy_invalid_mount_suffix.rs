//! DX401: a `COPY`/`ADD` destination that ends in a volume option such as `:ro`.

use distrolint_syntax::TextRange;

use crate::analysis::runtime::copy_dest_written;
use crate::diagnostic::{Edit, Fix};
use crate::rule::{LintContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Flags a `COPY` or `ADD` whose destination ends in a `docker run -v` option: `:ro`, `:rw`,
    /// `:z`, `:Z` (or a list of them, such as `:ro,z`).
    ///
    /// ## Why is this bad?
    /// `COPY` has no mount options. On Linux the destination is used literally, so
    /// `COPY secrets/ /app/secrets:ro` creates a directory named `/app/secrets:ro`, and
    /// `/app/secrets`, where the application looks, does not exist. The build succeeds silently and
    /// nothing is read-only. The TRON payment service design document does this.
    ///
    /// ## Example
    /// ```dockerfile,expect_diagnostic
    /// FROM gcr.io/distroless/python3-debian13:nonroot
    /// COPY config/ /app/config:ro
    /// ```
    ///
    /// ## Use instead
    /// Copy to the real path, and make it read-only at run time (`docker run -v ...:ro`, or a
    /// read-only root filesystem in Kubernetes):
    /// ```dockerfile
    /// FROM gcr.io/distroless/python3-debian13:nonroot
    /// COPY config/ /app/config
    /// ```
    ///
    /// ## Fix safety
    /// Safe: the fix removes the suffix, so the files land where the path says; no path with a
    /// `:ro` suffix is ever what a program looks for.
    ///
    /// ## References
    /// - [Dockerfile reference: COPY](https://docs.docker.com/reference/dockerfile/#copy)
    /// - [Bind mount options](https://docs.docker.com/engine/storage/bind-mounts/#options-for---volume)
    pub CopyInvalidMountSuffix {
        code: "DX401",
        name: "copy-invalid-mount-suffix",
        severity: Error,
        fix: Sometimes,
    }
}

/// The options `docker run -v` accepts after the second `:`.
const VOLUME_OPTIONS: &[&str] = &[
    "ro", "rw", "z", "Z", "shared", "rshared", "slave", "rslave", "private", "rprivate", "nocopy", "delegated", "cached",
    "consistent",
];

impl Rule for CopyInvalidMountSuffix {
    fn check(&self, ctx: &mut LintContext<'_>) {
        let model = ctx.model;
        for stage in &model.stages {
            for i in stage.instructions() {
                let Some((written, dest_range)) = copy_dest_written(&model.instructions()[i]) else { continue };
                let dest = written.trim_end_matches('/');
                let Some((path, options)) = dest.rsplit_once(':') else { continue };
                if path.is_empty() || options.is_empty() || !options.split(',').all(|o| VOLUME_OPTIONS.contains(&o)) {
                    continue;
                }
                let suffix = &dest[path.len()..];
                let range = suffix_range(ctx.text(), dest_range, suffix);
                let keyword = model.instructions()[i].keyword.as_str();
                let message = format!(
                    "{keyword} has no mount options: this creates a directory literally named `{dest}`, and `{path}` does not exist in the image; `{suffix}` is a `docker run -v` option (to keep the files read-only, mount them read-only at run time or use a read-only root filesystem)"
                );
                let diagnostic = ctx.report(range.unwrap_or(dest_range), message);
                if let Some(range) = range {
                    diagnostic.set_fix(Fix::safe(format!("Remove `{suffix}` from the destination"), vec![Edit::delete(range)]));
                }
            }
        }
    }
}

/// The source range of `suffix` at the end of the destination argument (before any trailing `/`
/// and closing quote), when it is written there literally.
fn suffix_range(text: &str, arg: TextRange, suffix: &str) -> Option<TextRange> {
    let written = &text[arg.to_std()];
    let end = written.trim_end_matches(['"', '\'']).trim_end_matches('/').len();
    written[..end].ends_with(suffix).then(|| {
        let start = arg.start() + (end - suffix.len()) as u32;
        TextRange::new(start, start + suffix.len() as u32)
    })
}

#[cfg(test)]
mod tests {
    use crate::test::{assert_diagnostics, fix_all};

    #[test]
    fn suffixes_in_words_and_json() {
        let text = "FROM a\nCOPY secrets/ /app/secrets:ro\nADD [\"x\", \"/data:ro,Z/\"]\nCOPY --chown=1:1 a b:rw\n";
        let found = crate::test::lint_codes("DX401", text);
        assert_eq!(found.len(), 3);
        assert!(found[0].starts_with("2:27-2:30 COPY has no mount options: this creates a directory literally named `/app/secrets:ro`, and `/app/secrets` does not exist in the image"));
        assert!(found[1].starts_with("3:17-3:22 ADD has no mount options"));
        assert_eq!(fix_all("DX401", text, false), "FROM a\nCOPY secrets/ /app/secrets\nADD [\"x\", \"/data/\"]\nCOPY --chown=1:1 a b\n");
    }

    #[test]
    fn other_colons_are_fine() {
        assert_diagnostics("DX401", "FROM a\nCOPY a C:\\app\nCOPY a /x:y\nCOPY a.txt :ro\nCOPY a \"/opt/app:v2\"\n", &[]);
    }
}
