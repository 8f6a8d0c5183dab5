//! The variables a page of a multilingual site gets: `languages`, the
//! language switcher (each language's version of the page, or its home
//! when the page is not translated), and `alternates`, the
//! `<link rel="alternate" hreflang>` targets with `x-default`.

use serde_json::{json, Value};

use crate::site::{Site, Translations};

/// `(languages, alternates)` of the page at logical `path` of `site`.
pub fn of_page(t: &Translations, site: &Site, path: &str) -> (Value, Value) {
    let lang = site.config.language;
    let found = t.alternates(lang, path);
    let languages = t
        .languages
        .iter()
        .map(|l| {
            let alternate = found.iter().find(|a| a.lang == l.lang);
            json!({
                "code": l.lang.code(),
                "name": l.name,
                "dir": l.dir,
                "url": alternate.map_or(&l.home, |a| &a.url),
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
