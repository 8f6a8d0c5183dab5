//! What one page tells link previews and search engines: its Open Graph
//! and Twitter card values, its JSON-LD, and its share links. The
//! renderer asks for it by page and prints it with the theme's partials.

use serde::Serialize;
use serde_json::Value;

use super::{jsonld, share_links, ShareLink, Social};
use crate::content::Kind;
use crate::site::Site;

/// Which page the meta describes.
#[derive(Debug, Clone, Copy)]
pub enum Subject {
    /// The home page.
    Home,
    /// A content page, by index into `site.pages`.
    Page(usize),
    /// The FAQ library.
    FaqIndex,
    /// One FAQ category, by index into `site.faq`.
    FaqCategory(usize),
    /// The 404 page: shared as the home page.
    NotFound,
    /// Any other list or index page.
    List,
}

/// Open Graph and Twitter card values of one page.
#[derive(Debug, Serialize)]
pub struct OgView {
    kind: &'static str,
    /// The shared title (also the share links' text).
    pub title: String,
    description: String,
    url: String,
    image: String,
    image_width: u32,
    image_height: u32,
    image_alt: String,
    published_time: Option<String>,
    modified_time: Option<String>,
    authors: Vec<String>,
    section: Option<String>,
    tags: Vec<String>,
    fediverse_creator: Option<String>,
}

/// Everything a page's head and share bar need from this module.
#[derive(Debug)]
pub struct PageMeta {
    /// `None` when the page has no share image.
    pub og: Option<OgView>,
    /// JSON-LD documents, each ready for a `<script>` element.
    pub jsonld: Vec<String>,
    /// Share links, on articles, events and questions.
    pub share: Option<Vec<ShareLink>>,
}

/// The meta of the page at logical `path` with `crumbs` (name, URL) as
/// breadcrumbs, published at `canonical`.
pub fn page_meta(
    site: &Site,
    social: &Social,
    subject: Subject,
    path: &str,
    crumbs: &[(String, String)],
    canonical: &str,
) -> PageMeta {
    let mut docs: Vec<Value> = match subject {
        Subject::Home => jsonld::home(site),
        Subject::Page(i) => {
            let page = &site.pages[i];
            let image = social
                .image_for(&page.item.path)
                .map(|img| img.url.as_str());
            jsonld::page(site, page, &page.description(), image)
                .into_iter()
                .collect()
        }
        Subject::FaqIndex => {
            let all: Vec<usize> = site
                .faq
                .iter()
                .flat_map(|s| s.questions.iter().copied())
                .collect();
            vec![jsonld::faq_page(site, &all)]
        }
        Subject::FaqCategory(n) => vec![jsonld::faq_page(site, &site.faq[n].questions)],
        Subject::NotFound | Subject::List => Vec::new(),
    };
    docs.extend(jsonld::breadcrumbs(site, crumbs));
    let og_path = if matches!(subject, Subject::NotFound) {
        "/"
    } else {
        path
    };
    let og = open_graph(site, social, subject, og_path, crumbs, canonical);
    let share = match (&og, subject) {
        (Some(og), Subject::Page(i))
            if matches!(
                site.pages[i].item.kind,
                Kind::Article | Kind::Event | Kind::Faq | Kind::Edition
            ) =>
        {
            Some(share_links(&site.config, canonical, &og.title))
        }
        _ => None,
    };
    PageMeta {
        og,
        jsonld: docs.iter().map(jsonld::script_json).collect(),
        share,
    }
}

fn open_graph(
    site: &Site,
    social: &Social,
    subject: Subject,
    path: &str,
    crumbs: &[(String, String)],
    canonical: &str,
) -> Option<OgView> {
    let image = social.image_for(path)?;
    let config = &site.config;
    let mut og = OgView {
        kind: "website",
        title: crumbs
            .last()
            .map(|c| c.0.clone())
            .unwrap_or_else(|| config.title.clone()),
        description: config.description.clone(),
        url: canonical.to_string(),
        image: image.url.clone(),
        image_width: image.width,
        image_height: image.height,
        image_alt: image.alt.clone(),
        published_time: None,
        modified_time: None,
        authors: Vec::new(),
        section: None,
        tags: Vec::new(),
        fediverse_creator: None,
    };
    if let Subject::Page(i) = subject {
        describe_page(site, i, &mut og);
    }
    if og.description.is_empty() {
        og.description = og.title.clone();
    }
    Some(og)
}

/// What a content page adds: its own description (for events with date
/// and place first), article dates, authors, section and tags.
fn describe_page(site: &Site, i: usize, og: &mut OgView) {
    let config = &site.config;
    let page = &site.pages[i];
    let item = &page.item;
    og.description = page.description();
    if let Some(event) = &item.event {
        let mut shown = event.clone();
        shown.start = page.when.unwrap_or(event.start);
        let line = crate::i18n::event_line(&shown, config.language);
        og.description = crate::markdown::plain_text(&format!("{line} – {}", og.description), 200);
    }
    if item.kind == Kind::Article {
        og.kind = "article";
        og.published_time = item.date.map(|d| d.to_rfc3339());
        og.modified_time = item.updated.or(item.date).map(|d| d.to_rfc3339());
        og.authors = item.authors.clone();
        og.section = item.categories.first().cloned();
        og.tags = item.tags.clone();
    }
    og.fediverse_creator = item
        .authors
        .iter()
        .find_map(|a| config.authors.get(a).and_then(|p| p.mastodon.clone()));
}
