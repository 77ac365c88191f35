//! DL3022: `COPY --from` (or `RUN --mount=from=`) naming a stage that does not exist.

use distrolint_syntax::Keyword;

use crate::analysis::runtime::from_references;
use crate::diagnostic::{Edit, Fix, Severity};
use crate::model::FromTarget;
use crate::rule::{LintContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Flags a `COPY --from=X` (or `ADD --from`, `RUN --mount=...,from=X`) that names no stage
    /// of the file: a misspelled stage, a stage index past the last stage, or a variable.
    ///
    /// BuildKit resolves `X` as a stage name (case-insensitive, any stage of the file), then as a
    /// stage index, and otherwise as an image. This rule reports:
    /// - `X` with a variable in `COPY`/`ADD --from` (error: BuildKit does not expand it);
    /// - a stage index that does not exist (error);
    /// - a bare name that is not a stage but is within two edits of one (error: a typo);
    /// - any other bare name that is not a stage (warning: it is pulled as an image).
    ///
    /// Names with `/`, `:`, `.` or `@` are image references and are not reported.
    ///
    /// ## Why is this bad?
    /// `--from=$VAR` fails with `variable expansion is not supported for --from`, and an index past
    /// the last stage fails with `invalid stage index`. A misspelled stage name is pulled as
    /// `docker.io/library/<name>` and the build fails with `pull access denied` far from the typo,
    /// or, worse, copies from an unrelated public image of that name.
    ///
    /// ## Example
    /// ```dockerfile,expect_diagnostic
    /// FROM python:3.12-slim AS builder
    /// RUN pip install --user fastapi
    /// FROM gcr.io/distroless/python3-debian13
    /// COPY --from=buidler /root/.local /root/.local
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.12-slim AS builder
    /// RUN pip install --user fastapi
    /// FROM gcr.io/distroless/python3-debian13
    /// COPY --from=builder /root/.local /root/.local
    /// ```
    ///
    /// For an image chosen by a build argument, declare a stage with a global `ARG` and copy from it:
    /// ```dockerfile
    /// ARG UV_VERSION=0.8.0
    /// FROM ghcr.io/astral-sh/uv:${UV_VERSION} AS uv
    /// FROM python:3.12-slim
    /// COPY --from=uv /uv /usr/local/bin/uv
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: replacing a name with the nearest stage name (at most two edits away) is probably
    /// the intended stage, but it changes what is copied.
    ///
    /// ## References
    /// - hadolint DL3022
    /// - [Dockerfile reference: COPY --from](https://docs.docker.com/reference/dockerfile/#copy---from)
    pub CopyFromUndefinedStage {
        code: "DL3022",
        name: "copy-from-undefined-stage",
        aliases: &["copy-from-unknown-stage"],
        severity: Warning,
        fix: Sometimes,
    }
}

impl Rule for CopyFromUndefinedStage {
    fn check(&self, ctx: &mut LintContext<'_>) {
        let model = ctx.model;
        let instructions = model.instructions();
        for stage in &model.stages {
            for i in stage.instructions().filter(|&i| !instructions[i].flags.is_empty()) {
                let ins = &instructions[i];
                for (written, range) in from_references(ins) {
                    let is_copy = ins.keyword != Keyword::Run;
                    // `RUN --mount` options are expanded by BuildKit; `COPY --from` is not.
                    let value = if is_copy || !written.contains('$') {
                        std::borrow::Cow::Borrowed(written)
                    } else {
                        match model.expand(i, written) {
                            Some(value) => std::borrow::Cow::Owned(value.into_owned()),
                            None => continue,
                        }
                    };
                    let flag = if is_copy { "--from" } else { "--mount from" };
                    match model.resolve_from(&value) {
                        FromTarget::Stage(_) => {}
                        FromTarget::Variable => {
                            let message = format!(
                                "the build will fail: BuildKit does not expand variables in {flag} (`variable expansion is not supported for --from`); declare a stage `FROM {value} AS <name>` with a global ARG and use --from=<name>"
                            );
                            ctx.report_with(range, Severity::Error, message);
                        }
                        FromTarget::BadIndex(index) => {
                            let count = model.stages.len();
                            let message = format!(
                                "the build will fail with `invalid stage index {index}`: this file has {count} stage{}, numbered from 0",
                                if count == 1 { "" } else { "s" }
                            );
                            ctx.report_with(range, Severity::Error, message);
                        }
                        FromTarget::Image(name) => {
                            if name.contains(['/', ':', '.', '@']) {
                                continue;
                            }
                            let nearest = nearest_stage(model, &name);
                            match nearest {
                                Some(stage_name) => {
                                    let message = format!(
                                        "no stage is named `{name}`, so BuildKit pulls the image docker.io/library/{name} and the build fails (`pull access denied`) or copies from an unrelated image; did you mean the stage `{stage_name}`?"
                                    );
                                    let fixable = range.len() as usize == written.len();
                                    let diagnostic = ctx.report_with(range, Severity::Error, message);
                                    if fixable {
                                        diagnostic.set_fix(Fix::unsafe_(
                                            format!("Copy from the stage `{stage_name}`"),
                                            vec![Edit::replace(range, stage_name)],
                                        ));
                                    }
                                }
                                None => {
                                    let message = format!(
                                        "no stage is named `{name}`, so {flag}={name} resolves to the image docker.io/library/{name} (or a build context passed with --build-context); write the full image reference (`{name}:<tag>`) if that is meant"
                                    );
                                    ctx.report(range, message);
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The stage `name` was probably meant to be: one whose name has `name` as a `-`/`_`/`.`-separated
/// part (`set` for `license-set`), else the closest within two edits (one for names of up to five
/// characters, where two edits reach almost any short word).
fn nearest_stage<'m>(model: &'m crate::model::Model<'_>, name: &str) -> Option<&'m str> {
    let names = || model.stages.iter().filter_map(|s| s.name.as_deref());
    let part = names().find(|n| n.split(['-', '_', '.']).count() > 1 && n.split(['-', '_', '.']).any(|p| p.eq_ignore_ascii_case(name)));
    let max = if name.chars().count() <= 5 { 1 } else { 2 };
    part.or_else(|| crate::util::closest(name, names(), max))
}

#[cfg(test)]
mod tests {
    use crate::test::{assert_diagnostics, fix_all, lint_codes};

    #[test]
    fn parity_cases() {
        let found = lint_codes("DL3022", "FROM a\nCOPY --from=foo /a .\n");
        assert_eq!(found, ["2:13-2:16 no stage is named `foo`, so --from=foo resolves to the image docker.io/library/foo (or a build context passed with --build-context); write the full image reference (`foo:<tag>`) if that is meant"]);
        let found = lint_codes("DL3022", "FROM a\nCOPY --from=3 /x .\n");
        assert_eq!(found, ["2:13-2:14 the build will fail with `invalid stage index 3`: this file has 1 stage, numbered from 0"]);
        for ok in [
            "FROM a AS build\nFROM b\nCOPY --from=build /x .\n",
            "FROM a AS Build\nFROM b\nCOPY --from=BUILD /x .\n",
            "FROM a\nCOPY --from=haskell:9 /x .\n",
            "FROM a\nFROM b\nCOPY --from=0 /x .\n",
            // BuildKit resolves later stages too (only a cycle fails, which DL3023 reports).
            "FROM scratch\nCOPY --from=build /a .\nFROM node:22 AS build\n",
            "FROM a\nCOPY --from=gcr.io/distroless/static /x /x\nCOPY --from=img@sha256:abc /x /x\n",
        ] {
            assert_diagnostics("DL3022", ok, &[]);
        }
    }

    #[test]
    fn variables_typos_and_mounts() {
        let text = "ARG IMG=uv\nFROM python:3.12 AS builder\nFROM scratch\nCOPY --from=${IMG} /uv /uv\nCOPY --from=buidler /a /a\nRUN --mount=type=bind,from=bulder,target=/b true\n";
        let found = lint_codes("DL3022", text);
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(found[0].starts_with("4:13-4:19 the build will fail: BuildKit does not expand variables in --from"));
        assert!(found[1].starts_with("5:13-5:20 no stage is named `buidler`"));
        assert!(found[2].starts_with("6:28-6:34 no stage is named `bulder`"));
        assert_eq!(fix_all("DL3022", text, false), text);
        let fixed = fix_all("DL3022", text, true);
        assert!(fixed.contains("COPY --from=builder /a /a\nRUN --mount=type=bind,from=builder,target=/b true\n"), "{fixed}");
        // A part of a longer stage name beats a short edit distance; short names allow one edit.
        let text = "FROM a AS test\nFROM a AS license-set\nFROM scratch\nCOPY --from=set /out /\nCOPY --from=tst /x /x\nCOPY --from=abc /y /y\n";
        let found = lint_codes("DL3022", text);
        assert!(found[0].ends_with("did you mean the stage `license-set`?"), "{found:?}");
        assert!(found[1].ends_with("did you mean the stage `test`?"), "{found:?}");
        assert!(found[2].contains("resolves to the image docker.io/library/abc"), "{found:?}");
        // A mount's `from` is expanded like its other options.
        assert_diagnostics("DL3022", "FROM a AS b\nARG S=b\nRUN --mount=from=$S,target=/x true\n", &[]);
    }
}
