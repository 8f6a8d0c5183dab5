//! The bodies of kiez's fuzz targets, one `fn(&[u8])` each; the binaries
//! in `src/bin/` hand them AFL's inputs. The oracle is the same for all:
//! no panic, done within AFL's time limit (`scripts/fuzz` sets 10 s), and
//! every error names the file it is about. A target panics on a finding so
//! that AFL records it as a crash.
//!
//! Kept apart from the main crate (own workspace and lock file) so that
//! its `cargo test` does not build the instrumented dependencies.

mod site;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

use chrono::{DateTime, Duration, Utc};
use kiez::content::{self, Item, Library, LoadOptions};
use kiez::markdown::{self, MarkdownOptions};
use kiez::{Error, Site, SiteConfig};

pub use site::site;

/// 2026-11-24T12:00:00Z, the tests' "now": runs are reproducible.
pub fn now() -> DateTime<Utc> {
    DateTime::from_timestamp(1_795_521_600, 0).expect("a valid timestamp")
}

/// A site folder that does not exist: the in-memory targets name files
/// in it, and nothing is ever read from or written to it.
const NOWHERE: &str = "/nonexistent/kiez-fuzz";

/// The configuration the single-file targets parse their files against.
const CONFIG: &str = "title: Fuzzblatt\nbase_url: https://mag.example.org/\nlanguage: de\n\
    timezone: Europe/Berlin\n";

fn fixed_config() -> &'static SiteConfig {
    static CONFIG_ONCE: OnceLock<SiteConfig> = OnceLock::new();
    CONFIG_ONCE.get_or_init(|| {
        SiteConfig::from_str(CONFIG, Path::new("kiez.yaml")).expect("the fixed config is valid")
    })
}

/// Panics (a finding) unless the message of `err` names one of `names`.
/// With `KIEZ_FUZZ_VERBOSE` set, prints the error too (for replaying an
/// input by hand).
pub fn assert_names_file(err: &Error, names: &[&str]) {
    let message = err.to_string();
    if std::env::var_os("KIEZ_FUZZ_VERBOSE").is_some() {
        eprintln!("{message}");
    }
    assert!(
        names.iter().any(|name| message.contains(name)),
        "error without a file name (expected one of {names:?}): {message}"
    );
}

/// Where a front-matter input is parsed as if it lay, chosen by its first
/// byte: each kind of content, as a file and as a bundle.
const PLACES: &[&str] = &[
    "articles/a.md",
    "events/e.md",
    "faq/allgemein/q.md",
    "pages/p.md",
    "index.md",
    "articles/b/index.md",
    "events/f/index.md",
    "faq/haus/r/index.md",
];

/// One content file (front matter and body) from bytes: the first byte
/// picks its place and whether drafts are built, the rest is the file.
/// What parses becomes the only page of a site model, and that site's
/// calendars, feeds and search index are rendered.
pub fn frontmatter(data: &[u8]) {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let rel = PLACES[usize::from(first) % PLACES.len()];
    let text = String::from_utf8_lossy(rest);
    let drafts = first & 0x80 != 0;
    if let Err(err) = parse_and_render(rel, &text, drafts) {
        assert_names_file(&err, &[rel]);
    }
}

/// Parses `text` as the content file `rel` and renders what depends on
/// it alone; returns the site model (none for a hidden item) for checks.
fn parse_and_render(rel: &str, text: &str, drafts: bool) -> kiez::Result<Option<Site>> {
    let dirs = SiteConfig::dirs(Path::new(NOWHERE));
    let opts = LoadOptions {
        content_dir: &dirs.content,
        config: fixed_config(),
        drafts,
        now: now(),
    };
    let Some(item) = content::parse_file(&opts, rel, text)? else {
        return Ok(None);
    };
    let library = Library {
        items: vec![item],
        ..Library::default()
    };
    let cache = dirs.root.join(".kiez-cache");
    let config = fixed_config().clone();
    let caches = kiez::site::Caches {
        images: &cache,
        code: None,
    };
    let site = Site::new(config, library, &dirs, now(), None, caches, true)?;
    kiez::events::render_calendars(&site);
    let keep = kiez::util::artifact::Sink::keep();
    kiez::feeds::render_feeds(&site, &kiez::feeds::specs(&site), &keep)?;
    kiez::feeds::render_sitemap(&site);
    kiez::search::render_index(&site, &keep)?;
    Ok(Some(site))
}

/// A Markdown body: the first byte picks the options (bundle or not),
/// the rest is rendered, then turned back into text as lists and the
/// search index do.
pub fn markdown(data: &[u8]) {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let links: BTreeMap<String, String> = [
        ("articles/b.md", "/articles/b/"),
        ("pages/kontakt.md", "/kontakt/"),
        ("faq/haus/frage/index.md", "/faq/haus/frage/"),
    ]
    .into_iter()
    .map(|(source, url)| (source.to_string(), url.to_string()))
    .collect();
    let bundle = first & 1 == 1;
    let opts = MarkdownOptions {
        links: &links,
        source: if bundle {
            "articles/a/index.md"
        } else {
            "articles/a.md"
        },
        asset_base: bundle.then_some("/articles/a/"),
        slugify: &|text| content::slug::slugify(text, kiez::config::Language::De),
        // Images ending in .jpg count as resized, so the responsive
        // attributes are fuzzed too.
        images: &|url: &str| {
            url.ends_with(".jpg").then(|| markdown::ImageAttrs {
                src: format!("{url}-960.jpg"),
                srcset: format!("{url}-480.jpg 480w, {url}-960.jpg 960w"),
                width: 960,
                height: 540,
            })
        },
        sizes: "100vw",
        analytics_notice: "<p>notice</p>",
        code: None,
    };
    let rendered = markdown::render(&text, &opts);
    assert!(rendered.reading_time >= 1, "reading time below a minute");
    markdown::html_to_text(&rendered.html.unpack());
    markdown::plain_text(&rendered.summary_html, usize::from(first));
}

/// A `kiez.yaml`: parsed and validated, and on success the URL helpers
/// and UI strings it selects.
pub fn config(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    match SiteConfig::from_str(&text, Path::new("kiez.yaml")) {
        Ok(config) => {
            config.absolute_url("/articles/a/");
            config.site_url("/events/calendar.ics");
            config.absolute("bild.jpg");
            kiez::i18n::strings(&config);
        }
        Err(err) => assert_names_file(&err, &["kiez.yaml"]),
    }
}

/// An event's front matter (without the `---` lines), `repeat:` rules in
/// particular: parsed, expanded, checked, and rendered as calendars.
pub fn recurrence(data: &[u8]) {
    let text = format!("---\n{}\n---\nTreffen.\n", String::from_utf8_lossy(data));
    let rel = "events/e.md";
    let site = match parse_and_render(rel, &text, true) {
        Ok(Some(site)) => site,
        Ok(None) => return,
        Err(err) => return assert_names_file(&err, &[rel]),
    };
    for page in &site.pages {
        check_occurrences(&page.item);
    }
}

/// The occurrences of an event are in order, within the rule's bounds,
/// and none falls on an excepted day.
fn check_occurrences(item: &Item) {
    let Some(event) = &item.event else {
        return;
    };
    let all = content::recurrence::occurrences(event);
    assert!(!all.is_empty() || event.repeat.is_some(), "no occurrence");
    assert!(all.len() <= content::recurrence::MAX_OCCURRENCES);
    assert!(
        all.windows(2).all(|w| w[0] < w[1]),
        "occurrences out of order"
    );
    if let Some(rule) = &event.repeat {
        let local = |d: &DateTime<_>| d.with_timezone(&event.timezone).date_naive();
        assert!(all.iter().all(|d| !rule.except.contains(&local(d))));
        if let Some(until) = rule.until {
            assert!(all.iter().all(|d| local(d) <= until), "past `until`");
        }
        if let Some(count) = rule.count {
            assert!(all.len() <= count as usize, "more than `count`");
        }
    }
    for at in [
        now(),
        now() - Duration::days(4000),
        now() + Duration::days(4000),
    ] {
        content::recurrence::next_occurrence(event, at);
    }
}
