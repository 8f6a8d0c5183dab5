//! URL slugs: folded to ASCII (German spelled out: ä → ae, ß → ss), with
//! hyphens between words.

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
