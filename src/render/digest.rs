//! `kiez digest`: an e-mail newsletter of one period, as HTML that mail
//! clients render (tables, inline styles, 600 px, absolute URLs, images
//! with width, height and alt, a hidden preheader, no script, no
//! stylesheet) and as plain text. The theme's `digest.html` and
//! `digest.txt` make them (a site's `templates/` may override either);
//! the HTML one is auto-escaped like every `.html` template, the text one
//! is not (it is no markup).
//!
//! What goes in: articles published in the period, with their cover and
//! summary; editions that appeared in it; the events not yet over at the
//! build's "now" (`SOURCE_DATE_EPOCH` when set); FAQ answers first
//! published or updated in the period.

use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Utc};
use serde::Serialize;
use serde_json::{Map, Value};
use tera::Context;

use super::Renderer;
use crate::content::Kind;
use crate::error::{Error, Result};
use crate::site::{Page, Site};

/// The width of the digest's content column, in CSS pixels.
const COLUMN: u32 = 560;
/// The width of a thumbnail beside text (an edition's cover).
const THUMB: u32 = 140;
/// The most upcoming events a digest lists.
const MAX_EVENTS: usize = 8;

/// The period a digest covers: from `start` (inclusive) to `end`
/// (exclusive).
#[derive(Debug, Clone, PartialEq)]
pub struct Period {
    /// First moment in the period.
    pub start: DateTime<Utc>,
    /// First moment after it.
    pub end: DateTime<Utc>,
}

impl Period {
    /// `--since DATE`: from that date (in the site's time zone) until `now`.
    pub fn since(text: &str, site_tz: chrono_tz::Tz, now: DateTime<Utc>) -> Result<Period> {
        let (start, _) = crate::content::parse_date(text, site_tz)
            .map_err(|e| Error::Usage(format!("--since: {e}")))?;
        let start = start.with_timezone(&Utc);
        if start > now {
            return Err(Error::Usage(format!(
                "--since {text} lies after now ({})",
                now.format("%Y-%m-%d")
            )));
        }
        Ok(Period {
            start,
            end: now + chrono::Duration::seconds(1),
        })
    }

    /// `--month YYYY-MM`: that calendar month in the site's time zone.
    pub fn month(text: &str, site_tz: chrono_tz::Tz) -> Result<Period> {
        let bad = || Error::Usage(format!("--month `{text}`: write the month as 2026-11"));
        let (y, m) = text.trim().split_once('-').ok_or_else(bad)?;
        let (y, m): (i32, u32) = (y.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
        let first = NaiveDate::from_ymd_opt(y, m, 1).ok_or_else(bad)?;
        let next = first
            .checked_add_months(chrono::Months::new(1))
            .ok_or_else(bad)?;
        let local = |d: NaiveDate| {
            site_tz
                .from_local_datetime(&d.and_hms_opt(0, 0, 0).expect("midnight exists"))
                .earliest()
                .map(|t| t.with_timezone(&Utc))
                .ok_or_else(bad)
        };
        Ok(Period {
            start: local(first)?,
            end: local(next)?,
        })
    }

    fn contains(&self, when: DateTime<chrono::FixedOffset>) -> bool {
        let when = when.with_timezone(&Utc);
        self.start <= when && when < self.end
    }
}

/// A rendered digest.
#[derive(Debug)]
pub struct Digest {
    /// `digest.html`.
    pub html: String,
    /// `digest.txt`.
    pub text: String,
    /// Every article in it, by absolute URL.
    pub articles: Vec<String>,
    /// How many upcoming events it lists.
    pub events: usize,
    /// How many FAQ answers it lists.
    pub answers: usize,
}

/// One entry of the digest as its templates see it; every URL absolute.
#[derive(Serialize)]
struct Entry {
    title: String,
    url: String,
    summary: String,
    date: Option<String>,
    updated: Option<String>,
    authors: Vec<String>,
    image: Option<Image>,
    /// Events: start, place, status; FAQ answers: the category.
    when: Option<String>,
    all_day: bool,
    place: Option<String>,
    status: Option<&'static str>,
    category: Option<String>,
}

/// An image sized for the 560 px column, and as a thumbnail beside text.
#[derive(Serialize)]
struct Image {
    src: String,
    width: u32,
    height: u32,
    thumb_width: u32,
    thumb_height: u32,
    alt: String,
}

/// Renders the digest of `period` with `renderer`'s `digest.html` and
/// `digest.txt`.
pub fn render(site: &Site, renderer: &Renderer, period: &Period) -> Result<Digest> {
    let lang = site.config.language;
    let in_period = |p: &Page| p.item.date.is_some_and(|d| period.contains(d));
    let articles: Vec<Entry> = site
        .articles
        .iter()
        .map(|&i| &site.pages[i])
        .filter(|p| in_period(p))
        .map(|p| entry(site, p))
        .collect();
    let editions: Vec<Entry> = site
        .editions
        .iter()
        .map(|e| &site.pages[e.page])
        .filter(|p| in_period(p))
        .map(|p| entry(site, p))
        .collect();
    let events: Vec<Entry> = site
        .upcoming
        .iter()
        .take(MAX_EVENTS)
        .map(|&i| entry(site, &site.pages[i]))
        .collect();
    let answers: Vec<Entry> = site
        .faq
        .iter()
        .flat_map(|s| &s.questions)
        .map(|&i| &site.pages[i])
        .filter(|p| {
            let item = &p.item;
            item.kind == Kind::Faq
                && [item.published, item.updated]
                    .into_iter()
                    .flatten()
                    .any(|d| period.contains(d))
        })
        .map(|p| entry(site, p))
        .collect();
    let label = label(period, site);
    let title = format!("{} – {label}", site.config.title);
    let preheader = preheader(&articles, &events, &answers, lang);
    let mut ctx = Map::new();
    let mut put = |key: &str, value: Value| ctx.insert(key.into(), value);
    put("site", super::json(&super::views::SiteView::new(site)));
    put("t", crate::i18n::strings_in(&site.config, lang));
    put("home", Value::String(site.config.base_url.clone()));
    put("title", Value::String(title));
    put("period", Value::String(label));
    put("preheader", Value::String(preheader));
    put("articles", super::json(&articles));
    put("editions", super::json(&editions));
    put("events", super::json(&events));
    put("answers", super::json(&answers));
    put("newsletter", newsletter(site));
    let context =
        Context::from_value(Value::Object(ctx)).map_err(|e| Error::template("digest.html", &e))?;
    Ok(Digest {
        html: renderer.render("digest.html", &context)?,
        text: renderer.render("digest.txt", &context)?,
        articles: articles.iter().map(|a| a.url.clone()).collect(),
        events: events.len(),
        answers: answers.len(),
    })
}

/// The period as readers see it: "November 2026" for a whole month,
/// else "1. November 2026 – 24. November 2026".
fn label(period: &Period, site: &Site) -> String {
    let tz = site.config.tz;
    let (start, last) = (
        period.start.with_timezone(&tz),
        (period.end - chrono::Duration::seconds(1)).with_timezone(&tz),
    );
    let lang = site.config.language;
    let fmt = |d: DateTime<chrono_tz::Tz>, f: &str| {
        crate::i18n::format_date(&d.fixed_offset(), f, lang).unwrap_or_default()
    };
    let whole_month = start.day() == 1
        && start.time() == chrono::NaiveTime::MIN
        && (last + chrono::Duration::seconds(1)).day() == 1
        && (start.year(), start.month()) == (last.year(), last.month());
    if whole_month {
        return crate::i18n::month_year(start.date_naive(), lang);
    }
    format!("{} – {}", fmt(start, "long"), fmt(last, "long"))
}

/// The hidden line mail clients show beside the subject.
fn preheader(
    articles: &[Entry],
    events: &[Entry],
    answers: &[Entry],
    lang: crate::config::Language,
) -> String {
    let titles: Vec<&str> = articles
        .iter()
        .chain(events)
        .chain(answers)
        .take(3)
        .map(|e| e.title.as_str())
        .collect();
    if titles.is_empty() {
        crate::i18n::shipped("digest_preheader", lang).into()
    } else {
        titles.join(" · ")
    }
}

/// What a page shows in the digest.
fn entry(site: &Site, page: &Page) -> Entry {
    let item = &page.item;
    let event = item.event.as_ref();
    Entry {
        title: item.title.clone(),
        url: page.permalink.clone(),
        summary: page.description(),
        date: item.date.map(|d| d.to_rfc3339()),
        updated: item.updated.map(|d| d.to_rfc3339()),
        authors: item.authors.clone(),
        image: image(site, page),
        when: event.map(|e| page.when.unwrap_or(e.start).to_rfc3339()),
        all_day: event.is_some_and(|e| e.all_day),
        place: event
            .and_then(|e| e.location.as_ref())
            .map(|l| l.name.clone()),
        status: event.map(|e| e.status.as_str()),
        category: item.faq.as_ref().and_then(|f| {
            site.faq
                .iter()
                .find(|s| s.category.slug == f.category)
                .map(|s| s.category.title.clone())
        }),
    }
}

/// The page's cover, resized, at the column's width: only images kiez
/// has measured (a remote or SVG image has no size and is left out, as
/// mail clients need width and height and many show no SVG).
fn image(site: &Site, page: &Page) -> Option<Image> {
    let url = page.image.as_deref()?;
    let r = site.images.by_url.get(url)?;
    if r.width == 0 {
        return None;
    }
    let height_at = |w: u32| (u64::from(r.height) * u64::from(w) / u64::from(r.width)) as u32;
    let (width, thumb_width) = (COLUMN.min(r.width), THUMB.min(r.width));
    Some(Image {
        src: site.config.absolute(&r.src),
        width,
        height: height_at(width),
        thumb_width,
        thumb_height: height_at(thumb_width),
        alt: page.item.image_alt.clone().unwrap_or_default(),
    })
}

/// The sign-up link, with an absolute URL and a label.
fn newsletter(site: &Site) -> Value {
    match (&site.config.newsletter, &site.config.newsletter.url) {
        (n, Some(url)) => serde_json::json!({
            "url": site.config.absolute(url),
            "label": n.label.clone().unwrap_or_else(|| crate::i18n::text(&site.config, "newsletter").into()),
            "text": n.text,
        }),
        (_, None) => Value::Null,
    }
}
