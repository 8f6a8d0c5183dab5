//! A WordPress export (read by [`super::wxr`]) becomes a kiez site:
//! posts → articles, pages → pages, The Events Calendar's `tribe_events`
//! → events; attachments are looked up for featured images, galleries
//! and bundles. Everything else is counted in the report with the reason
//! it was left out.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use chrono::NaiveDateTime;
use htmd::HtmlToMarkdown;

use super::report::{Left, Media, Report, Skipped};
use super::text::{decode, non_empty, percent_decode, strip_tags};
use super::write::{self, Front};
use super::wxr::{Channel, Item};
use super::SLUG_LANG;
use super::{html, media, MapTo, WordPressOptions};
use crate::content::slug::slugify;
use crate::error::Result;

/// What kind of kiez page a post type becomes.
#[derive(Clone, PartialEq, Eq)]
enum Kind {
    Article,
    Page,
    Event,
    /// A FAQ answer in this category folder.
    Faq(String),
}

impl Kind {
    fn folder(&self) -> String {
        match self {
            Kind::Article => "articles".into(),
            Kind::Page => "pages".into(),
            Kind::Event => "events".into(),
            Kind::Faq(category) => format!("faq/{category}"),
        }
    }

    fn url(&self, slug: &str) -> String {
        match self {
            Kind::Page => format!("/{slug}/"),
            _ => format!("/{}/{slug}/", self.folder()),
        }
    }
}

/// Page slugs kiez uses for its own list pages.
const RESERVED: &[&str] = &[
    "articles",
    "events",
    "faq",
    "tags",
    "categories",
    "authors",
    "search",
    "editions",
    "social",
    "page",
    "404",
];

/// WordPress's own bookkeeping: never content.
const INTERNAL: &[&str] = &[
    "revision",
    "nav_menu_item",
    "custom_css",
    "customize_changeset",
    "oembed_cache",
    "user_request",
    "wp_block",
    "wp_template",
    "wp_template_part",
    "wp_global_styles",
    "wp_navigation",
    "wp_font_family",
    "wp_font_face",
];

/// The import in progress.
struct Import<'a> {
    channel: &'a Channel,
    opts: &'a WordPressOptions,
    /// The path of the old site's address (`/` or `/blog/`).
    base_path: String,
    /// The scheme and host of the old site.
    origin: String,
    by_id: BTreeMap<u64, &'a Item>,
    md: HtmlToMarkdown,
    /// `folder/slug` taken so far.
    used: BTreeSet<String>,
    report: Report,
}

/// Writes the site; returns the report.
pub fn import(
    channel: &Channel,
    opts: &WordPressOptions,
    map: &BTreeMap<String, MapTo>,
) -> Result<Report> {
    let (origin, base_path) = split_url(channel.link.trim_end_matches('/'));
    let mut run = Import {
        channel,
        opts,
        base_path: format!("{}/", base_path.trim_end_matches('/')),
        origin: origin.to_string(),
        by_id: channel.items.iter().map(|i| (i.id, i)).collect(),
        md: html::converter(),
        used: BTreeSet::new(),
        report: Report {
            source: format!(
                "WordPress export `{}` (WXR {})",
                opts.export.display(),
                channel.wxr_version
            ),
            ..Report::default()
        },
    };
    run.write_config()?;
    let mut other: BTreeMap<&str, usize> = BTreeMap::new();
    for item in &channel.items {
        match item.post_type.as_str() {
            "post" => run.item(item, Kind::Article)?,
            "page" => run.item(item, Kind::Page)?,
            "tribe_events" => run.item(item, Kind::Event)?,
            // Read where a page uses them.
            "attachment" | "tribe_venue" | "tribe_organizer" => {}
            kind => match map.get(kind) {
                Some(MapTo::Article) => run.item(item, Kind::Article)?,
                Some(MapTo::Page) => run.item(item, Kind::Page)?,
                Some(MapTo::Faq) => run.item(item, Kind::Faq(faq_category(item)))?,
                None => *other.entry(kind).or_default() += 1,
            },
        }
    }
    run.skip_other(other);
    let comments: usize = channel.items.iter().map(|i| i.comments).sum();
    if comments > 0 {
        run.report.notes.push(format!(
            "{comments} comments were not imported: a static kiez site has no comments"
        ));
    }
    Ok(run.report)
}

/// A FAQ answer's category folder: its first category or other
/// taxonomy term (custom post types bring their own), else `general`.
fn faq_category(item: &Item) -> String {
    item.terms
        .iter()
        .filter(|(domain, _, _)| domain != "post_tag")
        .map(|(_, _, name)| slugify(&decode(name), SLUG_LANG))
        .find(|slug| !slug.is_empty())
        .unwrap_or_else(|| "general".into())
}

/// `https://example.org/blog` → (`https://example.org`, `/blog`).
fn split_url(url: &str) -> (&str, &str) {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    match url[after_scheme..].find('/') {
        Some(i) => url.split_at(after_scheme + i),
        None => (url, ""),
    }
}

impl Import<'_> {
    /// `kiez.yaml` from the export's channel.
    fn write_config(&mut self) -> Result<()> {
        let ch = self.channel;
        let mut base_url = ch.link.trim().to_string();
        if !base_url.starts_with("http") {
            self.report.notes.push(format!(
                "the export names no site address (`{base_url}`); set `base_url` in kiez.yaml"
            ));
            base_url = "https://example.org".into();
        }
        let lang = ch.language.to_ascii_lowercase();
        let language = if lang.starts_with("de") { "de" } else { "en" };
        if !lang.starts_with(language) {
            self.report.notes.push(format!(
                "the site's language `{}` is not one kiez has UI strings for; it speaks English now (`language` in kiez.yaml)",
                ch.language
            ));
        }
        let config = write::Config {
            title: non_empty(decode(&ch.title)).unwrap_or_else(|| "Imported site".into()),
            base_url: format!("{}/", base_url.trim_end_matches('/')),
            language: language.into(),
            description: non_empty(decode(&ch.description)),
        };
        let path = self.opts.output.join("kiez.yaml");
        crate::fs::write(&path, write::yaml(&path, &config)?)
    }

    /// Counts the post types no importer maps, once per type.
    fn skip_other(&mut self, other: BTreeMap<&str, usize>) {
        for (kind, n) in other {
            let reason = if INTERNAL.contains(&kind) {
                "WordPress's own records, not content".to_string()
            } else {
                "a custom post type kiez does not map; see \"Moving in\" in the README".to_string()
            };
            self.report.skipped.push(Skipped {
                item: format!("{n} × `{kind}`"),
                reason,
            });
        }
    }

    /// One post, page or event.
    fn item(&mut self, item: &Item, kind: Kind) -> Result<()> {
        let draft = match item.status.as_str() {
            "publish" | "future" => false,
            "draft" | "pending" | "private" => true,
            status => return self.skip(item, &format!("status `{status}`")),
        };
        let mut front = Front {
            title: self.title(item, &kind),
            draft,
            description: non_empty(strip_tags(&item.excerpt)),
            ..Front::default()
        };
        match kind {
            Kind::Article => match date(item) {
                Some(date) => front.date = Some(date),
                None => return self.skip(item, "it has no date"),
            },
            Kind::Event => {
                if !self.event(item, &mut front) {
                    return self.skip(item, "it has no `_EventStartDate`");
                }
            }
            // A FAQ answer's date is optional (it dates the FAQ feed).
            Kind::Faq(_) => front.date = date(item),
            Kind::Page => {}
        }
        if kind != Kind::Page {
            self.terms(item, &mut front);
        }
        let slug = self.slug(item, &kind);
        let url = kind.url(&slug);
        if !draft {
            self.aliases(item, &url, &mut front);
        }
        self.featured(item, &mut front);
        self.write(item, &kind, &slug, front)
    }

    fn skip(&mut self, item: &Item, reason: &str) -> Result<()> {
        self.report.skipped.push(Skipped {
            item: format!(
                "`{}` (ID {}, line {})",
                decode(&item.title),
                item.id,
                item.line
            ),
            reason: reason.to_string(),
        });
        Ok(())
    }

    fn title(&mut self, item: &Item, kind: &Kind) -> String {
        non_empty(decode(&item.title)).unwrap_or_else(|| {
            self.report.notes.push(format!(
                "{} ID {} has no title; it is called \"Untitled {}\"",
                kind.folder(),
                item.id,
                item.id
            ));
            format!("Untitled {}", item.id)
        })
    }

    /// The post's own slug (WordPress stores non-ASCII ones
    /// percent-encoded), else one from the title; made unique per folder.
    fn slug(&mut self, item: &Item, kind: &Kind) -> String {
        let mut slug = slugify(&percent_decode(&item.name), SLUG_LANG);
        if slug.is_empty() {
            slug = slugify(&decode(&item.title), SLUG_LANG);
        }
        if slug.is_empty() {
            slug = format!("{}-{}", kind.folder(), item.id);
        }
        if *kind == Kind::Page && RESERVED.contains(&slug.as_str()) {
            let renamed = format!("{slug}-page");
            self.report.notes.push(format!(
                "the page `/{slug}/` is now `/{renamed}/`: kiez makes `/{slug}/` itself"
            ));
            slug = renamed;
        }
        let base = slug.clone();
        while !self.used.insert(format!("{}/{slug}", kind.folder())) {
            slug = format!("{base}-{}", item.id);
        }
        slug
    }

    /// Categories (with their parents: WordPress lists a post under
    /// them too), tags, and the author's display name.
    fn terms(&self, item: &Item, front: &mut Front) {
        for (domain, nicename, name) in &item.terms {
            match domain.as_str() {
                "category" | "tribe_events_cat" => {
                    let mut chain = vec![decode(name)];
                    let mut parent = self.channel.categories.get(nicename).map(|c| &c.1);
                    while let Some((pname, grand)) = parent
                        .filter(|p| !p.is_empty())
                        .and_then(|p| self.channel.categories.get(p))
                    {
                        if chain.len() > 20 || chain.contains(&decode(pname)) {
                            break;
                        }
                        chain.insert(0, decode(pname));
                        parent = Some(grand);
                    }
                    for c in chain {
                        push_unique(&mut front.categories, c);
                    }
                }
                "post_tag" => push_unique(&mut front.tags, decode(name)),
                _ => {}
            }
        }
        if let Some(author) = non_empty(item.creator.clone()) {
            let name = self.channel.authors.get(&author).cloned().unwrap_or(author);
            front.authors.push(decode(&name));
        }
    }

    /// The old address as an alias, when a static host can serve it; a
    /// `/?p=ID` link goes to the report's table of server rules.
    fn aliases(&mut self, item: &Item, url: &str, front: &mut Front) {
        let (origin, path) = split_url(item.link.trim());
        let path = path
            .strip_prefix(self.base_path.trim_end_matches('/'))
            .unwrap_or(path);
        if origin == self.origin && !path.contains('?') && !path.trim_matches('/').is_empty() {
            // A web server decodes `%d0%ba` before it looks for the file.
            let alias = format!("/{}/", percent_decode(path.trim_matches('/')));
            if alias != url {
                if item.post_type == "page" && item.parent != 0 {
                    self.report.notes.push(format!(
                        "the subpage `{alias}` is now `{url}` (kiez pages are not nested); the old address redirects"
                    ));
                }
                front.aliases.push(alias);
            }
        }
        self.report
            .redirects
            .push((format!("{}?p={}", self.base_path, item.id), url.to_string()));
    }

    /// `_thumbnail_id` → `image` and `image_alt`.
    fn featured(&self, item: &Item, front: &mut Front) {
        let Some(att) = item
            .meta
            .get("_thumbnail_id")
            .and_then(|id| id.trim().parse().ok())
            .and_then(|id: u64| self.by_id.get(&id))
        else {
            return;
        };
        front.image = non_empty(att.attachment_url.clone());
        front.image_alt = item_alt(att);
    }

    /// The Events Calendar's dates and venue; false without a start.
    fn event(&self, item: &Item, front: &mut Front) -> bool {
        let all_day = matches!(
            item.meta.get("_EventAllDay").map(|s| s.as_str()),
            Some("yes" | "1")
        );
        let when = |key: &str| {
            let raw = item.meta.get(key)?.trim();
            let t = NaiveDateTime::parse_from_str(raw, "%Y-%m-%d %H:%M:%S").ok()?;
            Some(if all_day {
                t.format("%Y-%m-%d").to_string()
            } else {
                t.format("%Y-%m-%dT%H:%M").to_string()
            })
        };
        front.start = when("_EventStartDate");
        front.end = when("_EventEndDate").filter(|end| Some(end) != front.start.as_ref());
        front.all_day = all_day.then_some(true);
        front.timezone = item
            .meta
            .get("_EventTimezone")
            .filter(|tz| tz.contains('/'))
            .cloned();
        let venue = item
            .meta
            .get("_EventVenueID")
            .and_then(|id| id.trim().parse().ok())
            .and_then(|id: u64| self.by_id.get(&id));
        front.location = venue.map(|v| {
            let meta = |k: &str| v.meta.get(k).map(|s| s.trim()).unwrap_or("");
            let city = format!("{} {}", meta("_VenueZip"), meta("_VenueCity"));
            let parts = [meta("_VenueAddress"), city.trim(), meta("_VenueCountry")];
            let address: Vec<&str> = parts.into_iter().filter(|p| !p.is_empty()).collect();
            write::Location {
                name: decode(&v.title),
                address: (!address.is_empty()).then(|| address.join(", ")),
            }
        });
        front.start.is_some()
    }

    /// The body converted, its media placed, and the file written.
    fn write(&mut self, item: &Item, kind: &Kind, slug: &str, mut front: Front) -> Result<()> {
        let gallery = |ids: &[u64]| self.gallery(item, ids);
        let body = html::convert(&self.md, &item.content, &gallery);
        let mut markdown = body.markdown;
        let mut urls = media::upload_urls(&markdown);
        if let Some(image) = front.image.as_ref().filter(|i| !urls.contains(i)) {
            urls.push(image.clone());
        }
        let found: BTreeMap<String, PathBuf> = match &self.opts.media {
            Some(dir) => urls
                .iter()
                .filter_map(|u| media::find(dir, u).map(|p| (u.clone(), p)))
                .collect(),
            None => BTreeMap::new(),
        };
        let folder = format!("content/{}/{slug}", kind.folder());
        let rel = if found.is_empty() {
            format!("{folder}.md")
        } else {
            format!("{folder}/index.md")
        };
        let names = media::bundle_names(&found);
        let mut copied = BTreeSet::new();
        for (url, name) in &names {
            // Several sizes of one image lead to one file, copied once.
            if copied.insert(name) {
                crate::fs::copy(&found[url], &self.opts.output.join(&folder).join(name))?;
                self.report.count("media files copied");
            }
            markdown = markdown.replace(url.as_str(), name);
            if front.image.as_ref() == Some(url) {
                front.image = Some(name.clone());
            }
        }
        for url in urls.into_iter().filter(|u| !found.contains_key(u)) {
            let entry = Media {
                file: rel.clone(),
                url,
            };
            match self.opts.media {
                Some(_) => self.report.media_missing.push(entry),
                None => self.report.media_remote.push(entry),
            }
        }
        for text in body.left {
            self.report.left.push(Left {
                file: rel.clone(),
                text,
            });
        }
        let path = self.opts.output.join(&rel);
        crate::fs::write(&path, write::document(&path, &front, &markdown)?)?;
        let counted = match (kind, front.draft) {
            (Kind::Article, true) => "drafts",
            (Kind::Article, false) => "articles",
            (Kind::Page, _) => "pages",
            (Kind::Event, _) => "events",
            (Kind::Faq(_), _) => "FAQ answers",
        };
        self.report.count(counted);
        Ok(())
    }

    /// The images of a `[gallery]`: those named, else the post's own.
    fn gallery(&self, item: &Item, ids: &[u64]) -> Vec<html::Image> {
        let atts: Vec<&Item> = if ids.is_empty() {
            self.by_id
                .values()
                .filter(|a| a.post_type == "attachment" && a.parent == item.id)
                .copied()
                .collect()
        } else {
            ids.iter()
                .filter_map(|id| self.by_id.get(id).copied())
                .collect()
        };
        atts.into_iter()
            .filter(|a| !a.attachment_url.is_empty())
            .map(|a| {
                let caption = non_empty(strip_tags(&a.excerpt))
                    .or_else(|| item_alt(a))
                    .unwrap_or_default();
                (a.attachment_url.clone(), caption)
            })
            .collect()
    }
}

/// An attachment's alt text, else its title.
fn item_alt(att: &Item) -> Option<String> {
    att.meta
        .get("_wp_attachment_image_alt")
        .cloned()
        .and_then(non_empty)
        .or_else(|| non_empty(decode(&att.title)))
}

/// The post's date with its offset from UTC (WordPress stores local time
/// and UTC side by side), or the local time alone when UTC is missing.
fn date(item: &Item) -> Option<String> {
    let parse = |s: &str| NaiveDateTime::parse_from_str(s.trim(), "%Y-%m-%d %H:%M:%S").ok();
    let local = parse(&item.date)?;
    let Some(utc) = parse(&item.date_gmt) else {
        return Some(local.format("%Y-%m-%dT%H:%M").to_string());
    };
    let offset = chrono::FixedOffset::east_opt((local - utc).num_seconds() as i32)?;
    let dated = local.and_local_timezone(offset).single()?;
    Some(dated.to_rfc3339())
}

fn push_unique(list: &mut Vec<String>, value: String) {
    if !value.is_empty() && !list.contains(&value) {
        list.push(value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_keep_their_offset() {
        let item = Item {
            date: "2015-01-05 10:00:00".into(),
            date_gmt: "2015-01-05 09:00:00".into(),
            ..Item::default()
        };
        assert_eq!(date(&item).unwrap(), "2015-01-05T10:00:00+01:00");
    }

    #[test]
    fn addresses_split_into_origin_and_path() {
        assert_eq!(
            split_url("https://a.example/blog/x/"),
            ("https://a.example", "/blog/x/")
        );
        assert_eq!(split_url("https://a.example"), ("https://a.example", ""));
    }
}
