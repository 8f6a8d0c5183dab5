//! Checks across all items once they are parsed: no two items (or an
//! alias and a list page) share a URL, and the FAQ's categories with their
//! `_category.yaml` settings.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::frontmatter;
use serde_json::Value;

use super::slug::slugify;
use super::{ArticleSection, FaqCategory, Item};
use crate::error::{Claim, Error, Result, SourceError};

/// Sections whose list pages own a URL that no content file may take.
const RESERVED: &[&str] = &[
    "/articles/",
    "/events/",
    "/faq/",
    "/tags/",
    "/categories/",
    "/authors/",
    "/search/",
    "/editions/",
];

pub(super) fn check_unique_paths(items: &[&Item], sections: &[ArticleSection]) -> Result<()> {
    let lists: Vec<String> = sections
        .iter()
        .map(|s| format!("/articles/{}/", s.path))
        .collect();
    let mut seen: BTreeMap<&str, Option<&Item>> = RESERVED
        .iter()
        .copied()
        .chain(lists.iter().map(String::as_str))
        .map(|p| (p, None))
        .collect();
    for &item in items {
        if let Some(first) = seen.insert(&item.path, Some(item)) {
            let (mut first, mut second) = (first.map(page_claim), page_claim(item));
            // Point at the `slug:` line when only one of the two has one.
            if let Some(claim) = first
                .as_mut()
                .filter(|c| c.key.is_some() && second.key.is_none())
            {
                std::mem::swap(claim, &mut second);
            }
            return Err(Error::UrlConflict {
                url: item.path.clone(),
                first,
                second,
            });
        }
    }
    // Aliases become redirect pages: they may not take a page's address or
    // another alias's.
    let mut aliases: BTreeMap<String, &Item> = BTreeMap::new();
    for &item in items {
        for alias in &item.aliases {
            let url = alias_path(alias);
            let taken = match seen.get(url.as_str()) {
                Some(page) => Some(page.map(page_claim)),
                None => aliases.get(&url).map(|other| Some(alias_claim(other))),
            };
            if let Some(first) = taken {
                return Err(Error::UrlConflict {
                    url,
                    first,
                    second: alias_claim(item),
                });
            }
            aliases.insert(url, item);
        }
    }
    Ok(())
}

/// An item's claim on its page URL: from `slug:` when it has one, else
/// from its file name.
fn page_claim(item: &Item) -> Claim {
    claim(item, "slug")
}

/// An item's claim on the URL of one of its `aliases:`.
fn alias_claim(item: &Item) -> Claim {
    claim(item, "aliases")
}

fn claim(item: &Item, key: &'static str) -> Claim {
    Claim {
        path: item.file.clone(),
        key: item.key_lines.get(key).map(|&line| (key, line)),
    }
}

/// The logical path an alias is written to: `/alt/` for `alt`, `/alt/`,
/// or `/alt`; `.html` names stay files.
fn alias_path(alias: &str) -> String {
    let trimmed = alias.trim_matches('/');
    if trimmed.ends_with(".html") {
        format!("/{trimmed}")
    } else {
        format!("/{trimmed}/")
    }
}

pub(super) fn load_categories(
    items: &[Item],
    files: &[(String, PathBuf)],
) -> Result<Vec<FaqCategory>> {
    let mut categories: BTreeMap<String, FaqCategory> = BTreeMap::new();
    for (folder, path) in files {
        let text = crate::fs::read_to_string(path)?;
        let mut map = frontmatter::parse_data_file(&text, path)?;
        let slug = slugify(folder);
        let at = |key: &str, message: String| {
            let mut err = SourceError::new(path, message).key(key);
            if let Some(line) = frontmatter::data_key_line(&text, key) {
                err = err.line(line);
            }
            err
        };
        let string = |map: &mut serde_json::Map<String, Value>, key: &str| match map.remove(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(at(key, "expected text".into())),
        };
        let title = string(&mut map, "title")?.unwrap_or_else(|| humanize(folder));
        let description = string(&mut map, "description")?.unwrap_or_default();
        let order = match map.remove("order") {
            None | Some(Value::Null) => i64::from(u16::MAX),
            Some(Value::Number(n)) if n.is_i64() => n.as_i64().unwrap_or_default(),
            Some(_) => return Err(at("order", "expected a whole number".into()).into()),
        };
        if let Some(key) = map.keys().next() {
            return Err(at(key, format!("unknown key `{key}`"))
                .hint("allowed here: title, description, order")
                .into());
        }
        categories.insert(
            slug.clone(),
            FaqCategory {
                slug,
                title,
                description,
                order,
            },
        );
    }
    for item in items {
        if let Some(faq) = &item.faq {
            categories
                .entry(faq.category.clone())
                .or_insert_with(|| FaqCategory {
                    slug: faq.category.clone(),
                    title: humanize(&faq.category),
                    description: String::new(),
                    order: i64::from(u16::MAX),
                });
        }
    }
    let mut list: Vec<FaqCategory> = categories.into_values().collect();
    list.sort_by(|a, b| a.order.cmp(&b.order).then_with(|| a.title.cmp(&b.title)));
    Ok(list)
}

/// `miete-und-nebenkosten` → `Miete und nebenkosten`, for categories
/// without a `_category.yaml` title.
pub(super) fn humanize(folder: &str) -> String {
    let text = folder.replace(['-', '_'], " ");
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => text,
    }
}
