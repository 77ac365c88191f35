//! DX801: the Python script the final stage starts is not copied into the image.

use distrolint_syntax::Keyword;

use crate::analysis::runtime::{
    basename, copy_dest, covering_copy_in, element_range, end_workdir, is_python_name, launch, resolve_path,
};
use crate::model::{Model, ShellStatus, Stage};
use crate::rule::{LintContext, Rule};
use crate::util::glob_match;

crate::declare_rule! {
    /// ## What it does
    /// For the final stage's start command `python3 [options] <script>.py ...` (written in `CMD`,
    /// `ENTRYPOINT`, or as `CMD ["<script>.py"]` under a Python image's interpreter entrypoint),
    /// flags the script when no `COPY`/`ADD` of the stage chain puts anything at its path and the
    /// image does not have it. When the profile's `entrypoint.cmd` gives the script's shape (the
    /// `lucid` profile: `["python3", "/app/**/entrypoint.py"]`), a script that does not match it is
    /// reported too.
    ///
    /// Not reported when a shell-form `RUN` that can run in the stage could have made the file.
    ///
    /// Off by default; the `lucid` profile turns it on. Any profile can set the shape and turn it on:
    /// ```toml
    /// [entrypoint]
    /// cmd = ["python3", "/srv/{service_root}/**/main.py"]
    ///
    /// [rules]
    /// "cmd-target-not-copied" = "on"
    /// ```
    ///
    /// ## Why is this bad?
    /// A start script that is not in the image makes the container exit at once with
    /// `can't open file '/app/...': [Errno 2] No such file or directory`, typically after a
    /// directory was renamed or a `COPY` was narrowed. The Lucid pattern wants every service's
    /// entrypoint to be its own, under its service root.
    ///
    /// ## Example
    /// ```dockerfile,expect_diagnostic,profile-lucid
    /// FROM gcr.io/distroless/python3-debian12
    /// COPY --chown=65532:65532 ledger/ /app/ledger/
    /// USER 65532:65532
    /// ENTRYPOINT []
    /// CMD ["python3", "/app/wallet/api/entrypoint.py"]
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile,profile-lucid
    /// FROM gcr.io/distroless/python3-debian12
    /// COPY --chown=65532:65532 ledger/ /app/ledger/
    /// USER 65532:65532
    /// ENTRYPOINT []
    /// CMD ["python3", "/app/ledger/api/entrypoint.py"]
    /// ```
    ///
    /// ## References
    /// - The Lucid distroless Python pattern: "The entrypoint path should always be service-specific"
    pub CmdTargetNotCopied {
        code: "DX801",
        name: "cmd-target-not-copied",
        severity: Warning,
        default: Off,
    }
}

impl Rule for CmdTargetNotCopied {
    fn check(&self, ctx: &mut LintContext<'_>) {
        let model = ctx.model;
        let Some(target) = model.target() else { return };
        let Some(launch) = launch(model, target.index) else { return };
        let line = launch.command_line();
        let Some(&program) = line.first() else { return };
        if !is_python_name(basename(program)) {
            return;
        }
        let Some(script_at) = script_index(&line) else { return };
        let script = line[script_at];
        if std::path::Path::new(script).extension().is_none_or(|e| e != "py") {
            return;
        }
        // Where the script is written: its element in the instruction that holds it.
        let offset = line.len() - launch.argv.len() - launch.args.len();
        let Some(range) = script_at.checked_sub(offset).filter(|&k| k < launch.argv.len()).and_then(|k| {
            element_range(&model.instructions()[launch.instruction], k)
        }) else {
            return;
        };
        let path = if script.starts_with('/') {
            resolve_path(model, launch.instruction, script)
        } else {
            end_workdir(model, target.index).map(|w| crate::analysis::runtime::normalize(&format!("{w}/{script}")))
        };
        let Some(path) = path else { return };
        let image = model.image_label(target.index).unwrap_or_else(|| "the base image".to_owned());
        let present = target.facts.as_deref().is_some_and(|f| f.has_path(&path));
        if !present && !covered(model, target.index, &path) && !could_be_built(model, target.index) {
            let message = format!(
                "the container will exit at start: it runs `{script}`, but no COPY puts anything at {path} and {image} does not have it (`can't open file '{path}'`)"
            );
            ctx.report(range, message);
            return;
        }
        let profile = ctx.settings.profile.as_ref();
        let shape = profile.and_then(|p| p.entrypoint.cmd.get(1)).filter(|s| s.starts_with('/'));
        if let Some(shape) = shape {
            let pattern = shape.replace("{service_root}", "*");
            if !glob_match(&pattern, &path) {
                let name = profile.map_or("the profile", |p| p.profile.name.as_str());
                let message = format!(
                    "{name} expects the service's entrypoint script to match `{shape}`, and `{path}` does not: the start command should be this service's own entrypoint"
                );
                ctx.report(range, message);
            }
        }
    }
}

/// The index of the script in a Python command line (`python3 -u -X dev app.py`), or `None` when
/// the interpreter runs a module, a command string or nothing.
fn script_index(line: &[&str]) -> Option<usize> {
    let mut i = 1;
    while i < line.len() {
        match line[i] {
            "-m" | "-c" | "-" => return None,
            "-X" | "-W" | "--check-hash-based-pycs" => i += 2,
            flag if flag.starts_with('-') => i += 1,
            _ => return Some(i),
        }
    }
    None
}

/// Whether a `COPY`/`ADD` of the chain covers `path`. A destination that cannot be resolved might
/// be anything, so it counts as covering.
fn covered(model: &Model<'_>, stage: usize, path: &str) -> bool {
    let end = model.stages[stage].end;
    covering_copy_in(model, stage, end, path).is_some()
        || model.chain(stage).flat_map(Stage::instructions).any(|i| {
            matches!(model.instructions()[i].keyword, Keyword::Copy | Keyword::Add) && copy_dest(model, i).is_none()
        })
}

/// Whether the chain has a shell-form `RUN` that can run, which could have created the file.
fn could_be_built(model: &Model<'_>, stage: usize) -> bool {
    model.chain(stage).flat_map(Stage::instructions).any(|i| {
        let ins = &model.instructions()[i];
        ins.keyword == Keyword::Run && !ins.is_exec_form() && !matches!(model.shell_status(i), ShellStatus::Missing { .. })
    })
}

#[cfg(test)]
mod tests {
    use super::script_index;
    use crate::analysis::runtime::test_support::lint_profile;

    #[test]
    fn command_lines() {
        assert_eq!(script_index(&["python3", "-u", "-X", "dev", "app.py", "-v"]), Some(4));
        assert_eq!(script_index(&["python3", "-m", "uvicorn"]), None);
        assert_eq!(script_index(&["python3"]), None);
    }

    #[test]
    fn script_must_be_copied_and_match_the_profile() {
        let text = "FROM gcr.io/distroless/python3-debian12\nCOPY --chown=65532:65532 ledger/ /app/ledger/\nENTRYPOINT []\nCMD [\"python3\", \"-u\", \"/app/wallet/api/entrypoint.py\"]\n";
        assert_eq!(lint_profile("DX801", "lucid", text), [
            "4:23-4:54 the container will exit at start: it runs `/app/wallet/api/entrypoint.py`, but no COPY puts anything at /app/wallet/api/entrypoint.py and gcr.io/distroless/python3-debian12 does not have it (`can't open file '/app/wallet/api/entrypoint.py'`)",
        ]);
        // Under the image's interpreter entrypoint, relative to WORKDIR; a broad COPY covers it.
        let text = "FROM gcr.io/distroless/python3-debian12\nWORKDIR /app\nCOPY . .\nCMD [\"main.py\"]\n";
        assert_eq!(lint_profile("DX801", "lucid", text), [
            "4:6-4:15 lucid expects the service's entrypoint script to match `/app/**/entrypoint.py`, and `/app/main.py` does not: the start command should be this service's own entrypoint",
        ]);
        for fine in [
            "FROM gcr.io/distroless/python3-debian12\nCOPY ledger/ /app/ledger/\nENTRYPOINT []\nCMD [\"python3\", \"/app/ledger/api/entrypoint.py\"]\n",
            "FROM gcr.io/distroless/python3-debian12\nENTRYPOINT []\nCMD [\"python3\", \"-m\", \"uvicorn\"]\n",
            "FROM python:3.12-slim\nRUN git clone https://x /app\nCMD [\"python3\", \"/app/svc/entrypoint.py\"]\n",
            "FROM gcr.io/distroless/python3-debian12\nARG D\nCOPY ledger/ ${D}\nENTRYPOINT []\nCMD [\"python3\", \"/app/x/entrypoint.py\"]\n",
        ] {
            assert!(lint_profile("DX801", "lucid", fine).is_empty(), "{fine}");
        }
    }
}
