//! Text folding: the one place that decides how a letter is written in
//! a URL slug and how the search compares it. Slugs fold through
//! [`fold_text`], the search index through [`fold`], and the browser's
//! search box through [`browser_table`], which is made from [`fold`] and
//! shipped with the search index, so a word typed in any spelling finds
//! what the index holds.
//!
//! The rules depend on the site's language ([`Rules`]):
//!
//! - Latin letters: German spells umlauts out the way Germans write
//!   without them (ä → ae, ß → ss), not the way generic tools do (ä → a);
//!   Turkish readers write ö, ü, ı, İ, ğ, ş, ç as o, u, i, i, g, s, c.
//!   Every other letter goes through `deunicode` (ł → l, ø → o).
//! - Cyrillic on Ukrainian and Russian sites: slugs are transliterated
//!   (see [`super::translit`]); the search keeps Cyrillic letters and folds
//!   those a reader may lack on the keyboard: ё → е, and Ukrainian ґ → г,
//!   ї → і, є → е (a Russian layout has none of them; і itself stays,
//!   since и is a different letter: кіт is not кит).
//! - Arabic on Arabic sites: slugs keep the Arabic letters (a URL may be
//!   an IRI; feeds and sitemaps percent-encode it) without harakat and
//!   tatweel; the search also folds as Lucene's ArabicNormalizer does:
//!   harakat (U+064B–U+065F, U+0670) and Quranic marks dropped, tatweel
//!   dropped, alef with hamza or madda (أ إ آ ٱ) → ا, ى → ي, ة → ه.
//!   Arabic-Indic digits become 0–9 in both.

use std::borrow::Cow;
use std::collections::BTreeMap;

use super::translit::{self, Standard};

/// Which folding rules a site's language uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Rules {
    /// German and English: umlauts spelled out.
    #[default]
    German,
    /// Turkish: letters to their base letter, dotted and dotless i alike.
    Turkish,
    /// Ukrainian: KMU 2010 slugs, Cyrillic search.
    Ukrainian,
    /// Russian: ICAO 9303 slugs, Cyrillic search.
    Russian,
    /// Arabic: Arabic letters kept.
    Arabic,
}

/// Arabic marks a reader leaves out: harakat, the superscript alef and
/// the Quranic annotation signs.
fn is_arabic_mark(c: char) -> bool {
    matches!(c, '\u{610}'..='\u{61a}' | '\u{64b}'..='\u{65f}' | '\u{670}' | '\u{6d6}'..='\u{6ed}')
}

/// Whether `c` belongs to a word: a letter or digit, or a combining mark
/// within one (harakat sit between Arabic letters; macOS writes `ü` as
/// `u` + U+0308). The browser splits on `[^\p{L}\p{N}\p{M}]`.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '\u{300}'..='\u{36f}') || is_arabic_mark(c)
}

/// An Arabic-Indic or Persian digit as 0–9.
fn ascii_digit(c: char) -> Option<char> {
    let zero = match c {
        '\u{660}'..='\u{669}' => 0x660,
        '\u{6f0}'..='\u{6f9}' => 0x6f0,
        _ => return None,
    };
    char::from_digit(c as u32 - zero, 10)
}

/// `c` in lowercase ASCII by the Latin rules of `rules`. The result may
/// hold characters that are not letters or digits (`deunicode` writes `'`
/// for some); callers drop or replace them. A character with no ASCII
/// form becomes `-`.
pub fn fold_char(c: char, rules: Rules) -> Cow<'static, str> {
    match (c, rules) {
        ('ö' | 'Ö', Rules::Turkish) => Cow::Borrowed("o"),
        ('ü' | 'Ü', Rules::Turkish) => Cow::Borrowed("u"),
        ('ı' | 'İ', _) => Cow::Borrowed("i"),
        ('ä' | 'Ä', _) => Cow::Borrowed("ae"),
        ('ö' | 'Ö', _) => Cow::Borrowed("oe"),
        ('ü' | 'Ü', _) => Cow::Borrowed("ue"),
        ('ß' | 'ẞ', _) => Cow::Borrowed("ss"),
        (c, _) if c.is_ascii() => Cow::Owned(c.to_ascii_lowercase().to_string()),
        (c, _) => match deunicode::deunicode_char(c) {
            Some(ascii) if ascii.bytes().any(|b| b.is_ascii_uppercase()) => {
                Cow::Owned(ascii.to_ascii_lowercase())
            }
            Some(ascii) => Cow::Borrowed(ascii),
            None => Cow::Borrowed("-"),
        },
    }
}

/// Pushes `c` folded by the Latin rules, decomposed letters included:
/// `u` + U+0308 is `ue` like `ü` (in Turkish `u`); other combining marks
/// are dropped.
fn push_latin(out: &mut String, c: char, rules: Rules) {
    match c {
        '\u{308}' if rules != Rules::Turkish && out.ends_with(['a', 'o', 'u']) => out.push('e'),
        '\u{300}'..='\u{36f}' => {}
        c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
        c => out.push_str(&fold_char(c, rules)),
    }
}

/// `text` folded for a URL slug: lowercase ASCII, except Arabic letters
/// on Arabic sites, which stay (without harakat and tatweel).
pub fn fold_text(text: &str, rules: Rules) -> String {
    let standard = match rules {
        Rules::Ukrainian => Standard::Kmu2010,
        Rules::Russian => Standard::Icao9303,
        _ => {
            let mut out = String::with_capacity(text.len() + 4);
            for c in text.chars() {
                match c {
                    c if rules == Rules::Arabic && (is_arabic_mark(c) || c == '\u{640}') => {}
                    c if rules == Rules::Arabic && ascii_digit(c).is_some() => {
                        out.extend(ascii_digit(c));
                    }
                    c if rules == Rules::Arabic && ('\u{600}'..='\u{6ff}').contains(&c) => {
                        out.push(c);
                    }
                    c => push_latin(&mut out, c, rules),
                }
            }
            return out;
        }
    };
    translit::transliterate(text, standard, |c, out| push_latin(out, c, rules))
}

/// A letter as the search compares it, where the language keeps its
/// script: `None` for a character the Latin rules fold.
fn search_char(c: char, rules: Rules) -> Option<Cow<'static, str>> {
    let one = |c: char| Some(Cow::Owned(c.to_string()));
    match rules {
        Rules::Ukrainian | Rules::Russian if ('\u{400}'..='\u{4ff}').contains(&c) => {
            match c.to_lowercase().next().unwrap_or(c) {
                'ё' | 'є' => one('е'),
                'ґ' => one('г'),
                'ї' => one('і'),
                lower => one(lower),
            }
        }
        Rules::Arabic if ('\u{600}'..='\u{6ff}').contains(&c) => match c {
            c if is_arabic_mark(c) || c == '\u{640}' => Some(Cow::Borrowed("")),
            'أ' | 'إ' | 'آ' | 'ٱ' => one('ا'),
            'ى' | 'ی' => one('ي'),
            'ة' => one('ه'),
            'ک' => one('ك'),
            c => match ascii_digit(c) {
                Some(d) => one(d),
                None if c.is_alphabetic() => one(c),
                None => Some(Cow::Borrowed("")),
            },
        },
        _ => None,
    }
}

/// A word as the search index keys it: folded, letters and digits only.
pub fn fold(word: &str, rules: Rules) -> String {
    // Most words of most sites: no rules apply to ASCII but lowercasing.
    if word.is_ascii() {
        return word
            .bytes()
            .filter(u8::is_ascii_alphanumeric)
            .map(|b| char::from(b.to_ascii_lowercase()))
            .collect();
    }
    let mut out = String::with_capacity(word.len() + 4);
    for c in word.chars() {
        match search_char(c, rules) {
            Some(folded) => out.push_str(&folded),
            None => push_latin(&mut out, c, rules),
        }
    }
    out.retain(|c| c.is_alphanumeric());
    out
}

/// The fold of every non-ASCII character the browser may meet: the Latin
/// ranges (Latin-1 to Latin Extended-B, Latin Extended Additional), the
/// script the site's language keeps (Cyrillic, Arabic with its marks,
/// which fold to nothing) plus `extra` (the characters of the site's own
/// text). `search.js` looks letters up here before falling back to
/// Unicode decomposition.
pub fn browser_table(
    extra: impl IntoIterator<Item = char>,
    rules: Rules,
) -> BTreeMap<char, String> {
    let latin = ('\u{c0}'..='\u{24f}').chain('\u{1e00}'..='\u{1eff}');
    let script = match rules {
        Rules::Ukrainian | Rules::Russian => '\u{400}'..='\u{4ff}',
        Rules::Arabic => '\u{600}'..='\u{6ff}',
        _ => '\u{1}'..='\u{0}',
    };
    let letters = latin
        .chain(extra.into_iter().filter(|c| !c.is_ascii()))
        .filter(|c| c.is_alphanumeric());
    letters
        .chain(script.filter(|&c| search_char(c, rules).is_some()))
        .map(|c| (c, fold(&c.to_string(), rules)))
        .collect()
}

#[cfg(test)]
#[path = "fold_tests.rs"]
mod tests;
