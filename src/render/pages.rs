//! One context builder per kind of page. [`jobs`] lists every page of the
//! site; [`prepare`] turns one into a [`Prepared`] page: its template, its
//! output path and everything the template will see. Nothing here renders;
//! a prepared page is a plain value, so whoever renders it (a build, or the
//! dev server's reuse of the last build) sees exactly what it depends on.

use std::hash::Hasher;
use std::sync::OnceLock;

use serde::Serialize;
use serde_json::{Map, Value};

use super::views::{LinkView, PageView};
use crate::content::Kind;
use crate::feeds::FeedSpec;
use crate::site::{Site, TaxonomyKind};
use crate::social::{discussion_link, page_meta, Social, Subject};
use crate::util::hash::Fingerprint;

mod editions;
mod faq;
mod lists;
use faq::{faq_category, faq_crumb, faq_sections};
use lists::{article_list, page_path, paginated, taxonomy_term};
pub use lists::{one_page_list, stale, Change};

/// What a job renders.
#[derive(Debug)]
pub enum Job {
    Home,
    Page(usize),
    /// A page of the article list, or of a section's (`site.sections[n]`).
    ArticleList {
        section: Option<usize>,
        page: usize,
        pages: usize,
    },
    EventList,
    /// The archive of editions, `/editions/`.
    EditionList,
    FaqIndex,
    FaqCategory(usize),
    TaxonomyIndex(TaxonomyKind),
    /// Page `page` of `pages` of a term's list.
    TaxonomyTerm {
        kind: TaxonomyKind,
        term: usize,
        page: usize,
        pages: usize,
    },
    NotFound,
    Search,
    Redirect {
        from: String,
        to: String,
    },
}

/// A page ready for its template.
#[derive(Debug, PartialEq)]
pub struct Prepared {
    /// Template name, e.g. `article.html`.
    pub template: &'static str,
    /// Logical path, e.g. `/articles/x/`.
    pub path: String,
    /// The content file it shows, for error messages.
    pub source: Option<std::path::PathBuf>,
    /// The page's own variables; the template sees them over the
    /// variables every page shares ([`super::Pages::base`]). Page views
    /// are `null` here until [`super::Pages::render_page`] fills `slots`.
    pub context: Map<String, Value>,
    /// Where page views go in `context`.
    pub slots: Vec<Slot>,
}

/// One step into a context: an object key or an array position.
#[derive(Debug, Clone, PartialEq)]
pub enum Seg {
    Key(&'static str),
    Index(usize),
}

/// Page views a context holds by reference until the page is rendered:
/// the card views (or full views) of `pages`, as a list or (`single`) one.
#[derive(Debug, Clone, PartialEq)]
pub struct Slot {
    pub at: Vec<Seg>,
    pub full: bool,
    pub pages: Vec<usize>,
    pub single: bool,
}

/// Every page of the site, in a stable order; a borrowed untranslated
/// item's page is made in its own language.
pub fn jobs(site: &Site) -> Vec<Job> {
    let mut jobs = vec![Job::Home, Job::EventList, Job::NotFound, Job::Search];
    for (i, page) in site.pages.iter().enumerate() {
        if page.item.fallback {
            continue;
        }
        if page.item.kind != Kind::Home {
            jobs.push(Job::Page(i));
        }
        for alias in &page.item.aliases {
            jobs.push(Job::Redirect {
                from: alias.clone(),
                to: page.url.clone(),
            });
        }
    }
    let lists = std::iter::once((None, "/articles/", &site.articles)).chain(
        site.sections
            .iter()
            .enumerate()
            .map(|(n, s)| (Some(n), s.path.as_str(), &s.articles)),
    );
    for (section, path, articles) in lists {
        jobs.extend(paginated(site, path, articles.len(), |page, pages| {
            Job::ArticleList {
                section,
                page,
                pages,
            }
        }));
    }
    if !site.editions.is_empty() {
        jobs.push(Job::EditionList);
    }
    jobs.push(Job::FaqIndex);
    jobs.extend((0..site.faq.len()).map(Job::FaqCategory));
    for kind in TaxonomyKind::ALL {
        jobs.push(Job::TaxonomyIndex(kind));
        for (term, t) in site.taxonomy(kind).terms.iter().enumerate() {
            jobs.extend(paginated(site, &t.path, t.pages.len(), |page, pages| {
                Job::TaxonomyTerm {
                    kind,
                    term,
                    page,
                    pages,
                }
            }));
        }
    }
    jobs
}

/// What every page is prepared with: the site, its UI strings, the
/// variables common to all pages, the feeds and the share images.
pub struct Frame<'a> {
    pub site: &'a Site,
    /// Each page's card view, made when first needed (a page is on many
    /// lists), kept as JSON text and parsed for each list: 1.5 KB against
    /// about 9 KB as a template value, which were 900 MB of the peak
    /// memory at 100,000 articles. Full views (with the body) are not kept.
    pub views: Vec<OnceLock<Box<str>>>,
    /// The hashes of `views`, made when first asked for.
    pub view_hashes: Vec<[OnceLock<u64>; 2]>,
    /// The hash of `base`.
    pub base_hash: u64,
    pub strings: Value,
    pub base: Map<String, Value>,
    pub feeds: &'a [FeedSpec],
    pub social: &'a Social,
}

impl Frame<'_> {
    /// The card (`full` false: what lists show) or full view of page `i`.
    pub fn view(&self, i: usize, full: bool) -> Value {
        if full {
            return to_value(&PageView::full(self.site, i));
        }
        let json = self.views[i].get_or_init(|| {
            serde_json::to_string(&PageView::card(self.site, i))
                .expect("template views serialize")
                .into_boxed_str()
        });
        serde_json::from_str(json).expect("a card view parses")
    }

    /// The hash of [`Frame::view`], made from the view itself rather than
    /// its template value: a page that is not rendered again never needs
    /// the value.
    fn view_hash(&self, i: usize, full: bool) -> u64 {
        *self.view_hashes[i][usize::from(full)].get_or_init(|| {
            let mut h = Fingerprint::new();
            if full {
                crate::util::hash::serialized(&mut h, &PageView::full_but_body(self.site, i));
                h.write(self.site.pages[i].content.html.packed());
            } else {
                crate::util::hash::serialized(&mut h, &PageView::card(self.site, i));
            }
            h.finish()
        })
    }

    /// The value a slot stands for.
    pub fn fill(&self, slot: &Slot) -> Value {
        let view = |&i: &usize| self.view(i, slot.full);
        match (slot.single, slot.pages.first()) {
            (true, Some(i)) => view(i),
            _ => Value::Array(slot.pages.iter().map(view).collect()),
        }
    }

    /// A UI string in the site's language.
    fn s(&self, key: &str) -> String {
        self.strings
            .get(key)
            .and_then(Value::as_str)
            .unwrap_or(key)
            .to_string()
    }

    fn url(&self, path: &str) -> String {
        self.site.config.site_url(path)
    }

    fn home(&self) -> LinkView {
        crumb(&self.s("home"), self.url("/"))
    }

    /// Home → a section's list page.
    fn section_crumbs(&self, key: &str, path: &str) -> Vec<LinkView> {
        vec![self.home(), crumb(&self.s(key), self.url(path))]
    }

    /// The list pages of article section `path` and those above it
    /// (`a/b` → `a`, `a/b`).
    fn section_trail(&self, path: &str) -> Vec<LinkView> {
        let mut trail = Vec::new();
        let mut prefix = String::new();
        for part in path.split('/') {
            prefix = if prefix.is_empty() {
                part.to_string()
            } else {
                format!("{prefix}/{part}")
            };
            if let Some(s) = self.site.sections.iter().find(|s| s.section.path == prefix) {
                trail.push(crumb(&s.section.title, self.url(&s.path)));
            }
        }
        trail
    }
}

/// A page's own part: template, path, URL, breadcrumbs and variables.
struct Page {
    template: &'static str,
    path: String,
    url: String,
    crumbs: Vec<LinkView>,
    vars: Map<String, Value>,
    slots: Vec<Slot>,
}

impl Page {
    fn new(template: &'static str, path: String, url: String, crumbs: Vec<LinkView>) -> Self {
        Page {
            template,
            path,
            url,
            crumbs,
            vars: Map::new(),
            slots: Vec::new(),
        }
    }

    fn set(mut self, key: &str, value: &(impl Serialize + ?Sized)) -> Self {
        put(&mut self.vars, key, value);
        self
    }

    /// The card views (or full views) of `pages` at `key`.
    fn views(self, key: &'static str, full: bool, pages: &[usize]) -> Self {
        self.slot(vec![Seg::Key(key)], full, pages, false)
    }

    /// A view in the context, filled when the page is rendered.
    fn slot(mut self, at: Vec<Seg>, full: bool, pages: &[usize], single: bool) -> Self {
        if let [Seg::Key(key)] = at.as_slice() {
            self.vars.insert(key.to_string(), Value::Null);
        }
        self.slots.push(Slot {
            at,
            full,
            pages: pages.to_vec(),
            single,
        });
        self
    }
}

fn put(map: &mut Map<String, Value>, key: &str, value: &(impl Serialize + ?Sized)) {
    map.insert(key.to_string(), to_value(value));
}

fn to_value(value: &(impl Serialize + ?Sized)) -> Value {
    serde_json::to_value(value).expect("template views serialize")
}

fn crumb(name: &str, url: String) -> LinkView {
    LinkView {
        name: name.to_string(),
        url,
    }
}

/// The logical path `job` renders (`/tags/hof/page/2/`): what
/// [`prepare`] gives it, without preparing it, so that a page asked for
/// by path is found among thousands at once (`kiez serve` while its
/// first build runs).
pub fn path_of(site: &Site, job: &Job) -> String {
    match job {
        Job::Home => "/".into(),
        Job::Page(i) => site.pages[*i].item.path.clone(),
        Job::ArticleList { section, page, .. } => {
            let base = section.map_or("/articles/", |n| site.sections[n].path.as_str());
            page_path(base, *page)
        }
        Job::EventList => "/events/".into(),
        Job::EditionList => "/editions/".into(),
        Job::FaqIndex => "/faq/".into(),
        Job::FaqCategory(n) => site.faq[*n].path.clone(),
        Job::TaxonomyIndex(kind) => format!("/{}/", kind.key()),
        Job::TaxonomyTerm {
            kind, term, page, ..
        } => page_path(&site.taxonomy(*kind).terms[*term].path, *page),
        Job::NotFound => "/404.html".into(),
        Job::Search => "/search/".into(),
        Job::Redirect { from, .. } => from.clone(),
    }
}

/// Prepares `job`: its own variables, then what every page has (feed
/// links, share meta, canonical URL, breadcrumbs).
pub fn prepare(frame: &Frame, job: &Job) -> Prepared {
    let site = frame.site;
    let page = match job {
        Job::Home => home(frame),
        Job::Page(i) => content_page(frame, *i),
        Job::ArticleList {
            section,
            page,
            pages,
        } => article_list(frame, *section, *page, *pages),
        Job::EventList => Page::new(
            "event_list.html",
            "/events/".into(),
            frame.url("/events/"),
            frame.section_crumbs("events", "/events/"),
        )
        .views("upcoming", false, &site.upcoming)
        .views("past", false, &site.past),
        Job::EditionList => editions::edition_list(frame),
        Job::FaqIndex => faq_sections(
            frame,
            Page::new(
                "faq_index.html",
                "/faq/".into(),
                frame.url("/faq/"),
                frame.section_crumbs("faq", "/faq/"),
            ),
        ),
        Job::FaqCategory(n) => faq_category(frame, *n),
        Job::TaxonomyIndex(kind) => taxonomy_index(frame, *kind),
        Job::TaxonomyTerm {
            kind,
            term,
            page,
            pages,
        } => taxonomy_term(frame, *kind, *term, (*page, *pages)),
        Job::Search => Page::new(
            "search.html",
            "/search/".into(),
            frame.url("/search/"),
            frame.section_crumbs("search", "/search/"),
        ),
        Job::NotFound => Page::new(
            "404.html",
            "/404.html".into(),
            frame.url("/404.html"),
            vec![],
        ),
        Job::Redirect { from, to } => {
            Page::new("redirect.html", from.clone(), to.clone(), vec![]).set("target", to)
        }
    };
    finish(frame, job, page)
}

fn home(frame: &Frame) -> Page {
    let site = frame.site;
    let n = site.config.sections.home.articles.min(site.articles.len());
    let e = site.config.sections.home.events.min(site.upcoming.len());
    let mut page = Page::new("index.html", "/".into(), frame.url("/"), vec![])
        .views("articles", false, &site.articles[..n])
        .views("events", false, &site.upcoming[..e]);
    page = faq_sections(frame, page);
    if let Some(i) = site.home {
        page = page.slot(vec![Seg::Key("intro")], true, &[i], true);
    }
    editions::on_home(frame, page)
}

fn content_page(frame: &Frame, i: usize) -> Page {
    let site = frame.site;
    let page = &site.pages[i];
    let mut crumbs = vec![frame.home()];
    let section = |key: &str, path: &str| crumb(&frame.s(key), frame.url(path));
    let template = match page.item.kind {
        Kind::Article => {
            crumbs.push(section("articles", "/articles/"));
            if let Some(path) = &page.item.section {
                crumbs.extend(frame.section_trail(path));
            }
            "article.html"
        }
        Kind::Event => {
            crumbs.push(section("events", "/events/"));
            "event.html"
        }
        Kind::Faq => {
            crumbs.push(section("faq", "/faq/"));
            crumbs.extend(faq_crumb(&frame.view(i, true)));
            "faq_question.html"
        }
        Kind::Edition => {
            crumbs.push(section("editions", "/editions/"));
            "edition.html"
        }
        Kind::Page | Kind::Home => "page.html",
    };
    crumbs.push(crumb(&page.item.title, page.url.clone()));
    let view = Page::new(template, page.item.path.clone(), page.url.clone(), crumbs);
    let view = view.slot(vec![Seg::Key("page")], true, &[i], true);
    match page.item.kind {
        Kind::Edition => editions::with_articles(frame, i, view),
        _ => view,
    }
}

#[derive(Serialize)]
struct TermView<'a> {
    name: &'a str,
    url: String,
    count: usize,
}

fn taxonomy_index(frame: &Frame, kind: TaxonomyKind) -> Page {
    let taxonomy = frame.site.taxonomy(kind);
    let terms: Vec<TermView> = taxonomy
        .terms
        .iter()
        .map(|term| TermView {
            name: &term.name,
            url: frame.url(&term.path),
            count: term.pages.len(),
        })
        .collect();
    let path = format!("/{}/", kind.key());
    let crumbs = frame.section_crumbs(kind.key(), &path);
    Page::new(
        "taxonomy_index.html",
        path.clone(),
        frame.url(&path),
        crumbs,
    )
    .set("taxonomy", kind.key())
    .set("terms", &terms)
}

/// Adds what every page has besides the shared variables: feed links,
/// share meta, canonical URL, breadcrumbs.
fn finish(frame: &Frame, job: &Job, page: Page) -> Prepared {
    let site = frame.site;
    let config = &site.config;
    let mut context = page.vars;
    // List pages link their own feed; `/articles/page/N/` shares the list's.
    let feed_dir = match job {
        Job::ArticleList { .. } | Job::TaxonomyTerm { .. } => {
            crate::util::url::list_root(&page.path)
        }
        _ => page.path.as_str(),
    };
    // Of content pages only editions have a feed: their articles.
    let lists_feed = match job {
        Job::Page(i) => site.pages[*i].item.kind == Kind::Edition,
        _ => true,
    };
    let own_feed = frame
        .feeds
        .iter()
        .find(|f| f.dir == feed_dir && f.dir != "/" && lists_feed);
    if let Some(spec) = own_feed {
        put(&mut context, "page_feeds", &super::feed_links(site, spec));
    }
    let canonical = config.absolute_url(page.url.trim_start_matches(config.base_path()));
    let crumb_pairs: Vec<(String, String)> = page
        .crumbs
        .iter()
        .map(|c| (c.name.clone(), c.url.clone()))
        .collect();
    let meta = page_meta(
        site,
        frame.social,
        subject(job),
        &page.path,
        &crumb_pairs,
        &canonical,
    );
    put(&mut context, "jsonld", &meta.jsonld);
    if !matches!(job, Job::Redirect { .. }) {
        if let Some(share) = &meta.share {
            put(&mut context, "share", share);
        }
        put(&mut context, "og", &meta.og);
    }
    if let Job::Page(i) = job {
        let item = &site.pages[*i].item;
        if let Some(link) = discussion_link(config, item, &canonical, &item.title) {
            put(&mut context, "discussion", &link);
        }
    }
    if let Some(pixel) = config.analytics.as_ref().and_then(|a| a.pixel(&page.url)) {
        put(&mut context, "analytics_pixel", &pixel);
    }
    put(&mut context, "current_url", &page.url);
    put(&mut context, "canonical", &canonical);
    put(&mut context, "breadcrumbs", &page.crumbs);
    let source = match job {
        Job::Page(i) => Some(site.pages[*i].item.file.clone()),
        _ => None,
    };
    Prepared {
        template: page.template,
        path: page.path,
        source,
        context,
        slots: page.slots,
    }
}

/// A hash of everything the template of `page` will see: the shared
/// variables, template, path, its own variables and the views in its
/// slots. Equal fingerprints render to equal bytes.
pub fn fingerprint(frame: &Frame, page: &Prepared) -> u64 {
    let mut h = Fingerprint::new();
    h.write_u64(frame.base_hash);
    h.write(page.template.as_bytes());
    h.write_u8(0);
    h.write(page.path.as_bytes());
    h.write_u8(0);
    crate::util::hash::json_map(&mut h, &page.context);
    for slot in &page.slots {
        for seg in &slot.at {
            match seg {
                Seg::Key(key) => h.write(key.as_bytes()),
                Seg::Index(n) => h.write_usize(*n),
            }
        }
        h.write_u8(u8::from(slot.full) + 2 * u8::from(slot.single));
        h.write_usize(slot.pages.len());
        for &i in &slot.pages {
            h.write_u64(frame.view_hash(i, slot.full));
        }
    }
    h.finish()
}

fn subject(job: &Job) -> Subject {
    match job {
        Job::Home => Subject::Home,
        Job::Page(i) => Subject::Page(*i),
        Job::FaqIndex => Subject::FaqIndex,
        Job::FaqCategory(n) => Subject::FaqCategory(*n),
        Job::NotFound => Subject::NotFound,
        _ => Subject::List,
    }
}
