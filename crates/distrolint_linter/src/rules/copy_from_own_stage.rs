//! DL3023: `COPY --from` naming the stage it is in, or a stage that depends on it.

use crate::analysis::runtime::{from_references, stage_dependencies};
use crate::model::FromTarget;
use crate::rule::{LintContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Flags `COPY --from=X` (and `RUN --mount=...,from=X`) where `X` is the current stage, by
    /// name or by index, or a stage that itself depends on the current one (through `FROM`,
    /// `COPY --from` or `--mount from`).
    ///
    /// ## Why is this bad?
    /// A stage cannot read its own result. BuildKit rejects the file before building anything:
    /// `circular dependency detected on stage: <name>`.
    ///
    /// ## Example
    /// ```dockerfile,expect_diagnostic
    /// FROM node:22 AS build
    /// COPY --from=build /app/dist /dist
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:22 AS build
    /// RUN npm run build
    /// FROM nginx:1.27
    /// COPY --from=build /app/dist /usr/share/nginx/html
    /// ```
    ///
    /// ## References
    /// - hadolint DL3023
    /// - Trivy DS-0006
    pub CopyFromOwnStage {
        code: "DL3023",
        name: "copy-from-own-stage",
        aliases: &["DS-0006"],
        severity: Error,
    }
}

impl Rule for CopyFromOwnStage {
    fn check(&self, ctx: &mut LintContext<'_>) {
        let model = ctx.model;
        let instructions = model.instructions();
        // Every stage reference, once: (stage, target, value, range).
        let mut references = Vec::new();
        for stage in &model.stages {
            for i in stage.instructions().filter(|&i| !instructions[i].flags.is_empty()) {
                for (value, range) in from_references(&instructions[i]) {
                    if let FromTarget::Stage(target) = model.resolve_from(value) {
                        references.push((stage.index, target, value, range));
                    }
                }
            }
        }
        // A cycle through other stages needs a reference to a later stage (FROM only names
        // earlier ones), so the dependency graph is built only when one exists.
        let forward = references.iter().any(|&(stage, target, _, _)| target > stage);
        let mut graph: Option<Vec<Vec<usize>>> = None;
        for (stage, target, value, range) in references {
            if target == stage {
                let name = model.stages[stage].name.clone().unwrap_or_else(|| format!("stage-{stage}"));
                let message = format!(
                    "the build will fail: a stage cannot copy from itself (`circular dependency detected on stage: {name}`)"
                );
                ctx.report(range, message);
                continue;
            }
            if !forward {
                continue;
            }
            let graph =
                graph.get_or_insert_with(|| (0..model.stages.len()).map(|s| stage_dependencies(model, s)).collect());
            if reaches(graph, target, stage) {
                let message = format!(
                    "the build will fail: `{value}` depends on this stage (through FROM or --from), so copying from it is a cycle (`circular dependency detected on stage`)"
                );
                ctx.report(range, message);
            }
        }
    }
}

/// Whether `goal` is reachable from `start` in the stage dependency graph.
fn reaches(graph: &[Vec<usize>], start: usize, goal: usize) -> bool {
    let mut seen = vec![false; graph.len()];
    let mut stack = vec![start];
    while let Some(s) = stack.pop() {
        if s == goal {
            return true;
        }
        if std::mem::replace(&mut seen[s], true) {
            continue;
        }
        stack.extend(graph[s].iter().copied());
    }
    false
}

#[cfg(test)]
mod tests {
    use crate::test::{assert_diagnostics, lint_codes};

    #[test]
    fn own_name_index_and_cycles() {
        assert_diagnostics("DL3023", "FROM node:22 AS foo\nCOPY --from=FOO /a .\n", &[
            "2:13-2:16 the build will fail: a stage cannot copy from itself (`circular dependency detected on stage: foo`)",
        ]);
        assert_diagnostics("DL3023", "FROM a\nFROM b\nCOPY --from=1 /a .\n", &[
            "3:13-3:14 the build will fail: a stage cannot copy from itself (`circular dependency detected on stage: stage-1`)",
        ]);
        let cycle = "FROM busybox AS stage0\nCOPY --from=stage2 f1 /sub/\nFROM busybox AS stage1\nCOPY --from=stage0 f2 /sub/\nFROM busybox AS stage2\nCOPY --from=stage1 f2 /sub/\n";
        assert_eq!(lint_codes("DL3023", cycle).len(), 3);
        // Built FROM the stage it copies into: also a cycle.
        assert_eq!(lint_codes("DL3023", "FROM a AS base\nCOPY --from=child /x /x\nFROM base AS child\n").len(), 1);
        assert_diagnostics("DL3023", "FROM a AS build\nFROM b AS run\nCOPY --from=build /a .\nRUN --mount=from=build,target=/x true\n", &[]);
    }
}
