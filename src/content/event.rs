//! An event's front matter: time zone, start and end, registration,
//! status, and the `repeat:` rule, validated with file, line and key.

use super::frontmatter::Fields;
use super::matter;
use super::{Event, EventStatus, Frequency, Registration, Repeat};
use crate::config::SiteConfig;
use crate::error::Result;
use chrono::{DateTime, FixedOffset};

/// Checks an event's own keys (see [`matter::Event`]).
pub(super) fn parse_event(f: &Fields, raw: matter::Event, config: &SiteConfig) -> Result<Event> {
    let timezone = match &raw.timezone {
        Some(name) => name.parse::<chrono_tz::Tz>().map_err(|_| {
            f.error("timezone", format!("unknown time zone `{name}`"))
                .hint("use an IANA name such as Europe/Berlin")
        })?,
        None => config.tz,
    };
    let (start, start_date_only) =
        f.required_date("start", raw.start.as_ref(), "an event", timezone)?;
    let end = f.date("end", raw.end.as_ref(), timezone)?;
    if end.is_some_and(|(end, _)| end < start) {
        return Err(f.error("end", "the event ends before it starts").into());
    }
    let registration = match raw.registration {
        None => None,
        Some(raw) => Some(registration(f, raw, start, timezone)?),
    };
    let status = raw.status.unwrap_or(EventStatus::Scheduled);
    let sequence = raw.sequence.unwrap_or(0)
        + u32::from(matches!(
            status,
            EventStatus::Cancelled | EventStatus::Postponed
        ));
    let repeat = match raw.repeat {
        Some(repeat) => Some(parse_repeat(f, repeat, start, timezone)?),
        None => None,
    };
    f.check_link("online_url", raw.online_url.as_deref())?;
    f.check_link("poll", raw.poll.as_deref())?;
    Ok(Event {
        start,
        end: end.map(|(d, _)| d),
        all_day: raw.all_day.unwrap_or(start_date_only),
        timezone,
        location: raw.location,
        online_url: raw.online_url,
        registration,
        poll: raw.poll,
        organizer: raw.organizer,
        status,
        sequence,
        repeat,
    })
}

/// `registration:`: a safe link and a deadline before the start.
fn registration(
    f: &Fields,
    raw: matter::Registration,
    start: DateTime<FixedOffset>,
    timezone: chrono_tz::Tz,
) -> Result<Registration> {
    let deadline = match raw.deadline {
        None => None,
        Some(text) => Some(
            super::dates::parse(&text, timezone)
                .map_err(|m| f.error("registration.deadline", m))?
                .0,
        ),
    };
    if deadline.is_some_and(|d| d > start) {
        return Err(f
            .error(
                "registration.deadline",
                "the registration deadline is after the event starts",
            )
            .into());
    }
    f.check_link("registration.url", raw.url.as_deref())?;
    Ok(Registration {
        url: raw.url,
        deadline,
    })
}

fn parse_repeat(
    f: &Fields,
    raw: matter::Repeat,
    start: DateTime<FixedOffset>,
    tz: chrono_tz::Tz,
) -> Result<Repeat> {
    let every = match raw.every.trim().to_lowercase().as_str() {
        "week" | "weekly" | "woche" | "wöchentlich" => Frequency::Week,
        "month" | "monthly" | "monat" | "monatlich" => Frequency::Month,
        other => {
            return Err(f
                .error("repeat.every", format!("`{other}` is not a repetition"))
                .hint("use `every: week` or `every: month`")
                .into())
        }
    };
    let interval = raw.interval.unwrap_or(1);
    super::recurrence::check_limits(every, interval, raw.count, raw.except.len())
        .map_err(|(key, message)| f.error(key, message))?;
    let weekday = match raw.weekday {
        None => None,
        Some(text) => Some(parse_weekday(&text).ok_or_else(|| {
            f.error("repeat.weekday", format!("`{text}` is not a weekday rule"))
                .hint("write e.g. `tuesday`, `2nd tuesday`, `last friday` or `2. Dienstag`")
        })?),
    };
    if every == Frequency::Week && weekday.is_some_and(|(n, _)| n != 0) {
        return Err(f
            .error(
                "repeat.weekday",
                "a weekly meeting takes a plain weekday like `tuesday`",
            )
            .into());
    }
    let local_date = |key: &str, text: &str| {
        super::dates::parse(text, tz)
            .map(|(d, _)| d.with_timezone(&tz).date_naive())
            .map_err(|m| f.error(key, m).hint(super::dates::HINT))
    };
    let until = match &raw.until {
        Some(text) => Some(local_date("repeat.until", text)?),
        None => None,
    };
    if until.is_some() && raw.count.is_some() {
        return Err(f
            .error("repeat", "give either `until` or `count`, not both")
            .into());
    }
    if until.is_some_and(|u| u < start.with_timezone(&tz).date_naive()) {
        return Err(f
            .error("repeat.until", "`until` is before the first meeting")
            .into());
    }
    let except = raw
        .except
        .iter()
        .map(|text| local_date("repeat.except", text))
        .collect::<std::result::Result<Vec<_>, _>>()?;
    Ok(Repeat {
        every,
        interval,
        weekday,
        until,
        count: raw.count,
        except,
    })
}

/// `tuesday`, `2nd tuesday`, `last friday`, `2. Dienstag`, `letzter Freitag`.
fn parse_weekday(text: &str) -> Option<(i8, chrono::Weekday)> {
    use chrono::Weekday::*;
    let words: Vec<String> = text.split_whitespace().map(str::to_lowercase).collect();
    let (nth, day) = match words.as_slice() {
        [day] => (0, day.as_str()),
        [nth, day] => {
            let n = match nth.trim_end_matches('.') {
                "1st" | "first" | "1" | "erster" | "ersten" => 1,
                "2nd" | "second" | "2" | "zweiter" | "zweiten" => 2,
                "3rd" | "third" | "3" | "dritter" | "dritten" => 3,
                "4th" | "fourth" | "4" | "vierter" | "vierten" => 4,
                "5th" | "fifth" | "5" | "fünfter" | "fünften" => 5,
                "last" | "letzter" | "letzten" | "-1" => -1,
                _ => return None,
            };
            (n, day.as_str())
        }
        _ => return None,
    };
    let day = match day {
        "monday" | "montag" | "mo" => Mon,
        "tuesday" | "dienstag" | "di" => Tue,
        "wednesday" | "mittwoch" | "mi" => Wed,
        "thursday" | "donnerstag" | "do" => Thu,
        "friday" | "freitag" | "fr" => Fri,
        "saturday" | "samstag" | "sonnabend" | "sa" => Sat,
        "sunday" | "sonntag" | "so" => Sun,
        _ => return None,
    };
    Some((nth, day))
}
