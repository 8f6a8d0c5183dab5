//! Magazine editions: `content/editions/ID.md` (or `ID/index.md` with its
//! cover beside it) describes one edition (title, date, cover, the
//! editorial as its body, optionally `articles:` in the editors' order);
//! an article joins it with `edition: ID`. An edition's ID is its file
//! name, so it cannot be defined twice and needs no list in `kiez.yaml`.
//!
//! Checked here, once every file is parsed: an `edition:` names an
//! edition, and an edition lists only articles that exist and do not say
//! they belong to another edition.

use std::collections::BTreeMap;
use std::path::Path;

use super::frontmatter::Fields;
use super::{Item, Kind};
use crate::error::{Error, Result};

/// `edition:` as written, trimmed; an empty one is an error.
pub(super) fn id_of(f: &Fields, raw: Option<String>) -> Result<Option<String>> {
    match raw.map(|id| id.trim().to_string()) {
        Some(id) if id.is_empty() => Err(f
            .error("edition", "the edition is empty")
            .hint("name a file of content/editions/, e.g. `edition: 2026-4` for editions/2026-4.md")
            .into()),
        other => Ok(other),
    }
}

/// Every error in how articles and editions refer to each other.
/// `content_dir` tells an edition hidden from this build (a draft, or
/// dated in the future) from one that does not exist: its articles are
/// simply in no edition yet.
pub(super) fn check(items: &[Item], content_dir: &Path) -> Vec<Error> {
    let editions: BTreeMap<&str, &Item> = items
        .iter()
        .filter(|i| i.kind == Kind::Edition)
        .map(|i| (i.slug.as_str(), i))
        .collect();
    let articles: BTreeMap<&str, &Item> = items
        .iter()
        .filter(|i| i.kind == Kind::Article)
        .map(|i| (i.source.as_str(), i))
        .collect();
    let mut errors = Vec::new();
    for article in articles.values() {
        let Some(id) = &article.edition else { continue };
        if editions.contains_key(id.as_str()) || exists(content_dir, "editions", id) {
            continue;
        }
        let known: Vec<&str> = editions.keys().copied().collect();
        let hint = if known.is_empty() {
            format!("create content/editions/{id}.md with a title and a date")
        } else {
            format!(
                "known editions: {}; or create content/editions/{id}.md",
                known.join(", ")
            )
        };
        let message = format!("unknown edition `{id}`");
        errors.push(article.error("edition", message).hint(hint).into());
    }
    for edition in editions.values() {
        for source in &edition.edition_articles {
            let message = match articles.get(source.as_str()) {
                Some(article) => match &article.edition {
                    Some(other) if *other != edition.slug => {
                        format!("`{source}` says `edition: {other}`, not `{}`", edition.slug)
                    }
                    _ => continue,
                },
                None if source.starts_with("articles/") && content_dir.join(source).is_file() => {
                    continue
                }
                None => format!("no article `{source}`"),
            };
            errors.push(
                edition
                    .error("articles", message)
                    .hint("list articles by their path below content/, e.g. articles/hoffest.md")
                    .into(),
            );
        }
    }
    errors
}

/// Whether `content/FOLDER/NAME.md` or `FOLDER/NAME/index.md` exists.
fn exists(content_dir: &Path, folder: &str, name: &str) -> bool {
    if name.contains(['/', '\\']) || name.starts_with('.') {
        return false;
    }
    let dir = content_dir.join(folder);
    dir.join(format!("{name}.md")).is_file() || dir.join(name).join("index.md").is_file()
}
