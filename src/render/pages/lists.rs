//! Paginated lists: the article list, each section's (with the section's
//! title and description) and each term's; the jobs that make their
//! pages, and which of them an edit to one page changed (the dev
//! server's preview of lists).

use serde::Serialize;
use serde_json::Value;

use super::{crumb, Frame, Job, Page, Seg, TermView};
use crate::render::views::LinkView;
use crate::site::{Listings, Site, TaxonomyKind};

/// A list page's paginator.
#[derive(Serialize)]
struct Paginator {
    pages: Value,
    current: usize,
    total: usize,
    previous: Option<String>,
    next: Option<String>,
    /// Links to the pages of [`window`]: every page of a list linking
    /// every other made a 100,000-article build quadratic.
    links: Vec<LinkView>,
}

/// Pages on either side of the current one that `paginator.links` holds.
const WINDOW: usize = 2;

/// The page numbers a paginator links (`1 … 4 5 [6] 7 8 … 100`): the
/// first, the last, and [`WINDOW`] on either side of `current`, in order.
fn window(current: usize, total: usize) -> Vec<usize> {
    let near = current.saturating_sub(WINDOW).max(1)..=(current + WINDOW).min(total);
    let mut pages: Vec<usize> = std::iter::once(1).chain(near).chain([total]).collect();
    pages.dedup();
    pages
}

/// `section` in a section's list page.
#[derive(Serialize)]
struct SectionView<'a> {
    title: &'a str,
    description: &'a str,
    url: String,
}

pub(super) fn article_list(
    frame: &Frame,
    section: Option<usize>,
    page: usize,
    pages: usize,
) -> Page {
    let site = frame.site;
    let section = section.map(|n| &site.sections[n]);
    let (base, articles) = section.map_or(("/articles/", &site.articles), |s| {
        (s.path.as_str(), &s.articles)
    });
    let paged = Paged::new(frame, base, articles, page, pages);
    let mut crumbs = frame.section_crumbs("articles", "/articles/");
    let mut list = Page::new(
        "article_list.html",
        paged.path.clone(),
        paged.url.clone(),
        vec![],
    );
    if let Some(s) = section {
        crumbs.extend(frame.section_trail(&s.section.path));
        let view = SectionView {
            title: &s.section.title,
            description: &s.section.description,
            url: frame.url(&s.path),
        };
        list = list.set("section", &view);
    }
    list.crumbs = crumbs;
    paged.fill(list)
}

/// Page `page` of `pages` of the list at `base` (`/articles/`,
/// `/tags/hof/`): its path (`BASE` or `BASE/page/N/`), URL, paginator and
/// items.
pub(super) struct Paged<'a> {
    pub path: String,
    pub url: String,
    paginator: Paginator,
    pub items: &'a [usize],
}

/// The path of page `n` of the list at `base`: `/tags/hof/`, then
/// `/tags/hof/page/2/`.
pub(super) fn page_path(base: &str, n: usize) -> String {
    match n {
        1 => base.to_string(),
        n => format!("{base}page/{n}/"),
    }
}

impl<'a> Paged<'a> {
    pub fn new(frame: &Frame, base: &str, items: &'a [usize], page: usize, pages: usize) -> Self {
        let per = frame.site.config.sections.articles.per_page;
        let path_of = |n: usize| page_path(base, n);
        let url_of = |n: usize| frame.url(&path_of(n));
        let paginator = Paginator {
            pages: Value::Null,
            current: page,
            total: pages,
            previous: (page > 1).then(|| url_of(page - 1)),
            next: (page < pages).then(|| url_of(page + 1)),
            links: window(page, pages)
                .into_iter()
                .map(|n| crumb(&n.to_string(), url_of(n)))
                .collect(),
        };
        Paged {
            path: path_of(page),
            url: url_of(page),
            paginator,
            items: page_of(items, page, per),
        }
    }

    /// `page` with `paginator` set, its cards at `paginator.pages`.
    pub fn fill(self, page: Page) -> Page {
        page.set("paginator", &self.paginator).slot(
            vec![Seg::Key("paginator"), Seg::Key("pages")],
            false,
            self.items,
            false,
        )
    }
}

/// The items page `page` (from 1) of a list shows, `per` to a page.
fn page_of(items: &[usize], page: usize, per: usize) -> &[usize] {
    let start = ((page - 1) * per).min(items.len());
    &items[start..(start + per).min(items.len())]
}

/// How page `page` of a list, `items` now and `before` when the dev
/// server's last build made it, changed with an edit to page `edited`:
/// it shows that page's card, or other cards than then. A list that grew
/// or shrank changes every page: each shows the count and the paginator.
/// A new list (`before` is `None`, a new tag) is left to the rebuild,
/// which draws its share image.
pub(super) fn page_changed(
    site: &Site,
    before: Option<&Vec<usize>>,
    items: &[usize],
    page: usize,
    edited: usize,
) -> Option<Change> {
    let per = site.config.sections.articles.per_page;
    let old = before?;
    let now = page_of(items, page, per);
    if now.contains(&edited) {
        Some(Change::Shows)
    } else if old.len() != items.len() || page_of(old, page, per) != now {
        Some(Change::Moved)
    } else {
        None
    }
}

/// Whether `job` is one of the one-page lists, which
/// [`crate::render::ListsBefore`] keeps prepared.
pub fn one_page_list(job: &Job) -> bool {
    matches!(
        job,
        Job::Home
            | Job::EventList
            | Job::EditionList
            | Job::FaqIndex
            | Job::FaqCategory(_)
            | Job::TaxonomyIndex(_)
    )
}

/// How a page changed with an edit to another ([`stale`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// It is the edited page or shows its card: what the editor looks at.
    Shows,
    /// Cards on it moved (a date edit shifts every list page between the
    /// page's old place and its new one).
    Moved,
}

/// How `job`, a content page or a paginated list's page, shows other
/// than it did when the lists were `before`, now that page `edited`
/// changed and the lists were sorted again ([`Site::relist`]): the
/// edited page, list pages that show its card or whose cards moved.
/// Other content pages that name `edited` (a question's related
/// questions, an edition's page) are left to the rebuild.
pub fn stale(site: &Site, before: &Listings, edited: usize, job: &Job) -> Option<Change> {
    let list_page = |path: &str, items: &[usize], page: usize| {
        page_changed(site, before.paged.get(path), items, page, edited)
    };
    match job {
        Job::Page(i) => (*i == edited).then_some(Change::Shows),
        Job::ArticleList { section, page, .. } => match section {
            Some(n) => list_page(&site.sections[*n].path, &site.sections[*n].articles, *page),
            None => list_page("/articles/", &site.articles, *page),
        },
        Job::TaxonomyTerm {
            kind, term, page, ..
        } => {
            let term = &site.taxonomy(*kind).terms[*term];
            list_page(&term.path, &term.pages, *page)
        }
        _ => None,
    }
}

/// The pages of a list of `len` items at `path`, and the redirect from
/// its `page/1/` to it.
pub(super) fn paginated(
    site: &Site,
    path: &str,
    len: usize,
    job: impl Fn(usize, usize) -> Job,
) -> Vec<Job> {
    let pages = len.div_ceil(site.config.sections.articles.per_page).max(1);
    let mut jobs: Vec<Job> = (1..=pages).map(|page| job(page, pages)).collect();
    jobs.push(Job::Redirect {
        from: format!("{path}page/1/"),
        to: site.config.site_url(path),
    });
    jobs
}

pub(super) fn taxonomy_term(
    frame: &Frame,
    kind: TaxonomyKind,
    n: usize,
    at: (usize, usize),
) -> Page {
    let term = &frame.site.taxonomy(kind).terms[n];
    let url = frame.url(&term.path);
    let paged = Paged::new(frame, &term.path, &term.pages, at.0, at.1);
    let view = TermView {
        name: &term.name,
        url: url.clone(),
        count: term.pages.len(),
    };
    let mut crumbs = frame.section_crumbs(kind.key(), &format!("/{}/", kind.key()));
    crumbs.push(crumb(&term.name, url));
    let items = paged.items;
    let page = Page::new(
        "taxonomy_term.html",
        paged.path.clone(),
        paged.url.clone(),
        crumbs,
    )
    .set("taxonomy", kind.key())
    .set("term", &view)
    // `pages` (this page's cards) as before pagination, for templates.
    .views("pages", false, items);
    paged.fill(page)
}

#[cfg(test)]
mod tests {
    use super::window;

    #[test]
    fn a_paginator_links_the_ends_and_the_pages_near_the_current_one() {
        assert_eq!(window(1, 1), [1]);
        assert_eq!(window(1, 3), [1, 2, 3]);
        assert_eq!(window(6, 100), [1, 4, 5, 6, 7, 8, 100]);
        assert_eq!(window(100, 100), [1, 98, 99, 100]);
        assert_eq!(window(2, 10_000).len(), 5, "bounded, however long the list");
    }
}
