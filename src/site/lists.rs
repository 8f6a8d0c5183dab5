//! The lists templates show, sorted once: articles newest first,
//! upcoming and past events, plain pages by menu order, FAQ sections,
//! taxonomies and the header menu.

use std::collections::{BTreeMap, HashMap};

use super::{FaqSection, MenuLink, Page, SectionList, Taxonomy, TaxonomyKind, Term};
use crate::config::{Language, SiteConfig};
use crate::content::slug::slugify;
use crate::content::{section, ArticleSection};
use crate::content::{FaqCategory, Kind};
use crate::error::Result;

/// Index lists into the pages.
pub(super) struct Lists {
    pub home: Option<usize>,
    pub articles: Vec<usize>,
    pub sections: Vec<SectionList>,
    pub upcoming: Vec<usize>,
    pub past: Vec<usize>,
    pub plain: Vec<usize>,
    pub faq: Vec<FaqSection>,
    pub taxonomies: Vec<Taxonomy>,
    pub menu: Vec<MenuLink>,
}

impl Lists {
    pub(super) fn new(
        pages: &[Page],
        categories: Vec<FaqCategory>,
        sections: Vec<ArticleSection>,
        config: &SiteConfig,
    ) -> Self {
        let of_kind = |kind: Kind| -> Vec<usize> {
            (0..pages.len())
                .filter(|&i| pages[i].item.kind == kind)
                .collect()
        };
        let rank = newest_first(pages);
        let mut all = of_kind(Kind::Article);
        all.sort_by_key(|&i| rank[i]);
        let in_section = |i: usize, s: &ArticleSection| {
            pages[i]
                .item
                .section
                .as_deref()
                .is_some_and(|own| section::contains(&s.path, own))
        };
        let articles = all
            .iter()
            .copied()
            .filter(|&i| section::in_main_list(pages[i].item.section.as_deref(), &sections))
            .collect();
        let sections = sections
            .into_iter()
            .map(|s| SectionList {
                path: format!("/articles/{}/", s.path),
                articles: all.iter().copied().filter(|&i| in_section(i, &s)).collect(),
                section: s,
            })
            .collect();
        let (mut upcoming, mut past): (Vec<usize>, Vec<usize>) = of_kind(Kind::Event)
            .into_iter()
            .partition(|&i| pages[i].upcoming);
        upcoming.sort_by_key(|&i| (pages[i].when, pages[i].item.title.clone()));
        past.sort_by(|&a, &b| {
            pages[b]
                .when
                .cmp(&pages[a].when)
                .then_with(|| pages[a].item.title.cmp(&pages[b].item.title))
        });
        let mut plain = of_kind(Kind::Page);
        plain.sort_by_key(|&i| {
            (
                pages[i].item.menu.unwrap_or(i64::MAX),
                pages[i].item.title.clone(),
            )
        });
        Lists {
            home: of_kind(Kind::Home).first().copied(),
            articles,
            sections,
            upcoming,
            past,
            faq: categories
                .into_iter()
                .map(|c| faq_section(pages, c))
                .collect(),
            taxonomies: TaxonomyKind::ALL
                .iter()
                .map(|&kind| build_taxonomy(kind, pages, &rank))
                .collect(),
            menu: build_menu(config, pages, &plain),
            plain,
        }
    }
}

/// A category's questions by `order`, then title.
fn faq_section(pages: &[Page], category: FaqCategory) -> FaqSection {
    let mut questions: Vec<usize> = (0..pages.len())
        .filter(|&i| {
            pages[i]
                .item
                .faq
                .as_ref()
                .is_some_and(|f| f.category == category.slug)
        })
        .collect();
    questions.sort_by_key(|&i| {
        let order = pages[i].item.faq.as_ref().map_or(0, |f| f.order);
        (order, pages[i].item.title.clone())
    });
    FaqSection {
        path: format!("/faq/{}/", category.slug),
        category,
        questions,
    }
}

/// Each page's place among all pages newest first (by date, then
/// title; equal ones in page order; pages without a date last).
fn newest_first(pages: &[Page]) -> Vec<u32> {
    let keys: Vec<_> = pages
        .iter()
        .map(|p| Some((p.item.date, p.item.title.as_str())))
        .collect();
    crate::util::rank::newest_first(&keys)
        .into_iter()
        .map(|place| place.expect("every page has a key"))
        .collect()
}

pub(super) fn check_related(pages: &[Page], by_source: &BTreeMap<String, usize>) -> Result<()> {
    for page in pages {
        let Some(faq) = &page.item.faq else { continue };
        for related in &faq.related {
            let rel = related.trim_start_matches('/');
            if !by_source.contains_key(&format!("faq/{rel}")) && !by_source.contains_key(rel) {
                return Err(page
                    .item
                    .error(
                        "related",
                        format!("related question `{related}` does not exist"),
                    )
                    .hint("write paths relative to content/faq/, e.g. heizung/heizkoerper-entlueften.md")
                    .into());
            }
        }
    }
    Ok(())
}

fn build_taxonomy(kind: TaxonomyKind, pages: &[Page], rank: &[u32]) -> Taxonomy {
    let mut terms: Vec<Term> = Vec::new();
    let mut by_slug: BTreeMap<String, usize> = BTreeMap::new();
    // Each name's term (`None`: its slug is empty), by name and language:
    // a few dozen terms name thousands of pages, and folding a name into
    // its slug costs more than looking it up.
    let mut by_name: HashMap<(&str, Language), Option<usize>> = HashMap::new();
    // A borrowed untranslated item's terms are in another language.
    for (i, page) in pages.iter().enumerate().filter(|(_, p)| !p.item.fallback) {
        for name in kind.terms_of(&page.item) {
            let term = *by_name.entry((name, page.item.lang)).or_insert_with(|| {
                let slug = slugify(name, page.item.lang);
                if slug.is_empty() {
                    return None;
                }
                let n = *by_slug.entry(slug.clone()).or_insert_with(|| {
                    terms.push(Term {
                        name: name.clone(),
                        path: format!("/{}/{slug}/", kind.key()),
                        slug,
                        pages: Vec::new(),
                    });
                    terms.len() - 1
                });
                Some(n)
            });
            let Some(term) = term.map(|n| &mut terms[n]) else {
                continue;
            };
            // Pages arrive in order, so a repeated term repeats the last entry.
            if term.pages.last() != Some(&i) {
                term.pages.push(i);
            }
        }
    }
    for term in &mut terms {
        term.pages.sort_by_key(|&i| rank[i]);
    }
    terms.sort_by(|a, b| (a.name.to_lowercase(), &a.slug).cmp(&(b.name.to_lowercase(), &b.slug)));
    let by_slug = terms
        .iter()
        .enumerate()
        .map(|(i, t)| (t.slug.clone(), i))
        .collect();
    Taxonomy {
        kind,
        terms,
        by_slug,
    }
}

fn build_menu(config: &SiteConfig, pages: &[Page], plain: &[usize]) -> Vec<MenuLink> {
    let mut menu: Vec<MenuLink> = config
        .menu
        .iter()
        .map(|m| {
            let page = m
                .url
                .starts_with('/')
                .then(|| pages.iter().find(|p| p.item.path == m.url));
            MenuLink {
                name: m.name.clone(),
                // A page's own URL: an untranslated page borrowed from the
                // default language lives there.
                url: match page {
                    Some(Some(p)) => p.url.clone(),
                    Some(None) => config.site_url(&m.url),
                    None => m.url.clone(),
                },
                hreflang: page.flatten().and_then(borrowed),
                lang: page
                    .flatten()
                    .filter(|p| p.item.title == m.name)
                    .and_then(borrowed),
            }
        })
        .collect();
    menu.extend(
        plain
            .iter()
            .filter(|&&i| pages[i].item.menu.is_some())
            .map(|&i| MenuLink {
                name: pages[i].item.title.clone(),
                url: pages[i].url.clone(),
                hreflang: borrowed(&pages[i]),
                lang: borrowed(&pages[i]),
            }),
    );
    menu
}

/// The language of `page` when it is borrowed from the default language.
fn borrowed(page: &Page) -> Option<crate::config::Language> {
    page.item.fallback.then_some(page.item.lang)
}
