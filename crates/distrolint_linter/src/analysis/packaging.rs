//! Shared analyses for the rules about Python packaging and the marker doctrine (families P and M).
//!
//! - Where each stage's `pip` puts packages: `--user` (the user base, `/root/.local` for root),
//!   a virtual environment (an explicit `<venv>/bin/pip`, `ENV PATH` with a venv's `bin` first,
//!   or `. <venv>/bin/activate`), `--target`, `--prefix`/`--root`, or the interpreter's global
//!   `site-packages`; `pip wheel`/`pip download` write wheel files.
//! - Which virtual environments a stage creates (`python -m venv`, `virtualenv`, `uv venv`), and
//!   the interpreter path their `bin/python` links to (F8).
//! - What another stage `COPY --from`s of all that, and where it lands there.
//!
//! Paths are resolved only when they are known statically (ARGs and ENVs with known values);
//! anything else is left out, so the rules stay silent rather than guess.

use std::borrow::Cow;

use distrolint_syntax::{Args, Instruction, Keyword, TextRange, unquote};

use crate::images::{ImageFacts, Presence, PythonFacts};
use crate::model::vars::{self, Binding};
use crate::model::{FromTarget, Model, Setting, VarKind};
use crate::shell::{Arg, Command, Flag, FlagValue, RedirectKind, Word};
use crate::util::glob_match;

/// Options of `pip`, `python -m` and `uv` that take a value (so the next word is not a positional).
const PIP_VALUE_FLAGS: &[&str] = &[
    "m",
    "e",
    "editable",
    "t",
    "target",
    "prefix",
    "root",
    "r",
    "requirement",
    "c",
    "constraint",
    "i",
    "index-url",
    "extra-index-url",
    "f",
    "find-links",
    "w",
    "wheel-dir",
    "d",
    "dest",
    "src",
    "platform",
    "python-version",
    "implementation",
    "abi",
    "no-binary",
    "only-binary",
    "upgrade-strategy",
    "progress-bar",
    "log",
    "proxy",
    "retries",
    "timeout",
    "exists-action",
    "trusted-host",
    "cert",
    "client-cert",
    "cache-dir",
    "root-user-action",
    "config-settings",
    "C",
    "global-option",
    "report",
    "python",
    "p",
    "prompt",
];

/// What a `pip` command says about where it installs, read once per command.
struct PipArgs<'s> {
    /// The flags, read with [`PIP_VALUE_FLAGS`] as `Command::flag` reads them.
    flags: Vec<Flag<'s>>,
    /// `--user`, or `PIP_USER` set.
    user: bool,
}

impl<'s> PipArgs<'s> {
    fn read(command: &Command<'s>, model: &Model<'_>, stage: usize, i: usize) -> Self {
        PipArgs {
            flags: command.arguments(PIP_VALUE_FLAGS).filter_map(Arg::flag).collect(),
            user: command.has_flag(&["user"]) || env_truthy(model, stage, i, "PIP_USER"),
        }
    }

    /// `Command::flag(names, PIP_VALUE_FLAGS)`: the first flag named one of `names`.
    fn flag(&self, names: &[&str]) -> Option<Flag<'s>> {
        self.flags.iter().find(|flag| names.contains(&flag.name())).copied()
    }
}

/// What a `pip` command does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PipAction {
    /// `pip install` (also `uv pip install`).
    Install,
    /// `pip wheel`.
    Wheel,
    /// `pip download`.
    Download,
}

/// The kind of place packages are installed to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LocationKind {
    /// The user base (`pip install --user`): `$HOME/.local` or `$PYTHONUSERBASE`.
    User,
    /// A virtual environment.
    Venv,
    /// `pip install --target <dir>`: the packages are directly in the directory.
    Target,
    /// `pip install --prefix <dir>` or `--root <dir>`.
    Prefix,
    /// The interpreter's own `site-packages`.
    Global,
    /// A directory of wheel files (`pip wheel -w`, `pip download -d`).
    Wheels,
}

/// Where a `pip` command puts what it installs or downloads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    /// The kind of place.
    pub kind: LocationKind,
    /// The directory the installation owns: the user base, the venv, the target, the prefix, the
    /// global `site-packages` or the wheel directory.
    pub root: String,
    /// The directory packages are imported from, when known (`<root>/lib/python3.X/site-packages`).
    pub site_packages: Option<String>,
}

/// A `pip install -e <src>` argument.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Editable {
    /// From `-e`/`--editable` to the end of its value, in the file.
    pub range: TextRange,
    /// The source directory, absolute, when it is a local path that is known.
    pub source: Option<String>,
    /// The edit that drops `-e` (keeping the value), when the text can be edited in place.
    pub drop_flag: Option<(TextRange, String)>,
}

/// A `pip install`, `pip wheel` or `pip download` in a `RUN`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PipCommand {
    /// The `RUN` instruction.
    pub instruction: usize,
    /// Its stage.
    pub stage: usize,
    /// What it does.
    pub action: PipAction,
    /// The command's range in the file.
    pub range: TextRange,
    /// `--user`, or `PIP_USER` set.
    pub user: bool,
    /// Whether it chooses a platform itself (`--platform`), as a cross-build install does.
    pub platform_flag: bool,
    /// Where it installs, when known.
    pub location: Option<Location>,
    /// Its editable installs.
    pub editables: Vec<Editable>,
}

/// A virtual environment created in a `RUN`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Venv {
    /// The `RUN` instruction.
    pub instruction: usize,
    /// Its stage.
    pub stage: usize,
    /// The venv directory, absolute.
    pub dir: String,
    /// The interpreter its `bin/python` links to, when known (F8).
    pub interpreter: Option<String>,
}

/// What a `COPY --from=<stage>` takes of the Python installation there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Copied {
    /// A whole virtual environment.
    Venv,
    /// Installed packages (a `site-packages`, a user base, a `--target` or `--prefix` directory).
    Packages(LocationKind),
    /// Wheel files.
    Wheels,
}

/// A `COPY --from=<stage>` source that is (or holds) Python packages or a venv.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PackageCopy {
    /// The `COPY` instruction.
    pub instruction: usize,
    /// The stage the `COPY` is in.
    pub stage: usize,
    /// The stage copied from.
    pub builder: usize,
    /// The source path, absolute, as expanded.
    pub src: String,
    /// The source word's range.
    pub src_range: TextRange,
    /// The destination, absolute, as expanded (`None` when a relative destination meets an unknown
    /// `WORKDIR`).
    pub dest: Option<String>,
    /// The destination word's range.
    pub dest_range: TextRange,
    /// What is copied.
    pub copied: Copied,
    /// The builder directory that makes it a package copy (the venv, the site directory, the root).
    pub builder_dir: String,
    /// Where `builder_dir` lands in this stage, when the copy maps it.
    pub runtime_dir: Option<String>,
    /// Where the importable packages land in this stage, when known.
    pub runtime_site: Option<String>,
    /// The Python version the packages were installed for (`3.12`), when known.
    pub version: Option<String>,
    /// For a venv: the interpreter its `bin/python` links to, when known.
    pub interpreter: Option<String>,
}

/// The Python packaging of a whole file.
#[derive(Clone, Debug, Default)]
pub struct Packaging {
    /// Every `pip install`/`wheel`/`download`, in file order.
    pub pips: Vec<PipCommand>,
    /// Every venv creation, in file order.
    pub venvs: Vec<Venv>,
    /// Every `COPY --from=<stage>` of packages or a venv, in file order.
    pub copies: Vec<PackageCopy>,
}

impl Packaging {
    /// Analyses the file.
    pub fn new(model: &Model<'_>) -> Packaging {
        let mut packaging = Packaging::default();
        for stage in &model.stages {
            for i in stage.instructions() {
                if model.instructions()[i].keyword == Keyword::Run {
                    packaging.scan_run(model, stage.index, i);
                }
            }
        }
        if packaging.pips.is_empty() && packaging.venvs.is_empty() && !has_copy_from(model) {
            return packaging;
        }
        for stage in &model.stages {
            for i in stage.instructions() {
                packaging.scan_copy(model, stage.index, i);
            }
        }
        packaging
    }

    /// The venvs and pip commands of a stage and its ancestors.
    fn in_chain<'p>(&'p self, model: &Model<'_>, stage: usize) -> (Vec<&'p Venv>, Vec<&'p PipCommand>) {
        let in_chain = |s: usize| model.chain(stage).any(|c| c.index == s);
        let venvs = self.venvs.iter().filter(|v| in_chain(v.stage)).collect();
        let pips = self.pips.iter().filter(|p| in_chain(p.stage)).collect();
        (venvs, pips)
    }

    fn scan_run(&mut self, model: &Model<'_>, stage: usize, i: usize) {
        let scripts = model.run_scripts(i);
        if scripts.is_empty() {
            return;
        }
        let facts = model.stages[stage].facts.as_deref();
        let python = facts.and_then(|f| f.python.as_ref());
        let start_cwd = workdir_at(model, i);
        for run in scripts {
            let mut cwd = start_cwd.clone();
            let mut active_venv: Option<String> = None;
            for command in run.script.commands() {
                let command = command.effective();
                let Some(name) = command.basename() else { continue };
                if name == "cd" && !command.in_substitution() && !command.in_subshell() {
                    cwd = match (cwd, command.args().first().and_then(Word::literal)) {
                        (Some(dir), Some(to)) => Some(Cow::Owned(absolute(&dir, to))),
                        (None, Some(to)) if to.starts_with('/') => Some(Cow::Owned(normalize(to))),
                        _ => None,
                    };
                    continue;
                }
                if matches!(name, "." | "source") {
                    if let Some(script) = command.args().first().and_then(Word::literal) {
                        if let (Some(dir), Some(base)) = (script.strip_suffix("/bin/activate"), cwd.as_deref()) {
                            active_venv = Some(absolute(base, dir));
                        }
                    }
                    continue;
                }
                if let Some(dir) = venv_creation(&command) {
                    let Some(base) = cwd.as_deref() else { continue };
                    let dir = absolute(base, dir);
                    let interpreter = self.venv_interpreter(model, stage, i, &command, facts);
                    self.venvs.push(Venv { instruction: i, stage, dir, interpreter });
                    continue;
                }
                let Some(action) = pip_action(&command) else { continue };
                let range = run.source_range(command.range());
                let args = PipArgs::read(&command, model, stage, i);
                let platform_flag = args.flag(&["platform"]).is_some();
                let location = self.pip_location(
                    model,
                    stage,
                    i,
                    &command,
                    &args,
                    action,
                    cwd.as_deref(),
                    active_venv.as_deref(),
                    python,
                );
                let editables =
                    if action == PipAction::Install { editables(&command, run, cwd.as_deref()) } else { Vec::new() };
                self.pips.push(PipCommand {
                    instruction: i,
                    stage,
                    action,
                    range,
                    user: args.user,
                    platform_flag,
                    location,
                    editables,
                });
            }
        }
    }

    /// The interpreter a new venv's `bin/python` links to: the resolved path of the `python` that ran
    /// `-m venv` (F8), or for `virtualenv`/`uv venv` the stage's interpreter.
    fn venv_interpreter(
        &self,
        model: &Model<'_>,
        stage: usize,
        i: usize,
        command: &Command<'_>,
        facts: Option<&ImageFacts>,
    ) -> Option<String> {
        let name = command.name()?;
        let base = command.basename()?;
        if !base.starts_with("python") {
            return facts?.python.as_ref().map(|p| p.interpreter.clone());
        }
        if name.starts_with('/') {
            // A venv made from inside a venv links to that venv's base interpreter.
            if let Some(venv) =
                self.venvs.iter().find(|v| name.strip_prefix(v.dir.as_str()).is_some_and(|r| r.starts_with("/bin/")))
            {
                return venv.interpreter.clone();
            }
            return Some(normalize(name));
        }
        if name.contains('/') {
            return None;
        }
        let path = env_value(model, stage, i, "PATH")?;
        for dir in crate::util::split_byte(&path, b':').filter(|d| d.starts_with('/')) {
            let dir = normalize(dir);
            if let Some(venv) = self.venvs.iter().find(|v| v.stage == stage && format!("{}/bin", v.dir) == dir) {
                return venv.interpreter.clone();
            }
            let candidate = format!("{dir}/{name}");
            if facts.is_some_and(|f| f.has_path(&candidate)) {
                return Some(candidate);
            }
        }
        None
    }

    #[allow(clippy::too_many_arguments)]
    fn pip_location(
        &self,
        model: &Model<'_>,
        stage: usize,
        i: usize,
        command: &Command<'_>,
        args: &PipArgs<'_>,
        action: PipAction,
        cwd: Option<&str>,
        active_venv: Option<&str>,
        python: Option<&PythonFacts>,
    ) -> Option<Location> {
        let flag_dir = |names: &[&str]| -> Option<Option<String>> {
            let flag = args.flag(names)?;
            Some(
                flag.value_text()
                    .and_then(|v| Some(absolute(cwd?, v)))
                    .or_else(|| flag.value_text().filter(|v| v.starts_with('/')).map(normalize)),
            )
        };
        let version = python.and_then(|p| p.version.as_deref());
        let site_under = |root: &str| version.map(|v| format!("{root}/lib/python{v}/site-packages"));
        match action {
            PipAction::Wheel | PipAction::Download => {
                let names: &[&str] = if action == PipAction::Wheel { &["w", "wheel-dir"] } else { &["d", "dest"] };
                let root = match flag_dir(names) {
                    Some(dir) => dir?,
                    None => cwd?.to_owned(),
                };
                return Some(Location { kind: LocationKind::Wheels, root, site_packages: None });
            }
            PipAction::Install => {}
        }
        if let Some(dir) = flag_dir(&["t", "target"]) {
            let root = dir?;
            return Some(Location { kind: LocationKind::Target, site_packages: Some(root.clone()), root });
        }
        if let Some(dir) = flag_dir(&["prefix"]) {
            let root = dir?;
            return Some(Location { kind: LocationKind::Prefix, site_packages: site_under(&root), root });
        }
        if let Some(dir) = flag_dir(&["root"]) {
            let root = dir?;
            let global = python.and_then(PythonFacts::global_packages_dir);
            return Some(Location {
                kind: LocationKind::Prefix,
                site_packages: global.map(|g| format!("{}{g}", root.trim_end_matches('/'))),
                root,
            });
        }
        if args.user {
            let root = match env_value(model, stage, i, "PYTHONUSERBASE").filter(|v| !v.is_empty()) {
                Some(base) => normalize(&base),
                None => format!("{}/.local", home_of(&user_at(model, i)?, model.stages[stage].facts.as_deref())?),
            };
            return Some(Location { kind: LocationKind::User, site_packages: site_under(&root), root });
        }
        let is_uv = command.is("uv");
        if is_uv && command.has_flag(&["system"]) {
            let site = python.and_then(PythonFacts::global_packages_dir)?;
            return Some(Location { kind: LocationKind::Global, root: site.clone(), site_packages: Some(site) });
        }
        let venv_location =
            |dir: &str| Location { kind: LocationKind::Venv, root: dir.to_owned(), site_packages: site_under(dir) };
        // An explicit `<venv>/bin/pip` or `<venv>/bin/python -m pip`.
        let program = command.name()?;
        if let Some(dir) = program.rsplit_once('/').and_then(|(dir, _)| dir.strip_suffix("/bin")) {
            if program.starts_with('/') && !is_uv {
                let dir = normalize(dir);
                if self.venvs.iter().any(|v| v.dir == dir) || is_venv_like(&dir) {
                    return Some(venv_location(&dir));
                }
                if python.is_some_and(|p| p.interpreter.starts_with(&format!("{dir}/bin/"))) {
                    let site = python.and_then(PythonFacts::global_packages_dir)?;
                    return Some(Location {
                        kind: LocationKind::Global,
                        root: site.clone(),
                        site_packages: Some(site),
                    });
                }
                return None;
            }
        }
        if let Some(dir) = active_venv {
            return Some(venv_location(dir));
        }
        if is_uv {
            let dir = env_value(model, stage, i, "VIRTUAL_ENV").filter(|v| v.starts_with('/'))?;
            return Some(venv_location(&normalize(&dir)));
        }
        // A bare `pip`: the first directory of PATH that has it.
        let path = env_value(model, stage, i, "PATH")?;
        let facts = model.stages[stage].facts.as_deref();
        let (venvs, _) = self.in_chain(model, stage);
        for dir in crate::util::split_byte(&path, b':').filter(|d| d.starts_with('/')) {
            let dir = normalize(dir);
            if let Some(venv) = venvs.iter().find(|v| format!("{}/bin", v.dir) == dir) {
                return Some(venv_location(&venv.dir));
            }
            if facts.is_some_and(|f| f.has_path(&format!("{dir}/{program}"))) {
                let site = python.and_then(PythonFacts::global_packages_dir)?;
                return Some(Location { kind: LocationKind::Global, root: site.clone(), site_packages: Some(site) });
            }
        }
        None
    }

    fn scan_copy(&mut self, model: &Model<'_>, stage: usize, i: usize) {
        let ins = &model.instructions()[i];
        if ins.keyword != Keyword::Copy {
            return;
        }
        let Some(from) = ins.flag("from").and_then(|f| f.value_text()) else { return };
        let FromTarget::Stage(builder) = model.resolve_from(from) else { return };
        if builder == stage {
            return;
        }
        let Some(parts) = copy_parts(model, i) else { return };
        for (src, src_range) in &parts.sources {
            let Some(src) = src else { continue };
            let src = if src.starts_with('/') { normalize(src) } else { normalize(&format!("/{src}")) };
            if let Some(copy) =
                self.classify(model, i, stage, builder, &src, *src_range, parts.dest.as_deref(), parts.dest_range)
            {
                self.copies.push(copy);
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn classify(
        &self,
        model: &Model<'_>,
        instruction: usize,
        stage: usize,
        builder: usize,
        src: &str,
        src_range: TextRange,
        dest: Option<&str>,
        dest_range: TextRange,
    ) -> Option<PackageCopy> {
        let facts = model.stages[builder].facts.as_deref();
        let python = facts.and_then(|f| f.python.as_ref());
        let builder_version = python.and_then(|p| p.version.clone());
        let map = |path: &str| dest.and_then(|d| map_path(src, d, path));
        let mut copy = PackageCopy {
            instruction,
            stage,
            builder,
            src: src.to_owned(),
            src_range,
            dest: dest.map(str::to_owned),
            dest_range,
            copied: Copied::Venv,
            builder_dir: String::new(),
            runtime_dir: None,
            runtime_site: None,
            version: builder_version.clone(),
            interpreter: None,
        };
        let (venvs, pips) = self.in_chain(model, builder);
        // A venv created in the builder, copied whole or inside a larger directory.
        if let Some(venv) = venvs.iter().find(|v| covers(src, &v.dir)) {
            copy.builder_dir.clone_from(&venv.dir);
            copy.runtime_dir = map(&venv.dir);
            copy.interpreter.clone_from(&venv.interpreter);
            return Some(copy);
        }
        // What pip installed.
        for pip in &pips {
            let Some(location) = &pip.location else { continue };
            let copied =
                if location.kind == LocationKind::Wheels { Copied::Wheels } else { Copied::Packages(location.kind) };
            if covers(src, &location.root) {
                copy.copied = copied;
                copy.builder_dir.clone_from(&location.root);
                copy.runtime_dir = map(&location.root);
                copy.runtime_site = location.site_packages.as_deref().and_then(map);
                copy.version = version_segment(location.site_packages.as_deref().unwrap_or(""))
                    .map(str::to_owned)
                    .or(builder_version);
                return Some(copy);
            }
            if let Some(site) = location.site_packages.as_deref().filter(|s| covers(s, src)) {
                copy.copied = copied;
                site.clone_into(&mut copy.builder_dir);
                copy.runtime_site = partial_site(src, site, dest);
                copy.runtime_dir.clone_from(&copy.runtime_site);
                copy.version = version_segment(site).map(str::to_owned).or(builder_version);
                return Some(copy);
            }
        }
        // The shape of the path: `.../site-packages`, a user base `.../.local`, a `*venv*` directory.
        if let Some(site) = site_dir_in(src) {
            copy.copied = Copied::Packages(if src.contains("/.local/") {
                LocationKind::User
            } else if crate::util::split_byte(&site, b'/').any(is_venv_segment) {
                LocationKind::Venv
            } else {
                LocationKind::Global
            });
            copy.runtime_site = partial_site(src, &site, dest);
            copy.runtime_dir.clone_from(&copy.runtime_site);
            copy.version = version_segment(&site).map(str::to_owned).or(builder_version);
            copy.builder_dir = site;
            return Some(copy);
        }
        if let Some(at) = src.find("/.local") {
            let base = &src[..at + "/.local".len()];
            let rest = &src[base.len()..];
            if rest.is_empty() || rest == "/lib" || rest.starts_with("/lib/python") {
                let version = version_segment(src).map(str::to_owned).or(builder_version);
                copy.copied = Copied::Packages(LocationKind::User);
                base.clone_into(&mut copy.builder_dir);
                copy.runtime_dir = map(base);
                copy.runtime_site =
                    version.as_deref().and_then(|v| map(&format!("{base}/lib/python{v}/site-packages")));
                copy.version = version;
                return Some(copy);
            }
            return None;
        }
        if let Some(end) = venv_dir_end(src) {
            if end == src.len() {
                // A venv made outside what this analysis sees (poetry, uv sync, a script): in an image
                // whose only Python is in one directory, its link points there.
                src.clone_into(&mut copy.builder_dir);
                copy.runtime_dir = dest.map(normalize);
                copy.interpreter =
                    python.filter(|p| p.layout == crate::images::PythonLayout::Upstream).map(|p| p.interpreter.clone());
                return Some(copy);
            }
            return None;
        }
        // The builder's global site-packages, or a directory above it (`/usr/local`).
        let global = python.and_then(PythonFacts::global_packages_dir)?;
        if src != "/" && covers(src, &global) {
            copy.copied = Copied::Packages(LocationKind::Global);
            copy.builder_dir.clone_from(&global);
            copy.runtime_site = map(&global);
            copy.runtime_dir.clone_from(&copy.runtime_site);
            return Some(copy);
        }
        None
    }
}

/// The sources and destination of a `COPY`/`ADD`: (expanded value, range) per source, and the
/// destination resolved against `WORKDIR`.
pub struct CopyParts<'a> {
    /// Each source: its expanded, unquoted value (`None` when unknown) and its range. Borrowed
    /// from the file when written plainly.
    pub sources: Vec<(Option<Cow<'a, str>>, TextRange)>,
    /// The destination, absolute, when known.
    pub dest: Option<String>,
    /// The destination's range.
    pub dest_range: TextRange,
}

/// The parts of the `COPY` or `ADD` at `instruction`, computed once per lint.
pub fn copy_parts<'m, 'a>(model: &'m Model<'a>, instruction: usize) -> Option<&'m CopyParts<'a>> {
    model
        .cache
        .copy_parts
        .get_or_init(model.instructions().len(), instruction, || compute_copy_parts(model, instruction))
        .as_ref()
}

fn compute_copy_parts<'a>(model: &Model<'a>, instruction: usize) -> Option<CopyParts<'a>> {
    let ins: &'a Instruction = &model.instructions()[instruction];
    let (sources, dest_raw, dest_range) = match &ins.args {
        Args::Words(words) if words.len() >= 2 => {
            let (dest, sources) = words.split_last()?;
            let dest_raw = model.word_value(instruction, dest);
            let sources = sources.iter().map(|w| (model.word_value(instruction, w), w.range)).collect();
            (sources, dest_raw, dest.range)
        }
        Args::Exec(exec) if exec.elements.len() >= 2 => {
            let (dest, sources) = exec.elements.split_last()?;
            let dest_raw = model.expand(instruction, &dest.value);
            let sources = sources.iter().map(|e| (model.expand(instruction, &e.value), e.range)).collect();
            (sources, dest_raw, dest.range)
        }
        _ => return None,
    };
    let dest_raw = dest_raw?;
    let dest = if dest_raw.starts_with('/') {
        Some(normalize(&dest_raw))
    } else {
        workdir_at(model, instruction).map(|w| absolute(&w, &dest_raw))
    };
    Some(CopyParts { sources, dest, dest_range })
}

fn has_copy_from(model: &Model<'_>) -> bool {
    model.instructions().iter().any(|i| i.keyword == Keyword::Copy && i.flag("from").is_some())
}

/// The `pip` action of a command: `pip install`, `pip3.12 wheel`, `python -m pip download`,
/// `uv pip install`. `pipx` and `pipenv` are other tools.
pub fn pip_action(command: &Command<'_>) -> Option<PipAction> {
    let name = command.basename()?;
    let mut positionals = command.positionals(PIP_VALUE_FLAGS);
    let sub = if name.starts_with("pip") {
        if name.starts_with("pipx") || name.starts_with("pipenv") {
            return None;
        }
        positionals.next()?.literal()?
    } else if name.starts_with("python") {
        let module = command.flag(&["m"], PIP_VALUE_FLAGS)?;
        if module.value_text()? != "pip" {
            return None;
        }
        positionals.next()?.literal()?
    } else if name == "uv" {
        if positionals.next()?.literal()? != "pip" {
            return None;
        }
        positionals.next()?.literal()?
    } else {
        return None;
    };
    match sub {
        "install" => Some(PipAction::Install),
        "wheel" if !name.starts_with("uv") => Some(PipAction::Wheel),
        "download" if !name.starts_with("uv") => Some(PipAction::Download),
        _ => None,
    }
}

/// The directory a command creates a venv in, as written: `python -m venv DIR`, `virtualenv DIR`,
/// `uv venv [DIR]` (default `.venv`).
fn venv_creation<'s>(command: &Command<'s>) -> Option<&'s str> {
    let name = command.basename()?;
    if name.starts_with("python") {
        let module = command.flag(&["m"], PIP_VALUE_FLAGS)?.value_text()?;
        if module != "venv" && module != "virtualenv" {
            return None;
        }
        return command.positionals(PIP_VALUE_FLAGS).next()?.literal();
    }
    if name == "virtualenv" {
        return command.positionals(PIP_VALUE_FLAGS).next()?.literal();
    }
    if name == "uv" {
        let mut positionals = command.positionals(PIP_VALUE_FLAGS);
        if positionals.next()?.literal()? != "venv" {
            return None;
        }
        return match positionals.next() {
            Some(word) => word.literal(),
            None => Some(".venv"),
        };
    }
    None
}

fn editables(command: &Command<'_>, run: &crate::model::run::RunScript<'_>, cwd: Option<&str>) -> Vec<Editable> {
    let mut out = Vec::new();
    for arg in command.arguments(PIP_VALUE_FLAGS) {
        let Arg::Flag(flag) = arg else { continue };
        if flag.name() != "e" && flag.name() != "editable" {
            continue;
        }
        let word = flag.word();
        let (end, value) = match flag.value() {
            Some(FlagValue::Word(value)) => (value.range().end(), value.literal()),
            Some(FlagValue::Inline(text)) => (word.range().end(), Some(text)),
            None => (word.range().end(), None),
        };
        let script_range = TextRange::new(word.range().start(), end);
        let source = value.and_then(|v| local_source(v, cwd));
        let drop_flag = match (flag.value(), value) {
            (Some(FlagValue::Word(v)), Some(_)) if run.is_editable(script_range) => {
                let start = run.source_range(word.range()).start();
                let value_start = run.source_range(v.range()).start();
                Some((TextRange::new(start, value_start), String::new()))
            }
            (Some(FlagValue::Inline(text)), Some(_)) if run.is_editable(word.range()) && !word.is_quoted() => {
                Some((run.source_range(word.range()), text.to_owned()))
            }
            _ => None,
        };
        out.push(Editable { range: run.source_range(script_range), source, drop_flag });
    }
    out
}

/// The local directory of an editable requirement: `.`, `./pkg[dev]`, `/src/pkg`, `file:///src`.
/// VCS URLs give `None`.
fn local_source(value: &str, cwd: Option<&str>) -> Option<String> {
    if value.contains("://") && !value.starts_with("file://") || value.contains('+') && value.contains(':') {
        return None;
    }
    let path = value.strip_prefix("file://").unwrap_or(value);
    let path = path.split_once('[').map_or(path, |(p, _)| p);
    let path = path.split_once('#').map_or(path, |(p, _)| p);
    if path.starts_with('/') { Some(normalize(path)) } else { cwd.map(|c| absolute(c, path)) }
}

/// Whether `PIP_USER`-like variable `name` is set to a true value for the `RUN` at `i`.
fn env_truthy(model: &Model<'_>, stage: usize, i: usize, name: &str) -> bool {
    env_value(model, stage, i, name)
        .is_some_and(|v| matches!(v.to_ascii_lowercase().as_str(), "1" | "true" | "yes" | "on"))
}

/// The value of environment variable `name` just before instruction `before` of `stage`: the last
/// `ENV` in the stage chain, else the base image's (with `$NAME` inside expanded the same way).
/// `Some("")` when it is not set; `None` when its value is not known.
pub fn env_value(model: &Model<'_>, stage: usize, before: usize, name: &str) -> Option<String> {
    let chain: Vec<usize> = model.chain(stage).map(|s| s.index).collect();
    let def = chain.iter().find_map(|&s| {
        model.vars(s).iter().rev().find(|d| d.kind == VarKind::Env && d.name == name && d.instruction < before)
    });
    let facts = model.stages[stage].facts.as_deref();
    let Some(def) = def else {
        return Some(facts.and_then(|f| f.env_value(name)).unwrap_or_default().to_owned());
    };
    let ins = &model.instructions()[def.instruction];
    let pair = ins.args.key_values().iter().find(|p| p.key.range == def.range)?;
    let def_stage = model.stage_of(def.instruction)?.index;
    let previous = env_value(model, def_stage, def.instruction, name);
    let escape = model.file.escape();
    let lookup = |n: &str| -> Binding<'_> {
        if n == name {
            return previous.as_deref().map_or(Binding::Unknown, Binding::Known);
        }
        match model.lookup(def.instruction, n) {
            Binding::Undefined => facts.and_then(|f| f.env_value(n)).map_or(Binding::Undefined, Binding::Known),
            other => other,
        }
    };
    let value = vars::expand(ins.text(&pair.value), escape, &lookup)?;
    Some(if pair.equals { unquote(&value, escape).into_owned() } else { value.into_owned() })
}

/// The `WORKDIR` in effect at `instruction`, absolute; `None` when it is not known. What each
/// `WORKDIR` sets is computed once per lint.
pub fn workdir_at<'m>(model: &'m Model<'_>, instruction: usize) -> Option<Cow<'m, str>> {
    match model.state(instruction).workdir {
        Setting::Instruction(w) => {
            let set =
                model.cache.workdir_packaging.get_or_init(model.instructions().len(), w, || workdir_set_by(model, w));
            set.as_deref().map(Cow::Borrowed)
        }
        _ => {
            let base = model.facts_at(instruction)?.workdir.as_deref().unwrap_or("/");
            Some(Cow::Owned(normalize(base)))
        }
    }
}

/// The directory the `WORKDIR` at `w` sets, relative ones resolved against the ones before
/// (at most 64 deep).
fn workdir_set_by(model: &Model<'_>, w: usize) -> Option<String> {
    let mut relative: Vec<String> = Vec::new();
    let mut at = w;
    let mut setting = Setting::Instruction(w);
    for _ in 0..64 {
        match setting {
            Setting::Instruction(w) => {
                let ins = &model.instructions()[w];
                let word = ins.args.shell()?;
                let value = model.word_value(w, &word)?;
                if value.starts_with('/') {
                    return Some(relative.iter().rev().fold(normalize(&value), |dir, r| absolute(&dir, r)));
                }
                relative.push(value.into_owned());
                at = w;
            }
            _ => {
                let base = model.facts_at(at)?.workdir.clone().unwrap_or_else(|| "/".to_owned());
                return Some(relative.iter().rev().fold(normalize(&base), |dir, r| absolute(&dir, r)));
            }
        }
        setting = model.state(at).workdir;
    }
    None
}

/// The `USER` in effect at `instruction` as written (`0`, `65532:65532`, `nonroot`); `None` when not known.
pub fn user_at(model: &Model<'_>, instruction: usize) -> Option<String> {
    user_of(model, model.stage_of(instruction)?.index, model.state(instruction).user)
}

/// The `USER` a stage's image runs as (after its last instruction).
pub fn final_user(model: &Model<'_>, stage: usize) -> Option<String> {
    user_of(model, stage, model.end_state(stage).user)
}

fn user_of(model: &Model<'_>, stage: usize, setting: Setting) -> Option<String> {
    match setting {
        Setting::Instruction(u) => {
            let word = model.instructions()[u].args.shell()?;
            model.word_value(u, &word).map(Cow::into_owned)
        }
        _ => model.stages[stage].facts.as_deref()?.user.clone(),
    }
}

/// Whether a `USER` value is root (`0`, `root`, with or without a group).
pub fn is_root_user(user: &str) -> bool {
    let name = crate::util::split_byte(user, b':').next().unwrap_or(user);
    name.is_empty() || name == "0" || name == "root"
}

/// The home directory of a user, from the image's `/etc/passwd` when known: `/root` for root, and
/// `/home/nonroot` for 65532 in distroless and Chainguard images (F3).
pub fn home_of(user: &str, facts: Option<&ImageFacts>) -> Option<String> {
    if is_root_user(user) {
        return Some("/root".to_owned());
    }
    let name = crate::util::split_byte(user, b':').next().unwrap_or(user);
    let known = facts
        .is_some_and(|f| matches!(f.kind, crate::images::ImageKind::Distroless | crate::images::ImageKind::Chainguard));
    (known && (name == "65532" || name == "nonroot")).then(|| "/home/nonroot".to_owned())
}

/// Whether a path a stage runs is present: in the image, or under a `COPY`/`ADD` destination anywhere
/// in the stage chain.
pub fn exists_in_stage(model: &Model<'_>, stage: usize, path: &str) -> bool {
    if model.stages[stage].facts.as_deref().is_some_and(|f| f.has_path(path)) {
        return true;
    }
    let instructions = model.instructions();
    model.chain(stage).any(|s| {
        s.instructions().any(|i| {
            matches!(instructions[i].keyword, Keyword::Copy | Keyword::Add)
                && copy_parts(model, i).and_then(|p| p.dest.as_deref()).is_some_and(|dest| covers(dest, path))
        })
    })
}

/// Whether `path` is known to be missing from a stage: the image lists its files exhaustively, the
/// path is not among them, and no `COPY`/`ADD` of the stage chain puts it there.
pub fn absent_in_stage(model: &Model<'_>, stage: usize, path: &str) -> bool {
    let Some(facts) = model.stages[stage].facts.as_deref() else { return false };
    facts.find_command(path) == Presence::Absent && !exists_in_stage(model, stage, path)
}

/// The Debian `sys.path` directories of a Python minor (F6).
pub fn debian_syspath_dirs(version: &str) -> [String; 3] {
    [
        format!("/usr/local/lib/python{version}/dist-packages"),
        "/usr/lib/python3/dist-packages".to_owned(),
        format!("/usr/lib/python{version}/dist-packages"),
    ]
}

/// Normalizes an absolute or relative path: no `.` segments, no empty segments, `..` applied, no
/// trailing slash (except `/`).
pub fn normalize(path: &str) -> String {
    if crate::util::is_normal_path(path) {
        return path.to_owned();
    }
    crate::util::resolve_segments(path, path.starts_with('/'))
}

/// `path` made absolute against the directory `base`.
pub fn absolute(base: &str, path: &str) -> String {
    if path.starts_with('/') {
        return normalize(path);
    }
    let mut joined = String::with_capacity(base.len() + 1 + path.len());
    joined.push_str(base);
    joined.push('/');
    joined.push_str(path);
    if crate::util::is_normal_path(&joined) { joined } else { normalize(&joined) }
}

/// Whether the copy source `src` (possibly a glob) covers `path`: it is `path` or a directory above it.
pub fn covers(src: &str, path: &str) -> bool {
    if src.bytes().any(|b| b == b'*' || b == b'?') {
        let depth = src.matches('/').count();
        let prefix: String = path.split_inclusive('/').take(depth + 1).collect::<String>();
        return glob_match(src, prefix.trim_end_matches('/'));
    }
    src == "/" || path == src || path.strip_prefix(src).is_some_and(|rest| rest.starts_with('/'))
}

/// Where `path` (under the copy source `src`) lands when `src` is copied to `dest`.
pub fn map_path(src: &str, dest: &str, path: &str) -> Option<String> {
    if src.bytes().any(|b| b == b'*' || b == b'?') {
        let depth = src.matches('/').count();
        let rest: String = path.split_inclusive('/').skip(depth + 1).collect();
        return Some(if rest.is_empty() { dest.to_owned() } else { normalize(&format!("{dest}/{rest}")) });
    }
    let rest = if src == "/" { path } else { path.strip_prefix(src)? };
    Some(normalize(&format!("{dest}{rest}")))
}

/// The runtime site directory when the source `src` is the site directory `site` or lies inside it:
/// the destination, minus the part of `src` below `site` when the destination ends with it.
fn partial_site(src: &str, site: &str, dest: Option<&str>) -> Option<String> {
    let dest = dest?;
    if src == site {
        return Some(dest.to_owned());
    }
    let rest = src.strip_prefix(site)?;
    dest.strip_suffix(rest).map(|d| if d.is_empty() { "/".to_owned() } else { d.to_owned() })
}

/// The `site-packages` or `dist-packages` directory a path is in or is: the path up to that segment.
pub fn site_dir_in(path: &str) -> Option<String> {
    let mut end = 0;
    for segment in crate::util::split_byte(path, b'/') {
        end += segment.len();
        if segment == "site-packages" || segment == "dist-packages" {
            return Some(path[..end].to_owned());
        }
        end += 1;
    }
    None
}

/// The `X.Y` of a `lib/pythonX.Y` segment in a path.
pub fn version_segment(path: &str) -> Option<&str> {
    let mut previous = "";
    for segment in crate::util::split_byte(path, b'/') {
        if previous == "lib" {
            if let Some(version) = segment.strip_prefix("python").filter(|v| is_minor(v)) {
                return Some(version);
            }
        }
        previous = segment;
    }
    None
}

/// Whether `text` is a Python minor version such as `3.12`.
pub fn is_minor(text: &str) -> bool {
    text.split_once('.').is_some_and(|(major, minor)| {
        !major.is_empty() && !minor.is_empty() && (major.bytes().chain(minor.bytes())).all(|b| b.is_ascii_digit())
    })
}

/// Whether a path segment names a virtual environment: `venv`, `.venv`, `virtualenv`, `myapp-venv`.
pub fn is_venv_segment(segment: &str) -> bool {
    segment.contains("venv") || segment == "virtualenv"
}

/// Whether a directory looks like a virtual environment by name.
pub fn is_venv_like(dir: &str) -> bool {
    dir.rsplit('/').next().is_some_and(is_venv_segment)
}

/// The end of the first venv-named segment of a path.
fn venv_dir_end(path: &str) -> Option<usize> {
    let mut end = 0;
    for segment in crate::util::split_byte(path, b'/') {
        end += segment.len();
        if is_venv_segment(segment) {
            return Some(end);
        }
        end += 1;
    }
    None
}

/// The commands of a stage's `RUN`s that write content into a file (`echo x > f`, `>> f`, `tee f`),
/// as (instruction, command index within its script, target word raw text, literal target).
pub fn content_writes(model: &Model<'_>, instruction: usize) -> Vec<(usize, String, Option<String>)> {
    let mut out = Vec::new();
    for run in model.run_scripts(instruction) {
        for command in run.script.commands() {
            let command = command.effective();
            let empty = is_empty_writer(&command);
            if command.is("tee") {
                for word in command.positionals(&[]) {
                    out.push((command.index(), word.raw().to_owned(), word.literal().map(str::to_owned)));
                }
            }
            if empty {
                continue;
            }
            for redirect in command.redirects() {
                if matches!(
                    redirect.kind(),
                    RedirectKind::Output
                        | RedirectKind::Append
                        | RedirectKind::Clobber
                        | RedirectKind::OutputAll
                        | RedirectKind::AppendAll
                ) && redirect.fd().is_none_or(|fd| fd == 1)
                {
                    let target = redirect.target();
                    out.push((command.index(), target.raw().to_owned(), target.literal().map(str::to_owned)));
                }
            }
        }
    }
    out
}

/// Whether a command writes nothing into the files it redirects to or names: `touch`, `:`,
/// `true`, a bare redirection, `echo`/`echo ""`/`echo -n`, `printf ''`.
pub fn is_empty_writer(command: &Command<'_>) -> bool {
    let Some(name) = command.basename() else { return command.words().is_empty() };
    match name {
        "touch" | ":" | "true" => true,
        "echo" => command.args().iter().all(|w| matches!(w.literal(), Some("" | "-n" | "-e" | "-ne" | "-en"))),
        "printf" => command.args().iter().all(|w| w.literal() == Some("")),
        _ => false,
    }
}

/// Where a `LABEL` sets `key` last, anywhere in the file: its expanded value.
pub fn label_value(model: &Model<'_>, key: &str) -> Option<String> {
    let escape = model.file.escape();
    let mut found = None;
    for (i, ins) in model.instructions().iter().enumerate() {
        if ins.keyword != Keyword::Label {
            continue;
        }
        for pair in ins.args.key_values() {
            if unquote(ins.text(&pair.key), escape) == key {
                found = model.word_value(i, &pair.value).map(Cow::into_owned);
            }
        }
    }
    found
}

/// A stage's image for messages, or `stage <name>` when the image is not known.
pub fn stage_label(model: &Model<'_>, stage: usize) -> String {
    model.image_label(stage).unwrap_or_else(|| format!("stage `{}`", model.stages[stage].label()))
}

/// Upper-cases a name for a marker: `ledger-api` gives `LEDGER_API`.
pub fn marker_name(text: &str) -> String {
    text.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_uppercase() } else { '_' }).collect()
}

/// The instruction `FROM` word of a stage's root (the image as written), when it is literal.
pub fn literal_image_word(model: &Model<'_>, stage: usize) -> Option<(TextRange, String)> {
    let root = model.root(stage);
    let word = root.image?;
    let ins: &Instruction = &model.instructions()[root.from];
    let text = ins.text(&word);
    (!text.contains('$') && ins.line.is_contiguous(word.logical)).then(|| (word.range, text.to_owned()))
}

/// A `python:` builder image rewritten to another Python minor and/or Debian release, keeping its
/// registry, `slim`-ness and name: `python:3.12-slim` to `python:3.11-slim-bookworm`. The profile's
/// `builder.image` is used instead when it is an exact `python:` reference that fits. `None` when
/// the stage's `FROM` is not a literal, tagged, Debian-based `python:` reference, or nothing changes.
pub fn retag_python_builder(
    model: &Model<'_>,
    stage: usize,
    minor: Option<&str>,
    release: Option<u8>,
    profile_image: Option<&str>,
) -> Option<(TextRange, String)> {
    use crate::images::{ImageRef, python_tag_info, releases};
    let (range, text) = literal_image_word(model, stage)?;
    let image = ImageRef::parse(&text).ok()?;
    if image.official_name() != Some("python") || image.digest.is_some() {
        return None;
    }
    let info = python_tag_info(image.tag.as_deref()?)?;
    if info.alpine || info.windows {
        return None;
    }
    let minor = minor.or(info.minor.as_deref())?;
    let codename = match release {
        Some(number) => Some(releases::debian_release(number)?.codename),
        None => info.codename,
    };
    if let Some(wanted) = profile_image.filter(|p| !p.contains(['*', '?'])) {
        let fits = ImageRef::parse(wanted).ok().filter(|r| r.official_name() == Some("python")).and_then(|r| {
            let tag = python_tag_info(r.tag.as_deref()?)?;
            Some(tag.minor.as_deref() == Some(minor) && release.is_none_or(|n| tag.debian == Some(n)))
        });
        if fits == Some(true) {
            return (wanted != text).then(|| (range, wanted.to_owned()));
        }
    }
    let slim = if info.slim { "-slim" } else { "" };
    let codename = codename.map(|c| format!("-{c}")).unwrap_or_default();
    let colon = text.rfind(':')?;
    let new = format!("{}{minor}{slim}{codename}", &text[..=colon]);
    (new != text).then_some((range, new))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::Settings;

    fn analyse(text: &str, f: impl FnOnce(&Model<'_>, &Packaging)) {
        let file = distrolint_syntax::parse(text);
        let settings = Settings::default();
        let model = Model::new(&file, &settings);
        let packaging = Packaging::new(&model);
        f(&model, &packaging);
    }

    #[test]
    fn paths() {
        assert_eq!(normalize("/a//b/./c/../d/"), "/a/b/d");
        assert_eq!(absolute("/app", "./x/.."), "/app");
        assert!(covers("/root/.local", "/root/.local/lib/python3.11/site-packages"));
        assert!(!covers("/root/.loc", "/root/.local"));
        assert!(covers("/root/.local/lib/python3.*/site-packages", "/root/.local/lib/python3.11/site-packages"));
        assert_eq!(map_path("/install", "/usr/local", "/install/lib/x").as_deref(), Some("/usr/local/lib/x"));
        assert_eq!(
            site_dir_in("/a/lib/python3.11/site-packages/pkg").as_deref(),
            Some("/a/lib/python3.11/site-packages")
        );
        assert_eq!(version_segment("/usr/local/lib/python3.12/site-packages"), Some("3.12"));
        assert_eq!(version_segment("/app/python3.12/x"), None);
    }

    #[test]
    fn pip_locations_and_venvs() {
        let text = "FROM python:3.12-slim-bookworm AS b\nWORKDIR /app\nRUN python -m venv /opt/venv\nENV PATH=\"/opt/venv/bin:$PATH\"\nRUN pip install -r r.txt && pip install -e .\nRUN pip install --user x && pip install --target=deps y && python3 -m pip install --prefix /install z\nRUN cd /src && . /venv2/bin/activate && pip wheel -w /wheels .\n";
        analyse(text, |_, p| {
            assert_eq!(p.venvs.len(), 1);
            assert_eq!(p.venvs[0].dir, "/opt/venv");
            assert_eq!(p.venvs[0].interpreter.as_deref(), Some("/usr/local/bin/python"));
            let kinds: Vec<_> = p.pips.iter().map(|c| c.location.as_ref().map(|l| (l.kind, l.root.as_str()))).collect();
            assert_eq!(
                kinds,
                [
                    Some((LocationKind::Venv, "/opt/venv")),
                    Some((LocationKind::Venv, "/opt/venv")),
                    Some((LocationKind::User, "/root/.local")),
                    Some((LocationKind::Target, "/app/deps")),
                    Some((LocationKind::Prefix, "/install")),
                    Some((LocationKind::Wheels, "/wheels")),
                ]
            );
            assert_eq!(p.pips[1].editables[0].source.as_deref(), Some("/app"));
            assert_eq!(
                p.pips[2].location.as_ref().unwrap().site_packages.as_deref(),
                Some("/root/.local/lib/python3.12/site-packages")
            );
        });
    }

    #[test]
    fn copies_are_classified() {
        let text = "FROM python:3.11-slim AS b\nRUN pip install --user x\nRUN pip install --prefix=/install y\nFROM gcr.io/distroless/python3-debian12\nCOPY --from=b /root/.local/lib/python3.11/site-packages /usr/local/lib/python3.11/site-packages\nCOPY --from=b /install /usr/local\nCOPY --from=b /root/.local/bin /usr/local/bin\nCOPY --from=b /app/.venv /app/.venv\nCOPY --from=b /usr/local /usr/local\n";
        analyse(text, |_, p| {
            let found: Vec<_> =
                p.copies.iter().map(|c| (c.copied, c.runtime_site.as_deref(), c.version.as_deref())).collect();
            assert_eq!(
                found,
                [
                    (
                        Copied::Packages(LocationKind::User),
                        Some("/usr/local/lib/python3.11/site-packages"),
                        Some("3.11")
                    ),
                    (
                        Copied::Packages(LocationKind::Prefix),
                        Some("/usr/local/lib/python3.11/site-packages"),
                        Some("3.11")
                    ),
                    (Copied::Venv, None, Some("3.11")),
                    (
                        Copied::Packages(LocationKind::Global),
                        Some("/usr/local/lib/python3.11/site-packages"),
                        Some("3.11")
                    ),
                ]
            );
            assert_eq!(p.copies[2].interpreter.as_deref(), Some("/usr/local/bin/python3.11"));
        });
    }

    #[test]
    fn env_values_see_the_image() {
        let text =
            "FROM gcr.io/distroless/python3-debian12\nENV PATH=$PATH:/opt/venv/bin\nENV PYTHONPATH=/app\nRUN [\"x\"]\n";
        analyse(text, |m, _| {
            assert_eq!(
                env_value(m, 0, 3, "PATH").as_deref(),
                Some("/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/opt/venv/bin")
            );
            assert_eq!(env_value(m, 0, 3, "PYTHONPATH").as_deref(), Some("/app"));
            assert_eq!(env_value(m, 0, 1, "PYTHONPATH").as_deref(), Some(""));
            assert_eq!(workdir_at(m, 3).as_deref(), Some("/"));
        });
    }
}
