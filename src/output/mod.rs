//! The output folder: how a build's files replace the last ones — only when everything was written, so a
//! failed build never touches the last good site. [`target`] decides which
//! folders a build may replace, [`swap`] locks and swaps.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::{Error, Result, SourceError};
use crate::util::artifact::{Copy, OutputFile, Sink};

mod swap;
pub mod target;

/// An output folder that a build may replace, locked for this build: made
/// by [`Target::open`] before anything is rendered, filled while it is
/// ([`Target::begin`]) and swapped in by [`Target::finish`].
pub struct Target {
    paths: swap::Paths,
    finished: bool,
    site: PathBuf,
    warnings: Vec<SourceError>,
    _lock: swap::Lock,
}

impl Target {
    /// Resolves `out_dir`, refuses it when replacing it could delete the
    /// site or files kiez did not write (see [`target`]), takes its lock and
    /// cleans up after a killed build (see [`swap`]).
    pub fn open(out_dir: &Path, site_dir: &Path) -> Result<Target> {
        let checked = target::check(out_dir, site_dir)?;
        let paths = swap::Paths::new(&checked.out);
        let lock = swap::Lock::take(&paths, &checked.site)?;
        swap::clean_leftovers(&paths)?;
        Ok(Target {
            paths,
            finished: false,
            site: checked.site,
            warnings: checked.warnings,
            _lock: lock,
        })
    }

    /// Things worth telling that did not stop the build.
    pub fn warnings(&self) -> &[SourceError] {
        &self.warnings
    }

    /// Empties the staging folder and returns the sink that writes into
    /// it while the site is rendered. Nothing reaches the output folder
    /// before [`Target::finish`]; a build that fails in between leaves the
    /// staging folder, which dropping the target removes.
    pub fn begin(&self) -> Result<Sink> {
        let staging = &self.paths.staging;
        crate::fs::remove_dir_all(staging)?;
        crate::fs::create_dir_all(staging)?;
        Ok(Sink::write_into(staging.clone()))
    }

    /// Writes `files` and `copies` into the staging folder [`Target::begin`]
    /// made and then replaces the output folder with it. Later entries
    /// win: the files the sink wrote first, then `files`, then copies (the
    /// site's `static/` may override a theme file of the same name).
    pub fn finish(mut self, files: &[OutputFile], copies: &[Copy]) -> Result<()> {
        let staging = &self.paths.staging;
        fill(staging, files, copies, &self.site).and_then(|()| {
            crate::fs::write(
                &staging.join(target::MARKER),
                target::marker_text(&self.site),
            )
        })?;
        swap::swap(&self.paths)?;
        self.finished = true;
        Ok(())
    }
}

impl Drop for Target {
    /// A build that failed after [`Target::begin`] leaves no staging folder.
    fn drop(&mut self) {
        if !self.finished {
            crate::fs::remove_dir_all(&self.paths.staging).ok();
        }
    }
}

/// Writes the files and copies into `dir`. A copy of a site file that
/// leads out of the site is refused here too, whichever part of kiez
/// planned it.
fn fill(dir: &Path, files: &[OutputFile], copies: &[Copy], site: &Path) -> Result<()> {
    files
        .par_iter()
        .try_for_each(|f| crate::fs::write(&dir.join(&f.path), &f.bytes))?;
    copies.par_iter().try_for_each(|c| {
        let to = dir.join(&c.to);
        if c.link {
            // Files kiez made itself (cached cards and images).
            if let Some(parent) = to.parent() {
                crate::fs::create_dir_all(parent)?;
            }
            if std::fs::hard_link(&c.from, &to).is_ok() {
                return Ok(());
            }
            return crate::fs::copy(&c.from, &to);
        }
        crate::fs::copy(&crate::fs::inside(site, &c.from)?, &to)
    })
}

/// Every file below `dir` as a copy into the output root, skipping editor
/// leftovers and hidden files. Symlinks are followed when they stay inside
/// `root` (the site folder); one leading out of it is an error naming it.
pub fn copies_of_dir(root: &Path, dir: &Path, prefix: &str) -> Result<Vec<Copy>> {
    let mut copies = Vec::new();
    if !dir.is_dir() {
        return Ok(copies);
    }
    for entry in walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !crate::fs::is_ignored(&e.file_name().to_string_lossy()))
    {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(dir).to_path_buf();
            Error::io("cannot read", &path, e.into())
        })?;
        // Checked before the walk goes into a linked folder.
        if entry.path_is_symlink() {
            crate::fs::inside(root, entry.path())?;
        }
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(dir)
                .unwrap_or(entry.path())
                .to_string_lossy()
                .replace('\\', "/");
            copies.push(Copy {
                from: entry.into_path(),
                to: format!("{prefix}{rel}"),
                link: false,
            });
        }
    }
    Ok(copies)
}
