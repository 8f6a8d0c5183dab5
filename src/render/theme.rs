//! The default theme, embedded in the binary so `cargo install kiez` gives
//! a working tool. A site's `templates/` and `static/` override any file by
//! name; a test fails when a file in `themes/default/` is not listed here.

macro_rules! embed {
    ($kind:literal, $($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/", $kind, "/", $name)))),*]
    };
}

/// Templates by name.
pub const TEMPLATES: &[(&str, &str)] = embed!(
    "templates",
    "base.html",
    "index.html",
    "article.html",
    "article_list.html",
    "event.html",
    "event_list.html",
    "faq_index.html",
    "faq_category.html",
    "faq_question.html",
    "page.html",
    "taxonomy_index.html",
    "taxonomy_term.html",
    "404.html",
    "redirect.html",
    "search.html",
    "edition.html",
    "edition_list.html",
    "digest.html",
    "digest.txt",
    "partials/head.html",
    "partials/header.html",
    "partials/footer.html",
    "partials/card.html",
    "partials/event_card.html",
    "partials/event_details.html",
    "partials/pagination.html",
    "partials/breadcrumbs.html",
    "partials/gallery.html",
    "partials/terms.html",
    "partials/subscribe.html",
    "partials/share.html",
    "partials/downloads.html",
    "partials/faq_ask.html",
    "partials/discussion.html",
    "partials/analytics.html",
    "partials/languages.html",
);

/// Static files by output path.
pub const STATIC: &[(&str, &str)] = embed!(
    "static",
    "kiez.css",
    "gallery.js",
    "search.js",
    "share.js",
    "analytics.js",
    "comments.js",
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_theme_file_is_embedded() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default");
        for entry in walkdir::WalkDir::new(root) {
            let entry = entry.unwrap();
            if !entry.file_type().is_file() {
                continue;
            }
            let rel = entry
                .path()
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let listed = if let Some(name) = rel.strip_prefix("templates/") {
                TEMPLATES.iter().any(|(n, _)| *n == name)
            } else if let Some(name) = rel.strip_prefix("static/") {
                STATIC.iter().any(|(n, _)| *n == name)
            } else if let Some(name) = rel.strip_prefix("fonts/") {
                // Fonts are embedded by the social card renderer.
                let card = include_str!("../social/card.rs");
                name.starts_with("LICENSE") || card.contains(&format!("/fonts/{name}"))
            } else {
                rel == "LICENSE" || rel == "README.md"
            };
            assert!(
                listed,
                "themes/default/{rel} is not embedded in src/render/theme.rs"
            );
        }
    }

    /// The language switcher alone, with the `languages` list the
    /// multilingual pipeline gives every page.
    fn switcher(languages: Option<serde_json::Value>) -> String {
        let mut tera = tera::Tera::default();
        tera.add_raw_templates(TEMPLATES.iter().copied()).unwrap();
        let mut context = tera::Context::new();
        let config = crate::config::SiteConfig::from_str(
            "title: T\nbase_url: https://a.example/\n",
            std::path::Path::new("kiez.yaml"),
        )
        .unwrap();
        context.insert("t", &crate::i18n::strings(&config));
        if let Some(languages) = languages {
            context.insert("languages", &languages);
        }
        tera.render("partials/languages.html", &context).unwrap()
    }

    #[test]
    fn the_language_switcher_links_each_language_in_its_own_name() {
        let html = switcher(Some(serde_json::json!([
            {"code": "de", "name": "Deutsch", "url": "/articles/x/", "current": true, "translated": true, "dir": "ltr"},
            {"code": "tr", "name": "Türkçe", "url": "/tr/articles/x/", "current": false, "translated": true, "dir": "ltr"},
            {"code": "ar", "name": "العربية", "url": "/ar/", "current": false, "translated": false, "dir": "rtl"},
        ])));
        let doc = scraper::Html::parse_fragment(&html);
        let select = |css: &str| {
            let sel = scraper::Selector::parse(css).unwrap();
            doc.select(&sel)
                .map(|e| e.value().clone())
                .collect::<Vec<_>>()
        };
        let nav = select("nav.languages");
        assert_eq!(nav.len(), 1);
        assert_eq!(nav[0].attr("aria-label"), Some("Sprache"));
        let links = select("nav.languages li a");
        let attr = |name: &str| links.iter().map(|a| a.attr(name)).collect::<Vec<_>>();
        assert_eq!(
            attr("href"),
            [Some("/articles/x/"), Some("/tr/articles/x/"), Some("/ar/")]
        );
        assert_eq!(attr("hreflang"), [Some("de"), Some("tr"), Some("ar")]);
        assert_eq!(attr("lang"), [Some("de"), Some("tr"), Some("ar")]);
        // Each name runs its own way; the list is aligned as the page reads.
        let names = select("nav.languages li a > span");
        let dirs: Vec<_> = names.iter().map(|s| s.attr("dir")).collect();
        assert_eq!(dirs, [Some("ltr"), Some("ltr"), Some("rtl")]);
        assert_eq!(attr("aria-current"), [Some("page"), None, None]);
        // Only a translation of this page is its alternate.
        assert_eq!(attr("rel"), [Some("alternate"), Some("alternate"), None]);
        let current = select("summary span[lang]");
        assert_eq!(current.len(), 1);
        assert_eq!(current[0].attr("lang"), Some("de"));
        assert_eq!(select("summary svg[aria-hidden=true]").len(), 1);
    }

    #[test]
    fn one_language_prints_no_switcher_at_all() {
        assert_eq!(switcher(None), "");
        assert_eq!(switcher(Some(serde_json::json!([]))), "");
        let one = serde_json::json!([{"code": "de", "name": "Deutsch", "url": "/", "current": true, "translated": true, "dir": "ltr"}]);
        assert_eq!(switcher(Some(one)), "");
    }
}
