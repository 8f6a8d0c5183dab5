//! JSON Feed 1.1 (<https://jsonfeed.org/version/1.1>). Events carry their
//! start, end and place in a `_kiez` extension object, as the spec allows.

use serde::Serialize;

use super::{feed_date, modified_date, Bodies, FeedSpec};
use crate::error::Result;
use crate::site::Site;

#[derive(Serialize)]
struct Feed<'a> {
    version: &'static str,
    title: &'a str,
    home_page_url: String,
    feed_url: String,
    #[serde(skip_serializing_if = "str::is_empty")]
    description: &'a str,
    language: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    icon: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    authors: Vec<Author>,
    items: Vec<FeedItem<'a>>,
}

#[derive(Serialize)]
struct Author {
    name: String,
}

#[derive(Serialize)]
struct FeedItem<'a> {
    id: &'a str,
    url: &'a str,
    title: &'a str,
    content_html: String,
    summary: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_published: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_modified: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    authors: Vec<Author>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tags: Vec<&'a str>,
    #[serde(rename = "_kiez", skip_serializing_if = "Option::is_none")]
    kiez: Option<EventExt<'a>>,
}

#[derive(Serialize)]
struct EventExt<'a> {
    event_start: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    event_end: Option<String>,
    all_day: bool,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<&'a crate::content::Location>,
    #[serde(skip_serializing_if = "Option::is_none")]
    online_url: Option<&'a str>,
}

/// Renders one feed as JSON Feed 1.1.
pub fn to_json_feed(site: &Site, spec: &FeedSpec, bodies: &Bodies) -> Result<String> {
    let config = &site.config;
    let items = spec
        .items
        .iter()
        .map(|&i| {
            let page = &site.pages[i];
            let item = &page.item;
            let mut summary = crate::markdown::plain_text(&page.content.summary_html, 500);
            if let Some(d) = &item.description {
                summary = d.clone();
            }
            FeedItem {
                id: &page.permalink,
                url: &page.permalink,
                title: &item.title,
                content_html: bodies.of(i).to_string(),
                summary,
                image: page.image.as_deref().map(|img| site.config.absolute(img)),
                date_published: feed_date(page).map(|d| d.to_rfc3339()),
                date_modified: modified_date(page).map(|d| d.to_rfc3339()),
                authors: item
                    .authors
                    .iter()
                    .map(|a| Author { name: a.clone() })
                    .collect(),
                tags: item
                    .categories
                    .iter()
                    .chain(&item.tags)
                    .map(String::as_str)
                    .collect(),
                kiez: item.event.as_ref().map(|e| EventExt {
                    event_start: e.start.to_rfc3339(),
                    event_end: e.end.map(|d| d.to_rfc3339()),
                    all_day: e.all_day,
                    status: e.status.as_str(),
                    location: e.location.as_ref(),
                    online_url: e.online_url.as_deref(),
                }),
            }
        })
        .collect();
    let feed = Feed {
        version: "https://jsonfeed.org/version/1.1",
        title: &spec.title,
        home_page_url: config.absolute_url(&spec.dir),
        feed_url: config.absolute_url(&spec.json_path()),
        description: &spec.description,
        language: config.language.code(),
        icon: config
            .publisher
            .logo
            .as_ref()
            .map(|l| site.config.absolute(&config.static_url(l))),
        authors: if config.publisher.name.is_empty() {
            Vec::new()
        } else {
            vec![Author {
                name: config.publisher.name.clone(),
            }]
        },
        items,
    };
    let mut json = serde_json::to_string_pretty(&feed).expect("feeds serialize");
    json.push('\n');
    Ok(json)
}
