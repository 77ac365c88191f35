//! The rule framework: metadata declared once per rule, and the context a rule reports through.

use std::collections::BTreeMap;

use distrolint_syntax::{Dockerfile, TextRange};
use serde::de::DeserializeOwned;

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Model;
use crate::settings::{OptionValue, Settings};

/// Whether a rule can offer fixes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FixAvailability {
    /// Never.
    None,
    /// For some findings.
    Sometimes,
    /// For every finding.
    Always,
}

impl FixAvailability {
    /// The name used in docs and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            FixAvailability::None => "none",
            FixAvailability::Sometimes => "sometimes",
            FixAvailability::Always => "always",
        }
    }
}

/// Whether a rule runs without configuration.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Enablement {
    /// Runs by default.
    On,
    /// Runs only when enabled in config or by a profile.
    Off,
}

/// A rule's metadata, declared once with [`declare_rule!`](crate::declare_rule) and used by
/// the registry, config validation, docs, `distrolint rule`, the LSP and the wasm `rules()`.
#[derive(Debug)]
pub struct RuleMeta {
    /// Primary code: `DX101`, or hadolint's `DL3025` when the rule checks the same thing.
    pub code: &'static str,
    /// Kebab-case name that describes the problem.
    pub name: &'static str,
    /// Other names accepted in config and suppressions (BuildKit, Checkov, Trivy ids, old names).
    pub aliases: &'static [&'static str],
    /// BuildKit's check name, when the rule is one of BuildKit's build checks.
    pub buildkit: Option<&'static str>,
    /// Default severity.
    pub severity: Severity,
    /// Whether fixes exist.
    pub fix: FixAvailability,
    /// The version that introduced the rule.
    pub since: &'static str,
    /// Whether it runs without configuration.
    pub default: Enablement,
    /// Whether inline comments may suppress it.
    pub suppressible: bool,
    /// The rustdoc of the rule struct, as Markdown (one leading space per line).
    pub docs_raw: &'static str,
    /// Checks the options a config gives the rule; `None` when the rule takes none.
    pub options: Option<OptionsCheck>,
}

/// Checks a rule's options table, describing the first problem.
pub type OptionsCheck = fn(&BTreeMap<String, OptionValue>) -> Result<(), String>;

/// Codes are unique, so a rule is its code.
impl PartialEq for RuleMeta {
    fn eq(&self, other: &Self) -> bool {
        self.code == other.code
    }
}

impl Eq for RuleMeta {}

/// Where the rule documentation lives.
pub const DOCS_URL: &str = "https://github.com/distrolint/distrolint/blob/main/docs/rules";

impl RuleMeta {
    /// Defaults for the optional fields of [`declare_rule!`](crate::declare_rule).
    pub const DEFAULT: RuleMeta = RuleMeta {
        code: "",
        name: "",
        aliases: &[],
        buildkit: None,
        severity: Severity::Warning,
        fix: FixAvailability::None,
        since: "0.1.0",
        default: Enablement::On,
        suppressible: true,
        docs_raw: "",
        options: None,
    };

    /// The documentation as Markdown.
    pub fn docs(&self) -> String {
        let mut out = String::with_capacity(self.docs_raw.len());
        for line in self.docs_raw.lines() {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
        out
    }

    /// The first paragraph of the docs after "What it does", as one line.
    pub fn summary(&self) -> String {
        let docs = self.docs();
        let mut lines = docs.lines().skip_while(|l| !l.starts_with("## What it does")).skip(1);
        let mut summary = String::new();
        for line in lines.by_ref() {
            if line.trim().is_empty() {
                if summary.is_empty() {
                    continue;
                }
                break;
            }
            if line.starts_with('#') {
                break;
            }
            if !summary.is_empty() {
                summary.push(' ');
            }
            summary.push_str(line.trim());
        }
        summary
    }

    /// The rule's documentation page in Markdown: a header line with severity, fix, default,
    /// version and aliases, then the docs. `distrolint rule`, `docs/rules/<code>.md` and the
    /// editors show this same text.
    pub fn page(&self) -> String {
        let mut aliases: Vec<&str> = self.buildkit.into_iter().chain(self.aliases.iter().copied()).collect();
        aliases.dedup();
        let default = if self.default == Enablement::On { "on" } else { "off (enable in config or a profile)" };
        let mut s = format!(
            "# {} `{}`\n\nSeverity: {} · Fix: {} · Default: {} · Since: {}",
            self.code,
            self.name,
            self.severity,
            self.fix.as_str(),
            default,
            self.since
        );
        if !aliases.is_empty() {
            s.push_str(" · Aliases: ");
            s.push_str(&aliases.join(", "));
        }
        s.push_str("\n\n");
        s.push_str(&self.docs());
        s
    }

    /// The URL of the rule's documentation page.
    pub fn url(&self) -> String {
        format!("{DOCS_URL}/{}.md", self.code)
    }

    /// Whether `key` names this rule: its code, name, BuildKit name or an alias (case-insensitive,
    /// except BuildKit names, which `# check=skip=` matches exactly; callers handle that).
    pub fn matches(&self, key: &str) -> bool {
        self.code.eq_ignore_ascii_case(key)
            || self.name.eq_ignore_ascii_case(key)
            || self.buildkit.is_some_and(|b| b.eq_ignore_ascii_case(key))
            || self.aliases.iter().any(|a| a.eq_ignore_ascii_case(key))
    }
}

/// Declares a rule struct and its [`RuleMeta`]. The rustdoc becomes the rule's documentation.
///
/// ```ignore
/// declare_rule! {
///     /// ## What it does
///     /// ...
///     pub CdInRun { code: "DL3003", name: "cd-in-run", severity: Warning, fix: Sometimes }
/// }
/// ```
#[macro_export]
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        $vis:vis $rule:ident { $($field:ident : $value:expr),* $(,)? }
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Default, Clone, Copy)]
        $vis struct $rule;

        impl $rule {
            /// The rule's metadata.
            pub const META: $crate::RuleMeta = {
                #[allow(unused_imports)]
                use $crate::Severity::*;
                #[allow(unused_imports)]
                use $crate::FixAvailability::{Always, Sometimes};
                #[allow(unused_imports)]
                use $crate::Enablement::{Off, On};
                $crate::RuleMeta {
                    docs_raw: {
                        #[cfg(feature = "docs")]
                        let docs = concat!($($doc, "\n"),*);
                        #[cfg(not(feature = "docs"))]
                        let docs = "";
                        docs
                    },
                    $($field: $value,)*
                    ..$crate::RuleMeta::DEFAULT
                }
            };
        }
    };
}

/// A rule: reads the model, reports diagnostics.
pub trait Rule {
    /// Runs the rule over one file.
    fn check(&self, ctx: &mut LintContext<'_>);
}

/// What a rule sees, and how it reports.
pub struct LintContext<'a> {
    /// The parsed file.
    pub file: &'a Dockerfile,
    /// The semantic model.
    pub model: &'a Model<'a>,
    /// The settings, with the profile.
    pub settings: &'a Settings,
    pub(crate) rule: &'static RuleMeta,
    pub(crate) severity: Severity,
    pub(crate) severity_fixed: bool,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

impl LintContext<'_> {
    /// Reports a finding at `range` with the rule's effective severity.
    pub fn report(&mut self, range: TextRange, message: impl Into<String>) -> &mut Diagnostic {
        let severity = self.severity;
        self.report_with(range, severity, message)
    }

    /// Reports a finding with a severity chosen by the rule (for rules whose severity depends on
    /// the case). A severity configured by the user still wins.
    pub fn report_with(&mut self, range: TextRange, severity: Severity, message: impl Into<String>) -> &mut Diagnostic {
        let severity = if self.severity_fixed { self.severity } else { severity };
        self.diagnostics.push(Diagnostic {
            rule: self.rule,
            range,
            severity,
            message: message.into(),
            fix: None,
            related: Vec::new(),
            alternatives: Vec::new(),
        });
        self.diagnostics.last_mut().expect("just pushed")
    }

    /// The rule's options from `[rules."<name>"]`, or the defaults.
    pub fn options<T: DeserializeOwned + Default>(&self) -> T {
        self.settings.rule_options(self.rule)
    }

    /// The source text.
    pub fn text(&self) -> &str {
        self.file.text()
    }

    /// The rule being run.
    pub fn rule(&self) -> &'static RuleMeta {
        self.rule
    }
}
