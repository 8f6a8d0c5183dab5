//! Turns the site model into output files with Tera templates, in two
//! steps: [`Pages`] gives every page (content pages, lists,
//! taxonomies, 404, redirects) its template and context ([`pages`], from
//! the views in [`views`]); [`Renderer::render_page`] renders one. Pages
//! are rendered in parallel. Templates come from the embedded default
//! theme, overridden by the site's `templates/` by name.

mod cycles;
pub mod digest;
mod languages;
pub mod pages;
mod theme;
pub mod views;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use rayon::prelude::*;
use serde::Serialize;
use serde_json::{Map, Value};
use tera::{Context, Tera};

use crate::util::progress::Tracker;
use crate::util::timings::PageTime;

use crate::config::{Language, SiteConfig};
use crate::error::{Error, Result};
use crate::feeds::FeedSpec;
use crate::site::Site;
use crate::social::Social;
pub use pages::{Change, Prepared};
use views::SiteView;

pub use crate::util::artifact::OutputFile;

/// The template engine, loaded once per build.
pub struct Renderer {
    tera: Tera,
    /// Whether a template reads `now` (see [`base_context`]).
    reads_now: bool,
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
        tera.set_escape_fn(crate::util::escape::html);
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
        // Tera's own `range` allocates whatever it is asked for:
        // `range(end=100000000000)` would exhaust memory and abort kiez.
        tera.register_function("range", bounded_range);
        tera.register_filter(
            "slugify",
            move |value: &Value, _: &HashMap<String, Value>| {
                let text = tera::try_get_value!("slugify", "value", String, value);
                Ok(Value::String(crate::content::slug::slugify(&text, lang)))
            },
        );
        let reads_now = sources.values().any(|s| mentions(s, "now"));
        Ok(Renderer { tera, reads_now })
    }

    /// Renders `template` for the page at `path` with the whole
    /// `context`; `source` (the content file) is named in errors.
    pub fn render_context(
        &self,
        template: &str,
        path: &str,
        source: Option<&Path>,
        context: Map<String, Value>,
    ) -> Result<OutputFile> {
        let context = Context::from_value(Value::Object(context))
            .map_err(|e| Error::template(template, &e))?;
        let mut html = self
            .render(template, &context)
            .map_err(|e| while_rendering(e, path, source, &context))?;
        // Markdown text reaches the page unescaped by us; no control
        // character may reach a reader's HTML parser.
        if let std::borrow::Cow::Owned(clean) = crate::util::escape::xml_chars(&html) {
            html = clean;
        }
        Ok(OutputFile::new(
            crate::util::url::output_path(path),
            html.into_bytes(),
        ))
    }

    /// Renders template `name`.
    pub fn render(&self, name: &str, context: &Context) -> Result<String> {
        self.tera
            .render(name, context)
            .map_err(|e| Error::template(name, &e))
    }
}

/// A template error that also names the page being rendered, and the
/// content file it shows: a template may fail on one page's data only.
/// A variable that does not exist gets the name it probably meant.
fn while_rendering(err: Error, path: &str, source: Option<&Path>, context: &Context) -> Error {
    match err {
        Error::Template { template, chain } => {
            let page = match source {
                Some(file) => format!("{path} (from {})", file.display()),
                None => path.to_string(),
            };
            let meant = missing_variable(&chain)
                .and_then(|name| near_variable(name, context))
                .map(|near| format!("; did you mean `{near}`?"))
                .unwrap_or_default();
            Error::Template {
                template,
                chain: format!("{chain}{meant} (while rendering {page})"),
            }
        }
        other => other,
    }
}

/// The variable Tera names in "Variable `page.titel` not found".
fn missing_variable(chain: &str) -> Option<&str> {
    let rest = chain.split("Variable `").nth(1)?;
    let name = rest.split('`').next()?;
    rest.contains("` not found").then_some(name)
}

/// The existing variable closest to `name` (`page.titel` → `page.title`):
/// the path is followed as far as it exists, and the first missing part
/// is compared with the keys there.
fn near_variable(name: &str, context: &Context) -> Option<String> {
    let parts: Vec<&str> = name.split('.').collect();
    let top = context.clone().into_json();
    let mut value = &top;
    for (n, part) in parts.iter().enumerate() {
        let object = value.as_object()?;
        match object.get(*part) {
            Some(next) => value = next,
            None => {
                let near = closest(part, object.keys().map(String::as_str))?;
                let mut meant = parts.clone();
                meant[n] = &near;
                return Some(meant.join("."));
            }
        }
    }
    None
}

/// Of `candidates`, the one a typo or two away from `word`, if any.
fn closest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<String> {
    candidates
        .map(|c| (strsim::damerau_levenshtein(word, c), c))
        .filter(|(d, c)| *d <= if c.len() > 5 { 2 } else { 1 })
        .min()
        .map(|(_, c)| c.to_string())
}

/// The most numbers `range` makes: more than any page lists.
const MAX_RANGE: usize = 100_000;

/// Tera's `range(start=0, end, step_by=1)`, refusing to make more than
/// [`MAX_RANGE`] numbers.
fn bounded_range(args: &HashMap<String, Value>) -> tera::Result<Value> {
    let number = |key: &str, default: Option<usize>| -> tera::Result<usize> {
        match args.get(key) {
            Some(value) => value.as_u64().map(|n| n as usize).ok_or_else(|| {
                tera::Error::msg(format!(
                    "range: `{key}` must be a whole number, not {value}"
                ))
            }),
            None => default.ok_or_else(|| tera::Error::msg("range: `end` is missing")),
        }
    };
    let (start, end, step) = (
        number("start", Some(0))?,
        number("end", None)?,
        number("step_by", Some(1))?,
    );
    if step == 0 {
        return Err(tera::Error::msg("range: `step_by` must be at least 1"));
    }
    if start > end {
        return Err(tera::Error::msg("range: `start` is after `end`"));
    }
    if (end - start) / step > MAX_RANGE {
        return Err(tera::Error::msg(format!(
            "range: at most {MAX_RANGE} numbers, this asks for {}",
            (end - start) / step
        )));
    }
    Ok(Value::Array(
        (start..end).step_by(step).map(Value::from).collect(),
    ))
}

/// Whether `word` occurs in `text` as a whole identifier.
fn mentions(text: &str, word: &str) -> bool {
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(ident) && !after.is_some_and(ident)
    })
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

/// The lists of a site before an edit ([`Pages::lists_before`]).
pub struct ListsBefore {
    listings: crate::site::Listings,
    /// The one-page lists, prepared, by path.
    prepared: HashMap<String, Prepared>,
}

/// Every page of a site, ready to be prepared for its template (see
/// [`pages`]).
pub struct Pages<'a> {
    frame: pages::Frame<'a>,
    jobs: Vec<pages::Job>,
    progress: Tracker,
    /// The other languages' pages, on a multilingual site.
    translations: Option<std::sync::Arc<crate::site::Translations>>,
    /// How long each page took in the last [`Pages::render_each`].
    times: std::sync::Mutex<Vec<PageTime>>,
    /// Which job makes each output file, once [`Pages::render_output`]
    /// was asked.
    by_output: std::sync::OnceLock<HashMap<String, usize>>,
}

impl<'a> Pages<'a> {
    /// The pages of `site`; `renderer` tells which variables templates read.
    pub fn new(
        site: &'a Site,
        renderer: &Renderer,
        feeds: &'a [FeedSpec],
        social: &'a Social,
    ) -> Self {
        let base = base_context(site, feeds, renderer.reads_now);
        let mut h = crate::util::hash::Fingerprint::new();
        crate::util::hash::json_map(&mut h, &base);
        let frame = pages::Frame {
            site,
            views: site.pages.iter().map(|_| Default::default()).collect(),
            view_hashes: site.pages.iter().map(|_| Default::default()).collect(),
            base_hash: std::hash::Hasher::finish(&h),
            strings: crate::i18n::strings(&site.config),
            base,
            feeds,
            social,
        };
        Pages {
            frame,
            jobs: pages::jobs(site),
            progress: Tracker::default(),
            translations: None,
            times: Default::default(),
            by_output: Default::default(),
        }
    }

    /// Tells `progress` of each page rendered.
    pub fn with_progress(mut self, progress: Tracker) -> Self {
        self.progress = progress;
        self
    }

    /// Links each page to its translations (language switcher, hreflang).
    pub fn with_translations(
        mut self,
        translations: Option<std::sync::Arc<crate::site::Translations>>,
    ) -> Self {
        self.translations = translations;
        self
    }

    /// Prepares one page: its own variables and, on a multilingual site,
    /// `languages` (the switcher) and `alternates` (hreflang links).
    fn prepare(&self, job: &pages::Job) -> Prepared {
        let mut page = pages::prepare(&self.frame, job);
        if let Some(t) = &self.translations {
            let (languages, alternates) = languages::of_page(t, self.frame.site, &page.path);
            page.context.insert("languages".into(), languages);
            page.context.insert("alternates".into(), alternates);
        }
        page
    }

    /// The site whose pages these are.
    pub fn site(&self) -> &'a Site {
        self.frame.site
    }

    /// How many pages there are.
    pub fn len(&self) -> usize {
        self.jobs.len()
    }

    /// Whether the site has no pages (it always has a home page).
    pub fn is_empty(&self) -> bool {
        self.jobs.is_empty()
    }

    /// How long each page took to prepare and render, in page order.
    pub fn times(&self) -> Vec<PageTime> {
        std::mem::take(&mut self.times.lock().expect("no panics while held"))
    }

    /// Prepares each page and hands it to `render`, in parallel; the
    /// results come back in a stable order. A prepared page holds its
    /// views by reference ([`pages::Slot`]), so preparing every page is
    /// cheap and memory holds few full contexts at a time.
    pub fn render_each<T: Send>(
        &self,
        render: impl Fn(Prepared) -> Result<T> + Sync,
    ) -> Result<Vec<T>> {
        let done: Vec<(T, PageTime)> = self
            .jobs
            .par_iter()
            .map(|job| {
                let started = std::time::Instant::now();
                let page = self.prepare(job);
                let (path, template) = (page.path.clone(), page.template);
                let value = render(page)?;
                self.progress.advance(1);
                let took = started.elapsed();
                Ok((
                    value,
                    PageTime {
                        path,
                        template,
                        took,
                    },
                ))
            })
            .collect::<Result<_>>()?;
        let (values, times) = done.into_iter().unzip();
        *self.times.lock().expect("no panics while held") = times;
        Ok(values)
    }

    /// Renders only the pages of the site's pages `indices` (as
    /// [`pages::Job::Page`]), in page order.
    pub fn render_some(&self, renderer: &Renderer, indices: &[usize]) -> Result<Vec<OutputFile>> {
        self.jobs
            .iter()
            .filter(|job| matches!(job, pages::Job::Page(i) if indices.contains(i)))
            .map(|job| self.render_page(renderer, self.prepare(job)))
            .collect()
    }

    /// Renders the page whose output file is `output`
    /// (`tags/hof/page/2/index.html`); `None` when no page makes it.
    pub fn render_output(&self, renderer: &Renderer, output: &str) -> Option<Result<OutputFile>> {
        let by_output = self.by_output.get_or_init(|| {
            let path = |job| crate::util::url::output_path(&pages::path_of(self.frame.site, job));
            self.jobs
                .iter()
                .enumerate()
                .map(|(n, job)| (path(job), n))
                .collect()
        });
        let job = &self.jobs[*by_output.get(output)?];
        Some(self.render_page(renderer, self.prepare(job)))
    }

    /// What the lists showed before an edit, for [`Pages::render_stale`]:
    /// the members of every list and the one-page lists prepared.
    pub fn lists_before(&self) -> ListsBefore {
        let prepared = self
            .jobs
            .iter()
            .filter(|job| pages::one_page_list(job))
            .map(|job| self.prepare(job))
            .map(|page| (page.path.clone(), page))
            .collect();
        ListsBefore {
            listings: self.frame.site.listings(),
            prepared,
        }
    }

    /// Renders the pages that changed in `wave` since `before`, now that
    /// page `edited` changed and the lists were sorted again: with
    /// [`Change::Shows`], the page itself, paginated lists' pages that
    /// show its card and one-page lists prepared otherwise than before
    /// or holding its view; with [`Change::Moved`], paginated lists'
    /// pages whose other cards moved ([`pages::stale`]).
    pub fn render_stale(
        &self,
        renderer: &Renderer,
        before: &ListsBefore,
        edited: usize,
        wave: Change,
    ) -> Result<Vec<OutputFile>> {
        let site = self.frame.site;
        self.jobs
            .par_iter()
            .filter_map(|job| {
                if !pages::one_page_list(job) {
                    return (pages::stale(site, &before.listings, edited, job) == Some(wave))
                        .then(|| self.prepare(job));
                }
                if wave != Change::Shows {
                    return None;
                }
                let page = self.prepare(job);
                let shows = page.slots.iter().any(|s| s.pages.contains(&edited));
                (shows || before.prepared.get(&page.path) != Some(&page)).then_some(page)
            })
            .map(|page| self.render_page(renderer, page))
            .collect()
    }

    /// A hash of everything `page`'s template will see; equal
    /// fingerprints render to equal bytes.
    pub fn fingerprint(&self, page: &Prepared) -> u64 {
        pages::fingerprint(&self.frame, page)
    }

    /// Renders a prepared page: the shared variables, the page's own,
    /// and its views filled in.
    pub fn render_page(&self, renderer: &Renderer, page: Prepared) -> Result<OutputFile> {
        let mut own = page.context;
        for slot in &page.slots {
            if let Some(place) = locate(&mut own, &slot.at) {
                *place = self.frame.fill(slot);
            }
        }
        let mut context = self.frame.base.clone();
        context.extend(own);
        renderer.render_context(page.template, &page.path, page.source.as_deref(), context)
    }
}

impl Drop for Pages<'_> {
    /// The views of a large site are many small allocations; freeing them
    /// on another thread keeps them off the time until an edit is served.
    fn drop(&mut self) {
        let views = std::mem::take(&mut self.frame.views);
        rayon::spawn(move || drop(views));
    }
}

/// The value at `at` inside `map`.
fn locate<'v>(map: &'v mut Map<String, Value>, at: &[pages::Seg]) -> Option<&'v mut Value> {
    let (pages::Seg::Key(first), rest) = at.split_first()? else {
        return None;
    };
    let mut value = map.get_mut(*first)?;
    for seg in rest {
        value = match seg {
            pages::Seg::Key(key) => value.get_mut(*key)?,
            pages::Seg::Index(n) => value.get_mut(*n)?,
        };
    }
    Some(value)
}

/// The theme's own files: stylesheet, scripts, syntax colours. The
/// analytics loader and the comment embed are written only for sites that
/// use them.
pub fn theme_files(config: &crate::config::SiteConfig) -> Vec<OutputFile> {
    let unused = |name: &str| match name {
        "analytics.js" => config.analytics.is_none(),
        "comments.js" => views::discourse_embed(config).is_none(),
        _ => false,
    };
    let mut files: Vec<OutputFile> = theme::STATIC
        .iter()
        .filter(|(name, _)| !unused(name))
        .map(|(name, text)| OutputFile::new(*name, text.as_bytes()))
        .collect();
    files.push(OutputFile::new(
        "syntax.css",
        crate::markdown::highlight_css().into_bytes(),
    ));
    files
}

/// `index.html` at the root of a site whose every language has its prefix
/// (`translations: {prefix_default: true}`): sends readers on to the
/// default language's home.
pub fn root_redirect(site: &Site, renderer: &Renderer) -> Result<OutputFile> {
    let mut context = base_context(site, &[], false);
    let target = site.config.site_url("/");
    context.insert("target".into(), Value::String(target));
    context.insert(
        "canonical".into(),
        Value::String(site.config.base_url.clone()),
    );
    renderer.render_context("redirect.html", "/", None, context)
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

/// The variables every page has. `now` only when a template reads it:
/// it changes with every build, and a page is the same page again only
/// if everything it was rendered from is the same.
fn base_context(site: &Site, feeds: &[FeedSpec], with_now: bool) -> Map<String, Value> {
    let mut ctx = Map::new();
    let mut put = |key: &str, value: Value| ctx.insert(key.to_string(), value);
    if let Some(main) = feeds.iter().find(|f| f.dir == "/") {
        put("site_feeds", json(&feed_links(site, main)));
    }
    put("site", json(&SiteView::new(site)));
    put("t", crate::i18n::strings(&site.config));
    if with_now {
        put("now", Value::String(site.now.to_rfc3339()));
    }
    ctx
}

fn json(value: &impl Serialize) -> Value {
    serde_json::to_value(value).expect("template views serialize")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_variable_gets_the_nearest_existing_one() {
        let mut context = Context::new();
        context.insert("page", &serde_json::json!({"title": "A", "date": "x"}));
        context.insert("site", &serde_json::json!({"title": "S"}));
        let chain = "Failed: Variable `page.titel` not found in context while rendering 'a'";
        assert_eq!(missing_variable(chain), Some("page.titel"));
        assert_eq!(missing_variable("Filter 'uper' not found"), None);
        let near = |name| near_variable(name, &context);
        assert_eq!(near("page.titel").as_deref(), Some("page.title"));
        assert_eq!(near("pag.date").as_deref(), Some("page.date"));
        assert_eq!(near("page.author"), None, "nothing close: no guess");
        assert_eq!(near("page.title.x"), None);
    }
}
