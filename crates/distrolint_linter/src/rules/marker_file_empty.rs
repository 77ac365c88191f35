//! DX803 (profile): an empty marker or placeholder file (`touch .../.keep`).

use crate::analysis::packaging::{content_writes, is_empty_writer, marker_name};
use crate::diagnostic::{Edit, Fix};
use crate::model::run::ScriptOrigin;
use crate::rule::{LintContext, Rule};
use crate::shell::{Command, RedirectKind};

crate::declare_rule! {
    /// ## What it does
    /// Flags a `RUN` that creates an empty marker or placeholder file: `touch <dir>/.keep`,
    /// `: > <dir>/.lucid-marker`, `echo "" > ...marker...`, when the same `RUN` writes no content
    /// into that file. Marker files are `.keep`, `.gitkeep`, the profile's `builder.marker_file`
    /// (`.lucid-marker`) and any name containing `marker`.
    ///
    /// This is a profile rule: it is off unless a profile turns it on, as the built-in `lucid`
    /// profile does (or a profile with `builder.require_markers = true`, or
    /// `[rules] "marker-file-empty" = "on"`).
    ///
    /// ## Why is this bad?
    /// House policy, not a build failure. The Lucid pattern says "no empty placeholders": marker
    /// files carry content so that the runtime verification step can check them
    /// (`os.path.getsize(marker) > 0`) and tell a real copy from an empty one. BuildKit itself
    /// copies empty files and directories fine; the pattern's claim that `COPY` "fails silently"
    /// without content is folklore (RULES-DISTROLESS.md §1).
    ///
    /// ## Example
    /// ```dockerfile,expect_diagnostic,profile-lucid
    /// FROM python:3.11-slim-bookworm AS builder
    /// RUN mkdir -p /var/run && touch /var/run/.keep
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile,profile-lucid
    /// FROM python:3.11-slim-bookworm AS builder
    /// RUN echo "LUCID_BUILDER_RUNTIME_DIRECTORY" > /var/run/.keep
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: the fix writes `LUCID_<STAGE>_MARKER_$(date +%s)` into the file, which changes
    /// what anything reading it sees. Offered for `touch` of one file and for `: >`/`echo "" >`.
    ///
    /// ## References
    /// - The Lucid pattern (`lucid-pattern/000_*`): "Never rely on empty `touch`/`> file` placeholders"
    pub MarkerFileEmpty {
        code: "DX803",
        name: "marker-file-empty",
        severity: Info,
        fix: Sometimes,
        default: Off,
    }
}

impl Rule for MarkerFileEmpty {
    fn check(&self, ctx: &mut LintContext<'_>) {
        let model = ctx.model;
        let marker_file =
            ctx.settings.profile.as_ref().and_then(|p| p.builder.marker_file.clone()).unwrap_or_else(|| ".lucid-marker".to_owned());
        for stage in &model.stages {
            // Built only for a finding's fix.
            let stage_name = || stage.name.as_deref().map_or_else(|| format!("STAGE{}", stage.index), marker_name);
            for i in stage.instructions() {
                let scripts = model.run_scripts(i);
                if scripts.is_empty() {
                    continue;
                }
                // What the RUN writes content into, read only when it also creates a marker empty.
                let mut written: Option<Vec<Option<String>>> = None;
                for run in scripts {
                    for command in run.script.commands() {
                        let command = command.effective();
                        if !is_empty_writer(&command) {
                            continue;
                        }
                        let targets = empty_targets(&command);
                        let single = targets.len() == 1;
                        for (raw, path) in targets {
                            let name = path.rsplit('/').next().unwrap_or(&path);
                            let marker = name == ".keep" || name == ".gitkeep" || name == marker_file || name.contains("marker");
                            if !marker {
                                continue;
                            }
                            let written = written.get_or_insert_with(|| {
                                content_writes(model, i).into_iter().map(|(_, _, path)| path).collect()
                            });
                            if written.iter().any(|w| w.as_deref() == Some(path.as_str())) {
                                continue;
                            }
                            let range = run.source_range(command.range());
                            let message = format!(
                                "{path} is created empty: the profile wants contentful marker files, so the runtime verification can check their size (BuildKit itself copies empty files fine)"
                            );
                            let editable = run.origin != ScriptOrigin::ShellC && run.is_editable(command.range());
                            let fix = (single && editable && plain_form(&command)).then(|| {
                                Fix::unsafe_(
                                    "Write a marker line into the file",
                                    vec![Edit::replace(range, format!("echo \"LUCID_{}_MARKER_$(date +%s)\" > {raw}", stage_name()))],
                                )
                            });
                            ctx.report(range, message).set_fix(fix);
                        }
                    }
                }
            }
        }
    }
}

/// The files an empty writer creates: `touch` operands, or its `>`/`>>` targets (raw, literal).
fn empty_targets(command: &Command<'_>) -> Vec<(String, String)> {
    if command.is("touch") {
        return command
            .positionals(&["d", "r", "t", "reference", "date"])
            .filter_map(|w| Some((w.raw().to_owned(), w.literal()?.to_owned())))
            .collect();
    }
    command
        .redirects()
        .iter()
        .filter(|r| matches!(r.kind(), RedirectKind::Output | RedirectKind::Clobber | RedirectKind::Append))
        .filter(|r| r.fd().is_none_or(|fd| fd == 1))
        .filter_map(|r| Some((r.target().raw().to_owned(), r.target().literal()?.to_owned())))
        .collect()
}

/// Whether the whole command is the empty write: `touch P` with no options, or a redirection with
/// nothing else, so replacing it loses nothing.
fn plain_form(command: &Command<'_>) -> bool {
    if command.is("touch") {
        return command.args().len() == 1 && command.redirects().is_empty() && command.wrapper_words().is_empty();
    }
    command.redirects().len() == 1 && command.assignments().is_empty() && command.wrapper_words().is_empty()
}

#[cfg(test)]
mod tests {
    use crate::test::{fix_all, lint_codes};

    #[test]
    fn empty_markers_are_found() {
        let text = "FROM debian:12 AS build-stage\nRUN touch /var/run/.keep && : > /var/lib/.lucid-marker && echo \"\" > /x/build.marker\nRUN touch /tmp/a /tmp/.gitkeep && touch /app/__init__.py\n";
        let found = lint_codes("DX803", text);
        assert_eq!(found.len(), 4, "{found:?}");
        assert!(found[0].starts_with("2:5-2:25 /var/run/.keep is created empty"), "{found:?}");
        let fixed = fix_all("DX803", text, true);
        assert!(fixed.contains("RUN echo \"LUCID_BUILD_STAGE_MARKER_$(date +%s)\" > /var/run/.keep && echo \"LUCID_BUILD_STAGE_MARKER_$(date +%s)\" > /var/lib/.lucid-marker && echo \"LUCID_BUILD_STAGE_MARKER_$(date +%s)\" > /x/build.marker\n"), "{fixed}");
        assert!(fixed.contains("RUN touch /tmp/a /tmp/.gitkeep"), "{fixed}");
    }

    #[test]
    fn contentful_markers_are_fine() {
        let text = "FROM debian:12\nRUN echo \"LUCID_X\" > /var/run/.keep\nRUN touch /var/lib/.keep && echo ok >> /var/lib/.keep\nRUN touch /app/ready\n";
        assert!(lint_codes("DX803", text).is_empty());
    }
}
