//! The site model: the loaded [`Library`] with every body rendered to HTML,
//! every reference checked, and the lists the templates need (articles by
//! date, upcoming and past events, FAQ by category, taxonomies, menu)
//! computed once. Rendering only reads it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use rayon::prelude::*;

use crate::config::{SiteConfig, SiteDirs};
use crate::content::slug::slugify;
use crate::content::{recurrence, FaqCategory, Item, Kind, Library};
use crate::error::{Result, SourceError};
use crate::markdown::{self, MarkdownOptions, Rendered};

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

/// Bundle files with these extensions are listed as downloads without
/// being named in `downloads:`.
const DOCUMENT_EXTENSIONS: &[&str] = &[
    "pdf", "doc", "docx", "odt", "xls", "xlsx", "ods", "ppt", "pptx", "odp", "zip", "csv", "txt",
    "rtf",
];

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

    fn terms_of(self, item: &Item) -> &[String] {
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

/// A header menu entry.
#[derive(Debug, Clone, PartialEq)]
pub struct MenuLink {
    /// Label.
    pub name: String,
    /// Root-relative or absolute URL.
    pub url: String,
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
    /// Articles, newest first.
    pub articles: Vec<usize>,
    /// Events not yet over, soonest first.
    pub upcoming: Vec<usize>,
    /// Events that are over, newest first.
    pub past: Vec<usize>,
    /// The FAQ library.
    pub faq: Vec<FaqSection>,
    /// Plain pages, by menu order then title.
    pub plain: Vec<usize>,
    /// Tags, categories, authors.
    pub taxonomies: Vec<Taxonomy>,
    /// Header navigation.
    pub menu: Vec<MenuLink>,
    /// Source path → page index.
    pub by_source: BTreeMap<String, usize>,
    /// Resized variants of the pages' images (filled in by
    /// [`crate::images::process`] once the pages are known).
    pub images: crate::images::Images,
}

impl Site {
    /// Renders every body and checks every reference. Pages of `previous`
    /// (the dev server's last build) are taken as they are for unchanged
    /// items, as long as no page moved to another URL, since a body's
    /// HTML depends only on the item and on the URLs it links to.
    pub fn new(
        config: SiteConfig,
        library: Library,
        dirs: &SiteDirs,
        now: DateTime<Utc>,
        previous: Option<&Site>,
    ) -> Result<Site> {
        let links: BTreeMap<String, String> = library
            .items
            .iter()
            .map(|i| (i.source.clone(), config.site_url(&i.path)))
            .collect();
        let previous = previous.filter(|p| {
            p.by_source.len() == links.len()
                && links
                    .iter()
                    .all(|(source, url)| p.page(source).is_some_and(|page| page.url == *url))
        });
        let mut pages: Vec<Page> = library
            .items
            .into_par_iter()
            .map(|item| {
                match previous
                    .and_then(|p| p.page(&item.source))
                    .filter(|page| page.item == item)
                {
                    Some(page) => Ok(page.clone()),
                    None => render_page(item, &links, &config, dirs),
                }
            })
            .collect::<Result<_>>()?;
        for page in &mut pages {
            if let Some(event) = &page.item.event {
                let next = recurrence::next_occurrence(event, now);
                page.upcoming = next.is_some();
                page.when = next.or_else(|| recurrence::occurrences(event).last().copied());
            }
        }
        let by_source: BTreeMap<String, usize> = pages
            .iter()
            .enumerate()
            .map(|(i, p)| (p.item.source.clone(), i))
            .collect();
        check_related(&pages, &by_source)?;

        let of_kind = |kind: Kind| -> Vec<usize> {
            (0..pages.len())
                .filter(|&i| pages[i].item.kind == kind)
                .collect()
        };
        let mut articles = of_kind(Kind::Article);
        articles.sort_by(|&a, &b| newest_first(&pages[a], &pages[b]));
        let (mut upcoming, mut past): (Vec<usize>, Vec<usize>) = of_kind(Kind::Event)
            .into_iter()
            .partition(|&i| pages[i].upcoming);
        upcoming.sort_by_key(|&i| (pages[i].when, pages[i].item.title.clone()));
        past.sort_by(|&a, &b| {
            pages[b]
                .when
                .cmp(&pages[a].when)
                .then_with(|| pages[a].item.title.cmp(&pages[b].item.title))
        });
        let mut plain = of_kind(Kind::Page);
        plain.sort_by_key(|&i| {
            (
                pages[i].item.menu.unwrap_or(i64::MAX),
                pages[i].item.title.clone(),
            )
        });

        let faq = library
            .faq_categories
            .into_iter()
            .map(|category| {
                let mut questions: Vec<usize> = (0..pages.len())
                    .filter(|&i| {
                        pages[i]
                            .item
                            .faq
                            .as_ref()
                            .is_some_and(|f| f.category == category.slug)
                    })
                    .collect();
                questions.sort_by_key(|&i| {
                    let order = pages[i].item.faq.as_ref().map_or(0, |f| f.order);
                    (order, pages[i].item.title.clone())
                });
                FaqSection {
                    path: format!("/faq/{}/", category.slug),
                    category,
                    questions,
                }
            })
            .collect();

        let taxonomies = TaxonomyKind::ALL
            .iter()
            .map(|&kind| build_taxonomy(kind, &pages))
            .collect();
        let menu = build_menu(&config, &pages, &plain);
        let home = of_kind(Kind::Home).first().copied();
        Ok(Site {
            config,
            now,
            pages,
            home,
            articles,
            upcoming,
            past,
            faq,
            plain,
            taxonomies,
            menu,
            by_source,
            images: Default::default(),
        })
    }

    /// The page made from the content file at `source` (`articles/x.md`).
    pub fn page(&self, source: &str) -> Option<&Page> {
        self.by_source.get(source).map(|&i| &self.pages[i])
    }

    /// The taxonomy of a kind.
    pub fn taxonomy(&self, kind: TaxonomyKind) -> &Taxonomy {
        self.taxonomies
            .iter()
            .find(|t| t.kind == kind)
            .expect("all taxonomies are built")
    }
}

fn newest_first(a: &Page, b: &Page) -> std::cmp::Ordering {
    b.item
        .date
        .cmp(&a.item.date)
        .then_with(|| a.item.title.cmp(&b.item.title))
}

fn render_page(
    item: Item,
    links: &BTreeMap<String, String>,
    config: &SiteConfig,
    dirs: &SiteDirs,
) -> Result<Page> {
    let url = config.site_url(&item.path);
    let is_bundle = item.bundle_dir.is_some();
    let content = markdown::render(
        &item.body,
        &MarkdownOptions {
            links,
            source: &item.source,
            asset_base: is_bundle.then_some(url.as_str()),
            slugify,
        },
    );
    if let Some(target) = content.broken_links.first() {
        return Err(SourceError::new(
            &item.file,
            format!("link to `{target}`, which is not a content file of this build"),
        )
        .line(body_line_of(&item, target))
        .hint("link to another file by its path relative to this one, e.g. ../events/sommerfest.md; drafts are only there with --drafts")
        .into());
    }
    if let Some((id, line)) = content.duplicate_ids.first() {
        return Err(
            SourceError::new(&item.file, format!("two headings have the id `{id}`"))
                .line(item.body_line + line - 1)
                .hint("give each heading its own {#id}; links to a section need one target")
                .into(),
        );
    }
    for src in &content.local_images {
        if !item.assets.iter().any(|a| a == src) {
            let hint = if is_bundle {
                "put the image in the page's folder beside index.md"
            } else {
                "make the page a bundle (NAME/index.md with the image beside it), or put the image in static/ and write its path with a leading /"
            };
            return Err(
                SourceError::new(&item.file, format!("image `{src}` not found"))
                    .line(body_line_of(&item, src))
                    .hint(hint)
                    .into(),
            );
        }
    }
    let image = match &item.image {
        Some(src) => Some(resolve_asset(&item, "image", src, &url, config, dirs)?),
        None => None,
    };
    let gallery = item
        .gallery
        .iter()
        .map(|g| {
            let src = resolve_asset(&item, "gallery", &g.src, &url, config, dirs)?;
            let alt = g.alt.clone().unwrap_or_else(|| g.caption.clone());
            Ok((src, g.caption.clone(), alt))
        })
        .collect::<Result<_>>()?;
    let downloads = resolve_downloads(&item, &url, config, dirs)?;
    Ok(Page {
        permalink: config.absolute_url(&item.path),
        url,
        image,
        gallery,
        content,
        item,
        when: None,
        upcoming: false,
        downloads,
    })
}

fn extension(name: &str) -> String {
    name.rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default()
}

fn resolve_downloads(
    item: &Item,
    page_url: &str,
    config: &SiteConfig,
    dirs: &SiteDirs,
) -> Result<Vec<DownloadFile>> {
    let file_name = |src: &str| src.rsplit('/').next().unwrap_or(src).to_string();
    let mut out = Vec::new();
    for download in &item.downloads {
        let src = download.src.as_str();
        let title = download.title.clone().unwrap_or_else(|| file_name(src));
        let kind = extension(src).to_uppercase();
        let entry = if src.contains("://") {
            DownloadFile {
                title,
                url: src.to_string(),
                kind,
                size: None,
                copy: None,
            }
        } else if let Some(rel) = src.strip_prefix('/') {
            let file = dirs.static_files.join(rel);
            let size = std::fs::metadata(&file).map(|m| m.len()).map_err(|_| {
                item.error(
                    "downloads",
                    format!("download `{src}` not found in static/"),
                )
            })?;
            DownloadFile {
                title,
                url: config.site_url(src),
                kind,
                size: Some(size),
                copy: None,
            }
        } else {
            if src.split('/').any(|seg| seg == "..") {
                return Err(item
                    .error(
                        "downloads",
                        format!("download `{src}` must be beside the page"),
                    )
                    .hint("put the file in the page's folder, or in static/ and write /path")
                    .into());
            }
            let folder = item.file.parent().unwrap_or(Path::new("."));
            let file = folder.join(src);
            let size = std::fs::metadata(&file)
                .ok()
                .filter(|m| m.is_file())
                .map(|m| m.len())
                .ok_or_else(|| item.error("downloads", format!("download `{src}` not found")))?;
            let in_bundle = item.assets.iter().any(|a| a == src);
            let name = if in_bundle {
                src.to_string()
            } else {
                file_name(src)
            };
            let to = format!("{}{name}", item.path.trim_start_matches('/'));
            DownloadFile {
                title,
                url: format!("{page_url}{name}"),
                kind,
                size: Some(size),
                copy: (!in_bundle).then_some((file, to)),
            }
        };
        out.push(entry);
    }
    // Documents in a bundle are offered even when not listed.
    if let Some(dir) = &item.bundle_dir {
        for asset in &item.assets {
            let listed = item.downloads.iter().any(|d| d.src == *asset);
            if !listed && DOCUMENT_EXTENSIONS.contains(&extension(asset).as_str()) {
                let size = std::fs::metadata(dir.join(asset)).map(|m| m.len()).ok();
                out.push(DownloadFile {
                    title: file_name(asset),
                    url: format!("{page_url}{asset}"),
                    kind: extension(asset).to_uppercase(),
                    size,
                    copy: None,
                });
            }
        }
    }
    Ok(out)
}

/// The file line of the first body line mentioning `needle`.
fn body_line_of(item: &Item, needle: &str) -> usize {
    item.body
        .lines()
        .position(|l| l.contains(needle))
        .map_or(item.body_line, |i| item.body_line + i)
}

/// Resolves an image named in front matter: a bundle file, a `/path` in
/// `static/`, or an absolute URL (taken as is).
fn resolve_asset(
    item: &Item,
    key: &str,
    src: &str,
    page_url: &str,
    config: &SiteConfig,
    dirs: &SiteDirs,
) -> Result<String> {
    if src.contains("://") {
        return Ok(src.to_string());
    }
    if let Some(path) = src.strip_prefix('/') {
        if !dirs.static_files.join(path).is_file() {
            return Err(item
                .error(key, format!("image `{src}` not found in static/"))
                .into());
        }
        return Ok(config.site_url(src));
    }
    if item.assets.iter().any(|a| a == src) {
        return Ok(format!("{page_url}{src}"));
    }
    let hint = if item.bundle_dir.is_some() {
        "put the file beside index.md, or use a path under static/ starting with /"
    } else {
        "turn the page into a bundle (NAME/index.md with the image beside it), or use a path under static/ starting with /"
    };
    Err(item
        .error(key, format!("image `{src}` not found"))
        .hint(hint)
        .into())
}

fn check_related(pages: &[Page], by_source: &BTreeMap<String, usize>) -> Result<()> {
    for page in pages {
        let Some(faq) = &page.item.faq else { continue };
        for related in &faq.related {
            let rel = related.trim_start_matches('/');
            if !by_source.contains_key(&format!("faq/{rel}")) && !by_source.contains_key(rel) {
                return Err(page
                    .item
                    .error(
                        "related",
                        format!("related question `{related}` does not exist"),
                    )
                    .hint("write paths relative to content/faq/, e.g. heizung/heizkoerper-entlueften.md")
                    .into());
            }
        }
    }
    Ok(())
}

fn build_taxonomy(kind: TaxonomyKind, pages: &[Page]) -> Taxonomy {
    let mut terms: BTreeMap<String, Term> = BTreeMap::new();
    for (i, page) in pages.iter().enumerate() {
        for name in kind.terms_of(&page.item) {
            let slug = slugify(name);
            if slug.is_empty() {
                continue;
            }
            let term = terms.entry(slug.clone()).or_insert_with(|| Term {
                name: name.clone(),
                path: format!("/{}/{slug}/", kind.key()),
                slug,
                pages: Vec::new(),
            });
            // Pages arrive in order, so a repeated term repeats the last entry.
            if term.pages.last() != Some(&i) {
                term.pages.push(i);
            }
        }
    }
    let mut terms: Vec<Term> = terms.into_values().collect();
    for term in &mut terms {
        term.pages
            .sort_by(|&a, &b| newest_first(&pages[a], &pages[b]));
    }
    terms.sort_by_key(|t| t.name.to_lowercase());
    Taxonomy { kind, terms }
}

fn build_menu(config: &SiteConfig, pages: &[Page], plain: &[usize]) -> Vec<MenuLink> {
    let mut menu: Vec<MenuLink> = config
        .menu
        .iter()
        .map(|m| MenuLink {
            name: m.name.clone(),
            url: if m.url.starts_with('/') {
                config.site_url(&m.url)
            } else {
                m.url.clone()
            },
        })
        .collect();
    menu.extend(
        plain
            .iter()
            .filter(|&&i| pages[i].item.menu.is_some())
            .map(|&i| MenuLink {
                name: pages[i].item.title.clone(),
                url: pages[i].url.clone(),
            }),
    );
    menu
}
