//! DL3024 (BuildKit DuplicateStageName): two stages with the same name.

use crate::analysis::platform::line_of;
use crate::rule::{LintContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Flags a `FROM ... AS name` whose name an earlier stage already has. Names are compared
    /// without case, as BuildKit does.
    ///
    /// ## Why is this bad?
    /// The build fails: `duplicate stage name "builder"`.
    ///
    /// ## Example
    /// ```dockerfile,expect_diagnostic
    /// FROM node:22 AS builder
    /// FROM python:3.12 AS Builder
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:22 AS web-builder
    /// FROM python:3.12 AS api-builder
    /// ```
    ///
    /// ## References
    /// - hadolint DL3024
    /// - [BuildKit check DuplicateStageName](https://docs.docker.com/go/dockerfile/rule/duplicate-stage-name/)
    pub DuplicateStageName {
        code: "DL3024",
        name: "duplicate-stage-name",
        buildkit: Some("DuplicateStageName"),
        aliases: &["CKV_DOCKER_11", "DS-0012"],
        severity: Error,
    }
}

impl Rule for DuplicateStageName {
    fn check(&self, ctx: &mut LintContext<'_>) {
        let model = ctx.model;
        for (index, stage) in model.stages.iter().enumerate() {
            let (Some(name), Some(range)) = (&stage.name, stage.name_range) else { continue };
            // The first stage of that name, when it comes before this one.
            let Some(first) = model.stage_named(name).filter(|first| first.index < index) else { continue };
            let line = line_of(ctx.text(), model.instructions()[first.from].range.start());
            ctx.report(range, format!("the build fails: stage name `{name}` is already used on line {line} (stage names ignore case)"));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::test::assert_diagnostics;

    #[test]
    fn repeats_fire_each_time() {
        assert_diagnostics("DL3024", "FROM a AS foo\nFROM b AS FOO\nFROM c AS foo\nFROM d AS bar\n", &[
            "2:11-2:14 the build fails: stage name `FOO` is already used on line 1 (stage names ignore case)",
            "3:11-3:14 the build fails: stage name `foo` is already used on line 1 (stage names ignore case)",
        ]);
    }
}
