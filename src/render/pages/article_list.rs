//! The article list and each section's: paginated, with the section's
//! title and description, and the path their feed is found under.

use serde::Serialize;
use serde_json::Value;

use super::{crumb, Frame, Page, Seg};
use crate::render::views::LinkView;

/// A list page's paginator.
#[derive(Serialize)]
struct Paginator {
    pages: Value,
    current: usize,
    total: usize,
    previous: Option<String>,
    next: Option<String>,
    links: Vec<LinkView>,
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
    let per = site.config.sections.articles.per_page;
    let start = ((page - 1) * per).min(articles.len());
    let end = (start + per).min(articles.len());
    let path_of = |n: usize| match n {
        1 => base.to_string(),
        n => format!("{base}page/{n}/"),
    };
    let url_of = |n: usize| frame.url(&path_of(n));
    let paginator = Paginator {
        pages: Value::Null,
        current: page,
        total: pages,
        previous: (page > 1).then(|| url_of(page - 1)),
        next: (page < pages).then(|| url_of(page + 1)),
        links: (1..=pages)
            .map(|n| crumb(&n.to_string(), url_of(n)))
            .collect(),
    };
    let mut crumbs = frame.section_crumbs("articles", "/articles/");
    let mut list = Page::new("article_list.html", path_of(page), url_of(page), vec![]);
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
    list.set("paginator", &paginator).slot(
        vec![Seg::Key("paginator"), Seg::Key("pages")],
        false,
        &articles[start..end],
        false,
    )
}

/// The list a page of a paginated list belongs to: `/articles/a/page/2/`
/// → `/articles/a/`.
pub(super) fn list_dir(path: &str) -> &str {
    match path.trim_end_matches('/').rsplit_once("/page/") {
        Some((dir, n)) if n.bytes().all(|b| b.is_ascii_digit()) => &path[..=dir.len()],
        _ => path,
    }
}
