//! Watching a site for edits: [`classify`] and [`rebuild_for`] decide what
//! a batch of edited paths means for the rebuild (pure functions, unit
//! tested), and [`Watcher`] feeds debounced batches of paths to the serve
//! loop.

use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

use notify::event::{AccessKind, AccessMode};
use notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};

use super::Signal;
use crate::error::{Error, Result};

/// Long enough to see an editor's save (write temp file, rename, chmod:
/// within a millisecond or two) as one change, short enough that the
/// edited page shows within 50 ms of the save. (The debouncer checks
/// every quarter of this, so a change waits 20 to 25 ms.)
const DEBOUNCE: Duration = Duration::from_millis(20);

/// The folders watched recursively; the site folder itself is watched
/// flat, for `kiez.yaml` and for these folders appearing or going away.
const DIRS: [&str; 3] = ["content", "static", "templates"];

/// What an edited file means for the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    /// A Markdown file below `content/`: one page.
    Page,
    /// Anything else below `content/`: bundle assets, downloads, FAQ
    /// categories, folders.
    Content,
    /// Something below `static/`: copied as is, nothing to render.
    Static,
    /// Something below `templates/`.
    Template,
    /// `kiez.yaml`.
    Config,
    /// Not part of the site (output, caches), or an editor's temporary file.
    Ignored,
}

/// Classifies `rel`, a path relative to the site folder.
pub fn classify(rel: &Path) -> ChangeKind {
    let mut parts = Vec::new();
    for component in rel.components() {
        match component {
            Component::Normal(part) => parts.push(part.to_string_lossy()),
            // Absolute or `..` paths are not inside the site.
            _ => return ChangeKind::Ignored,
        }
    }
    let Some(name) = parts.last() else {
        return ChangeKind::Ignored;
    };
    if parts.iter().any(|p| p.starts_with('.')) || crate::fs::is_editor_temp(name) {
        return ChangeKind::Ignored;
    }
    match (parts[0].as_ref(), parts.len()) {
        ("content", 2..) if name.ends_with(".md") => ChangeKind::Page,
        ("content", _) => ChangeKind::Content,
        ("static", _) => ChangeKind::Static,
        ("templates", _) => ChangeKind::Template,
        ("kiez.yaml", 1) => ChangeKind::Config,
        _ => ChangeKind::Ignored,
    }
}

/// How much of the site a batch of changes needs to build again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rebuild {
    /// Nothing the site is made of changed.
    Nothing,
    /// Pages only: render what shows them, reusing the rest of the last
    /// build (see [`crate::incremental`]).
    Pages,
    /// Templates, the config, assets or static files, which any page may
    /// depend on (a download's size, an image's dimensions): build
    /// everything.
    Everything,
}

/// What a batch of changes of these kinds needs: the most any of them
/// needs.
pub fn rebuild_for(kinds: impl IntoIterator<Item = ChangeKind>) -> Rebuild {
    kinds
        .into_iter()
        .map(|kind| match kind {
            ChangeKind::Ignored => Rebuild::Nothing,
            ChangeKind::Page => Rebuild::Pages,
            ChangeKind::Static
            | ChangeKind::Content
            | ChangeKind::Template
            | ChangeKind::Config => Rebuild::Everything,
        })
        .max()
        .unwrap_or(Rebuild::Nothing)
}

/// A debounced watch on the site folder. Stops when dropped.
pub(crate) struct Watcher {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    root: PathBuf,
    watched: Vec<PathBuf>,
}

impl Watcher {
    /// Watches `root` (canonical) and sends batches of changed paths.
    pub fn start(root: &Path, signals: Sender<Signal>) -> Result<Self> {
        let handler = move |result: DebounceEventResult| {
            let signal = match result {
                Ok(events) => {
                    let paths: Vec<PathBuf> = events
                        .into_iter()
                        // notify reports reads too (inotify's IN_OPEN), and
                        // every build reads every file: without this, each
                        // build would trigger the next.
                        .filter(|e| is_write(&e.kind))
                        .flat_map(|e| e.event.paths)
                        .collect();
                    if paths.is_empty() {
                        return;
                    }
                    Signal::Changed(paths)
                }
                Err(errors) => Signal::WatchFailed(
                    errors
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("; "),
                ),
            };
            // The serve loop has stopped when this fails; nothing to tell.
            signals.send(signal).ok();
        };
        let debouncer = new_debouncer(DEBOUNCE, None, handler).map_err(watch_error(root))?;
        let mut watcher = Watcher {
            debouncer,
            root: root.to_path_buf(),
            watched: Vec::new(),
        };
        watcher
            .debouncer
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(watch_error(root))?;
        watcher.refresh()?;
        Ok(watcher)
    }

    /// Watches `content/`, `static/` and `templates/` afresh: after one of
    /// them was created, deleted or renamed, the old watch is stale.
    pub fn refresh(&mut self) -> Result<()> {
        for dir in self.watched.drain(..) {
            // Fails when the folder is gone, which is why we are here.
            self.debouncer.unwatch(&dir).ok();
        }
        for name in DIRS {
            let dir = self.root.join(name);
            if dir.is_dir() {
                self.debouncer
                    .watch(&dir, RecursiveMode::Recursive)
                    .map_err(watch_error(&dir))?;
                self.watched.push(dir);
            }
        }
        Ok(())
    }

    /// Whether a change to `rel` calls for [`Watcher::refresh`].
    pub fn is_watched_dir(rel: &Path) -> bool {
        DIRS.iter().any(|d| rel == Path::new(d))
    }
}

/// Everything but reads; a file closed after writing counts, as the most
/// reliable sign that a save is complete.
fn is_write(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(access) => *access == AccessKind::Close(AccessMode::Write),
        _ => true,
    }
}

fn watch_error(path: &Path) -> impl Fn(notify::Error) -> Error + '_ {
    move |err| {
        let io = match err.kind {
            notify::ErrorKind::Io(io) => io,
            other => std::io::Error::other(format!("{other:?}")),
        };
        Error::io("cannot watch", path, io)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ChangeKind::*;

    fn kind(rel: &str) -> ChangeKind {
        classify(Path::new(rel))
    }

    #[test]
    fn site_folders_and_config_are_classified() {
        assert_eq!(kind("content/articles/x.md"), Page);
        assert_eq!(kind("content/articles/x/index.md"), Page);
        assert_eq!(kind("content/index.md"), Page);
        assert_eq!(kind("content/articles/x/foto.jpg"), Content);
        assert_eq!(kind("content/faq/miete/_category.yaml"), Content);
        assert_eq!(kind("content/articles"), Content);
        assert_eq!(kind("content"), Content);
        assert_eq!(kind("static/images/logo.svg"), Static);
        assert_eq!(kind("static"), Static);
        assert_eq!(kind("templates/article.html"), Template);
        assert_eq!(kind("kiez.yaml"), Config);
    }

    #[test]
    fn output_caches_and_other_files_are_ignored() {
        assert_eq!(kind("public/index.html"), Ignored);
        assert_eq!(kind(".kiez-cache/social/a.png"), Ignored);
        assert_eq!(kind("README.md"), Ignored);
        assert_eq!(kind("content/kiez.yaml"), Content);
        assert_eq!(kind("static/kiez.yaml"), Static);
        assert_eq!(kind("other/kiez.yaml"), Ignored);
        assert_eq!(kind(""), Ignored);
        assert_eq!(kind("/abs/content/x.md"), Ignored);
        assert_eq!(kind("../content/x.md"), Ignored);
    }

    #[test]
    fn reads_are_not_changes() {
        use notify::event::{CreateKind, ModifyKind};
        assert!(!is_write(&EventKind::Access(AccessKind::Open(
            AccessMode::Any
        ))));
        assert!(!is_write(&EventKind::Access(AccessKind::Close(
            AccessMode::Read
        ))));
        assert!(is_write(&EventKind::Access(AccessKind::Close(
            AccessMode::Write
        ))));
        assert!(is_write(&EventKind::Modify(ModifyKind::Any)));
        assert!(is_write(&EventKind::Create(CreateKind::File)));
    }

    #[test]
    fn editor_temp_and_hidden_files_are_ignored() {
        for rel in [
            "content/articles/.x.md.swp",
            "content/articles/x.md.swp",
            "content/articles/x.md.swo",
            "content/articles/x.md~",
            "content/articles/4913",
            "content/articles/.#x.md",
            "content/articles/#x.md#",
            "templates/base.html___jb_tmp___",
            "content/articles/x.md.kate-swp",
            "static/.DS_Store",
            "content/.git/index",
            ".git/HEAD",
            "kiez.yaml~",
            ".kiez.yaml.swp",
        ] {
            assert_eq!(kind(rel), Ignored, "{rel}");
        }
        // Only the exact name 4913 is Vim's probe.
        assert_eq!(kind("content/articles/49130.md"), Page);
        assert_eq!(kind("content/articles/x#.md"), Page);
    }

    #[test]
    fn a_batch_needs_what_its_most_demanding_change_needs() {
        use Rebuild::*;
        let batch = |rels: &[&str]| rebuild_for(rels.iter().map(|r| kind(r)));
        assert_eq!(batch(&[]), Nothing);
        assert_eq!(batch(&["public/index.html", "x.md~"]), Nothing);
        assert_eq!(batch(&["content/articles/a.md"]), Pages);
        assert_eq!(
            batch(&["content/articles/a.md", "content/events/b.md", "x.md~"]),
            Pages
        );
        // Pages show sizes of files in static/.
        assert_eq!(batch(&["static/a.css", ".kiez-cache/x"]), Everything);
        assert_eq!(
            batch(&["content/articles/a.md", "static/plan.pdf"]),
            Everything
        );
        // An asset or a renamed folder changes what pages are made of.
        assert_eq!(
            batch(&["content/articles/a.md", "content/articles/a/foto.jpg"]),
            Everything
        );
        assert_eq!(batch(&["content/articles/neu"]), Everything);
        assert_eq!(batch(&["templates/article.html"]), Everything);
        assert_eq!(batch(&["content/articles/a.md", "kiez.yaml"]), Everything);
    }
}
