//! `cargo xtask generate [--check]`: writes the files derived from the code, or with `--check`
//! fails when a committed one is stale.
//!
//! Each generated file is one entry of [`GENERATED`]: a path relative to the repository root and a
//! function that renders it. Add new generators (rule docs, the README table) there.

mod docs;
mod schema;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// A generator: the files it writes, as paths from the repository root and their content.
type Generator = fn(&Path) -> Vec<(String, String)>;

/// Every generator.
const GENERATED: &[Generator] = &[
    |_| vec![("distrolint.schema.json".to_owned(), schema::config_schema())],
    |_| vec![("distrolint-profile.schema.json".to_owned(), schema::profile_schema())],
    |_| docs::rule_pages(),
    |_| docs::index(),
    docs::readme,
];

/// Directories whose every file is generated: a file there that no generator writes is stale.
const GENERATED_DIRS: &[&str] = &["docs/rules"];

/// The repository root (two levels above this crate).
fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn rendered(root: &Path) -> Vec<(String, String)> {
    GENERATED.iter().flat_map(|g| g(root)).collect()
}

/// Files in generated directories that no generator writes any more.
fn leftovers(root: &Path, files: &[(String, String)]) -> Vec<String> {
    let mut out = Vec::new();
    for dir in GENERATED_DIRS {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else { continue };
        for entry in entries.flatten() {
            let path = format!("{dir}/{}", entry.file_name().to_string_lossy());
            if !files.iter().any(|(p, _)| *p == path) {
                out.push(path);
            }
        }
    }
    out
}

/// The generated files whose committed content differs from what the code renders, and leftovers.
fn stale(root: &Path) -> Vec<String> {
    let files = rendered(root);
    let mut stale: Vec<String> = files
        .iter()
        .filter(|(path, content)| std::fs::read_to_string(root.join(path)).ok().as_deref() != Some(content.as_str()))
        .map(|(path, _)| path.clone())
        .collect();
    stale.extend(leftovers(root, &files));
    stale
}

fn generate(root: &Path) -> std::io::Result<Vec<String>> {
    let files = rendered(root);
    let mut written = Vec::new();
    for (path, content) in &files {
        let full = root.join(path);
        if std::fs::read_to_string(&full).ok().as_deref() != Some(content.as_str()) {
            if let Some(parent) = full.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(&full, content)?;
            written.push(path.clone());
        }
    }
    for path in leftovers(root, &files) {
        std::fs::remove_file(root.join(&path))?;
        written.push(format!("{path} (removed)"));
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
