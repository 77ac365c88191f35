//! DL3000 (BuildKit WorkdirRelativePath): the first `WORKDIR` of a stage is relative.

use distrolint_syntax::{Keyword, unquote};

use crate::model::Setting;
use crate::rule::{LintContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Flags a relative `WORKDIR` when no earlier `WORKDIR` in the stage (or the stages it is
    /// built `FROM`) set an absolute one, as BuildKit does. `WORKDIR /app` then `WORKDIR sub` is
    /// fine. A path that starts with a variable is checked only when the value is known; `~` is
    /// a literal directory name, not a home directory.
    ///
    /// ## Why is this bad?
    /// A relative `WORKDIR` resolves against the base image's working directory, which is
    /// easy to get wrong (`/` in most images, `/home/nonroot` in distroless `nonroot`), so files
    /// land somewhere unexpected.
    ///
    /// ## Example
    /// ```dockerfile,expect_diagnostic
    /// FROM python:3.12-slim
    /// WORKDIR app
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// WORKDIR /app
    /// ```
    ///
    /// ## References
    /// - hadolint DL3000
    /// - [BuildKit check WorkdirRelativePath](https://docs.docker.com/go/dockerfile/rule/workdir-relative-path/)
    pub WorkdirRelative {
        code: "DL3000",
        name: "workdir-relative",
        buildkit: Some("WorkdirRelativePath"),
        aliases: &["CKV_DOCKER_10", "DS-0009"],
        severity: Error,
    }
}

impl Rule for WorkdirRelative {
    fn check(&self, ctx: &mut LintContext<'_>) {
        let model = ctx.model;
        for stage in &model.stages {
            for i in stage.instructions() {
                let ins = &model.instructions()[i];
                if ins.keyword != Keyword::Workdir || model.state(i).workdir != Setting::Image {
                    continue;
                }
                let Some(word) = ins.args.shell() else { continue };
                let raw = unquote(ins.text(&word), model.file.escape()).into_owned();
                let path = if raw.starts_with('$') {
                    match model.word_value(i, &word) {
                        Some(value) => value.into_owned(),
                        None => continue,
                    }
                } else {
                    raw
                };
                let bytes = path.as_bytes();
                let windows = bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':';
                if path.starts_with(['/', '\\']) || windows || path.is_empty() {
                    continue;
                }
                let base = match stage.facts.as_ref().and_then(|f| f.workdir.as_deref()) {
                    Some(dir) => format!("`{dir}`, the working directory of {}", model.image_label(stage.index).unwrap_or_default()),
                    None => "the base image's working directory".to_owned(),
                };
                let message = format!("`WORKDIR {path}` is relative and no WORKDIR was set before in this stage, so it resolves against {base}: write an absolute path");
                ctx.report(word.range, message);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::test::assert_diagnostics;

    #[test]
    fn only_the_first_relative_workdir_of_a_chain() {
        let text = "FROM nginx AS w\nWORKDIR usr/share/nginx/html\nWORKDIR sub\nFROM w\nWORKDIR more\nFROM gcr.io/distroless/static-debian12:nonroot\nWORKDIR ~/data\n";
        let found = crate::test::lint_codes("DL3000", text);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].starts_with("2:9-2:29 `WORKDIR usr/share/nginx/html` is relative"));
        assert!(found[1].starts_with("7:9-7:15 `WORKDIR ~/data` is relative and no WORKDIR was set before in this stage, so it resolves against `/home/nonroot`"), "{}", found[1]);
    }

    #[test]
    fn absolute_variable_and_windows_paths() {
        assert_diagnostics("DL3000", "FROM a\nWORKDIR /usr/local\nFROM b\nWORKDIR ${HOME}\nFROM c\nWORKDIR C:/\nFROM d\nWORKDIR \"/app\"\nFROM e\nARG D=/srv\nWORKDIR $D\n", &[]);
        assert_diagnostics("DL3000", "FROM e\nARG D=srv\nWORKDIR $D\n", &["3:9-3:11 `WORKDIR srv` is relative and no WORKDIR was set before in this stage, so it resolves against the base image's working directory: write an absolute path"]);
    }
}
