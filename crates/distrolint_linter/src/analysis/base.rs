//! Shared analyses for the rules about base images and shell-less stages (families A and B).
//!
//! - Which program an exec-form instruction runs, with `CMD` read through the `ENTRYPOINT` in
//!   effect ([`exec_program`]).
//! - The `PATH` in effect at an instruction, with `ENV PATH=/x:$PATH` expanded against the image's
//!   own `PATH` ([`effective_path`]).
//! - What `COPY`/`ADD` put into a stage and its ancestors, with relative destinations resolved
//!   against `WORKDIR` ([`copies_before`]).
//! - Whether a command is in the image ([`ProgramLookup`]): the image's known files, the copied
//!   paths, and whether the image's executables are known exhaustively.
//! - Where the tag and name of a `FROM` image are written ([`FromImage`]).

use std::borrow::Cow;
use std::cell::OnceCell;

use distrolint_syntax::{Args, Instruction, JsonString, Keyword, TextRange, unquote};

use crate::images::{ImageFacts, ImageRef};
use crate::model::vars::{self, Binding};
use crate::model::{Base, Command, Model, Setting, Stage, VarKind, copy_dest};
pub use crate::util::basename;

use super::runtime::normalize;

/// The program an exec-form `RUN`, `CMD`, `ENTRYPOINT` or `HEALTHCHECK CMD` runs.
#[derive(Clone, Copy, Debug)]
pub struct ExecProgram<'a> {
    /// The instruction's keyword (`HEALTHCHECK` for `HEALTHCHECK CMD [...]`).
    pub keyword: Keyword,
    /// Every element of the array.
    pub elements: &'a [JsonString],
}

impl<'a> ExecProgram<'a> {
    /// `argv[0]`, decoded.
    pub fn argv0(&self) -> &'a str {
        &self.elements[0].value
    }

    /// `argv[0]`'s element in the file, quotes included.
    pub fn range(&self) -> TextRange {
        self.elements[0].range
    }

    /// The arguments after `argv[0]`.
    pub fn args(&self) -> impl Iterator<Item = &'a str> + use<'a> {
        self.elements[1..].iter().map(|e| e.value.as_str())
    }

    /// The name after the last `/` of `argv[0]`.
    pub fn basename(&self) -> &'a str {
        basename(self.argv0())
    }
}

/// The program an exec-form instruction runs, or `None` when it runs none or it is not known.
///
/// `RUN` and `HEALTHCHECK CMD` arrays run as written (neither goes through `ENTRYPOINT`), and
/// so does `ENTRYPOINT`. A `CMD` array is a program only when the `ENTRYPOINT` in effect at the
/// end of its stage is empty; otherwise its words are the entrypoint's arguments (distroless
/// Python runs `python3.11 <CMD...>`), and under a shell-form `ENTRYPOINT` it is ignored. A `CMD`
/// that a later one replaces is skipped.
/// `ONBUILD` instructions are skipped: they run in another build, on another base.
pub fn exec_program<'a>(model: &Model<'a>, i: usize) -> Option<ExecProgram<'a>> {
    let ins: &'a Instruction = &model.instructions()[i];
    let exec = match (&ins.keyword, &ins.args) {
        (Keyword::Run | Keyword::Cmd | Keyword::Entrypoint, Args::Exec(exec)) => exec,
        (Keyword::Healthcheck, Args::Healthcheck(h)) => h.cmd.exec()?,
        _ => return None,
    };
    if exec.elements.first().is_none_or(|e| e.value.is_empty()) {
        return None;
    }
    if ins.keyword == Keyword::Cmd && !cmd_is_program(model, i) {
        return None;
    }
    Some(ExecProgram { keyword: ins.keyword, elements: &exec.elements })
}

/// Whether the `CMD` at `i` is run as the program: it is the stage's last `CMD`, and the stage
/// ends with an empty `ENTRYPOINT`. (An earlier `CMD` never runs; `multiple-cmd` reports it.)
fn cmd_is_program(model: &Model<'_>, i: usize) -> bool {
    let Some(stage) = model.stage_of(i) else { return false };
    let end = model.end_state(stage.index);
    if end.cmd != Setting::Instruction(i) {
        return false;
    }
    match end.entrypoint {
        Setting::Instruction(e) => matches!(model.command_of(e), Some(Command::Exec(argv)) if argv.is_empty()),
        Setting::Image => stage.facts.as_ref().and_then(|f| f.entrypoint.as_ref()).is_some_and(Vec::is_empty),
        Setting::Cleared => true,
    }
}

/// The `PATH` in effect just before instruction `i`: the nearest `ENV PATH` of the stage chain,
/// expanded with the `PATH` before it (so `ENV PATH=/opt/venv/bin:$PATH` keeps the image's
/// directories), or the image's `PATH`. `None` when it is not known.
pub fn effective_path(model: &Model<'_>, i: usize) -> Option<String> {
    let stage = model.stage_of(i)?;
    let def = model.chain(stage.index).find_map(|s| {
        model.vars(s.index).iter().rev().find(|d| d.kind == VarKind::Env && d.name == "PATH" && d.instruction < i)
    });
    let Some(def) = def else { return stage.facts.as_ref()?.env_path.clone() };
    let at = def.instruction;
    let ins = &model.instructions()[at];
    let escape = model.file.escape();
    let pair = ins.args.key_values().iter().rev().find(|p| unquote(ins.text(&p.key), escape) == "PATH")?;
    let before = effective_path(model, at);
    let lookup = |name: &str| {
        if name == "PATH" { before.as_deref().map_or(Binding::Unknown, Binding::Known) } else { model.lookup(at, name) }
    };
    let expanded = vars::expand(ins.text(&pair.value), escape, &lookup)?;
    Some(if pair.equals { unquote(&expanded, escape).into_owned() } else { expanded.into_owned() })
}

/// The working directory just before instruction `i`, when it is known. What each `WORKDIR`
/// sets is computed once per lint.
pub fn workdir_at<'m>(model: &'m Model<'_>, i: usize) -> Option<Cow<'m, str>> {
    match model.state(i).workdir {
        Setting::Instruction(w) => {
            let set = model.cache.workdir_base.get_or_init(model.instructions().len(), w, || {
                let ins = &model.instructions()[w];
                let value = model.word_value(w, &ins.args.shell()?)?;
                if value.starts_with('/') {
                    Some(normalize(&value))
                } else {
                    Some(join(&workdir_at(model, w)?, &value))
                }
            });
            set.as_deref().map(Cow::Borrowed)
        }
        // BuildKit's default working directory is `/` when the image sets none; an image we
        // know nothing about may set one.
        _ => model.facts_at(i)?.workdir.as_deref().map(Cow::Borrowed),
    }
}

/// Joins a relative path to a directory and normalizes `.` and `..`.
fn join(dir: &str, relative: &str) -> String {
    let mut joined = String::with_capacity(dir.len() + 1 + relative.len());
    joined.push_str(dir);
    joined.push('/');
    joined.push_str(relative);
    if joined.starts_with('/') && crate::util::is_normal_path(&joined) { joined } else { normalize(&joined) }
}

/// What one `COPY` or `ADD` put into the stage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CopyTarget {
    /// The instruction.
    pub instruction: usize,
    /// The absolute destination, normalized (no trailing `/`).
    pub dest: String,
    /// Whether the sources land inside `dest` under their own names (the dest ends with `/`,
    /// or there are several sources).
    pub into_dir: bool,
    /// The sources, expanded and unquoted (heredoc markers left out).
    pub sources: Vec<String>,
}

impl CopyTarget {
    /// Whether `path` is the destination or lies under it.
    pub fn covers(&self, path: &str) -> bool {
        let path = path.trim_end_matches('/');
        self.dest == "/"
            || path == self.dest
            || path.strip_prefix(self.dest.as_str()).is_some_and(|rest| rest.starts_with('/'))
    }

    /// Whether `<dir>/<name>` is the destination or lies under it, without building the path.
    pub fn covers_entry(&self, dir: &str, name: &str) -> bool {
        let dir = dir.trim_end_matches('/');
        if self.dest == "/" {
            return true;
        }
        match self.dest.strip_prefix(dir) {
            // The destination is `<dir>/<name>` or a file under it.
            Some(rest) if rest.starts_with('/') => {
                let rest = &rest[1..];
                rest == name || rest.strip_prefix(name).is_some_and(|r| r.starts_with('/'))
            }
            // The destination is `<dir>` itself or above it.
            _ => dir == self.dest || dir.strip_prefix(self.dest.as_str()).is_some_and(|r| r.starts_with('/')),
        }
    }

    /// The paths single files copied here would get: the destination itself, or, for a source
    /// without globs, the destination directory plus the source's name. Each comes with its source.
    pub fn file_paths(&self) -> impl Iterator<Item = (String, &str)> + '_ {
        let single = self.sources.len() == 1 && !self.into_dir;
        let exact = single.then(|| (self.dest.clone(), self.sources[0].as_str()));
        let named = self
            .sources
            .iter()
            .filter(|s| !s.bytes().any(|b| matches!(b, b'*' | b'?' | b'[')) && !s.ends_with('/') && !s.is_empty())
            .map(|s| (join(&self.dest, basename(s)), s.as_str()));
        exact.into_iter().chain(named)
    }

    /// The source of the first of [`CopyTarget::file_paths`] that is `path`, without building
    /// the paths.
    pub fn file_path_source(&self, path: &str) -> Option<&str> {
        if self.sources.len() == 1 && !self.into_dir && self.dest == path {
            return Some(&self.sources[0]);
        }
        // `dest` is normalized, so joining a plain name appends `/<name>` (to `` for `/`).
        let dir = if self.dest == "/" { "" } else { self.dest.as_str() };
        let rest = path.strip_prefix(dir).and_then(|r| r.strip_prefix('/'));
        self.sources
            .iter()
            .filter(|s| !s.bytes().any(|b| matches!(b, b'*' | b'?' | b'[')) && !s.ends_with('/') && !s.is_empty())
            .find(|s| {
                let name = basename(s);
                if name == "." || name == ".." { join(&self.dest, name) == path } else { rest == Some(name) }
            })
            .map(String::as_str)
    }
}

/// What `COPY` and `ADD` put into a stage chain before some instruction. The targets of the
/// stage's own `COPY`s are borrowed from the model's cache.
#[derive(Clone, Debug, Default)]
pub struct Copies<'m> {
    /// The copies whose destination is known.
    pub targets: Vec<Cow<'m, CopyTarget>>,
    /// True when some destination could not be resolved (an unknown variable or working
    /// directory): it may be anywhere, so nothing can be said to be missing.
    pub unresolved: bool,
}

impl Copies<'_> {
    /// The first copy whose destination is `path` or one of its directories.
    pub fn covering(&self, path: &str) -> Option<&CopyTarget> {
        self.targets.iter().map(|t| &**t).find(|t| t.covers(path))
    }
}

/// The `COPY`/`ADD`s of a stage, each with what it puts into the stage (`None` when the
/// destination is not known), computed once per lint.
fn stage_copies<'m>(model: &'m Model<'_>, stage: usize) -> &'m [(usize, Option<CopyTarget>)] {
    model.cache.stage_copies.get_or_init(model.stages.len(), stage, || {
        let instructions = model.instructions();
        let escape = model.file.escape();
        let mut out = Vec::new();
        for c in model.stages[stage].instructions() {
            let ins = &instructions[c];
            if !matches!(ins.keyword, Keyword::Copy | Keyword::Add) {
                continue;
            }
            let Some(written) = copy_dest(ins) else { continue };
            let dest =
                if written.contains('$') { model.expand(c, &written).map(Cow::into_owned) } else { Some(written) };
            let Some(dest) = dest else {
                out.push((c, None));
                continue;
            };
            let absolute = if dest.starts_with('/') {
                Some(normalize(&dest))
            } else {
                workdir_at(model, c).map(|w| join(&w, &dest))
            };
            let Some(absolute) = absolute else {
                out.push((c, None));
                continue;
            };
            let sources: Vec<String> = match &ins.args {
                Args::Exec(exec) => {
                    exec.elements[..exec.elements.len().saturating_sub(1)].iter().map(|e| e.value.clone()).collect()
                }
                Args::Words(words) => words[..words.len().saturating_sub(1)]
                    .iter()
                    .map(|w| ins.text(w))
                    .filter(|t| !t.starts_with("<<"))
                    .map(|t| match t.contains('$').then(|| model.expand(c, t)).flatten() {
                        Some(v) => unquote(&v, escape).into_owned(),
                        None => unquote(t, escape).into_owned(),
                    })
                    .collect(),
                _ => Vec::new(),
            };
            let into_dir = dest.ends_with('/') || sources.len() > 1 || dest == "." || dest.ends_with("/.");
            out.push((c, Some(CopyTarget { instruction: c, dest: absolute, into_dir, sources })));
        }
        out
    })
}

/// Every `COPY`/`ADD` of the stage chain of instruction `i` that comes before it.
pub fn copies_before<'m>(model: &'m Model<'_>, i: usize) -> Copies<'m> {
    let mut copies = Copies::default();
    let Some(stage) = model.stage_of(i) else { return copies };
    let instructions = model.instructions();
    for s in model.chain(stage.index) {
        for (c, target) in stage_copies(model, s.index) {
            if *c >= i {
                break;
            }
            match target {
                Some(target) => copies.targets.push(Cow::Borrowed(target)),
                None => copies.unresolved = true,
            }
        }
    }
    // A RUN's own `--mount` targets hold whatever is mounted there while it runs
    // (`--mount=from=busybox,src=/bin,dst=/bin` is a way to get tools into a distroless build).
    let ins = &instructions[i];
    if ins.keyword == Keyword::Run {
        for target in ins.flags.iter().filter(|f| f.name == "mount").filter_map(|f| mount_target(f.value_text()?)) {
            let absolute = if target.starts_with('/') {
                Some(normalize(target))
            } else {
                workdir_at(model, i).map(|w| join(&w, target))
            };
            match absolute {
                Some(dest) => {
                    copies.targets.push(Cow::Owned(CopyTarget {
                        instruction: i,
                        dest,
                        into_dir: true,
                        sources: Vec::new(),
                    }));
                }
                None => copies.unresolved = true,
            }
        }
    }
    copies
}

/// The `target` (or `dst`, `destination`) of a `--mount` value.
fn mount_target(value: &str) -> Option<&str> {
    value.split(',').find_map(|field| {
        let (key, value) = field.split_once('=')?;
        matches!(key.trim(), "target" | "dst" | "destination").then(|| value.trim().trim_matches(['"', '\'']))
    })
}

/// Whether a path looks like a Python virtual environment (a segment containing `venv`).
pub fn is_venv_path(path: &str) -> bool {
    crate::util::split_byte(path, b'/')
        .any(|segment| segment.as_bytes().windows(4).any(|w| w.eq_ignore_ascii_case(b"venv")))
}

/// Whether a command is in the image at some instruction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Program {
    /// In the image's known files, at this path.
    Found {
        /// Where.
        path: String,
    },
    /// Not in the image's known files, but a `COPY`/`ADD` may have put it there.
    Copied {
        /// Every copied place it could be in is a Python virtual environment, which holds the
        /// interpreter links and the console scripts of installed packages, not system tools,
        /// and it is known to be nowhere else.
        venv_only: bool,
    },
    /// Known to be absent: the image's executables are known exhaustively, and no copy can
    /// have brought it.
    Absent,
    /// Not known.
    Unknown,
}

/// Looks programs up at one instruction: the image's facts, the `PATH` in effect there, and the
/// copies before it (computed on first need).
pub struct ProgramLookup<'m, 'a> {
    model: &'m Model<'a>,
    instruction: usize,
    facts: Option<&'m ImageFacts>,
    path: Option<String>,
    copies: OnceCell<Copies<'m>>,
}

impl<'m, 'a> ProgramLookup<'m, 'a> {
    /// The lookup context just before instruction `i`.
    pub fn at(model: &'m Model<'a>, i: usize) -> Self {
        let facts = model.facts_at(i);
        let path = if facts.is_some() { effective_path(model, i) } else { None };
        ProgramLookup { model, instruction: i, facts, path, copies: OnceCell::new() }
    }

    /// The `PATH` in effect, when known.
    pub fn path(&self) -> Option<&str> {
        self.path.as_deref()
    }

    /// The copies before the instruction.
    pub fn copies(&self) -> &Copies<'m> {
        self.copies.get_or_init(|| copies_before(self.model, self.instruction))
    }

    /// Looks `argv0` up the way the runtime does: an absolute path as it is, a bare name in each
    /// directory of the `PATH`. Relative paths are not known.
    pub fn find(&self, argv0: &str) -> Program {
        let Some(facts) = self.facts else { return Program::Unknown };
        if argv0.contains('/') {
            if !argv0.starts_with('/') {
                return Program::Unknown;
            }
            if facts.has_path(argv0) {
                return Program::Found { path: argv0.to_owned() };
            }
            let copies = self.copies();
            if let Some(target) = copies.covering(argv0) {
                let venv_only = is_venv_path(&target.dest) || is_venv_path(argv0);
                return Program::Copied { venv_only: venv_only && self.known_elsewhere(facts) };
            }
            return absent_unless(facts, copies.unresolved);
        }
        let Some(path) = self.path.as_deref() else { return Program::Unknown };
        let dirs = || crate::util::split_byte(path, b':').filter(|d| d.starts_with('/'));
        if let Some(dir) = dirs().find(|dir| in_dir(facts, dir, argv0)) {
            return Program::Found { path: join(dir, argv0) };
        }
        let copies = self.copies();
        let mut copied = false;
        let mut venv_only = true;
        for dir in dirs() {
            if let Some(target) = copies.targets.iter().find(|t| t.covers_entry(dir, argv0)) {
                copied = true;
                venv_only &= is_venv_path(dir) || is_venv_path(&target.dest);
            }
        }
        if copied {
            return Program::Copied { venv_only: venv_only && self.known_elsewhere(facts) };
        }
        absent_unless(facts, copies.unresolved)
    }

    /// Whether a copied directory comes before `found` (a path [`ProgramLookup::find`] gave) on
    /// `PATH`, so a copied program of the same name may run instead.
    pub fn shadowable(&self, found: &str) -> bool {
        let Some(path) = self.path.as_deref() else { return true };
        let name = basename(found);
        for dir in crate::util::split_byte(path, b':').filter(|d| d.starts_with('/')) {
            if found.strip_prefix(dir).is_some_and(|rest| rest.strip_prefix('/') == Some(name)) {
                return false;
            }
            if self.copies().targets.iter().any(|t| t.covers_entry(dir, name)) {
                return true;
            }
        }
        false
    }

    /// Whether a program outside the copied places would be known to be absent.
    fn known_elsewhere(&self, facts: &ImageFacts) -> bool {
        facts.exhaustive_bins && !self.copies().unresolved
    }
}

/// Whether the image's known files have `<dir>/<name>` (a BusyBox applet link included), without
/// building the path.
fn in_dir(facts: &ImageFacts, dir: &str, name: &str) -> bool {
    let dir = dir.trim_end_matches('/');
    let is_entry = |path: &str| path.strip_prefix(dir).and_then(|rest| rest.strip_prefix('/')) == Some(name);
    facts.files.iter().any(|f| is_entry(f))
        || facts.applet_dir.as_deref().is_some_and(|applets| {
            applets.trim_end_matches('/') == dir && (name == "busybox" || crate::images::is_busybox_applet(name))
        })
}

/// Looks `argv0` up just before instruction `i` (see [`ProgramLookup::find`]).
pub fn find_program(model: &Model<'_>, i: usize, argv0: &str) -> Program {
    ProgramLookup::at(model, i).find(argv0)
}

fn absent_unless(facts: &ImageFacts, unresolved: bool) -> Program {
    if facts.exhaustive_bins && !unresolved { Program::Absent } else { Program::Unknown }
}

/// Shell builtins and keywords: not programs on `PATH`, so never "missing".
const BUILTINS: &[&str] = &[
    "!",
    ".",
    ":",
    "[",
    "[[",
    "alias",
    "bg",
    "break",
    "builtin",
    "case",
    "cd",
    "command",
    "continue",
    "declare",
    "dirs",
    "do",
    "done",
    "echo",
    "elif",
    "else",
    "enable",
    "esac",
    "eval",
    "exec",
    "exit",
    "export",
    "false",
    "fg",
    "fi",
    "for",
    "function",
    "getopts",
    "hash",
    "if",
    "jobs",
    "kill",
    "let",
    "local",
    "mapfile",
    "popd",
    "printf",
    "pushd",
    "pwd",
    "read",
    "readarray",
    "readonly",
    "return",
    "select",
    "set",
    "shift",
    "shopt",
    "source",
    "test",
    "then",
    "time",
    "times",
    "trap",
    "true",
    "type",
    "typeset",
    "ulimit",
    "umask",
    "unalias",
    "unset",
    "until",
    "wait",
    "while",
    "{",
    "}",
];

/// Whether `name` is a shell builtin or keyword (POSIX `sh` and bash).
pub fn is_shell_builtin(name: &str) -> bool {
    BUILTINS.contains(&name)
}

/// Whether an `argv[0]` names a shell script by its extension.
pub fn is_script_name(path: &str) -> bool {
    std::path::Path::new(basename(path))
        .extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("sh") || ext.eq_ignore_ascii_case("bash"))
}

/// Probe tools that `healthcheck-missing-tool` (DX105) reports in a `HEALTHCHECK`.
pub const PROBE_TOOLS: &[&str] = &["curl", "wget", "nc", "ncat", "netcat"];

/// Whether an exec-form program is a health check probe tool, which DX105 reports (with a fix)
/// instead of the general missing-program rules.
pub fn is_probe_healthcheck(program: &ExecProgram<'_>) -> bool {
    program.keyword == Keyword::Healthcheck && PROBE_TOOLS.contains(&program.basename())
}

/// Whether an exec-form program is a shell script in a stage without `/bin/sh`, which
/// `shell-script-entrypoint` (DX107) reports instead of the missing-program rules.
pub fn is_script_in_shellless(model: &Model<'_>, i: usize, program: &ExecProgram<'_>) -> bool {
    if !model.facts_at(i).is_some_and(ImageFacts::lacks_bin_sh) {
        return false;
    }
    let argv0 = program.argv0();
    is_script_name(argv0)
        || (argv0.starts_with('/') && copied_from(&copies_before(model, i), argv0).is_some_and(is_script_name))
}

/// The `COPY` source a file at `path` was copied from, when a single file was copied there.
pub fn copied_from<'c>(copies: &'c Copies<'_>, path: &str) -> Option<&'c str> {
    copies.targets.iter().rev().find_map(|t| t.file_path_source(path))
}

/// A fact's explanation as a user reads it: the image knowledge cites RULES-DISTROLESS.md's fact
/// numbers (`(README, F2)`, `(F2)`), which mean nothing outside this project.
pub fn without_fact_refs(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('F') {
        let digits = rest[at + 1..].bytes().take_while(u8::is_ascii_digit).count();
        let end = at + 1 + digits;
        let before = &rest[..at];
        if digits > 0 && rest[end..].starts_with(')') {
            if let Some(kept) = before.strip_suffix(", ") {
                out.push_str(kept);
                rest = &rest[end..];
                continue;
            }
            if let Some(kept) = before.strip_suffix(" (") {
                out.push_str(kept);
                rest = &rest[end + 1..];
                continue;
            }
        }
        out.push_str(&rest[..=at]);
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
    out
}

/// The image of a `FROM` that names an image (not a stage, `scratch` or an unresolved variable).
#[derive(Clone, Debug)]
pub struct FromImage<'a> {
    /// The stage.
    pub stage: &'a Stage,
    /// The reference, after ARG expansion.
    pub image: &'a ImageRef,
    /// The image word as written.
    pub written: &'a str,
    /// The image word's source range.
    pub range: TextRange,
    /// Whether the word is written out (no variables), so edits can target its parts.
    pub literal: bool,
    /// The `FROM` instruction.
    pub instruction: &'a Instruction,
    logical_start: u32,
}

impl FromImage<'_> {
    /// The source range of `len` bytes at `offset` in the written word, when it can be edited.
    fn part(&self, offset: usize, len: usize) -> Option<TextRange> {
        if !self.literal {
            return None;
        }
        let logical = TextRange::new(self.logical_start + offset as u32, self.logical_start + (offset + len) as u32);
        self.instruction.line.is_contiguous(logical).then(|| self.instruction.source_range(logical))
    }

    /// The tag as written (`nonroot` in `gcr.io/distroless/static:nonroot@sha256:…`), when literal.
    pub fn tag_range(&self) -> Option<TextRange> {
        let tag = self.image.tag.as_deref()?;
        let before_digest = self.written.split('@').next().unwrap_or(self.written);
        let start = before_digest.len().checked_sub(tag.len())?;
        (before_digest[start..] == *tag && before_digest[..start].ends_with(':'))
            .then(|| self.part(start, tag.len()))
            .flatten()
    }

    /// The name without tag and digest as written, when literal.
    pub fn name_range(&self) -> Option<TextRange> {
        let bytes = self.written.as_bytes();
        let end = bytes.iter().position(|&b| b == b'@').unwrap_or(bytes.len());
        let slash = bytes[..end].iter().rposition(|&b| b == b'/').map_or(0, |i| i + 1);
        let end = bytes[slash..end].iter().rposition(|&b| b == b':').map_or(end, |i| slash + i);
        self.part(0, end)
    }

    /// The range of the first `needle` inside the written word, when literal.
    pub fn find(&self, needle: &str) -> Option<TextRange> {
        let at = self.written.find(needle)?;
        self.part(at, needle.len())
    }

    /// The tag range when literal, else the whole word: where a finding about the tag points.
    pub fn tag_or_word(&self) -> TextRange {
        self.tag_range().unwrap_or(self.range)
    }
}

/// Every `FROM` whose image is an image reference that parses.
pub fn from_images<'m>(model: &'m Model<'_>) -> impl Iterator<Item = FromImage<'m>> + 'm {
    model.stages.iter().filter_map(move |stage| {
        let Base::Image(_) = &stage.base else { return None };
        let word = stage.image?;
        let image = stage.image_ref.as_deref()?;
        let instruction = &model.instructions()[stage.from];
        let written = instruction.text(&word);
        Some(FromImage {
            stage,
            image,
            written,
            range: word.range,
            literal: !written.contains('$'),
            instruction,
            logical_start: word.logical.start(),
        })
    })
}

/// The global `ARG` with a default that a `FROM` image word uses, for pointing at it.
pub fn from_arg_default<'a, 'f>(model: &'a Model<'f>, from: &FromImage<'_>) -> Option<&'a crate::model::VarDef<'f>> {
    let names = vars::references(from.written, model.file.escape());
    names.iter().rev().find_map(|(name, _)| {
        model.global_args.iter().rev().find(|d| d.name == *name && d.has_default && d.instruction < from.stage.from)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test::with_model;

    #[test]
    fn path_keeps_the_image_directories() {
        let text = "FROM gcr.io/distroless/python3-debian12 AS rt\nENV PATH=\"/opt/venv/bin:$PATH\"\nFROM rt\nENV PATH=/x:${PATH}\nRUN a\n";
        with_model(text, |m| {
            assert_eq!(
                effective_path(m, 1).as_deref(),
                Some("/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
            );
            assert_eq!(
                effective_path(m, 4).as_deref(),
                Some("/x:/opt/venv/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
            );
        });
        with_model("FROM ghcr.io/acme/x\nENV PATH=/a:$PATH\nRUN b\n", |m| assert_eq!(effective_path(m, 2), None));
    }

    #[test]
    fn copies_resolve_relative_destinations() {
        let text = "FROM gcr.io/distroless/static:nonroot\nWORKDIR /app\nWORKDIR sub/..\nCOPY a b ./\nCOPY run.sh ./bin/start\nADD $NOPE /x\nCMD [\"x\"]\n";
        with_model(text, |m| {
            let copies = copies_before(m, 6);
            assert_eq!(copies.targets.len(), 3);
            assert_eq!(copies.targets[0].dest, "/app");
            assert!(copies.targets[0].into_dir);
            assert_eq!(copies.targets[1].dest, "/app/bin/start");
            assert!(!copies.unresolved, "an undefined variable expands to nothing");
            assert_eq!(copied_from(&copies, "/app/bin/start"), Some("run.sh"));
            assert_eq!(copied_from(&copies, "/app/a"), Some("a"));
        });
        // The digest-only image has no known working directory.
        with_model(
            "FROM gcr.io/distroless/static@sha256:7cc4b5aefd1d0cadf8d97d4350462ba51c694ebca145b08d7d41b41acc8db5aa\nCOPY a .\nRUN [\"x\"]\n",
            |m| {
                assert!(copies_before(m, 2).unresolved);
            },
        );
    }

    #[test]
    fn programs_are_found_copied_or_absent() {
        let text = "FROM gcr.io/distroless/python3-debian12:debug\nCOPY --from=b /venv /opt/venv\nENV PATH=/opt/venv/bin:$PATH\nCOPY x /usr/local/bin/\nRUN [\"x\"]\n";
        with_model(text, |m| {
            let lookup = ProgramLookup::at(m, 4);
            assert_eq!(lookup.find("python3"), Program::Found { path: "/usr/bin/python3".into() });
            assert!(lookup.shadowable("/usr/bin/python3"));
            assert!(!ProgramLookup::at(m, 1).shadowable("/usr/bin/python3"));
            assert_eq!(lookup.find("wget"), Program::Found { path: "/busybox/wget".into() });
            assert_eq!(find_program(m, 4, "curl"), Program::Copied { venv_only: false });
            assert_eq!(find_program(m, 3, "curl"), Program::Copied { venv_only: true });
            assert_eq!(find_program(m, 2, "curl"), Program::Absent);
            assert_eq!(find_program(m, 1, "curl"), Program::Absent);
            assert_eq!(find_program(m, 4, "/bin/sh"), Program::Absent);
            assert_eq!(find_program(m, 4, "./x"), Program::Unknown);
        });
        with_model(
            "FROM python:3.12-slim\nCOPY --from=b /venv /venv\nENV PATH=/venv/bin:$PATH\nRUN [\"curl\"]\n",
            |m| {
                assert_eq!(find_program(m, 3, "curl"), Program::Copied { venv_only: false });
            },
        );
        with_model("FROM python:3.12-slim\nRUN [\"curl\"]\n", |m| {
            assert_eq!(find_program(m, 1, "curl"), Program::Unknown);
        });
    }

    #[test]
    fn cmd_is_a_program_only_under_an_empty_entrypoint() {
        let text = "FROM gcr.io/distroless/python3-debian12\nCMD [\"a\"]\nFROM gcr.io/distroless/static\nCMD [\"b\"]\nFROM gcr.io/distroless/python3-debian12\nCMD [\"c\"]\nENTRYPOINT []\nFROM gcr.io/distroless/static\nCMD [\"d\"]\nCMD [\"e\"]\n";
        with_model(text, |m| {
            assert!(exec_program(m, 1).is_none());
            assert_eq!(exec_program(m, 3).map(|p| p.argv0()), Some("b"));
            assert_eq!(exec_program(m, 5).map(|p| p.argv0()), Some("c"));
            assert!(exec_program(m, 8).is_none());
            assert_eq!(exec_program(m, 9).map(|p| p.argv0()), Some("e"));
        });
    }

    #[test]
    fn from_image_parts() {
        let text = "ARG V=3.11\nFROM gcr.io/distroless/static:nonroot@sha256:1b7b9f0f0e0a1d2155f531db587cc48ec26aaf97ab64364225f5bf18a054e66a\nFROM python:${V}-slim\nFROM scratch\n";
        with_model(text, |m| {
            let images: Vec<FromImage<'_>> = from_images(m).collect();
            assert_eq!(images.len(), 2);
            assert_eq!(&text[images[0].tag_range().unwrap()], "nonroot");
            assert_eq!(&text[images[0].name_range().unwrap()], "gcr.io/distroless/static");
            assert_eq!(images[1].tag_range(), None);
            assert_eq!(&text[images[1].tag_or_word()], "python:${V}-slim");
            assert_eq!(from_arg_default(m, &images[1]).map(|d| &*d.name), Some("V"));
        });
    }

    #[test]
    fn fact_references_are_dropped() {
        assert_eq!(without_fact_refs("x (README, F2); y (F2) z (Fix F)"), "x (README); y z (Fix F)");
    }

    #[test]
    fn normalizes_paths() {
        assert_eq!(normalize("/a/./b/../c/"), "/a/c");
        assert_eq!(normalize("/.."), "/");
        assert_eq!(normalize("/"), "/");
        assert_eq!(normalize("/a/b"), "/a/b");
        assert_eq!(normalize("/a//b/."), "/a/b");
        assert_eq!(join("/app", "bin/x"), "/app/bin/x");
        assert!(is_venv_path("/app/.venv/bin"));
        assert!(!is_venv_path("/usr/bin"));
        assert!(is_script_name("/entrypoint.sh") && !is_script_name(".sh"));
    }
}
