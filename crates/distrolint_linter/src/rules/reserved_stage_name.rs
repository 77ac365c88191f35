//! DL3063 (BuildKit ReservedStageName): a stage named `scratch` or `context`.

use crate::rule::{LintContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Flags a stage named `scratch` or `context`, in any case.
    ///
    /// ## Why is this bad?
    /// Both names are reserved: `scratch` is the empty image and `context` names the build
    /// context in `COPY --from` and `--build-context`. A stage with such a name is ambiguous,
    /// and BuildKit warns about it.
    ///
    /// ## Example
    /// ```dockerfile,expect_diagnostic
    /// FROM alpine:3.20 AS scratch
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20 AS base
    /// ```
    ///
    /// ## References
    /// - hadolint DL3063
    /// - [BuildKit check ReservedStageName](https://docs.docker.com/go/dockerfile/rule/reserved-stage-name/)
    pub ReservedStageName {
        code: "DL3063",
        name: "reserved-stage-name",
        buildkit: Some("ReservedStageName"),
        severity: Warning,
    }
}

impl Rule for ReservedStageName {
    fn check(&self, ctx: &mut LintContext<'_>) {
        for stage in &ctx.model.stages {
            let (Some(name), Some(range)) = (&stage.name, stage.name_range) else { continue };
            let meaning = if name.eq_ignore_ascii_case("scratch") {
                "the empty base image"
            } else if name.eq_ignore_ascii_case("context") {
                "the build context in `COPY --from=context`"
            } else {
                continue;
            };
            ctx.report(range, format!("`{name}` is a reserved name ({meaning}), so references to this stage are ambiguous: rename the stage"));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::test::assert_diagnostics;

    #[test]
    fn reserved_names() {
        assert_diagnostics("DL3063", "FROM a AS Scratch\nFROM b AS context\nFROM c AS builder\n", &[
            "1:11-1:18 `Scratch` is a reserved name (the empty base image), so references to this stage are ambiguous: rename the stage",
            "2:11-2:18 `context` is a reserved name (the build context in `COPY --from=context`), so references to this stage are ambiguous: rename the stage",
        ]);
    }
}
