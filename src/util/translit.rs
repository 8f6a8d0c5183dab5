//! Cyrillic to Latin letters for URL slugs, by the standards readers of
//! each language meet in their passports:
//!
//! - Ukrainian: the national transliteration of the Cabinet of Ministers
//!   of Ukraine, resolution No. 55 of 27 January 2010 (KMU 2010): `г` →
//!   `h`, `и` → `y`, `є ї й ю я` → `ye yi y yu ya` at the start of a word
//!   and `ie i i iu ia` elsewhere, `зг` → `zgh` (so it is not read as
//!   `ж`), soft sign and apostrophe dropped.
//! - Russian: ICAO Doc 9303 (Machine Readable Travel Documents, part 3),
//!   used in Russian passports since 2013: `ё` → `e`, `й` → `i`, `х` →
//!   `kh`, `ц` → `ts`, `щ` → `shch`, `ъ` → `ie`, `ы` → `y`, `ю` → `iu`,
//!   `я` → `ia`, soft sign dropped. Unlike GOST 7.79 system B it needs no
//!   apostrophes or backticks, which URLs cannot keep.
//!
//! Output is lowercase ASCII; characters that are no Cyrillic letter
//! of the language come back as `None` for the caller's own folding.

/// The letters Ukrainian (KMU 2010) and Russian (ICAO 9303) write alike
/// (lowercase); each language's own table holds only where it differs.
fn shared(c: char) -> Option<&'static str> {
    Some(match c {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'д' => "d",
        'е' => "e",
        'ж' => "zh",
        'з' => "z",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' => "u",
        'ф' => "f",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ь' => "",
        'ю' => "iu",
        'я' => "ia",
        _ => return None,
    })
}

/// A Ukrainian letter (lowercase) in KMU 2010; `initial` at the start of
/// a word.
fn ukrainian(c: char, initial: bool) -> Option<&'static str> {
    Some(match c {
        'г' => "h",
        'ґ' => "g",
        'є' if initial => "ye",
        'є' => "ie",
        'и' => "y",
        'і' => "i",
        'ї' if initial => "yi",
        'ї' => "i",
        'й' if initial => "y",
        'й' => "i",
        '\'' | '’' | 'ʼ' => "",
        'ю' if initial => "yu",
        'я' if initial => "ya",
        _ => return shared(c),
    })
}

/// A Russian letter (lowercase) in ICAO Doc 9303.
fn russian(c: char) -> Option<&'static str> {
    Some(match c {
        'г' => "g",
        'ё' | 'э' => "e",
        'и' | 'й' => "i",
        'ъ' => "ie",
        'ы' => "y",
        _ => return shared(c),
    })
}

/// Which standard [`transliterate`] follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standard {
    /// Ukrainian, KMU 2010.
    Kmu2010,
    /// Russian, ICAO Doc 9303.
    Icao9303,
}

/// `text` with its Cyrillic letters in Latin, lowercase; every other
/// character is handed to `other` (which also receives the Ukrainian
/// apostrophe-less letters it cannot know).
pub fn transliterate(
    text: &str,
    standard: Standard,
    mut other: impl FnMut(char, &mut String),
) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    let mut previous: Option<char> = None;
    for c in text.chars() {
        let lower = c.to_lowercase().next().unwrap_or(c);
        let initial = !previous.is_some_and(|p| p.is_alphabetic() || "'’ʼ".contains(p));
        let latin = match standard {
            // "зг" is "zgh", so it cannot be read as "ж" (zh).
            Standard::Kmu2010 if lower == 'г' && previous.is_some_and(|p| p == 'з' || p == 'З') => {
                Some("gh")
            }
            Standard::Kmu2010 => ukrainian(lower, initial),
            Standard::Icao9303 => russian(lower),
        };
        match latin {
            Some(latin) => out.push_str(latin),
            None => other(c, &mut out),
        }
        previous = Some(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uk(text: &str) -> String {
        transliterate(text, Standard::Kmu2010, |c, out| out.push(c))
    }

    fn ru(text: &str) -> String {
        transliterate(text, Standard::Icao9303, |c, out| out.push(c))
    }

    /// Examples of the KMU 2010 resolution itself.
    #[test]
    fn ukrainian_follows_the_examples_of_the_resolution() {
        let table = [
            ("Алушта", "alushta"),
            ("Гадяч", "hadiach"),
            ("Згорани", "zghorany"),
            ("Розгон", "rozghon"),
            ("Ґалаґан", "galagan"),
            ("Єнакієве", "yenakiieve"),
            ("Їжакевич", "yizhakevych"),
            ("Кадиївка", "kadyivka"),
            ("Йосипівка", "yosypivka"),
            ("Стрий", "stryi"),
            ("Юрій", "yurii"),
            ("Корюківка", "koriukivka"),
            ("Яготин", "yahotyn"),
            ("Ічня", "ichnia"),
            ("Знам'янка", "znamianka"),
            ("Щербухи", "shcherbukhy"),
            ("Короп'є", "koropie"),
        ];
        for (cyrillic, latin) in table {
            assert_eq!(uk(cyrillic), latin, "{cyrillic}");
        }
    }

    #[test]
    fn russian_follows_icao() {
        assert_eq!(ru("Щёлково"), "shchelkovo");
        assert_eq!(ru("Объявление"), "obieiavlenie");
        assert_eq!(ru("Субботник во дворе"), "subbotnik vo dvore");
        assert_eq!(ru("Хрущёвка"), "khrushchevka");
        assert_eq!(ru("Юрий Цой"), "iurii tsoi");
    }

    /// Every letter of both alphabets, both cases, alone (at the start of
    /// a word) and after another letter, in both standards; `None` where
    /// the letter is not the language's and goes to the caller.
    #[test]
    fn every_cyrillic_letter_in_both_standards() {
        // letter, Ukrainian initial, Ukrainian elsewhere, Russian
        type Row = (
            char,
            Option<&'static str>,
            Option<&'static str>,
            Option<&'static str>,
        );
        let table: [Row; 37] = [
            ('а', Some("a"), Some("a"), Some("a")),
            ('б', Some("b"), Some("b"), Some("b")),
            ('в', Some("v"), Some("v"), Some("v")),
            ('г', Some("h"), Some("h"), Some("g")),
            ('ґ', Some("g"), Some("g"), None),
            ('д', Some("d"), Some("d"), Some("d")),
            ('е', Some("e"), Some("e"), Some("e")),
            ('є', Some("ye"), Some("ie"), None),
            ('ё', None, None, Some("e")),
            ('ж', Some("zh"), Some("zh"), Some("zh")),
            ('з', Some("z"), Some("z"), Some("z")),
            ('и', Some("y"), Some("y"), Some("i")),
            ('і', Some("i"), Some("i"), None),
            ('ї', Some("yi"), Some("i"), None),
            ('й', Some("y"), Some("i"), Some("i")),
            ('к', Some("k"), Some("k"), Some("k")),
            ('л', Some("l"), Some("l"), Some("l")),
            ('м', Some("m"), Some("m"), Some("m")),
            ('н', Some("n"), Some("n"), Some("n")),
            ('о', Some("o"), Some("o"), Some("o")),
            ('п', Some("p"), Some("p"), Some("p")),
            ('р', Some("r"), Some("r"), Some("r")),
            ('с', Some("s"), Some("s"), Some("s")),
            ('т', Some("t"), Some("t"), Some("t")),
            ('у', Some("u"), Some("u"), Some("u")),
            ('ф', Some("f"), Some("f"), Some("f")),
            ('х', Some("kh"), Some("kh"), Some("kh")),
            ('ц', Some("ts"), Some("ts"), Some("ts")),
            ('ч', Some("ch"), Some("ch"), Some("ch")),
            ('ш', Some("sh"), Some("sh"), Some("sh")),
            ('щ', Some("shch"), Some("shch"), Some("shch")),
            ('ъ', None, None, Some("ie")),
            ('ы', None, None, Some("y")),
            ('ь', Some(""), Some(""), Some("")),
            ('э', None, None, Some("e")),
            ('ю', Some("yu"), Some("iu"), Some("iu")),
            ('я', Some("ya"), Some("ia"), Some("ia")),
        ];
        let or_itself = |latin: Option<&str>, c: char| latin.map_or(c.to_string(), str::to_string);
        for (lower, uk_initial, uk_inside, russian) in table {
            for c in [lower, lower.to_uppercase().next().unwrap()] {
                assert_eq!(uk(&c.to_string()), or_itself(uk_initial, c), "uk {c}");
                assert_eq!(
                    uk(&format!("а{c}")),
                    format!("a{}", or_itself(uk_inside, c)),
                    "uk а{c}"
                );
                assert_eq!(ru(&c.to_string()), or_itself(russian, c), "ru {c}");
                assert_eq!(
                    ru(&format!("а{c}")),
                    format!("a{}", or_itself(russian, c)),
                    "ru а{c}"
                );
            }
        }
        // The rest of the Cyrillic block is no letter of either language.
        for c in '\u{400}'..='\u{4FF}' {
            let lower = c.to_lowercase().next().unwrap();
            if table.iter().all(|row| row.0 != lower) {
                assert_eq!(uk(&c.to_string()), c.to_string(), "uk {c}");
                assert_eq!(ru(&c.to_string()), c.to_string(), "ru {c}");
            }
        }
        // The apostrophe is Ukrainian spelling only.
        for c in ['\'', '’', 'ʼ'] {
            assert_eq!(uk(&format!("п{c}я")), "pia");
            assert_eq!(ru(&format!("п{c}я")), format!("p{c}ia"));
        }
    }
}
