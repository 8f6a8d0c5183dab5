//! Checks of front matter: what link previews show (descriptions, title
//! and description lengths, cover images and their alt text), events
//! readers cannot get to or register for, FAQ answers gone stale, and
//! titles used twice. Each finding is at the line of its key.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, FixedOffset, Utc};

use super::Finding;
use crate::config::SiteDirs;
use crate::content::{EventStatus, Kind};
use crate::site::{Page, Site};

/// Characters of a title a link preview shows before cutting it.
pub const TITLE_MAX: usize = 70;
/// Characters of a description a link preview shows before cutting it.
pub const DESCRIPTION_MAX: usize = 200;
/// The size of a link preview image (Open Graph, share cards).
const PREVIEW: (u32, u32) = (1200, 630);

/// The front-matter findings of every page.
pub(super) fn check(site: &Site, dirs: &SiteDirs) -> Vec<Finding> {
    let mut findings = Vec::new();
    for page in &site.pages {
        if page.item.kind == Kind::Home {
            continue;
        }
        preview(page, &mut findings);
        images(site, dirs, page, &mut findings);
        event(site, page, &mut findings);
        faq_age(site, page, &mut findings);
    }
    duplicate_titles(site, &mut findings);
    findings
}

/// Description present, title and description short enough for a link
/// preview.
fn preview(page: &Page, findings: &mut Vec<Finding>) {
    let item = &page.item;
    if item.kind == Kind::Article
        && item
            .description
            .as_deref()
            .is_none_or(|d| d.trim().is_empty())
    {
        findings.push(
            Finding::at_key(
                "description",
                item,
                "title",
                "article has no `description:`",
            )
            .hint("add one sentence for link previews, search engines and article cards"),
        );
    }
    let title = item.title.chars().count();
    if title > TITLE_MAX {
        findings.push(
            Finding::at_key(
                "title_length",
                item,
                "title",
                format!(
                    "title has {title} characters; link previews cut it after about {TITLE_MAX}"
                ),
            )
            .hint(format!("shorten it to {TITLE_MAX} characters or fewer")),
        );
    }
    let length = item.description.as_deref().map_or(0, |d| d.chars().count());
    if length > DESCRIPTION_MAX {
        findings.push(
            Finding::at_key("description_length", item, "description", format!("description has {length} characters; link previews cut it after about {DESCRIPTION_MAX}"))
                .hint(format!("shorten it to {DESCRIPTION_MAX} characters or fewer")),
        );
    }
}

/// Cover image large enough and described; gallery images described.
fn images(site: &Site, dirs: &SiteDirs, page: &Page, findings: &mut Vec<Finding>) {
    let item = &page.item;
    if let Some(src) = &item.image {
        if item
            .image_alt
            .as_deref()
            .is_none_or(|a| a.trim().is_empty())
        {
            findings.push(
                Finding::at_key(
                    "image_alt",
                    item,
                    "image",
                    format!("cover image `{src}` has no `image_alt:`"),
                )
                .hint("describe what the image shows, for readers who cannot see it"),
            );
        }
        if let Some((width, height)) = cover_size(site, dirs, page, src) {
            if width < PREVIEW.0 || height < PREVIEW.1 {
                findings.push(
                    Finding::at_key("cover_size", item, "image", format!("image `{src}` is {width}×{height}; link previews look best at 1200×630 or larger"))
                        .hint("use an image of at least 1200×630 pixels, or leave `image:` out to get a generated share card"),
                );
            }
        }
    }
    for g in &item.gallery {
        if g.caption.trim().is_empty() && g.alt.as_deref().is_none_or(|a| a.trim().is_empty()) {
            findings.push(
                Finding::at_key(
                    "image_alt",
                    item,
                    "gallery",
                    format!(
                        "gallery image `{}` has neither `caption:` nor `alt:`",
                        g.src
                    ),
                )
                .hint("give it a caption, or an `alt:` describing what it shows"),
            );
        }
    }
}

/// The size of the cover image as published: a bundle image as its
/// largest resized variant, a static one as it is; `None` for remote and
/// SVG images.
fn cover_size(site: &Site, dirs: &SiteDirs, page: &Page, src: &str) -> Option<(u32, u32)> {
    if src.contains("://") || src.to_ascii_lowercase().ends_with(".svg") {
        return None;
    }
    if let (Some(url), false) = (&page.image, src.starts_with('/')) {
        if let Some(r) = site.images.by_url.get(url.as_str()) {
            return Some((r.width, r.height));
        }
    }
    let file = match (src.strip_prefix('/'), &page.item.bundle_dir) {
        (Some(rel), _) => dirs.static_files.join(rel),
        (None, Some(dir)) => dir.join(src),
        (None, None) => return None,
    };
    let size = imagesize::size(&file).ok()?;
    Some((size.width as u32, size.height as u32))
}

/// Upcoming events need a place and an open registration.
fn event(site: &Site, page: &Page, findings: &mut Vec<Finding>) {
    let (Some(event), true) = (&page.item.event, page.upcoming) else {
        return;
    };
    if matches!(
        event.status,
        EventStatus::Cancelled | EventStatus::Postponed
    ) {
        return;
    }
    let item = &page.item;
    if event.location.is_none() && event.online_url.is_none() {
        findings.push(
            Finding::at_key("event_place", item, "title", "upcoming event has neither `location:` nor `online_url:`")
                .hint("say where it takes place (`location: {name: …, address: …}`), or add the link to join online"),
        );
    }
    let deadline = event.registration.as_ref().and_then(|r| r.deadline);
    if let Some(deadline) = deadline.filter(|d| passed(d, site.now)) {
        findings.push(
            Finding::at_key(
                "registration_deadline",
                item,
                "registration",
                format!(
                    "registration closed on {}, but the event is still upcoming",
                    day(&deadline)
                ),
            )
            .hint("set a new `deadline:`, or remove it if registration stays open"),
        );
    }
}

/// A FAQ answer older than `faq_max_age_days` by `updated:` (else
/// `date:`).
fn faq_age(site: &Site, page: &Page, findings: &mut Vec<Finding>) {
    let item = &page.item;
    if item.kind != Kind::Faq {
        return;
    }
    let (key, when) = match (item.updated, item.published) {
        (Some(updated), _) => ("updated", updated),
        (None, Some(date)) => ("date", date),
        (None, None) => return,
    };
    let max = site.config.check.faq_max_age_days;
    let days = (site.now - when.to_utc()).num_days();
    if days > i64::from(max) {
        findings.push(
            Finding::at_key(
                "faq_age",
                item,
                key,
                format!(
                    "answer last updated on {}, {days} days ago (more than {max})",
                    day(&when)
                ),
            )
            .hint("check the answer is still right, then set `updated:` to today's date"),
        );
    }
}

/// Every title used by an earlier page too (case and spaces aside).
fn duplicate_titles(site: &Site, findings: &mut Vec<Finding>) {
    let mut first: BTreeMap<String, &Path> = BTreeMap::new();
    for page in site.pages.iter().filter(|p| p.item.kind != Kind::Home) {
        let item = &page.item;
        let key = item
            .title
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        match first.get(&key) {
            Some(other) => findings.push(
                Finding::at_key("duplicate_titles", item, "title", format!("title `{}` is also the title of {}", item.title, super::tidy(other).display()))
                    .hint("give each page its own title; search results and link previews tell pages apart by it"),
            ),
            None => {
                first.insert(key, &item.file);
            }
        }
    }
}

/// Whether a deadline is over; a date without a time (midnight) lasts
/// the whole day.
fn passed(deadline: &DateTime<FixedOffset>, now: DateTime<Utc>) -> bool {
    if deadline.time() == chrono::NaiveTime::MIN {
        deadline.date_naive() < now.with_timezone(deadline.offset()).date_naive()
    } else {
        *deadline < now
    }
}

fn day(when: &DateTime<FixedOffset>) -> String {
    when.format("%Y-%m-%d").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_deadline_without_a_time_lasts_its_whole_day() {
        let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap();
        let now = at("2026-11-24T15:00:00+01:00").to_utc();
        assert!(!passed(&at("2026-11-24T00:00:00+01:00"), now));
        assert!(passed(&at("2026-11-23T00:00:00+01:00"), now));
        assert!(passed(&at("2026-11-24T12:00:00+01:00"), now));
        assert!(!passed(&at("2026-11-24T18:00:00+01:00"), now));
    }
}
