//! Pages asked for while the dev server's first build renders. `kiez
//! serve` listens from the start; a page a browser asks for before the
//! build has served it is rendered at once, on a thread beside the
//! build's, from the same site model and templates, so it is the bytes
//! the build makes of it. Theme files, static files and bundle assets
//! are found without rendering; feeds, the sitemap, calendars and the
//! search index wait for the build (the dev server holds such requests
//! until it is served).

use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::Duration;

use crate::render::{Pages, Renderer};
use crate::site::Site;
use crate::util::artifact::{Copy, OutputFile};

/// How often the answering thread looks whether the build is done.
const POLL: Duration = Duration::from_millis(20);

/// A file of the build in progress, found for a [`Demand`].
#[derive(Debug)]
pub enum Found {
    /// A page, rendered; the build hands its pages to its sink (which
    /// packs them for the dev server).
    Page(OutputFile),
    /// A theme file, which the build keeps as it is.
    File(OutputFile),
    /// A file served from disk (`static/`, a bundle asset, an image).
    Copy(Copy),
}

/// A request for one output file while the first build runs.
pub struct Demand {
    /// The output path asked for (`articles/x/index.html`).
    pub path: String,
    /// Called once with what was found, `None` when the build makes no
    /// such page or asset (it may still make a feed of that name). A
    /// demand the build did not reach is dropped uncalled.
    pub answer: Box<dyn FnOnce(Option<Found>) + Send>,
}

/// What demands are answered from besides pages: the theme's files, the
/// files of `static/` and the pages' copies, by output path.
pub(crate) struct Assets {
    files: HashMap<String, OutputFile>,
    copies: HashMap<String, Copy>,
}

impl Assets {
    /// The assets of `site` (the default language's) and `statics` (the
    /// files of `static/`), at their output paths. Later copies win, as
    /// when the output is written.
    pub(crate) fn of(site: &Site, statics: Vec<Copy>) -> Self {
        let files = crate::render::theme_files(&site.config);
        let prefix = site.config.lang_prefix(site.config.language);
        let own = site
            .copies()
            .into_iter()
            .chain(site.images.links.iter().cloned());
        let own = own.map(|mut copy| {
            copy.to.insert_str(0, &prefix);
            copy
        });
        Assets {
            files: files.into_iter().map(|f| (f.path.clone(), f)).collect(),
            copies: own.chain(statics).map(|c| (c.to.clone(), c)).collect(),
        }
    }

    /// The copy to `path`: copies shadow rendered files of their path.
    fn copy(&self, path: &str) -> Option<Found> {
        Some(Found::Copy(self.copies.get(path)?.clone()))
    }

    fn file(&self, path: &str) -> Option<Found> {
        Some(Found::File(self.files.get(path)?.clone()))
    }
}

/// Runs `work` (rendering every page of `pages`) while another thread
/// answers `demands` from `pages` and `assets`; the demands queued when
/// `work` ends are answered too. Returns `work`'s result and `demands`.
pub(crate) fn answering<T>(
    demands: Receiver<Demand>,
    (pages, renderer, assets): (&Pages, &Renderer, &Assets),
    work: impl FnOnce() -> T,
) -> (T, Receiver<Demand>) {
    let site = pages.site();
    let prefix = site.config.lang_prefix(site.config.language);
    let page = |path: &str| {
        let rel = path.strip_prefix(prefix.as_str())?;
        let mut file = pages.render_output(renderer, rel)?.ok()?;
        file.path.insert_str(0, &prefix);
        Some(Found::Page(file))
    };
    let find = |path: &str| {
        assets
            .copy(path)
            .or_else(|| page(path))
            .or_else(|| assets.file(path))
    };
    let done = AtomicBool::new(false);
    std::thread::scope(|scope| {
        let answers = scope.spawn(|| {
            loop {
                let finished = done.load(Ordering::Acquire);
                let wait = if finished { Duration::ZERO } else { POLL };
                match demands.recv_timeout(wait) {
                    Ok(demand) => {
                        // A page that panics here fails the build too,
                        // which reports it; the asker waits for that.
                        let found =
                            std::panic::catch_unwind(AssertUnwindSafe(|| find(&demand.path)));
                        if let Ok(found) = found {
                            (demand.answer)(found);
                        }
                    }
                    Err(RecvTimeoutError::Timeout) if !finished => {}
                    Err(_) => return demands,
                }
            }
        });
        let result = {
            let _done = SetOnDrop(&done);
            work()
        };
        let demands = answers.join().expect("answers catch panics");
        (result, demands)
    })
}

/// Sets its flag when dropped, also while unwinding: the answering
/// thread must end for the scope to end.
struct SetOnDrop<'a>(&'a AtomicBool);

impl Drop for SetOnDrop<'_> {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Release);
    }
}
