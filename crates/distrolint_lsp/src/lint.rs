//! Linting open documents and turning the engine's diagnostics into LSP ones.
//!
//! There is no debounce: a change starts a lint at once. One lint task runs per document. When
//! edits arrive while it runs, they only update the document; when the lint finishes, its result
//! is dropped if the document moved on, and the task lints the newest version. So a burst of
//! edits costs one lint per lint duration, and only current results are published. Publishing
//! happens under [`State::publish`], which `didClose` also takes after removing the document,
//! so nothing is published for a closed document.

use std::collections::HashMap;
use std::path::PathBuf;
use std::str::FromStr;
use std::sync::{Arc, Mutex, OnceLock};

use distrolint_linter::syntax::{Dockerfile, TextRange};
use distrolint_linter::{Applicability, Edit, RuleMeta, Severity};
use serde::{Deserialize, Serialize};
use tower_lsp_server::ls_types::{
    self as lsp, CodeDescription, DiagnosticRelatedInformation, DiagnosticSeverity, Location, MessageType,
    NumberOrString, Position, Range, TextEdit, Uri,
};

use crate::analysis;
use crate::encoding::{LineMap, PositionEncoding};
use crate::session::settings::ClientSettings;
use crate::session::{Snapshot, State};

/// The `source` of every diagnostic.
pub(crate) const SOURCE: &str = "distrolint";

/// The code of the diagnostic that reports a configuration problem.
pub(crate) const CONFIG_CODE: &str = "config";

/// A lint result, converted for one document version.
#[derive(Debug)]
pub(crate) struct LintOutput {
    /// The document version that was linted.
    pub(crate) version: i32,
    /// The settings epoch it was linted with.
    pub(crate) epoch: u64,
    /// The diagnostics, ready to send.
    pub(crate) diagnostics: Vec<lsp::Diagnostic>,
    /// Which rule found what, in bytes, for hover.
    pub(crate) findings: Vec<Finding>,
    /// A configuration problem to show the user.
    pub(crate) problem: Option<String>,
}

/// A finding's place and rule.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Finding {
    /// Where.
    pub(crate) range: TextRange,
    /// Which rule.
    pub(crate) rule: &'static RuleMeta,
}

/// What travels in `Diagnostic.data`: the edits of the fix and of the suppression comment, so
/// that `textDocument/codeAction` needs no new lint.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct DiagnosticData {
    /// The document version the edits apply to.
    pub(crate) version: i32,
    /// The rule's fix.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) fix: Option<FixData>,
    /// The edit that inserts `# distrolint ignore=<code>` above the instruction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) ignore: Option<TextEdit>,
}

/// A fix in LSP terms.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct FixData {
    /// What the fix does.
    pub(crate) title: String,
    /// `safe`, `unsafe` or `display-only`.
    pub(crate) applicability: String,
    /// The edits, sorted and disjoint.
    pub(crate) edits: Vec<TextEdit>,
}

/// Everything a lint needs, taken from the session so the lint runs without its lock.
pub(crate) struct LintJob {
    /// The text to lint.
    pub(crate) snapshot: Arc<Snapshot>,
    /// The settings epoch.
    pub(crate) epoch: u64,
    /// The position encoding.
    pub(crate) encoding: PositionEncoding,
    /// The editor settings for the document.
    pub(crate) editor: ClientSettings,
    /// Where a relative editor profile path starts.
    pub(crate) base: Option<PathBuf>,
    /// Whether the client shows related locations.
    pub(crate) related: bool,
}

impl LintJob {
    /// The job for an open document, or `None` when it is not open (in that generation).
    pub(crate) fn for_document(state: &State, uri: &Uri, generation: Option<u64>) -> Option<LintJob> {
        let session = state.session();
        let document = session.documents.get(uri)?;
        if generation.is_some_and(|g| g != document.generation) {
            return None;
        }
        let (editor, base) = session.editor_settings(uri);
        Some(LintJob {
            snapshot: document.snapshot.clone(),
            epoch: session.epoch,
            encoding: session.encoding,
            editor,
            base,
            related: session.capabilities.related_information,
        })
    }

    /// Lints. Reads configuration files, so call it off the async workers.
    pub(crate) fn run(&self, state: &State) -> LintOutput {
        let snapshot = &self.snapshot;
        let mut output = LintOutput {
            version: snapshot.version,
            epoch: self.epoch,
            diagnostics: Vec::new(),
            findings: Vec::new(),
            problem: None,
        };
        if !self.editor.enable {
            return output;
        }
        let resolved = state.resolve(&snapshot.uri, &self.editor, self.base.as_deref());
        let result = distrolint_linter::lint(&snapshot.text, &resolved.settings);
        let map = snapshot.line_map(self.encoding);
        let convert = Convert { file: &result.file, map, uri: &snapshot.uri, version: snapshot.version };
        if let Some(problem) = &resolved.problem {
            output.diagnostics.push(config_diagnostic(problem));
        }
        for diagnostic in &result.diagnostics {
            output.diagnostics.push(convert.diagnostic(diagnostic, self.related));
            output.findings.push(Finding { range: diagnostic.range, rule: diagnostic.rule });
        }
        output.problem = resolved.problem;
        output
    }
}

/// Starts the lint task that [`Session::claim_lint`](crate::session::Session::claim_lint) claimed.
///
/// Claiming happens under the same lock as the change that makes the lint necessary, so a task
/// that is finishing either sees the change (and lints again) or has already released the
/// document (and a new task starts): never both, never neither.
pub(crate) fn spawn(state: &Arc<State>, uri: Uri, generation: u64) {
    tokio::spawn(lint_loop(state.clone(), uri, generation));
}

/// Starts the lint tasks claimed for several documents.
pub(crate) fn spawn_all(state: &Arc<State>, claimed: Vec<(Uri, u64)>) {
    for (uri, generation) in claimed {
        spawn(state, uri, generation);
    }
}

/// Documents up to this size are linted on the async worker itself (well under a millisecond
/// for a typical file); larger ones on the blocking pool, so they do not hold up other requests.
/// Each thread hop is a wake-up that costs latency on a busy machine.
const INLINE_LIMIT: usize = 256 * 1024;

/// Runs a lint job, catching a panic as an error.
async fn run(state: &Arc<State>, job: LintJob) -> Result<LintOutput, String> {
    if job.snapshot.text.len() <= INLINE_LIMIT {
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| job.run(state)));
        return result.map_err(|_| "the linter panicked".to_owned());
    }
    let worker = state.clone();
    tokio::task::spawn_blocking(move || job.run(&worker)).await.map_err(|e| e.to_string())
}

/// How a finished lint relates to the document.
enum Outcome {
    /// The document was closed (or closed and reopened).
    Gone,
    /// The document or the settings changed while linting.
    Stale,
    /// The result is current.
    Current,
}

async fn lint_loop(state: Arc<State>, uri: Uri, generation: u64) {
    loop {
        if let Some(gate) = &state.options.lint_gate {
            // A closed semaphore means the test is over: lint anyway.
            drop(gate.acquire().await);
        }
        let Some(job) = LintJob::for_document(&state, &uri, Some(generation)) else { return };
        let output = match run(&state, job).await {
            Ok(output) => Arc::new(output),
            Err(error) => {
                finish_failed(&state, &uri, generation);
                let message = format!("distrolint: linting {} failed: {error}", uri.as_str());
                state.client.log_message(MessageType::ERROR, message).await;
                return;
            }
        };
        let publishing = state.publish.lock().await;
        match finish(&state, &uri, generation, &output) {
            Outcome::Gone => return,
            Outcome::Stale => {}
            Outcome::Current => {
                state.client.publish_diagnostics(uri.clone(), output.diagnostics.clone(), Some(output.version)).await;
                drop(publishing);
                if let Some(problem) = &output.problem {
                    show_once(&state, problem).await;
                }
                // The configuration read for this lint may name a profile file to watch.
                crate::watch::sync(&state).await;
                return;
            }
        }
    }
}

fn finish(state: &State, uri: &Uri, generation: u64, output: &Arc<LintOutput>) -> Outcome {
    let mut session = state.session();
    let epoch = session.epoch;
    let Some(document) = session.documents.get_mut(uri).filter(|d| d.generation == generation) else {
        return Outcome::Gone;
    };
    if document.snapshot.version != output.version || epoch != output.epoch {
        return Outcome::Stale;
    }
    document.linting = false;
    document.last = Some(output.clone());
    Outcome::Current
}

fn finish_failed(state: &State, uri: &Uri, generation: u64) {
    let mut session = state.session();
    if let Some(document) = session.documents.get_mut(uri).filter(|d| d.generation == generation) {
        document.linting = false;
    }
}

/// Shows a configuration problem with `window/showMessage`, once per distinct message.
pub(crate) async fn show_once(state: &State, problem: &str) {
    let fresh = state.session().shown.insert(problem.to_owned());
    if fresh {
        state.client.show_message(MessageType::ERROR, format!("distrolint: {problem}")).await;
    }
}

/// The lint result of a document's current version: the cached one, or a new lint.
pub(crate) async fn current(state: &Arc<State>, uri: &Uri) -> Option<Arc<LintOutput>> {
    let job = {
        let session = state.session();
        let document = session.documents.get(uri)?;
        if let Some(last) = &document.last {
            if last.version == document.snapshot.version && last.epoch == session.epoch {
                return Some(last.clone());
            }
        }
        drop(session);
        LintJob::for_document(state, uri, None)?
    };
    let output = Arc::new(run(state, job).await.ok()?);
    let mut session = state.session();
    let epoch = session.epoch;
    if let Some(document) = session.documents.get_mut(uri) {
        if document.snapshot.version == output.version && epoch == output.epoch {
            document.last = Some(output.clone());
        }
    }
    Some(output)
}

/// Converts engine diagnostics of one document version.
pub(crate) struct Convert<'a> {
    /// The parsed document.
    pub(crate) file: &'a Dockerfile,
    /// Its positions.
    pub(crate) map: LineMap<'a>,
    /// Its URI.
    pub(crate) uri: &'a Uri,
    /// Its version.
    pub(crate) version: i32,
}

impl Convert<'_> {
    /// The LSP diagnostic, with the fix and the suppression edit in `data`.
    pub(crate) fn diagnostic(&self, d: &distrolint_linter::Diagnostic, related: bool) -> lsp::Diagnostic {
        let fix = d.fix.as_ref().map(|fix| FixData {
            title: fix.title.clone(),
            applicability: fix.applicability.as_str().to_owned(),
            edits: fix.edits.iter().map(|e| self.edit(e)).collect(),
        });
        let ignore = analysis::ignore_edit(self.file, d).map(|e| self.edit(&e));
        let data = DiagnosticData { version: self.version, fix, ignore };
        lsp::Diagnostic {
            range: self.map.range(d.range),
            severity: Some(severity(d.severity)),
            code: Some(NumberOrString::String(d.code().to_owned())),
            code_description: rule_url(d.rule).map(|href| CodeDescription { href }),
            source: Some(SOURCE.to_owned()),
            message: d.message.clone(),
            related_information: (related && !d.related.is_empty()).then(|| {
                d.related
                    .iter()
                    .map(|r| DiagnosticRelatedInformation {
                        location: Location::new(self.uri.clone(), self.map.range(r.range)),
                        message: r.message.clone(),
                    })
                    .collect()
            }),
            tags: None,
            data: serde_json::to_value(data).ok(),
        }
    }

    /// An engine edit as an LSP text edit.
    pub(crate) fn edit(&self, edit: &Edit) -> TextEdit {
        TextEdit::new(self.map.range(edit.range), edit.content.clone())
    }
}

/// The documentation URL of a rule, parsed once per rule.
fn rule_url(rule: &'static RuleMeta) -> Option<Uri> {
    static URLS: OnceLock<Mutex<HashMap<&'static str, Option<Uri>>>> = OnceLock::new();
    let mut urls = URLS.get_or_init(Mutex::default).lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    urls.entry(rule.code).or_insert_with(|| Uri::from_str(&rule.url()).ok()).clone()
}

/// The diagnostic that shows a configuration problem at the top of the document.
fn config_diagnostic(problem: &str) -> lsp::Diagnostic {
    lsp::Diagnostic {
        range: Range::new(Position::new(0, 0), Position::new(0, 0)),
        severity: Some(DiagnosticSeverity::ERROR),
        code: Some(NumberOrString::String(CONFIG_CODE.to_owned())),
        source: Some(SOURCE.to_owned()),
        message: problem.to_owned(),
        ..lsp::Diagnostic::default()
    }
}

/// The LSP severity of an engine severity.
pub(crate) fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Hint => DiagnosticSeverity::HINT,
        Severity::Info => DiagnosticSeverity::INFORMATION,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Error => DiagnosticSeverity::ERROR,
    }
}

/// Whether a fix's applicability (as sent in [`FixData`]) is safe.
pub(crate) fn is_safe(applicability: &str) -> bool {
    applicability == Applicability::Safe.as_str()
}
