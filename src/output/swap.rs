//! Replacing the output folder `DIR/NAME` without a moment in which it is
//! missing or half written, and without two builds mixing their files.
//!
//! - **Lock.** `DIR/.NAME.kiez-lock` is locked with an OS file lock
//!   (`flock` on Unix, `LockFileEx` on Windows) for the whole build; a
//!   second build into the same folder fails at once and names the first.
//!   The OS drops the lock when a build dies, even by `kill -9`. The file
//!   itself stays: deleting it would let a third build lock a new file
//!   while a second still holds the old one.
//! - **Staging.** Everything is written into `DIR/.NAME.kiez-new` first.
//! - **Swap.** On Linux, `renameat2(RENAME_EXCHANGE)` swaps the staging
//!   folder and the output in one step, so at every instant the path holds
//!   either the complete old or the complete new site; the old one is then
//!   deleted from the staging name. Elsewhere (and on Linux file systems
//!   without `RENAME_EXCHANGE`) it is the best the platform offers: the
//!   output is renamed to `DIR/.NAME.kiez-old`, then the staging folder to
//!   the output. A build killed between those two renames leaves no output
//!   for a moment; the next build moves `.kiez-old` back before anything
//!   else.
//! - **Leftovers.** Staging folders of a killed build are removed by the
//!   next build, after it holds the lock.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The output folder and the names kiez uses beside it.
pub(super) struct Paths {
    /// The output folder.
    pub out: PathBuf,
    /// Where the new site is written before the swap.
    pub staging: PathBuf,
    /// Where the old site waits during a two-rename swap.
    pub old: PathBuf,
    /// The lock file.
    pub lock: PathBuf,
}

impl Paths {
    /// The names beside a resolved output folder (which has a parent and a
    /// name: [`super::target::check`] refused every other).
    pub fn new(out: &Path) -> Self {
        let name = out.file_name().unwrap_or_default().to_string_lossy();
        let parent = out.parent().unwrap_or(Path::new("/"));
        Paths {
            out: out.to_path_buf(),
            staging: parent.join(format!(".{name}.kiez-new")),
            old: parent.join(format!(".{name}.kiez-old")),
            lock: parent.join(format!(".{name}.kiez-lock")),
        }
    }
}

/// The held lock of one output folder; released when dropped.
pub(super) struct Lock {
    _file: File,
}

impl Lock {
    /// Takes the lock or fails at once, naming the build that holds it.
    /// Creates the output's parent folders.
    pub fn take(paths: &Paths, site: &Path) -> Result<Lock> {
        if let Some(parent) = paths.lock.parent() {
            crate::fs::create_dir_all(parent)?;
        }
        let fail = |e| Error::io("cannot lock", &paths.lock, e);
        // No truncation before the lock is ours: the holder's note is in it.
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&paths.lock)
            .map_err(fail)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                let note = std::fs::read_to_string(&paths.lock).unwrap_or_default();
                let holder = match note.trim() {
                    "" => "a build that has not said who it is yet".to_string(),
                    note => note.to_string(),
                };
                return Err(Error::Locked {
                    output: paths.out.clone(),
                    holder,
                });
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(fail(e)),
        }
        let note = format!(
            "pid {}, site {}, started {}",
            std::process::id(),
            site.display(),
            chrono::Utc::now().format("%Y-%m-%d %H:%M:%S UTC")
        );
        file.set_len(0)
            .and_then(|()| file.write_all(note.as_bytes()))
            .map_err(fail)?;
        Ok(Lock { _file: file })
    }
}

/// Cleans up after a killed build; call with the lock held. A `.kiez-old`
/// with no output beside it is the last good site of a build killed in the
/// middle of a two-rename swap, so it is put back; any other leftover goes.
pub(super) fn clean_leftovers(paths: &Paths) -> Result<()> {
    crate::fs::remove_dir_all(&paths.staging)?;
    let out_missing = paths.out.symlink_metadata().is_err();
    if out_missing && super::target::marker_site(&paths.old).is_some() {
        return crate::fs::rename(&paths.old, &paths.out);
    }
    crate::fs::remove_dir_all(&paths.old)
}

/// Puts the staging folder in the output's place and deletes the old site.
pub(super) fn swap(paths: &Paths) -> Result<()> {
    if paths.out.symlink_metadata().is_err() {
        return crate::fs::rename(&paths.staging, &paths.out);
    }
    #[cfg(target_os = "linux")]
    match exchange(&paths.staging, &paths.out) {
        // The old site is now at the staging name.
        Ok(()) => return crate::fs::remove_dir_all(&paths.staging),
        Err(e) if unsupported(&e) => {}
        Err(e) => return Err(Error::io("cannot swap in", &paths.out, e)),
    }
    crate::fs::remove_dir_all(&paths.old)?;
    crate::fs::rename(&paths.out, &paths.old)?;
    if let Err(e) = crate::fs::rename(&paths.staging, &paths.out) {
        // Put the last good site back before reporting.
        crate::fs::rename(&paths.old, &paths.out).ok();
        return Err(e);
    }
    crate::fs::remove_dir_all(&paths.old)
}

/// Swaps two paths atomically with `renameat2(RENAME_EXCHANGE)`.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both pointers are NUL-terminated strings that live until the
    // call returns; with AT_FDCWD the paths are taken as rename(2) takes them.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

/// Whether the kernel or file system lacks `RENAME_EXCHANGE`.
#[cfg(target_os = "linux")]
fn unsupported(e: &std::io::Error) -> bool {
    matches!(
        e.raw_os_error(),
        Some(libc::EINVAL | libc::ENOSYS | libc::EOPNOTSUPP)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swap_replaces_the_output_and_leaves_nothing_beside_it() {
        let tmp = tempfile::tempdir().unwrap();
        let paths = Paths::new(&tmp.path().join("public"));
        for (dir, text) in [(&paths.out, "old"), (&paths.staging, "new")] {
            std::fs::create_dir(dir).unwrap();
            std::fs::write(dir.join("index.html"), text).unwrap();
        }
        swap(&paths).unwrap();
        let index = std::fs::read_to_string(paths.out.join("index.html")).unwrap();
        assert_eq!(index, "new");
        assert!(!paths.staging.exists() && !paths.old.exists());
    }

    #[test]
    fn a_second_lock_fails_and_names_the_first() {
        let tmp = tempfile::tempdir().unwrap();
        let paths = Paths::new(&tmp.path().join("public"));
        let held = Lock::take(&paths, Path::new("/sites/a")).unwrap();
        let err = Lock::take(&paths, Path::new("/sites/b"))
            .err()
            .expect("locked");
        let text = err.to_string();
        assert!(text.contains("another kiez build"), "{text}");
        assert!(text.contains("site /sites/a"), "{text}");
        drop(held);
        Lock::take(&paths, Path::new("/sites/b")).unwrap();
    }
}
