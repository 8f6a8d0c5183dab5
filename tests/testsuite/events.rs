//! Events: listings relative to "now", recurring meetings, calendar files
//! parsed back with the `ical` crate, and Event JSON-LD parsed as JSON.

use ical::parser::ical::component::{IcalCalendar, IcalEvent};
use serde_json::Value;

use crate::harness::TestSite;

fn parse_calendar(text: &str) -> IcalCalendar {
    let mut parser = ical::IcalParser::new(text.as_bytes());
    let cal = parser
        .next()
        .expect("one calendar")
        .expect("calendar parses");
    assert!(parser.next().is_none(), "exactly one VCALENDAR");
    cal
}

fn prop<'a>(event: &'a IcalEvent, name: &str) -> Option<&'a str> {
    event
        .properties
        .iter()
        .find(|p| p.name == name)
        .and_then(|p| p.value.as_deref())
}

fn params(event: &IcalEvent, name: &str) -> Vec<(String, Vec<String>)> {
    event
        .properties
        .iter()
        .find(|p| p.name == name)
        .and_then(|p| p.params.clone())
        .unwrap_or_default()
}

fn events_site() -> TestSite {
    let site = TestSite::new();
    site.file(
        "content/events/cafe.md",
        "---\ntitle: Mietercafé\nstart: 2026-10-13T19:00\nend: 2026-10-13T21:00\nrepeat:\n  every: month\n  weekday: 2nd tuesday\n  count: 8\n  except: [2027-01-12]\nlocation:\n  name: Treff\n  address: Am Hof 7, 10827 Berlin\n  lat: 52.5\n  lon: 13.4\ncategories: [Nachbarschaft]\n---\nKaffee, Kuchen; Fragen \\\\ Antworten.\n\nZweiter Absatz.\n",
    )
    .file(
        "content/events/sperrmuell.md",
        "---\ntitle: Sperrmüll\nstart: 2027-03-20\nall_day: true\n---\nGanztägig.\n",
    )
    .file(
        "content/events/flohmarkt.md",
        "---\ntitle: \"Flohmarkt, Basar; & <Tausch>\"\nstart: 2026-11-29T10:00\nend: 2026-11-29T14:00\nstatus: cancelled\nlocation: {name: Saal}\n---\nFällt aus.\n",
    )
    .file(
        "content/events/vorbei.md",
        "---\ntitle: Vorbei\nstart: 2026-05-01T18:00\nonline_url: https://meet.example.org/x\nregistration: {url: https://anmelden.example.org, deadline: 2026-04-30}\n---\nWar online.\n",
    );
    site
}

#[test]
fn listing_splits_upcoming_and_past_with_next_occurrence() {
    let site = events_site();
    site.build_ok();
    let page = site.html("events/index.html");
    let upcoming = page.texts("#upcoming + .event-list .card-title");
    // NOW is 2026-11-24: the café's next date is 8 Dec, the flea market (cancelled) is 29 Nov.
    assert_eq!(
        upcoming,
        vec!["Flohmarkt, Basar; & <Tausch>", "Mietercafé", "Sperrmüll"]
    );
    let dates = page.attrs("#upcoming + .event-list .event-date", "datetime");
    assert_eq!(dates[1], "2026-12-08T19:00:00+01:00");
    assert_eq!(page.texts(".past .card-title"), vec!["Vorbei"]);
    assert_eq!(page.texts(".is-cancelled .badge"), vec!["Abgesagt"]);
    let home = site.html("index.html");
    assert_eq!(home.count(".event-card"), 3);
    let webcal = page.attrs(".calendar-links a", "href");
    assert_eq!(webcal[0], "webcal://mag.example.org/events/calendar.ics");
}

#[test]
fn recurring_event_page_lists_next_dates() {
    let site = events_site();
    site.build_ok();
    let page = site.html("events/cafe/index.html");
    let dates = page.attrs(".next-dates time", "datetime");
    assert_eq!(
        dates,
        vec![
            "2026-12-08T19:00:00+01:00",
            "2027-02-09T19:00:00+01:00",
            "2027-03-09T19:00:00+01:00",
            "2027-04-13T19:00:00+02:00",
            "2027-05-11T19:00:00+02:00",
        ]
    );
    assert!(page
        .text(".event-details")
        .contains("Jeden 2. Dienstag im Monat, 19:00 Uhr"));
    assert_eq!(page.attrs("a[download]", "href"), vec!["/events/cafe.ics"]);
}

#[test]
fn calendar_files_are_valid_icalendar() {
    let site = events_site();
    site.build_ok();
    for file in [
        "events/calendar.ics",
        "events/cafe.ics",
        "events/sperrmuell.ics",
        "categories/nachbarschaft/calendar.ics",
    ] {
        let raw = site.read(file);
        assert!(raw.ends_with("END:VCALENDAR\r\n"), "{file}");
        for line in raw.split_inclusive('\n') {
            assert!(line.ends_with("\r\n"), "{file}: bare LF in {line:?}");
            assert!(
                line.len() - 2 <= 75,
                "{file}: {} octets: {line:?}",
                line.len() - 2
            );
        }
        let cal = parse_calendar(&raw);
        let version = cal
            .properties
            .iter()
            .find(|p| p.name == "VERSION")
            .and_then(|p| p.value.clone());
        assert_eq!(version.as_deref(), Some("2.0"));
        assert!(cal.properties.iter().any(|p| p.name == "PRODID"));
    }
    let all = parse_calendar(&site.read("events/calendar.ics"));
    assert_eq!(all.events.len(), 4);
    let cat = parse_calendar(&site.read("categories/nachbarschaft/calendar.ics"));
    assert_eq!(cat.events.len(), 1);
}

#[test]
fn recurring_event_keeps_local_time_with_rrule_and_vtimezone() {
    let site = events_site();
    site.build_ok();
    let cal = parse_calendar(&site.read("events/cafe.ics"));
    let event = &cal.events[0];
    assert_eq!(prop(event, "DTSTART"), Some("20261013T190000"));
    assert_eq!(
        params(event, "DTSTART"),
        vec![("TZID".to_string(), vec!["Europe/Berlin".to_string()])]
    );
    assert_eq!(prop(event, "RRULE"), Some("FREQ=MONTHLY;BYDAY=2TU;COUNT=8"));
    assert_eq!(prop(event, "EXDATE"), Some("20270112T190000"));
    // The zone is defined in the file, with the switch to summer time, so
    // the April meeting stays at 19:00 local (17:00 UTC instead of 18:00).
    let tz = &cal.timezones[0];
    let tzid = tz
        .properties
        .iter()
        .find(|p| p.name == "TZID")
        .and_then(|p| p.value.clone());
    assert_eq!(tzid.as_deref(), Some("Europe/Berlin"));
    let kinds: Vec<&str> = tz
        .transitions
        .iter()
        .map(|t| match t.transition {
            ical::parser::ical::component::IcalTimeZoneTransitionType::STANDARD => "STANDARD",
            ical::parser::ical::component::IcalTimeZoneTransitionType::DAYLIGHT => "DAYLIGHT",
        })
        .collect();
    assert_eq!(kinds, vec!["DAYLIGHT", "STANDARD"]);
    let daylight = &tz.transitions[0];
    let get = |name: &str| {
        daylight
            .properties
            .iter()
            .find(|p| p.name == name)
            .and_then(|p| p.value.clone())
    };
    assert_eq!(get("TZOFFSETTO").as_deref(), Some("+0200"));
    assert_eq!(
        get("RRULE").as_deref(),
        Some("FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU")
    );
}

#[test]
fn calendar_escapes_text_and_marks_cancellations() {
    let site = events_site();
    site.build_ok();
    let cal = parse_calendar(&site.read("events/flohmarkt.ics"));
    let event = &cal.events[0];
    assert_eq!(
        prop(event, "SUMMARY"),
        Some("Flohmarkt\\, Basar\\; & <Tausch>")
    );
    assert_eq!(prop(event, "STATUS"), Some("CANCELLED"));
    assert_eq!(prop(event, "SEQUENCE"), Some("1"));
    let cafe = parse_calendar(&site.read("events/cafe.ics"));
    let description = prop(&cafe.events[0], "DESCRIPTION").unwrap();
    assert_eq!(
        description,
        "Kaffee\\, Kuchen\\; Fragen \\\\ Antworten.\\n\\nZweiter Absatz."
    );
    assert_eq!(prop(&cafe.events[0], "GEO"), Some("52.5;13.4"));
    assert_eq!(
        prop(&cafe.events[0], "LOCATION"),
        Some("Treff\\, Am Hof 7\\, 10827 Berlin")
    );
}

#[test]
fn all_day_events_use_date_values() {
    let site = events_site();
    site.build_ok();
    let cal = parse_calendar(&site.read("events/sperrmuell.ics"));
    let event = &cal.events[0];
    assert_eq!(prop(event, "DTSTART"), Some("20270320"));
    assert_eq!(
        params(event, "DTSTART"),
        vec![("VALUE".to_string(), vec!["DATE".to_string()])]
    );
    assert_eq!(prop(event, "DTEND"), Some("20270321"));
}

#[test]
fn uids_and_bytes_are_stable_across_builds() {
    let site = events_site();
    site.build_ok();
    let first = site.read("events/calendar.ics");
    site.build_ok();
    assert_eq!(first, site.read("events/calendar.ics"));
    let cal = parse_calendar(&first);
    let uids: Vec<&str> = cal.events.iter().map(|e| prop(e, "UID").unwrap()).collect();
    assert!(uids.contains(&"https://mag.example.org/events/cafe/"));
    // DTSTAMP comes from content: the café has no date, so its start.
    let cafe = cal
        .events
        .iter()
        .find(|e| prop(e, "UID") == Some("https://mag.example.org/events/cafe/"))
        .unwrap();
    assert_eq!(prop(cafe, "DTSTAMP"), Some("20261013T170000Z"));
}

fn jsonld(site: &TestSite, page: &str) -> Vec<Value> {
    site.html(page).jsonld()
}

#[test]
fn event_json_ld_has_the_required_fields() {
    let site = events_site();
    site.build_ok();
    let data = jsonld(&site, "events/cafe/index.html");
    let event = data
        .iter()
        .find(|v| v["@type"] == "Event")
        .expect("Event JSON-LD");
    assert_eq!(event["name"], "Mietercafé");
    assert_eq!(event["startDate"], "2026-12-08T19:00:00+01:00");
    assert_eq!(event["endDate"], "2026-12-08T21:00:00+01:00");
    assert_eq!(event["eventStatus"], "https://schema.org/EventScheduled");
    assert_eq!(
        event["eventAttendanceMode"],
        "https://schema.org/OfflineEventAttendanceMode"
    );
    assert_eq!(event["location"]["@type"], "Place");
    assert_eq!(event["location"]["address"]["postalCode"], "10827");
    assert!(data.iter().any(|v| v["@type"] == "BreadcrumbList"));

    let online = jsonld(&site, "events/vorbei/index.html");
    let event = online.iter().find(|v| v["@type"] == "Event").unwrap();
    assert_eq!(
        event["eventAttendanceMode"],
        "https://schema.org/OnlineEventAttendanceMode"
    );
    assert_eq!(event["location"]["@type"], "VirtualLocation");
    assert_eq!(event["offers"]["url"], "https://anmelden.example.org");

    let cancelled = jsonld(&site, "events/flohmarkt/index.html");
    let event = cancelled.iter().find(|v| v["@type"] == "Event").unwrap();
    assert_eq!(event["eventStatus"], "https://schema.org/EventCancelled");
    assert_eq!(event["name"], "Flohmarkt, Basar; & <Tausch>");
    let all_day = jsonld(&site, "events/sperrmuell/index.html");
    assert_eq!(
        all_day.iter().find(|v| v["@type"] == "Event").unwrap()["startDate"],
        "2027-03-20"
    );
}

#[test]
fn bad_recurrence_rules_are_reported() {
    let site = TestSite::new();
    site.file("content/events/x.md", "---\ntitle: X\nstart: 2026-12-01T19:00\nrepeat:\n  every: month\n  weekday: 7th sunday\n---\n");
    let err = site.build_fails();
    assert!(
        err.contains("content/events/x.md:6: key `repeat.weekday`"),
        "{err}"
    );
    site.file(
        "content/events/x.md",
        "---\ntitle: X\nstart: 2026-12-01T19:00\nrepeat:\n  every: year\n---\n",
    );
    let err = site.build_fails();
    assert!(
        err.contains("content/events/x.md:5: key `repeat.every`"),
        "{err}"
    );
    site.file(
        "content/events/x.md",
        "---\ntitle: X\nstart: 2026-12-01T19:00\nregistration:\n  deadline: 2026-12-02\n---\n",
    );
    let err = site.build_fails();
    assert!(
        err.contains("content/events/x.md:5: key `registration.deadline`"),
        "{err}"
    );
}
