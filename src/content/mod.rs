//! The content model: what editors wrote under `content/`, parsed and
//! validated but not yet rendered. [`load`] walks the folder and returns a
//! [`Library`]; nothing here knows about templates or HTML.

mod attach;
mod dates;
mod edition;
mod event;
pub mod frontmatter;
mod library;
mod load;
pub mod matter;
mod place;
pub mod recurrence;
pub mod section;
pub mod slug;
pub mod translation;

use std::path::PathBuf;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::config::Language;

pub use dates::parse as parse_date;
pub use dates::{in_range as date_in_range, MAX_YEAR, MIN_YEAR, PATTERN as DATE_PATTERN};
pub use load::{load, parse_file, reparse, LoadOptions, ParseCache};

/// The four content types of the design, plus the optional home intro.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// `content/index.md`.
    Home,
    /// A magazine article.
    Article,
    /// A dated event.
    Event,
    /// A question in the FAQ library.
    Faq,
    /// A plain page such as the imprint.
    Page,
    /// An edition of the magazine (`content/editions/ID.md`): its body is
    /// the editorial, its articles say `edition: ID`.
    Edition,
}

impl Kind {
    /// Article, event … as used in error messages.
    pub fn noun(self) -> &'static str {
        match self {
            Kind::Home => "the home page",
            Kind::Article => "an article",
            Kind::Event => "an event",
            Kind::Faq => "a FAQ entry",
            Kind::Page => "a page",
            Kind::Edition => "an edition",
        }
    }
}

/// One content file.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// What kind of content it is.
    pub kind: Kind,
    /// Path relative to `content/`, with `/` separators (`articles/x.md`).
    /// It is the item's identity: links and `related:` refer to it.
    pub source: String,
    /// Path for messages, relative to where kiez was started when possible.
    pub file: PathBuf,
    /// Language of the item: the default language's, or a translation's
    /// (`NAME.en.md`).
    pub lang: Language,
    /// What links an item with its translations: `translation_key:`, else
    /// the source path without the language (`articles/x.md`).
    pub translation_key: String,
    /// Shown in another language's lists because it has no translation
    /// there (`translations: {fallback: true}`); its page is only in its
    /// own language.
    pub fallback: bool,
    /// URL slug.
    pub slug: String,
    /// The sub-section of `articles/` the article is in (`inside-rust`,
    /// or nested `a/b`): the folders between `articles/` and the file or
    /// bundle. `None` for articles directly in `articles/` and other kinds.
    pub section: Option<String>,
    /// Logical URL path, e.g. `/articles/slug/` (without the base path).
    pub path: String,
    /// Title (for FAQ entries: the question).
    pub title: String,
    /// Summary for cards and meta descriptions, when the editor wrote one.
    pub description: Option<String>,
    /// Publication date (articles) or start (events).
    pub date: Option<DateTime<FixedOffset>>,
    /// When it was published: `date` of articles, and the optional `date`
    /// of events and FAQ entries (what feeds order by).
    pub published: Option<DateTime<FixedOffset>>,
    /// Last substantial update.
    pub updated: Option<DateTime<FixedOffset>>,
    /// Hidden unless building with `--drafts`.
    pub draft: bool,
    /// Taxonomy terms, as written.
    pub tags: Vec<String>,
    /// Category terms, as written.
    pub categories: Vec<String>,
    /// Author names, as written.
    pub authors: Vec<String>,
    /// Cover image: a bundle file name, a site path or an absolute URL.
    pub image: Option<String>,
    /// Alternative text of the cover image.
    pub image_alt: Option<String>,
    /// Images shown as a gallery.
    pub gallery: Vec<GalleryImage>,
    /// Files offered for download (forms, house rules).
    pub downloads: Vec<Download>,
    /// `discussion:` as written: the page's own thread, or off; `None`
    /// uses the site's `community:`.
    pub discussion: Option<matter::Discussion>,
    /// Old URLs that should redirect here.
    pub aliases: Vec<String>,
    /// Position in the header menu (pages only).
    pub menu: Option<i64>,
    /// Articles: the edition they appear in (`edition:`, an edition's ID).
    pub edition: Option<String>,
    /// Articles: their place in the edition (`weight:`), lower first.
    pub weight: Option<i64>,
    /// Editions: their articles in the editors' order (`articles:`), as
    /// source paths (`articles/x.md`).
    pub edition_articles: Vec<String>,
    /// Event details.
    pub event: Option<Event>,
    /// FAQ details.
    pub faq: Option<Faq>,
    /// Front matter keys kiez does not know, for templates.
    pub extra: Map<String, Value>,
    /// The Markdown body.
    pub body: String,
    /// 1-based line of the body's first line in the file.
    pub body_line: usize,
    /// Files beside a bundle's `index.md`, relative to its folder.
    pub assets: Vec<String>,
    /// The folder of a bundle (absolute), where `assets` live.
    pub bundle_dir: Option<PathBuf>,
    /// File line of each top-level front matter key.
    pub key_lines: std::collections::BTreeMap<String, usize>,
}

impl Item {
    /// An error about this item's front matter `key`, at its line.
    pub fn error(&self, key: &str, message: impl Into<String>) -> crate::error::SourceError {
        let mut err = crate::error::SourceError::new(&self.file, message).key(key);
        let top = key.split(['.', '[']).next().unwrap_or(key);
        if let Some(line) = self.key_lines.get(top) {
            err = err.line(*line);
        }
        err
    }
}

/// One gallery image.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GalleryImage {
    /// Bundle file name or site path.
    pub src: String,
    /// Caption shown under the image and used as alt text.
    #[serde(default)]
    pub caption: String,
    /// Alternative text when it should differ from the caption.
    #[serde(default)]
    pub alt: Option<String>,
}

/// A file offered for download: beside the content file (or in its
/// bundle), a `/path` in `static/`, or an absolute URL.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Download {
    /// Where the file is.
    pub src: String,
    /// Link text; the file name when missing.
    pub title: Option<String>,
}

/// What an event adds to an item.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// Start.
    pub start: DateTime<FixedOffset>,
    /// End, when known.
    pub end: Option<DateTime<FixedOffset>>,
    /// Whether start and end are dates without times.
    pub all_day: bool,
    /// The zone local times were read in.
    pub timezone: chrono_tz::Tz,
    /// Where it happens.
    pub location: Option<Location>,
    /// Where to join online.
    pub online_url: Option<String>,
    /// How to register.
    pub registration: Option<Registration>,
    /// A "find a date" poll.
    pub poll: Option<String>,
    /// Who organises it.
    pub organizer: Option<String>,
    /// Whether it takes place.
    pub status: EventStatus,
    /// Revision number for calendar clients (`sequence:`); kiez adds one
    /// when the event is cancelled or postponed so clients update it.
    pub sequence: u32,
    /// How it repeats, for regular meetings.
    pub repeat: Option<Repeat>,
}

/// A recurrence rule: `repeat: {every: month, weekday: 2nd tuesday, until: …}`.
#[derive(Debug, Clone, PartialEq)]
pub struct Repeat {
    /// Weekly or monthly.
    pub every: Frequency,
    /// Every n-th week or month.
    pub interval: u32,
    /// For monthly rules: the n-th (1..=5, or -1 for last) weekday of the
    /// month; for weekly rules the weekday (n is 0).
    pub weekday: Option<(i8, chrono::Weekday)>,
    /// Last day on which an occurrence may fall (local date).
    pub until: Option<chrono::NaiveDate>,
    /// Number of occurrences (before `except` is applied, as in RFC 5545).
    pub count: Option<u32>,
    /// Local dates on which the meeting does not take place.
    pub except: Vec<chrono::NaiveDate>,
}

/// How often a recurring event repeats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frequency {
    /// Every week.
    Week,
    /// Every month.
    Month,
}

/// A physical place.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Location {
    /// "Gemeinschaftsraum, Haus 3".
    pub name: String,
    /// Street address.
    #[serde(default)]
    pub address: Option<String>,
    /// Latitude.
    #[serde(default)]
    pub lat: Option<f64>,
    /// Longitude.
    #[serde(default)]
    pub lon: Option<f64>,
}

/// Registration for an event.
#[derive(Debug, Clone, PartialEq)]
pub struct Registration {
    /// Where to register.
    pub url: Option<String>,
    /// Last moment to register.
    pub deadline: Option<DateTime<FixedOffset>>,
}

/// Whether an event takes place as planned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum EventStatus {
    /// As planned.
    Scheduled,
    /// Called off; still listed, clearly marked.
    Cancelled,
    /// Moved to a later date not yet known.
    Postponed,
    /// Takes place online instead.
    #[serde(rename = "moved-online", alias = "moved_online", alias = "online")]
    MovedOnline,
}

impl EventStatus {
    /// The name used in templates and feeds.
    pub fn as_str(self) -> &'static str {
        match self {
            EventStatus::Scheduled => "scheduled",
            EventStatus::Cancelled => "cancelled",
            EventStatus::Postponed => "postponed",
            EventStatus::MovedOnline => "moved_online",
        }
    }
}

/// What a FAQ entry adds to an item.
#[derive(Debug, Clone, PartialEq)]
pub struct Faq {
    /// Slug of its category (the folder name by default).
    pub category: String,
    /// Position within the category.
    pub order: i64,
    /// Source paths (relative to `content/faq/`) of related questions.
    pub related: Vec<String>,
}

/// A FAQ category: a folder under `content/faq/`, optionally described by
/// `_category.yaml`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FaqCategory {
    /// Folder name, slugified.
    pub slug: String,
    /// Display title.
    pub title: String,
    /// One-sentence description.
    pub description: String,
    /// Position on `/faq/`.
    pub order: i64,
}

/// A sub-section of `articles/`: a folder of articles, described by an
/// optional `_section.yaml`.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleSection {
    /// Folder path below `articles/`, e.g. `inside-rust` or `a/b`.
    pub path: String,
    /// Display title; the folder name made readable by default.
    pub title: String,
    /// One-sentence description.
    pub description: String,
    /// Position among the sections.
    pub order: i64,
    /// Whether its articles are also in the main article list and feed.
    pub in_main_list: bool,
}

/// All content of a site that is part of this build.
#[derive(Debug, Default)]
pub struct Library {
    /// Items, sorted by source path.
    pub items: Vec<Item>,
    /// FAQ categories, sorted by order then title.
    pub faq_categories: Vec<FaqCategory>,
    /// `_category.CODE.yaml`: a category's title and description in
    /// another language.
    pub translated_categories: Vec<(Language, FaqCategory)>,
    /// Sub-sections of `articles/`, sorted by order then title.
    pub sections: Vec<ArticleSection>,
    /// Items left out because they are drafts or dated in the future.
    pub hidden: usize,
    /// Files that could not be read into an item, with why. The build goes
    /// on without them so that one run reports every error of the site,
    /// then fails.
    pub errors: Vec<crate::error::Error>,
    /// The source paths of those files (`articles/x.md`): links to them
    /// are not reported as broken.
    pub failed: Vec<String>,
    /// In one language of a multilingual site: the default language's
    /// items that have no translation here, by source path, with their
    /// root-relative URL there, so that a link to one is never dead.
    pub elsewhere: Vec<(String, String)>,
}

impl Library {
    /// Items of one kind, in source order.
    pub fn of_kind(&self, kind: Kind) -> impl Iterator<Item = &Item> {
        self.items.iter().filter(move |i| i.kind == kind)
    }
}
