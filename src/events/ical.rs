//! iCalendar (RFC 5545) output: CRLF lines folded at 75 octets without
//! splitting a UTF-8 character, TEXT escaping, UIDs from permalinks,
//! DTSTAMP from content, and a VTIMEZONE for every TZID used, derived from
//! the time zone database so recurring meetings keep their local time.

use std::collections::BTreeSet;

use chrono::{
    DateTime, Datelike, Duration, FixedOffset, NaiveDate, Offset, TimeZone, Timelike, Utc,
};
use chrono_tz::{OffsetName, Tz};

use crate::content::recurrence;
use crate::content::{Event, EventStatus, Frequency, Repeat};
use crate::site::{Page, Site};

/// Builds one VCALENDAR from event pages.
pub fn calendar(site: &Site, name: &str, pages: &[&Page]) -> String {
    let mut lines: Vec<String> = vec![
        "BEGIN:VCALENDAR".into(),
        "VERSION:2.0".into(),
        format!(
            "PRODID:-//kiez//kiez {}//{}",
            env!("CARGO_PKG_VERSION"),
            site.config.language.code().to_uppercase()
        ),
        "CALSCALE:GREGORIAN".into(),
        "METHOD:PUBLISH".into(),
        format!("X-WR-CALNAME:{}", escape_text(name)),
        format!("X-WR-TIMEZONE:{}", site.config.tz.name()),
        // Ask subscribed clients to refresh twice a day.
        "REFRESH-INTERVAL;VALUE=DURATION:PT12H".into(),
        "X-PUBLISHED-TTL:PT12H".into(),
    ];
    let mut zones: BTreeSet<(String, i32)> = BTreeSet::new();
    for page in pages {
        if let Some(event) = &page.item.event {
            if !event.all_day {
                let year = event.start.with_timezone(&event.timezone).year();
                zones.insert((event.timezone.name().to_string(), year));
            }
        }
    }
    // One VTIMEZONE per zone, starting in the earliest year it is used.
    let mut seen = BTreeSet::new();
    for (zone, year) in &zones {
        if seen.insert(zone.clone()) {
            if let Ok(tz) = zone.parse::<Tz>() {
                lines.extend(vtimezone(tz, *year));
            }
        }
    }
    for page in pages {
        lines.extend(vevent(site, page));
    }
    lines.push("END:VCALENDAR".into());
    let mut out = String::new();
    for line in lines {
        out.push_str(&fold(&line));
    }
    out
}

/// One VEVENT for an event page, nothing for any other page.
fn vevent(site: &Site, page: &Page) -> Vec<String> {
    let Some(event) = &page.item.event else {
        return Vec::new();
    };
    let item = &page.item;
    let stamp = item
        .updated
        .or(item.published)
        .unwrap_or(event.start)
        .with_timezone(&Utc);
    let occurrences = recurrence::occurrences(event);
    let first = occurrences.first().copied().unwrap_or(event.start);
    let mut lines = vec![
        "BEGIN:VEVENT".to_string(),
        format!("UID:{}", page.permalink),
        format!("DTSTAMP:{}", utc(stamp)),
        format!("LAST-MODIFIED:{}", utc(stamp)),
        format!("SEQUENCE:{}", event.sequence),
    ];
    lines.extend(timing_lines(event, first));
    if let Some(rule) = &event.repeat {
        lines.push(format!("RRULE:{}", rrule(event, rule, first)));
        lines.extend(exdate_lines(event, rule, first));
    }
    lines.push(format!("SUMMARY:{}", escape_text(&item.title)));
    lines.extend(description_line(site, page, event));
    lines.push(format!("URL:{}", page.permalink));
    lines.extend(location_lines(event));
    if let Some(organizer) = &event.organizer {
        lines.push(format!("X-KIEZ-ORGANIZER:{}", escape_text(organizer)));
    }
    lines.extend(categories_line(page));
    lines.push(status_line(event.status));
    lines.push("TRANSP:OPAQUE".into());
    lines.push("END:VEVENT".into());
    lines
}

/// DTSTART and DTEND of the first occurrence: whole dates for all-day
/// events, local times in the event's zone otherwise.
fn timing_lines(event: &Event, first: DateTime<FixedOffset>) -> Vec<String> {
    let tz = event.timezone;
    let mut lines = Vec::new();
    if event.all_day {
        let start = first.with_timezone(&tz).date_naive();
        let days = recurrence::duration(event).num_days().max(1);
        lines.push(format!("DTSTART;VALUE=DATE:{}", date(start)));
        lines.push(format!(
            "DTEND;VALUE=DATE:{}",
            date(start + Duration::days(days))
        ));
    } else {
        lines.push(format!("DTSTART;TZID={}:{}", tz.name(), local(first, tz)));
        if event.end.is_some() {
            let end = first + recurrence::duration(event);
            lines.push(format!("DTEND;TZID={}:{}", tz.name(), local(end, tz)));
        }
    }
    lines
}

/// The RRULE value for a repeat rule, anchored on the first occurrence.
fn rrule(event: &Event, rule: &Repeat, first: DateTime<FixedOffset>) -> String {
    let tz = event.timezone;
    let mut rrule = match rule.every {
        Frequency::Week => "FREQ=WEEKLY".to_string(),
        Frequency::Month => "FREQ=MONTHLY".to_string(),
    };
    if rule.interval > 1 {
        rrule.push_str(&format!(";INTERVAL={}", rule.interval));
    }
    match (rule.every, rule.weekday) {
        (Frequency::Month, Some((nth, day))) => rrule.push_str(&format!(
            ";BYDAY={}{}",
            if nth == 0 { 1 } else { nth },
            weekday(day)
        )),
        (Frequency::Month, None) => {
            rrule.push_str(&format!(";BYMONTHDAY={}", first.with_timezone(&tz).day()))
        }
        (Frequency::Week, _) => rrule.push_str(&format!(
            ";BYDAY={}",
            weekday(first.with_timezone(&tz).weekday())
        )),
    }
    if let Some(count) = rule.count {
        rrule.push_str(&format!(";COUNT={count}"));
    }
    if let Some(until) = rule.until {
        // With a TZID start, UNTIL must be UTC: the end of that local day.
        let end_of_day = until.and_hms_opt(23, 59, 59).expect("valid time");
        let utc_until = tz
            .from_local_datetime(&end_of_day)
            .earliest()
            .map(|d| d.with_timezone(&Utc))
            .unwrap_or_else(|| Utc.from_utc_datetime(&end_of_day));
        if event.all_day {
            rrule.push_str(&format!(";UNTIL={}", date(until)));
        } else {
            rrule.push_str(&format!(";UNTIL={}", utc(utc_until)));
        }
    }
    rrule
}

/// One EXDATE per skipped date, at the first occurrence's local time so
/// clients match it against the generated instances.
fn exdate_lines(event: &Event, rule: &Repeat, first: DateTime<FixedOffset>) -> Vec<String> {
    let tz = event.timezone;
    let time = first.with_timezone(&tz).time();
    let mut lines = Vec::new();
    for except in &rule.except {
        if event.all_day {
            lines.push(format!("EXDATE;VALUE=DATE:{}", date(*except)));
        } else {
            let naive = except.and_time(time);
            if let Some(dt) = tz.from_local_datetime(&naive).earliest() {
                lines.push(format!(
                    "EXDATE;TZID={}:{}",
                    tz.name(),
                    local(dt.fixed_offset(), tz)
                ));
            }
        }
    }
    lines
}

/// DESCRIPTION as plain text, led by the online link so it is visible in
/// clients that show no URL field; none when there is nothing to say.
fn description_line(site: &Site, page: &Page, event: &Event) -> Option<String> {
    let mut description = crate::markdown::html_to_text(&page.content.html.unpack());
    if let Some(url) = &event.online_url {
        description = format!("{url}\n\n{description}");
    }
    // The poll goes last: the date it asks about is not settled yet, and
    // clients show no other field where it would fit.
    if let Some(poll) = &event.poll {
        description = format!(
            "{description}\n\n{}: {poll}",
            crate::i18n::text_in(&site.config, page.item.lang, "poll")
        );
    }
    (!description.is_empty()).then(|| format!("DESCRIPTION:{}", escape_text(&description)))
}

/// LOCATION (and GEO when coordinates are known); an online event's link
/// stands in for the place.
fn location_lines(event: &Event) -> Vec<String> {
    let mut lines = Vec::new();
    match (&event.location, &event.online_url) {
        (Some(loc), _) => {
            let mut place = loc.name.clone();
            if let Some(addr) = &loc.address {
                place.push_str(", ");
                place.push_str(addr);
            }
            lines.push(format!("LOCATION:{}", escape_text(&place)));
            if let (Some(lat), Some(lon)) = (loc.lat, loc.lon) {
                lines.push(format!("GEO:{lat};{lon}"));
            }
        }
        (None, Some(url)) => lines.push(format!("LOCATION:{}", escape_text(url))),
        (None, None) => {}
    }
    lines
}

/// CATEGORIES from the page's categories and tags, none when it has neither.
fn categories_line(page: &Page) -> Option<String> {
    let item = &page.item;
    let categories: Vec<String> = item
        .categories
        .iter()
        .chain(&item.tags)
        .map(|c| escape_text(c))
        .collect();
    (!categories.is_empty()).then(|| format!("CATEGORIES:{}", categories.join(",")))
}

/// STATUS: iCalendar has no "postponed", so a postponed event is TENTATIVE.
fn status_line(status: EventStatus) -> String {
    format!(
        "STATUS:{}",
        match status {
            EventStatus::Cancelled => "CANCELLED",
            EventStatus::Postponed => "TENTATIVE",
            EventStatus::Scheduled | EventStatus::MovedOnline => "CONFIRMED",
        }
    )
}

/// STANDARD/DAYLIGHT components for `tz`, found by probing the zone's
/// offsets through `year` and describing each change as a yearly rule
/// (e.g. last Sunday of March), which is how real zones are defined.
pub fn vtimezone(tz: Tz, year: i32) -> Vec<String> {
    let offset_at = |t: DateTime<Utc>| tz.offset_from_utc_datetime(&t.naive_utc());
    let start = Utc
        .with_ymd_and_hms(year, 1, 1, 0, 0, 0)
        .single()
        .expect("valid");
    let mut lines = vec!["BEGIN:VTIMEZONE".to_string(), format!("TZID:{}", tz.name())];
    let mut transitions = Vec::new();
    let mut prev = offset_at(start);
    let mut t = start;
    for _ in 0..366 {
        let next = t + Duration::days(1);
        let off = offset_at(next);
        if off.fix() != prev.fix() {
            // Narrow the change down to the hour (all real changes are on the hour or half hour).
            let mut lo = t;
            let mut hi = next;
            while hi - lo > Duration::minutes(1) {
                let mid = lo + (hi - lo) / 2;
                if offset_at(mid).fix() == prev.fix() {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            let hi = Utc.from_utc_datetime(
                &hi.naive_utc()
                    .with_second(0)
                    .expect("valid")
                    .with_nanosecond(0)
                    .expect("valid"),
            );
            transitions.push((hi, prev, off));
            prev = off;
        }
        t = next;
    }
    if transitions.is_empty() {
        let off = offset_at(start);
        lines.extend([
            "BEGIN:STANDARD".to_string(),
            "DTSTART:19700101T000000".to_string(),
            format!("TZOFFSETFROM:{}", offset(off.fix())),
            format!("TZOFFSETTO:{}", offset(off.fix())),
            format!("TZNAME:{}", off.abbreviation().unwrap_or(tz.name())),
            "END:STANDARD".to_string(),
        ]);
    }
    for (at, from, to) in transitions {
        let kind = if to.fix().local_minus_utc() > from.fix().local_minus_utc() {
            "DAYLIGHT"
        } else {
            "STANDARD"
        };
        // DTSTART is the wall-clock time just before the change, in the old offset.
        let local_before = at.with_timezone(&from.fix()).naive_local();
        let d = local_before.date();
        let nth = if d.day() + 7 > days_in_month(d) {
            -1
        } else {
            ((d.day() - 1) / 7 + 1) as i32
        };
        lines.extend([
            format!("BEGIN:{kind}"),
            format!("DTSTART:{}", local_before.format("%Y%m%dT%H%M%S")),
            format!(
                "RRULE:FREQ=YEARLY;BYMONTH={};BYDAY={nth}{}",
                d.month(),
                weekday(d.weekday())
            ),
            format!("TZOFFSETFROM:{}", offset(from.fix())),
            format!("TZOFFSETTO:{}", offset(to.fix())),
            format!("TZNAME:{}", to.abbreviation().unwrap_or(tz.name())),
            format!("END:{kind}"),
        ]);
    }
    lines.push("END:VTIMEZONE".to_string());
    lines
}

fn days_in_month(d: NaiveDate) -> u32 {
    let (y, m) = if d.month() == 12 {
        (d.year() + 1, 1)
    } else {
        (d.year(), d.month() + 1)
    };
    (NaiveDate::from_ymd_opt(y, m, 1).expect("valid") - Duration::days(1)).day()
}

fn offset(o: FixedOffset) -> String {
    let secs = o.local_minus_utc();
    let sign = if secs < 0 { '-' } else { '+' };
    let secs = secs.abs();
    format!("{sign}{:02}{:02}", secs / 3600, secs % 3600 / 60)
}

fn weekday(d: chrono::Weekday) -> &'static str {
    use chrono::Weekday::*;
    match d {
        Mon => "MO",
        Tue => "TU",
        Wed => "WE",
        Thu => "TH",
        Fri => "FR",
        Sat => "SA",
        Sun => "SU",
    }
}

fn utc(d: DateTime<Utc>) -> String {
    d.format("%Y%m%dT%H%M%SZ").to_string()
}

fn local(d: DateTime<FixedOffset>, tz: Tz) -> String {
    d.with_timezone(&tz).format("%Y%m%dT%H%M%S").to_string()
}

fn date(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

/// RFC 5545 TEXT escaping.
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line at 75 octets (continuations start with a space,
/// which counts) without splitting a UTF-8 character, and ends it in CRLF.
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3 + 2);
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_respects_octets_and_utf8() {
        let line = format!("SUMMARY:{}", "ä".repeat(60));
        let folded = fold(&line);
        for part in folded.split("\r\n").filter(|p| !p.is_empty()) {
            assert!(part.len() <= 75, "{} octets", part.len());
        }
        let unfolded = folded.replace("\r\n ", "");
        assert_eq!(unfolded.trim_end(), line);
    }

    #[test]
    fn text_escaping() {
        assert_eq!(escape_text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }

    #[test]
    fn berlin_timezone_has_both_rules() {
        let lines = vtimezone(chrono_tz::Europe::Berlin, 2027).join("\n");
        assert!(lines.contains("BEGIN:DAYLIGHT\nDTSTART:20270328T020000\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\nTZOFFSETFROM:+0100\nTZOFFSETTO:+0200\nTZNAME:CEST"), "{lines}");
        assert!(lines.contains("BEGIN:STANDARD\nDTSTART:20271031T030000\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\nTZOFFSETFROM:+0200\nTZOFFSETTO:+0100\nTZNAME:CET"), "{lines}");
    }

    #[test]
    fn zone_without_dst_has_one_standard_rule() {
        let lines = vtimezone(chrono_tz::Asia::Tokyo, 2027).join("\n");
        assert!(lines.contains("TZOFFSETTO:+0900"));
        assert!(!lines.contains("DAYLIGHT"));
    }
}
