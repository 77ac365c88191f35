//! Turning command-line paths into the files to lint.

use std::path::{Path, PathBuf};

/// One thing to lint.
#[derive(Debug, Clone)]
pub(crate) enum Input {
    /// A file, with the path to display.
    File { path: PathBuf, display: String },
    /// Standard input, with the path to display and to use for config discovery.
    Stdin { display: String, name: Option<PathBuf> },
    /// A path that could not be used, with the reason.
    Missing { display: String, error: String },
}

/// Whether a file name is one of the Dockerfile names the walk picks up. `Dockerfile.dockerignore`
/// (BuildKit's ignore file for one Dockerfile) is not a Dockerfile.
pub(crate) fn is_dockerfile_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".dockerignore") {
        return false;
    }
    lower == "dockerfile"
        || lower == "containerfile"
        || lower.starts_with("dockerfile.")
        || lower.starts_with("containerfile.")
        || lower.ends_with(".dockerfile")
}

/// Expands the command-line paths. Directories are walked recursively, honouring `.gitignore`.
pub(crate) fn collect(paths: &[PathBuf], stdin_filename: Option<&Path>) -> Vec<Input> {
    let defaults = [PathBuf::from(".")];
    let paths = if paths.is_empty() { &defaults[..] } else { paths };
    let mut inputs = Vec::new();
    for path in paths {
        let display = path.display().to_string();
        if display == "-" {
            let name = stdin_filename.map(Path::to_path_buf);
            let display = name.as_ref().map_or_else(|| "-".to_owned(), |n| n.display().to_string());
            inputs.push(Input::Stdin { display, name });
        } else if path.is_dir() {
            let found = walk(path);
            if found.is_empty() {
                inputs.push(Input::Missing {
                    display,
                    error: "no Dockerfile found in this directory (looked for Dockerfile, Dockerfile.*, *.Dockerfile, *.dockerfile, Containerfile and Containerfile.*)".to_owned(),
                });
            }
            inputs.extend(found);
        } else if path.exists() {
            inputs.push(Input::File { path: path.clone(), display });
        } else {
            inputs.push(Input::Missing { display, error: "no such file or directory".to_owned() });
        }
    }
    inputs
}

fn walk(dir: &Path) -> Vec<Input> {
    let mut found = Vec::new();
    let walker = ignore::WalkBuilder::new(dir)
        .hidden(false)
        .filter_entry(|e| e.file_name() != ".git")
        .sort_by_file_path(Path::cmp)
        .build();
    for entry in walker.flatten() {
        let is_file = entry.file_type().is_some_and(|t| t.is_file() || t.is_symlink());
        if is_file && is_dockerfile_name(&entry.file_name().to_string_lossy()) && entry.path().is_file() {
            let path = entry.path().to_path_buf();
            let display = path.strip_prefix("./").unwrap_or(&path).display().to_string();
            found.push(Input::File { path, display });
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::is_dockerfile_name;

    #[test]
    fn dockerfile_names() {
        for name in [
            "Dockerfile",
            "dockerfile",
            "Dockerfile.dev",
            "api.Dockerfile",
            "x.dockerfile",
            "Containerfile",
            "Containerfile.arm",
        ] {
            assert!(is_dockerfile_name(name), "{name}");
        }
        for name in [
            "Dockerfiles",
            "docker-compose.yml",
            "Makefile",
            "README.md",
            "Dockerfile.dockerignore",
            "api.Dockerfile.dockerignore",
        ] {
            assert!(!is_dockerfile_name(name), "{name}");
        }
    }
}
