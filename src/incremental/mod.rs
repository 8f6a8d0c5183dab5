//! What the dev server keeps from one build for the next, so that saving
//! one article costs about one article's work instead of a whole site's.
//! This module is the only place that knows builds are reused; the stages
//! it feeds (`content`, `site`, `render`) offer plain functions, and what
//! is reused is decided by comparing what an output is made from:
//!
//! - `content::load` parses only files the watcher marked as changed;
//! - `Site::new` takes a page's rendered Markdown from the last build when
//!   its item is equal and no page moved to another URL (a body links to
//!   other pages by URL);
//! - the template engine is kept (any change to templates, the config or
//!   an asset starts from a fresh `Reuse`: see `serve::rebuild_for`);
//! - a page is rendered again unless its fingerprint (a hash of its
//!   template, path and whole template context, which `render` offers
//!   for every prepared page) equals that of a page of the last build
//!   ([`Reuse::render_pages`]). The context is everything a template can
//!   read, so a reused page is the page a fresh build would render: no
//!   list of what shows what has to be kept in step.
//!
//! - [`Reuse::preview`] serves one edited page before any of this runs:
//!   the file parsed again and its page rendered against the last site
//!   model, which takes the new page in, so the rebuild that follows
//!   still compares against what was built from the files. Then
//!   [`Reuse::preview_lists`] sorts that model's lists again and renders
//!   the list pages that show the page, the one-page lists and feeds
//!   that changed, and [`Reuse::preview_moved`] the list pages whose
//!   cards it moved: a title or date edit reaches its lists in tens of
//!   milliseconds on 10,000 articles. What changed is read off the lists
//!   themselves (which pages each list page holds, before and after), so
//!   here too no list of what shows what is kept; pages that name the
//!   page otherwise (related questions) wait for the rebuild, which
//!   checks everything the previews made.
//!
//! - [`Demand`]s: the dev server's first build answers the pages asked
//!   for while it renders, before it is done ([`demand`]).
//!
//! Share cards are named by a hash of their inputs and cached on disk, so
//! they need nothing from here; feeds, the sitemap and calendars are
//! cheap and always rendered. tests/testsuite/incremental/ edits a
//! site in many ways and checks every rebuild against a fresh build,
//! byte for byte.

mod demand;

use std::collections::HashMap;
use std::sync::mpsc::Receiver;
use std::sync::Arc;

pub(crate) use demand::Assets;
pub use demand::{Demand, Found};

use crate::config::{SiteConfig, SiteDirs};
use crate::content::{LoadOptions, ParseCache};
use crate::error::Result;
use crate::feeds::FeedSpec;
use crate::render::{Change, ListsBefore, Pages, Renderer};
use crate::site::{Site, Translations};
use crate::social::Social;
use crate::util::artifact::{OutputFile, Sink};

/// Results of earlier builds that the next build may reuse. A default
/// `Reuse` keeps nothing: `kiez build` renders everything and holds no
/// copies.
#[derive(Default)]
pub struct Reuse {
    /// Whether the search index is left to the caller.
    defer_search: bool,
    /// Whether the next build leaves its share images to
    /// [`Reuse::late_cards`]: the dev server's first build, so that a
    /// big site is served before thousands of cards are drawn.
    cards_later: bool,
    /// Parsed content files; `None` when this `Reuse` keeps nothing.
    pub(crate) parsed: Option<ParseCache>,
    renderer: Option<Renderer>,
    /// The last good build's site model.
    last_site: Option<Arc<Site>>,
    /// The last good build's share images and feeds, for
    /// [`Reuse::preview`].
    last_social: Option<Social>,
    last_feeds: Vec<FeedSpec>,
    /// The last good build's pages of all languages, grouped (a
    /// multilingual site's language switcher).
    last_translations: Option<Arc<Translations>>,
    /// The last good build's pages, by the hash of what they were
    /// rendered from.
    pages: HashMap<u64, OutputFile>,
    /// Content files (relative to `content/`, `/`-separated) marked as
    /// changed since the last build.
    edited: Vec<String>,
    /// The page [`Reuse::preview`] served last, for
    /// [`Reuse::preview_lists`].
    previewed: Option<usize>,
    /// The page [`Reuse::preview_lists`] previewed the lists of, and
    /// what they held before, for [`Reuse::preview_moved`].
    moved: Option<(usize, ListsBefore)>,
    /// Pages asked for while the next build renders ([`demand`]).
    demands: Option<Receiver<Demand>>,
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
            cards_later: defer_search,
            parsed: Some(ParseCache::default()),
            ..Reuse::default()
        }
    }

    /// Marks the file at `rel` (relative to `content/`) as changed since
    /// the last build: the next build reads it again.
    pub fn content_changed(&mut self, rel: &std::path::Path) {
        if let Some(parsed) = self.parsed.as_mut() {
            parsed.mark_changed(source_of(rel));
            self.edited.push(source_of(rel));
        }
    }

    /// The pages of `site` made from the files marked as changed since
    /// the last build; forgets the marks.
    pub(crate) fn edited_pages(&mut self, site: &Site) -> Vec<usize> {
        let edited = std::mem::take(&mut self.edited);
        if edited.is_empty() {
            return Vec::new();
        }
        (0..site.pages.len())
            .filter(|&i| edited.contains(&site.pages[i].item.source))
            .collect()
    }

    /// Forgets everything, for a change that invalidates all of it (a
    /// template, the config, an asset).
    pub fn forget(&mut self) {
        *self = Reuse {
            cards_later: false,
            ..Reuse::between_builds(self.defer_search)
        };
    }

    /// Answers `demands` while the next build renders its pages (the
    /// dev server's first build, which it serves before it is done).
    pub fn answer_demands(&mut self, demands: Receiver<Demand>) {
        self.demands = Some(demands);
    }

    /// Drops the demands not answered (a build that failed before its
    /// pages): their askers learn that the build has no answer.
    pub fn stop_answering(&mut self) {
        self.demands = None;
    }

    /// Whether the next build answers demands, and so needs [`Assets`].
    pub(crate) fn answers_demands(&self) -> bool {
        self.demands.is_some()
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

    /// The last build's site model, if kept.
    pub(crate) fn last_site(&self) -> Option<&Site> {
        self.last_site.as_deref()
    }

    /// Renders `pages` with the kept template engine. A page made from
    /// the same template, path and context as a page of the last build is
    /// that page again. Hands each page to `sink` as it is rendered;
    /// returns the files it kept, in page order, and how many were reused.
    /// Meanwhile answers the demands the dev server passed, once, from
    /// `pages` and `assets`.
    pub(crate) fn render_pages(
        &mut self,
        pages: &Pages,
        sink: &Sink,
        assets: Option<Assets>,
    ) -> Result<(Vec<OutputFile>, usize)> {
        let renderer = self.renderer.as_ref().expect("load_renderer runs first");
        let last = self.parsed.is_some().then_some(&mut self.pages);
        match (self.demands.take(), assets) {
            (Some(demands), Some(assets)) => {
                let work = || render_all(renderer, last, pages, sink);
                demand::answering(demands, (pages, renderer, &assets), work).0
            }
            _ => render_all(renderer, last, pages, sink),
        }
    }

    /// Whether this build of `site` leaves drawing its share images to
    /// [`Reuse::late_cards`] (a one-language site's first dev build).
    pub(crate) fn cards_later(&self, site: &Site) -> bool {
        self.cards_later && !site.config.is_multilingual()
    }

    /// The share images a build left for later ([`Reuse::cards_later`]),
    /// drawn where not in `cache_dir`: files (captions, and images when
    /// the cache cannot be written) and links into the cache. `None`
    /// when no build left them; each build's are drawn once.
    pub fn late_cards(
        &mut self,
        cache_dir: &std::path::Path,
    ) -> Option<Result<(Vec<OutputFile>, Vec<crate::util::artifact::Copy>)>> {
        let site = self.last_site.as_ref()?;
        let later = self.cards_later(site);
        self.cards_later = false;
        let social = self.last_social.as_ref().filter(|_| later)?;
        Some(crate::social::render_cards(social, cache_dir).map(|(files, links, _)| (files, links)))
    }

    /// Keeps this build's share images and feeds, if this `Reuse` keeps
    /// anything.
    pub(crate) fn remember_plan(&mut self, social: Social, feeds: Vec<FeedSpec>) {
        if self.parsed.is_some() {
            self.last_social = Some(social);
            self.last_feeds = feeds;
        }
    }

    /// The page of the content file at `rel` (relative to `content/`),
    /// read again and rendered against the last build's site, which
    /// takes it in: what an edit to one page looks like, in a few
    /// milliseconds, while the build that follows brings lists, feeds
    /// and the page's share card up to date (and checks what this
    /// skips). `None` when the last build's model is not at hand (none
    /// yet, or shared), for a translation (only the default language's
    /// model is kept), and when the edit moves the page, hides it,
    /// changes its images or does not render: the build handles those.
    pub fn preview(
        &mut self,
        dirs: &SiteDirs,
        drafts: bool,
        rel: &std::path::Path,
    ) -> Option<Vec<OutputFile>> {
        let site = Arc::get_mut(self.last_site.as_mut()?)?;
        let (renderer, social) = (self.renderer.as_ref()?, self.last_social.as_ref()?);
        let source = source_of(rel);
        // Only the default language's model is kept.
        let (_, lang) = crate::content::translation::split_lang(&source, &site.config);
        if lang != site.config.language {
            return None;
        }
        let text = std::fs::read_to_string(dirs.content.join(rel)).ok()?;
        let opts = LoadOptions {
            content_dir: &dirs.content,
            config: &site.config,
            drafts,
            now: site.now,
        };
        let old = site.page(&source)?;
        let item = crate::content::reparse(&opts, &source, &text, &old.item).ok()??;
        let index = site.preview(&source, item, dirs)?;
        let pages = Pages::new(site, renderer, &self.last_feeds, social)
            .with_translations(self.last_translations.clone());
        let files = pages.render_some(renderer, &[index]).ok()?;
        self.previewed = Some(index);
        Some(prefixed(site, files))
    }

    /// After [`Reuse::preview`], the lists and feeds that show the
    /// previewed page: the lists sorted again with its new title, date
    /// or terms, and the list pages that show its card and the feeds
    /// that changed rendered against the last build's site ([`Change`]),
    /// so that a title edit reaches its tag pages in milliseconds rather
    /// than after the whole rebuild, which follows and checks them.
    /// [`Reuse::preview_moved`] renders the other list pages it moved.
    pub fn preview_lists(&mut self) -> Option<Vec<OutputFile>> {
        let edited = self.previewed.take()?;
        let site = Arc::get_mut(self.last_site.as_mut()?)?;
        let (renderer, social) = (self.renderer.as_ref()?, self.last_social.as_ref()?);
        let before = Pages::new(site, renderer, &self.last_feeds, social)
            .with_translations(self.last_translations.clone())
            .lists_before();
        site.relist();
        let feeds = crate::feeds::specs(site);
        let last: HashMap<&str, &FeedSpec> = self
            .last_feeds
            .iter()
            .map(|f| (f.dir.as_str(), f))
            .collect();
        let changed: Vec<FeedSpec> = feeds
            .iter()
            .filter(|f| f.items.contains(&edited) || last.get(f.dir.as_str()).copied() != Some(f))
            .cloned()
            .collect();
        self.last_feeds = feeds;
        let mut files = self.render_wave(edited, &before, Change::Shows)?;
        let site = self.last_site.as_deref()?;
        let feeds = crate::feeds::render_feeds(site, &changed, &Sink::keep()).ok()?;
        files.extend(prefixed(site, feeds));
        self.moved = Some((edited, before));
        Some(files)
    }

    /// After [`Reuse::preview_lists`], the list pages whose cards the
    /// edit moved without showing the edited page (a date edit shifts
    /// every page between its old place and its new one).
    pub fn preview_moved(&mut self) -> Option<Vec<OutputFile>> {
        let (edited, before) = self.moved.take()?;
        self.render_wave(edited, &before, Change::Moved)
    }

    /// The pages of the last build's site that changed in `wave` since
    /// `before` (see [`Pages::render_stale`]).
    fn render_wave(
        &self,
        edited: usize,
        before: &ListsBefore,
        wave: Change,
    ) -> Option<Vec<OutputFile>> {
        let site = self.last_site.as_deref()?;
        let (renderer, social) = (self.renderer.as_ref()?, self.last_social.as_ref()?);
        let files = Pages::new(site, renderer, &self.last_feeds, social)
            .with_translations(self.last_translations.clone())
            .render_stale(renderer, before, edited, wave)
            .ok()?;
        Some(prefixed(site, files))
    }

    /// Keeps this build's site model (of the default language) and the
    /// grouping of all languages' pages, if this `Reuse` keeps anything.
    pub(crate) fn remember(&mut self, site: &Arc<Site>, translations: Option<Arc<Translations>>) {
        self.previewed = None;
        self.moved = None;
        if self.parsed.is_some() {
            self.last_site = Some(Arc::clone(site));
            self.last_translations = translations;
        }
    }
}

/// [`Reuse::render_pages`]: `last` holds the last build's pages by
/// fingerprint and takes this build's; `None` when nothing is kept.
fn render_all(
    renderer: &Renderer,
    last: Option<&mut HashMap<u64, OutputFile>>,
    pages: &Pages,
    sink: &Sink,
) -> Result<(Vec<OutputFile>, usize)> {
    let Some(last) = last else {
        let files = pages.render_each(|page| sink.put(pages.render_page(renderer, page)?))?;
        return Ok((files.into_iter().flatten().collect(), 0));
    };
    let files: Vec<(u64, OutputFile, bool)> = pages.render_each(|page| {
        let key = pages.fingerprint(&page);
        match last.get(&key) {
            Some(file) => Ok((key, file.clone(), true)),
            None => pages
                .render_page(renderer, page)
                .map(|file| (key, file, false)),
        }
    })?;
    let reused = files.iter().filter(|(_, _, reused)| *reused).count();
    let (keys, files): (Vec<u64>, Vec<OutputFile>) =
        files.into_iter().map(|(key, file, _)| (key, file)).unzip();
    let kept = sink.put_all(files)?;
    // The next build reuses each page as the sink kept it (packed, for
    // the dev server), so the two share one copy of the bytes; a sink
    // that wrote the pages kept none.
    *last = if kept.len() == keys.len() {
        keys.into_iter().zip(kept.iter().cloned()).collect()
    } else {
        HashMap::new()
    };
    Ok((kept, reused))
}

/// `files` of `site` at their paths in the output: a multilingual
/// site's languages other than the default live under their prefix.
fn prefixed(site: &Site, mut files: Vec<OutputFile>) -> Vec<OutputFile> {
    let prefix = site.config.lang_prefix(site.config.language);
    for file in &mut files {
        file.path.insert_str(0, &prefix);
    }
    files
}

/// A content file's path below `content/` as items name it
/// (`articles/x.md`, `/`-separated on every system).
fn source_of(rel: &std::path::Path) -> String {
    let parts: Vec<_> = rel.iter().map(|part| part.to_string_lossy()).collect();
    parts.join("/")
}
