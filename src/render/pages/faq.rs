//! The FAQ's pages: the library of all categories with their questions
//! (`/faq/`) and each category's page.

use serde::Serialize;
use serde_json::Value;

use super::{crumb, Frame, Page, Seg};
use crate::render::views::LinkView;

/// A question's category, as its full view links it.
pub(super) fn faq_crumb(view: &Value) -> Option<LinkView> {
    let category = view.get("faq")?.get("category")?;
    Some(crumb(
        category.get("name")?.as_str()?,
        category.get("url")?.as_str()?.to_string(),
    ))
}

/// A category's page: its questions with their full answers.
pub(super) fn faq_category(frame: &Frame, n: usize) -> Page {
    let site = frame.site;
    let section = &site.faq[n];
    let url = frame.url(&section.path);
    let mut crumbs = frame.section_crumbs("faq", "/faq/");
    crumbs.push(crumb(&section.category.title, url.clone()));
    Page::new("faq_category.html", section.path.clone(), url, crumbs)
        .set("category", &section.category)
        .views("questions", true, &section.questions)
}

#[derive(Serialize)]
struct FaqSectionView<'a> {
    slug: &'a str,
    title: &'a str,
    description: &'a str,
    url: String,
    questions: Value,
}

/// The FAQ library as sections with their questions' full views.
pub(super) fn faq_sections(frame: &Frame, mut page: Page) -> Page {
    let site = frame.site;
    let sections: Vec<FaqSectionView> = site
        .faq
        .iter()
        .map(|s| FaqSectionView {
            slug: &s.category.slug,
            title: &s.category.title,
            description: &s.category.description,
            url: site.config.site_url(&s.path),
            questions: Value::Null,
        })
        .collect();
    page = page.set("faq_sections", &sections);
    for (n, section) in site.faq.iter().enumerate() {
        let at = vec![
            Seg::Key("faq_sections"),
            Seg::Index(n),
            Seg::Key("questions"),
        ];
        page = page.slot(at, true, &section.questions, false);
    }
    page
}
