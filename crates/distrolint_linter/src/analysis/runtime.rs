//! Shared analyses for the rules about ENTRYPOINT/CMD, users and COPY (families C, D and E).
//!
//! - paths: the effective `WORKDIR`, `COPY`/`ADD` sources and destinations resolved against it,
//!   and which `COPY` put a path into a stage;
//! - users: the effective `USER` of a stage, and user and group names mapped to numeric ids with
//!   the image's `/etc/passwd` and `/etc/group` (distroless, Chainguard) or the profile's `user_map`;
//! - commands: what a container starts with (`ENTRYPOINT` + `CMD`), console scripts and their
//!   Python modules.

use std::borrow::Cow;

use distrolint_syntax::{Args, Instruction, Keyword, TextRange};

use crate::diagnostic::{Diagnostic, Fix};
use crate::fixes::delete_item_at;
use crate::images::{ImageFacts, ImageKind, Presence};
use crate::model::{Command, FromTarget, Model, Setting, ShellStatus, Stage};
use crate::rule::LintContext;
use crate::settings::Profile;
use crate::suppress::Suppressions;
pub use crate::util::basename;

/// A path argument of `COPY` or `ADD`: its value (quotes removed, variables expanded) and range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathArg {
    /// The value, or `None` when it uses a variable whose value is not known.
    pub value: Option<String>,
    /// The argument as written, for messages.
    pub written: String,
    /// The source range of the argument (a word, or a JSON string with its quotes).
    pub range: TextRange,
}

/// The sources and destination of a `COPY` or `ADD`. Heredoc sources (`<<EOF`) are left out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CopyArgs {
    /// The sources.
    pub sources: Vec<PathArg>,
    /// The destination (the last argument).
    pub dest: PathArg,
}

/// The arguments of a `COPY`/`ADD` at `instruction`, or `None` for other instructions and for
/// a `COPY` with fewer than two arguments.
pub fn copy_args(model: &Model<'_>, instruction: usize) -> Option<CopyArgs> {
    let ins = &model.instructions()[instruction];
    if !matches!(ins.keyword, Keyword::Copy | Keyword::Add) {
        return None;
    }
    let mut args: Vec<PathArg> = match &ins.args {
        Args::Words(words) => words
            .iter()
            .map(|w| PathArg {
                value: model.word_value(instruction, w).map(Cow::into_owned),
                written: ins.text(w).to_owned(),
                range: w.range,
            })
            .collect(),
        Args::Exec(exec) => exec
            .elements
            .iter()
            .map(|e| PathArg {
                value: model.expand(instruction, &e.value).map(Cow::into_owned),
                written: e.value.clone(),
                range: e.range,
            })
            .collect(),
        _ => return None,
    };
    if args.len() < 2 {
        return None;
    }
    let dest = args.pop()?;
    args.retain(|a| !a.written.starts_with("<<"));
    Some(CopyArgs { sources: args, dest })
}

/// The `COPY --from` (and `ADD --from`) instructions of `stage`, each with its [`copy_sources`]:
/// what the stage takes from another stage or image.
pub fn copies_from_elsewhere<'m, 'a>(
    model: &'m Model<'a>,
    stage: &Stage,
) -> impl Iterator<Item = (usize, Vec<(Cow<'a, str>, TextRange)>)> + 'm {
    stage
        .instructions()
        .filter(|&i| model.instructions()[i].flag("from").is_some())
        .map(|i| (i, copy_sources(model, i)))
}

/// The sources of a `COPY`/`ADD` (heredoc sources left out) with their ranges. A value is borrowed
/// when it is written plainly, and expanded and unquoted otherwise; sources whose value is not
/// known are left out. Cheaper than [`copy_args`] for rules that only test the sources.
pub fn copy_sources<'a>(model: &Model<'a>, instruction: usize) -> Vec<(Cow<'a, str>, TextRange)> {
    let ins: &'a Instruction = &model.instructions()[instruction];
    if !matches!(ins.keyword, Keyword::Copy | Keyword::Add) {
        return Vec::new();
    }
    let plain = |text: &str| !text.bytes().any(|b| matches!(b, b'$' | b'\'' | b'"' | b'\\'));
    match &ins.args {
        Args::Words(words) if words.len() >= 2 => words[..words.len() - 1]
            .iter()
            .filter_map(|w| {
                let text = ins.text(w);
                if text.starts_with("<<") {
                    return None;
                }
                let value = if plain(text) { Cow::Borrowed(text) } else { model.word_value(instruction, w)? };
                Some((value, w.range))
            })
            .collect(),
        Args::Exec(exec) if exec.elements.len() >= 2 => exec.elements[..exec.elements.len() - 1]
            .iter()
            .filter_map(|e| {
                let value = if e.value.contains('$') {
                    Cow::Owned(model.expand(instruction, &e.value)?.into_owned())
                } else {
                    Cow::Borrowed(e.value.as_str())
                };
                Some((value, e.range))
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The destination of a `COPY`/`ADD` as written (a word's text, or a JSON string's value) and its range.
pub fn copy_dest_written(ins: &Instruction) -> Option<(&str, TextRange)> {
    if !matches!(ins.keyword, Keyword::Copy | Keyword::Add) {
        return None;
    }
    match &ins.args {
        Args::Words(words) if words.len() >= 2 => words.last().map(|w| (ins.text(w), w.range)),
        Args::Exec(exec) if exec.elements.len() >= 2 => exec.elements.last().map(|e| (e.value.as_str(), e.range)),
        _ => None,
    }
}

/// A copy source as the directory it copies: trailing `/`, `/*` and `/.` removed
/// (`/usr/bin/*` copies the same files as `/usr/bin`).
pub fn dir_key(source: &str) -> &str {
    let mut key = source;
    loop {
        let next = key.strip_suffix("/*").or_else(|| key.strip_suffix("/.")).or_else(|| key.strip_suffix('/'));
        match next {
            Some(rest) if !rest.is_empty() => key = rest,
            _ => return key,
        }
    }
}

/// Where the `--from` of a `COPY`/`ADD` points, with the flag's value as written.
pub fn copy_from<'m>(model: &'m Model<'_>, instruction: usize) -> Option<(FromTarget, &'m str)> {
    let ins = &model.instructions()[instruction];
    if !matches!(ins.keyword, Keyword::Copy | Keyword::Add) {
        return None;
    }
    let value = ins.flag("from")?.value_text()?;
    Some((model.resolve_from(value), value))
}

/// Normalizes an absolute path: `.` and empty segments removed, `..` applied, no trailing `/`
/// (except for `/` itself).
pub fn normalize(path: &str) -> String {
    if path.starts_with('/') && crate::util::is_normal_path(path) {
        return path.to_owned();
    }
    crate::util::resolve_segments(path, true)
}

/// Whether `path` is `dir` or inside it (both normalized).
pub fn is_within(path: &str, dir: &str) -> bool {
    dir == "/" || path == dir || path.strip_prefix(dir).is_some_and(|rest| rest.starts_with('/'))
}

/// The working directory just before `instruction`: the last `WORKDIR` (relative ones resolved
/// against the one before), else the image's. `None` when a value is not known.
/// What each `WORKDIR` sets is computed once per lint.
pub fn workdir_at<'m>(model: &'m Model<'_>, instruction: usize) -> Option<Cow<'m, str>> {
    match model.state(instruction).workdir {
        Setting::Instruction(w) => {
            let set = model.cache.workdir_runtime.get_or_init(model.instructions().len(), w, || {
                let ins = &model.instructions()[w];
                let value = model.word_value(w, &ins.args.shell()?)?;
                resolve_path(model, w, &value)
            });
            set.as_deref().map(Cow::Borrowed)
        }
        _ => model.facts_at(instruction)?.workdir.as_deref().map(normalized),
    }
}

/// [`normalize`], borrowing a path that is already normal.
fn normalized(path: &str) -> Cow<'_, str> {
    if path.starts_with('/') && crate::util::is_normal_path(path) {
        Cow::Borrowed(path)
    } else {
        Cow::Owned(normalize(path))
    }
}

/// The working directory a stage's container starts in: its last `WORKDIR`, else the image's.
pub fn end_workdir(model: &Model<'_>, stage: usize) -> Option<String> {
    match model.end_state(stage).workdir {
        Setting::Instruction(w) => {
            let ins = &model.instructions()[w];
            let value = model.word_value(w, &ins.args.shell()?)?;
            resolve_path(model, w, &value)
        }
        _ => model.stages[stage].facts.as_deref()?.workdir.as_deref().map(normalize),
    }
}

/// Resolves a path written in `instruction` against the working directory in effect there.
pub fn resolve_path(model: &Model<'_>, instruction: usize, path: &str) -> Option<String> {
    if path.starts_with('/') {
        return Some(normalize(path));
    }
    let base = workdir_at(model, instruction)?;
    let mut joined = String::with_capacity(base.len() + 1 + path.len());
    joined.push_str(&base);
    joined.push('/');
    joined.push_str(path);
    Some(if joined.starts_with('/') && crate::util::is_normal_path(&joined) { joined } else { normalize(&joined) })
}

/// The destination of a `COPY`/`ADD`, resolved to an absolute normalized path.
pub fn copy_dest(model: &Model<'_>, instruction: usize) -> Option<String> {
    let ins = &model.instructions()[instruction];
    if !matches!(ins.keyword, Keyword::Copy | Keyword::Add) {
        return None;
    }
    let raw = crate::model::copy_dest(ins)?;
    let value = model.expand(instruction, &raw)?;
    resolve_path(model, instruction, &value)
}

/// The last `COPY`/`ADD` in the stage chain before `before` whose destination is `path` or one of
/// its directories: the instruction that put `path` (or the directory holding it) into the image.
pub fn covering_copy(model: &Model<'_>, before: usize, path: &str) -> Option<usize> {
    covering_copy_in(model, model.stage_of(before)?.index, before, path)
}

/// [`covering_copy`] in the chain of `stage`, for `COPY`s before instruction `before` (pass the
/// stage's `end` to search the whole chain).
pub fn covering_copy_in(model: &Model<'_>, stage: usize, before: usize, path: &str) -> Option<usize> {
    for s in model.chain(stage) {
        for i in s.instructions().rev().filter(|&i| i < before) {
            if copy_dest(model, i).is_some_and(|dest| is_within(path, &dest)) {
                return Some(i);
            }
        }
    }
    None
}

/// The directories a bare command name is looked up in just before `instruction`: the stage's
/// `ENV PATH` (when known), then the image's `PATH`.
pub fn path_dirs(model: &Model<'_>, instruction: usize) -> Vec<String> {
    let mut dirs: Vec<String> = Vec::new();
    let mut add = |list: &str| {
        for dir in crate::util::split_byte(list, b':').filter(|d| d.starts_with('/')) {
            let dir = normalize(dir);
            if !dirs.contains(&dir) {
                dirs.push(dir);
            }
        }
    };
    if let crate::model::vars::Binding::Known(path) = model.lookup(instruction, "PATH") {
        add(path);
    }
    if let Some(path) = model.facts_at(instruction).and_then(|f| f.env_path.as_deref()) {
        add(path);
    }
    dirs
}

/// Where a command run just before `instruction` comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Provider {
    /// The base image has it, at this path.
    Image(String),
    /// This `COPY`/`ADD` put it (or its directory) there; the path the command is found at.
    Copy(usize, String),
    /// Nothing known provides it.
    Missing,
}

/// Whether a `RUN` can run at all: shell form needs a shell, exec form its program. A `RUN` in
/// distroless fails at build time, so nothing it would do happens.
pub fn run_can_run(model: &Model<'_>, instruction: usize) -> bool {
    let ins = &model.instructions()[instruction];
    match model.command_of(instruction) {
        Some(Command::Exec(argv)) => {
            let Some(program) = argv.first() else { return false };
            let absent = model.facts_at(instruction).is_some_and(|f| f.find_command(program) == Presence::Absent);
            !absent || model.is_copied_before(instruction, program)
        }
        _ => ins.keyword == Keyword::Run && !matches!(model.shell_status(instruction), ShellStatus::Missing { .. }),
    }
}

/// Finds what provides `program` (a bare name looked up on `PATH`, or a path) before `instruction`.
pub fn provider(model: &Model<'_>, instruction: usize, program: &str) -> Option<Provider> {
    let facts = model.facts_at(instruction);
    let candidates: Vec<String> = if program.contains('/') {
        vec![resolve_path(model, instruction, program)?]
    } else {
        path_dirs(model, instruction)
            .into_iter()
            .map(|dir| format!("{}/{program}", dir.trim_end_matches('/')))
            .collect()
    };
    // Certain evidence first: a COPY to exactly that path, or a file the image is known to have.
    // A copied directory may or may not hold the command, so it only counts after that.
    for candidate in &candidates {
        match covering_copy(model, instruction, candidate) {
            Some(copy) if copy_dest(model, copy).as_deref() == Some(candidate.as_str()) => {
                return Some(Provider::Copy(copy, candidate.clone()));
            }
            _ if facts.is_some_and(|f| f.has_path(candidate)) => return Some(Provider::Image(candidate.clone())),
            _ => {}
        }
    }
    for candidate in candidates {
        if let Some(copy) = covering_copy(model, instruction, &candidate) {
            return Some(Provider::Copy(copy, candidate));
        }
    }
    Some(Provider::Missing)
}

/// The stage a `COPY --from` reads from, when it is a stage of this file.
pub fn source_stage<'m>(model: &'m Model<'_>, instruction: usize) -> Option<&'m Stage> {
    match copy_from(model, instruction)? {
        (FromTarget::Stage(s), _) => model.stages.get(s),
        _ => None,
    }
}

/// The facts of what a `COPY --from` reads from: a stage's base image, or an image named in the flag.
pub fn source_facts<'m>(
    model: &'m Model<'_>,
    instruction: usize,
    settings: &crate::Settings,
) -> Option<Cow<'m, ImageFacts>> {
    match copy_from(model, instruction)? {
        (FromTarget::Stage(s), _) => model.stages.get(s)?.facts.as_deref().map(Cow::Borrowed),
        (FromTarget::Image(image), _) => {
            let image = crate::images::ImageRef::parse(&image).ok()?;
            crate::images::lookup_with(&image, &settings.images).map(Cow::Owned)
        }
        _ => None,
    }
}

/// A short description of where a `COPY --from` reads from: "the `builder` stage (python:3.12-slim)".
pub fn source_label(model: &Model<'_>, instruction: usize) -> Option<String> {
    match copy_from(model, instruction)? {
        (FromTarget::Stage(s), _) => {
            let stage = model.stages.get(s)?;
            Some(match model.image_label(s) {
                Some(image) => format!("the `{}` stage ({image})", stage.label()),
                None => format!("the `{}` stage", stage.label()),
            })
        }
        (FromTarget::Image(image), _) => Some(format!("the image {image}")),
        _ => None,
    }
}

/// True for the base of a shell-less runtime stage: distroless, Chainguard without `-dev`, or an
/// image a profile lists in `shell_less_images`. `scratch` is not one: it is a blank slate that
/// builds often fill on purpose.
pub fn is_shellless_runtime(facts: &ImageFacts) -> bool {
    facts.lacks_bin_sh() && facts.kind != ImageKind::Scratch
}

/// The interpreter a Python image runs as its `ENTRYPOINT` (`/usr/bin/python3.11` in distroless,
/// `/usr/bin/python` in Chainguard), or `None` when the entrypoint is not a Python interpreter.
pub fn python_entrypoint(facts: &ImageFacts) -> Option<&str> {
    facts.python.as_ref()?;
    match facts.entrypoint.as_deref()? {
        [interpreter] if is_python_name(basename(interpreter)) => Some(interpreter),
        _ => None,
    }
}

/// `python`, `python3`, `python3.11`.
pub fn is_python_name(name: &str) -> bool {
    name.strip_prefix("python").is_some_and(|v| v.bytes().all(|b| b.is_ascii_digit() || b == b'.'))
}

/// Console scripts that Python web and task servers install, with the module `python -m` runs
/// instead (each package ships a `__main__.py`: uvicorn, gunicorn since 20.1, hypercorn, celery,
/// alembic, flask, daphne, streamlit, django).
pub const CONSOLE_SCRIPTS: &[(&str, &str)] = &[
    ("uvicorn", "uvicorn"),
    ("gunicorn", "gunicorn"),
    ("hypercorn", "hypercorn"),
    ("celery", "celery"),
    ("alembic", "alembic"),
    ("flask", "flask"),
    ("daphne", "daphne"),
    ("streamlit", "streamlit"),
    ("django-admin", "django"),
];

/// The module of a known console script.
pub fn console_script_module(name: &str) -> Option<&'static str> {
    CONSOLE_SCRIPTS.iter().find(|(script, _)| *script == name).map(|(_, module)| *module)
}

/// Programs that are native executables (or shell scripts), never Python source.
const NATIVE_PROGRAMS: &[&str] =
    &["tini", "dumb-init", "gosu", "su-exec", "sh", "bash", "busybox", "env", "node", "java", "sleep", "catatonit"];

/// Whether `word`, run as the first argument of a Python interpreter, cannot be what was meant:
/// it names a program (an interpreter, a console script, a native tool) rather than a script, a
/// module flag or a directory with `__main__.py`. Bare names are opened relative to `WORKDIR` by
/// Python, not looked up on `PATH`, so a bare program name always fails; an absolute path fails
/// when it is a native executable (Python reads it as source). `found_on_path` tells whether a
/// bare name is a command the stage has on `PATH`.
pub fn is_program_word(word: &str, found_on_path: bool) -> bool {
    if word.is_empty() || word.starts_with('-') {
        return false;
    }
    let name = basename(word);
    let ext = std::path::Path::new(name).extension().and_then(|e| e.to_str());
    if ext.is_some_and(|e| matches!(e, "py" | "pyc" | "pyz" | "pyw" | "zip")) {
        return false;
    }
    if is_python_name(name) || NATIVE_PROGRAMS.contains(&name) || ext == Some("sh") {
        return true;
    }
    if word.contains('/') {
        // A console script is Python source, which the interpreter runs fine.
        return false;
    }
    console_script_module(name).is_some() || (found_on_path && ext.is_none())
}

/// The effective `USER` at some point: where it comes from and its value, variables expanded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EffectiveUser {
    /// The `USER` instruction, or `None` when the image's user is in effect.
    pub instruction: Option<usize>,
    /// The value (`65532:65532`, `nonroot`, `0`), or `None` when it is not known.
    pub value: Option<String>,
}

impl EffectiveUser {
    /// Whether the user is root, when the value is known.
    pub fn is_root(&self) -> Option<bool> {
        self.value.as_deref().map(is_root_user)
    }
}

/// The user a stage's container runs as: the last `USER` in its chain, else its image's.
/// `scratch` and images whose config sets no user run as root.
pub fn effective_user(model: &Model<'_>, stage: usize) -> EffectiveUser {
    user_from(model, model.end_state(stage).user, model.stages[stage].facts.as_deref())
}

/// The user in effect just before `instruction`.
pub fn user_at(model: &Model<'_>, instruction: usize) -> EffectiveUser {
    user_from(model, model.state(instruction).user, model.facts_at(instruction))
}

fn user_from(model: &Model<'_>, setting: Setting, facts: Option<&ImageFacts>) -> EffectiveUser {
    match setting {
        Setting::Instruction(u) => {
            let ins = &model.instructions()[u];
            let value = ins.args.shell().and_then(|w| model.word_value(u, &w)).map(|v| v.trim().to_owned());
            EffectiveUser { instruction: Some(u), value }
        }
        _ => {
            let value = facts.and_then(|f| match (&f.user, f.kind) {
                (Some(user), _) => Some(user.clone()),
                (None, ImageKind::Scratch) => Some("0".to_owned()),
                (None, _) => None,
            });
            EffectiveUser { instruction: None, value }
        }
    }
}

/// `root`, `0`, `root:*`, `0:*`.
pub fn is_root_user(user: &str) -> bool {
    let name = crate::util::split_byte(user, b':').next().unwrap_or(user);
    name == "0" || name == "root"
}

/// Whether a user or group is written as a number.
pub fn is_numeric(id: &str) -> bool {
    !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit())
}

/// `/etc/passwd` of every distroless image (`common/BUILD.bazel`, `passwd`).
const DISTROLESS_USERS: &[(&str, &str)] = &[("root", "0"), ("nobody", "65534"), ("nonroot", "65532")];
/// `/etc/group` of every distroless image (`common/BUILD.bazel`, `group`).
const DISTROLESS_GROUPS: &[(&str, &str)] =
    &[("root", "0"), ("nobody", "65534"), ("tty", "5"), ("staff", "50"), ("nonroot", "65532")];
/// Chainguard images: `root`, and `nonroot` 65532 as user and group (public apko configs, **unverified**
/// for current images).
const CHAINGUARD_IDS: &[(&str, &str)] = &[("root", "0"), ("nonroot", "65532")];

/// The numeric id of a user (or group) name: `root` is 0 everywhere; otherwise the profile's
/// `user_map` first, then the image's own `/etc/passwd` (`/etc/group`) for distroless and
/// Chainguard. Numbers map to themselves.
pub fn numeric_id(name: &str, group: bool, facts: Option<&ImageFacts>, profile: Option<&Profile>) -> Option<String> {
    if is_numeric(name) {
        return Some(name.to_owned());
    }
    // `root` is uid and gid 0 in every image.
    if name == "root" {
        return Some("0".to_owned());
    }
    if let Some(value) = profile.and_then(|p| p.runtime.user_map.get(name)) {
        let part = match value.split_once(':') {
            Some((uid, gid)) => {
                if group {
                    gid
                } else {
                    uid
                }
            }
            None => value.as_str(),
        };
        return is_numeric(part).then(|| part.to_owned());
    }
    let table = match facts.map(|f| f.kind) {
        Some(ImageKind::Distroless) if group => DISTROLESS_GROUPS,
        Some(ImageKind::Distroless) => DISTROLESS_USERS,
        Some(ImageKind::Chainguard) => CHAINGUARD_IDS,
        _ => return None,
    };
    table.iter().find(|(n, _)| *n == name).map(|(_, id)| (*id).to_owned())
}

/// A `user[:group]` spec with both parts mapped to numbers, or `None` when a name is not known.
pub fn numeric_spec(spec: &str, facts: Option<&ImageFacts>, profile: Option<&Profile>) -> Option<String> {
    match spec.split_once(':') {
        Some((user, group)) => {
            Some(format!("{}:{}", numeric_id(user, false, facts, profile)?, numeric_id(group, true, facts, profile)?))
        }
        None => numeric_id(spec, false, facts, profile),
    }
}

/// The `uid:gid` files and `USER` should use: the profile's `runtime.uid`/`gid`, else distroless's
/// `nonroot` (65532:65532).
pub fn runtime_ids(profile: Option<&Profile>) -> String {
    let uid = profile.and_then(|p| p.runtime.uid).unwrap_or(65532);
    let gid = profile.and_then(|p| p.runtime.gid).unwrap_or(uid);
    format!("{uid}:{gid}")
}

/// The exec-form argv of a `CMD`/`ENTRYPOINT`, or `None` for shell form.
pub fn exec_argv<'a>(model: &Model<'a>, instruction: usize) -> Option<Vec<&'a str>> {
    match model.command_of(instruction)? {
        Command::Exec(argv) => Some(argv),
        Command::Shell(_) => None,
    }
}

/// The source range of element `index` of an exec-form instruction (with its quotes).
pub fn element_range(ins: &Instruction, index: usize) -> Option<TextRange> {
    let args = match &ins.args {
        Args::Healthcheck(h) => &*h.cmd,
        other => other,
    };
    args.exec()?.elements.get(index).map(|e| e.range)
}

/// How a stage's container starts, when everything involved is in exec form and known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Launch<'a> {
    /// The `ENTRYPOINT` or `CMD` instruction whose argv is run (or handed to the image's entrypoint).
    pub instruction: usize,
    /// Its argv.
    pub argv: Vec<&'a str>,
    /// The `CMD` arguments appended to an `ENTRYPOINT` instruction's argv.
    pub args: Vec<&'a str>,
    /// The image's own non-empty `ENTRYPOINT`, still in effect, which runs `argv` as its arguments.
    pub image_entrypoint: Option<Vec<String>>,
}

impl Launch<'_> {
    /// The full command line the container runs.
    pub fn command_line(&self) -> Vec<&str> {
        let mut line: Vec<&str> = self.image_entrypoint.iter().flatten().map(String::as_str).collect();
        line.extend(self.argv.iter().copied());
        line.extend(self.args.iter().copied());
        line
    }
}

/// How the container of `stage` starts, or `None` when a shell form, an unknown image entrypoint or
/// a missing command makes it unknown.
pub fn launch<'a>(model: &Model<'a>, stage: usize) -> Option<Launch<'a>> {
    let end = model.end_state(stage);
    let cmd = match end.cmd {
        Setting::Instruction(c) => Some((c, exec_argv(model, c)?)),
        _ => None,
    };
    match end.entrypoint {
        Setting::Instruction(e) => {
            let argv = exec_argv(model, e)?;
            if argv.is_empty() {
                let (instruction, argv) = cmd?;
                return Some(Launch { instruction, argv, args: Vec::new(), image_entrypoint: None });
            }
            let args = cmd.map(|(_, a)| a).unwrap_or_default();
            Some(Launch { instruction: e, argv, args, image_entrypoint: None })
        }
        _ => {
            let entrypoint = model.stages[stage].facts.as_deref()?.entrypoint.clone()?;
            let (instruction, argv) = cmd?;
            let image_entrypoint = (!entrypoint.is_empty()).then_some(entrypoint);
            Some(Launch { instruction, argv, args: Vec::new(), image_entrypoint })
        }
    }
}

/// The value of `ENTRYPOINT` a stage ends with: the instruction, or `None` when the image's
/// entrypoint is still in effect. Never a cleared value.
pub fn entrypoint_instruction(model: &Model<'_>, stage: usize) -> Option<usize> {
    match model.end_state(stage).entrypoint {
        Setting::Instruction(e) => Some(e),
        _ => None,
    }
}

/// Whether a later stage built `FROM` this one (directly or through others) starts with its own
/// `CMD` under the inherited image `ENTRYPOINT`, so an `ENTRYPOINT []` inserted here would change it.
pub fn descendants_use_image_entrypoint(model: &Model<'_>, stage: usize) -> bool {
    model.stages.iter().filter(|s| s.index > stage).any(|s| {
        model.chain(s.index).skip(1).any(|a| a.index == stage)
            && model.end_state(s.index).entrypoint == Setting::Image
            && matches!(model.end_state(s.index).cmd, Setting::Instruction(c) if s.instructions().contains(&c))
    })
}

/// The stages `stage` reads from: its `FROM <stage>` base, and every `COPY --from` and
/// `RUN --mount=from=` that names a stage.
pub fn stage_dependencies(model: &Model<'_>, stage: usize) -> Vec<usize> {
    let mut deps = Vec::new();
    if let crate::model::Base::Stage(parent) = model.stages[stage].base {
        deps.push(parent);
    }
    for i in model.stages[stage].instructions() {
        for (value, _) in from_references(&model.instructions()[i]) {
            if let FromTarget::Stage(s) = model.resolve_from(value) {
                if !deps.contains(&s) {
                    deps.push(s);
                }
            }
        }
    }
    deps
}

/// The `--from` of a `COPY`/`ADD` and the `from=` of each `RUN --mount`, with the value's range.
pub fn from_references(ins: &Instruction) -> Vec<(&str, TextRange)> {
    let mut out = Vec::new();
    for flag in &ins.flags {
        let Some(value) = &flag.value else { continue };
        match (ins.keyword, flag.name.as_str()) {
            (Keyword::Copy | Keyword::Add, "from") => out.push((value.text.as_str(), value.range)),
            (Keyword::Run, "mount") => {
                // `type=cache,from=build,source=/x`: the range of the `from=` value, when the
                // value is written without quotes or escapes (then text and source agree).
                let mut offset = 0usize;
                for part in value.text.split(',') {
                    let start = offset;
                    offset += part.len() + 1;
                    let Some(from) = part.strip_prefix("from=") else { continue };
                    let contiguous = value.range.len() as usize == value.text.len();
                    let range = if contiguous {
                        let at = value.range.start() + (start + 5) as u32;
                        TextRange::new(at, at + from.len() as u32)
                    } else {
                        value.range
                    };
                    out.push((from, range));
                }
            }
            _ => {}
        }
    }
    out
}

/// Reports each `keyword` instruction that a later one in the same stage overrides (DL4003,
/// DL4004, DL3012): the earlier one is dead, so it is reported, with a note at the last one and a
/// fix that deletes it. A suppression comment above either instruction is honoured, so hadolint's
/// `# hadolint ignore=DL4003` above the later one keeps working.
pub fn report_overridden(ctx: &mut LintContext<'_>, keyword: Keyword) {
    let model = ctx.model;
    let instructions = model.instructions();
    let what = keyword.as_str();
    let mut suppressions: Option<Suppressions> = None;
    for stage in &model.stages {
        let Some(last) = stage.instructions().rev().find(|&i| instructions[i].keyword == keyword) else { continue };
        let earlier: Vec<usize> =
            stage.instructions().filter(|&i| i < last && instructions[i].keyword == keyword).collect();
        if earlier.is_empty() {
            continue;
        }
        let last_range = first_line(ctx.text(), &instructions[last]);
        let probe = Diagnostic {
            rule: ctx.rule(),
            range: last_range,
            severity: ctx.severity,
            message: String::new(),
            fix: None,
            related: Vec::new(),
            alternatives: Vec::new(),
        };
        let suppressions =
            suppressions.get_or_insert_with(|| Suppressions::collect(ctx.file, ctx.settings.allow_inline_ignores));
        if suppressions.suppresses(&probe) {
            continue;
        }
        for i in earlier {
            let ins = &instructions[i];
            let range = first_line(ctx.text(), ins);
            let fix = delete_item_at(ctx.file, ins.range.start());
            let message = format!(
                "this {what} has no effect: a later {what} in the same stage replaces it, and only the last one is kept in the image"
            );
            let diagnostic = ctx.report(range, message);
            diagnostic.add_related(last_range, format!("this {what} is the one the image keeps"));
            if let Some(edit) = fix {
                diagnostic.set_fix(Fix::safe(format!("Delete this {what}"), vec![edit]));
            }
        }
    }
}

/// The instruction's first line, for instruction-level findings (a multi-line instruction gets
/// one squiggle line).
pub fn first_line(text: &str, ins: &Instruction) -> TextRange {
    let start = ins.range.start();
    let end = text[start as usize..ins.range.end() as usize].find('\n').map_or(ins.range.end(), |i| start + i as u32);
    let end = if end > start && text.as_bytes()[end as usize - 1] == b'\r' { end - 1 } else { end };
    TextRange::new(start, end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test::with_model;

    #[test]
    fn paths_resolve_against_workdir() {
        assert_eq!(normalize("/app/./x/../y/"), "/app/y");
        assert_eq!(normalize("/"), "/");
        assert!(is_within("/app/logs", "/app"));
        assert!(!is_within("/application", "/app"));
        let text = "FROM gcr.io/distroless/python3-debian12:nonroot\nCOPY a.py .\nWORKDIR /app\nWORKDIR sub\nCOPY [\"b\", \"c/\"]\nARG D=/data\nCOPY x ${D}/y\n";
        with_model(text, |m| {
            assert_eq!(copy_dest(m, 1).as_deref(), Some("/home/nonroot"));
            assert_eq!(workdir_at(m, 4).as_deref(), Some("/app/sub"));
            assert_eq!(copy_dest(m, 4).as_deref(), Some("/app/sub/c"));
            assert_eq!(copy_dest(m, 6).as_deref(), Some("/data/y"));
            assert_eq!(covering_copy(m, 6, "/app/sub/c/z"), Some(4));
            assert_eq!(covering_copy(m, 6, "/app/other"), None);
            let args = copy_args(m, 4).unwrap();
            assert_eq!(args.sources[0].value.as_deref(), Some("b"));
        });
    }

    #[test]
    fn providers_follow_path_and_copies() {
        let text = "FROM python:3.12-slim AS b\nFROM gcr.io/distroless/python3-debian12\nCOPY --from=b /root/.local/bin /usr/local/bin\nENV PATH=/opt/venv/bin:$PATH\nCMD [\"x\"]\n";
        with_model(text, |m| {
            assert_eq!(provider(m, 4, "uvicorn"), Some(Provider::Copy(2, "/usr/local/bin/uvicorn".into())));
            assert_eq!(provider(m, 4, "python3"), Some(Provider::Image("/usr/bin/python3".into())));
            assert_eq!(provider(m, 2, "curl"), Some(Provider::Missing));
            assert_eq!(provider(m, 4, "curl"), Some(Provider::Copy(2, "/usr/local/bin/curl".into())));
            assert_eq!(path_dirs(m, 4)[0], "/opt/venv/bin");
            assert_eq!(source_label(m, 2).as_deref(), Some("the `b` stage (python:3.12-slim)"));
        });
    }

    #[test]
    fn users_and_names() {
        let text = "FROM gcr.io/distroless/static:nonroot AS a\nFROM a\nUSER root\nFROM scratch\nFROM ghcr.io/x/y\n";
        with_model(text, |m| {
            assert_eq!(effective_user(m, 0).value.as_deref(), Some("65532"));
            assert_eq!(effective_user(m, 1), EffectiveUser { instruction: Some(2), value: Some("root".into()) });
            assert_eq!(effective_user(m, 2).is_root(), Some(true));
            assert_eq!(effective_user(m, 3).value, None);
            let facts = m.stages[0].facts.as_deref();
            assert_eq!(numeric_spec("nonroot:nonroot", facts, None).as_deref(), Some("65532:65532"));
            assert_eq!(numeric_spec("nonroot:staff", facts, None).as_deref(), Some("65532:50"));
            assert_eq!(numeric_spec("app", facts, None), None);
        });
        let mut profile = Profile::default();
        profile.runtime.user_map.insert("app".into(), "10001:10002".into());
        assert_eq!(numeric_spec("app:app", None, Some(&profile)).as_deref(), Some("10001:10002"));
        assert_eq!(runtime_ids(Some(&profile)), "65532:65532");
    }

    #[test]
    fn dir_keys() {
        assert_eq!(dir_key("/usr/bin/*"), "/usr/bin");
        assert_eq!(dir_key("/usr/bin/./"), "/usr/bin");
        assert_eq!(dir_key("/"), "/");
        assert_eq!(dir_key("/usr/local/bin"), "/usr/local/bin");
    }

    #[test]
    fn program_words() {
        for program in ["python3", "/usr/bin/python3.11", "uvicorn", "tini", "/opt/venv/bin/python", "run.sh"] {
            assert!(is_program_word(program, false), "{program}");
        }
        for script in ["app.py", "-m", "/app/main.py", "/usr/local/bin/uvicorn", "app", "pkg.zip", ""] {
            assert!(!is_program_word(script, false), "{script}");
        }
        assert!(is_program_word("myservice", true));
    }

    #[test]
    fn mount_from_ranges() {
        let text = "FROM a AS b\nRUN --mount=type=bind,from=b,source=/x,target=/y true\n";
        let file = distrolint_syntax::parse(text);
        let refs = from_references(&file.instructions()[1]);
        assert_eq!(refs.len(), 1);
        assert_eq!(&text[refs[0].1.to_std()], "b");
    }
}

/// Test helpers for rules that run under a profile.
#[cfg(test)]
pub(crate) mod test_support {
    use distrolint_syntax::LineIndex;

    use crate::diagnostic::Applicability;

    /// The formatted diagnostics of rule `code` on `text` under the built-in `profile`.
    pub(crate) fn lint_profile(code: &str, profile: &str, text: &str) -> Vec<String> {
        let settings = crate::test::settings_for(code, Some(profile));
        let index = LineIndex::new(text);
        crate::lint(text, &settings).diagnostics.iter().map(|d| crate::test::format(text, &index, d)).collect()
    }

    /// Applies rule `code`'s fixes under the built-in `profile` until stable.
    pub(crate) fn fix_profile(code: &str, profile: &str, text: &str, include_unsafe: bool) -> String {
        let min = if include_unsafe { Applicability::Unsafe } else { Applicability::Safe };
        crate::fix(text, &crate::test::settings_for(code, Some(profile)), min).text
    }
}
