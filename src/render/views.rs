//! What templates see: borrowed, serializable views of the site model.
//! Keeping them apart from the model means a template variable can be
//! renamed or added without touching how content is stored.

use serde::Serialize;
use serde_json::{Map, Value};

use super::languages::{self, NavLinkView};
use crate::config::Language;
use crate::content::{Event, Faq, Kind, Location};
use crate::images::Responsive;
use crate::markdown::Heading;
use crate::site::{Page, Site, TaxonomyKind, Term};

/// `site` in every template.
#[derive(Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub base_url: &'a str,
    /// Root-relative URL of the home page (the base path).
    pub home_url: &'a str,
    pub lang: &'static str,
    /// `ltr` or `rtl`, for `<html dir>`.
    pub dir: &'static str,
    pub locale: &'static str,
    pub publisher_name: &'a str,
    pub publisher_logo: Option<String>,
    pub menu: Vec<NavLinkView>,
    pub footer_pages: Vec<NavLinkView>,
    pub accent: &'a str,
    pub accent_dark: &'a str,
    pub extra: &'a std::collections::BTreeMap<String, Value>,
    pub urls: SectionUrls,
    pub has_events: bool,
    pub has_faq: bool,
    pub has_editions: bool,
    /// Where readers sign up for the newsletter.
    pub newsletter: Option<&'a crate::config::NewsletterConfig>,
    /// Where to ask a question the FAQ does not answer.
    pub faq_ask_url: Option<&'a str>,
    /// `webcal://` address of the events calendar, for one-tap subscription.
    pub webcal_url: String,
    /// Download address of the events calendar.
    pub calendar_url: String,
    /// `false` for staging builds: pages carry `noindex`.
    pub indexing: bool,
    /// The reach counter the theme's loader starts, when configured.
    pub analytics: Option<AnalyticsView>,
    /// The Discourse forum (with trailing `/`) whose comments a button
    /// loads on click (`community: embed: true`).
    pub discourse_embed: Option<String>,
}

/// `site.analytics`: what `analytics.js` needs, as `data-` attributes.
#[derive(Serialize)]
pub struct AnalyticsView {
    /// `plausible`, `umami`, `goatcounter` or `matomo`.
    pub provider: &'static str,
    /// The counter's script.
    pub src: String,
    /// Plausible domain, Umami website id or Matomo site id.
    pub id: Option<String>,
    /// Where GoatCounter and Matomo send counts.
    pub endpoint: Option<String>,
    /// The published host (with port, if any): visits to previews and
    /// copies of the site elsewhere are not counted.
    pub host: String,
}

impl AnalyticsView {
    fn new(config: &crate::config::SiteConfig) -> Option<Self> {
        let a = config.analytics.as_ref()?;
        let rest = config.base_url.split_once("://").map_or("", |(_, r)| r);
        let host = rest.split('/').next().unwrap_or_default();
        // Plausible knows a site by its domain: the published host (without
        // a port) unless the editor names another.
        let domain = || match host.rsplit_once(':') {
            Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name.to_string(),
            _ => host.to_string(),
        };
        let id = match a.provider {
            crate::config::AnalyticsProvider::Plausible => {
                Some(a.id.clone().unwrap_or_else(domain))
            }
            _ => a.id.clone(),
        };
        Some(AnalyticsView {
            provider: a.provider.key(),
            src: a.script_src(),
            id,
            endpoint: a.endpoint(),
            host: host.to_string(),
        })
    }
}

/// The forum whose comments load on click, with trailing `/`, when
/// `community:` has `discourse:` and `embed: true`.
pub fn discourse_embed(config: &crate::config::SiteConfig) -> Option<String> {
    match config.community.provider()? {
        crate::config::Provider::Discourse { base, .. } if config.community.embed => {
            Some(format!("{base}/"))
        }
        _ => None,
    }
}

/// Root-relative URLs of the generated list pages.
#[derive(Serialize)]
pub struct SectionUrls {
    pub articles: String,
    pub events: String,
    pub faq: String,
    pub editions: String,
    pub tags: String,
    pub categories: String,
    pub authors: String,
    pub stylesheet: String,
    pub syntax_stylesheet: String,
    pub share_script: String,
    pub search: String,
    pub search_index: String,
    pub search_script: String,
    pub gallery_script: String,
    pub analytics_script: String,
    pub comments_script: String,
}

/// A label and a URL.
#[derive(Serialize, Clone)]
pub struct LinkView {
    pub name: String,
    pub url: String,
}

impl<'a> SiteView<'a> {
    pub fn new(site: &'a Site) -> Self {
        let c = &site.config;
        SiteView {
            title: &c.title,
            description: &c.description,
            base_url: &c.base_url,
            home_url: c.base_path(),
            lang: c.language.code(),
            dir: c.direction().as_str(),
            locale: c.language.og_locale(),
            publisher_name: &c.publisher.name,
            publisher_logo: c.publisher.logo.as_deref().map(|l| {
                if l.starts_with('/') {
                    c.static_url(l)
                } else {
                    l.to_string()
                }
            }),
            menu: languages::menu(site),
            footer_pages: languages::footer_pages(site),
            accent: &c.colors.accent,
            accent_dark: &c.colors.accent_dark,
            extra: &c.extra,
            urls: SectionUrls {
                articles: c.site_url("/articles/"),
                events: c.site_url("/events/"),
                faq: c.site_url("/faq/"),
                editions: c.site_url("/editions/"),
                tags: c.site_url("/tags/"),
                categories: c.site_url("/categories/"),
                authors: c.site_url("/authors/"),
                stylesheet: c.static_url("/kiez.css"),
                syntax_stylesheet: c.static_url("/syntax.css"),
                share_script: c.static_url("/share.js"),
                search: c.site_url("/search/"),
                search_index: c.site_url("/search/"),
                search_script: c.static_url("/search.js"),
                gallery_script: c.static_url("/gallery.js"),
                analytics_script: c.static_url("/analytics.js"),
                comments_script: c.static_url("/comments.js"),
            },
            has_events: !(site.upcoming.is_empty() && site.past.is_empty()),
            has_faq: !site.faq.is_empty(),
            has_editions: !site.editions.is_empty(),
            faq_ask_url: c.faq.ask_url.as_deref(),
            newsletter: c.newsletter.signup(),
            webcal_url: {
                let url = c.absolute_url("/events/calendar.ics");
                let rest = url.split_once("://").map_or(url.as_str(), |(_, r)| r);
                format!("webcal://{rest}")
            },
            calendar_url: c.site_url("/events/calendar.ics"),
            indexing: c.indexing,
            analytics: AnalyticsView::new(c),
            discourse_embed: discourse_embed(c),
        }
    }
}

/// A content page as templates see it. List pages use the same view
/// without `content` (see [`PageView::card`]).
#[derive(Serialize)]
pub struct PageView<'a> {
    pub kind: Kind,
    pub title: &'a str,
    pub slug: &'a str,
    /// Plain text for meta descriptions and cards: `description:` or the
    /// summary without markup.
    pub description: String,
    pub url: &'a str,
    pub permalink: &'a str,
    pub source: &'a str,
    pub date: Option<String>,
    pub updated: Option<String>,
    pub draft: bool,
    pub tags: Vec<LinkView>,
    pub categories: Vec<LinkView>,
    pub authors: Vec<LinkView>,
    pub image: Option<&'a str>,
    pub image_alt: &'a str,
    /// Resized variants of `image`, when it is a local raster image.
    pub image_srcset: Option<&'a str>,
    pub image_width: Option<u32>,
    pub image_height: Option<u32>,
    pub summary: &'a str,
    /// The body (full views only), unpacked from the site model.
    pub content: std::borrow::Cow<'a, str>,
    pub toc: &'a [Heading],
    pub reading_time: usize,
    /// Words in the body; in full views only, since it changes with every
    /// edit and the dev server renders lists again only when what they
    /// show of a page changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub word_count: Option<usize>,
    pub extra: &'a Map<String, Value>,
    pub gallery: Vec<GalleryView<'a>>,
    pub downloads: Vec<DownloadView<'a>>,
    pub event: Option<EventView<'a>>,
    pub faq: Option<FaqView>,
    /// Articles: the edition they appear in (title and URL).
    pub edition: Option<LinkView>,
    /// An untranslated item another language's list shows: its language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fallback_lang: Option<FallbackView>,
}

/// The language of an untranslated item in another language's list;
/// `label` is "auf Deutsch", in the item's language.
#[derive(Serialize)]
pub struct FallbackView {
    pub code: &'static str,
    pub dir: &'static str,
    pub label: &'static str,
}

impl FallbackView {
    /// The view of an item or link in `lang`.
    pub fn of(lang: Language) -> Self {
        FallbackView {
            code: lang.code(),
            dir: lang.direction().as_str(),
            label: lang.in_itself(),
        }
    }
}

/// One gallery image.
#[derive(Serialize)]
pub struct GalleryView<'a> {
    /// Full size, for the link.
    pub src: &'a str,
    /// The thumbnail to show.
    pub thumb: &'a str,
    pub srcset: Option<&'a str>,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub caption: &'a str,
    pub alt: &'a str,
}

/// One download.
#[derive(Serialize)]
pub struct DownloadView<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub kind: &'a str,
    pub size: Option<String>,
}

/// Event details.
#[derive(Serialize)]
pub struct EventView<'a> {
    pub start: String,
    pub end: Option<String>,
    /// Whether the end falls on another day than the start.
    pub multi_day: bool,
    pub all_day: bool,
    pub timezone: String,
    pub location: Option<&'a Location>,
    pub map_url: Option<String>,
    pub online_url: Option<&'a str>,
    pub registration_url: Option<&'a str>,
    pub registration_deadline: Option<String>,
    /// Whether the registration deadline has passed at build time.
    pub registration_closed: bool,
    /// A "find a date" poll.
    pub poll_url: Option<&'a str>,
    pub organizer: Option<&'a str>,
    pub status: &'static str,
    pub upcoming: bool,
    /// Start of the next occurrence (or the last one, when over): what
    /// lists show for recurring events.
    pub when: String,
    /// For recurring events: a sentence like "Jeden 2. Dienstag im Monat".
    pub repeat: Option<String>,
    /// Upcoming occurrences of a recurring event (at most six).
    pub next_dates: Vec<String>,
    /// The event's own calendar file.
    pub ics_url: String,
}

/// FAQ details.
#[derive(Serialize)]
pub struct FaqView {
    pub category: LinkView,
    pub order: i64,
    pub related: Vec<LinkView>,
}

impl<'a> PageView<'a> {
    /// The full view of page `idx`, content included.
    pub fn full(site: &'a Site, idx: usize) -> Self {
        let mut view = Self::full_but_body(site, idx);
        view.content = site.pages[idx].content.html.unpack().into();
        view
    }

    /// [`PageView::full`] with `content` left empty: what a fingerprint
    /// hashes beside the body's packed bytes, which it need not unpack.
    pub fn full_but_body(site: &'a Site, idx: usize) -> Self {
        let mut view = Self::card(site, idx);
        let page = &site.pages[idx];
        view.toc = &page.content.toc;
        view.word_count = Some(page.content.word_count);
        if let Some(faq) = view.faq.as_mut() {
            faq.related = related_questions(site, idx)
                .into_iter()
                .map(|i| LinkView {
                    name: site.pages[i].item.title.clone(),
                    url: site.pages[i].url.clone(),
                })
                .collect();
        }
        view
    }

    /// The view of page `idx` for lists: everything but the body.
    pub fn card(site: &'a Site, idx: usize) -> Self {
        let page = &site.pages[idx];
        let item = &page.item;
        let cover = cover(site, page);
        PageView {
            kind: item.kind,
            title: &item.title,
            slug: &item.slug,
            description: page.description(),
            url: &page.url,
            permalink: &page.permalink,
            source: &item.source,
            date: item.date.map(|d| d.to_rfc3339()),
            updated: item.updated.map(|d| d.to_rfc3339()),
            draft: item.draft,
            tags: terms(site, TaxonomyKind::Tags, &item.tags),
            categories: terms(site, TaxonomyKind::Categories, &item.categories),
            authors: terms(site, TaxonomyKind::Authors, &item.authors),
            image: page.image.as_deref(),
            image_alt: item.image_alt.as_deref().unwrap_or(""),
            image_srcset: cover.map(|r| r.srcset.as_str()),
            image_width: cover.map(|r| r.width),
            image_height: cover.map(|r| r.height),
            summary: &page.content.summary_html,
            content: "".into(),
            toc: &[],
            reading_time: page.content.reading_time,
            word_count: None,
            extra: &item.extra,
            gallery: gallery(site, page),
            downloads: downloads(site, page),
            event: item.event.as_ref().map(|e| EventView::new(site, page, e)),
            faq: item.faq.as_ref().map(|f| FaqView::new(site, f)),
            edition: site.edition_of(idx).map(|e| LinkView {
                name: site.pages[e.page].item.title.clone(),
                url: site.pages[e.page].url.clone(),
            }),
            fallback_lang: item.fallback.then(|| FallbackView::of(item.lang)),
        }
    }
}

impl<'a> EventView<'a> {
    /// The details of `e`, the event of `page`.
    fn new(site: &'a Site, page: &'a Page, e: &'a Event) -> Self {
        let config = &site.config;
        let end_local = e.end.unwrap_or(e.start);
        EventView {
            start: e.start.to_rfc3339(),
            end: e.end.map(|d| d.to_rfc3339()),
            multi_day: end_local.date_naive() != e.start.date_naive(),
            all_day: e.all_day,
            timezone: e.timezone.name().to_string(),
            map_url: e.location.as_ref().and_then(map_url),
            location: e.location.as_ref(),
            online_url: e.online_url.as_deref(),
            registration_url: e.registration.as_ref().and_then(|r| r.url.as_deref()),
            registration_deadline: e
                .registration
                .as_ref()
                .and_then(|r| r.deadline)
                .map(|d| d.to_rfc3339()),
            registration_closed: e
                .registration
                .as_ref()
                .and_then(|r| r.deadline)
                .is_some_and(|d| d < site.now),
            poll_url: e.poll.as_deref(),
            organizer: e.organizer.as_deref(),
            status: e.status.as_str(),
            upcoming: page.upcoming,
            when: page.when.unwrap_or(e.start).to_rfc3339(),
            repeat: e.repeat.as_ref().map(|r| {
                let day = chrono::Datelike::day(&e.start.with_timezone(&e.timezone));
                crate::i18n::describe_repeat(r, day, config.language)
            }),
            next_dates: next_dates(site, e),
            ics_url: config.site_url(&format!("/events/{}.ics", page.item.slug)),
        }
    }
}

impl FaqView {
    /// The question's category as a link, `related` left for the full view.
    fn new(site: &Site, faq: &Faq) -> Self {
        let config = &site.config;
        // A category without a section of its own links to the FAQ index.
        let category = site
            .faq
            .iter()
            .find(|s| s.category.slug == faq.category)
            .map(|s| LinkView {
                name: s.category.title.clone(),
                url: config.site_url(&s.path),
            })
            .unwrap_or_else(|| LinkView {
                name: faq.category.clone(),
                url: config.site_url("/faq/"),
            });
        FaqView {
            category,
            order: faq.order,
            related: Vec::new(),
        }
    }
}

/// Links to the terms named in a page's front matter; a name with no term
/// page is left out.
fn terms(site: &Site, kind: TaxonomyKind, names: &[String]) -> Vec<LinkView> {
    names
        .iter()
        .filter_map(|n| {
            let slug = crate::content::slug::slugify(n, site.config.language);
            find_term(site, kind, &slug).map(|t| LinkView {
                name: n.clone(),
                url: site.config.site_url(&t.path),
            })
        })
        .collect()
}

/// The resized variants of the cover image, when it is a local raster image.
fn cover<'a>(site: &'a Site, page: &Page) -> Option<&'a Responsive> {
    page.image
        .as_deref()
        .and_then(|u| site.images.by_url.get(u))
}

/// Gallery images with their thumbnails; an image that was not resized
/// (remote, SVG) is its own thumbnail.
fn gallery<'a>(site: &'a Site, page: &'a Page) -> Vec<GalleryView<'a>> {
    page.gallery
        .iter()
        .map(|(src, caption, alt)| {
            let r = site.images.by_url.get(src.as_str());
            GalleryView {
                src,
                thumb: r.map_or(src.as_str(), |r| r.src.as_str()),
                srcset: r.map(|r| r.srcset.as_str()),
                width: r.map(|r| r.width),
                height: r.map(|r| r.height),
                caption,
                alt,
            }
        })
        .collect()
}

/// Downloads with their sizes written out in the site's language.
fn downloads<'a>(site: &Site, page: &'a Page) -> Vec<DownloadView<'a>> {
    page.downloads
        .iter()
        .map(|d| DownloadView {
            title: &d.title,
            url: &d.url,
            kind: &d.kind,
            size: d
                .size
                .map(|b| crate::i18n::format_size(b, site.config.language)),
        })
        .collect()
}

/// An OpenStreetMap link: a pin at the coordinates, else a search for the
/// address.
fn map_url(location: &Location) -> Option<String> {
    match (location.lat, location.lon) {
        (Some(lat), Some(lon)) => Some(format!(
            "https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}"
        )),
        _ => location.address.as_ref().map(|a| {
            format!(
                "https://www.openstreetmap.org/search?query={}",
                crate::social::url_encode(a)
            )
        }),
    }
}

/// Up to six occurrences of a recurring event not yet over; none for a
/// single event, whose date is shown on its own.
fn next_dates(site: &Site, e: &Event) -> Vec<String> {
    if e.repeat.is_none() {
        return Vec::new();
    }
    crate::content::recurrence::occurrences(e)
        .into_iter()
        .filter(|d| *d + crate::content::recurrence::duration(e) >= site.now)
        .take(6)
        .map(|d| d.to_rfc3339())
        .collect()
}

fn find_term<'a>(site: &'a Site, kind: TaxonomyKind, slug: &str) -> Option<&'a Term> {
    site.taxonomy(kind).find(slug)
}

/// The pages a question links as related (shown by title): its `related:`
/// entries (any page), else up to five questions sharing a tag, else the
/// others of the same category.
pub fn related_questions(site: &Site, idx: usize) -> Vec<usize> {
    let page = &site.pages[idx];
    let Some(faq) = &page.item.faq else {
        return Vec::new();
    };
    if !faq.related.is_empty() {
        return faq
            .related
            .iter()
            .filter_map(|r| {
                let r = r.trim_start_matches('/');
                site.by_source
                    .get(&format!("faq/{r}"))
                    .or_else(|| site.by_source.get(r))
                    .copied()
            })
            .collect();
    }
    let mut related: Vec<usize> = Vec::new();
    for tag in &page.item.tags {
        let slug = crate::content::slug::slugify(tag, site.config.language);
        if let Some(term) = find_term(site, TaxonomyKind::Tags, &slug) {
            related.extend(
                term.pages
                    .iter()
                    .filter(|&&i| i != idx && site.pages[i].item.kind == Kind::Faq),
            );
        }
    }
    related.sort_unstable();
    related.dedup();
    if related.is_empty() {
        if let Some(section) = site.faq.iter().find(|s| s.category.slug == faq.category) {
            related = section
                .questions
                .iter()
                .copied()
                .filter(|&i| i != idx)
                .collect();
        }
    }
    related.truncate(5);
    related
}
