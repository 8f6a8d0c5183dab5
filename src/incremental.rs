//! What the dev server keeps from one build for the next, so that saving
//! one article costs about one article's work instead of a whole site's.
//!
//! There is no second pipeline: [`crate::generate`] runs every stage as
//! for `kiez build`, and a stage that finds something reusable in
//! [`Reuse`] takes it instead of recomputing it:
//!
//! - `content::load` parses only files whose text changed;
//! - `Site::new` renders Markdown only for changed items, unless a page
//!   moved to another URL (bodies link to other pages by URL);
//! - `social::plan` keeps the hashes of unchanged share cards (hashing
//!   means laying the card out);
//! - the template engine is kept;
//! - `render_site` and `render_feeds` render only the pages and feeds that
//!   show a changed page, when the site kept its [shape](same_shape): the
//!   same pages at the same URLs, in the same lists and terms, with the
//!   same images, header and footer, and the same feeds holding the same
//!   pages. Otherwise everything.
//!
//! A page "changed" when its model differs from the last build's
//! (`Page: PartialEq`), which also catches an event whose next date moved.
//! What a render job shows is listed next to the job (`render::shows`);
//! tests/testsuite/incremental.rs edits fixture sites in many ways and
//! checks every rebuilt file against a fresh build, byte for byte.
//!
//! Only edits to content files (`content/**/*.md`) can be reused this way:
//! a page also depends on templates, the config, bundle assets and files
//! in `static/` (image sizes, download sizes), so the caller starts from a
//! fresh `Reuse` when anything else changed (see `serve::rebuild_for`). The one
//! input not tracked is the clock: a site template that prints `now`
//! shows, on pages not rendered again, the time of an earlier build.

use std::sync::Arc;

use crate::config::SiteConfig;
use crate::content::ParseCache;
use crate::error::Result;
use crate::feeds::FeedSpec;
use crate::util::artifact::OutputFile;
use crate::render::views::{PageView, SiteView};
use crate::render::Renderer;
use crate::site::Site;
use crate::social::Social;

/// Results of earlier builds that the next build may reuse. A default
/// `Reuse` keeps nothing: `kiez build` renders everything and holds no
/// copies.
#[derive(Default)]
pub struct Reuse {
    /// Whether the search index is left to the caller.
    defer_search: bool,
    /// Parsed content files; `None` when this `Reuse` keeps nothing.
    pub(crate) parsed: Option<ParseCache>,
    renderer: Option<Renderer>,
    pub(crate) last: Option<Last>,
}

/// The last good build, as far as the next one can use it.
pub(crate) struct Last {
    pub site: Arc<Site>,
    pub social: Social,
    /// The feeds of `site`, for [`Delta::between`].
    pub feed_specs: Vec<FeedSpec>,
    /// `render::render_site`'s files, in job order.
    pub pages: Vec<OutputFile>,
    /// `feeds::render_feeds`'s files, in feed order.
    pub feeds: Vec<OutputFile>,
}

impl Reuse {
    /// Keeps each build's results for the next one (the dev server).
    /// `defer_search` leaves the search index out of [`crate::Generated`],
    /// for the caller to render with [`crate::search::render_index`] once
    /// the changed page is served: it is the one output that depends on
    /// every page's text.
    pub fn between_builds(defer_search: bool) -> Self {
        Reuse {
            defer_search,
            parsed: Some(ParseCache::default()),
            ..Reuse::default()
        }
    }

    /// Marks the file at `rel` (relative to `content/`) as changed since
    /// the last build: the next build reads it again.
    pub fn content_changed(&mut self, rel: &std::path::Path) {
        if let Some(parsed) = self.parsed.as_mut() {
            let rel: Vec<_> = rel.iter().map(|part| part.to_string_lossy()).collect();
            parsed.mark_changed(rel.join("/"));
        }
    }

    /// Forgets everything, for a change that invalidates all of it (a
    /// template, the config, an asset).
    pub fn forget(&mut self) {
        *self = Reuse::between_builds(self.defer_search);
    }

    /// Whether the search index is left to the caller.
    pub fn defers_search(&self) -> bool {
        self.defer_search
    }

    /// Loads the template engine unless the last build's is kept.
    pub(crate) fn load_renderer(
        &mut self,
        templates: &std::path::Path,
        config: &SiteConfig,
    ) -> Result<()> {
        if self.renderer.is_none() {
            self.renderer = Some(Renderer::new(templates, config)?);
        }
        Ok(())
    }

    /// The template engine; [`Reuse::load_renderer`] comes first.
    pub(crate) fn renderer(&self) -> &Renderer {
        self.renderer.as_ref().expect("load_renderer runs first")
    }

    /// What changed since the last build, if one is kept and `site` (with
    /// its `feeds`) has its shape.
    pub(crate) fn delta(&self, site: &Site, feeds: &[FeedSpec]) -> Option<Delta<'_>> {
        self.last
            .as_ref()
            .and_then(|last| Delta::between(last, site, feeds))
    }

    /// The last build's site model, if kept.
    pub(crate) fn last_site(&self) -> Option<&Site> {
        self.last.as_ref().map(|last| last.site.as_ref())
    }

    /// Keeps this build's results, if this `Reuse` keeps anything.
    pub(crate) fn remember(
        &mut self,
        site: &Arc<Site>,
        social: Social,
        feed_specs: Vec<FeedSpec>,
        pages: Vec<OutputFile>,
        feeds: Vec<OutputFile>,
    ) {
        if self.parsed.is_some() {
            self.last = Some(Last {
                site: Arc::clone(site),
                social,
                feed_specs,
                pages,
                feeds,
            });
        }
    }
}

/// Which pages changed since the last build of a site that kept its
/// shape, and that build's output to take the rest from.
pub struct Delta<'a> {
    /// By page index: anything about the page changed.
    changed: Vec<bool>,
    /// By page index: what lists show of the page changed.
    card_changed: Vec<bool>,
    /// The last build's rendered pages, in job order.
    pub(crate) pages: &'a [OutputFile],
    /// The last build's feeds, in feed order.
    pub(crate) feeds: &'a [OutputFile],
}

impl<'a> Delta<'a> {
    /// The difference between `last` and `site` with its `feeds`, or
    /// `None` when `site` changed shape (and so everything must be
    /// rendered). Feeds count as shape too: their files are taken over by
    /// position, and what a feed holds depends on dates and limits.
    pub(crate) fn between(last: &'a Last, site: &Site, feeds: &[FeedSpec]) -> Option<Self> {
        if last.feed_specs != feeds || !same_shape(&last.site, site) {
            return None;
        }
        let changed: Vec<bool> = last
            .site
            .pages
            .iter()
            .zip(&site.pages)
            .map(|(old, new)| old != new)
            .collect();
        // Most edits change a body, not its title or summary: then lists
        // showing the page stay as they are.
        let card = |site: &Site, i: usize| serde_json::to_vec(&PageView::card(site, i)).ok();
        let card_changed = (0..changed.len())
            .map(|i| changed[i] && card(&last.site, i) != card(site, i))
            .collect();
        Some(Delta {
            changed,
            card_changed,
            pages: &last.pages,
            feeds: &last.feeds,
        })
    }

    /// Whether a page or feed showing `shows` must be rendered again.
    pub fn touches(&self, shows: &Shows) -> bool {
        shows.full.iter().any(|&i| self.changed[i])
            || shows.cards.iter().any(|&i| self.card_changed[i])
    }

    /// How many of `pages` and `feeds` (this build's) were taken over
    /// from the last build rather than rendered.
    pub(crate) fn reused(&self, pages: &[OutputFile], feeds: &[OutputFile]) -> usize {
        let same = |new: &[OutputFile], old: &[OutputFile]| {
            new.iter()
                .zip(old)
                .filter(|(a, b)| Arc::ptr_eq(&a.bytes, &b.bytes))
                .count()
        };
        same(pages, self.pages) + same(feeds, self.feeds)
    }
}

/// The pages an output shows (indices into `site.pages`): whole, or as
/// the cards that lists are made of.
pub struct Shows {
    pub full: Vec<usize>,
    pub cards: Vec<usize>,
}

impl Shows {
    /// Shows `pages` whole.
    pub fn whole(pages: &[usize]) -> Self {
        Shows {
            full: pages.to_vec(),
            cards: Vec::new(),
        }
    }
}

/// Whether `new` has the shape of `old`: the same pages at the same URLs,
/// the same lists (articles, events, FAQ, menu), terms and images, and the
/// same site-wide template data (header, footer). Then every render job
/// and feed of `new` is the one at the same position in `old`, and only
/// what shows a changed page needs rendering again.
pub fn same_shape(old: &Site, new: &Site) -> bool {
    let site_view = |site: &Site| serde_json::to_string(&SiteView::new(site)).ok();
    old.pages.len() == new.pages.len()
        && old.pages.iter().zip(&new.pages).all(|(a, b)| {
            a.item.source == b.item.source
                && a.item.kind == b.item.kind
                && a.url == b.url
                && a.item.aliases == b.item.aliases
        })
        && old.home == new.home
        && old.articles == new.articles
        && old.upcoming == new.upcoming
        && old.past == new.past
        && old.plain == new.plain
        && old.faq == new.faq
        && old.taxonomies == new.taxonomies
        && old.menu == new.menu
        && old.images.by_url == new.images.by_url
        && old.images.replaced == new.images.replaced
        && site_view(old) == site_view(new)
}
