//! From item to page: the body rendered (or taken from the last build),
//! front-matter images resolved, the event's next date, and the image
//! files the page shows.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use rayon::prelude::*;

use super::downloads::resolve_downloads;
use super::{Page, Site};
use crate::config::{SiteConfig, SiteDirs};
use crate::content::slug::slugify;
use crate::content::{recurrence, Item};
use crate::error::{Result, SourceError};
use crate::images::{is_raster, Images, Source};
use crate::markdown::{self, CodeCache, MarkdownOptions};

/// How wide the theme shows an inline image: the prose column is at
/// most 42rem wide.
const INLINE_SIZES: &str = "(min-width: 46rem) 42rem, calc(100vw - 2rem)";

/// Every content file's page URL, by source path: what `.md` links
/// become.
pub(super) fn links(items: &[Item], config: &SiteConfig) -> BTreeMap<String, String> {
    items
        .iter()
        .map(|i| (i.source.clone(), url_of(config, i)))
        .collect()
}

/// The last build, if its pages may be taken over: only while every page
/// keeps its URL, since a body links to other pages by URL.
pub(super) fn reusable<'a>(
    previous: Option<&'a Site>,
    links: &BTreeMap<String, String>,
) -> Option<&'a Site> {
    previous.filter(|p| {
        p.by_source.len() == links.len()
            && links
                .iter()
                .all(|(source, url)| p.page(source).is_some_and(|page| page.url == *url))
    })
}

/// The page of `previous` for `item`, if `item` is unchanged.
fn unchanged<'a>(previous: Option<&'a Site>, item: &Item) -> Option<&'a Page> {
    previous
        .and_then(|p| p.page(&item.source))
        .filter(|page| page.item == *item)
}

/// The files beside each item its body shows as images, in item order:
/// known from the last build for unchanged items, else read from the
/// Markdown without rendering it.
pub(super) fn inline_images(items: &[Item], previous: Option<&Site>) -> Vec<Vec<String>> {
    items
        .par_iter()
        .map(|item| match unchanged(previous, item) {
            Some(page) => page.content.local_images.clone(),
            None => markdown::local_images(&item.body),
        })
        .collect()
}

/// Renders every item with its inline images' resized variants. An
/// unchanged item of `previous` whose images are unchanged too is taken
/// over as it is.
pub(super) fn render_all(
    items: Vec<Item>,
    links: &BTreeMap<String, String>,
    config: &SiteConfig,
    dirs: &SiteDirs,
    (previous, images, code): (Option<&Site>, &Images, Option<&CodeCache>),
    keep_markdown: bool,
) -> Result<Vec<Page>> {
    let same_images = |old: &Site, page: &Page| {
        page.content.local_images.iter().all(|name| {
            let url = format!("{}{name}", page.url);
            old.images.by_url.get(&url) == images.by_url.get(&url)
        })
    };
    let pages: Vec<Result<Page>> = items
        .into_par_iter()
        .map(|item| {
            match previous
                .and_then(|old| unchanged(Some(old), &item).filter(|page| same_images(old, page)))
            {
                Some(page) => Ok(page.clone()),
                None => render_page(item, links, config, dirs, images, code),
            }
            .map(|mut page| {
                // Let go of each body as soon as it is HTML: all of them
                // at once were a large part of a big site's peak memory.
                if !keep_markdown {
                    page.item.body = String::new();
                }
                page
            })
        })
        .collect();
    crate::error::gather(pages)
}

/// The page of `item`, an edit of the content file of page `index`,
/// rendered against `site` as its build left it. `None` when the edit
/// changes what the rest of the site was made from: the page's URL or
/// kind, or the image files it shows (which the build resizes first).
pub(super) fn preview(
    site: &Site,
    index: usize,
    item: Item,
    dirs: &SiteDirs,
) -> Result<Option<Page>> {
    let old = &site.pages[index];
    let same_place = item.source == old.item.source
        && item.path == old.item.path
        && item.kind == old.item.kind
        && item.lang == old.item.lang
        && !old.item.fallback;
    let same_files = item.image == old.item.image
        && item.gallery == old.item.gallery
        && item.downloads == old.item.downloads
        && markdown::local_images(&item.body) == old.content.local_images;
    if !(same_place && same_files) {
        return Ok(None);
    }
    let mut page = render_page(item, &site.links, &site.config, dirs, &site.images, None)?;
    schedule(&mut page, site.now);
    Ok(Some(page))
}

/// Events: the next occurrence not yet over, else the last one.
pub(super) fn schedule(page: &mut Page, now: DateTime<Utc>) {
    if let Some(event) = &page.item.event {
        let next = recurrence::next_occurrence(event, now);
        page.upcoming = next.is_some();
        page.when = next.or_else(|| recurrence::occurrences(event).last().copied());
    }
}

/// Every local raster image the pages will show (cover, gallery,
/// inline), by the URL the page uses for it; `inline` as
/// [`inline_images`] gives it. Files that are not there are left to
/// rendering, which names the key or line that asks for them.
pub(super) fn image_sources(
    items: &[Item],
    inline: &[Vec<String>],
    config: &SiteConfig,
    dirs: &SiteDirs,
) -> BTreeMap<String, Source> {
    let mut sources: BTreeMap<String, Source> = BTreeMap::new();
    for (item, inline) in items.iter().zip(inline) {
        let page_url = url_of(config, item);
        let mut add = |name: &str, key: Option<&'static str>| {
            let (url, file, output) = if let Some(rel) = name.strip_prefix('/') {
                (config.static_url(name), dirs.static_files.join(rel), None)
            } else if let (Some(dir), true) =
                (&item.bundle_dir, item.assets.iter().any(|a| a == name))
            {
                let out = format!("{}{name}", item.path.trim_start_matches('/'));
                (format!("{page_url}{name}"), dir.join(name), Some(out))
            } else {
                return;
            };
            // Bundle files were found by the walk; only a static path
            // named in front matter may be missing.
            if is_raster(name) && (output.is_some() || file.is_file()) {
                let key = key.map(|k| (k, item.key_lines.get(k).copied()));
                sources.entry(url).or_insert(Source {
                    file,
                    page: item.file.clone(),
                    key,
                    output,
                });
            }
        };
        let local = |name: &&String| !name.contains("://");
        if let Some(name) = item.image.as_ref().filter(local) {
            add(name, Some("image"));
        }
        for g in item.gallery.iter().filter(|g| local(&&g.src)) {
            add(&g.src, Some("gallery"));
        }
        for name in inline {
            add(name, None);
        }
    }
    sources
}

/// Root-relative URL of an item's page: in this site's language, or for
/// an untranslated item another language borrows, in its own.
fn url_of(config: &SiteConfig, item: &Item) -> String {
    if item.fallback {
        config.url_in(item.lang, &item.path)
    } else {
        config.site_url(&item.path)
    }
}

fn render_page(
    item: Item,
    links: &BTreeMap<String, String>,
    config: &SiteConfig,
    dirs: &SiteDirs,
    images: &Images,
    code: Option<&CodeCache>,
) -> Result<Page> {
    let url = url_of(config, &item);
    let is_bundle = item.bundle_dir.is_some();
    let notice = if item.body.contains(markdown::ANALYTICS_MARKER) {
        crate::i18n::analytics_notice(config, item.lang)
    } else {
        String::new()
    };
    let content = markdown::render(
        &item.body,
        &MarkdownOptions {
            links,
            source: &item.source,
            asset_base: is_bundle.then_some(url.as_str()),
            slugify: &|text| slugify(text, config.language),
            images: &|url| {
                images.by_url.get(url).map(|r| markdown::ImageAttrs {
                    src: r.src.clone(),
                    srcset: r.srcset.clone(),
                    width: r.width,
                    height: r.height,
                })
            },
            sizes: INLINE_SIZES,
            analytics_notice: &notice,
            code,
        },
    );
    check_body(&item, &content)?;
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
    let description = item
        .description
        .clone()
        .unwrap_or_else(|| markdown::plain_text(&content.summary_html, 200));
    Ok(Page {
        description,
        permalink: config.absolute_in(item.lang, &item.path),
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

/// What Markdown rendering found wrong in the body: unsafe or broken
/// links, repeated heading ids, missing images, each at its line.
fn check_body(item: &Item, content: &markdown::Rendered) -> Result<()> {
    let is_bundle = item.bundle_dir.is_some();
    if let Some((target, reason)) = content.unsafe_links.first() {
        return Err(SourceError::new(&item.file, format!("link {reason}"))
            .line(body_line_of(item, target))
            .hint("link to https:// addresses, mailto:, tel: or pages of this site")
            .into());
    }
    if let Some(target) = content.broken_links.first() {
        return Err(SourceError::new(
            &item.file,
            format!("link to `{target}`, which is not a content file of this build"),
        )
        .line(body_line_of(item, target))
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
                    .line(body_line_of(item, src))
                    .hint(hint)
                    .into(),
            );
        }
    }
    Ok(())
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
        return Ok(config.static_url(src));
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
