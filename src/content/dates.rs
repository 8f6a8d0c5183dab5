//! Dates as editors write them: `2026-11-20`, `2026-11-20T18:00` (local to
//! the site's or event's time zone) or RFC 3339 with an offset.
//!
//! Every date is bounded to the years [`MIN_YEAR`]..=[`MAX_YEAR`]: chrono
//! reads `+10000-01-01` and years near its own limits, which RSS (RFC 2822)
//! and iCalendar cannot write and date arithmetic overflows on. The upper
//! bound leaves a century of room for what kiez adds to a date — an
//! all-day event's exclusive end, ten years of repetitions, an event's
//! length — so derived dates stay four-digit years too.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, TimeZone};

/// Earliest year a date may have.
pub const MIN_YEAR: i32 = 1000;
/// Latest year a date may have (see the module doc for the gap to 9999).
pub const MAX_YEAR: i32 = 9899;

/// Shown with every date error.
pub const HINT: &str =
    "write a date as 2026-11-20, a local time as 2026-11-20T18:00, or RFC 3339 like 2026-11-20T18:00:00+01:00";

/// The shapes [`parse`] reads, as a regular expression for JSON Schema
/// (which cannot check the calendar or the years: the loader does).
pub const PATTERN: &str = r"^\s*[0-9]{4}-[0-9]{2}-[0-9]{2}([Tt ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?([Zz]|[+-][0-9]{2}:[0-9]{2})?)?\s*$";

/// Parses `raw`; returns the instant and whether it was a date only.
pub fn parse(raw: &str, tz: chrono_tz::Tz) -> Result<(DateTime<FixedOffset>, bool), String> {
    let (date, date_only) = parse_unbounded(raw.trim(), tz)?;
    if !in_range(&date) {
        return Err(format!(
            "`{}` is outside the years {MIN_YEAR} to {MAX_YEAR} kiez can write in every format",
            raw.trim()
        ));
    }
    Ok((date, date_only))
}

/// Whether `date` lies in the years kiez accepts, in UTC and locally.
pub fn in_range<Tz: TimeZone>(date: &DateTime<Tz>) -> bool {
    let years = MIN_YEAR..=MAX_YEAR;
    years.contains(&date.naive_utc().year()) && years.contains(&date.naive_local().year())
}

fn parse_unbounded(raw: &str, tz: chrono_tz::Tz) -> Result<(DateTime<FixedOffset>, bool), String> {
    if let Ok(dt) = DateTime::parse_from_rfc3339(raw) {
        return Ok((dt, false));
    }
    for fmt in ["%Y-%m-%dT%H:%M%:z", "%Y-%m-%d %H:%M%:z"] {
        if let Ok(dt) = DateTime::parse_from_str(raw, fmt) {
            return Ok((dt, false));
        }
    }
    for fmt in [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(raw, fmt) {
            return localize(naive, tz).map(|dt| (dt, false));
        }
    }
    if let Ok(date) = NaiveDate::parse_from_str(raw, "%Y-%m-%d") {
        let midnight = date.and_hms_opt(0, 0, 0).expect("midnight exists");
        return localize(midnight, tz).map(|dt| (dt, true));
    }
    Err(format!("`{raw}` is not a valid date"))
}

/// Attaches `tz` to a wall-clock time. Ambiguous times (the hour repeated
/// when clocks go back) take the earlier instant; times skipped when clocks
/// go forward do not exist, and saying so beats silently shifting an event.
pub fn localize(naive: NaiveDateTime, tz: chrono_tz::Tz) -> Result<DateTime<FixedOffset>, String> {
    tz.from_local_datetime(&naive)
        .earliest()
        .map(|dt| dt.fixed_offset())
        .ok_or_else(|| format!("{naive} does not exist in {tz} (clocks go forward then)"))
}

/// A file or bundle name that starts with a date, as Jekyll and Zola
/// name posts (`2024-05-01-sommerfest`): the date text and the rest.
/// `None` unless the first ten characters are a real calendar date
/// followed by `-` and more.
pub fn split_dated_name(name: &str) -> Option<(&str, &str)> {
    let (date, rest) = (name.get(..10)?, name.get(10..)?.strip_prefix('-')?);
    let digits = |r: std::ops::Range<usize>| date[r].bytes().all(|b| b.is_ascii_digit());
    let shaped =
        date.is_ascii() && digits(0..4) && &date[4..5] == "-" && digits(5..7) && &date[7..8] == "-";
    let real =
        shaped && digits(8..10) && chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").is_ok();
    (real && !rest.is_empty()).then_some((date, rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dated_file_names_split_into_date_and_name() {
        assert_eq!(
            split_dated_name("2024-05-01-sommerfest"),
            Some(("2024-05-01", "sommerfest"))
        );
        assert_eq!(split_dated_name("2024-02-30-nie"), None, "no such day");
        assert_eq!(split_dated_name("2024-05-01"), None, "nothing after it");
        assert_eq!(split_dated_name("2024-05-01-"), None);
        assert_eq!(split_dated_name("20240501-x"), None);
        assert_eq!(split_dated_name("sommerfest"), None);
        assert_eq!(split_dated_name("2024-05-01-ü"), Some(("2024-05-01", "ü")));
        assert_eq!(split_dated_name("ääää-05-01-x"), None);
        assert_eq!(split_dated_name("1234€-05-01-x"), None, "not ASCII");
    }
    use chrono_tz::Europe::Berlin;

    #[test]
    fn accepts_the_three_formats() {
        let (d, date_only) = parse("2026-11-20", Berlin).unwrap();
        assert!(date_only);
        assert_eq!(d.to_rfc3339(), "2026-11-20T00:00:00+01:00");
        let (d, _) = parse("2026-07-01T18:00", Berlin).unwrap();
        assert_eq!(d.to_rfc3339(), "2026-07-01T18:00:00+02:00");
        let (d, _) = parse("2026-07-01T18:00:00Z", Berlin).unwrap();
        assert_eq!(d.to_rfc3339(), "2026-07-01T18:00:00+00:00");
    }

    #[test]
    fn rejects_impossible_dates() {
        assert!(parse("2026-02-30", Berlin).is_err());
        assert!(parse("next friday", Berlin).is_err());
        assert!(parse("2026-03-29T02:30", Berlin).is_err());
    }

    #[test]
    fn rejects_years_no_feed_format_can_write() {
        for raw in [
            "+10000-01-01",
            "+10000-01-01T00:00",
            "9999-12-31",
            "0999-12-31",
        ] {
            let err = parse(raw, Berlin).unwrap_err();
            assert!(err.contains("1000 to 9899"), "{raw}: {err}");
        }
        assert!(parse("+10000-01-01T00:00:00Z", Berlin).is_err());
        assert!(parse("9899-12-31T23:00", Berlin).is_ok());
        assert!(parse("1000-01-01T12:00", Berlin).is_ok());
    }
}
