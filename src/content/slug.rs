//! URL slugs: folded to ASCII (German spelled out: ä → ae, ß → ss), with
//! hyphens between words.

use super::frontmatter::{self, Fields};
use super::{dates, Kind};
use crate::error::Result;

/// Turns a title or file name into a lowercase ASCII slug, folding
/// letters with [`crate::util::fold::fold_text`].
pub fn slugify(text: &str) -> String {
    let ascii = crate::util::fold::fold_text(text);
    let mut slug = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    slug
}

/// The file's name without `.md`, or its bundle folder's name.
pub(super) fn file_name(rel: &str) -> &str {
    rel.strip_suffix("/index.md")
        .or_else(|| rel.strip_suffix(".md"))
        .and_then(|s| s.rsplit('/').next())
        .unwrap_or_default()
}

/// The slug: `slug:`, else the file (or bundle folder) name without a
/// leading date (`2024-05-01-sommerfest` → `sommerfest`).
pub(super) fn slug_of(f: &Fields, rel: &str, kind: Kind, explicit: Option<&str>) -> Result<String> {
    let name = file_name(rel);
    let stem = dates::split_dated_name(name).map_or(name, |(_, rest)| rest);
    let slug = slugify(explicit.unwrap_or(stem));
    let key = if explicit.is_some() { "slug" } else { "title" };
    if slug.len() > frontmatter::MAX_SLUG {
        return Err(f
            .error(key, "the name is too long for a URL")
            .hint("shorten the file name or set a shorter `slug:`")
            .into());
    }
    if slug.is_empty() && kind != Kind::Home {
        return Err(f
            .error(key, "cannot make a URL slug from this name")
            .hint("rename the file or set `slug:` with letters or digits")
            .into());
    }
    Ok(slug)
}

#[cfg(test)]
mod tests {
    use super::slugify;

    #[test]
    fn german_is_transliterated() {
        assert_eq!(
            slugify("Mieterfest im Hof — Größer!"),
            "mieterfest-im-hof-groesser"
        );
        assert_eq!(slugify("Übergabe & Schlüssel"), "uebergabe-schluessel");
        assert_eq!(slugify("Straßenfest 2026"), "strassenfest-2026");
    }

    #[test]
    fn other_scripts_fall_back_to_deunicode() {
        assert_eq!(slugify("Café crème"), "cafe-creme");
        assert_eq!(slugify("  --  "), "");
    }
}
