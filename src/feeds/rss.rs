//! RSS 2.0 with the `rss` crate, plus the extensions real readers use:
//! `content:encoded` (full HTML), `dc:creator`, `media:content` (cover
//! image) and `atom:link rel="self"`.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, FixedOffset};

use rss::extension::dublincore::DublinCoreExtension;
use rss::extension::Extension;
use rss::{Category, Channel, Guid, Image, Item};

use super::{absolute, feed_date, item_html, FeedSpec};
use crate::error::Result;
use crate::site::Site;

/// Renders one feed as RSS 2.0.
pub fn to_rss(site: &Site, spec: &FeedSpec) -> Result<String> {
    let config = &site.config;
    let items: Vec<Item> = spec
        .items
        .iter()
        .map(|&i| {
            let page = &site.pages[i];
            let item = &page.item;
            let mut description = page.content.summary_html.clone();
            if let Some(event) = &item.event {
                description = format!(
                    "<p>{}</p>{description}",
                    super::escape(&super::event_line(site, event))
                );
            }
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
            let mut extensions = BTreeMap::new();
            if let Some(image) = &page.image {
                let mut attrs = BTreeMap::new();
                attrs.insert("url".to_string(), absolute(site, image));
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
            Item {
                title: Some(item.title.clone()),
                link: Some(page.permalink.clone()),
                description: Some(description),
                guid: Some(Guid {
                    value: page.permalink.clone(),
                    permalink: true,
                }),
                pub_date: feed_date(page).and_then(rfc2822),
                content: Some(item_html(site, page)),
                categories,
                dublin_core_ext: (!item.authors.is_empty()).then(|| DublinCoreExtension {
                    creators: item.authors.clone(),
                    ..Default::default()
                }),
                extensions,
                ..Default::default()
            }
        })
        .collect();

    let last_build_date = spec
        .items
        .iter()
        .filter_map(|&i| super::modified_date(&site.pages[i]))
        .max()
        .and_then(rfc2822);
    let self_url = config.absolute_url(&spec.rss_path());
    let atom_link = Extension {
        name: "atom:link".into(),
        value: None,
        attrs: BTreeMap::from([
            ("href".to_string(), self_url),
            ("rel".to_string(), "self".to_string()),
            ("type".to_string(), "application/rss+xml".to_string()),
        ]),
        children: BTreeMap::new(),
    };
    let link = config.absolute_url(&spec.dir);
    let namespaces = [
        ("atom", "http://www.w3.org/2005/Atom"),
        ("content", "http://purl.org/rss/1.0/modules/content/"),
        ("dc", "http://purl.org/dc/elements/1.1/"),
        ("media", "http://search.yahoo.com/mrss/"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let image = config
        .publisher
        .logo
        .as_ref()
        .filter(|logo| is_raster(logo))
        .map(|logo| Image {
            url: absolute(site, &config.site_url(logo)),
            title: spec.title.clone(),
            link: link.clone(),
            ..Default::default()
        });
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
        namespaces,
        extensions: BTreeMap::from([(
            "atom".to_string(),
            BTreeMap::from([("link".to_string(), vec![atom_link])]),
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
    Ok(crate::output::xml_chars(&xml).into_owned())
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
