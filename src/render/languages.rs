//! The variables a page of a multilingual site gets: `languages`, the
//! language switcher (each language's version of the page, or its home
//! when the page is not translated), and `alternates`, the
//! `<link rel="alternate" hreflang>` targets with `x-default`; and the
//! menu and footer links, which name the language of an untranslated page
//! of the default language they lead to.

use serde::Serialize;
use serde_json::{json, Value};

use super::views::FallbackView;
use crate::site::{Site, Translations};

/// A menu or footer link; `hreflang` when it leads to a page borrowed
/// from the default language, `fallback_lang` when its text is that
/// page's title, so it is marked as being in that language.
#[derive(Serialize)]
pub struct NavLinkView {
    pub name: String,
    pub url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hreflang: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fallback_lang: Option<FallbackView>,
}

/// The header menu of `site`.
pub fn menu(site: &Site) -> Vec<NavLinkView> {
    let links = site.menu.iter().map(|m| NavLinkView {
        name: m.name.clone(),
        url: m.url.clone(),
        hreflang: m.hreflang.map(|l| l.code()),
        fallback_lang: m.lang.map(FallbackView::of),
    });
    links.collect()
}

/// The footer's links to the plain pages not in the menu.
pub fn footer_pages(site: &Site) -> Vec<NavLinkView> {
    let pages = site.plain.iter().map(|&i| &site.pages[i]);
    pages
        .filter(|page| page.item.menu.is_none())
        .map(|page| NavLinkView {
            name: page.item.title.clone(),
            url: page.url.clone(),
            hreflang: page.item.fallback.then(|| page.item.lang.code()),
            fallback_lang: page.item.fallback.then(|| FallbackView::of(page.item.lang)),
        })
        .collect()
}

/// `(languages, alternates)` of the page at logical `path` of `site`.
pub fn of_page(t: &Translations, site: &Site, path: &str) -> (Value, Value) {
    let lang = site.config.language;
    let found = t.alternates(lang, path);
    let languages = t
        .languages
        .iter()
        .map(|l| {
            let alternate = found.iter().find(|a| a.lang == l.lang);
            let url = match (l.lang == lang, alternate) {
                (true, _) => site.config.site_url(path),
                (false, Some(a)) => a.url.clone(),
                (false, None) => l.home.clone(),
            };
            json!({
                "code": l.lang.code(),
                "name": l.name,
                "dir": l.dir,
                "url": url,
                "current": l.lang == lang,
                "translated": alternate.is_some(),
            })
        })
        .collect();
    let mut alternates: Vec<Value> = found
        .iter()
        .map(|a| {
            json!({
                "hreflang": a.lang.code(),
                "href": a.absolute,
                "locale": a.lang.og_locale(),
                "current": a.lang == lang,
            })
        })
        .collect();
    // The default language's version is the one to show readers whose
    // language the site does not have.
    if let Some(default) = found
        .iter()
        .find(|a| Some(a.lang) == t.languages.first().map(|l| l.lang))
    {
        alternates.push(json!({
            "hreflang": "x-default",
            "href": default.absolute,
            "locale": null,
            "current": false,
        }));
    }
    (Value::Array(languages), Value::Array(alternates))
}
