//! The dev server's builder: builds the site after each batch of edits
//! (the edited page first, as a preview against the last build, then the
//! whole site), publishes each result as a new [`Snapshot`] and tells open
//! pages what changed.

use std::collections::BTreeSet;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use super::state::{self, packed, Push, Shared, Snapshot};
use super::watch::{classify, rebuild_for, ChangeKind, Rebuild};
use super::Note;
use crate::util::artifact::{OutputFile, Sink};
use crate::{BuildOptions, Reuse};

/// One wave of a preview ([`Reuse::preview_lists`]).
type Wave = fn(&mut Reuse) -> Option<Vec<OutputFile>>;

/// Runs builds and publishes their results.
pub(super) struct Builder {
    pub(super) opts: BuildOptions,
    pub(super) shared: Arc<Shared>,
    /// Distinguishes this server's build ids from a previous run's, so a
    /// page left open across a restart reloads.
    run: u128,
    builds: u64,
    /// Warnings of the previous build, so each is shown once, not on
    /// every rebuild.
    warnings: Vec<crate::error::SourceError>,
    /// What the next build may take from the last.
    pub(super) reuse: Reuse,
    /// The site model of a build whose pages are served and whose search
    /// index is not yet ([`Builder::finish`]).
    pending: Option<Arc<crate::site::Site>>,
    /// How long the preview before the coming build took, per part, for
    /// its note.
    previewed: Vec<(&'static str, std::time::Duration)>,
}

impl Builder {
    pub(super) fn new(opts: BuildOptions, shared: Arc<Shared>) -> Self {
        let run = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_millis());
        Builder {
            opts,
            shared,
            run,
            builds: 0,
            warnings: Vec::new(),
            reuse: Reuse::between_builds(true),
            pending: None,
            previewed: Vec::new(),
        }
    }

    /// The build id of the pages the first build serves before it is
    /// done ([`Shared::start`]).
    pub(super) fn early_build(&self) -> String {
        format!("{:x}-0", self.run)
    }

    /// Rebuilds for a batch of changed paths (relative to the site),
    /// leaving the search index to [`Builder::finish`]. A build not
    /// finished yet (more edits came while it ran) leaves its search
    /// index to this one's: the preview needs the site model to itself.
    pub(super) fn on_change(&mut self, rels: &BTreeSet<PathBuf>, note: &mut impl FnMut(Note)) {
        let relevant: Vec<&Path> = rels
            .iter()
            .map(PathBuf::as_path)
            .filter(|rel| classify(rel) != ChangeKind::Ignored)
            .collect();
        match rebuild_for(relevant.iter().map(|rel| classify(rel))) {
            Rebuild::Nothing => {}
            Rebuild::Pages => {
                self.pending = None;
                for rel in &relevant {
                    if let Ok(rel) = rel.strip_prefix("content") {
                        self.reuse.content_changed(rel);
                    }
                }
                // What a failed build serves again, not the preview.
                let before = self.shared.snapshot();
                if let [only] = relevant.as_slice() {
                    self.preview(only);
                }
                self.build(&relevant, before, note);
            }
            Rebuild::Everything => {
                self.pending = None;
                self.reuse.forget();
                let before = self.shared.snapshot();
                self.build(&relevant, before, note);
            }
        }
    }

    /// Serves the page of the one edited content file at `rel` at once,
    /// rendered against the last build ([`Reuse::preview`]); the build
    /// that follows replaces it with the whole site's.
    fn preview(&mut self, rel: &Path) {
        let Ok(rel) = rel.strip_prefix("content") else {
            return;
        };
        let started = Instant::now();
        let dirs = crate::config::SiteConfig::dirs(&self.opts.site_dir);
        let drafts = self.opts.drafts;
        let reuse = &mut self.reuse;
        let previewed =
            std::panic::catch_unwind(AssertUnwindSafe(|| reuse.preview(&dirs, drafts, rel)));
        let files = match previewed {
            Ok(files) => files,
            Err(_) => {
                // The build that follows reports what went wrong.
                self.reuse.forget();
                None
            }
        };
        if let Some(files) = files {
            let build = format!("{:x}-{}p", self.run, self.builds + 1);
            self.shared.publish_pages(packed(files), &build);
        }
        self.previewed = vec![("preview page", started.elapsed())];
        // Then the lists and feeds that show the page, then the list
        // pages it moved, before the rebuild.
        let waves: [(&str, Wave); 2] = [
            ("preview lists", Reuse::preview_lists),
            ("preview moved", Reuse::preview_moved),
        ];
        for (n, (name, wave)) in waves.into_iter().enumerate() {
            let started = Instant::now();
            let reuse = &mut self.reuse;
            let Ok(files) = std::panic::catch_unwind(AssertUnwindSafe(|| wave(reuse))) else {
                self.reuse.forget();
                return;
            };
            if let Some(files) = files {
                let build = format!("{:x}-{}l{n}", self.run, self.builds + 1);
                self.shared.publish_pages(packed(files), &build);
            }
            self.previewed.push((name, started.elapsed()));
        }
    }

    /// Builds the site, reusing what `self.reuse` kept from the last
    /// build, and serves it. The search index follows once the rest is
    /// served: it depends on every page's text, and the edited page
    /// should not wait for it. `before` is the last good build's
    /// snapshot, served again if this build fails.
    pub(super) fn build(
        &mut self,
        touched: &[&Path],
        before: Arc<Snapshot>,
        note: &mut impl FnMut(Note),
    ) {
        let started = Instant::now();
        // The edited page is served as soon as it is rendered; lists and
        // feeds follow with the rest of the build.
        let early_build = format!("{:x}-{}e", self.run, self.builds + 1);
        let shared = Arc::clone(&self.shared);
        let mut edited = |files: Vec<OutputFile>| shared.publish_pages(packed(files), &early_build);
        // A panic is a kiez bug, but one that some edit triggered: report it
        // like a build error and keep serving rather than die.
        let generated = std::panic::catch_unwind(AssertUnwindSafe(|| {
            crate::now().and_then(|now| {
                self.opts.now = now;
                let keep = Sink::keep_packed();
                crate::generate_with(&self.opts, &mut self.reuse, &mut edited, &keep)
            })
        }));
        let generated = match generated {
            Ok(result) => result.map_err(|e| e.to_string()),
            Err(panic) => {
                // A build cut short may have left `reuse` half updated.
                self.reuse.forget();
                Err(crashed(panic.as_ref()))
            }
        };
        match generated {
            Ok(generated) => self.serve_built(generated, &before, touched, started, note),
            // A build that returned an error left `reuse` consistent: each
            // part is replaced only when complete. An edited page served
            // early is taken back: the last good build stays.
            Err(error) => self.fail(&before, error, note),
        }
    }

    /// Serves a good build's pages and feeds, leaving the rest to
    /// [`Builder::finish`].
    fn serve_built(
        &mut self,
        generated: crate::Generated,
        before: &Arc<Snapshot>,
        touched: &[&Path],
        started: Instant,
        note: &mut impl FnMut(Note),
    ) {
        let fresh: Vec<crate::error::SourceError> = generated
            .warnings
            .iter()
            .filter(|w| !self.warnings.contains(w))
            .cloned()
            .collect();
        for warning in fresh {
            note(Note::Warning(warning.to_string()));
        }
        self.warnings = generated.warnings;
        let mut files = generated.files;
        // Until the new index is there, the last one is served.
        let old = self.shared.snapshot();
        files.extend(
            old.rendered
                .iter()
                .filter(|(path, _)| crate::search::is_index_file(path))
                .map(|(path, bytes)| OutputFile {
                    path: path.to_string(),
                    bytes: Arc::clone(bytes),
                }),
        );
        let snapshot = Snapshot::new(String::new(), files, generated.copies);
        let built = (started, generated.timings);
        self.publish(snapshot, before, touched, built, note);
        self.pending = Some(generated.site);
    }

    /// Serves what follows the pages of the last build served: its search
    /// index (which depends on every page's text, so the edited page does
    /// not wait for it) and, after the first build, its share images
    /// (drawn once the server is up: see `Reuse::late_cards`).
    pub(super) fn finish(&mut self, note: &mut impl FnMut(Note)) {
        let Some(site) = self.pending.take() else {
            return;
        };
        // A sink that keeps its files cannot fail.
        let keep = Sink::keep_packed();
        let index = crate::search::render_index(&site, &keep).unwrap_or_default();
        // The next preview takes the model in: only `reuse` may hold it.
        drop(site);
        self.shared
            .replace(self.shared.snapshot().with_search(index));
        // Open pages do not show share images: no reload.
        let cache = self.opts.cache_root().join("social");
        match self.reuse.late_cards(&cache) {
            Some(Ok((files, links))) => self
                .shared
                .replace(self.shared.snapshot().with_cards(packed(files), links)),
            Some(Err(error)) => note(Note::Warning(error.to_string())),
            None => {}
        }
    }

    /// Serves `snapshot` and tells open pages what changed since what
    /// they show (an edited page may have been served early); the note
    /// counts what changed since `before`, the last build.
    fn publish(
        &mut self,
        mut snapshot: Snapshot,
        before: &Arc<Snapshot>,
        touched: &[&Path],
        (started, mut timings): (Instant, crate::util::timings::Timings),
        note: &mut impl FnMut(Note),
    ) {
        let old = self.shared.snapshot();
        let site_dir = &self.opts.site_dir;
        let was_touched = |from: &Path| {
            from.strip_prefix(site_dir)
                .is_ok_and(|rel| touched.contains(&rel))
        };
        let changed = old.changed(&snapshot, was_touched);
        let reported = if Arc::ptr_eq(&old, before) {
            changed.len()
        } else {
            before.changed(&snapshot, was_touched).len()
        };
        let push = if changed.is_empty() && old.build.is_some() {
            // Same output: pages stay current, only an overlay must go.
            snapshot.build = old.build.clone();
            Push::Ok
        } else {
            self.builds += 1;
            let build = format!("{:x}-{}", self.run, self.builds);
            snapshot.build = Some(build.clone());
            // Before the first good build, no page has the stylesheets.
            let css = changed.iter().all(|path| path.ends_with(".css"));
            if css && old.build.is_some() {
                Push::Css { build }
            } else {
                Push::Reload { build }
            }
        };
        let pages = snapshot
            .rendered
            .keys()
            .filter(|path| path.ends_with(".html"))
            .count();
        match push {
            Push::Reload { build } => self.shared.publish_changed(snapshot, &build, &changed),
            push => self.shared.publish(snapshot, push),
        }
        timings.lap("publish");
        timings
            .stages
            .splice(0..0, std::mem::take(&mut self.previewed));
        note(Note::Built {
            pages,
            changed: reported,
            elapsed: started.elapsed(),
            trigger: describe(touched),
            timings,
        });
    }

    fn fail(&mut self, old: &Snapshot, error: String, note: &mut impl FnMut(Note)) {
        self.previewed.clear();
        note(Note::Failed {
            error: error.clone(),
            serving_last_good: old.build.is_some(),
        });
        let overlay = state::overlay(&error);
        self.shared
            .publish(old.with_error(error), Push::Failed { overlay });
    }
}

/// What a panic during a build tells the user.
fn crashed(panic: &(dyn std::any::Any + Send)) -> String {
    let what = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    format!("kiez crashed while building ({what}); this is a bug, please report it")
}

/// `content/articles/x.md`, or `content/articles/x.md and 2 more`.
fn describe(touched: &[&Path]) -> Option<String> {
    let first = touched.first()?.to_string_lossy().replace('\\', "/");
    Some(match touched.len() {
        1 => first,
        n => format!("{first} and {} more", n - 1),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rebuild_notes_name_the_trigger() {
        let a = Path::new("content/articles/a.md");
        let b = Path::new("static/x.css");
        assert_eq!(describe(&[]), None);
        assert_eq!(describe(&[a]).as_deref(), Some("content/articles/a.md"));
        assert_eq!(
            describe(&[a, b]).as_deref(),
            Some("content/articles/a.md and 1 more")
        );
    }
}
