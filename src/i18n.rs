//! UI strings and date formats for the languages kiez ships (German and
//! English). Templates get the strings as `t.KEY`; dates go through the
//! `date` filter, which uses [`format_date`].

use chrono::{DateTime, Datelike, FixedOffset, Timelike};
use serde_json::{Map, Value};

use crate::config::Language;

mod privacy;

pub use privacy::analytics_notice;

const STRINGS: &[(&str, &str, &str)] = &[
    // key, German, English
    ("skip_to_content", "Zum Inhalt springen", "Skip to content"),
    ("menu", "Menü", "Menu"),
    ("main_navigation", "Hauptnavigation", "Main navigation"),
    ("language", "Sprache", "Language"),
    ("home", "Startseite", "Home"),
    ("articles", "Magazin", "Magazine"),
    ("events", "Termine", "Events"),
    ("faq", "Fragen & Antworten", "Questions & answers"),
    ("faq_short", "FAQ", "FAQ"),
    ("tags", "Schlagwörter", "Tags"),
    ("categories", "Rubriken", "Categories"),
    ("authors", "Autorinnen und Autoren", "Authors"),
    ("tag", "Schlagwort", "Tag"),
    ("category", "Rubrik", "Category"),
    ("author", "Autor/in", "Author"),
    ("latest_articles", "Neueste Beiträge", "Latest articles"),
    ("all_articles", "Alle Beiträge", "All articles"),
    ("upcoming_events", "Nächste Termine", "Upcoming events"),
    ("past_events", "Vergangene Termine", "Past events"),
    ("all_events", "Alle Termine", "All events"),
    ("no_upcoming_events", "Zurzeit sind keine Termine geplant.", "No events are planned at the moment."),
    ("faq_categories", "Themen im FAQ", "FAQ topics"),
    ("read_more", "Weiterlesen", "Read more"),
    ("reading_time", "Min. Lesezeit", "min read"),
    ("published", "Veröffentlicht am", "Published on"),
    ("updated", "Aktualisiert am", "Updated on"),
    ("by", "von", "by"),
    ("contents", "Inhalt", "Contents"),
    ("page", "Seite", "Page"),
    ("of", "von", "of"),
    ("pagination", "Seitennavigation", "Pagination"),
    ("newer", "Neuere Beiträge", "Newer articles"),
    ("older", "Ältere Beiträge", "Older articles"),
    ("breadcrumbs", "Brotkrumen-Navigation", "Breadcrumbs"),
    ("when", "Wann", "When"),
    ("where", "Wo", "Where"),
    ("online", "Online", "Online"),
    ("join_online", "Online teilnehmen", "Join online"),
    ("organizer", "Veranstalter", "Organizer"),
    ("registration", "Anmeldung", "Registration"),
    ("register", "Jetzt anmelden", "Register now"),
    ("register_until", "Anmeldung bis", "Register by"),
    ("registration_closed", "Anmeldung geschlossen", "Registration closed"),
    ("poll", "Terminumfrage", "Date poll"),
    ("poll_link", "Termin mit abstimmen", "Vote on a date"),
    ("discuss", "Diskutieren Sie mit", "Join the discussion"),
    ("load_comments", "Kommentare aus dem Forum laden", "Load comments from the forum"),
    ("map", "Auf der Karte zeigen", "Show on map"),
    ("status_cancelled", "Abgesagt", "Cancelled"),
    ("status_postponed", "Verschoben", "Postponed"),
    ("status_moved_online", "Findet online statt", "Moved online"),
    ("all_day", "ganztägig", "all day"),
    ("questions", "Fragen", "questions"),
    ("question_count_one", "Frage", "question"),
    ("related_questions", "Verwandte Fragen", "Related questions"),
    ("last_updated", "Zuletzt aktualisiert", "Last updated"),
    ("gallery", "Bildergalerie", "Photo gallery"),
    ("tagged", "Beiträge mit dem Schlagwort", "Posts tagged"),
    ("in_category", "Beiträge in der Rubrik", "Posts in category"),
    ("written_by", "Beiträge von", "Posts by"),
    ("not_found_title", "Seite nicht gefunden", "Page not found"),
    ("not_found_text", "Diese Seite gibt es nicht (mehr). Vielleicht finden Sie das Gesuchte über die Startseite oder das Magazin.", "This page does not exist (any more). You may find what you were looking for from the home page or the magazine."),
    ("back_home", "Zur Startseite", "Back to the home page"),
    ("redirect", "Diese Seite ist umgezogen:", "This page has moved:"),
    ("type_article", "Beitrag", "Article"),
    ("type_event", "Termin", "Event"),
    ("type_faq", "Frage", "Question"),
    ("type_page", "Seite", "Page"),
    ("subscribe", "Abonnieren", "Subscribe"),
    ("subscribe_section", "Diese Seite abonnieren", "Subscribe to this page"),
    ("add_to_calendar", "In den Kalender eintragen", "Add to calendar"),
    ("subscribe_calendar", "Kalender abonnieren", "Subscribe to the calendar"),
    ("download_calendar", "Alle Termine als Datei (.ics)", "All events as a file (.ics)"),
    ("next_dates", "Nächste Termine dieser Reihe", "Next dates in this series"),
    ("repeats", "Regelmäßig", "Repeats"),
    ("attendance_online", "Online-Veranstaltung", "Online event"),
    ("card_event", "Veranstaltung", "Event"),
    ("link_in_bio", "Link in der Bio", "Link in bio"),
    ("share", "Teilen", "Share"),
    ("share_on", "Teilen auf", "Share on"),
    ("share_by_email", "Per E-Mail teilen", "Share by e-mail"),
    ("share_native", "Teilen …", "Share …"),
    ("copy_link", "Link kopieren", "Copy link"),
    ("link_copied", "Link kopiert", "Link copied"),
    ("search", "Suche", "Search"),
    ("search_site", "Website durchsuchen", "Search this site"),
    ("search_label", "Suchbegriff", "Search term"),
    ("search_button", "Suchen", "Search"),
    ("search_placeholder", "z. B. Heizung, Nebenkosten", "e.g. heating, utility bill"),
    ("search_found", "Treffer", "results"),
    ("search_none", "Keine Treffer. Versuchen Sie ein anderes Wort.", "No results. Try another word."),
    ("search_error", "Die Suche ist gerade nicht erreichbar.", "Search is not available right now."),
    ("search_noscript", "Die Suche braucht JavaScript. Alle Inhalte finden Sie auch über diese Übersichten:", "Search needs JavaScript. You can find everything through these overviews too:"),
    ("downloads", "Downloads", "Downloads"),
    ("faq_ask", "Ihre Frage ist nicht dabei?", "Your question is not here?"),
    ("faq_ask_link", "Fragen Sie uns", "Ask us"),
    ("previous", "Zurück", "Previous"),
    ("next", "Weiter", "Next"),
    ("close", "Schließen", "Close"),
    ("edition", "Ausgabe", "Edition"),
    ("editions", "Ausgaben", "Editions"),
    ("all_editions", "Alle Ausgaben", "All editions"),
    ("latest_edition", "Aktuelle Ausgabe", "Current edition"),
    ("in_edition", "Erschienen in", "Published in"),
    ("edition_articles", "In dieser Ausgabe", "In this edition"),
    ("type_edition", "Ausgabe", "Edition"),
    ("newsletter", "Newsletter abonnieren", "Subscribe to the newsletter"),
    ("email_address", "E-Mail-Adresse", "E-mail address"),
    ("digest_title", "Neues aus dem", "News from"),
    ("digest_new_articles", "Neue Beiträge", "New articles"),
    ("digest_new_answers", "Neue und aktualisierte Antworten", "New and updated answers"),
    ("digest_new_edition", "Die neue Ausgabe", "The new edition"),
    ("digest_on_site", "Im Browser lesen", "Read in your browser"),
    ("digest_why", "Sie erhalten diesen Newsletter, weil Sie ihn abonniert haben.", "You receive this newsletter because you subscribed to it."),
    ("footer_published_by", "Herausgegeben von", "Published by"),
];

/// One UI string of `lang`, for output outside templates (calendar
/// entries); the key itself when there is no such string.
pub fn text(key: &'static str, lang: Language) -> &'static str {
    STRINGS
        .iter()
        .find(|(k, _, _)| *k == key)
        .map_or(key, |(_, de, en)| match lang {
            Language::De => de,
            _ => en,
        })
}

/// The UI strings of `lang` as a template object.
pub fn strings(lang: Language) -> Value {
    let map: Map<String, Value> = STRINGS
        .iter()
        .map(|(key, de, en)| {
            let text = match lang {
                Language::De => de,
                _ => en,
            };
            (key.to_string(), Value::String(text.to_string()))
        })
        .collect();
    Value::Object(map)
}

const MONTHS_DE: [&str; 12] = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const WEEKDAYS_DE: [&str; 7] = [
    "Montag",
    "Dienstag",
    "Mittwoch",
    "Donnerstag",
    "Freitag",
    "Samstag",
    "Sonntag",
];
const WEEKDAYS_EN: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Formats a date in the site's language. Formats: `long` (22. November
/// 2026), `short` (22.11.2026), `weekday` (Sonntag, 22. November 2026),
/// `time` (18:00 Uhr), `datetime` (long + time), `day` (22), `month` (Nov.).
pub fn format_date(dt: &DateTime<FixedOffset>, format: &str, lang: Language) -> Option<String> {
    let (d, m, y) = (dt.day(), dt.month0() as usize, dt.year());
    let wd = dt.weekday().num_days_from_monday() as usize;
    let time = match lang {
        Language::De => format!("{:02}:{:02} Uhr", dt.hour(), dt.minute()),
        _ => {
            let (pm, h) = dt.hour12();
            format!("{h}:{:02} {}", dt.minute(), if pm { "pm" } else { "am" })
        }
    };
    let long = match lang {
        Language::De => format!("{d}. {} {y}", MONTHS_DE[m]),
        _ => format!("{} {d}, {y}", MONTHS_EN[m]),
    };
    Some(match format {
        "long" => long,
        "short" => match lang {
            Language::De => format!("{d:02}.{:02}.{y}", m + 1),
            _ => format!("{y}-{:02}-{d:02}", m + 1),
        },
        "weekday" => match lang {
            Language::De => format!("{}, {long}", WEEKDAYS_DE[wd]),
            _ => format!("{}, {long}", WEEKDAYS_EN[wd]),
        },
        "time" => time,
        "datetime" => format!("{long}, {time}"),
        "day" => d.to_string(),
        "month" => {
            let name = match lang {
                Language::De => MONTHS_DE[m],
                _ => MONTHS_EN[m],
            };
            name.chars().take(3).collect()
        }
        "iso" => dt.to_rfc3339(),
        _ => return None,
    })
}

/// A file size for readers: "245 KB", "1,2 MB" (German decimal comma).
pub fn format_size(bytes: u64, lang: Language) -> String {
    let text = if bytes < 1024 {
        format!("{bytes} B")
    } else if bytes < 1024 * 1024 {
        format!("{} KB", bytes.div_ceil(1024))
    } else {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    };
    match lang {
        Language::De => text.replace('.', ","),
        _ => text,
    }
}

/// "Jeden 2. Dienstag im Monat" / "Every 2nd Tuesday of the month".
pub fn describe_repeat(rule: &crate::content::Repeat, first_day: u32, lang: Language) -> String {
    use crate::content::Frequency;
    let day = |d: chrono::Weekday| {
        let i = d.num_days_from_monday() as usize;
        match lang {
            Language::De => WEEKDAYS_DE[i],
            _ => WEEKDAYS_EN[i],
        }
    };
    let n = rule.interval;
    match (rule.every, rule.weekday, lang) {
        (Frequency::Week, wd, Language::De) => {
            let d = wd.map(|(_, d)| day(d));
            match (n, d) {
                (1, Some(d)) => format!("Jeden {d}"),
                (1, None) => "Wöchentlich".into(),
                (n, Some(d)) => format!("Alle {n} Wochen am {d}"),
                (n, None) => format!("Alle {n} Wochen"),
            }
        }
        (Frequency::Week, wd, _) => {
            let d = wd.map(|(_, d)| day(d));
            match (n, d) {
                (1, Some(d)) => format!("Every {d}"),
                (1, None) => "Weekly".into(),
                (n, Some(d)) => format!("Every {n} weeks on {d}"),
                (n, None) => format!("Every {n} weeks"),
            }
        }
        (Frequency::Month, Some((nth, d)), Language::De) => {
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
        (Frequency::Month, Some((nth, d)), _) => {
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
        (Frequency::Month, None, Language::De) => {
            if n == 1 {
                format!("Monatlich am {first_day}.")
            } else {
                format!("Alle {n} Monate am {first_day}.")
            }
        }
        (Frequency::Month, None, _) => {
            if n == 1 {
                format!("Monthly on day {first_day}")
            } else {
                format!("Every {n} months on day {first_day}")
            }
        }
    }
}

/// "Samstag, 5. Dezember 2026, 15:00 Uhr · Innenhof, Lindenstraße 1":
/// what a feed item says about an event, since readers show no templates.
pub fn event_line(event: &crate::content::Event, lang: Language) -> String {
    let date = |format| format_date(&event.start, format, lang).unwrap_or_default();
    let mut line = date("weekday");
    if !event.all_day {
        line.push_str(", ");
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
        line.push_str(" · Online");
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn german_and_english_dates() {
        let dt = DateTime::parse_from_rfc3339("2026-11-22T18:05:00+01:00").unwrap();
        assert_eq!(
            format_date(&dt, "long", Language::De).unwrap(),
            "22. November 2026"
        );
        assert_eq!(
            format_date(&dt, "long", Language::En).unwrap(),
            "November 22, 2026"
        );
        assert_eq!(
            format_date(&dt, "weekday", Language::De).unwrap(),
            "Sonntag, 22. November 2026"
        );
        assert_eq!(format_date(&dt, "time", Language::De).unwrap(), "18:05 Uhr");
        assert_eq!(format_date(&dt, "time", Language::En).unwrap(), "6:05 pm");
        assert!(format_date(&dt, "nope", Language::De).is_none());
    }

    #[test]
    fn every_string_exists_in_both_languages() {
        for (key, de, en) in STRINGS {
            assert!(!de.is_empty() && !en.is_empty(), "{key}");
        }
    }
}
