//! The site model: the loaded [`Library`] with every body rendered to HTML,
//! every reference checked, and the lists the templates need (articles by
//! date, upcoming and past events, FAQ by category, taxonomies, menu)
//! computed once, images processed. The output stages only read it.
//!
//! [`page`] turns items into pages, [`downloads`] resolves the files a
//! page offers, [`lists`] sorts pages into lists, taxonomies and the menu,
//! [`editions`] collects each edition's articles in the editors' order.

mod downloads;
mod editions;
mod lists;
mod page;
mod translations;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::config::{SiteConfig, SiteDirs};
use crate::content::{ArticleSection, FaqCategory, Item, Library};
use crate::error::Result;
use crate::images;
use crate::markdown::Rendered;

use chrono::{DateTime, Utc};
pub use editions::Edition;
pub use translations::{Alternate, LanguageLink, Translations};

/// One content item, rendered.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// What the editor wrote.
    pub item: Item,
    /// Its body as HTML, with summary and table of contents.
    pub content: Rendered,
    /// Root-relative URL including the base path (`/mag/articles/x/`).
    pub url: String,
    /// Absolute URL.
    pub permalink: String,
    /// The cover image as a root-relative or absolute URL.
    pub image: Option<String>,
    /// Gallery images with resolved URLs: (url, caption, alt).
    pub gallery: Vec<(String, String, String)>,
    /// Events: the start of the next occurrence not yet over (for
    /// recurring events), else the start of the last one.
    pub when: Option<DateTime<chrono::FixedOffset>>,
    /// Events: whether an occurrence is still to come.
    pub upcoming: bool,
    /// Files offered for download, resolved and measured.
    pub downloads: Vec<DownloadFile>,
    /// Plain text for cards and previews (see [`Page::description`]),
    /// made once: every list showing the page needs it.
    description: String,
}

impl Page {
    /// Plain text for meta descriptions, cards and previews: the
    /// `description:` or the start of the summary.
    pub fn description(&self) -> String {
        self.description.clone()
    }
}

/// A download as the page lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct DownloadFile {
    /// Link text.
    pub title: String,
    /// Root-relative or absolute URL.
    pub url: String,
    /// File type for readers, e.g. `PDF`.
    pub kind: String,
    /// Size in bytes, when the file is part of the site.
    pub size: Option<u64>,
    /// For files beside a content file: where it is and where it goes in
    /// the output.
    pub copy: Option<(PathBuf, String)>,
}

/// A term of a taxonomy, e.g. the tag "Hof".
#[derive(Debug, PartialEq)]
pub struct Term {
    /// Name as first written.
    pub name: String,
    /// URL slug.
    pub slug: String,
    /// Logical path, `/tags/hof/`.
    pub path: String,
    /// Pages with this term, newest first.
    pub pages: Vec<usize>,
}

/// Which taxonomy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaxonomyKind {
    /// `tags:`.
    Tags,
    /// `categories:`.
    Categories,
    /// `authors:`.
    Authors,
}

impl TaxonomyKind {
    /// All, in display order.
    pub const ALL: [TaxonomyKind; 3] = [
        TaxonomyKind::Tags,
        TaxonomyKind::Categories,
        TaxonomyKind::Authors,
    ];

    /// URL segment and front matter key.
    pub fn key(self) -> &'static str {
        match self {
            TaxonomyKind::Tags => "tags",
            TaxonomyKind::Categories => "categories",
            TaxonomyKind::Authors => "authors",
        }
    }

    pub(crate) fn terms_of(self, item: &Item) -> &[String] {
        match self {
            TaxonomyKind::Tags => &item.tags,
            TaxonomyKind::Categories => &item.categories,
            TaxonomyKind::Authors => &item.authors,
        }
    }
}

/// A taxonomy with its terms sorted by name.
#[derive(Debug, PartialEq)]
pub struct Taxonomy {
    /// Which one.
    pub kind: TaxonomyKind,
    /// Its terms.
    pub terms: Vec<Term>,
    /// Slug → index into `terms`.
    pub by_slug: BTreeMap<String, usize>,
}

impl Taxonomy {
    /// The term with this slug.
    pub fn find(&self, slug: &str) -> Option<&Term> {
        self.by_slug.get(slug).map(|&i| &self.terms[i])
    }
}

/// A FAQ category with its questions in order.
#[derive(Debug, PartialEq)]
pub struct FaqSection {
    /// The category.
    pub category: FaqCategory,
    /// Logical path, `/faq/heizung/`.
    pub path: String,
    /// Questions by `order`, then title.
    pub questions: Vec<usize>,
}

/// A sub-section of `articles/` with its articles (those of the sections
/// below it too), newest first.
#[derive(Debug, PartialEq)]
pub struct SectionList {
    /// The section.
    pub section: ArticleSection,
    /// Logical path of its list, `/articles/inside-rust/`.
    pub path: String,
    /// Its articles, newest first.
    pub articles: Vec<usize>,
}

/// A header menu entry.
#[derive(Debug, Clone, PartialEq)]
pub struct MenuLink {
    /// Label.
    pub name: String,
    /// Root-relative or absolute URL.
    pub url: String,
    /// The language of the page it leads to when that is an untranslated
    /// page of the default language (borrowed with `fallback: true`).
    pub hreflang: Option<crate::config::Language>,
    /// The language of the label when it is that page's title, not text
    /// of the site's language (a menu entry of a language's own `menu:`
    /// may name a borrowed page in that language).
    pub lang: Option<crate::config::Language>,
}

/// What the paginated lists of a [`Site`] (articles, sections, terms)
/// hold, by logical path ([`Site::listings`]). The one-page lists are
/// compared as the pages they make (`render::ListsBefore`).
#[derive(Debug, Clone, PartialEq)]
pub struct Listings {
    /// Each list's pages, by the list's logical path.
    pub paged: BTreeMap<String, Vec<usize>>,
}

/// What a build keeps for later builds under `.kiez-cache`.
#[derive(Clone, Copy)]
pub struct Caches<'a> {
    /// The folder of resized images.
    pub images: &'a Path,
    /// Highlighted code; kept only by builds that render every body.
    pub code: Option<&'a crate::markdown::CodeCache>,
}

/// Everything the renderer needs.
#[derive(Debug)]
pub struct Site {
    /// The configuration.
    pub config: SiteConfig,
    /// "Now" for this build.
    pub now: DateTime<Utc>,
    /// All pages; the index fields below point into it.
    pub pages: Vec<Page>,
    /// `content/index.md`, if present.
    pub home: Option<usize>,
    /// Articles of the main list, newest first (those of sections with
    /// `main_list: false` are only in their section's list).
    pub articles: Vec<usize>,
    /// Sub-sections of `articles/`, in their order.
    pub sections: Vec<SectionList>,
    /// Events not yet over, soonest first.
    pub upcoming: Vec<usize>,
    /// Events that are over, newest first.
    pub past: Vec<usize>,
    /// The FAQ library.
    pub faq: Vec<FaqSection>,
    /// Editions of the magazine, newest first (see [`Edition`];
    /// [`Site::edition`] finds one by ID).
    pub editions: Vec<Edition>,
    /// Plain pages, by menu order then title.
    pub plain: Vec<usize>,
    /// Tags, categories, authors.
    pub taxonomies: Vec<Taxonomy>,
    /// Header navigation.
    pub menu: Vec<MenuLink>,
    /// Source path → page index.
    pub by_source: BTreeMap<String, usize>,
    /// Source path → page URL: what a body's `.md` links became.
    pub links: BTreeMap<String, String>,
    /// Resized variants of the pages' images.
    pub images: images::Images,
}

impl Site {
    /// Renders every body, checks every reference, sorts the lists and
    /// processes the images (cached in `caches.images`): the finished model
    /// the output stages read. Pages of `previous` (the dev server's last
    /// build) are taken as they are for unchanged items, as long as no
    /// page moved to another URL, since a body's HTML depends only on the
    /// item and on the URLs it links to. Without `keep_markdown` each
    /// page lets go of its Markdown (`item.body`) once rendered: nothing
    /// after rendering reads it but `kiez check`, `kiez print` and the
    /// dev server's reuse.
    pub fn new(
        config: SiteConfig,
        library: Library,
        dirs: &SiteDirs,
        now: DateTime<Utc>,
        previous: Option<&Site>,
        caches: Caches,
        keep_markdown: bool,
    ) -> Result<Site> {
        crate::i18n::check_overrides(&config, &dirs.root.join(crate::config::CONFIG_FILE))?;
        let Library {
            items,
            faq_categories,
            sections,
            mut errors,
            failed,
            elsewhere,
            ..
        } = library;
        let links = all_links(&items, &config, elsewhere, failed);
        let previous = page::reusable(previous, &links);
        // Images first: a body's `<img>` carries its variants' sizes.
        let inline = page::inline_images(&items, previous);
        let sources = page::image_sources(&items, &inline, &config, dirs);
        let images = images::process(sources, &dirs.root, config.base_path(), caches.images)
            .unwrap_or_else(|e| {
                errors.push(e);
                images::Images::default()
            });
        let rendered = page::render_all(
            items,
            &links,
            &config,
            dirs,
            (previous, &images, caches.code),
            keep_markdown,
        );
        let mut pages = rendered.unwrap_or_else(|e| {
            errors.push(e);
            Vec::new()
        });
        // Every error found so far, in one report: the checks below would
        // only repeat them.
        if !errors.is_empty() {
            return Err(crate::error::Error::many(errors));
        }
        for page in &mut pages {
            page::schedule(page, now);
        }
        let by_source: BTreeMap<String, usize> = pages
            .iter()
            .enumerate()
            .map(|(i, p)| (p.item.source.clone(), i))
            .collect();
        lists::check_related(&pages, &by_source)?;
        let mut site = Site {
            config,
            now,
            pages,
            home: None,
            articles: Vec::new(),
            sections: Vec::new(),
            upcoming: Vec::new(),
            past: Vec::new(),
            faq: Vec::new(),
            editions: Vec::new(),
            plain: Vec::new(),
            taxonomies: Vec::new(),
            menu: Vec::new(),
            by_source,
            links,
            images,
        };
        site.set_lists(faq_categories, sections);
        Ok(site)
    }

    /// Sorts the pages into the lists (and editions) the templates show.
    fn set_lists(&mut self, categories: Vec<FaqCategory>, sections: Vec<ArticleSection>) {
        let lists = lists::Lists::new(&self.pages, categories, sections, &self.config);
        self.home = lists.home;
        self.articles = lists.articles;
        self.sections = lists.sections;
        self.upcoming = lists.upcoming;
        self.past = lists.past;
        self.faq = lists.faq;
        self.plain = lists.plain;
        self.taxonomies = lists.taxonomies;
        self.menu = lists.menu;
        self.editions = editions::build(&self.pages, &self.by_source);
    }

    /// Sorts the lists again after [`Site::preview`] changed a page: its
    /// new title or date may move it, its new tags put it on other term
    /// lists. What the lists are made from (categories, sections) stays.
    pub fn relist(&mut self) {
        let categories = self.faq.iter().map(|f| f.category.clone()).collect();
        let sections = self.sections.iter().map(|s| s.section.clone()).collect();
        self.set_lists(categories, sections);
    }

    /// The pages of every paginated list, for telling which list pages
    /// an edit changed ([`Site::relist`]).
    pub fn listings(&self) -> Listings {
        let terms = self.taxonomies.iter().flat_map(|t| &t.terms);
        let paged = std::iter::once(("/articles/", &self.articles))
            .chain(self.sections.iter().map(|s| (s.path.as_str(), &s.articles)))
            .chain(terms.map(|t| (t.path.as_str(), &t.pages)))
            .map(|(path, pages)| (path.to_string(), pages.clone()))
            .collect();
        Listings { paged }
    }

    /// The page made from the content file at `source` (`articles/x.md`).
    pub fn page(&self, source: &str) -> Option<&Page> {
        self.by_source.get(source).map(|&i| &self.pages[i])
    }

    /// Puts `item`, an edit of the content file at `source`, in the
    /// place of its page, rendered against the rest of this site as it
    /// is: the dev server's preview of the page being edited, served
    /// before the build that brings lists and feeds up to date. Returns
    /// the page's index; `None` when the edit changes what other pages
    /// were made from (see `page::preview`) or the page fails to render
    /// (the build will say why).
    pub fn preview(&mut self, source: &str, item: Item, dirs: &SiteDirs) -> Option<usize> {
        let index = *self.by_source.get(source)?;
        let page = page::preview(self, index, item, dirs).ok()??;
        self.pages[index] = page;
        Some(index)
    }

    /// The taxonomy of a kind.
    pub fn taxonomy(&self, kind: TaxonomyKind) -> &Taxonomy {
        self.taxonomies
            .iter()
            .find(|t| t.kind == kind)
            .expect("all taxonomies are built")
    }
}

/// Source path → URL of every page a body may link to: the pages of
/// `items`, pages this language lacks (`elsewhere`: a link leads to the
/// original) and files that failed to load (their error, not the
/// linking page's; the link goes nowhere).
fn all_links(
    items: &[Item],
    config: &SiteConfig,
    elsewhere: Vec<(String, String)>,
    failed: Vec<String>,
) -> BTreeMap<String, String> {
    let mut links = page::links(items, config);
    for (source, url) in elsewhere {
        links.entry(source).or_insert(url);
    }
    for source in failed {
        links.entry(source).or_insert_with(|| "#".into());
    }
    links
}
