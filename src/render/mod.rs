//! Turns the site model into output files with Tera templates: one job per
//! page (content pages, lists, taxonomies, 404, redirects), rendered in
//! parallel. Templates come from the embedded default theme, overridden by
//! the site's `templates/` by name.

mod cycles;
mod theme;
pub mod views;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use rayon::prelude::*;
use serde::Serialize;
use serde_json::Value;
use tera::{Context, Tera};

use crate::config::{Language, SiteConfig};
use crate::content::Kind;
use crate::error::{Error, Result};
use crate::feeds::FeedSpec;
use crate::incremental::{Delta, Shows};
use crate::site::{Site, TaxonomyKind};
use crate::social::Social;
use views::{LinkView, PageView, SiteView};

pub use crate::output::OutputFile;

/// The template engine, loaded once per build.
pub struct Renderer {
    tera: Tera,
}

impl Renderer {
    /// Loads the theme and the site's overrides from `templates_dir`.
    pub fn new(templates_dir: &Path, config: &SiteConfig) -> Result<Self> {
        let mut sources: BTreeMap<String, String> = theme::TEMPLATES
            .iter()
            .map(|(n, s)| (n.to_string(), s.to_string()))
            .collect();
        if templates_dir.is_dir() {
            for entry in walkdir::WalkDir::new(templates_dir).sort_by_file_name() {
                let entry = entry.map_err(|e| Error::io("cannot read", templates_dir, e.into()))?;
                if entry.file_type().is_file() {
                    let name = entry
                        .path()
                        .strip_prefix(templates_dir)
                        .unwrap_or(entry.path())
                        .to_string_lossy()
                        .replace('\\', "/");
                    sources.insert(name, crate::fs::read_to_string(entry.path())?);
                }
            }
        }
        cycles::check(&sources)?;
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        // Tera's default also escapes `/`, which turns every URL in meta
        // tags into `https:&#x2F;&#x2F;…`: valid, but some link-preview
        // scrapers read it literally. These five are all HTML needs.
        tera.set_escape_fn(escape_html);
        tera.add_raw_templates(sources.iter().map(|(n, s)| (n.as_str(), s.as_str())))
            .map_err(|e| {
                let name = sources
                    .keys()
                    .find(|n| e.to_string().contains(&format!("'{n}'")))
                    .cloned()
                    .unwrap_or_else(|| "(loading templates)".into());
                Error::template(&name, &e)
            })?;
        let lang = config.language;
        tera.register_filter(
            "date",
            move |value: &Value, args: &HashMap<String, Value>| date_filter(value, args, lang),
        );
        tera.register_filter("slugify", |value: &Value, _: &HashMap<String, Value>| {
            let text = tera::try_get_value!("slugify", "value", String, value);
            Ok(Value::String(crate::content::slug::slugify(&text)))
        });
        Ok(Renderer { tera })
    }

    /// Renders template `name`.
    pub fn render(&self, name: &str, context: &Context) -> Result<String> {
        self.tera
            .render(name, context)
            .map_err(|e| Error::template(name, &e))
    }
}

/// Escapes text for HTML content and attribute values.
pub(crate) fn escape_html(text: &str) -> String {
    // Most values (dates, URLs, plain titles) need no escaping at all.
    if !text.contains(['&', '<', '>', '"', '\'']) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn date_filter(
    value: &Value,
    args: &HashMap<String, Value>,
    lang: Language,
) -> tera::Result<Value> {
    let text = tera::try_get_value!("date", "value", String, value);
    let format = args.get("format").and_then(Value::as_str).unwrap_or("long");
    let dt = chrono::DateTime::parse_from_rfc3339(&text)
        .map_err(|_| tera::Error::msg(format!("date: `{text}` is not an RFC 3339 date")))?;
    crate::i18n::format_date(&dt, format, lang)
        .map(Value::String)
        .ok_or_else(|| {
            tera::Error::msg(format!(
                "date: unknown format `{format}` (use long, short, weekday, time, datetime, day, month or iso)"
            ))
        })
}

/// What a job renders.
enum Job {
    Home,
    Page(usize),
    ArticleList { page: usize, pages: usize },
    EventList,
    FaqIndex,
    FaqCategory(usize),
    TaxonomyIndex(TaxonomyKind),
    TaxonomyTerm(TaxonomyKind, usize),
    NotFound,
    Search,
    Redirect { from: String, to: String },
}

/// Renders every page of `site`, plus the theme's static files. `feeds`
/// are linked from the pages they belong to (autodiscovery). With a
/// `delta` (the dev server), a job that shows no changed page is taken
/// from the last build.
pub fn render_site(
    site: &Site,
    renderer: &Renderer,
    feeds: &[FeedSpec],
    social: &Social,
    delta: Option<&Delta>,
) -> Result<Vec<OutputFile>> {
    let base = base_context(site, feeds)?;
    let jobs = jobs(site);
    let mut files: Vec<OutputFile> = jobs
        .par_iter()
        .enumerate()
        .map(|(n, job)| match delta {
            Some(delta) if !delta.touches(&shows(site, job)) => Ok(delta.pages[n].clone()),
            _ => render_job(site, renderer, &base, feeds, social, job),
        })
        .collect::<Result<_>>()?;
    for (name, text) in theme::STATIC {
        files.push(OutputFile {
            path: name.to_string(),
            bytes: text.as_bytes().to_vec().into(),
        });
    }
    files.push(OutputFile {
        path: "syntax.css".into(),
        bytes: crate::markdown::highlight_css().into_bytes().into(),
    });
    Ok(files)
}

fn jobs(site: &Site) -> Vec<Job> {
    let mut jobs = vec![Job::Home, Job::EventList, Job::NotFound, Job::Search];
    for (i, page) in site.pages.iter().enumerate() {
        if page.item.kind != crate::content::Kind::Home {
            jobs.push(Job::Page(i));
        }
        for alias in &page.item.aliases {
            jobs.push(Job::Redirect {
                from: alias.clone(),
                to: page.url.clone(),
            });
        }
    }
    let pages = site
        .articles
        .len()
        .div_ceil(site.config.sections.articles.per_page)
        .max(1);
    jobs.extend((1..=pages).map(|page| Job::ArticleList { page, pages }));
    jobs.push(Job::Redirect {
        from: "/articles/page/1/".into(),
        to: site.config.site_url("/articles/"),
    });
    jobs.push(Job::FaqIndex);
    jobs.extend((0..site.faq.len()).map(Job::FaqCategory));
    for kind in TaxonomyKind::ALL {
        jobs.push(Job::TaxonomyIndex(kind));
        let count = site.taxonomy(kind).terms.len();
        jobs.extend((0..count).map(|t| Job::TaxonomyTerm(kind, t)));
    }
    jobs
}

/// The pages whose data `job` shows, whole or as cards (`PageView::card`),
/// so that it is rendered again when one of them changes. What else it
/// shows (URLs, lists, terms, menu) belongs to the site's shape: see
/// [`crate::incremental::same_shape`].
fn shows(site: &Site, job: &Job) -> Shows {
    let all_faq = || site.faq.iter().flat_map(|s| s.questions.iter().copied());
    let (full, cards): (Vec<usize>, Vec<usize>) = match job {
        // The FAQ on the home page is the full accordion.
        Job::Home => (
            all_faq().chain(site.home).collect(),
            [home_articles(site), home_events(site)].concat(),
        ),
        // A question lists related pages by title.
        Job::Page(i) => (vec![*i], views::related_questions(site, *i)),
        Job::ArticleList { page, .. } => (Vec::new(), article_chunk(site, *page).to_vec()),
        Job::EventList => (
            Vec::new(),
            site.upcoming.iter().chain(&site.past).copied().collect(),
        ),
        Job::FaqIndex => (all_faq().collect(), Vec::new()),
        Job::FaqCategory(n) => (site.faq[*n].questions.clone(), Vec::new()),
        Job::TaxonomyTerm(kind, n) => (Vec::new(), site.taxonomy(*kind).terms[*n].pages.clone()),
        Job::TaxonomyIndex(_) | Job::NotFound | Job::Search | Job::Redirect { .. } => {
            (Vec::new(), Vec::new())
        }
    };
    Shows { full, cards }
}

fn home_articles(site: &Site) -> &[usize] {
    let n = site.config.sections.home.articles.min(site.articles.len());
    &site.articles[..n]
}

fn home_events(site: &Site) -> &[usize] {
    let n = site.config.sections.home.events.min(site.upcoming.len());
    &site.upcoming[..n]
}

/// The articles on list page `page` (from 1).
fn article_chunk(site: &Site, page: usize) -> &[usize] {
    let per = site.config.sections.articles.per_page;
    let start = ((page - 1) * per).min(site.articles.len());
    let end = (start + per).min(site.articles.len());
    &site.articles[start..end]
}

/// A `<link rel="alternate">` target.
#[derive(Serialize)]
struct FeedLink {
    title: String,
    url: String,
    kind: &'static str,
}

fn feed_links(site: &Site, spec: &FeedSpec) -> [FeedLink; 2] {
    [
        FeedLink {
            title: format!("{} (RSS)", spec.title),
            url: site.config.site_url(&spec.rss_path()),
            kind: "application/rss+xml",
        },
        FeedLink {
            title: format!("{} (JSON Feed)", spec.title),
            url: site.config.site_url(&spec.json_path()),
            kind: "application/feed+json",
        },
    ]
}

fn base_context(site: &Site, feeds: &[FeedSpec]) -> Result<Context> {
    let mut ctx = Context::new();
    if let Some(main) = feeds.iter().find(|f| f.dir == "/") {
        ctx.insert("site_feeds", &feed_links(site, main));
    }
    ctx.insert("site", &SiteView::new(site));
    ctx.insert("t", &crate::i18n::strings(site.config.language));
    ctx.insert("now", &site.now.to_rfc3339());
    Ok(ctx)
}

/// A list page's paginator.
#[derive(Serialize)]
struct Paginator<'a> {
    pages: Vec<PageView<'a>>,
    current: usize,
    total: usize,
    previous: Option<String>,
    next: Option<String>,
    links: Vec<LinkView>,
}

fn cards<'a>(site: &'a Site, indices: &[usize]) -> Vec<PageView<'a>> {
    indices.iter().map(|&i| PageView::card(site, i)).collect()
}

fn crumb(name: &str, url: String) -> LinkView {
    LinkView {
        name: name.to_string(),
        url,
    }
}

fn render_job(
    site: &Site,
    renderer: &Renderer,
    base: &Context,
    feeds: &[FeedSpec],
    social: &Social,
    job: &Job,
) -> Result<OutputFile> {
    let config = &site.config;
    let t = crate::i18n::strings(config.language);
    let s = |key: &str| {
        t.get(key)
            .and_then(Value::as_str)
            .unwrap_or(key)
            .to_string()
    };
    let mut ctx = base.clone();
    let home = crumb(&s("home"), config.site_url("/"));
    let (template, path, current, breadcrumbs): (&str, String, String, Vec<LinkView>) = match job {
        Job::Home => {
            ctx.insert("articles", &cards(site, home_articles(site)));
            ctx.insert("events", &cards(site, home_events(site)));
            ctx.insert("faq_sections", &faq_sections(site));
            if let Some(i) = site.home {
                ctx.insert("intro", &PageView::full(site, i));
            }
            ("index.html", "/".into(), config.site_url("/"), vec![])
        }
        Job::Page(i) => {
            let page = &site.pages[*i];
            let view = PageView::full(site, *i);
            let mut crumbs = vec![home];
            let template = match page.item.kind {
                crate::content::Kind::Article => {
                    crumbs.push(crumb(&s("articles"), config.site_url("/articles/")));
                    "article.html"
                }
                crate::content::Kind::Event => {
                    crumbs.push(crumb(&s("events"), config.site_url("/events/")));
                    "event.html"
                }
                crate::content::Kind::Faq => {
                    crumbs.push(crumb(&s("faq"), config.site_url("/faq/")));
                    if let Some(faq) = &view.faq {
                        crumbs.push(faq.category.clone());
                    }
                    "faq_question.html"
                }
                _ => "page.html",
            };
            crumbs.push(crumb(&page.item.title, page.url.clone()));
            ctx.insert("page", &view);
            (template, page.item.path.clone(), page.url.clone(), crumbs)
        }
        Job::ArticleList { page, pages } => {
            let chunk = article_chunk(site, *page);
            let url_of = |n: usize| {
                if n == 1 {
                    config.site_url("/articles/")
                } else {
                    config.site_url(&format!("/articles/page/{n}/"))
                }
            };
            let paginator = Paginator {
                pages: cards(site, chunk),
                current: *page,
                total: *pages,
                previous: (*page > 1).then(|| url_of(page - 1)),
                next: (page < pages).then(|| url_of(page + 1)),
                links: (1..=*pages)
                    .map(|n| crumb(&n.to_string(), url_of(n)))
                    .collect(),
            };
            ctx.insert("paginator", &paginator);
            let path = if *page == 1 {
                "/articles/".to_string()
            } else {
                format!("/articles/page/{page}/")
            };
            let crumbs = vec![home, crumb(&s("articles"), url_of(1))];
            ("article_list.html", path, url_of(*page), crumbs)
        }
        Job::EventList => {
            ctx.insert("upcoming", &cards(site, &site.upcoming));
            ctx.insert("past", &cards(site, &site.past));
            let url = config.site_url("/events/");
            (
                "event_list.html",
                "/events/".into(),
                url.clone(),
                vec![home, crumb(&s("events"), url)],
            )
        }
        Job::FaqIndex => {
            ctx.insert("faq_sections", &faq_sections(site));
            let url = config.site_url("/faq/");
            (
                "faq_index.html",
                "/faq/".into(),
                url.clone(),
                vec![home, crumb(&s("faq"), url)],
            )
        }
        Job::FaqCategory(n) => {
            let section = &site.faq[*n];
            let url = config.site_url(&section.path);
            ctx.insert("category", &section.category);
            ctx.insert("questions", &full_pages(site, &section.questions));
            let crumbs = vec![
                home,
                crumb(&s("faq"), config.site_url("/faq/")),
                crumb(&section.category.title, url.clone()),
            ];
            ("faq_category.html", section.path.clone(), url, crumbs)
        }
        Job::TaxonomyIndex(kind) => {
            let taxonomy = site.taxonomy(*kind);
            let terms: Vec<TermView> = taxonomy
                .terms
                .iter()
                .map(|term| TermView {
                    name: &term.name,
                    url: config.site_url(&term.path),
                    count: term.pages.len(),
                })
                .collect();
            ctx.insert("taxonomy", kind.key());
            ctx.insert("terms", &terms);
            let path = format!("/{}/", kind.key());
            let url = config.site_url(&path);
            (
                "taxonomy_index.html",
                path,
                url.clone(),
                vec![home, crumb(&s(kind.key()), url)],
            )
        }
        Job::TaxonomyTerm(kind, n) => {
            let term = &site.taxonomy(*kind).terms[*n];
            let url = config.site_url(&term.path);
            ctx.insert("taxonomy", kind.key());
            ctx.insert(
                "term",
                &TermView {
                    name: &term.name,
                    url: url.clone(),
                    count: term.pages.len(),
                },
            );
            ctx.insert("pages", &cards(site, &term.pages));
            let crumbs = vec![
                home,
                crumb(
                    &s(kind.key()),
                    config.site_url(&format!("/{}/", kind.key())),
                ),
                crumb(&term.name, url.clone()),
            ];
            ("taxonomy_term.html", term.path.clone(), url, crumbs)
        }
        Job::Search => {
            let url = config.site_url("/search/");
            (
                "search.html",
                "/search/".into(),
                url.clone(),
                vec![home, crumb(&s("search"), url)],
            )
        }
        Job::NotFound => (
            "404.html",
            "/404.html".into(),
            config.site_url("/404.html"),
            vec![],
        ),
        Job::Redirect { from, to } => {
            ctx.insert("target", to);
            ("redirect.html", from.clone(), to.clone(), vec![])
        }
    };
    // List pages link their own feed; `/articles/page/N/` shares the list's.
    let feed_dir = if path.starts_with("/articles/page/") {
        "/articles/"
    } else {
        path.as_str()
    };
    let own_feed = feeds
        .iter()
        .find(|f| f.dir == feed_dir && f.dir != "/" && !matches!(job, Job::Page(_)));
    if let Some(spec) = own_feed {
        ctx.insert("page_feeds", &feed_links(site, spec));
    }
    let mut jsonld: Vec<serde_json::Value> = match job {
        Job::Home => crate::social::jsonld::home(site),
        Job::Page(i) => {
            let description = PageView::card(site, *i).description;
            let image = social
                .image_for(&site.pages[*i].item.path)
                .map(|img| img.url.as_str());
            crate::social::jsonld::page(site, &site.pages[*i], &description, image)
                .into_iter()
                .collect()
        }
        Job::FaqIndex => {
            let all: Vec<usize> = site
                .faq
                .iter()
                .flat_map(|s| s.questions.iter().copied())
                .collect();
            vec![crate::social::jsonld::faq_page(site, &all)]
        }
        Job::FaqCategory(n) => vec![crate::social::jsonld::faq_page(
            site,
            &site.faq[*n].questions,
        )],
        _ => Vec::new(),
    };
    let crumb_pairs: Vec<(String, String)> = breadcrumbs
        .iter()
        .map(|c| (c.name.clone(), c.url.clone()))
        .collect();
    jsonld.extend(crate::social::jsonld::breadcrumbs(site, &crumb_pairs));
    let jsonld: Vec<String> = jsonld
        .iter()
        .map(crate::social::jsonld::script_json)
        .collect();
    ctx.insert("jsonld", &jsonld);
    let canonical = config.absolute_url(current.trim_start_matches(config.base_path()));
    if !matches!(job, Job::Redirect { .. }) {
        let og_path = if matches!(job, Job::NotFound) {
            "/"
        } else {
            path.as_str()
        };
        let og = open_graph(site, job, og_path, &breadcrumbs, &canonical, social);
        if let (Some(og), Job::Page(i)) = (&og, job) {
            if matches!(
                site.pages[*i].item.kind,
                Kind::Article | Kind::Event | Kind::Faq
            ) {
                ctx.insert(
                    "share",
                    &crate::social::share_links(config, &canonical, &og.title),
                );
            }
        }
        ctx.insert("og", &og);
    }
    ctx.insert("current_url", &current);
    ctx.insert(
        "canonical",
        &config.absolute_url(current.trim_start_matches(config.base_path())),
    );
    ctx.insert("breadcrumbs", &breadcrumbs);
    let html = renderer.render(template, &ctx)?;
    Ok(OutputFile {
        path: output_path(&path),
        bytes: html.into_bytes().into(),
    })
}

/// Open Graph and Twitter card values of one page.
#[derive(Serialize)]
struct OgView {
    kind: &'static str,
    title: String,
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

fn open_graph(
    site: &Site,
    job: &Job,
    path: &str,
    breadcrumbs: &[LinkView],
    canonical: &str,
    social: &Social,
) -> Option<OgView> {
    let image = social.image_for(path)?;
    let config = &site.config;
    let mut og = OgView {
        kind: "website",
        title: breadcrumbs
            .last()
            .map(|c| c.name.clone())
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
    if let Job::Page(i) = job {
        let page = &site.pages[*i];
        let item = &page.item;
        og.description = PageView::card(site, *i).description;
        if let Some(event) = &item.event {
            let mut shown = event.clone();
            shown.start = page.when.unwrap_or(event.start);
            og.description = crate::markdown::plain_text(
                &format!(
                    "{} – {}",
                    crate::feeds::event_line(site, &shown),
                    og.description
                ),
                200,
            );
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
    if og.description.is_empty() {
        og.description = og.title.clone();
    }
    Some(og)
}

#[derive(Serialize)]
struct TermView<'a> {
    name: &'a str,
    url: String,
    count: usize,
}

#[derive(Serialize)]
struct FaqSectionView<'a> {
    slug: &'a str,
    title: &'a str,
    description: &'a str,
    url: String,
    questions: Vec<PageView<'a>>,
}

fn full_pages<'a>(site: &'a Site, indices: &[usize]) -> Vec<PageView<'a>> {
    indices.iter().map(|&i| PageView::full(site, i)).collect()
}

fn faq_sections(site: &Site) -> Vec<FaqSectionView<'_>> {
    site.faq
        .iter()
        .map(|s| FaqSectionView {
            slug: &s.category.slug,
            title: &s.category.title,
            description: &s.category.description,
            url: site.config.site_url(&s.path),
            questions: full_pages(site, &s.questions),
        })
        .collect()
}

/// `/articles/x/` → `articles/x/index.html`; `/old.html` stays a file.
fn output_path(path: &str) -> String {
    let trimmed = path.trim_start_matches('/');
    if trimmed.ends_with(".html") || trimmed.ends_with(".htm") {
        trimmed.to_string()
    } else if trimmed.is_empty() {
        "index.html".to_string()
    } else {
        format!("{}/index.html", trimmed.trim_end_matches('/'))
    }
}

#[cfg(test)]
mod tests {
    use super::output_path;

    #[test]
    fn output_paths() {
        assert_eq!(output_path("/"), "index.html");
        assert_eq!(output_path("/articles/x/"), "articles/x/index.html");
        assert_eq!(output_path("/alt/seite"), "alt/seite/index.html");
        assert_eq!(output_path("/404.html"), "404.html");
    }
}
