//! Walks `content/`, classifies each file by where it lives, and parses it
//! into an [`Item`]. Files are parsed in parallel; the first error in sorted
//! path order is reported so messages do not depend on thread timing.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, Utc};
use rayon::prelude::*;
use serde_json::{Map, Value};

use super::attach::{check_aliases, discussion, downloads, gallery, resolve_gallery_folder};
use super::dates;
use super::event::parse_event;
use super::frontmatter::{self, Fields};
use super::library::{check_unique_paths, load_categories};
use super::matter;
use super::place::{self, Place};
use super::section;
use super::slug::{file_name, slug_of, slugify};
use super::{Download, Event, Faq, GalleryImage, Item, Kind, Library};
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
) -> Result<(Library, Vec<SourceError>)> {
    if !opts.content_dir.is_dir() {
        if opts.content_dir.exists() {
            return Err(SourceError::new(opts.content_dir, "`content` must be a folder").into());
        }
        return Ok((Library::default(), Vec::new()));
    }
    let files = sort(walk(opts.content_dir)?, opts.config)?;
    let parsed = parse_all(opts, &files.pages, cache.as_deref_mut());
    let (mut items, hidden, mut errors, failed) = parsed;
    for item in &mut items {
        // Translations of a bundle (`index.en.md`) share its files.
        let base = super::translation::split_lang(&item.source, opts.config).0;
        if let Some(dir) = base.strip_suffix("/index.md") {
            item.assets = files.assets.get(dir).cloned().unwrap_or_default();
            item.bundle_dir = Some(opts.content_dir.join(dir));
        }
        resolve_gallery_folder(item);
    }
    if let Some(cache) = cache {
        cache.stale.clear();
    }
    let mut warnings = unpublished(&items, files.loose);
    warnings.extend(near_misses(&items));
    let sections =
        section::load(&items, &files.sections, opts.config.language).unwrap_or_else(|e| {
            errors.push(e);
            Vec::new()
        });
    for group in super::translation::by_language(&items) {
        if let Err(conflict) = check_unique_paths(&group, &sections) {
            errors.push(conflict);
        }
    }
    errors.extend(super::edition::check(&items, opts.content_dir));
    let faq_categories = load_categories(&items, &files.categories, opts.config.language)
        .unwrap_or_else(|e| {
            errors.push(e);
            Vec::new()
        });
    let mut translated_categories = Vec::new();
    for (folder, path, lang) in files.category_translations {
        match load_categories(&[], &[(folder, path)], lang) {
            Ok(list) => translated_categories.extend(list.into_iter().map(|c| (lang, c))),
            Err(e) => errors.push(e),
        }
    }
    let library = Library {
        items,
        faq_categories,
        translated_categories,
        sections,
        hidden,
        errors,
        failed,
        elsewhere: Vec::new(),
    };
    Ok((library, warnings))
}

/// Parses the text of one content file as if it lay at `rel` (below
/// `opts.content_dir`, `/`-separated) with no other file beside it: what
/// [`load`] does for each file, for callers that hold text rather than a
/// folder (the fuzz targets in `fuzz/`). `None` when the item is hidden
/// from this build (a draft, a future article).
pub fn parse_file(opts: &LoadOptions, rel: &str, text: &str) -> Result<Option<Item>> {
    let path = opts.content_dir.join(rel);
    match place::classify(rel, &place::bundles([rel])) {
        Place::Page(kind) => parse_item(opts, rel, &path, kind, text),
        _ => Err(SourceError::new(&path, "this is not a content file's place").into()),
    }
}

/// The item of content file `rel` read again from `text` after an edit,
/// with what the walk found beside it (a bundle's files) taken from
/// `old`, its item before the edit: the dev server's preview of one
/// edited page (see [`crate::incremental`]). `None` when it is hidden.
pub fn reparse(opts: &LoadOptions, rel: &str, text: &str, old: &Item) -> Result<Option<Item>> {
    let Some(mut item) = parse_file(opts, rel, text)? else {
        return Ok(None);
    };
    item.assets.clone_from(&old.assets);
    item.bundle_dir.clone_from(&old.bundle_dir);
    resolve_gallery_folder(&mut item);
    Ok(Some(item))
}

/// Every file below `dir` (hidden files and editor leftovers aside) as
/// (path below `dir`, path), in name order.
fn walk(dir: &Path) -> Result<Vec<(String, PathBuf)>> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !is_hidden(e.file_name().to_str().unwrap_or("")))
    {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(dir).to_path_buf();
            Error::io("cannot read", &path, e.into())
        })?;
        if entry.file_type().is_file() {
            let rel = rel_path(dir, entry.path());
            files.push((rel, entry.into_path()));
        }
    }
    Ok(files)
}

/// The files of `content/`, sorted by [`place::classify`].
struct Files {
    pages: Vec<(String, PathBuf, Kind)>,
    /// Bundle folder → its files, relative to it.
    assets: BTreeMap<String, Vec<String>>,
    /// FAQ category folder → its `_category.yaml`.
    categories: Vec<(String, PathBuf)>,
    /// `_category.CODE.yaml` files: folder, path, language.
    category_translations: Vec<(String, PathBuf, crate::config::Language)>,
    /// Article section folder → its `_section.yaml`.
    sections: Vec<(String, PathBuf)>,
    /// Files beside content files, published only when a page lists them
    /// under `downloads:`.
    loose: BTreeMap<String, PathBuf>,
}

fn sort(all: Vec<(String, PathBuf)>, config: &SiteConfig) -> Result<Files> {
    // Translations (`x.en.md`) are placed like their originals.
    let based: Vec<_> = all
        .iter()
        .map(|(rel, _)| super::translation::split_lang(rel, config))
        .map(|(base, lang)| (base.into_owned(), lang))
        .collect();
    let bundles = place::bundles(based.iter().map(|(rel, _)| rel.as_str()));
    let mut files = Files {
        pages: Vec::new(),
        assets: BTreeMap::new(),
        categories: Vec::new(),
        category_translations: Vec::new(),
        sections: Vec::new(),
        loose: BTreeMap::new(),
    };
    for ((rel, path), (base, lang)) in all.into_iter().zip(based) {
        match place::classify(&base, &bundles) {
            Place::Page(kind) => files.pages.push((rel, path, kind)),
            Place::Asset { bundle, name } => files.assets.entry(bundle).or_default().push(name),
            Place::Category(category) if lang != config.language => {
                files.category_translations.push((category, path, lang))
            }
            Place::Category(category) => files.categories.push((category, path)),
            Place::Section(section) => files.sections.push((section, path)),
            Place::Loose => {
                files.loose.insert(rel, path);
            }
            Place::Unknown => {
                return Err(SourceError::new(&path, "this file is not in a known place")
                    .hint(
                        "content files go in articles/, events/, faq/CATEGORY/, pages/ or \
                         editions/, as NAME.md or NAME/index.md",
                    )
                    .into())
            }
        }
    }
    Ok(files)
}

/// Parses `pages` in parallel, taking unchanged ones from `cache`;
/// returns the visible items, how many were hidden (drafts, future
/// articles), and the errors of the files that failed with their source
/// paths. Hidden items are not cached: a future-dated article must
/// appear once its date has passed.
fn parse_all(
    opts: &LoadOptions,
    pages: &[(String, PathBuf, Kind)],
    mut cache: Option<&mut ParseCache>,
) -> (Vec<Item>, usize, Vec<Error>, Vec<String>) {
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
    let parsed: Vec<Result<Option<Item>>> = pages
        .par_iter()
        .zip(cached)
        .map(|((rel, path, kind), cached)| match cached {
            Some(item) => Ok(Some(item)),
            None => {
                let text = crate::fs::read_to_string(path)?;
                parse_item(opts, rel, path, *kind, &text)
            }
        })
        .collect();
    let (mut items, mut hidden, mut errors, mut failed) = (Vec::new(), 0, Vec::new(), Vec::new());
    for ((rel, _, _), result) in pages.iter().zip(parsed) {
        match result {
            Ok(Some(item)) => {
                if let Some(cache) = cache.as_deref_mut() {
                    cache.items.insert(rel.clone(), item.clone());
                }
                items.push(item);
            }
            Ok(None) => hidden += 1,
            Err(error) => {
                errors.push(error);
                failed.push(rel.clone());
            }
        }
    }
    (items, hidden, errors, failed)
}

/// Warnings for front-matter keys kiez does not know that look like ones
/// it does (`categorie:`): such a key is only passed to templates, so the
/// article would silently have no category.
fn near_misses(items: &[Item]) -> Vec<SourceError> {
    let mut warnings = Vec::new();
    for item in items {
        for key in item.extra.keys() {
            if let Some(hint) = matter::near_miss(item.kind, key) {
                let mut at = SourceError::new(&item.file, format!("unknown key; {hint}"))
                    .key(key.as_str())
                    .hint("keys kiez does not know are only passed to templates as page.extra");
                if let Some(&line) = item.key_lines.get(key) {
                    at = at.line(line);
                }
                warnings.push(at);
            }
        }
    }
    warnings
}

/// Warnings for loose files no page lists under `downloads:`.
fn unpublished(items: &[Item], mut loose: BTreeMap<String, PathBuf>) -> Vec<SourceError> {
    for item in items {
        let dir = item.source.rsplit_once('/').map_or("", |(d, _)| d);
        for download in &item.downloads {
            loose.remove(&format!("{dir}/{}", download.src));
        }
    }
    loose
        .values()
        .map(|path| {
            SourceError::new(
                path,
                "not part of a page bundle nor listed under `downloads:`, so it is not published",
            )
        })
        .collect()
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
    let key_lines = f.key_lines();
    f.drop_blank(|key| matter::COMMON_KEYS.contains(&key) || matter::own_keys(kind).contains(&key));
    let raw: matter::Common = f.read()?;
    // A translation (`x.en.md`) is placed and named like its original.
    let (base, lang) = super::translation::split_lang(rel, opts.config);
    let (common, rest) = Common::parse(&f, raw, kind, (opts.config, lang))?;
    let (dated, extra) = Dated::parse(&f, rest, kind, rel, opts.config)?;
    let future =
        matches!(kind, Kind::Article | Kind::Edition) && dated.date.is_some_and(|d| d > opts.now);
    if !opts.drafts && (common.draft || future) {
        return Ok(None);
    }
    let slug = slug_of(&f, &base, kind, common.slug.as_deref(), lang)?;
    let section = section::of_article(&base, lang).filter(|_| kind == Kind::Article);
    let url_path = match (kind, &dated.faq) {
        (Kind::Home, _) => "/".to_string(),
        (Kind::Article, _) => match &section {
            Some(section) => format!("/articles/{section}/{slug}/"),
            None => format!("/articles/{slug}/"),
        },
        (Kind::Event, _) => format!("/events/{slug}/"),
        (Kind::Edition, _) => format!("/editions/{slug}/"),
        (Kind::Faq, Some(faq)) => format!("/faq/{}/{slug}/", faq.category),
        (Kind::Page, _) | (Kind::Faq, None) => format!("/{slug}/"),
    };
    Ok(Some(Item {
        kind,
        source: rel.to_string(),
        file: path.to_path_buf(),
        lang,
        translation_key: common.translation_key.unwrap_or_else(|| base.to_string()),
        fallback: false,
        slug,
        section,
        path: url_path,
        title: common.title,
        description: common.description,
        date: dated.date,
        published: dated.published,
        updated: common.updated,
        draft: common.draft,
        tags: common.tags,
        categories: common.categories,
        authors: common.authors,
        image: dated.cover.or(common.image),
        image_alt: common.image_alt,
        gallery: common.gallery,
        downloads: common.downloads,
        discussion: common.discussion,
        aliases: common.aliases,
        menu: common.menu,
        edition: dated.edition,
        weight: dated.weight,
        edition_articles: dated.listed,
        event: dated.event,
        faq: dated.faq,
        body: split.body.to_string(),
        body_line,
        assets: Vec::new(),
        bundle_dir: None,
        key_lines,
        extra,
    }))
}

/// The keys every kind of content may have, checked.
struct Common {
    title: String,
    draft: bool,
    description: Option<String>,
    image: Option<String>,
    image_alt: Option<String>,
    tags: Vec<String>,
    categories: Vec<String>,
    authors: Vec<String>,
    aliases: Vec<String>,
    slug: Option<String>,
    updated: Option<DateTime<FixedOffset>>,
    menu: Option<i64>,
    gallery: Vec<GalleryImage>,
    downloads: Vec<Download>,
    discussion: Option<matter::Discussion>,
    translation_key: Option<String>,
}

impl Common {
    /// Checks the shared keys; returns them and the keys left for the kind.
    fn parse(
        f: &Fields,
        raw: matter::Common,
        kind: Kind,
        (config, lang): (&SiteConfig, crate::config::Language),
    ) -> Result<(Self, Map<String, Value>)> {
        let title = match (raw.title, kind) {
            (Some(title), _) => title,
            (None, Kind::Home) => config.title.clone(),
            (None, _) => return Err(f.missing("title", kind.noun())),
        };
        if title.trim().is_empty() {
            return Err(f.error("title", "the title is empty").into());
        }
        f.check_link("image", raw.image.as_deref())?;
        let aliases = f.list("aliases", raw.aliases)?;
        check_aliases(f, &aliases)?;
        let common = Common {
            title,
            draft: raw.draft.unwrap_or(false),
            description: raw.description,
            image: raw.image,
            image_alt: raw.image_alt,
            tags: f.terms("tags", raw.tags, lang)?,
            categories: f.terms("categories", raw.categories, lang)?,
            authors: f.terms("authors", raw.authors, lang)?,
            aliases,
            slug: raw.slug,
            updated: f
                .date("updated", raw.updated.as_ref(), config.tz)?
                .map(|(d, _)| d),
            menu: raw.menu,
            gallery: gallery(f, raw.gallery)?,
            downloads: downloads(f, raw.downloads)?,
            discussion: discussion(f, raw.discussion)?,
            translation_key: raw.translation_key,
        };
        Ok((common, raw.rest))
    }
}

/// The keys that depend on the kind: dates, the event, the FAQ entry.
#[derive(Default)]
struct Dated {
    /// What the item is sorted and hidden by.
    date: Option<DateTime<FixedOffset>>,
    /// When it was published, for feeds.
    published: Option<DateTime<FixedOffset>>,
    event: Option<Event>,
    faq: Option<Faq>,
    /// Articles: `edition:` and `weight:`.
    edition: Option<String>,
    weight: Option<i64>,
    /// Editions: `cover:` and `articles:`.
    cover: Option<String>,
    listed: Vec<String>,
}

impl Dated {
    /// Reads the kind's own keys from `rest`; returns them checked and
    /// the keys no kind knows (the page's `extra`).
    fn parse(
        f: &Fields,
        rest: Map<String, Value>,
        kind: Kind,
        rel: &str,
        config: &SiteConfig,
    ) -> Result<(Self, Map<String, Value>)> {
        let tz = config.tz;
        let mut dated = Dated::default();
        let extra = match kind {
            Kind::Article => {
                let raw: matter::Article = f.read_from(rest)?;
                // `2024-05-01-sommerfest.md` dates an article without `date:`.
                let named = dates::split_dated_name(file_name(rel))
                    .map(|(date, _)| matter::DateText(date.to_string()));
                let text = raw.date.as_ref().or(named.as_ref());
                let date = f.required_date("date", text, kind.noun(), tz)?.0;
                dated.date = Some(date);
                dated.published = Some(date);
                dated.edition = super::edition::id_of(f, raw.edition)?;
                dated.weight = raw.weight;
                raw.extra
            }
            Kind::Edition => {
                let raw: matter::Edition = f.read_from(rest)?;
                let date = f
                    .required_date("date", raw.date.as_ref(), kind.noun(), tz)?
                    .0;
                dated.date = Some(date);
                dated.published = Some(date);
                f.check_link("cover", raw.cover.as_deref())?;
                dated.cover = raw.cover;
                dated.listed = f.list("articles", raw.articles)?;
                raw.extra
            }
            Kind::Event => {
                let mut raw: matter::Event = f.read_from(rest)?;
                dated.published = f.date("date", raw.date.as_ref(), tz)?.map(|(d, _)| d);
                let extra = std::mem::take(&mut raw.extra);
                let event = parse_event(f, raw, config)?;
                dated.date = Some(event.start);
                dated.event = Some(event);
                extra
            }
            Kind::Faq => {
                let raw: matter::Faq = f.read_from(rest)?;
                dated.published = f.date("date", raw.date.as_ref(), tz)?.map(|(d, _)| d);
                dated.faq = Some(faq(
                    f,
                    raw.category,
                    raw.order,
                    raw.related,
                    rel,
                    config.language,
                )?);
                raw.extra
            }
            Kind::Home | Kind::Page => f.read_from::<matter::Page>(rest)?.extra,
        };
        Ok((dated, extra))
    }
}

/// A question's category (its folder unless `category:` says otherwise),
/// order and related pages.
fn faq(
    f: &Fields,
    category: Option<String>,
    order: Option<i64>,
    related: Option<matter::Strings>,
    rel: &str,
    lang: crate::config::Language,
) -> Result<Faq> {
    let folder = rel.split('/').nth(1).unwrap_or_default();
    let category = category
        .map(|c| slugify(&c, lang))
        .unwrap_or_else(|| slugify(folder, lang));
    if category.is_empty() {
        return Err(f
            .error("category", "cannot make a URL slug from this category")
            .hint("use letters or digits in the category (or its folder name)")
            .into());
    }
    Ok(Faq {
        category,
        order: order.unwrap_or(i64::from(u16::MAX)),
        related: f.list("related", related)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_file_reads_text_as_a_file_at_its_place() {
        let config = SiteConfig::from_str(
            "title: T\nbase_url: https://example.org/\n",
            Path::new("kiez.yaml"),
        )
        .unwrap();
        let opts = LoadOptions {
            content_dir: Path::new("site/content"),
            config: &config,
            drafts: false,
            now: Utc::now(),
        };
        let text = "---\ntitle: A\ndate: 2026-01-01\n---\nx\n";
        let item = parse_file(&opts, "articles/b/index.md", text)
            .unwrap()
            .unwrap();
        assert_eq!(
            (item.kind, item.path.as_str()),
            (Kind::Article, "/articles/b/")
        );
        let err = parse_file(&opts, "elsewhere/a.md", text).unwrap_err();
        assert!(
            err.to_string().starts_with("site/content/elsewhere/a.md: "),
            "{err}"
        );
    }
}
