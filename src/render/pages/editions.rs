//! The pages of magazine editions: each edition's page (its editorial
//! and its articles in the editors' order) and the archive of all
//! editions at `/editions/`.

use super::{Frame, Page};

/// The archive: every edition, newest first, as cards of their pages.
pub(super) fn edition_list(frame: &Frame) -> Page {
    let site = frame.site;
    let editions: Vec<usize> = site.editions.iter().map(|e| e.page).collect();
    Page::new(
        "edition_list.html",
        "/editions/".into(),
        frame.url("/editions/"),
        frame.section_crumbs("editions", "/editions/"),
    )
    .views("editions", false, &editions)
}

/// Adds an edition page's articles (cards, in reading order) to `page`.
pub(super) fn with_articles(frame: &Frame, i: usize, page: Page) -> Page {
    let articles = frame
        .site
        .editions
        .iter()
        .find(|e| e.page == i)
        .map_or(&[][..], |e| &e.articles[..]);
    page.views("articles", false, articles)
}

/// Adds the newest edition (`edition`, a card) and its articles
/// (`edition_articles`) to the home page.
pub(super) fn on_home(frame: &Frame, page: Page) -> Page {
    match frame.site.latest_edition() {
        Some(edition) => page
            .slot(
                vec![super::Seg::Key("edition")],
                false,
                &[edition.page],
                true,
            )
            .views("edition_articles", false, &edition.articles),
        None => page,
    }
}
