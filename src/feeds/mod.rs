//! Feeds and discovery files: RSS 2.0 and JSON Feed 1.1 for the whole site,
//! each section and each taxonomy term, plus `sitemap.xml` and `robots.txt`.
//! Pure functions of the site model; every date comes from content, never
//! from the clock, so feeds are byte-stable.

mod json;
mod rss;
mod sitemap;

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, FixedOffset};
use rayon::prelude::*;

use crate::content::Kind;
use crate::error::Result;
use crate::site::{Page, Site, TaxonomyKind};
use crate::util::artifact::{OutputFile, Sink};

/// One feed: where it lives and what it holds.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedSpec {
    /// Logical folder of the feed (`/`, `/articles/`, `/tags/hof/`); the
    /// files are `rss.xml` and `feed.json` inside it.
    pub dir: String,
    /// Feed title.
    pub title: String,
    /// One-line description.
    pub description: String,
    /// Pages in the feed, newest publication first, limited.
    pub items: Vec<usize>,
}

impl FeedSpec {
    /// Logical path of the RSS file.
    pub fn rss_path(&self) -> String {
        format!("{}rss.xml", self.dir)
    }

    /// Logical path of the JSON Feed file.
    pub fn json_path(&self) -> String {
        format!("{}feed.json", self.dir)
    }
}

/// When a page counts as published for feeds: its publication date, else
/// its last update, else (events) its start. FAQ entries without any date
/// stay out of feeds.
pub fn feed_date(page: &Page) -> Option<DateTime<FixedOffset>> {
    let item = &page.item;
    item.published
        .or(item.updated)
        .or(item.event.as_ref().map(|e| e.start))
}

/// The date a feed item was last modified.
pub fn modified_date(page: &Page) -> Option<DateTime<FixedOffset>> {
    page.item.updated.or_else(|| feed_date(page))
}

/// Every feed of the site.
pub fn specs(site: &Site) -> Vec<FeedSpec> {
    let t = crate::i18n::strings(&site.config);
    let s = |key: &str| t[key].as_str().unwrap_or(key).to_string();
    let title = &site.config.title;
    let ranks = Ranks::new(site);
    let pick_from = |candidates: &mut dyn Iterator<Item = usize>| ranks.newest(site, candidates);
    let pick = |filter: &dyn Fn(&Page) -> bool| -> Vec<usize> {
        pick_from(&mut (0..site.pages.len()).filter(|&i| filter(&site.pages[i])))
    };
    let of_kind = |kind: Kind| move |p: &Page| p.item.kind == kind;
    // The main list leaves out sections with `main_list: false`.
    let events = (0..site.pages.len()).filter(|&i| site.pages[i].item.kind == Kind::Event);
    let mut feeds = vec![
        FeedSpec {
            dir: "/".into(),
            title: title.clone(),
            description: site.config.description.clone(),
            items: pick_from(&mut site.articles.iter().copied().chain(events)),
        },
        FeedSpec {
            dir: "/articles/".into(),
            title: format!("{} – {title}", s("articles")),
            description: site.config.description.clone(),
            items: pick_from(&mut site.articles.iter().copied()),
        },
        FeedSpec {
            dir: "/events/".into(),
            title: format!("{} – {title}", s("events")),
            description: site.config.description.clone(),
            items: pick(&of_kind(Kind::Event)),
        },
    ];
    if !site.faq.is_empty() {
        feeds.push(FeedSpec {
            dir: "/faq/".into(),
            title: format!("{} – {title}", s("faq")),
            description: site.config.description.clone(),
            items: pick(&of_kind(Kind::Faq)),
        });
    }
    feeds.extend(list_feeds(site, &ranks));
    feeds
}

/// Each page's place among the pages a feed may hold, newest
/// publication first (then by title); `None` for pages without a date
/// and borrowed ones. Feeds pick by it: one number per page rather than
/// dates of pages scattered in memory, for every term's feed.
struct Ranks(Vec<Option<u32>>);

impl Ranks {
    fn new(site: &Site) -> Self {
        let keys: Vec<_> = site
            .pages
            .iter()
            .map(|p| {
                let date = feed_date(p).filter(|_| !p.item.fallback);
                date.map(|d| (d, p.item.title.as_str()))
            })
            .collect();
        Ranks(crate::util::rank::newest_first(&keys))
    }

    /// The newest of `candidates` with a date, as many as a feed holds.
    fn newest(&self, site: &Site, candidates: &mut dyn Iterator<Item = usize>) -> Vec<usize> {
        let mut items: Vec<(u32, usize)> =
            candidates.filter_map(|i| Some((self.0[i]?, i))).collect();
        let limit = site.config.feeds.limit;
        if items.len() > limit && limit > 0 {
            items.select_nth_unstable(limit - 1);
        }
        items.truncate(limit);
        items.sort_unstable();
        items.into_iter().map(|(_, i)| i).collect()
    }
}

/// The feeds of the article sections, and of every tag, category and
/// author with dated pages.
fn list_feeds(site: &Site, ranks: &Ranks) -> Vec<FeedSpec> {
    let t = crate::i18n::strings(&site.config);
    let s = |key: &str| t[key].as_str().unwrap_or(key).to_string();
    let title = &site.config.title;
    let mut feeds = Vec::new();
    feeds.extend(site.sections.iter().map(|section| {
        FeedSpec {
            dir: section.path.clone(),
            title: format!("{} – {title}", section.section.title),
            description: Some(&section.section.description)
                .filter(|d| !d.is_empty())
                .unwrap_or(&site.config.description)
                .clone(),
            items: ranks.newest(site, &mut section.articles.iter().copied()),
        }
    }));
    // An edition's feed: its articles, so readers can follow one issue.
    feeds.extend(site.editions.iter().map(|edition| {
        let page = &site.pages[edition.page];
        FeedSpec {
            dir: edition.path.clone(),
            title: format!("{} – {title}", page.item.title),
            description: page.description(),
            items: ranks.newest(site, &mut edition.articles.iter().copied()),
        }
    }));
    for kind in TaxonomyKind::ALL {
        let label = match kind {
            TaxonomyKind::Tags => s("tag"),
            TaxonomyKind::Categories => s("category"),
            TaxonomyKind::Authors => s("author"),
        };
        for term in &site.taxonomy(kind).terms {
            let items = ranks.newest(site, &mut term.pages.iter().copied());
            // A term whose pages have no dates (FAQ entries) gets no feed.
            if items.is_empty() {
                continue;
            }
            feeds.push(FeedSpec {
                dir: term.path.clone(),
                title: format!("{label}: {} – {title}", term.name),
                description: site.config.description.clone(),
                items,
            });
        }
    }
    feeds
}

/// Renders every feed (RSS, then JSON Feed, for each spec), handing each
/// to `sink` as it is made; returns the files `sink` kept.
pub fn render_feeds(site: &Site, specs: &[FeedSpec], sink: &Sink) -> Result<Vec<OutputFile>> {
    let bodies = Bodies::new(site, specs);
    let feeds: Vec<[Option<OutputFile>; 2]> = specs
        .par_iter()
        .map(|spec| {
            Ok([
                sink.put(OutputFile::new(
                    spec.rss_path().trim_start_matches('/'),
                    rss::to_rss(site, spec, &bodies)?.into_bytes(),
                ))?,
                sink.put(OutputFile::new(
                    spec.json_path().trim_start_matches('/'),
                    json::to_json_feed(site, spec, &bodies)?.into_bytes(),
                ))?,
            ])
        })
        .collect::<Result<_>>()?;
    Ok(feeds.into_iter().flatten().flatten().collect())
}

/// The full HTML of every page in a feed ([`item_html`]), made once: a
/// page is in several feeds (all, its section, each of its tags), in two
/// formats each.
pub struct Bodies(HashMap<usize, String>);

impl Bodies {
    fn new(site: &Site, specs: &[FeedSpec]) -> Self {
        let pages: BTreeSet<usize> = specs.iter().flat_map(|s| s.items.iter().copied()).collect();
        Bodies(
            pages
                .into_par_iter()
                .map(|i| (i, item_html(site, &site.pages[i])))
                .collect(),
        )
    }

    /// The body of page `i`, which is in one of the feeds.
    pub fn of(&self, i: usize) -> &str {
        &self.0[&i]
    }
}

/// The sitemap(s) and robots.txt.
pub fn render_sitemap(site: &Site) -> Vec<OutputFile> {
    let mut files = sitemap::sitemaps(site);
    files.push(OutputFile {
        path: "robots.txt".into(),
        bytes: sitemap::robots(site).into_bytes().into(),
    });
    files
}

/// The sitemap of a multilingual site, with every page's translations,
/// and `robots.txt`.
pub fn render_sitemap_languages(
    sites: &[std::sync::Arc<Site>],
    t: &crate::site::Translations,
) -> Vec<OutputFile> {
    let mut files = sitemap::sitemaps_languages(sites, t);
    files.push(OutputFile {
        path: "robots.txt".into(),
        bytes: sitemap::robots(&sites[0]).into_bytes().into(),
    });
    files
}

/// The page's full HTML for feed readers: root-relative URLs made absolute
/// (readers have no base URL), the cover image first, and for events a
/// line with date and place.
pub fn item_html(site: &Site, page: &Page) -> String {
    let mut html = String::new();
    if let Some(event) = &page.item.event {
        html.push_str(&format!(
            "<p><strong>{}</strong></p>\n",
            crate::util::escape::html(&crate::i18n::event_line(event, site.config.language))
        ));
    }
    if let Some(image) = &page.image {
        html.push_str(&format!(
            "<p><img src=\"{}\" alt=\"{}\"></p>\n",
            crate::util::escape::html(&site.config.absolute(image)),
            crate::util::escape::html(page.item.image_alt.as_deref().unwrap_or(""))
        ));
    }
    html.push_str(&absolutize(site, &page.content.html.unpack()));
    html
}

/// Rewrites `href="/…"`, `src="/…"`, `poster="/…"` and each URL of
/// `srcset="/… 480w, /… 960w"` (either quote) to absolute URLs, in one
/// pass; protocol-relative URLs (`//host`) stay.
fn absolutize(site: &Site, html: &str) -> String {
    let origin = site.config.origin();
    let root_relative = |url: &str| url.starts_with('/') && !url.starts_with("//");
    let mut out = String::with_capacity(html.len() + 256);
    let mut rest = html;
    while let Some(at) = rest.find('=') {
        let (before, after) = rest.split_at(at + 1);
        out.push_str(before);
        rest = after;
        let srcset = before.ends_with(" srcset=");
        if !srcset
            && !["href=", "src=", "poster="]
                .iter()
                .any(|a| before.ends_with(a))
        {
            continue;
        }
        let Some(quote @ ('"' | '\'')) = rest.chars().next() else {
            continue;
        };
        let url = &rest[1..];
        if srcset {
            let end = url.find(quote).unwrap_or(url.len());
            out.push(quote);
            for (n, candidate) in url[..end].split(',').enumerate() {
                let trimmed = candidate.trim_start();
                out.push_str(if n > 0 { ", " } else { "" });
                if root_relative(trimmed) {
                    out.push_str(origin);
                }
                out.push_str(trimmed);
            }
            rest = &url[end..];
        } else if root_relative(url) {
            out.push(quote);
            out.push_str(origin);
            rest = url;
        }
    }
    out.push_str(rest);
    out
}
