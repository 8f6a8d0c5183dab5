//! RSS 2.0 with the `rss` crate, plus the extensions real readers use:
//! `content:encoded` (full HTML), `dc:creator`, `media:content` (cover
//! image) and `atom:link rel="self"`.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, FixedOffset};

use rss::extension::dublincore::DublinCoreExtension;
use rss::extension::{Extension, ExtensionMap};
use rss::{Category, Channel, Guid, Image, Item};

use super::{feed_date, Bodies, FeedSpec};
use crate::error::Result;
use crate::site::{Page, Site};

/// Renders one feed as RSS 2.0.
pub fn to_rss(site: &Site, spec: &FeedSpec, bodies: &Bodies) -> Result<String> {
    let config = &site.config;
    let items: Vec<Item> = spec
        .items
        .iter()
        .map(|&i| rss_item(site, &site.pages[i], bodies.of(i)))
        .collect();
    let last_build_date = spec
        .items
        .iter()
        .filter_map(|&i| super::modified_date(&site.pages[i]))
        .max()
        .and_then(rfc2822);
    let link = config.absolute_url(&spec.dir);
    let image = channel_image(site, spec, &link);
    let channel = Channel {
        title: spec.title.clone(),
        link,
        description: if spec.description.is_empty() {
            spec.title.clone()
        } else {
            spec.description.clone()
        },
        language: Some(config.language.code().to_string()),
        last_build_date,
        generator: Some("kiez".into()),
        image,
        items,
        namespaces: namespaces(),
        extensions: BTreeMap::from([(
            "atom".to_string(),
            BTreeMap::from([("link".to_string(), vec![atom_self_link(site, spec)])]),
        )]),
        ..Default::default()
    };
    let mut out = Vec::new();
    // Writing into memory cannot fail; the only errors are I/O errors.
    out = channel
        .pretty_write_to(out, b' ', 2)
        .expect("writing RSS to memory");
    out.push(b'\n');
    let xml = String::from_utf8(out).expect("rss writes UTF-8");
    Ok(crate::util::escape::xml_chars(&xml).into_owned())
}

/// One `<item>`: summary as description, full HTML as `content:encoded`.
fn rss_item(site: &Site, page: &Page, body: &str) -> Item {
    let item = &page.item;
    Item {
        title: Some(item.title.clone()),
        link: Some(page.permalink.clone()),
        description: Some(description(site, page)),
        guid: Some(Guid {
            value: page.permalink.clone(),
            permalink: true,
        }),
        pub_date: feed_date(page).and_then(rfc2822),
        content: Some(body.to_string()),
        categories: categories(page),
        dublin_core_ext: (!item.authors.is_empty()).then(|| DublinCoreExtension {
            creators: item.authors.clone(),
            ..Default::default()
        }),
        extensions: media_content(site, page),
        ..Default::default()
    }
}

/// The summary, led by an event's date and place so readers see when it is
/// without opening it.
fn description(site: &Site, page: &Page) -> String {
    let description = page.content.summary_html.clone();
    match &page.item.event {
        Some(event) => format!(
            "<p>{}</p>{description}",
            crate::util::escape::html(&crate::i18n::event_line(event, site.config.language))
        ),
        None => description,
    }
}

/// Categories and tags as `<category>`, without a name repeated right
/// after itself (a tag named like the last category).
fn categories(page: &Page) -> Vec<Category> {
    let item = &page.item;
    let mut categories: Vec<Category> = item
        .categories
        .iter()
        .chain(&item.tags)
        .map(|name| Category {
            name: name.clone(),
            domain: None,
        })
        .collect();
    categories.dedup_by(|a, b| a.name == b.name);
    categories
}

/// `media:content` for the cover image, which readers show as a thumbnail.
fn media_content(site: &Site, page: &Page) -> ExtensionMap {
    let mut extensions = BTreeMap::new();
    if let Some(image) = &page.image {
        let mut attrs = BTreeMap::new();
        attrs.insert("url".to_string(), site.config.absolute(image));
        attrs.insert("medium".to_string(), "image".to_string());
        let media = Extension {
            name: "media:content".into(),
            value: None,
            attrs,
            children: BTreeMap::new(),
        };
        extensions.insert(
            "media".to_string(),
            BTreeMap::from([("content".to_string(), vec![media])]),
        );
    }
    extensions
}

/// `atom:link rel="self"`, which validators ask for so a copied feed
/// still names its home.
fn atom_self_link(site: &Site, spec: &FeedSpec) -> Extension {
    Extension {
        name: "atom:link".into(),
        value: None,
        attrs: BTreeMap::from([
            (
                "href".to_string(),
                site.config.absolute_url(&spec.rss_path()),
            ),
            ("rel".to_string(), "self".to_string()),
            ("type".to_string(), "application/rss+xml".to_string()),
        ]),
        children: BTreeMap::new(),
    }
}

/// The XML namespaces of the extensions used.
fn namespaces() -> BTreeMap<String, String> {
    [
        ("atom", "http://www.w3.org/2005/Atom"),
        ("content", "http://purl.org/rss/1.0/modules/content/"),
        ("dc", "http://purl.org/dc/elements/1.1/"),
        ("media", "http://search.yahoo.com/mrss/"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

/// The channel `<image>` from the publisher's logo, when it is a raster image.
fn channel_image(site: &Site, spec: &FeedSpec, link: &str) -> Option<Image> {
    let config = &site.config;
    config
        .publisher
        .logo
        .as_ref()
        .filter(|logo| is_raster(logo))
        .map(|logo| Image {
            url: site.config.absolute(&config.static_url(logo)),
            title: spec.title.clone(),
            link: link.to_string(),
            ..Default::default()
        })
}

/// RSS `<image>` must be GIF, JPEG or PNG; an SVG logo is left out.
fn is_raster(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [".png", ".jpg", ".jpeg", ".gif"]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

/// RFC 2822 has four-digit years only, and chrono panics past them. Dates
/// are bounded where they are read (`content::dates`); this keeps a date
/// from any later path from taking the build down with it.
fn rfc2822(date: DateTime<FixedOffset>) -> Option<String> {
    (0..=9999).contains(&date.year()).then(|| date.to_rfc2822())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_digit_years_are_left_out_not_a_panic() {
        let date = chrono::NaiveDate::from_ymd_opt(10000, 1, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap()
            .and_utc()
            .fixed_offset();
        assert_eq!(rfc2822(date), None);
        let date = DateTime::parse_from_rfc3339("2026-11-20T18:00:00+01:00").unwrap();
        assert_eq!(rfc2822(date).unwrap(), "Fri, 20 Nov 2026 18:00:00 +0100");
    }
}
