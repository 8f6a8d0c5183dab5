//! What the pipeline's stages produce: files rendered in memory and files
//! copied from disk, and the [`Sink`] they hand them to. The writer
//! (`crate::output`) and the dev server (`crate::serve`) consume them.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use rayon::prelude::*;

use crate::error::Result;

/// One file of the output, path relative to the output folder.
#[derive(Debug, Clone)]
pub struct OutputFile {
    /// e.g. `articles/x/index.html`.
    pub path: String,
    /// The bytes to write. Shared, because the dev server keeps a build's
    /// files and reuses unchanged ones in the next (see
    /// `crate::incremental`).
    pub bytes: Arc<[u8]>,
}

impl OutputFile {
    /// A file at `path` holding `bytes`.
    pub fn new(path: impl Into<String>, bytes: impl Into<Arc<[u8]>>) -> Self {
        OutputFile {
            path: path.into(),
            bytes: bytes.into(),
        }
    }
}

/// A file to copy verbatim: source on disk, destination relative to the output.
#[derive(Debug, Clone)]
pub struct Copy {
    /// Where it is.
    pub from: PathBuf,
    /// Where it goes, relative to the output folder.
    pub to: String,
    /// Hard-link instead of copying (files kiez owns, like cached share
    /// cards), which saves writing them again on every build.
    pub link: bool,
}

/// Where the output stages hand their files as they make them. `kiez
/// build` writes each one into its staging folder at once, so a big
/// site's pages and feeds are never all in memory together (at 10,000
/// articles they are about a gigabyte); the dev server and `kiez check`
/// keep them.
#[derive(Debug, Default)]
pub struct Sink {
    /// The folder written into; `None` keeps every file.
    dir: Option<PathBuf>,
    /// Files and HTML pages written, shared with [`Sink::under`]'s sinks.
    counts: Arc<[AtomicUsize; 2]>,
    /// Whether kept text files are packed ([`crate::util::packed::pack_file`]).
    pack: bool,
}

impl Sink {
    /// A sink that keeps every file for the caller.
    pub fn keep() -> Self {
        Sink::default()
    }

    /// A sink that keeps every file, text packed: the dev server holds a
    /// whole build in memory (at 10,000 articles 430 MB of HTML and
    /// search files, packed about a fifth of that), and reads each file
    /// with [`crate::util::packed::file_bytes`].
    pub fn keep_packed() -> Self {
        Sink {
            pack: true,
            ..Sink::default()
        }
    }

    /// A sink that writes every file into `dir` (which a failed build
    /// throws away, so writing early never touches the last good output).
    pub fn write_into(dir: PathBuf) -> Self {
        Sink {
            dir: Some(dir),
            counts: Arc::default(),
            pack: false,
        }
    }

    /// The same sink for files under `prefix` (`en/`).
    pub fn under(&self, prefix: &str) -> Sink {
        Sink {
            dir: self.dir.as_ref().map(|d| d.join(prefix)),
            counts: Arc::clone(&self.counts),
            pack: self.pack,
        }
    }

    /// The folder written into, if this sink writes.
    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }

    /// Writes `file`, or hands it back to be kept.
    pub fn put(&self, file: OutputFile) -> Result<Option<OutputFile>> {
        let Some(dir) = &self.dir else {
            return Ok(Some(self.kept(file)));
        };
        crate::fs::write(&dir.join(&file.path), &file.bytes)?;
        self.counts[0].fetch_add(1, Ordering::Relaxed);
        if file.path.ends_with(".html") {
            self.counts[1].fetch_add(1, Ordering::Relaxed);
        }
        Ok(None)
    }

    /// [`Sink::put`] for many files, written in parallel; returns the kept.
    pub fn put_all(&self, files: Vec<OutputFile>) -> Result<Vec<OutputFile>> {
        if self.dir.is_none() {
            if !self.pack {
                return Ok(files);
            }
            return Ok(files.into_par_iter().map(|f| self.kept(f)).collect());
        }
        files
            .into_par_iter()
            .try_for_each(|f| self.put(f).map(drop))?;
        Ok(Vec::new())
    }

    /// `file` as this keeping sink keeps it.
    fn kept(&self, file: OutputFile) -> OutputFile {
        if !self.pack {
            return file;
        }
        let bytes = crate::util::packed::pack_file(&file.path, file.bytes);
        OutputFile { bytes, ..file }
    }

    /// How many files and how many of them HTML pages were written.
    pub fn written(&self) -> (usize, usize) {
        (
            self.counts[0].load(Ordering::Relaxed),
            self.counts[1].load(Ordering::Relaxed),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_writing_sink_writes_under_its_prefix_and_counts_once() {
        let tmp = tempfile::tempdir().unwrap();
        let sink = Sink::write_into(tmp.path().to_path_buf());
        let en = sink.under("en/");
        assert!(en
            .put(OutputFile::new("a/index.html", "x".as_bytes()))
            .unwrap()
            .is_none());
        let kept = sink
            .put_all(vec![OutputFile::new("feed.json", "{}".as_bytes())])
            .unwrap();
        assert!(kept.is_empty());
        assert_eq!(
            std::fs::read_to_string(tmp.path().join("en/a/index.html")).unwrap(),
            "x"
        );
        assert!(tmp.path().join("feed.json").is_file());
        assert_eq!(sink.written(), (2, 1));
        let keep = Sink::keep();
        assert_eq!(
            keep.put_all(vec![OutputFile::new("x", "y".as_bytes())])
                .unwrap()
                .len(),
            1
        );
        assert_eq!(keep.written(), (0, 0));
        let page = "<p>Hof</p>".repeat(50);
        let kept = Sink::keep_packed()
            .put_all(vec![
                OutputFile::new("a/index.html", page.as_bytes()),
                OutputFile::new("x.png", page.as_bytes()),
            ])
            .unwrap();
        assert!(kept[0].bytes.len() < page.len() / 4, "text is packed");
        assert_eq!(
            crate::util::packed::file_bytes(&kept[0].bytes),
            page.as_bytes()
        );
        assert_eq!(&kept[1].bytes[..], page.as_bytes(), "images are not");
    }
}
