//! Command-line arguments.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// A Dockerfile linter that knows what is inside each stage's base image.
#[derive(Debug, Parser)]
#[command(name = "distrolint", version, about, long_about = None, propagate_version = true)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Lint Dockerfiles (files, directories, or `-` for standard input).
    Check(CheckArgs),
    /// Run the language server over standard input and output.
    Server,
    /// Print the documentation of a rule.
    Rule {
        /// A rule code or name, such as `DX101` or `shell-form-in-shellless-stage`.
        rule: String,
    },
    /// List every rule.
    Rules {
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// Human-readable, rustc-style, with the source snippet.
    Text,
    /// One JSON document per run.
    Json,
}

/// The lowest severity that makes the exit code 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum FailOn {
    /// Errors only.
    Error,
    /// Warnings and errors.
    Warning,
    /// Infos, warnings and errors.
    Info,
    /// Any finding, hints included.
    Hint,
    /// Never exit 1 for findings.
    Never,
}

#[derive(Debug, clap::Args)]
pub(crate) struct CheckArgs {
    /// Files or directories to lint; `-` reads standard input. Defaults to the current directory.
    pub(crate) paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub(crate) format: Format,
    /// Apply safe fixes in place.
    #[arg(long)]
    pub(crate) fix: bool,
    /// Also apply unsafe fixes (with `--fix` or `--diff`; alone it implies `--fix`).
    #[arg(long)]
    pub(crate) unsafe_fixes: bool,
    /// Print the fixes as a unified diff and write nothing.
    #[arg(long, conflicts_with = "fix")]
    pub(crate) diff: bool,
    /// Exit with 1 when there are findings at or above this severity.
    #[arg(long, value_enum, default_value_t = FailOn::Warning)]
    pub(crate) fail_on: FailOn,
    /// Only run these rules (codes, names, aliases or code prefixes such as `DX1`), comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub(crate) select: Vec<String>,
    /// Do not run these rules (codes, names, aliases or code prefixes), comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub(crate) ignore: Vec<String>,
    /// Use this config file instead of the nearest `distrolint.toml`.
    #[arg(long, conflicts_with = "no_config")]
    pub(crate) config: Option<PathBuf>,
    /// Ignore every config file.
    #[arg(long)]
    pub(crate) no_config: bool,
    /// A built-in profile (`lucid`) or a profile TOML file; overrides the config's profile.
    #[arg(long)]
    pub(crate) profile: Option<String>,
    /// The file name to use for standard input (for messages and config discovery).
    #[arg(long)]
    pub(crate) stdin_filename: Option<PathBuf>,
}
