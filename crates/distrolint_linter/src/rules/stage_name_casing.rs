//! DX093 (BuildKit StageNameCasing): a stage name with upper-case letters.

use distrolint_syntax::{Keyword, TextRange};

use crate::analysis::platform::mounts;
use crate::diagnostic::{Edit, Fix};
use crate::rule::{LintContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Flags `FROM ... AS <name>` where the name has upper-case letters.
    ///
    /// ## Why is this bad?
    /// BuildKit lower-cases stage names, so `AS Builder` and `--from=builder` name the same
    /// stage. Writing them in one casing avoids the impression that they differ.
    ///
    /// ## Example
    /// ```dockerfile,expect_diagnostic
    /// FROM alpine:3.20 AS BuilderBase
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20 AS builder-base
    /// ```
    ///
    /// ## Fix safety
    /// Safe: the name and every reference to it (`FROM <name>`, `COPY --from=`,
    /// `RUN --mount=from=`) are lower-cased, and BuildKit already compares them without case.
    ///
    /// ## References
    /// - [BuildKit check StageNameCasing](https://docs.docker.com/go/dockerfile/rule/stage-name-casing/)
    pub StageNameCasing {
        code: "DX093",
        name: "stage-name-casing",
        buildkit: Some("StageNameCasing"),
        severity: Warning,
        fix: Always,
    }
}

impl Rule for StageNameCasing {
    fn check(&self, ctx: &mut LintContext<'_>) {
        let model = ctx.model;
        let file = ctx.file;
        for stage in &model.stages {
            let (Some(name), Some(range)) = (&stage.name, stage.name_range) else { continue };
            let lower = name.to_ascii_lowercase();
            if *name == lower {
                continue;
            }
            let mut edits = vec![Edit::replace(range, lower.clone())];
            let mut lowercase = |range: TextRange| {
                let text = file.slice(range);
                if text.eq_ignore_ascii_case(name) || text.trim_matches(['"', '\'']).eq_ignore_ascii_case(name) {
                    if text != text.to_ascii_lowercase() {
                        edits.push(Edit::replace(range, text.to_ascii_lowercase()));
                    }
                }
            };
            for (i, ins) in model.instructions().iter().enumerate() {
                let ins = ins.onbuild().unwrap_or(ins);
                match ins.keyword {
                    Keyword::From if i > stage.from => {
                        if let Some(image) = ins.args.words().first() {
                            lowercase(image.range);
                        }
                    }
                    Keyword::Copy | Keyword::Add => {
                        if let Some(value) = ins.flag("from").and_then(|f| f.value.as_ref()) {
                            lowercase(value.range);
                        }
                    }
                    Keyword::Run => {
                        for mount in mounts(file, ins) {
                            if let Some((_, Some(range))) = mount.from {
                                lowercase(range);
                            }
                        }
                    }
                    _ => {}
                }
            }
            let message = format!("stage name `{name}` has upper-case letters; BuildKit lower-cases stage names, so write `{lower}`");
            ctx.report(range, message).set_fix(Fix::safe(format!("Rename the stage to `{lower}` everywhere"), edits));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::test::{assert_diagnostics, fix_all};

    #[test]
    fn renames_every_reference() {
        let text = "FROM a AS BuilderBase\nFROM builderbase AS Test\nCOPY --from=BuilderBase /x /x\nRUN --mount=type=bind,from=BUILDERBASE,target=/m true\nFROM scratch\nCOPY --from=\"BuilderBase\" /x /x\n";
        assert_diagnostics("DX093", text, &[
            "1:11-1:22 stage name `BuilderBase` has upper-case letters; BuildKit lower-cases stage names, so write `builderbase`",
            "2:21-2:25 stage name `Test` has upper-case letters; BuildKit lower-cases stage names, so write `test`",
        ]);
        assert_eq!(
            fix_all("DX093", text, false),
            "FROM a AS builderbase\nFROM builderbase AS test\nCOPY --from=builderbase /x /x\nRUN --mount=type=bind,from=builderbase,target=/m true\nFROM scratch\nCOPY --from=\"builderbase\" /x /x\n"
        );
        assert_diagnostics("DX093", "FROM a AS builder-base\nFROM b AS x_1\n", &[]);
    }
}
