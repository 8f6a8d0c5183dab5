//! File-system helpers that always name the path in their error, so no
//! caller has to remember to add it.

use std::fs;
use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Result, SourceError};

/// Reads a UTF-8 file.
pub fn read_to_string(path: &Path) -> Result<String> {
    let bytes = fs::read(path).map_err(|e| Error::io("cannot read", path, e))?;
    String::from_utf8(bytes).map_err(|e| {
        // Name the line, so an editor can find the stray byte.
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        SourceError::new(path, "the file is not UTF-8 text")
            .line(line)
            .hint("save it as UTF-8 (in most editors under Save as… or Encoding)")
            .into()
    })
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

/// Resolves `path` (every symlink followed) and checks that it stays inside
/// `root`. Every file kiez reads, copies or lists from a site goes through
/// this: a symlink in a pull request must not publish `/proc/self/environ`
/// or a file beside the site. Returns the resolved path.
pub fn inside(root: &Path, path: &Path) -> Result<PathBuf> {
    let root = fs::canonicalize(root).map_err(|e| Error::io("cannot read", root, e))?;
    let real = fs::canonicalize(path).map_err(|e| Error::io("cannot read", path, e))?;
    if real.starts_with(&root) {
        Ok(real)
    } else {
        Err(Error::Outside {
            path: path.to_path_buf(),
            target: real,
        })
    }
}

/// The absolute path `path` names once its missing folders exist: each
/// existing part canonicalized (symlinks followed), a `..` after a missing
/// folder just dropping it. Unlike [`std::path::absolute`] this leaves no
/// `..` that a later check could be fooled by, and unlike
/// [`fs::canonicalize`] it works before the path exists, so nothing has
/// to be created before the checks have passed.
pub fn resolve(path: &Path) -> Result<PathBuf> {
    let fail = |e| Error::io("cannot resolve", path, e);
    let absolute = std::path::absolute(path).map_err(fail)?;
    let mut out = PathBuf::new();
    for part in absolute.components() {
        match part {
            Component::Prefix(_) | Component::RootDir => out.push(part.as_os_str()),
            Component::CurDir => {}
            // `out` has no symlinks left (or does not exist), so dropping
            // the last name is what the OS will do too.
            Component::ParentDir => {
                out.pop();
            }
            Component::Normal(name) => {
                out.push(name);
                if out.symlink_metadata().is_ok() {
                    out = fs::canonicalize(&out).map_err(fail)?;
                }
            }
        }
    }
    Ok(out)
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

/// Writes a file into a cache atomically (a crash never leaves a
/// half-written file under its final name); false if that failed, since
/// a cache that cannot be written only costs time.
pub fn store(path: &Path, bytes: &[u8]) -> bool {
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    std::fs::write(&tmp, bytes).is_ok() && std::fs::rename(&tmp, path).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolve_leaves_no_dot_dot_and_follows_links() {
        let tmp = tempfile::tempdir().unwrap();
        let root = fs::canonicalize(tmp.path()).unwrap();
        fs::create_dir(root.join("keep")).unwrap();
        let via_missing = root.join("nope/../keep");
        assert_eq!(resolve(&via_missing).unwrap(), root.join("keep"));
        assert!(!root.join("nope").exists(), "resolving creates nothing");
        assert_eq!(resolve(&root.join("a/b/../c")).unwrap(), root.join("a/c"));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(root.join("keep"), root.join("link")).unwrap();
            assert_eq!(resolve(&root.join("link/x")).unwrap(), root.join("keep/x"));
        }
    }

    #[cfg(unix)]
    #[test]
    fn inside_refuses_links_out_of_the_root() {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path().join("site");
        fs::create_dir(&site).unwrap();
        fs::write(tmp.path().join("secret"), "x").unwrap();
        fs::write(site.join("ok"), "x").unwrap();
        std::os::unix::fs::symlink("../secret", site.join("out")).unwrap();
        std::os::unix::fs::symlink("ok", site.join("in")).unwrap();
        assert!(inside(&site, &site.join("in")).is_ok());
        assert!(matches!(
            inside(&site, &site.join("out")),
            Err(Error::Outside { .. })
        ));
        assert!(matches!(
            inside(&site, &site.join("../secret")),
            Err(Error::Outside { .. })
        ));
    }

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
