//! File access for the CLI: config discovery on the real file system and atomic writes.

use std::fs;
use std::io::{self, Write};
use std::path::Path;

use distrolint_linter::discovery::FileSystem;

/// The real file system.
pub(crate) struct OsFs;

impl FileSystem for OsFs {
    fn read_to_string(&self, path: &Path) -> io::Result<String> {
        fs::read_to_string(path)
    }

    fn is_file(&self, path: &Path) -> bool {
        path.is_file()
    }
}

/// Replaces `path`'s contents atomically: writes a temporary file beside it with the same
/// permissions, then renames it over the original. On failure the original is untouched.
pub(crate) fn write_atomic(path: &Path, contents: &str) -> io::Result<()> {
    let metadata = fs::metadata(path)?;
    if metadata.permissions().readonly() {
        return Err(io::Error::new(io::ErrorKind::PermissionDenied, "the file is read-only"));
    }
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temp = dir.join(format!(".{name}.distrolint-{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = fs::OpenOptions::new().write(true).create_new(true).open(&temp)?;
        file.write_all(contents.as_bytes())?;
        file.set_permissions(metadata.permissions())?;
        file.sync_all()?;
        drop(file);
        fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}
