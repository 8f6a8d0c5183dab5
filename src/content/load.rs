//! Walks `content/`, classifies each file by where it lives, and parses it
//! into an [`Item`]. Files are parsed in parallel; the first error in sorted
//! path order is reported so messages do not depend on thread timing.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use rayon::prelude::*;
use serde::Deserialize;
use serde_json::Value;

use super::frontmatter::{self, Fields};
use super::slug::slugify;
use super::{
    Download, Event, EventStatus, Faq, FaqCategory, Frequency, GalleryImage, Item, Kind, Library,
    Location, Registration, Repeat,
};
use crate::config::SiteConfig;
use crate::error::{Error, Result, SourceError};

/// What the loader needs to know besides the files.
pub struct LoadOptions<'a> {
    /// The `content/` folder.
    pub content_dir: &'a Path,
    /// The validated site configuration.
    pub config: &'a SiteConfig,
    /// Include drafts and future-dated articles.
    pub drafts: bool,
    /// The build's notion of "now" (from `SOURCE_DATE_EPOCH` when set).
    pub now: DateTime<Utc>,
}

/// Sections whose list pages own a URL that no content file may take.
const RESERVED: &[&str] = &[
    "/articles/",
    "/events/",
    "/faq/",
    "/tags/",
    "/categories/",
    "/authors/",
    "/search/",
];

const IMAGE_EXTENSIONS: &[&str] = &["jpg", "jpeg", "png", "webp", "gif", "avif", "svg"];

/// Items parsed by an earlier build, by path below `content/`. The dev
/// server keeps one between builds and marks the files its watcher saw
/// change, so that only those are read and parsed again (see
/// [`crate::incremental`]). Reading is the expensive part: a thousand
/// small files take tens of milliseconds to open on some systems.
#[derive(Default)]
pub struct ParseCache {
    items: HashMap<String, Item>,
    /// Files changed since their item was cached.
    stale: BTreeSet<String>,
}

impl ParseCache {
    /// Marks the file at `rel` (below `content/`, `/`-separated) as
    /// changed, so the next load reads it again.
    pub fn mark_changed(&mut self, rel: String) {
        self.stale.insert(rel);
    }
}

/// Loads every content file below `opts.content_dir`. With a `cache`, files
/// cached and not marked as changed are taken from it instead of being
/// read, and the cache is refilled with this build's items.
pub fn load(
    opts: &LoadOptions,
    mut cache: Option<&mut ParseCache>,
) -> Result<(Library, Vec<String>)> {
    let mut warnings = Vec::new();
    if !opts.content_dir.is_dir() {
        if opts.content_dir.exists() {
            return Err(SourceError::new(opts.content_dir, "`content` must be a folder").into());
        }
        return Ok((Library::default(), warnings));
    }
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(opts.content_dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !is_hidden(e.file_name().to_str().unwrap_or("")))
    {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(opts.content_dir).to_path_buf();
            Error::io("cannot read", &path, e.into())
        })?;
        if entry.file_type().is_file() {
            let rel = rel_path(opts.content_dir, entry.path());
            files.push((rel, entry.into_path()));
        }
    }

    // A folder holding `index.md` (other than content/ itself) is a bundle:
    // every other file in it belongs to that page.
    let bundles: BTreeSet<String> = files
        .iter()
        .filter_map(|(rel, _)| rel.strip_suffix("/index.md").map(str::to_string))
        .collect();
    let bundle_of = |rel: &str| -> Option<String> {
        let mut dir = rel;
        while let Some((parent, _)) = dir.rsplit_once('/') {
            if bundles.contains(parent) {
                return Some(parent.to_string());
            }
            dir = parent;
        }
        None
    };

    let mut pages: Vec<(String, PathBuf, Kind)> = Vec::new();
    // Files beside content files, published only when a page lists them
    // under `downloads:`.
    let mut loose: BTreeMap<String, PathBuf> = BTreeMap::new();
    let mut assets: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut category_files = Vec::new();
    for (rel, path) in files {
        let parts: Vec<&str> = rel.split('/').collect();
        let is_index = rel.ends_with("/index.md");
        if let Some(bundle) = bundle_of(&rel).filter(|_| !is_index) {
            let name = rel[bundle.len() + 1..].to_string();
            assets.entry(bundle).or_default().push(name);
            continue;
        }
        if parts.len() == 3 && parts[0] == "faq" && parts[2] == "_category.yaml" {
            category_files.push((parts[1].to_string(), path));
            continue;
        }
        if !rel.ends_with(".md") {
            loose.insert(rel, path);
            continue;
        }
        let kind = match (parts.as_slice(), is_index) {
            (["index.md"], _) => Kind::Home,
            (["articles", _], false) | (["articles", _, "index.md"], true) => Kind::Article,
            (["events", _], false) | (["events", _, "index.md"], true) => Kind::Event,
            (["faq", _, _], false) | (["faq", _, _, "index.md"], true) => Kind::Faq,
            (["pages", _], false) | (["pages", _, "index.md"], true) => Kind::Page,
            _ => {
                return Err(SourceError::new(&path, "this file is not in a known place")
                    .hint(
                        "content files go in articles/, events/, faq/CATEGORY/ or pages/, \
                         as NAME.md or NAME/index.md",
                    )
                    .into())
            }
        };
        pages.push((rel, path, kind));
    }

    let cached: Vec<Option<Item>> = match cache.as_deref_mut() {
        Some(cache) => {
            let mut previous = std::mem::take(&mut cache.items);
            pages
                .iter()
                .map(|(rel, _, _)| {
                    (!cache.stale.contains(rel))
                        .then(|| previous.remove(rel))
                        .flatten()
                })
                .collect()
        }
        None => vec![None; pages.len()],
    };
    let parsed: Vec<Result<(String, Option<Item>)>> = pages
        .into_par_iter()
        .zip(cached)
        .map(|((rel, path, kind), cached)| match cached {
            Some(item) => Ok((rel, Some(item))),
            None => {
                let text = crate::fs::read_to_string(&path)?;
                let item = parse_item(opts, &rel, &path, kind, &text)?;
                Ok((rel, item))
            }
        })
        .collect();
    let mut items = Vec::new();
    let mut hidden = 0;
    for result in parsed {
        let (rel, item) = result?;
        match item {
            Some(mut item) => {
                // Hidden items are not kept: a future-dated article must
                // appear once its date has passed.
                if let Some(cache) = cache.as_deref_mut() {
                    cache.items.insert(rel, item.clone());
                }
                if let Some(dir) = item.source.strip_suffix("/index.md") {
                    item.assets = assets.remove(dir).unwrap_or_default();
                    item.bundle_dir = Some(opts.content_dir.join(dir));
                }
                resolve_gallery_folder(&mut item);
                items.push(item);
            }
            None => hidden += 1,
        }
    }

    for item in &items {
        let dir = item.source.rsplit_once('/').map_or("", |(d, _)| d);
        for download in &item.downloads {
            loose.remove(&format!("{dir}/{}", download.src));
        }
    }
    warnings.extend(loose.values().map(|path| {
        format!(
            "{}: not part of a page bundle nor listed under `downloads:`, so it is not published",
            path.display()
        )
    }));

    if let Some(cache) = cache {
        cache.stale.clear();
    }
    check_unique_paths(&items)?;
    let faq_categories = load_categories(&items, &category_files)?;
    Ok((
        Library {
            items,
            faq_categories,
            hidden,
        },
        warnings,
    ))
}

fn is_hidden(name: &str) -> bool {
    crate::fs::is_ignored(name)
}

fn rel_path(base: &Path, path: &Path) -> String {
    path.strip_prefix(base)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Parses one file; `None` when it is hidden from this build.
fn parse_item(
    opts: &LoadOptions,
    rel: &str,
    path: &Path,
    kind: Kind,
    text: &str,
) -> Result<Option<Item>> {
    let split = frontmatter::split(text, path)?;
    let body_line = split.yaml_line + split.yaml.lines().count() + 1;
    let mut f = Fields::parse(&split, path)?;
    let tz = opts.config.tz;

    let title: String = if kind == Kind::Home {
        f.get("title")?.unwrap_or_else(|| opts.config.title.clone())
    } else {
        f.required("title", kind.noun())?
    };
    if title.trim().is_empty() {
        return Err(f.error("title", "the title is empty").into());
    }
    let draft = f.get::<bool>("draft")?.unwrap_or(false);
    let description = f.get::<String>("description")?;
    let image = f.get::<String>("image")?;
    let image_alt = f.get::<String>("image_alt")?;
    let tags = f.strings("tags")?;
    let categories = f.strings("categories")?;
    let authors = f.strings("authors")?;
    let aliases = f.strings("aliases")?;
    for alias in &aliases {
        if alias.contains("://")
            || alias.split(['/', '\\']).any(|seg| seg == "..")
            || alias.trim_matches('/').is_empty()
            || alias
                .rsplit('/')
                .next()
                .is_some_and(|last| last.contains('.') && !last.ends_with(".html"))
        {
            return Err(f
                .error("aliases", format!("`{alias}` is not a path on this site"))
                .hint("write old paths like /alte-adresse/ (no .., no host)")
                .into());
        }
    }
    let slug_override = f.get::<String>("slug")?;
    let updated = f.date("updated", tz)?.map(|(d, _)| d);
    let menu = f.get::<i64>("menu")?;
    let gallery = match f.get::<Value>("gallery")? {
        None => Vec::new(),
        Some(Value::String(folder)) => vec![GalleryImage {
            src: format!("{}/", folder.trim_end_matches('/')),
            caption: String::new(),
            alt: None,
        }],
        Some(_) => f.get::<Vec<GalleryImage>>("gallery")?.unwrap_or_default(),
    };

    let downloads = f
        .get::<Vec<RawDownload>>("downloads")?
        .unwrap_or_default()
        .into_iter()
        .map(|raw| match raw {
            RawDownload::Path(src) => Download { src, title: None },
            RawDownload::Full { src, title } => Download { src, title },
        })
        .collect();
    let mut date = None;
    let mut published = None;
    let mut event = None;
    let mut faq = None;
    match kind {
        Kind::Article => {
            date = Some(f.required_date("date", kind.noun(), tz)?.0);
            published = date;
        }
        Kind::Event => {
            published = f.date("date", tz)?.map(|(d, _)| d);
            let e = parse_event(&mut f, opts.config)?;
            date = Some(e.start);
            event = Some(e);
        }
        Kind::Faq => {
            published = f.date("date", tz)?.map(|(d, _)| d);
            let folder = rel.split('/').nth(1).unwrap_or_default();
            let category = f
                .get::<String>("category")?
                .map(|c| slugify(&c))
                .unwrap_or_else(|| slugify(folder));
            if category.is_empty() {
                return Err(f
                    .error("category", "cannot make a URL slug from this category")
                    .hint("use letters or digits in the category (or its folder name)")
                    .into());
            }
            faq = Some(Faq {
                category,
                order: f.get::<i64>("order")?.unwrap_or(i64::from(u16::MAX)),
                related: f.strings("related")?,
            });
        }
        Kind::Home | Kind::Page => {}
    }

    let hidden =
        !opts.drafts && (draft || (kind == Kind::Article && date.is_some_and(|d| d > opts.now)));
    if hidden {
        return Ok(None);
    }

    let stem = rel
        .strip_suffix("/index.md")
        .or_else(|| rel.strip_suffix(".md"))
        .and_then(|s| s.rsplit('/').next())
        .unwrap_or_default();
    let slug = slugify(slug_override.as_deref().unwrap_or(stem));
    if slug.is_empty() && kind != Kind::Home {
        let key = if slug_override.is_some() {
            "slug"
        } else {
            "title"
        };
        return Err(f
            .error(key, "cannot make a URL slug from this name")
            .hint("rename the file or set `slug:` with letters or digits")
            .into());
    }
    let path_url = match (kind, &faq) {
        (Kind::Home, _) => "/".to_string(),
        (Kind::Article, _) => format!("/articles/{slug}/"),
        (Kind::Event, _) => format!("/events/{slug}/"),
        (Kind::Faq, Some(faq)) => format!("/faq/{}/{slug}/", faq.category),
        (Kind::Page, _) | (Kind::Faq, None) => format!("/{slug}/"),
    };

    Ok(Some(Item {
        kind,
        source: rel.to_string(),
        file: path.to_path_buf(),
        lang: opts.config.language,
        slug,
        path: path_url,
        title,
        description,
        date,
        published,
        updated,
        draft,
        tags,
        categories,
        authors,
        image,
        image_alt,
        gallery,
        downloads,
        aliases,
        menu,
        event,
        faq,
        body: split.body.to_string(),
        body_line,
        assets: Vec::new(),
        bundle_dir: None,
        key_lines: f.key_lines(),
        extra: f.into_extra(),
    }))
}

/// `downloads:` entries: a path, or `{src, title}`.
#[derive(Deserialize)]
#[serde(untagged, expecting = "a file path or `{src: …, title: …}`")]
enum RawDownload {
    Path(String),
    Full {
        src: String,
        #[serde(default)]
        title: Option<String>,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRegistration {
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    deadline: Option<String>,
}

fn parse_event(f: &mut Fields, config: &SiteConfig) -> Result<Event> {
    let timezone = match f.get::<String>("timezone")? {
        Some(name) => name.parse::<chrono_tz::Tz>().map_err(|_| {
            f.error("timezone", format!("unknown time zone `{name}`"))
                .hint("use an IANA name such as Europe/Berlin")
        })?,
        None => config.tz,
    };
    let (start, start_date_only) = f.required_date("start", "an event", timezone)?;
    let end = f.date("end", timezone)?;
    let all_day = f.get::<bool>("all_day")?.unwrap_or(start_date_only);
    if let Some((end, _)) = end {
        if end < start {
            return Err(f.error("end", "the event ends before it starts").into());
        }
    }
    let registration = match f.get::<RawRegistration>("registration")? {
        None => None,
        Some(raw) => {
            let deadline = match raw.deadline {
                None => None,
                Some(text) => Some(
                    super::dates::parse(&text, timezone)
                        .map_err(|m| f.error("registration.deadline", m))?
                        .0,
                ),
            };
            if deadline.is_some_and(|d| d > start) {
                return Err(f
                    .error(
                        "registration.deadline",
                        "the registration deadline is after the event starts",
                    )
                    .into());
            }
            Some(Registration {
                url: raw.url,
                deadline,
            })
        }
    };
    let status = f
        .get::<EventStatus>("status")?
        .unwrap_or(EventStatus::Scheduled);
    let sequence = f.get::<u32>("sequence")?.unwrap_or(0)
        + u32::from(matches!(
            status,
            EventStatus::Cancelled | EventStatus::Postponed
        ));
    let repeat = match f.get::<RawRepeat>("repeat")? {
        Some(raw) => Some(parse_repeat(f, raw, start, timezone)?),
        None => None,
    };
    Ok(Event {
        start,
        end: end.map(|(d, _)| d),
        all_day,
        timezone,
        location: f.get::<Location>("location")?,
        online_url: f.get::<String>("online_url")?,
        registration,
        organizer: f.get::<String>("organizer")?,
        status,
        sequence,
        repeat,
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRepeat {
    every: String,
    #[serde(default)]
    interval: Option<u32>,
    #[serde(default)]
    weekday: Option<String>,
    #[serde(default)]
    until: Option<String>,
    #[serde(default)]
    count: Option<u32>,
    #[serde(default)]
    except: Vec<String>,
}

fn parse_repeat(
    f: &Fields,
    raw: RawRepeat,
    start: chrono::DateTime<chrono::FixedOffset>,
    tz: chrono_tz::Tz,
) -> Result<Repeat> {
    let every = match raw.every.trim().to_lowercase().as_str() {
        "week" | "weekly" | "woche" | "wöchentlich" => Frequency::Week,
        "month" | "monthly" | "monat" | "monatlich" => Frequency::Month,
        other => {
            return Err(f
                .error("repeat.every", format!("`{other}` is not a repetition"))
                .hint("use `every: week` or `every: month`")
                .into())
        }
    };
    let interval = raw.interval.unwrap_or(1);
    super::recurrence::check_limits(every, interval, raw.count, raw.except.len())
        .map_err(|(key, message)| f.error(key, message))?;
    let weekday = match raw.weekday {
        None => None,
        Some(text) => Some(parse_weekday(&text).ok_or_else(|| {
            f.error("repeat.weekday", format!("`{text}` is not a weekday rule"))
                .hint("write e.g. `tuesday`, `2nd tuesday`, `last friday` or `2. Dienstag`")
        })?),
    };
    if every == Frequency::Week && weekday.is_some_and(|(n, _)| n != 0) {
        return Err(f
            .error(
                "repeat.weekday",
                "a weekly meeting takes a plain weekday like `tuesday`",
            )
            .into());
    }
    let local_date = |key: &str, text: &str| {
        super::dates::parse(text, tz)
            .map(|(d, _)| d.with_timezone(&tz).date_naive())
            .map_err(|m| f.error(key, m).hint(super::dates::HINT))
    };
    let until = match &raw.until {
        Some(text) => Some(local_date("repeat.until", text)?),
        None => None,
    };
    if until.is_some() && raw.count.is_some() {
        return Err(f
            .error("repeat", "give either `until` or `count`, not both")
            .into());
    }
    if until.is_some_and(|u| u < start.with_timezone(&tz).date_naive()) {
        return Err(f
            .error("repeat.until", "`until` is before the first meeting")
            .into());
    }
    let except = raw
        .except
        .iter()
        .map(|text| local_date("repeat.except", text))
        .collect::<std::result::Result<Vec<_>, _>>()?;
    Ok(Repeat {
        every,
        interval,
        weekday,
        until,
        count: raw.count,
        except,
    })
}

/// `tuesday`, `2nd tuesday`, `last friday`, `2. Dienstag`, `letzter Freitag`.
fn parse_weekday(text: &str) -> Option<(i8, chrono::Weekday)> {
    use chrono::Weekday::*;
    let words: Vec<String> = text.split_whitespace().map(str::to_lowercase).collect();
    let (nth, day) = match words.as_slice() {
        [day] => (0, day.as_str()),
        [nth, day] => {
            let n = match nth.trim_end_matches('.') {
                "1st" | "first" | "1" | "erster" | "ersten" => 1,
                "2nd" | "second" | "2" | "zweiter" | "zweiten" => 2,
                "3rd" | "third" | "3" | "dritter" | "dritten" => 3,
                "4th" | "fourth" | "4" | "vierter" | "vierten" => 4,
                "5th" | "fifth" | "5" | "fünfter" | "fünften" => 5,
                "last" | "letzter" | "letzten" | "-1" => -1,
                _ => return None,
            };
            (n, day.as_str())
        }
        _ => return None,
    };
    let day = match day {
        "monday" | "montag" | "mo" => Mon,
        "tuesday" | "dienstag" | "di" => Tue,
        "wednesday" | "mittwoch" | "mi" => Wed,
        "thursday" | "donnerstag" | "do" => Thu,
        "friday" | "freitag" | "fr" => Fri,
        "saturday" | "samstag" | "sonnabend" | "sa" => Sat,
        "sunday" | "sonntag" | "so" => Sun,
        _ => return None,
    };
    Some((nth, day))
}

/// `gallery: fotos` (a folder name) expands to every image in that folder
/// of the bundle, in file-name order.
fn resolve_gallery_folder(item: &mut Item) {
    let Some(folder) = item
        .gallery
        .first()
        .filter(|g| item.gallery.len() == 1 && g.src.ends_with('/'))
        .map(|g| g.src.clone())
    else {
        return;
    };
    item.gallery = item
        .assets
        .iter()
        .filter(|a| a.starts_with(&folder) && is_image(a))
        .map(|a| GalleryImage {
            src: a.clone(),
            caption: String::new(),
            alt: None,
        })
        .collect();
}

/// Whether a file name has an image extension.
pub(crate) fn is_image(name: &str) -> bool {
    name.rsplit_once('.')
        .is_some_and(|(_, ext)| IMAGE_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()))
}

fn check_unique_paths(items: &[Item]) -> Result<()> {
    let mut seen: BTreeMap<&str, &Path> = RESERVED
        .iter()
        .map(|p| (*p, Path::new("(a list page kiez generates)")))
        .collect();
    for item in items {
        if let Some(first) = seen.insert(&item.path, &item.file) {
            return Err(Error::UrlConflict {
                url: item.path.clone(),
                first: first.to_path_buf(),
                second: item.file.clone(),
            });
        }
    }
    // Aliases become redirect pages: they may not take a page's address or
    // another alias's.
    let mut aliases: BTreeMap<String, &Path> = BTreeMap::new();
    for item in items {
        for alias in &item.aliases {
            let url = alias_path(alias);
            let taken = seen
                .get(url.as_str())
                .copied()
                .or_else(|| aliases.get(&url).copied());
            if let Some(first) = taken {
                return Err(Error::UrlConflict {
                    url,
                    first: first.to_path_buf(),
                    second: item.file.clone(),
                });
            }
            aliases.insert(url, &item.file);
        }
    }
    Ok(())
}

/// The logical path an alias is written to: `/alt/` for `alt`, `/alt/`,
/// or `/alt`; `.html` names stay files.
fn alias_path(alias: &str) -> String {
    let trimmed = alias.trim_matches('/');
    if trimmed.ends_with(".html") {
        format!("/{trimmed}")
    } else {
        format!("/{trimmed}/")
    }
}

fn load_categories(items: &[Item], files: &[(String, PathBuf)]) -> Result<Vec<FaqCategory>> {
    let mut categories: BTreeMap<String, FaqCategory> = BTreeMap::new();
    for (folder, path) in files {
        let text = crate::fs::read_to_string(path)?;
        let mut map = frontmatter::parse_data_file(&text, path)?;
        let slug = slugify(folder);
        let at = |key: &str, message: String| {
            let mut err = SourceError::new(path, message).key(key);
            if let Some(line) = frontmatter::data_key_line(&text, key) {
                err = err.line(line);
            }
            err
        };
        let string = |map: &mut serde_json::Map<String, Value>, key: &str| match map.remove(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(at(key, "expected text".into())),
        };
        let title = string(&mut map, "title")?.unwrap_or_else(|| humanize(folder));
        let description = string(&mut map, "description")?.unwrap_or_default();
        let order = match map.remove("order") {
            None | Some(Value::Null) => i64::from(u16::MAX),
            Some(Value::Number(n)) if n.is_i64() => n.as_i64().unwrap_or_default(),
            Some(_) => return Err(at("order", "expected a whole number".into()).into()),
        };
        if let Some(key) = map.keys().next() {
            return Err(at(key, format!("unknown key `{key}`"))
                .hint("allowed here: title, description, order")
                .into());
        }
        categories.insert(
            slug.clone(),
            FaqCategory {
                slug,
                title,
                description,
                order,
            },
        );
    }
    for item in items {
        if let Some(faq) = &item.faq {
            categories
                .entry(faq.category.clone())
                .or_insert_with(|| FaqCategory {
                    slug: faq.category.clone(),
                    title: humanize(&faq.category),
                    description: String::new(),
                    order: i64::from(u16::MAX),
                });
        }
    }
    let mut list: Vec<FaqCategory> = categories.into_values().collect();
    list.sort_by(|a, b| a.order.cmp(&b.order).then_with(|| a.title.cmp(&b.title)));
    Ok(list)
}

/// `miete-und-nebenkosten` → `Miete und nebenkosten`, for categories
/// without a `_category.yaml` title.
fn humanize(folder: &str) -> String {
    let text = folder.replace(['-', '_'], " ");
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => text,
    }
}
