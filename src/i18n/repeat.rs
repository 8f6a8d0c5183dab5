//! Recurrence rules in words: "Jeden 2. Dienstag im Monat", "Every 2nd
//! Tuesday of the month", "Her ayın 2. Salı günü", "Щомісяця в другий
//! вівторок", "Каждый месяц во второй вторник", "شهريًا، يوم الثلاثاء
//! الثاني من الشهر". Weekday names come from the locale data where the
//! language uses them as they are (German, English, Turkish); Ukrainian,
//! Russian and Arabic need cases and genders chrono does not know, so
//! their phrases are written out here.

use chrono::Weekday;

use super::dates::weekday;
use crate::config::Language;
use crate::content::{Frequency, Repeat};

/// "Jeden 2. Dienstag im Monat" / "Every 2nd Tuesday of the month".
pub fn describe_repeat(rule: &Repeat, first_day: u32, lang: Language) -> String {
    let n = rule.interval;
    match lang {
        Language::De => german(rule, n, first_day),
        Language::En => english(rule, n, first_day),
        Language::Tr => turkish(rule, n, first_day),
        Language::Uk => ukrainian(rule, n, first_day),
        Language::Ru => russian(rule, n, first_day),
        Language::Ar => arabic(rule, n, first_day),
    }
}

fn german(rule: &Repeat, n: u32, first_day: u32) -> String {
    let day = |d| weekday(d, Language::De);
    match (rule.every, rule.weekday) {
        (Frequency::Week, wd) => match (n, wd.map(|(_, d)| day(d))) {
            (1, Some(d)) => format!("Jeden {d}"),
            (1, None) => "Wöchentlich".into(),
            (n, Some(d)) => format!("Alle {n} Wochen am {d}"),
            (n, None) => format!("Alle {n} Wochen"),
        },
        (Frequency::Month, Some((nth, d))) => {
            let which = if nth == -1 {
                "letzten".to_string()
            } else {
                format!("{}.", nth.max(1))
            };
            let every = if n == 1 {
                "im Monat".to_string()
            } else {
                format!("alle {n} Monate")
            };
            format!("Jeden {which} {} {every}", day(d))
        }
        (Frequency::Month, None) if n == 1 => format!("Monatlich am {first_day}."),
        (Frequency::Month, None) => format!("Alle {n} Monate am {first_day}."),
    }
}

fn english(rule: &Repeat, n: u32, first_day: u32) -> String {
    let day = |d| weekday(d, Language::En);
    match (rule.every, rule.weekday) {
        (Frequency::Week, wd) => match (n, wd.map(|(_, d)| day(d))) {
            (1, Some(d)) => format!("Every {d}"),
            (1, None) => "Weekly".into(),
            (n, Some(d)) => format!("Every {n} weeks on {d}"),
            (n, None) => format!("Every {n} weeks"),
        },
        (Frequency::Month, Some((nth, d))) => {
            let which = match nth {
                -1 => "last".to_string(),
                1 | 0 => "1st".into(),
                2 => "2nd".into(),
                3 => "3rd".into(),
                n => format!("{n}th"),
            };
            let every = if n == 1 {
                "of the month".to_string()
            } else {
                format!("every {n} months")
            };
            format!("Every {which} {} {every}", day(d))
        }
        (Frequency::Month, None) if n == 1 => format!("Monthly on day {first_day}"),
        (Frequency::Month, None) => format!("Every {n} months on day {first_day}"),
    }
}

fn turkish(rule: &Repeat, n: u32, first_day: u32) -> String {
    let day = |d| weekday(d, Language::Tr);
    let month = if n == 1 {
        "Her ayın".to_string()
    } else {
        format!("{n} ayda bir, ayın")
    };
    match (rule.every, rule.weekday) {
        (Frequency::Week, wd) => match (n, wd.map(|(_, d)| day(d))) {
            (1, Some(d)) => format!("Her {d}"),
            (1, None) => "Her hafta".into(),
            (n, Some(d)) => format!("{n} haftada bir, {d}"),
            (n, None) => format!("{n} haftada bir"),
        },
        (Frequency::Month, Some((nth, d))) => {
            let which = if nth == -1 {
                "son".to_string()
            } else {
                format!("{}.", nth.max(1))
            };
            format!("{month} {which} {} günü", day(d))
        }
        (Frequency::Month, None) => format!("{month} {first_day}. günü"),
    }
}

/// The Slavic plural of a count: one, few (2–4) or many.
fn plural<'a>(n: u32, one: &'a str, few: &'a str, many: &'a str) -> &'a str {
    match (n % 10, n % 100) {
        (1, m) if m != 11 => one,
        (2..=4, m) if !(12..=14).contains(&m) => few,
        _ => many,
    }
}

/// Ukrainian weekday: "every" form, accusative, feminine?
fn uk_day(d: Weekday) -> (&'static str, &'static str, bool) {
    match d {
        Weekday::Mon => ("Щопонеділка", "понеділок", false),
        Weekday::Tue => ("Щовівторка", "вівторок", false),
        Weekday::Wed => ("Щосереди", "середу", true),
        Weekday::Thu => ("Щочетверга", "четвер", false),
        Weekday::Fri => ("Щоп'ятниці", "п'ятницю", true),
        Weekday::Sat => ("Щосуботи", "суботу", true),
        Weekday::Sun => ("Щонеділі", "неділю", true),
    }
}

/// Ukrainian "у" or "в", whichever keeps vowels and consonants
/// alternating: "Щомісяця в другий", "Раз на 5 місяців у другий".
fn uk_in(before: &str, word: &str) -> &'static str {
    let vowel = |c: Option<char>| c.is_some_and(|c| "аеєиіїоуюя".contains(c));
    if vowel(before.chars().last()) || vowel(word.chars().next()) {
        "в"
    } else {
        "у"
    }
}

fn ukrainian(rule: &Repeat, n: u32, first_day: u32) -> String {
    let weeks = format!("Раз на {n} {}", plural(n, "тиждень", "тижні", "тижнів"));
    let months = if n == 1 {
        "Щомісяця".to_string()
    } else {
        format!("Раз на {n} {}", plural(n, "місяць", "місяці", "місяців"))
    };
    match (rule.every, rule.weekday) {
        (Frequency::Week, Some((_, d))) if n == 1 => uk_day(d).0.into(),
        (Frequency::Week, None) if n == 1 => "Щотижня".into(),
        (Frequency::Week, Some((_, d))) => format!("{weeks}, у {}", uk_day(d).1),
        (Frequency::Week, None) => weeks,
        (Frequency::Month, Some((nth, d))) => {
            let (_, acc, feminine) = uk_day(d);
            let which = match (nth, feminine) {
                (-1, false) => "останній",
                (-1, true) => "останню",
                (2, false) => "другий",
                (2, true) => "другу",
                (3, false) => "третій",
                (3, true) => "третю",
                (4, false) => "четвертий",
                (4, true) => "четверту",
                (5, false) => "п'ятий",
                (5, true) => "п'яту",
                (_, false) => "перший",
                (_, true) => "першу",
            };
            format!("{months} {} {which} {acc}", uk_in(&months, which))
        }
        (Frequency::Month, None) => format!("{months}, {first_day}-го числа"),
    }
}

/// Russian weekday: "every" form, "on" form, gender (m, f, n).
fn ru_day(d: Weekday) -> (&'static str, &'static str, char) {
    match d {
        Weekday::Mon => ("Каждый понедельник", "понедельник", 'm'),
        Weekday::Tue => ("Каждый вторник", "вторник", 'm'),
        Weekday::Wed => ("Каждую среду", "среду", 'f'),
        Weekday::Thu => ("Каждый четверг", "четверг", 'm'),
        Weekday::Fri => ("Каждую пятницу", "пятницу", 'f'),
        Weekday::Sat => ("Каждую субботу", "субботу", 'f'),
        Weekday::Sun => ("Каждое воскресенье", "воскресенье", 'n'),
    }
}

/// Russian "в", or "во" before "в" and a consonant ("во вторник").
fn ru_in(word: &str) -> String {
    let mut chars = word.chars();
    let vo = chars.next() == Some('в') && chars.next().is_some_and(|c| !"аеёиоуыэюя".contains(c));
    format!("{} {word}", if vo { "во" } else { "в" })
}

fn russian(rule: &Repeat, n: u32, first_day: u32) -> String {
    let weeks = format!("Раз в {n} {}", plural(n, "неделю", "недели", "недель"));
    let months = if n == 1 {
        "Каждый месяц".to_string()
    } else {
        format!("Раз в {n} {}", plural(n, "месяц", "месяца", "месяцев"))
    };
    match (rule.every, rule.weekday) {
        (Frequency::Week, Some((_, d))) if n == 1 => ru_day(d).0.into(),
        (Frequency::Week, None) if n == 1 => "Еженедельно".into(),
        (Frequency::Week, Some((_, d))) => format!("{weeks}, {}", ru_in(ru_day(d).1)),
        (Frequency::Week, None) => weeks,
        (Frequency::Month, Some((nth, d))) => {
            let (_, acc, gender) = ru_day(d);
            let stem = match nth {
                -1 => "последн",
                2 => "втор",
                3 => "трет",
                4 => "четвёрт",
                5 => "пят",
                _ => "перв",
            };
            let ending = match (stem, gender) {
                ("трет", 'f') => "ью",
                ("трет", 'n') => "ье",
                ("трет", _) => "ий",
                ("последн", 'm') => "ий",
                ("последн", 'f') => "юю",
                ("последн", _) => "ее",
                ("втор", 'm') => "ой",
                (_, 'm') => "ый",
                (_, 'f') => "ую",
                _ => "ое",
            };
            format!("{months} {} {acc}", ru_in(&format!("{stem}{ending}")))
        }
        (Frequency::Month, None) => format!("{months}, {first_day}-го числа"),
    }
}

/// "كل أسبوعين", "كل 3 أسابيع", "كل 11 أسبوعًا": Arabic counts.
fn ar_every(n: u32, dual: &str, plural: &str, single: &str) -> String {
    match n {
        2 => format!("كل {dual}"),
        3..=10 => format!("كل {n} {plural}"),
        _ => format!("كل {n} {single}"),
    }
}

fn arabic(rule: &Repeat, n: u32, first_day: u32) -> String {
    let day = |d| weekday(d, Language::Ar);
    let months = if n == 1 {
        "شهريًا".to_string()
    } else {
        ar_every(n, "شهرين", "أشهر", "شهرًا")
    };
    let weeks = if n == 1 {
        "أسبوعيًا".to_string()
    } else {
        ar_every(n, "أسبوعين", "أسابيع", "أسبوعًا")
    };
    match (rule.every, rule.weekday) {
        (Frequency::Week, Some((_, d))) => format!("{weeks} يوم {}", day(d)),
        (Frequency::Week, None) => weeks,
        (Frequency::Month, Some((nth, d))) => {
            let which = match nth {
                -1 => "الأخير",
                2 => "الثاني",
                3 => "الثالث",
                4 => "الرابع",
                5 => "الخامس",
                _ => "الأول",
            };
            format!("{months}، يوم {} {which} من الشهر", day(d))
        }
        (Frequency::Month, None) => format!("{months}، في اليوم {first_day} من الشهر"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(every: Frequency, interval: u32, weekday: Option<(i8, Weekday)>) -> Repeat {
        Repeat {
            every,
            interval,
            weekday,
            until: None,
            count: None,
            except: Vec::new(),
        }
    }

    #[test]
    fn recurrences_in_every_language() {
        let second_tue = rule(Frequency::Month, 1, Some((2, Weekday::Tue)));
        let last_wed = rule(Frequency::Month, 2, Some((-1, Weekday::Wed)));
        let weekly = rule(Frequency::Week, 1, Some((0, Weekday::Fri)));
        let fortnightly = rule(Frequency::Week, 2, Some((0, Weekday::Thu)));
        let monthly = rule(Frequency::Month, 3, None);
        let table = [
            (
                Language::De,
                [
                    "Jeden 2. Dienstag im Monat",
                    "Jeden letzten Mittwoch alle 2 Monate",
                    "Jeden Freitag",
                    "Alle 2 Wochen am Donnerstag",
                    "Alle 3 Monate am 5.",
                ],
            ),
            (
                Language::En,
                [
                    "Every 2nd Tuesday of the month",
                    "Every last Wednesday every 2 months",
                    "Every Friday",
                    "Every 2 weeks on Thursday",
                    "Every 3 months on day 5",
                ],
            ),
            (
                Language::Tr,
                [
                    "Her ayın 2. Salı günü",
                    "2 ayda bir, ayın son Çarşamba günü",
                    "Her Cuma",
                    "2 haftada bir, Perşembe",
                    "3 ayda bir, ayın 5. günü",
                ],
            ),
            (
                Language::Uk,
                [
                    "Щомісяця в другий вівторок",
                    "Раз на 2 місяці в останню середу",
                    "Щоп'ятниці",
                    "Раз на 2 тижні, у четвер",
                    "Раз на 3 місяці, 5-го числа",
                ],
            ),
            (
                Language::Ru,
                [
                    "Каждый месяц во второй вторник",
                    "Раз в 2 месяца в последнюю среду",
                    "Каждую пятницу",
                    "Раз в 2 недели, в четверг",
                    "Раз в 3 месяца, 5-го числа",
                ],
            ),
            (
                Language::Ar,
                [
                    "شهريًا، يوم الثلاثاء الثاني من الشهر",
                    "كل شهرين، يوم الأربعاء الأخير من الشهر",
                    "أسبوعيًا يوم الجمعة",
                    "كل أسبوعين يوم الخميس",
                    "كل 3 أشهر، في اليوم 5 من الشهر",
                ],
            ),
        ];
        for (lang, want) in table {
            let rules = [&second_tue, &last_wed, &weekly, &fortnightly, &monthly];
            for (r, want) in rules.iter().zip(want) {
                assert_eq!(describe_repeat(r, 5, lang), want, "{}", lang.code());
            }
        }
    }

    #[test]
    fn slavic_plurals() {
        assert_eq!(plural(1, "a", "b", "c"), "a");
        assert_eq!(plural(3, "a", "b", "c"), "b");
        assert_eq!(plural(12, "a", "b", "c"), "c");
        assert_eq!(plural(22, "a", "b", "c"), "b");
        assert_eq!(plural(5, "a", "b", "c"), "c");
    }
}
