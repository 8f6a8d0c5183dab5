//! What the pipeline's stages produce: files rendered in memory and files
//! copied from disk. The writer (`crate::output`) and the dev server
//! (`crate::serve`) consume them.

use std::path::PathBuf;
use std::sync::Arc;

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
