//! Text folding: the one place that decides how a letter is written in
//! plain ASCII. Slugs, the search index and the browser's search box all
//! fold through [`fold_char`] (the browser through [`browser_table`],
//! shipped with the search index), so a word typed in any spelling finds
//! what the index holds.
//!
//! German is spelled out the way Germans write without umlauts (ä → ae,
//! ß → ss), not the way generic tools do (ä → a); every other letter
//! goes through `deunicode` (ł → l, ø → o, ş → s).

use std::borrow::Cow;
use std::collections::BTreeMap;

/// `c` in lowercase ASCII. The result may hold characters that are not
/// letters or digits (`deunicode` writes `'` for some); callers drop or
/// replace them. A character with no ASCII form becomes `-`.
pub fn fold_char(c: char) -> Cow<'static, str> {
    match c {
        'ä' | 'Ä' => Cow::Borrowed("ae"),
        'ö' | 'Ö' => Cow::Borrowed("oe"),
        'ü' | 'Ü' => Cow::Borrowed("ue"),
        'ß' | 'ẞ' => Cow::Borrowed("ss"),
        c if c.is_ascii() => Cow::Owned(c.to_ascii_lowercase().to_string()),
        c => match deunicode::deunicode_char(c) {
            Some(ascii) if ascii.bytes().any(|b| b.is_ascii_uppercase()) => {
                Cow::Owned(ascii.to_ascii_lowercase())
            }
            Some(ascii) => Cow::Borrowed(ascii),
            None => Cow::Borrowed("-"),
        },
    }
}

/// `text` in lowercase ASCII, letter by letter with [`fold_char`], and
/// decomposed letters too: `u` + U+0308 (how macOS writes `ü` in file
/// names) is `ue` like `ü`; other combining marks are dropped.
pub fn fold_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 4);
    for c in text.chars() {
        match c {
            '\u{308}' if out.ends_with(['a', 'o', 'u']) => out.push('e'),
            '\u{300}'..='\u{36f}' => {}
            c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            c => out.push_str(&fold_char(c)),
        }
    }
    out
}

/// A word as the search index keys it: folded, letters and digits only.
pub fn fold(word: &str) -> String {
    let mut out = fold_text(word);
    out.retain(|c| c.is_ascii_alphanumeric());
    out
}

/// The fold of every non-ASCII letter the browser may meet: the Latin
/// ranges (Latin-1 to Latin Extended-B, Latin Extended Additional) plus
/// `extra` (the characters of the site's own text). `search.js` looks
/// letters up here before falling back to Unicode decomposition.
pub fn browser_table(extra: impl IntoIterator<Item = char>) -> BTreeMap<char, String> {
    let latin = ('\u{c0}'..='\u{24f}').chain('\u{1e00}'..='\u{1eff}');
    latin
        .chain(extra.into_iter().filter(|c| !c.is_ascii()))
        .filter(|c| c.is_alphanumeric())
        .map(|c| (c, fold(&c.to_string())))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn german_is_spelled_out() {
        assert_eq!(fold("Heizkörper"), "heizkoerper");
        assert_eq!(fold("STRAẞE"), "strasse");
        assert_eq!(fold("Übergabe"), "uebergabe");
    }

    #[test]
    fn other_latin_letters_keep_their_base_letter() {
        assert_eq!(fold("Łódź"), "lodz");
        assert_eq!(fold("Øresund"), "oresund");
        assert_eq!(fold("Işık"), "isik");
        assert_eq!(fold("Ğüneş"), "gunes".replace('u', "ue"));
        assert_eq!(fold("français"), "francais");
        assert_eq!(fold("Ærø"), "aero");
    }

    #[test]
    fn decomposed_letters_fold_like_composed_ones() {
        assert_eq!(fold("Gru\u{308}ße"), fold("Grüße"));
        assert_eq!(fold("Cafe\u{301}"), "cafe");
    }

    #[test]
    fn the_browser_table_agrees_with_fold() {
        let table = browser_table("Київ".chars());
        assert_eq!(table[&'Ł'], "l");
        assert_eq!(table[&'ø'], "o");
        assert_eq!(table[&'Ä'], "ae");
        assert_eq!(table[&'К'], fold("К"));
        assert!(!table.contains_key(&'a'));
    }
}
