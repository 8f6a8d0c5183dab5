//! Sub-sections of `articles/`: a folder of articles (not a bundle) is a
//! section with its own list page and feed; `_section.yaml` in it may
//! give a title, a description, an order and whether its articles are
//! also in the main list.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Deserialize;

use super::{library::humanize, slug::slugify, ArticleSection, Item};
use crate::config::Language;
use crate::error::{Result, SourceError};

/// The keys of `_section.yaml`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SectionFile {
    title: Option<String>,
    description: Option<String>,
    order: Option<i64>,
    main_list: Option<bool>,
}

/// The section (slugified folder path) of the article at `rel`
/// (`articles/a/b/x.md` or `articles/a/b/x/index.md` → `a/b`).
pub(super) fn of_article(rel: &str, lang: Language) -> Option<String> {
    let inner = rel.strip_prefix("articles/")?;
    let inner = inner
        .strip_suffix("/index.md")
        .or_else(|| inner.strip_suffix(".md"))?;
    let (folders, _) = inner.rsplit_once('/')?;
    Some(
        folders
            .split('/')
            .map(|f| slugify(f, lang))
            .collect::<Vec<_>>()
            .join("/"),
    )
}

/// Every section: those with a `_section.yaml` (`files`: folder path →
/// file) and every folder (and its parents) holding an article. Sorted by
/// order, then title.
pub(super) fn load(
    items: &[Item],
    files: &[(String, PathBuf)],
    lang: Language,
) -> Result<Vec<ArticleSection>> {
    let mut sections: BTreeMap<String, ArticleSection> = BTreeMap::new();
    for (folder, file) in files {
        let text = crate::fs::read_to_string(file)?;
        let read: SectionFile = crate::yaml::from_str(&text).map_err(|e| {
            let mut err = SourceError::new(file, e.message)
                .hint("allowed here: title, description, order, main_list");
            if let Some(line) = e.line {
                err = err.line(line);
                err.column = e.column;
            }
            err
        })?;
        let mut section = implicit(folder, lang);
        section.title = read.title.unwrap_or(section.title);
        section.description = read.description.unwrap_or_default();
        section.order = read.order.unwrap_or(section.order);
        section.in_main_list = read.main_list.unwrap_or(true);
        sections.insert(section.path.clone(), section);
    }
    for item in items {
        let Some(path) = &item.section else { continue };
        let mut prefix = String::new();
        for part in path.split('/') {
            if !prefix.is_empty() {
                prefix.push('/');
            }
            prefix.push_str(part);
            sections
                .entry(prefix.clone())
                .or_insert_with(|| implicit(&prefix, lang));
        }
    }
    let mut sections: Vec<ArticleSection> = sections.into_values().collect();
    sections.sort_by(|a, b| (a.order, &a.title, &a.path).cmp(&(b.order, &b.title, &b.path)));
    Ok(sections)
}

/// A section without `_section.yaml`.
fn implicit(folder: &str, lang: Language) -> ArticleSection {
    let path: Vec<String> = folder.split('/').map(|f| slugify(f, lang)).collect();
    ArticleSection {
        path: path.join("/"),
        title: humanize(folder.rsplit('/').next().unwrap_or(folder)),
        description: String::new(),
        order: i64::from(u16::MAX),
        in_main_list: true,
    }
}

/// Whether the article in `section` is in the main list: not when it or
/// a section above it says `main_list: false`.
pub fn in_main_list(section: Option<&str>, sections: &[ArticleSection]) -> bool {
    let Some(path) = section else { return true };
    !sections
        .iter()
        .any(|s| !s.in_main_list && contains(&s.path, path))
}

/// Whether section `path` is section `outer` or one below it (`a` holds
/// `a` and `a/b`, not `ab`).
pub fn contains(outer: &str, path: &str) -> bool {
    path.strip_prefix(outer)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_article_in_folders_is_in_their_section() {
        assert_eq!(of_article("articles/x.md", Language::De), None);
        assert_eq!(of_article("articles/x/index.md", Language::De), None);
        assert_eq!(
            of_article("articles/Inside Rust/x.md", Language::De).as_deref(),
            Some("inside-rust")
        );
        assert_eq!(
            of_article("articles/a/b/x/index.md", Language::De).as_deref(),
            Some("a/b")
        );
        assert_eq!(of_article("events/a/x.md", Language::De), None);
    }

    #[test]
    fn main_list_false_hides_a_section_and_those_below_it() {
        let mut a = implicit("a", Language::De);
        a.in_main_list = false;
        let all = [
            a,
            implicit("a/b", Language::De),
            implicit("c", Language::De),
        ];
        assert!(in_main_list(None, &all));
        assert!(!in_main_list(Some("a"), &all));
        assert!(!in_main_list(Some("a/b"), &all));
        assert!(in_main_list(Some("c"), &all));
        assert!(
            in_main_list(Some("ab"), &all),
            "a prefix of the name is not a parent"
        );
    }
}
