//! `distrolint check`: find files, resolve their settings, lint (and fix) them in parallel,
//! report, and choose the exit code.

use std::cell::OnceCell;
use std::collections::HashMap;
use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use distrolint_linter::discovery::{ConfigIndex, load_config};
use distrolint_linter::syntax::LineIndex;
use distrolint_linter::{Applicability, Diagnostic, Settings, Severity};
use rayon::prelude::*;

use crate::args::{CheckArgs, FailOn, Format};
use crate::exit;
use crate::files::{self, Input};
use crate::fsio::{OsFs, write_atomic};
use crate::render;

/// Files larger than this are not linted.
const MAX_FILE_BYTES: usize = 256 * 1024 * 1024;

/// What to do with each file.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    Check,
    Fix,
    Diff,
}

/// One file's outcome.
pub(crate) struct FileReport {
    /// The path as given or found.
    pub(crate) display: String,
    /// The text that the diagnostics refer to.
    pub(crate) text: String,
    /// Its line index, built only when a diagnostic is rendered.
    index: OnceCell<LineIndex>,
    /// Why the file could not be linted.
    pub(crate) error: Option<String>,
    /// Remaining diagnostics.
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// Things the user should know that are not findings (a refused fix).
    pub(crate) notes: Vec<String>,
    /// Fixes applied (or, with `--diff`, that would be).
    pub(crate) fixed: usize,
    /// The unified diff, with `--diff`.
    pub(crate) diff: Option<String>,
    /// The fixed text of standard input, printed instead of written.
    pub(crate) stdout_text: Option<String>,
}

impl FileReport {
    /// The line index of the text.
    pub(crate) fn index(&self) -> &LineIndex {
        self.index.get_or_init(|| LineIndex::new(&self.text))
    }

    fn failed(display: String, error: String) -> Self {
        FileReport {
            display,
            text: String::new(),
            index: OnceCell::new(),
            error: Some(error),
            diagnostics: Vec::new(),
            notes: Vec::new(),
            fixed: 0,
            diff: None,
            stdout_text: None,
        }
    }
}

struct Job {
    input: Input,
    settings: Arc<Settings>,
}

/// Runs `distrolint check`; returns the exit code.
pub(crate) fn run(args: &CheckArgs) -> u8 {
    let mode = if args.diff {
        Mode::Diff
    } else if args.fix || args.unsafe_fixes {
        Mode::Fix
    } else {
        Mode::Check
    };
    let min = if args.unsafe_fixes { Applicability::Unsafe } else { Applicability::Safe };
    let inputs = files::collect(&args.paths, args.stdin_filename.as_deref());
    if inputs.iter().filter(|i| matches!(i, Input::Stdin { .. })).count() > 1 {
        return usage_error("`-` (standard input) can be given only once");
    }
    let jobs = match resolve_settings(args, inputs) {
        Ok(jobs) => jobs,
        Err(message) => return usage_error(&message),
    };
    let mut stdin_text = None;
    if jobs.iter().any(|j| matches!(j.input, Input::Stdin { .. })) {
        let mut bytes = Vec::new();
        if let Err(e) = io::stdin().read_to_end(&mut bytes) {
            return usage_error(&format!("cannot read standard input: {e}"));
        }
        stdin_text = Some(bytes);
    }
    let reports: Vec<FileReport> =
        jobs.into_par_iter().map(|job| process(&job, mode, min, stdin_text.as_deref())).collect();
    report(args, mode, &reports)
}

fn usage_error(message: &str) -> u8 {
    let _ = writeln!(io::stderr(), "distrolint: error: {message}");
    exit::TROUBLE
}

/// The settings every file gets, before per-file config discovery.
fn resolve_settings(args: &CheckArgs, inputs: Vec<Input>) -> Result<Vec<Job>, String> {
    let fixed: Option<Arc<Settings>> = if args.no_config {
        Some(Arc::new(Settings::default()))
    } else if let Some(path) = &args.config {
        Some(load_config(&OsFs, path).map(Arc::new).map_err(|e| e.message)?)
    } else {
        None
    };
    let mut index = ConfigIndex::new();
    // Config file (or none) → settings with the command-line overrides applied.
    let mut overridden: HashMap<Option<PathBuf>, Arc<Settings>> = HashMap::new();
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let mut jobs = Vec::with_capacity(inputs.len());
    for input in inputs {
        let dir = match &input {
            Input::File { path, .. } => absolute(&cwd, path).parent().map(Path::to_path_buf),
            Input::Stdin { name: Some(name), .. } => absolute(&cwd, name).parent().map(Path::to_path_buf),
            Input::Stdin { name: None, .. } => Some(cwd.clone()),
            Input::Missing { .. } => None,
        };
        let (key, base) = match (&fixed, dir) {
            (Some(settings), _) => (None, Arc::clone(settings)),
            (None, Some(dir)) => match index.config_for_dir(&OsFs, &dir) {
                Some(config) => {
                    let settings = index.load(&OsFs, &config).map_err(|e| e.message)?;
                    (Some(config), settings)
                }
                None => (None, Arc::new(Settings::default())),
            },
            (None, None) => (None, Arc::new(Settings::default())),
        };
        let settings = match overridden.get(&key) {
            Some(settings) => Arc::clone(settings),
            None => {
                let settings = Arc::new(apply_overrides(args, &base)?);
                overridden.insert(key, Arc::clone(&settings));
                settings
            }
        };
        jobs.push(Job { input, settings });
    }
    Ok(jobs)
}

fn absolute(cwd: &Path, path: &Path) -> PathBuf {
    if path.is_absolute() { path.to_path_buf() } else { cwd.join(path) }
}

fn apply_overrides(args: &CheckArgs, base: &Settings) -> Result<Settings, String> {
    let mut settings = base.clone();
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    settings.today = Some(distrolint_linter::util::civil_date(now as i64));
    if let Some(profile) = &args.profile {
        let load = |path: &str| std::fs::read_to_string(path).map_err(|e| e.to_string());
        settings.set_profile(profile, &load).map_err(|e| e.message)?;
    }
    settings.apply_selection(&args.select, &args.ignore).map_err(|e| e.message)?;
    Ok(settings)
}

fn process(job: &Job, mode: Mode, min: Applicability, stdin: Option<&[u8]>) -> FileReport {
    let (display, bytes) = match &job.input {
        Input::Missing { display, error } => return FileReport::failed(display.clone(), error.clone()),
        Input::Stdin { display, .. } => (display.clone(), stdin.unwrap_or_default().to_vec()),
        Input::File { path, display } => match std::fs::read(path) {
            Ok(bytes) => (display.clone(), bytes),
            Err(e) => return FileReport::failed(display.clone(), format!("cannot read the file: {e}")),
        },
    };
    if bytes.len() > MAX_FILE_BYTES {
        return FileReport::failed(
            display,
            format!("the file is {} MiB, over the 256 MiB limit; not linted", bytes.len() >> 20),
        );
    }
    if bytes.contains(&0) {
        return FileReport::failed(
            display,
            "the file contains NUL bytes, so it is binary, not a Dockerfile; not linted".to_owned(),
        );
    }
    let valid_utf8 = std::str::from_utf8(&bytes).is_ok();
    let result = distrolint_linter::lint_bytes(&bytes, &job.settings);
    let mut report = FileReport {
        display,
        index: OnceCell::new(),
        text: result.file.into_text(),
        error: None,
        diagnostics: result.diagnostics,
        notes: Vec::new(),
        fixed: 0,
        diff: None,
        stdout_text: None,
    };
    if mode == Mode::Check {
        return report;
    }
    if !valid_utf8 {
        report
            .notes
            .push("not fixed: the file is not valid UTF-8, and writing it back would change its bytes".to_owned());
        return report;
    }
    let fixed = distrolint_linter::fix(&report.text, &job.settings, min);
    if fixed.fixed == 0 || fixed.text == report.text {
        return report;
    }
    match mode {
        Mode::Diff => {
            report.diff = Some(render::unified_diff(&report.display, &report.text, &fixed.text));
            report.fixed = fixed.fixed;
        }
        Mode::Fix => {
            let write = match &job.input {
                Input::File { path, .. } => write_atomic(path, &fixed.text),
                _ => {
                    report.stdout_text = Some(fixed.text.clone());
                    Ok(())
                }
            };
            match write {
                Ok(()) => {
                    report.fixed = fixed.fixed;
                    let relinted = distrolint_linter::lint(&fixed.text, &job.settings);
                    report.diagnostics = relinted.diagnostics;
                    report.index = OnceCell::new();
                    report.text = fixed.text;
                }
                Err(e) => report.error = Some(format!("cannot write the fixes: {e}; the file was left unchanged")),
            }
        }
        Mode::Check => {}
    }
    report
}

fn threshold(fail_on: FailOn) -> Option<Severity> {
    match fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Info => Some(Severity::Info),
        FailOn::Hint => Some(Severity::Hint),
        FailOn::Never => None,
    }
}

fn report(args: &CheckArgs, mode: Mode, reports: &[FileReport]) -> u8 {
    let stdout = io::stdout();
    let color = stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let mut out = stdout.lock();
    let mut err = io::stderr().lock();
    let _ = match (args.format, mode) {
        (Format::Json, _) => render::json(&mut out, reports),
        (Format::Text, Mode::Diff) => render::diffs(&mut out, &mut err, reports),
        (Format::Text, _) => {
            for report in reports {
                if let Some(text) = &report.stdout_text {
                    let _ = out.write_all(text.as_bytes());
                }
            }
            // With fixed standard input on stdout, findings go to stderr.
            if reports.iter().any(|r| r.stdout_text.is_some()) {
                render::text(&mut err, &mut io::sink(), reports, false, mode)
            } else {
                render::text(&mut out, &mut err, reports, color, mode)
            }
        }
    };
    let _ = out.flush();
    if reports.iter().any(|r| r.error.is_some()) {
        return exit::TROUBLE;
    }
    if mode == Mode::Diff {
        return if reports.iter().any(|r| r.diff.is_some()) { exit::FINDINGS } else { exit::CLEAN };
    }
    let failing = threshold(args.fail_on)
        .is_some_and(|min| reports.iter().flat_map(|r| &r.diagnostics).any(|d| d.severity >= min));
    if failing { exit::FINDINGS } else { exit::CLEAN }
}
