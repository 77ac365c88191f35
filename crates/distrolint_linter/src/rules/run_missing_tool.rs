//! DX102: a `RUN` that uses a program the image does not have.

use distrolint_syntax::{Args, Keyword, TextRange};

use crate::analysis::base::{Program, ProgramLookup, basename, exec_program, is_shell_builtin};
use crate::diagnostic::{Edit, Fix};
use crate::fixes::delete_item_at;
use crate::images::{ImageFacts, ImageKind};
use crate::model::Model;
use crate::model::run::{RunScript, ScriptOrigin};
use crate::rule::{LintContext, Rule};
use crate::shell::Command;

crate::declare_rule! {
    /// ## What it does
    /// Names each program a `RUN` uses that the image does not have: in distroless and `scratch`
    /// every tool (`mkdir`, `chmod`, `useradd`, `apt-get`, `pip`, `curl`, ...); in distroless
    /// `:debug` every tool that is not one of its BusyBox applets (`useradd`, `apt-get`, `pip`,
    /// `curl`, `bash`, ...). It reads shell-form scripts, shell heredocs, `["sh", "-c", "..."]`
    /// and the program of an exec-form `RUN`. Programs that a `COPY` or `ADD`, or a `--mount` of
    /// the `RUN` itself, may have put on `PATH` count as present.
    ///
    /// In a shell-less stage `shell-form-in-shellless-stage` (DX101) reports the missing shell
    /// on the instruction; this rule points at each tool, so that it is clear the `RUN` cannot
    /// work there even with a shell.
    ///
    /// ## Why is this bad?
    /// Distroless images contain the application runtime and nothing else: "no package managers,
    /// shells or any other programs". The build fails with `exec: "<tool>": executable file not
    /// found in $PATH`, or `<tool>: not found` under BusyBox.
    ///
    /// ## Example
    /// ```dockerfile,expect_diagnostic
    /// FROM gcr.io/distroless/base-debian12:debug
    /// SHELL ["/busybox/sh", "-c"]
    /// RUN useradd --uid 10001 app
    /// ```
    ///
    /// ## Use instead
    /// Distroless already has the user `nonroot` (uid 65532); do file work in a builder stage:
    /// ```dockerfile
    /// FROM debian:12-slim AS build
    /// RUN mkdir -p /out/data
    ///
    /// FROM gcr.io/distroless/base-debian12:nonroot
    /// COPY --from=build --chown=65532:65532 /out/data /data
    /// USER 65532:65532
    /// ```
    ///
    /// ## Fix safety
    /// - A `RUN` that only creates users and groups (`useradd`, `adduser`, `groupadd`,
    ///   `addgroup`) is deleted, and later `USER <name>` and `--chown=<name>` in the stage (and the
    ///   stages built on it) are rewritten to 65532, distroless's `nonroot` user (or the profile's
    ///   `runtime.uid`/`gid`). Unsafe: the container then runs as uid 65532, not the uid the
    ///   `RUN` would have given.
    /// - A `RUN` that only prints information (`id`, `whoami`, `ls`, `pwd`, ...) is deleted.
    ///   Safe: it could never run, and it changes no file.
    ///
    /// ## References
    /// - [distroless README](https://github.com/GoogleContainerTools/distroless#why-should-i-use-distroless-images)
    /// - [distroless BusyBox applets](https://github.com/GoogleContainerTools/distroless/blob/main/experimental/busybox/commands.bzl)
    pub RunMissingTool {
        code: "DX102",
        name: "run-missing-tool",
        aliases: &["distroless-run-missing-tool"],
        severity: Error,
        fix: Sometimes,
    }
}

/// Commands that create users or groups.
const USER_TOOLS: &[&str] = &["useradd", "adduser", "groupadd", "addgroup"];
/// Commands that only print information.
const PRINT_TOOLS: &[&str] =
    &["id", "whoami", "groups", "pwd", "ls", "echo", "printenv", "uname", "date", "hostname", "true"];

impl Rule for RunMissingTool {
    fn check(&self, ctx: &mut LintContext<'_>) {
        let model = ctx.model;
        let instructions = model.instructions();
        for stage in &model.stages {
            // Only an image whose programs are known exhaustively can lack one.
            let Some(facts) = stage.facts.as_ref().filter(|f| f.exhaustive_bins) else { continue };
            for i in stage.instructions().filter(|&i| instructions[i].keyword == Keyword::Run) {
                let mut missing: Vec<(TextRange, &str, bool)> = Vec::new();
                let lookup = ProgramLookup::at(model, i);
                if let Some(program) = exec_program(model, i) {
                    let name = program.argv0();
                    if !name.contains('/') && lookup.find(name) == Program::Absent {
                        missing.push((program.range(), name, true));
                    }
                }
                for script in model.run_scripts(i) {
                    for command in script.script.commands() {
                        for word in [command.name_word(), command.effective().name_word()].into_iter().flatten() {
                            let Some(name) = word.literal() else { continue };
                            if is_shell_builtin(name) || missing.iter().any(|(_, n, _)| *n == name) {
                                continue;
                            }
                            if lookup.find(name) == Program::Absent {
                                missing.push((script.source_range(word.range()), name, false));
                            }
                        }
                    }
                }
                if missing.is_empty() {
                    continue;
                }
                let fixable = missing.iter().any(|(_, name, _)| {
                    let tool = basename(name);
                    USER_TOOLS.contains(&tool) || PRINT_TOOLS.contains(&tool)
                });
                let fix = if fixable { deletion_fix(ctx, model, i) } else { None };
                let image = model.image_label(stage.index).unwrap_or_else(|| facts.family.clone());
                for (range, name, exec) in missing {
                    let message = message(facts, &image, name, exec);
                    let diagnostic = ctx.report(range, message);
                    let tool = basename(name);
                    if let Some(fix) = fix.as_ref().filter(|_| USER_TOOLS.contains(&tool) || PRINT_TOOLS.contains(&tool)) {
                        diagnostic.set_fix(fix.clone());
                    }
                }
            }
        }
    }
}

fn message(facts: &ImageFacts, image: &str, name: &str, exec: bool) -> String {
    let tool = basename(name);
    let hint = match tool {
        "useradd" | "adduser" | "groupadd" | "addgroup" | "usermod" if facts.kind == ImageKind::Distroless => {
            "; distroless already has the user nonroot (uid 65532): use `USER 65532:65532`"
        }
        "useradd" | "adduser" | "groupadd" | "addgroup" | "usermod" => {
            "; a numeric `USER 65532:65532` needs no user entry"
        }
        "id" | "whoami" | "groups" => "; check the user from outside the image (the USER instruction, `docker inspect`)",
        "apt-get" | "apt" | "dpkg" | "apk" | "yum" | "dnf" | "microdnf" | "pip" | "pip3" | "npm" | "yarn" | "gem" => {
            "; install in a builder stage and COPY the result"
        }
        "curl" | "wget" => "; download in a builder stage, or with `ADD <url>`",
        "sudo" => "; a RUN already runs as the USER in effect, so leave `sudo` out",
        "mkdir" | "chmod" | "chown" | "touch" | "cp" | "mv" | "ln" | "rm" => {
            "; prepare the files in a builder stage and COPY them with --chown/--chmod"
        }
        _ => "; do this in a builder stage and COPY the result",
    };
    if exec {
        return format!("this RUN fails at build time with `exec: \"{name}\": executable file not found in $PATH`: {image} has no `{name}`{hint}");
    }
    if facts.applet_dir.is_some() {
        return format!("`{name}` is not in {image}: it is not one of the BusyBox applets in /busybox and the image has no other tools, so this RUN fails with `{name}: not found`{hint}");
    }
    let why = match facts.kind {
        ImageKind::Scratch => "scratch is empty",
        ImageKind::Distroless => "distroless images have no shell and no command-line tools",
        _ => "the image has no such program",
    };
    format!("`{name}` is not in {image} ({why}), so this RUN cannot work even with a shell{hint}")
}

/// Deletes a `RUN` that only creates users (then rewrites later names to the nonroot uid), or
/// that only prints information.
fn deletion_fix(ctx: &LintContext<'_>, model: &Model<'_>, i: usize) -> Option<Fix> {
    let ins = &model.instructions()[i];
    if !ins.heredocs.is_empty() {
        return None;
    }
    let scripts = model.run_scripts(i);
    let [script] = scripts else { return None };
    if !matches!(script.origin, ScriptOrigin::Shell | ScriptOrigin::ShellC) || !is_simple_list(script) {
        return None;
    }
    let mut users: Vec<String> = Vec::new();
    let mut groups: Vec<String> = Vec::new();
    let mut creates = false;
    for command in script.script.commands() {
        let effective = command.effective();
        let tool = effective.basename()?;
        if !command.redirects().is_empty() || !command.assignments().is_empty() || command.pipeline_len() > 1 {
            return None;
        }
        if USER_TOOLS.contains(&tool) {
            creates = true;
            created_names(&effective, tool, &mut users, &mut groups)?;
        } else if !PRINT_TOOLS.contains(&tool) {
            return None;
        }
    }
    let delete = delete_item_at(ctx.file, ins.range.start())?;
    if !creates {
        return Some(Fix::safe("Delete this RUN: it only prints information, and cannot run in this image", vec![delete]));
    }
    let runtime = ctx.settings.profile.as_ref().map(|p| &p.runtime);
    let uid = runtime.and_then(|r| r.uid).unwrap_or(65532).to_string();
    let gid = runtime.and_then(|r| r.gid.or(r.uid)).unwrap_or(65532).to_string();
    let mut edits = vec![delete];
    edits.extend(rename_later(model, i, &users, &groups, &uid, &gid));
    let names = users.iter().chain(groups.iter().filter(|g| !users.contains(g))).map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
    let title = if edits.len() > 1 {
        format!("Delete this RUN and use {uid}:{gid} (the image's nonroot user) instead of {names} in later USER and --chown")
    } else {
        format!("Delete this RUN: use {uid}:{gid}, the image's nonroot user, instead of creating {names}")
    };
    Some(Fix::unsafe_(title, edits))
}

/// Whether the script is commands joined by `&&`, `;` or line breaks and nothing else.
fn is_simple_list(script: &RunScript<'_>) -> bool {
    let source = script.script.source();
    let mut cursor = 0usize;
    for command in script.script.commands() {
        if command.in_subshell() || command.in_substitution() {
            return false;
        }
        let range = command.range();
        let gap = &source[cursor.min(range.start() as usize)..range.start() as usize];
        if !gap.split("&&").all(|part| part.chars().all(|c| c.is_whitespace() || c == ';')) {
            return false;
        }
        cursor = range.end() as usize;
    }
    source[cursor.min(source.len())..].chars().all(|c| c.is_whitespace() || c == ';')
}

/// The users and groups a `useradd`/`adduser`/`groupadd`/`addgroup` creates. `None` when a name
/// is not static.
fn created_names(command: &Command<'_>, tool: &str, users: &mut Vec<String>, groups: &mut Vec<String>) -> Option<()> {
    let takes_value: &[&str] = match tool {
        "useradd" => &[
            "b", "c", "d", "e", "f", "g", "G", "k", "K", "p", "s", "u", "Z", "R", "P", "base-dir", "comment",
            "home-dir", "expiredate", "inactive", "gid", "groups", "skel", "key", "password", "shell", "uid",
            "selinux-user", "root", "prefix",
        ],
        "adduser" => &[
            "h", "g", "s", "G", "u", "k", "home", "shell", "uid", "gid", "ingroup", "gecos", "comment", "firstuid",
            "lastuid", "firstgid", "lastgid", "conf",
        ],
        "groupadd" => &["g", "K", "p", "R", "P", "gid", "key", "password", "root", "prefix", "users"],
        _ => &["g", "gid", "conf"],
    };
    let names: Vec<&str> = command.positionals(takes_value).map(|w| w.literal()).collect::<Option<_>>()?;
    let push = |list: &mut Vec<String>, name: &str| {
        if !list.iter().any(|n| n == name) {
            list.push(name.to_owned());
        }
    };
    match (tool, names.as_slice()) {
        // The user's own group has its name (USERGROUPS_ENAB, adduser's default).
        ("useradd", [.., user]) | ("adduser", [user]) => {
            push(users, user);
            push(groups, user);
        }
        ("adduser", [user, group]) => {
            push(users, user);
            push(groups, user);
            push(groups, group);
        }
        ("groupadd", [.., group]) | ("addgroup", [group] | [_, group]) => push(groups, group),
        _ => return None,
    }
    Some(())
}

/// Rewrites later `USER name[:group]` and `--chown=name[:group]` in the stage and the stages built on it.
fn rename_later(model: &Model<'_>, run: usize, users: &[String], groups: &[String], uid: &str, gid: &str) -> Vec<Edit> {
    let stage = model.stage_of(run).map_or(0, |s| s.index);
    let instructions = model.instructions();
    let rewrite = |value: &str| -> Option<String> {
        let (user, group) = match value.split_once(':') {
            Some((u, g)) => (u, Some(g)),
            None => (value, None),
        };
        let new_user = if users.iter().any(|u| u == user) { uid } else { user };
        let new_group = group.map(|g| if groups.iter().any(|n| n == g) || users.iter().any(|n| n == g) { gid } else { g });
        let text = match new_group {
            Some(g) => format!("{new_user}:{g}"),
            None => new_user.to_owned(),
        };
        (text != value).then_some(text)
    };
    let mut edits = Vec::new();
    for (j, ins) in instructions.iter().enumerate().skip(run + 1) {
        if !model.stage_of(j).is_some_and(|s| model.chain(s.index).any(|c| c.index == stage)) {
            continue;
        }
        match (&ins.keyword, &ins.args) {
            (Keyword::User, Args::Shell(word)) => {
                let text = ins.text(word);
                if ins.line.is_contiguous(word.logical) {
                    if let Some(new) = rewrite(text.trim()) {
                        edits.push(Edit::replace(word.range, new));
                    }
                }
            }
            (Keyword::Copy | Keyword::Add, _) => {
                let Some(value) = ins.flag("chown").and_then(|f| f.value.as_ref()) else { continue };
                if model.file.slice(value.range) == value.text {
                    if let Some(new) = rewrite(&value.text) {
                        edits.push(Edit::replace(value.range, new));
                    }
                }
            }
            _ => {}
        }
    }
    edits
}

#[cfg(test)]
mod tests {
    use crate::Applicability;
    use crate::test::{assert_diagnostics, fix_all, lint_rule};

    #[test]
    fn tools_in_a_shellless_run() {
        let text = "FROM gcr.io/distroless/python3-debian12:nonroot\nRUN mkdir -p /app/logs && chmod 755 /app/logs && chmod 700 /x && python3 -c 1\n";
        assert_diagnostics("DX102", text, &[
            "2:5-2:10 `mkdir` is not in gcr.io/distroless/python3-debian12:nonroot (distroless images have no shell and no command-line tools), so this RUN cannot work even with a shell; prepare the files in a builder stage and COPY them with --chown/--chmod",
            "2:27-2:32 `chmod` is not in gcr.io/distroless/python3-debian12:nonroot (distroless images have no shell and no command-line tools), so this RUN cannot work even with a shell; prepare the files in a builder stage and COPY them with --chown/--chmod",
        ]);
        // Images we do not know exhaustively, and posix images, say nothing.
        assert!(lint_rule("DX102", "FROM python:3.12-slim\nRUN curl x\nFROM ghcr.io/a/b\nRUN curl x\n").is_empty());
    }

    #[test]
    fn busybox_applets_are_there() {
        let text = "FROM gcr.io/distroless/base-debian12:debug\nSHELL [\"/busybox/sh\", \"-c\"]\nRUN mkdir /data && chown 65532 /data && apt-get install -y curl && sudo useradd x\n";
        let found = crate::test::lint_codes("DX102", text);
        assert_eq!(found.len(), 3, "{found:#?}");
        assert!(found[0].starts_with("3:41-3:48 `apt-get` is not in gcr.io/distroless/base-debian12:debug: it is not one of the BusyBox applets in /busybox"));
        assert!(found[1].starts_with("3:68-3:72 `sudo`"));
        assert!(found[2].starts_with("3:73-3:80 `useradd`"));
    }

    #[test]
    fn exec_form_and_sh_c() {
        let text = "FROM gcr.io/distroless/static\nRUN [\"pip\", \"install\", \"x\"]\nRUN [\"sh\", \"-c\", \"id\"]\nRUN [\"/app/tool\"]\n";
        let found = lint_rule("DX102", text);
        assert_eq!(found.len(), 3);
        assert!(found[0].message.starts_with("this RUN fails at build time with `exec: \"pip\": executable file not found in $PATH`: gcr.io/distroless/static has no `pip`"));
        assert_eq!(&text[found[1].range], "\"sh\"");
        assert_eq!(&text[found[2].range], "\"id\"");
        // A RUN that mounts tools onto PATH has them.
        assert!(lint_rule("DX102", "FROM gcr.io/distroless/static\nRUN --mount=from=busybox:1.37,src=/bin,dst=/bin [\"sh\", \"-c\", \"mkdir /x\"]\n").is_empty());
        // A copied PATH directory may hold anything.
        assert!(lint_rule("DX102", "FROM gcr.io/distroless/static\nCOPY --from=b /usr/bin /usr/bin\nRUN [\"pip\"]\n").is_empty());
    }

    #[test]
    fn id_and_whoami_are_deleted() {
        let text = "FROM gcr.io/distroless/python3-debian12:nonroot\nUSER 65532:65532\n# Check who we run as.\nRUN id && whoami && pwd\nCMD [\"app.py\"]\n";
        let found = lint_rule("DX102", text);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].fix.as_ref().unwrap().applicability, Applicability::Safe);
        assert_eq!(fix_all("DX102", text, false), "FROM gcr.io/distroless/python3-debian12:nonroot\nUSER 65532:65532\n# Check who we run as.\nCMD [\"app.py\"]\n");
        // Not when the RUN does other things.
        let found = lint_rule("DX102", "FROM gcr.io/distroless/static\nRUN id > /tmp/id && mkdir /x\n");
        assert!(found.iter().all(|d| d.fix.is_none()));
    }

    #[test]
    fn useradd_is_replaced_by_nonroot() {
        let text = "FROM gcr.io/distroless/python3-debian12\nRUN groupadd -r app && useradd -r -g app -u 1000 app\nCOPY --chown=app:app src /app\nUSER app\nFROM 0 AS child\n";
        let found = lint_rule("DX102", text);
        assert_eq!(found.len(), 2);
        let fix = found[1].fix.as_ref().unwrap();
        assert_eq!(fix.applicability, Applicability::Unsafe);
        assert_eq!(fix.title, "Delete this RUN and use 65532:65532 (the image's nonroot user) instead of `app` in later USER and --chown");
        assert_eq!(fix_all("DX102", text, false), text);
        assert_eq!(fix_all("DX102", text, true), "FROM gcr.io/distroless/python3-debian12\nCOPY --chown=65532:65532 src /app\nUSER 65532\nFROM 0 AS child\n");
        // The stages built on it are rewritten too; names that were not created are kept.
        let text = "FROM gcr.io/distroless/static AS rt\nRUN adduser --disabled-password --gecos '' svc\nFROM rt\nUSER svc:root\nCOPY --chown=other x /x\n";
        assert_eq!(fix_all("DX102", text, true), "FROM gcr.io/distroless/static AS rt\nFROM rt\nUSER 65532:root\nCOPY --chown=other x /x\n");
    }

    #[test]
    fn no_user_fix_when_names_are_dynamic_or_mixed() {
        for text in [
            "FROM gcr.io/distroless/static\nRUN useradd \"$APP_USER\"\n",
            "FROM gcr.io/distroless/static\nRUN useradd app && mkdir /home/app\n",
            "FROM gcr.io/distroless/static\nRUN useradd app || true\n",
            "FROM gcr.io/distroless/static\nRUN <<EOF\nuseradd app\nEOF\n",
        ] {
            let found = lint_rule("DX102", text);
            assert!(!found.is_empty(), "{text}");
            assert!(found.iter().all(|d| d.fix.is_none()), "{text}");
        }
    }
}
