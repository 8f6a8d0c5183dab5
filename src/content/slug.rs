//! URL slugs. German is transliterated the way Germans write it without
//! umlauts (ä → ae, ß → ss), not the way generic tools do (ä → a).

/// Turns a title or file name into a lowercase ASCII slug.
pub fn slugify(text: &str) -> String {
    let mut ascii = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            'ä' => ascii.push_str("ae"),
            'ö' => ascii.push_str("oe"),
            'ü' => ascii.push_str("ue"),
            'Ä' => ascii.push_str("Ae"),
            'Ö' => ascii.push_str("Oe"),
            'Ü' => ascii.push_str("Ue"),
            'ß' | 'ẞ' => ascii.push_str("ss"),
            c if c.is_ascii() => ascii.push(c),
            c => ascii.push_str(deunicode::deunicode_char(c).unwrap_or("-")),
        }
    }
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
