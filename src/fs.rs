//! File-system helpers that always name the path in their error, so no
//! caller has to remember to add it.

use std::fs;
use std::path::Path;

use crate::error::{Error, Result};

/// Reads a UTF-8 file.
pub fn read_to_string(path: &Path) -> Result<String> {
    fs::read_to_string(path).map_err(|e| Error::io("cannot read", path, e))
}

/// Writes a file, creating its parent folders.
pub fn write(path: &Path, bytes: impl AsRef<[u8]>) -> Result<()> {
    if let Some(parent) = path.parent() {
        create_dir_all(parent)?;
    }
    fs::write(path, bytes).map_err(|e| Error::io("cannot write", path, e))
}

/// Creates a folder and its parents.
pub fn create_dir_all(path: &Path) -> Result<()> {
    fs::create_dir_all(path).map_err(|e| Error::io("cannot create folder", path, e))
}

/// Copies a file, creating the destination's parent folders.
pub fn copy(from: &Path, to: &Path) -> Result<()> {
    if let Some(parent) = to.parent() {
        create_dir_all(parent)?;
    }
    fs::copy(from, to)
        .map(|_| ())
        .map_err(|e| Error::io("cannot copy", from, e))
}

/// Removes a folder tree if it exists.
pub fn remove_dir_all(path: &Path) -> Result<()> {
    match fs::remove_dir_all(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error::io("cannot remove", path, e)),
    }
}

/// Renames a file or folder.
pub fn rename(from: &Path, to: &Path) -> Result<()> {
    fs::rename(from, to).map_err(|e| Error::io("cannot move", from, e))
}

/// Whether a file name is an editor's leftover (swap, backup, lock or
/// save-test file) that is never content and never published.
pub fn is_editor_temp(name: &str) -> bool {
    const SUFFIXES: [&str; 7] = [
        "~",
        ".swp",
        ".swo",
        ".swx",
        ".kate-swp",
        "___jb_tmp___",
        "___jb_old___",
    ];
    // 4913: the file Vim creates to test whether it may write the folder.
    name == "4913"
        || SUFFIXES.iter().any(|s| name.ends_with(s))
        || (name.len() > 1 && name.starts_with('#') && name.ends_with('#'))
}

/// Whether a file or folder name is hidden (`.git`, `.DS_Store`) or an
/// editor leftover: both are skipped everywhere kiez reads a folder.
pub fn is_ignored(name: &str) -> bool {
    name.starts_with('.') || is_editor_temp(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_leftovers_are_ignored() {
        for name in [
            "a.md~",
            ".a.md.swp",
            "a.css.swo",
            "4913",
            "#a.md#",
            "a.md___jb_tmp___",
            ".DS_Store",
        ] {
            assert!(is_ignored(name), "{name}");
        }
        for name in ["a.md", "index.md", "4913.md", "logo.svg"] {
            assert!(!is_ignored(name), "{name}");
        }
    }
}
