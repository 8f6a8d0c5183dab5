//! Editions of the magazine with their articles in the editors' order.
//!
//! An [`Edition`] points at its page (the `content/editions/ID.md` file,
//! rendered): `site.pages[edition.page]` holds the title
//! (`item.title`, "Hofblatt 4/2026"), the date (`item.date`), the cover
//! (`image`, a root-relative or absolute URL; `item.image` as written)
//! and the editorial (`content.html`). Its `articles` are page indices
//! in reading order: the edition's `articles:` list first, then the
//! other articles saying `edition: ID` by `weight:` (lower first), then
//! newest first.

use std::collections::BTreeMap;

use super::{Page, Site};
use crate::content::Kind;

/// One edition of the magazine.
#[derive(Debug, Clone, PartialEq)]
pub struct Edition {
    /// Its ID: the file name in `content/editions/` (`2026-4`), also the
    /// value of `edition:` on its articles.
    pub id: String,
    /// Index of its own page in [`Site::pages`].
    pub page: usize,
    /// Logical path of its page, `/editions/2026-4/`.
    pub path: String,
    /// Its articles (indices into [`Site::pages`]) in reading order.
    pub articles: Vec<usize>,
}

/// Every edition, newest first (by date, then ID).
pub(super) fn build(pages: &[Page], by_source: &BTreeMap<String, usize>) -> Vec<Edition> {
    let mut editions: Vec<Edition> = (0..pages.len())
        .filter(|&i| pages[i].item.kind == Kind::Edition)
        .map(|i| {
            let item = &pages[i].item;
            let listed: Vec<usize> = item
                .edition_articles
                .iter()
                .filter_map(|source| by_source.get(source).copied())
                .filter(|&a| pages[a].item.kind == Kind::Article)
                .collect();
            let mut rest: Vec<usize> = (0..pages.len())
                .filter(|&a| {
                    pages[a].item.kind == Kind::Article
                        && pages[a].item.edition.as_deref() == Some(item.slug.as_str())
                        && !listed.contains(&a)
                })
                .collect();
            rest.sort_by(|&a, &b| {
                let (a, b) = (&pages[a].item, &pages[b].item);
                (a.weight.is_none(), a.weight)
                    .cmp(&(b.weight.is_none(), b.weight))
                    .then_with(|| b.date.cmp(&a.date))
                    .then_with(|| a.title.cmp(&b.title))
            });
            Edition {
                id: item.slug.clone(),
                page: i,
                path: item.path.clone(),
                articles: listed.into_iter().chain(rest).collect(),
            }
        })
        .collect();
    editions.sort_by(|a, b| {
        pages[b.page]
            .item
            .date
            .cmp(&pages[a.page].item.date)
            .then_with(|| b.id.cmp(&a.id))
    });
    editions
}

impl Site {
    /// The edition with this ID (`2026-4`).
    pub fn edition(&self, id: &str) -> Option<&Edition> {
        self.editions.iter().find(|e| e.id == id)
    }

    /// The newest edition, shown on the home page.
    pub fn latest_edition(&self) -> Option<&Edition> {
        self.editions.first()
    }

    /// The edition page `i` (an article) appears in.
    pub fn edition_of(&self, i: usize) -> Option<&Edition> {
        self.editions.iter().find(|e| e.articles.contains(&i))
    }
}
