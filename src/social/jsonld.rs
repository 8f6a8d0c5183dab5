//! schema.org JSON-LD (Article, Event, FAQPage, BreadcrumbList,
//! WebSite/Organization), built as JSON values and serialized so it is safe
//! inside a `<script>` element.

use serde_json::{json, Map, Value};

use crate::content::{Event, EventStatus, Kind, Location, Registration};
use crate::site::{Page, Site};

pub use crate::util::escape::script_json;

/// `BreadcrumbList` from (name, root-relative URL) pairs.
pub fn breadcrumbs(site: &Site, crumbs: &[(String, String)]) -> Option<Value> {
    if crumbs.len() < 2 {
        return None;
    }
    let items: Vec<Value> = crumbs
        .iter()
        .enumerate()
        .map(|(i, (name, url))| {
            json!({
                "@type": "ListItem",
                "position": i + 1,
                "name": name,
                "item": site.config.absolute(url),
            })
        })
        .collect();
    Some(json!({
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": items,
    }))
}

fn publisher(site: &Site) -> Value {
    let c = &site.config;
    let mut org = json!({
        "@type": "Organization",
        "name": if c.publisher.name.is_empty() { &c.title } else { &c.publisher.name },
        "url": c.base_url,
    });
    if let Some(logo) = &c.publisher.logo {
        org["logo"] =
            json!({"@type": "ImageObject", "url": site.config.absolute(&c.static_url(logo))});
    }
    org
}

/// `WebSite` and `Organization` for the home page.
pub fn home(site: &Site) -> Vec<Value> {
    let c = &site.config;
    let mut org = publisher(site);
    org["@context"] = json!("https://schema.org");
    vec![
        json!({
            "@context": "https://schema.org",
            "@type": "WebSite",
            "name": c.title,
            "description": c.description,
            "url": c.base_url,
            "inLanguage": c.language.code(),
            "publisher": publisher(site),
        }),
        org,
    ]
}

/// JSON-LD describing a content page itself (Article, Event, Question);
/// `image` is the page's share image (its own or its generated card).
pub fn page(site: &Site, page: &Page, description: &str, image: Option<&str>) -> Option<Value> {
    let item = &page.item;
    let image = image
        .map(str::to_string)
        .or_else(|| page.image.as_deref().map(|i| site.config.absolute(i)));
    match item.kind {
        Kind::Article => {
            let mut v = json!({
                "@context": "https://schema.org",
                "@type": "Article",
                "headline": item.title,
                "description": description,
                "url": page.permalink,
                "mainEntityOfPage": page.permalink,
                "datePublished": item.date.map(|d| d.to_rfc3339()),
                "dateModified": item.updated.or(item.date).map(|d| d.to_rfc3339()),
                "inLanguage": item.lang.code(),
                "publisher": publisher(site),
                "author": item.authors.iter().map(|a| json!({"@type": "Person", "name": a})).collect::<Vec<_>>(),
            });
            if item.authors.is_empty() {
                v["author"] = publisher(site);
            }
            if let Some(image) = image {
                v["image"] = json!([image]);
            }
            Some(v)
        }
        Kind::Event => Some(event(site, page, description, image)),
        Kind::Faq => Some(json!({
            "@context": "https://schema.org",
            "@type": "FAQPage",
            "mainEntity": [question(page)],
        })),
        Kind::Edition => Some(json!({
            "@context": "https://schema.org",
            "@type": "PublicationIssue",
            "name": item.title,
            "description": description,
            "url": page.permalink,
            "datePublished": item.date.map(|d| d.to_rfc3339()),
            "image": image,
            "isPartOf": {"@type": "Periodical", "name": site.config.title},
        })),
        Kind::Home | Kind::Page => None,
    }
}

/// A `Question` with its full answer as text, as search engines require.
pub fn question(page: &Page) -> Value {
    json!({
        "@type": "Question",
        "name": page.item.title,
        "url": page.permalink,
        "answerCount": 1,
        "dateModified": page.item.updated.map(|d| d.to_rfc3339()),
        "acceptedAnswer": {
            "@type": "Answer",
            "text": page.content.html.unpack(),
            "url": page.permalink,
        },
    })
}

/// `FAQPage` listing questions with their answers.
pub fn faq_page(site: &Site, questions: &[usize]) -> Value {
    json!({
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": questions.iter().map(|&i| question(&site.pages[i])).collect::<Vec<_>>(),
    })
}

/// An `Event` for an event page, at its next (or last) occurrence.
fn event(site: &Site, page: &Page, description: &str, image: Option<String>) -> Value {
    let item = &page.item;
    let e = item.event.as_ref().expect("events have event data");
    let start = page.when.unwrap_or(e.start);
    let duration = crate::content::recurrence::duration(e);
    let date = |d: chrono::DateTime<chrono::FixedOffset>| {
        if e.all_day {
            d.date_naive().to_string()
        } else {
            d.to_rfc3339()
        }
    };
    let mut v = Map::new();
    v.insert("@context".into(), json!("https://schema.org"));
    v.insert("@type".into(), json!("Event"));
    v.insert("name".into(), json!(item.title));
    v.insert("description".into(), json!(description));
    v.insert("url".into(), json!(page.permalink));
    v.insert("startDate".into(), json!(date(start)));
    if e.end.is_some() || e.all_day {
        let end = if e.all_day {
            start + duration - chrono::Duration::days(1)
        } else {
            start + duration
        };
        v.insert("endDate".into(), json!(date(end)));
    }
    v.insert(
        "eventStatus".into(),
        json!(format!("https://schema.org/{}", event_status(e.status))),
    );
    let (mode, location) = attendance(site, page, e);
    v.insert(
        "eventAttendanceMode".into(),
        json!(format!("https://schema.org/{mode}")),
    );
    v.insert("location".into(), location);
    let organizer = match &e.organizer {
        Some(name) => json!({"@type": "Organization", "name": name}),
        None => publisher(site),
    };
    v.insert("organizer".into(), organizer);
    if let Some(image) = image {
        v.insert("image".into(), json!([image]));
    }
    if let Some(reg) = &e.registration {
        v.insert("offers".into(), offer(page, reg));
    }
    Value::Object(v)
}

/// The schema.org `EventStatusType` name for a status.
fn event_status(status: EventStatus) -> &'static str {
    match status {
        EventStatus::Scheduled => "EventScheduled",
        EventStatus::Cancelled => "EventCancelled",
        EventStatus::Postponed => "EventPostponed",
        EventStatus::MovedOnline => "EventMovedOnline",
    }
}

/// The attendance mode and `location`: a place, an online link or both.
/// Search engines require a location, so an event moved online without a
/// link points at its own page, and one without any place names the
/// publisher.
fn attendance(site: &Site, page: &Page, e: &Event) -> (&'static str, Value) {
    let physical = e.location.as_ref().map(place);
    let virtual_location = e
        .online_url
        .as_ref()
        .map(|url| json!({"@type": "VirtualLocation", "url": url}));
    let online = e.status == EventStatus::MovedOnline;
    match (physical, virtual_location) {
        (Some(p), Some(v)) => ("MixedEventAttendanceMode", json!([p, v])),
        (Some(_), None) if online => (
            "OnlineEventAttendanceMode",
            json!({"@type": "VirtualLocation", "url": page.permalink}),
        ),
        (Some(p), None) => ("OfflineEventAttendanceMode", p),
        (None, Some(v)) => ("OnlineEventAttendanceMode", v),
        (None, None) => (
            "OfflineEventAttendanceMode",
            json!({"@type": "Place", "name": site.config.publisher.name}),
        ),
    }
}

/// A `Place` with its postal address and coordinates when known.
fn place(loc: &Location) -> Value {
    let mut place = json!({"@type": "Place", "name": loc.name});
    if let Some(address) = &loc.address {
        place["address"] = postal_address(address);
    }
    if let (Some(lat), Some(lon)) = (loc.lat, loc.lon) {
        place["geo"] = json!({"@type": "GeoCoordinates", "latitude": lat, "longitude": lon});
    }
    place
}

/// An `Offer` for registration, at the event's own page when it names no
/// registration link.
fn offer(page: &Page, reg: &Registration) -> Value {
    let mut offer = json!({"@type": "Offer", "url": reg.url.clone().unwrap_or_else(|| page.permalink.clone()), "availability": "https://schema.org/InStock"});
    if let Some(deadline) = reg.deadline {
        offer["validThrough"] = json!(deadline.to_rfc3339());
    }
    offer
}

/// "Lindenstraße 12, 10827 Berlin" → street, postal code and locality;
/// anything else stays one street line.
fn postal_address(address: &str) -> Value {
    if let Some((street, city)) = address.rsplit_once(',') {
        let city = city.trim();
        if let Some((code, locality)) = city.split_once(' ') {
            if code.len() >= 4 && code.chars().all(|c| c.is_ascii_digit()) {
                return json!({
                    "@type": "PostalAddress",
                    "streetAddress": street.trim(),
                    "postalCode": code,
                    "addressLocality": locality.trim(),
                });
            }
        }
    }
    json!({"@type": "PostalAddress", "streetAddress": address})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_json_cannot_close_the_script() {
        let text = script_json(&json!({"name": "</script><!-- & x"}));
        assert!(!text.contains('<') && !text.contains('>') && !text.contains('&'));
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["name"], "</script><!-- & x");
    }

    #[test]
    fn german_addresses_are_split() {
        let a = postal_address("Lindenstraße 12, 10827 Berlin");
        assert_eq!(a["postalCode"], "10827");
        assert_eq!(a["addressLocality"], "Berlin");
        assert_eq!(postal_address("Im Hof")["streetAddress"], "Im Hof");
    }
}
