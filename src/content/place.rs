//! Where a file under `content/` belongs, decided from its path alone:
//! a page of some kind, a file of a page bundle, a FAQ category's
//! settings, or a loose file that only a `downloads:` list publishes.

use std::collections::BTreeSet;

use super::Kind;

/// What a file under `content/` is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// A content file of this kind.
    Page(Kind),
    /// A file inside the page bundle `bundle` (the folder holding its
    /// `index.md`), at `name` relative to it.
    Asset { bundle: String, name: String },
    /// `faq/CATEGORY/_category.yaml`.
    Category(String),
    /// `articles/SECTION/_section.yaml` (`SECTION` may be nested: `a/b`).
    Section(String),
    /// Any other non-Markdown file.
    Loose,
    /// A Markdown file outside the known folders.
    Unknown,
}

/// Classifies `rel` (`/`-separated, below `content/`). `bundles` are the
/// folders holding an `index.md`: every other file in them belongs to
/// that page.
pub fn classify(rel: &str, bundles: &BTreeSet<String>) -> Place {
    let is_index = rel.ends_with("/index.md");
    if !is_index {
        if let Some(bundle) = bundle_of(rel, bundles) {
            let name = rel[bundle.len() + 1..].to_string();
            return Place::Asset { bundle, name };
        }
    }
    let parts: Vec<&str> = rel.split('/').collect();
    if let ["faq", category, "_category.yaml"] = parts.as_slice() {
        return Place::Category(category.to_string());
    }
    if let ["articles", section @ .., "_section.yaml"] = parts.as_slice() {
        if !section.is_empty() {
            return Place::Section(section.join("/"));
        }
    }
    if !rel.ends_with(".md") {
        return Place::Loose;
    }
    let kind = match (parts.as_slice(), is_index) {
        (["index.md"], _) => Kind::Home,
        // Folders below `articles/` that are no bundle are sub-sections.
        (["articles", _, ..], false) | (["articles", _, .., "index.md"], true) => Kind::Article,
        (["events", _], false) | (["events", _, "index.md"], true) => Kind::Event,
        (["faq", _, _], false) | (["faq", _, _, "index.md"], true) => Kind::Faq,
        (["pages", _], false) | (["pages", _, "index.md"], true) => Kind::Page,
        (["editions", _], false) | (["editions", _, "index.md"], true) => Kind::Edition,
        _ => return Place::Unknown,
    };
    Place::Page(kind)
}

/// The innermost bundle folder holding `rel`, if any.
fn bundle_of(rel: &str, bundles: &BTreeSet<String>) -> Option<String> {
    let mut dir = rel;
    while let Some((parent, _)) = dir.rsplit_once('/') {
        if bundles.contains(parent) {
            return Some(parent.to_string());
        }
        dir = parent;
    }
    None
}

/// The bundle folders among `files`: every folder holding an `index.md`,
/// except `content/` itself.
pub fn bundles<'a>(files: impl IntoIterator<Item = &'a str>) -> BTreeSet<String> {
    files
        .into_iter()
        .filter_map(|rel| rel.strip_suffix("/index.md").map(str::to_string))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_classified() {
        let files = [
            "index.md",
            "articles/a.md",
            "articles/b/index.md",
            "articles/b/foto.jpg",
            "articles/b/fotos/1.jpg",
            "events/fest.md",
            "events/fest/index.md",
            "faq/heizung/lueften.md",
            "faq/heizung/_category.yaml",
            "faq/heizung/anleitung.pdf",
            "faq/heizung/entlueften/index.md",
            "pages/impressum.md",
            "articles/2024/x.md",
            "articles/rust/neu/index.md",
            "articles/rust/_section.yaml",
            "articles/_section.yaml",
            "notes.md",
            "faq/lueften.md",
            "pages/a/b.md",
            "editions/2026-4.md",
            "editions/2026-3/index.md",
        ];
        let bundles = bundles(files);
        let asset = |bundle: &str, name: &str| Place::Asset {
            bundle: bundle.into(),
            name: name.into(),
        };
        let expected = [
            Place::Page(Kind::Home),
            Place::Page(Kind::Article),
            Place::Page(Kind::Article),
            asset("articles/b", "foto.jpg"),
            asset("articles/b", "fotos/1.jpg"),
            Place::Page(Kind::Event),
            Place::Page(Kind::Event),
            Place::Page(Kind::Faq),
            Place::Category("heizung".into()),
            Place::Loose,
            Place::Page(Kind::Faq),
            Place::Page(Kind::Page),
            // Folders inside articles/ are sections.
            Place::Page(Kind::Article),
            Place::Page(Kind::Article),
            Place::Section("rust".into()),
            Place::Loose,
            Place::Unknown,
            Place::Unknown,
            Place::Unknown,
            Place::Page(Kind::Edition),
            Place::Page(Kind::Edition),
        ];
        for (file, want) in files.iter().zip(expected) {
            assert_eq!(classify(file, &bundles), want, "{file}");
        }
    }

    #[test]
    fn the_content_folder_itself_is_no_bundle() {
        let bundles = bundles(["index.md", "articles/a.md"]);
        assert!(bundles.is_empty());
        assert_eq!(classify("logo.png", &bundles), Place::Loose);
    }
}
