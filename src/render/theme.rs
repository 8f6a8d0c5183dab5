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
}
