//! The semantic model: stages, bases, variables and the effective image state at each instruction.
//!
//! Built once per lint from the syntax tree; rules read it instead of the text.

pub mod run;
pub mod vars;

use distrolint_syntax::{Args, Dockerfile, Instruction, Keyword, TextRange, Word, unquote};

use std::borrow::Cow;
use std::cell::OnceCell;
use std::sync::Arc;

use self::run::RunScript;
use self::vars::Binding;
use crate::images::{self, ImageFacts, ImageRef, RefError, ShellKind};
use crate::settings::Settings;
use crate::util::glob_match;

/// The platform arguments BuildKit defines automatically.
pub const PLATFORM_ARGS: &[&str] = &[
    "TARGETPLATFORM",
    "TARGETOS",
    "TARGETARCH",
    "TARGETVARIANT",
    "BUILDPLATFORM",
    "BUILDOS",
    "BUILDARCH",
    "BUILDVARIANT",
];

/// Proxy arguments every stage can use without declaring them.
pub const PROXY_ARGS: &[&str] = &[
    "HTTP_PROXY",
    "http_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "FTP_PROXY",
    "ftp_proxy",
    "NO_PROXY",
    "no_proxy",
    "ALL_PROXY",
    "all_proxy",
];

/// What a stage is built on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Base {
    /// `FROM scratch`.
    Scratch,
    /// `FROM <earlier stage>`: the stage index.
    Stage(usize),
    /// An image reference, with global ARGs resolved.
    Image(String),
    /// The reference uses a variable without a known default, or is missing.
    Unresolved,
}

/// A `FROM` stage.
#[derive(Clone, Debug)]
pub struct Stage {
    /// Position among stages, from 0.
    pub index: usize,
    /// Index of the `FROM` instruction.
    pub from: usize,
    /// One past the last instruction of the stage.
    pub end: usize,
    /// The `AS` name as written.
    pub name: Option<String>,
    /// The name's range.
    pub name_range: Option<TextRange>,
    /// The image word of `FROM`.
    pub image: Option<Word>,
    /// The image as written.
    pub image_text: String,
    /// What the stage is built on.
    pub base: Base,
    /// The image at the root of the stage's chain, parsed (for `FROM <stage>`, the ancestor's).
    pub image_ref: Option<Arc<ImageRef>>,
    /// Why the stage's image reference does not parse (for a stage on an image only).
    pub image_error: Option<RefError>,
    /// What is known about that image (for `FROM <stage>`, the ancestor's image). Shared: stages
    /// on the same image share one lookup.
    pub facts: Option<Arc<ImageFacts>>,
}

impl Stage {
    /// Whether `name` is this stage's name (stage names compare case-insensitively).
    pub fn is_named(&self, name: &str) -> bool {
        self.name.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(name))
    }

    /// The instruction indices of the stage, `FROM` included.
    pub fn instructions(&self) -> std::ops::Range<usize> {
        self.from..self.end
    }

    /// The name, or the index as text, for messages.
    pub fn label(&self) -> String {
        self.name.clone().unwrap_or_else(|| format!("#{}", self.index))
    }
}

/// Where an image setting comes from at some instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Setting {
    /// From the base image (see the image knowledge).
    #[default]
    Image,
    /// From this instruction (possibly in an ancestor stage).
    Instruction(usize),
    /// Cleared: an `ENTRYPOINT` cleared the inherited `CMD`.
    Cleared,
}

/// The image configuration in effect before an instruction runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct State {
    /// The `SHELL` in effect.
    pub shell: Setting,
    /// The `USER` in effect.
    pub user: Setting,
    /// The last `WORKDIR`.
    pub workdir: Setting,
    /// The `ENTRYPOINT` in effect.
    pub entrypoint: Setting,
    /// The `CMD` in effect.
    pub cmd: Setting,
    /// The `HEALTHCHECK` in effect.
    pub healthcheck: Setting,
}

/// Whether shell-form instructions can run at some point of a stage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShellStatus {
    /// A shell exists (or nothing says it does not).
    Available,
    /// There is no shell to run shell form with.
    Missing {
        /// What the image has: [`ShellKind::None`], or [`ShellKind::Busybox`] (`/busybox/sh` but no `/bin/sh`).
        kind: ShellKind,
        /// The `SHELL` instruction in effect, whose program is not in the image.
        shell_instruction: Option<usize>,
    },
    /// The base image is not known.
    Unknown,
}

/// Whether a variable comes from `ARG` or `ENV`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VarKind {
    /// `ARG`.
    Arg,
    /// `ENV`.
    Env,
}

/// A variable defined by `ARG` or `ENV`.
#[derive(Clone, Debug)]
pub struct VarDef<'a> {
    /// The name, borrowed from the file unless quoted.
    pub name: Cow<'a, str>,
    /// The expanded value when it is known statically, borrowed from the file when it is written
    /// plainly.
    pub value: Option<Cow<'a, str>>,
    /// Whether an `ARG` had a default (`ARG X=1`), or always true for `ENV`.
    pub has_default: bool,
    /// `ARG` or `ENV`.
    pub kind: VarKind,
    /// The defining instruction.
    pub instruction: usize,
    /// The name's range.
    pub range: TextRange,
}

/// Where `COPY --from` (or `RUN --mount=from=`) points.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FromTarget {
    /// A stage of this file.
    Stage(usize),
    /// An image reference.
    Image(String),
    /// A stage index that does not exist.
    BadIndex(usize),
    /// Uses a variable, which BuildKit rejects for `--from`.
    Variable,
}

/// The semantic model of one Dockerfile.
pub struct Model<'a> {
    /// The syntax tree.
    pub file: &'a Dockerfile,
    /// The stages, in order.
    pub stages: Vec<Stage>,
    /// `ARG`s before the first `FROM`.
    pub global_args: Vec<VarDef<'a>>,
    /// Per instruction: its stage, or `None` before the first `FROM`.
    stage_of: Vec<Option<usize>>,
    /// Per instruction: the state before it.
    states: Vec<State>,
    /// Per stage: its state after its last instruction.
    stage_end_states: Vec<State>,
    /// Per stage: `ARG` and `ENV` definitions in order.
    vars: Vec<Vec<VarDef<'a>>>,
    /// The final stage (the last one, or the profile's `target_stage`).
    target: Option<usize>,
    /// Per instruction: its lexed RUN scripts, computed on first use.
    runs: Vec<OnceCell<Vec<RunScript<'a>>>>,
    /// The Python packaging analysis (families P and M), computed on first use.
    packaging: OnceCell<crate::analysis::packaging::Packaging>,
    /// Stage names, lower-cased, to the first stage of that name; built on first use.
    stage_names: OnceCell<crate::util::FnvMap<String, usize>>,
    /// The other shared analyses, each computed on first use.
    pub(crate) cache: crate::analysis::cache::Caches<'a>,
}

impl<'a> Model<'a> {
    /// Builds the model.
    pub fn new(file: &'a Dockerfile, settings: &Settings) -> Model<'a> {
        let instructions = file.instructions();
        let mut model = Model {
            file,
            stages: Vec::new(),
            global_args: Vec::new(),
            stage_of: vec![None; instructions.len()],
            states: vec![State::default(); instructions.len()],
            stage_end_states: Vec::new(),
            vars: Vec::new(),
            target: None,
            runs: (0..instructions.len()).map(|_| OnceCell::new()).collect(),
            packaging: OnceCell::new(),
            stage_names: OnceCell::new(),
            cache: crate::analysis::cache::Caches::default(),
        };
        model.collect_stages();
        model.resolve_images(settings);
        model.collect_state_and_vars();
        model.target = model.find_target(settings);
        model
    }

    /// The instructions of the file.
    pub fn instructions(&self) -> &'a [Instruction] {
        self.file.instructions()
    }

    /// The stage an instruction belongs to.
    pub fn stage_of(&self, instruction: usize) -> Option<&Stage> {
        self.stage_of.get(instruction).copied().flatten().map(|s| &self.stages[s])
    }

    /// The state before an instruction runs.
    pub fn state(&self, instruction: usize) -> State {
        self.states[instruction]
    }

    /// The state at the end of a stage.
    pub fn end_state(&self, stage: usize) -> State {
        self.stage_end_states[stage]
    }

    /// The final stage: the last `FROM`, or the profile's `target_stage`.
    pub fn target(&self) -> Option<&Stage> {
        self.target.map(|i| &self.stages[i])
    }

    /// Whether a stage is the final one.
    pub fn is_target(&self, stage: usize) -> bool {
        self.target == Some(stage)
    }

    /// A stage by name (case-insensitive), among all stages: the first one so named.
    pub fn stage_named(&self, name: &str) -> Option<&Stage> {
        // A few stages are scanned; many are looked up by their lower-cased names, indexed once.
        if self.stages.len() <= 8 {
            return self.stages.iter().find(|s| s.is_named(name));
        }
        let index = self.stage_names.get_or_init(|| {
            let mut index = crate::util::FnvMap::default();
            for stage in &self.stages {
                if let Some(name) = &stage.name {
                    index.entry(name.to_ascii_lowercase()).or_insert(stage.index);
                }
            }
            index
        });
        let found = if name.bytes().any(|b| b.is_ascii_uppercase()) {
            index.get(&name.to_ascii_lowercase())
        } else {
            index.get(name)
        };
        found.map(|&s| &self.stages[s])
    }

    /// The stage and its ancestors through `FROM <stage>`, nearest first.
    pub fn chain(&self, stage: usize) -> impl Iterator<Item = &Stage> + '_ {
        let mut next = Some(stage);
        let mut steps = 0;
        std::iter::from_fn(move || {
            let current = next?;
            steps += 1;
            next = match self.stages[current].base {
                Base::Stage(parent) if parent < current && steps <= self.stages.len() => Some(parent),
                _ => None,
            };
            Some(&self.stages[current])
        })
    }

    /// The stage at the root of a stage's chain: the one built on an image, scratch or nothing.
    pub fn root(&self, stage: usize) -> &Stage {
        self.chain(stage).last().unwrap_or(&self.stages[stage])
    }

    /// The `ARG`/`ENV` definitions of a stage, in order.
    pub fn vars(&self, stage: usize) -> &[VarDef<'a>] {
        &self.vars[stage]
    }

    /// What `name` is bound to just before `instruction`.
    pub fn lookup(&self, instruction: usize, name: &str) -> Binding<'_> {
        let Some(stage) = self.stage_of[instruction] else {
            return self.lookup_global(name, instruction);
        };
        if let Some(def) = self.vars[stage].iter().rev().find(|d| d.instruction < instruction && d.name == name) {
            return def.value.as_deref().map_or(Binding::Unknown, Binding::Known);
        }
        // ENV is image config, so it carries into `FROM <stage>` children; ARG does not.
        for ancestor in self.chain(stage).skip(1) {
            if let Some(def) = self.vars[ancestor.index].iter().rev().find(|d| d.kind == VarKind::Env && d.name == name)
            {
                return def.value.as_deref().map_or(Binding::Unknown, Binding::Known);
            }
        }
        if PROXY_ARGS.contains(&name) {
            return Binding::Unknown;
        }
        Binding::Undefined
    }

    fn lookup_global(&self, name: &str, before: usize) -> Binding<'_> {
        match self.global_args.iter().rev().find(|d| d.instruction < before && d.name == name) {
            Some(def) => def.value.as_deref().map_or(Binding::Unknown, Binding::Known),
            None if PLATFORM_ARGS.contains(&name) => Binding::Unknown,
            None => Binding::Undefined,
        }
    }

    /// Expands variables in `text` as the builder would just before `instruction`.
    /// `None` when a value is not known statically; borrowed when `text` has no `$`.
    pub fn expand<'t>(&self, instruction: usize, text: &'t str) -> Option<Cow<'t, str>> {
        vars::expand(text, self.file.escape(), &|name| self.lookup(instruction, name))
    }

    /// The unquoted, expanded value of a word of `instruction`; borrowed when the word has no
    /// variables, quotes or escapes.
    pub fn word_value(&self, instruction: usize, word: &Word) -> Option<Cow<'a, str>> {
        let ins = &self.instructions()[instruction];
        let expanded = self.expand(instruction, ins.text(word))?;
        Some(unquote_cow(expanded, self.file.escape()))
    }

    /// Where a `--from` value points.
    pub fn resolve_from(&self, value: &str) -> FromTarget {
        if value.contains('$') {
            return FromTarget::Variable;
        }
        if let Some(stage) = self.stage_named(value) {
            return FromTarget::Stage(stage.index);
        }
        if let Ok(index) = value.parse::<usize>() {
            return if index < self.stages.len() { FromTarget::Stage(index) } else { FromTarget::BadIndex(index) };
        }
        FromTarget::Image(value.to_owned())
    }

    fn collect_stages(&mut self) {
        let instructions = self.file.instructions();
        let escape = self.file.escape();
        for (i, ins) in instructions.iter().enumerate() {
            if ins.keyword == Keyword::From {
                let words = ins.args.words();
                let image = words.first().copied();
                let (name, name_range) = match words {
                    [_, as_word, name, ..] if ins.text(as_word).eq_ignore_ascii_case("as") => {
                        (Some(ins.text(name).to_owned()), Some(name.range))
                    }
                    _ => (None, None),
                };
                let image_text = image.map(|w| ins.text(&w).to_owned()).unwrap_or_default();
                let resolved = vars::expand(&image_text, escape, &|n| self.lookup_global(n, i));
                let base = match resolved {
                    None => Base::Unresolved,
                    Some(text) if text.is_empty() => Base::Unresolved,
                    Some(text) => {
                        let current = self.stages.len();
                        match self.stages.iter().position(|s| s.is_named(&text)) {
                            Some(index) if index < current => Base::Stage(index),
                            _ if text.eq_ignore_ascii_case("scratch") => Base::Scratch,
                            _ => Base::Image(text.into_owned()),
                        }
                    }
                };
                if let Some(last) = self.stages.last_mut() {
                    last.end = i;
                }
                self.stages.push(Stage {
                    index: self.stages.len(),
                    from: i,
                    end: instructions.len(),
                    name,
                    name_range,
                    image,
                    image_text,
                    base,
                    image_ref: None,
                    image_error: None,
                    facts: None,
                });
            } else if ins.keyword == Keyword::Arg && self.stages.is_empty() {
                let defs = self.arg_defs(i, ins, None);
                self.global_args.extend(defs);
            }
            self.stage_of[i] = self.stages.len().checked_sub(1);
        }
    }

    /// The definitions of an `ARG` instruction.
    fn arg_defs(&self, i: usize, ins: &'a Instruction, stage: Option<usize>) -> Vec<VarDef<'a>> {
        let escape = self.file.escape();
        let mut defs = Vec::new();
        for word in ins.args.words() {
            let text = ins.text(word);
            let (name, default) = match text.split_once('=') {
                Some((name, default)) => (name, Some(default)),
                None => (text, None),
            };
            let value = match default {
                Some(default) => {
                    let lookup = |n: &str| match stage {
                        Some(s) => self.lookup_in_defs(&defs, s, i, n),
                        None => self.lookup_global(n, i),
                    };
                    vars::expand(default, escape, &lookup).map(|v| unquote_cow(v, escape))
                }
                // Redeclaring a global ARG in a stage inherits its default.
                None if stage.is_some() => self
                    .global_args
                    .iter()
                    .rev()
                    .find(|g| g.name == name)
                    .and_then(|g| g.value.clone().filter(|_| g.has_default)),
                None => None,
            };
            let name_end = word.logical.start() + name.len() as u32;
            defs.push(VarDef {
                name: Cow::Borrowed(name),
                value,
                has_default: default.is_some(),
                kind: VarKind::Arg,
                instruction: i,
                range: ins.source_range(TextRange::new(word.logical.start(), name_end)),
            });
        }
        defs
    }

    /// Looks up a name in the stage's definitions so far plus `pending` ones of the current instruction.
    fn lookup_in_defs<'s>(&'s self, pending: &'s [VarDef<'_>], stage: usize, before: usize, name: &str) -> Binding<'s> {
        if let Some(def) = pending.iter().rev().find(|d| d.name == name) {
            return def.value.as_deref().map_or(Binding::Unknown, Binding::Known);
        }
        if let Some(defs) = self.vars.get(stage) {
            if let Some(def) = defs.iter().rev().find(|d| d.instruction < before && d.name == name) {
                return def.value.as_deref().map_or(Binding::Unknown, Binding::Known);
            }
            for ancestor in self.chain(stage).skip(1) {
                if let Some(def) =
                    self.vars[ancestor.index].iter().rev().find(|d| d.kind == VarKind::Env && d.name == name)
                {
                    return def.value.as_deref().map_or(Binding::Unknown, Binding::Known);
                }
            }
        }
        if PROXY_ARGS.contains(&name) { Binding::Unknown } else { Binding::Undefined }
    }

    fn collect_state_and_vars(&mut self) {
        let instructions = self.file.instructions();
        let escape = self.file.escape();
        for s in 0..self.stages.len() {
            let mut state = match self.stages[s].base {
                Base::Stage(parent) if parent < s => self.stage_end_states[parent],
                _ => State::default(),
            };
            // CMD is inherited, but an ENTRYPOINT in this stage clears it unless this stage sets CMD.
            let mut cmd_set = false;
            self.vars.push(Vec::new());
            for i in self.stages[s].instructions() {
                self.states[i] = state;
                let ins = &instructions[i];
                match ins.keyword {
                    Keyword::Shell => state.shell = Setting::Instruction(i),
                    Keyword::User => state.user = Setting::Instruction(i),
                    Keyword::Workdir => state.workdir = Setting::Instruction(i),
                    Keyword::Healthcheck => state.healthcheck = Setting::Instruction(i),
                    Keyword::Cmd => {
                        state.cmd = Setting::Instruction(i);
                        cmd_set = true;
                    }
                    Keyword::Entrypoint => {
                        state.entrypoint = Setting::Instruction(i);
                        if !cmd_set {
                            state.cmd = Setting::Cleared;
                        }
                    }
                    Keyword::Arg => {
                        let defs = self.arg_defs(i, ins, Some(s));
                        self.vars[s].extend(defs);
                    }
                    Keyword::Env => {
                        let mut pending: Vec<VarDef> = Vec::new();
                        for pair in ins.args.key_values() {
                            let key = unquote(ins.text(&pair.key), escape);
                            // All pairs of one ENV see the values from before it.
                            let value =
                                vars::expand(ins.text(&pair.value), escape, &|n| self.lookup_in_defs(&[], s, i, n))
                                    .map(|v| if pair.equals { unquote_cow(v, escape) } else { v });
                            pending.push(VarDef {
                                name: key,
                                value,
                                has_default: true,
                                kind: VarKind::Env,
                                instruction: i,
                                range: pair.key.range,
                            });
                        }
                        self.vars[s].extend(pending);
                    }
                    _ => {}
                }
            }
            self.stage_end_states.push(state);
        }
    }

    /// Looks up what is known about each stage's base image, following `FROM <stage>`.
    fn resolve_images(&mut self, settings: &Settings) {
        let shell_less: &[String] = settings.profile.as_ref().map_or(&[], |p| &p.runtime.shell_less_images);
        // Images repeat across stages; look each one up once.
        let mut cache: crate::util::FnvMap<String, LookedUp> = crate::util::FnvMap::default();
        for s in 0..self.stages.len() {
            let text = match &self.stages[s].base {
                Base::Scratch => "scratch",
                Base::Image(text) => text.as_str(),
                Base::Stage(parent) if *parent < s => {
                    let parent = &self.stages[*parent];
                    let (image_ref, facts) = (parent.image_ref.clone(), parent.facts.clone());
                    self.stages[s].image_ref = image_ref;
                    self.stages[s].facts = facts;
                    continue;
                }
                Base::Stage(_) | Base::Unresolved => continue,
            };
            let (image, facts) = match cache.get(text) {
                Some(looked) => looked.clone(),
                None => {
                    let looked = lookup_image(text, settings, shell_less);
                    cache.insert(text.to_owned(), looked.clone());
                    looked
                }
            };
            let stage = &mut self.stages[s];
            match image {
                Ok(image) => stage.image_ref = Some(image),
                Err(error) => stage.image_error = Some(error),
            }
            stage.facts = facts;
        }
    }

    fn find_target(&self, settings: &Settings) -> Option<usize> {
        let wanted = settings.profile.as_ref().and_then(|p| p.profile.target_stage.as_deref());
        match wanted {
            Some(name) if name != "last" => {
                self.stage_named(name).map(|s| s.index).or_else(|| self.stages.len().checked_sub(1))
            }
            _ => self.stages.len().checked_sub(1),
        }
    }

    /// The shell scripts of a `RUN` (or `ONBUILD RUN`), lexed once and shared by every rule.
    /// Empty for other instructions, exec-form `RUN`s that are not `sh -c`, and stages whose
    /// `SHELL` is not a POSIX shell.
    pub fn run_scripts(&self, instruction: usize) -> &[RunScript<'a>] {
        self.runs[instruction].get_or_init(|| {
            let ins = &self.file.instructions()[instruction];
            run::scripts(self.file.text(), ins, self.is_posix_shell(instruction))
        })
    }

    /// Whether shell form runs with a POSIX shell at `instruction` (not PowerShell or `cmd`).
    pub fn is_posix_shell(&self, instruction: usize) -> bool {
        match self.stage_of(instruction).map(|_| self.state(instruction).shell) {
            Some(Setting::Instruction(shell)) => match self.command_of(shell) {
                Some(Command::Exec(argv)) => argv.first().is_none_or(|program| {
                    let name = program.rsplit(['/', '\\']).next().unwrap_or(program).to_ascii_lowercase();
                    !matches!(name.as_str(), "pwsh" | "pwsh.exe" | "powershell" | "powershell.exe" | "cmd" | "cmd.exe")
                }),
                _ => true,
            },
            _ => !matches!(self.facts_at(instruction).map(|f| f.shell), Some(ShellKind::Cmd | ShellKind::PowerShell)),
        }
    }

    /// The base image of a stage as written after ARG expansion, for messages: `python:3.12-slim`,
    /// `scratch`; for `FROM <stage>`, the image at the root of the chain.
    pub fn image_label(&self, stage: usize) -> Option<String> {
        match &self.root(stage).base {
            Base::Image(text) => Some(text.clone()),
            Base::Scratch => Some("scratch".to_owned()),
            _ => None,
        }
    }

    /// What is known about the base image of the stage an instruction is in.
    pub fn facts_at(&self, instruction: usize) -> Option<&ImageFacts> {
        self.stage_of(instruction)?.facts.as_deref()
    }

    /// Whether shell-form instructions can run just before `instruction`: the stage's `SHELL` if one
    /// is in effect and its program is in the image, otherwise the image's `/bin/sh`.
    pub fn shell_status(&self, instruction: usize) -> ShellStatus {
        let Some(facts) = self.facts_at(instruction) else { return ShellStatus::Unknown };
        match self.state(instruction).shell {
            Setting::Instruction(shell) => {
                let Some(Command::Exec(argv)) = self.command_of(shell) else { return ShellStatus::Available };
                let Some(program) = argv.first() else { return ShellStatus::Available };
                match facts.find_command(program) {
                    images::Presence::Absent if !self.is_copied_before(instruction, program) => {
                        ShellStatus::Missing { kind: facts.shell, shell_instruction: Some(shell) }
                    }
                    _ => ShellStatus::Available,
                }
            }
            _ if facts.lacks_bin_sh() => ShellStatus::Missing { kind: facts.shell, shell_instruction: None },
            _ => ShellStatus::Available,
        }
    }

    /// Whether a `COPY`/`ADD` in the stage chain before `instruction` has a destination that is
    /// `path` or one of its directories.
    pub fn is_copied_before(&self, instruction: usize, path: &str) -> bool {
        let Some(stage) = self.stage_of[instruction] else { return false };
        let instructions = self.instructions();
        self.chain(stage).any(|s| {
            s.instructions().filter(|&i| i < instruction).any(|i| {
                let ins = &instructions[i];
                matches!(ins.keyword, Keyword::Copy | Keyword::Add)
                    && copy_dest(ins).is_some_and(|dest| {
                        let dest = dest.trim_end_matches('/');
                        path == dest || path.strip_prefix(dest).is_some_and(|rest| rest.starts_with('/'))
                    })
            })
        })
    }

    /// The exec-form argv or shell-form text of a `CMD`/`ENTRYPOINT`-like instruction.
    pub fn command_of(&self, instruction: usize) -> Option<Command<'a>> {
        let ins = &self.instructions()[instruction];
        let args = match &ins.args {
            Args::Healthcheck(h) => &*h.cmd,
            other => other,
        };
        match args {
            Args::Exec(exec) => Some(Command::Exec(exec.argv().collect())),
            Args::Shell(word) => Some(Command::Shell(ins.text(word))),
            _ => None,
        }
    }

    /// The Python packaging analysis (pip locations, venvs, package copies), computed once per
    /// lint and shared by the rules that need it.
    pub fn packaging(&self) -> &crate::analysis::packaging::Packaging {
        self.packaging.get_or_init(|| crate::analysis::packaging::Packaging::new(self))
    }
}

/// [`unquote`] of a value that may be borrowed or owned, keeping it as it is when it has nothing to unquote.
pub fn unquote_cow(value: Cow<'_, str>, escape: char) -> Cow<'_, str> {
    match value {
        Cow::Borrowed(text) => unquote(text, escape),
        Cow::Owned(text) => match unquote(&text, escape) {
            Cow::Borrowed(_) => Cow::Owned(text),
            Cow::Owned(unquoted) => Cow::Owned(unquoted),
        },
    }
}

/// The destination of a `COPY` or `ADD` as written (the last argument), quotes removed.
pub fn copy_dest(ins: &Instruction) -> Option<String> {
    let escape = '\\';
    match &ins.args {
        Args::Exec(exec) => exec.elements.last().map(|e| e.value.clone()),
        Args::Words(words) if words.len() >= 2 => words.last().map(|w| unquote(ins.text(w), escape).into_owned()),
        _ => None,
    }
}

/// An image reference, parsed, and what is known about the image.
type LookedUp = (Result<Arc<ImageRef>, RefError>, Option<Arc<ImageFacts>>);

/// Parses an image reference and looks up what is known about the image.
fn lookup_image(text: &str, settings: &Settings, shell_less: &[String]) -> LookedUp {
    let image = match ImageRef::parse(text) {
        Ok(image) => image,
        Err(error) => return (Err(error), None),
    };
    let mut facts = images::lookup_with(&image, &settings.images);
    if !image.is_scratch() && shell_less.iter().any(|pattern| profile_glob(pattern, &image)) {
        let facts = facts.get_or_insert_with(|| ImageFacts::unknown(image.familiar_name(), images::ImageKind::Other));
        if !facts.lacks_bin_sh() {
            facts.shell = ShellKind::None;
            facts.shell_path = None;
        }
    }
    (Ok(Arc::new(image)), facts.map(Arc::new))
}

/// Matches a profile's `shell_less_images` glob: `name-glob`, `name-glob:tag-glob`, or
/// `name-glob:!tag-glob` to exclude tags (`cgr.dev/chainguard/*:!*-dev`).
fn profile_glob(pattern: &str, image: &ImageRef) -> bool {
    let name = image.familiar_name();
    let tag = image.tag.as_deref().unwrap_or("latest");
    let (name_glob, tag_glob) = match pattern.rsplit_once(':') {
        Some((n, t)) if !t.contains('/') => (n, Some(t)),
        _ => (pattern, None),
    };
    if !glob_match(name_glob, &name) && !glob_match(name_glob, &image.full_name()) {
        return false;
    }
    match tag_glob {
        None => true,
        Some(t) => match t.strip_prefix('!') {
            Some(excluded) => !glob_match(excluded, tag),
            None => glob_match(t, tag),
        },
    }
}

/// A command as written in `CMD`, `ENTRYPOINT`, `RUN` or `HEALTHCHECK`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command<'a> {
    /// JSON exec form.
    Exec(Vec<&'a str>),
    /// Shell form.
    Shell(&'a str),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model_of(text: &str, f: impl FnOnce(&Model<'_>)) {
        let file = distrolint_syntax::parse(text);
        let settings = Settings::default();
        let model = Model::new(&file, &settings);
        f(&model);
    }

    #[test]
    fn stages_resolve_args_and_inheritance() {
        let text = "ARG BASE=python:3.11-slim\nARG TAG\nFROM ${BASE} AS Build\nFROM build AS test\nFROM img:${TAG}\nFROM scratch\n";
        model_of(text, |m| {
            assert_eq!(m.stages.len(), 4);
            assert_eq!(m.stages[0].base, Base::Image("python:3.11-slim".into()));
            assert_eq!(m.stages[1].base, Base::Stage(0));
            assert_eq!(m.stages[2].base, Base::Unresolved);
            assert_eq!(m.stages[3].base, Base::Scratch);
            assert_eq!(m.root(1).index, 0);
            assert_eq!(m.target().unwrap().index, 3);
            assert_eq!(m.resolve_from("BUILD"), FromTarget::Stage(0));
            assert_eq!(m.resolve_from("2"), FromTarget::Stage(2));
            assert_eq!(m.resolve_from("9"), FromTarget::BadIndex(9));
            assert_eq!(m.resolve_from("nginx:1"), FromTarget::Image("nginx:1".into()));
        });
    }

    #[test]
    fn variables_follow_builder_scoping() {
        let text = "ARG V=1\nFROM a AS one\nARG V\nENV P=/x:${V} Q=$P\nFROM one\nRUN x\nARG W\n";
        model_of(text, |m| {
            // The redeclared ARG inherits the global default; one ENV sees values from before it.
            assert_eq!(m.lookup(4, "P"), Binding::Known("/x:1"));
            assert_eq!(m.lookup(4, "Q"), Binding::Known(""));
            // ENV carries into a child stage, ARG does not.
            assert_eq!(m.lookup(5, "P"), Binding::Known("/x:1"));
            assert_eq!(m.lookup(5, "V"), Binding::Undefined);
            assert_eq!(m.lookup(6, "W"), Binding::Undefined);
            assert_eq!(m.lookup(5, "HTTP_PROXY"), Binding::Unknown);
        });
    }

    #[test]
    fn state_tracks_entrypoint_clearing_cmd() {
        let text = "FROM a AS base\nCMD [\"x\"]\nUSER app\nFROM base\nENTRYPOINT [\"y\"]\nRUN z\nFROM base\nCMD [\"c\"]\nENTRYPOINT [\"e\"]\nRUN w\n";
        model_of(text, |m| {
            let run = m.state(5);
            assert_eq!(run.entrypoint, Setting::Instruction(4));
            assert_eq!(run.cmd, Setting::Cleared);
            assert_eq!(run.user, Setting::Instruction(2));
            let w = m.state(9);
            assert_eq!(w.cmd, Setting::Instruction(7));
        });
    }
}
