//! `cargo xtask generate [--check]`: writes the files derived from the code, or with `--check`
//! fails when a committed one is stale.
//!
//! Each generated file is one entry of [`GENERATED`]: a path relative to the repository root and a
//! function that renders it. Add new generators (rule docs, the README table) there.

mod schema;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// A generated file: its path from the repository root, and what it should contain.
struct Generated {
    path: &'static str,
    render: fn() -> String,
}

/// Every generated file.
const GENERATED: &[Generated] = &[
    Generated { path: "distrolint.schema.json", render: schema::config_schema },
    Generated { path: "distrolint-profile.schema.json", render: schema::profile_schema },
];

/// The repository root (two levels above this crate).
fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The generated files whose committed content differs from what the code renders.
fn stale(root: &Path) -> Vec<&'static str> {
    GENERATED
        .iter()
        .filter(|g| std::fs::read_to_string(root.join(g.path)).ok().as_deref() != Some((g.render)().as_str()))
        .map(|g| g.path)
        .collect()
}

fn generate(root: &Path) -> std::io::Result<Vec<&'static str>> {
    let mut written = Vec::new();
    for g in GENERATED {
        let content = (g.render)();
        let path = root.join(g.path);
        if std::fs::read_to_string(&path).ok().as_deref() != Some(content.as_str()) {
            std::fs::write(&path, content)?;
            written.push(g.path);
        }
    }
    Ok(written)
}

#[allow(clippy::print_stderr)]
fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = repo_root();
    match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["generate"] => match generate(&root) {
            Ok(written) => {
                for path in written {
                    eprintln!("wrote {path}");
                }
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
        ["generate", "--check"] => {
            let stale = stale(&root);
            if stale.is_empty() {
                return ExitCode::SUCCESS;
            }
            for path in stale {
                eprintln!("{path} is stale: run `cargo xtask generate`");
            }
            ExitCode::FAILURE
        }
        _ => {
            eprintln!("usage: cargo xtask generate [--check]");
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The committed generated files match the code. Run `cargo xtask generate` after changing the
    /// configuration types (or anything else a generator reads).
    #[test]
    fn generated_files_are_fresh() {
        let stale = stale(&repo_root());
        assert!(stale.is_empty(), "stale generated files: {stale:?}; run `cargo xtask generate`");
    }
}
