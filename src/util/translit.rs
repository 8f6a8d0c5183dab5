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

/// A Ukrainian letter (lowercase) in KMU 2010; `initial` at the start of
/// a word.
fn ukrainian(c: char, initial: bool) -> Option<&'static str> {
    Some(match c {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' => "h",
        'ґ' => "g",
        'д' => "d",
        'е' => "e",
        'є' if initial => "ye",
        'є' => "ie",
        'ж' => "zh",
        'з' => "z",
        'и' => "y",
        'і' => "i",
        'ї' if initial => "yi",
        'ї' => "i",
        'й' if initial => "y",
        'й' => "i",
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
        'ь' | '\'' | '’' | 'ʼ' => "",
        'ю' if initial => "yu",
        'ю' => "iu",
        'я' if initial => "ya",
        'я' => "ia",
        _ => return None,
    })
}

/// A Russian letter (lowercase) in ICAO Doc 9303.
fn russian(c: char) -> Option<&'static str> {
    Some(match c {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' => "g",
        'д' => "d",
        'е' | 'ё' | 'э' => "e",
        'ж' => "zh",
        'з' => "z",
        'и' | 'й' => "i",
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
        'ъ' => "ie",
        'ы' => "y",
        'ь' => "",
        'ю' => "iu",
        'я' => "ia",
        _ => return None,
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
}
