//! Dates, times and sizes as readers of each language write them:
//! "22. November 2026", "November 22, 2026", "22 Kasım 2026",
//! "22 листопада 2026" (the genitive month), "22 ноября 2026",
//! "22 نوفمبر 2026". Month and weekday names come from chrono's locale
//! data (glibc's, see Cargo.toml); only the order of the parts is ours.
//!
//! Arabic uses Latin digits (0–9), not Arabic-Indic ones (٠–٩): the
//! tenants read these dates beside house numbers, phone numbers, times
//! and room numbers written in Latin digits all over a German building,
//! in the German pages, on the printed notice and in their calendar
//! apps; Latin digits are also what CLDR uses for Arabic in the Maghreb
//! and what Arabic news sites in Europe print. A reader sees the same
//! "22" in every language of the site.

use chrono::{DateTime, Datelike, FixedOffset, Locale, NaiveDate, Timelike, Weekday};

use crate::config::Language;

/// The chrono locale whose month and weekday names `lang` uses.
fn locale(lang: Language) -> Locale {
    match lang {
        Language::De => Locale::de_DE,
        Language::En => Locale::en_US,
        Language::Tr => Locale::tr_TR,
        Language::Uk => Locale::uk_UA,
        Language::Ru => Locale::ru_RU,
        // Egyptian Arabic has the month names CLDR's `ar` uses (نوفمبر),
        // which Arabic speakers from Syria to Morocco read; the Levantine
        // names (تشرين الثاني) are not understood everywhere.
        Language::Ar => Locale::ar_EG,
    }
}

/// `%B`: the month's name as it stands after a day number (genitive in
/// Ukrainian and Russian).
fn month(date: NaiveDate, lang: Language) -> String {
    date.format_localized("%B", locale(lang)).to_string()
}

/// A month on its own, for a heading: "November 2026", "Листопад 2026"
/// (the nominative, where a date has the genitive "листопада"; a capital
/// letter, as it starts the heading).
pub fn month_year(date: NaiveDate, lang: Language) -> String {
    let nominative = match lang {
        Language::Uk => pure_rust_locales::uk_UA::LC_TIME::ALT_MON,
        Language::Ru => pure_rust_locales::ru_RU::LC_TIME::ALT_MON,
        _ => None,
    };
    let name = nominative
        .and_then(|months| months.get(date.month0() as usize))
        .map_or_else(|| month(date, lang), |m| m.to_string());
    let mut chars = name.chars();
    let first = chars.next().map(|c| c.to_uppercase().collect::<String>());
    format!(
        "{}{} {}",
        first.unwrap_or_default(),
        chars.as_str(),
        date.year()
    )
}

/// The weekday's name as it starts a date ("Sonntag", "неділя",
/// "воскресенье"; glibc capitalises Russian weekdays, Russians do not).
pub(super) fn weekday(day: Weekday, lang: Language) -> String {
    let date = NaiveDate::from_isoywd_opt(2026, 10, day).expect("a valid ISO week date");
    let name = date.format_localized("%A", locale(lang)).to_string();
    if lang == Language::Ru {
        name.to_lowercase()
    } else {
        name
    }
}

/// Formats a date in `lang`. Formats: `long` (22. November 2026),
/// `short` (22.11.2026), `weekday` (Sonntag, 22. November 2026), `time`
/// (18:00 Uhr), `datetime` (long + time), `day` (22), `month` (Nov),
/// `iso` (RFC 3339).
pub fn format_date(dt: &DateTime<FixedOffset>, format: &str, lang: Language) -> Option<String> {
    let (d, m, y) = (dt.day(), dt.month(), dt.year());
    let name = month(dt.date_naive(), lang);
    let long = match lang {
        Language::De => format!("{d}. {name} {y}"),
        Language::En => format!("{name} {d}, {y}"),
        _ => format!("{d} {name} {y}"),
    };
    Some(match format {
        "long" => long,
        "short" => match lang {
            Language::En => format!("{y}-{m:02}-{d:02}"),
            Language::Ar => format!("{d:02}/{m:02}/{y}"),
            _ => format!("{d:02}.{m:02}.{y}"),
        },
        "weekday" => {
            let wd = weekday(dt.weekday(), lang);
            match lang {
                // Turkish names the weekday last: "22 Kasım 2026 Pazar".
                Language::Tr => format!("{long} {wd}"),
                Language::Ar => format!("{wd}، {long}"),
                _ => format!("{wd}, {long}"),
            }
        }
        "time" => time(dt, lang),
        "datetime" => match lang {
            Language::Ar => format!("{long}، {}", time(dt, lang)),
            _ => format!("{long}, {}", time(dt, lang)),
        },
        "day" => d.to_string(),
        "month" => match lang {
            // Arabic month names have no short forms.
            Language::Ar => name,
            Language::De | Language::En => name.chars().take(3).collect(),
            _ => dt
                .date_naive()
                .format_localized("%b", locale(lang))
                .to_string(),
        },
        "iso" => dt.to_rfc3339(),
        _ => return None,
    })
}

/// "18:05 Uhr", "6:05 pm", "18:05".
fn time(dt: &DateTime<FixedOffset>, lang: Language) -> String {
    match lang {
        Language::De => format!("{:02}:{:02} Uhr", dt.hour(), dt.minute()),
        Language::En => {
            let (pm, h) = dt.hour12();
            format!("{h}:{:02} {}", dt.minute(), if pm { "pm" } else { "am" })
        }
        _ => format!("{:02}:{:02}", dt.hour(), dt.minute()),
    }
}

/// A file size for readers: "245 KB", "1,2 MB" (a decimal comma where
/// the language writes one), "1,2 МБ" in Cyrillic.
pub fn format_size(bytes: u64, lang: Language) -> String {
    let (b, kb, mb) = match lang {
        Language::Uk | Language::Ru => ("Б", "КБ", "МБ"),
        Language::Ar => ("بايت", "كيلوبايت", "ميغابايت"),
        _ => ("B", "KB", "MB"),
    };
    let text = if bytes < 1024 {
        format!("{bytes} {b}")
    } else if bytes < 1024 * 1024 {
        format!("{} {kb}", bytes.div_ceil(1024))
    } else {
        format!("{:.1} {mb}", bytes as f64 / (1024.0 * 1024.0))
    };
    match lang {
        Language::En | Language::Ar => text,
        _ => text.replace('.', ","),
    }
}

/// "Samstag, 5. Dezember 2026, 15:00 Uhr · Innenhof, Lindenstraße 1":
/// what a feed item says about an event, since readers show no templates.
pub fn event_line(event: &crate::content::Event, lang: Language) -> String {
    let date = |format| format_date(&event.start, format, lang).unwrap_or_default();
    let mut line = date("weekday");
    if !event.all_day {
        line.push_str(if lang == Language::Ar { "، " } else { ", " });
        line.push_str(&date("time"));
    }
    if let Some(loc) = &event.location {
        line.push_str(" · ");
        line.push_str(&loc.name);
        if let Some(addr) = &loc.address {
            line.push_str(", ");
            line.push_str(addr);
        }
    } else if event.online_url.is_some() {
        line.push_str(" · ");
        line.push_str(super::shipped("online", lang));
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::LANGUAGES;

    fn instant() -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339("2026-11-22T18:05:00+01:00").unwrap()
    }

    /// The same instant in every language and every format.
    #[test]
    fn date_table() {
        let table: [(Language, [&str; 7]); 6] = [
            (
                Language::De,
                [
                    "22. November 2026",
                    "22.11.2026",
                    "Sonntag, 22. November 2026",
                    "18:05 Uhr",
                    "22. November 2026, 18:05 Uhr",
                    "22",
                    "Nov",
                ],
            ),
            (
                Language::En,
                [
                    "November 22, 2026",
                    "2026-11-22",
                    "Sunday, November 22, 2026",
                    "6:05 pm",
                    "November 22, 2026, 6:05 pm",
                    "22",
                    "Nov",
                ],
            ),
            (
                Language::Tr,
                [
                    "22 Kasım 2026",
                    "22.11.2026",
                    "22 Kasım 2026 Pazar",
                    "18:05",
                    "22 Kasım 2026, 18:05",
                    "22",
                    "Kas",
                ],
            ),
            (
                Language::Uk,
                [
                    "22 листопада 2026",
                    "22.11.2026",
                    "неділя, 22 листопада 2026",
                    "18:05",
                    "22 листопада 2026, 18:05",
                    "22",
                    "лис",
                ],
            ),
            (
                Language::Ru,
                [
                    "22 ноября 2026",
                    "22.11.2026",
                    "воскресенье, 22 ноября 2026",
                    "18:05",
                    "22 ноября 2026, 18:05",
                    "22",
                    "ноя",
                ],
            ),
            (
                Language::Ar,
                [
                    "22 نوفمبر 2026",
                    "22/11/2026",
                    "الأحد، 22 نوفمبر 2026",
                    "18:05",
                    "22 نوفمبر 2026، 18:05",
                    "22",
                    "نوفمبر",
                ],
            ),
        ];
        let formats = [
            "long", "short", "weekday", "time", "datetime", "day", "month",
        ];
        for (lang, expected) in table {
            for (format, want) in formats.iter().zip(expected) {
                let got = format_date(&instant(), format, lang).unwrap();
                assert_eq!(got, want, "{} {format}", lang.code());
            }
            assert!(format_date(&instant(), "nope", lang).is_none());
        }
        assert_eq!(table.len(), LANGUAGES.len());
    }

    /// German and English are what kiez wrote before the locale data:
    /// every month and weekday as the old hand-written tables had them.
    #[test]
    fn german_and_english_names_are_unchanged() {
        let de =
            "Januar Februar März April Mai Juni Juli August September Oktober November Dezember";
        let en =
            "January February March April May June July August September October November December";
        for (lang, names) in [(Language::De, de), (Language::En, en)] {
            for (i, name) in names.split(' ').enumerate() {
                let date = NaiveDate::from_ymd_opt(2026, i as u32 + 1, 1).unwrap();
                assert_eq!(month(date, lang), name);
            }
        }
        let days = [Weekday::Mon, Weekday::Wed, Weekday::Sat];
        let de: Vec<String> = days.iter().map(|&d| weekday(d, Language::De)).collect();
        assert_eq!(de, ["Montag", "Mittwoch", "Samstag"]);
        let en: Vec<String> = days.iter().map(|&d| weekday(d, Language::En)).collect();
        assert_eq!(en, ["Monday", "Wednesday", "Saturday"]);
        let march = DateTime::parse_from_rfc3339("2026-03-02T09:00:00+01:00").unwrap();
        assert_eq!(format_date(&march, "month", Language::De).unwrap(), "Mär");
        assert_eq!(
            format_date(&march, "time", Language::En).unwrap(),
            "9:00 am"
        );
    }

    #[test]
    fn a_month_on_its_own_is_nominative() {
        let date = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
        let months: Vec<String> = LANGUAGES.iter().map(|&l| month_year(date, l)).collect();
        assert_eq!(
            months,
            [
                "November 2026",
                "November 2026",
                "Kasım 2026",
                "Листопад 2026",
                "Ноябрь 2026",
                "نوفمبر 2026"
            ]
        );
    }

    #[test]
    fn sizes_use_the_language_decimal_separator() {
        let size = 1_258_291;
        assert_eq!(format_size(size, Language::De), "1,2 MB");
        assert_eq!(format_size(size, Language::En), "1.2 MB");
        assert_eq!(format_size(size, Language::Tr), "1,2 MB");
        assert_eq!(format_size(size, Language::Uk), "1,2 МБ");
        assert_eq!(format_size(size, Language::Ru), "1,2 МБ");
        assert_eq!(format_size(size, Language::Ar), "1.2 ميغابايت");
        assert_eq!(format_size(250_000, Language::De), "245 KB");
    }
}
