//! Expands `repeat:` rules into dates. Occurrences are computed as local
//! wall-clock times in the event's zone and only then given an offset, so
//! a 19:00 meeting stays at 19:00 across daylight-saving changes — the same
//! semantics as an RRULE with a TZID.

use chrono::{
    DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Weekday,
};

use super::{Event, Frequency, Repeat};

/// Upper bound on generated occurrences, so an open-ended rule terminates;
/// also the largest `count` a rule may ask for.
pub const MAX_OCCURRENCES: usize = 1000;
/// Days after the first meeting that open-ended rules are expanded for.
const HORIZON_DAYS: i64 = 3653;
/// Largest `interval` of a weekly rule: ten years; a longer one would never
/// repeat within the horizon, and a huge one overflows date arithmetic.
pub const MAX_WEEKS: u32 = 522;
/// Largest `interval` of a monthly rule, for the same reason.
pub const MAX_MONTHS: u32 = 120;

/// Checks a rule's numbers against the limits above; on failure returns the
/// `repeat.…` key at fault and what is wrong, for the loader to locate.
pub fn check_limits(
    every: Frequency,
    interval: u32,
    count: Option<u32>,
    excepts: usize,
) -> Result<(), (&'static str, String)> {
    let (max, unit) = match every {
        Frequency::Week => (MAX_WEEKS, "weeks"),
        Frequency::Month => (MAX_MONTHS, "months"),
    };
    if interval == 0 {
        return Err(("repeat.interval", "the interval must be at least 1".into()));
    }
    if interval > max {
        return Err((
            "repeat.interval",
            format!("the interval is at most {max} {unit} (ten years); {interval} is too long"),
        ));
    }
    if count.is_some_and(|c| c as usize > MAX_OCCURRENCES) {
        return Err((
            "repeat.count",
            format!("a rule has at most {MAX_OCCURRENCES} meetings"),
        ));
    }
    if excepts > MAX_OCCURRENCES {
        return Err((
            "repeat.except",
            format!("at most {MAX_OCCURRENCES} dates can be excepted"),
        ));
    }
    Ok(())
}

/// Start instants of every occurrence of `event`, in order (one for
/// non-recurring events). Open-ended rules stop after ten years.
pub fn occurrences(event: &Event) -> Vec<DateTime<FixedOffset>> {
    let Some(rule) = &event.repeat else {
        return vec![event.start];
    };
    let tz = event.timezone;
    let first = event.start.with_timezone(&tz).naive_local();
    let horizon = first
        .date()
        .checked_add_signed(Duration::days(HORIZON_DAYS))
        .unwrap_or(NaiveDate::MAX);
    let horizon = rule.until.map_or(horizon, |u| u.min(horizon));
    let mut out = Vec::new();
    for (generated, date) in candidate_dates(rule, first.date(), horizon).enumerate() {
        if out.len() >= MAX_OCCURRENCES || rule.count.is_some_and(|c| generated >= c as usize) {
            break;
        }
        if rule.except.contains(&date) {
            continue;
        }
        out.push(localize(tz, date.and_time(first.time())));
    }
    out
}

/// The first occurrence whose end is not before `now`; `None` when the
/// series is over.
pub fn next_occurrence(event: &Event, now: DateTime<chrono::Utc>) -> Option<DateTime<FixedOffset>> {
    let duration = duration(event);
    occurrences(event)
        .into_iter()
        .find(|start| *start + duration >= now)
}

/// How long one occurrence lasts (all-day events last until the end of
/// their last day).
pub fn duration(event: &Event) -> Duration {
    let span = event.end.map_or(Duration::zero(), |end| end - event.start);
    if event.all_day {
        span + Duration::days(1)
    } else {
        span
    }
}

fn localize(tz: chrono_tz::Tz, naive: NaiveDateTime) -> DateTime<FixedOffset> {
    // A time skipped by a spring-forward change moves one hour later, as
    // calendar clients do.
    tz.from_local_datetime(&naive)
        .earliest()
        .or_else(|| {
            tz.from_local_datetime(&(naive + Duration::hours(1)))
                .earliest()
        })
        .map(|d| d.fixed_offset())
        .unwrap_or_else(|| tz.from_utc_datetime(&naive).fixed_offset())
}

/// Dates matching the rule's pattern from `start` to `horizon`. Bounded by
/// the horizon before any filtering, so a pattern that rarely or never
/// matches (the 5th Monday of every second February) still ends, and
/// computed with checked arithmetic so no interval can overflow.
fn candidate_dates(
    rule: &Repeat,
    start: NaiveDate,
    horizon: NaiveDate,
) -> Box<dyn Iterator<Item = NaiveDate>> {
    let interval = i64::from(rule.interval.max(1));
    match rule.every {
        Frequency::Week => {
            let weekday = rule.weekday.map_or(start.weekday(), |(_, d)| d);
            let offset = (7 + weekday.num_days_from_monday() as i64
                - start.weekday().num_days_from_monday() as i64)
                % 7;
            let step = Duration::try_weeks(interval).unwrap_or(Duration::MAX);
            let first = start.checked_add_signed(Duration::days(offset));
            Box::new(
                std::iter::successors(first, move |d| d.checked_add_signed(step))
                    .take_while(move |d| *d <= horizon),
            )
        }
        Frequency::Month => {
            let pattern = rule.weekday;
            let day = start.day();
            let first_month = month_index(start);
            let last_month = month_index(horizon);
            Box::new(
                (0..)
                    .map(move |k: i64| first_month + k * interval)
                    .take_while(move |m| *m <= last_month)
                    .filter_map(move |index| {
                        let year = i32::try_from(index.div_euclid(12)).ok()?;
                        let month = index.rem_euclid(12) as u32 + 1;
                        match pattern {
                            Some((nth, weekday)) => nth_weekday(year, month, nth, weekday),
                            None => NaiveDate::from_ymd_opt(year, month, day),
                        }
                    })
                    .filter(move |d| *d >= start && *d <= horizon),
            )
        }
    }
}

/// Months since year 0, so month steps are plain additions.
fn month_index(date: NaiveDate) -> i64 {
    i64::from(date.year()) * 12 + i64::from(date.month0())
}

/// The `nth` (1..=5, or -1 for last) `weekday` of a month.
pub fn nth_weekday(year: i32, month: u32, nth: i8, weekday: Weekday) -> Option<NaiveDate> {
    if nth == -1 {
        let (ny, nm) = if month == 12 {
            (year + 1, 1)
        } else {
            (year, month + 1)
        };
        let last = NaiveDate::from_ymd_opt(ny, nm, 1)? - Duration::days(1);
        let back = (7 + last.weekday().num_days_from_monday() - weekday.num_days_from_monday()) % 7;
        return Some(last - Duration::days(back as i64));
    }
    let nth = if nth == 0 { 1 } else { nth };
    NaiveDate::from_weekday_of_month_opt(year, month, weekday, nth as u8)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::EventStatus;
    use chrono_tz::Europe::Berlin;

    fn event(start: &str, repeat: Option<Repeat>) -> Event {
        Event {
            start: crate::content::parse_date(start, Berlin).unwrap().0,
            end: None,
            all_day: false,
            timezone: Berlin,
            location: None,
            online_url: None,
            registration: None,
            poll: None,
            organizer: None,
            status: EventStatus::Scheduled,
            sequence: 0,
            repeat,
        }
    }

    fn monthly(nth: i8, day: Weekday) -> Repeat {
        Repeat {
            every: Frequency::Month,
            interval: 1,
            weekday: Some((nth, day)),
            until: None,
            count: Some(4),
            except: Vec::new(),
        }
    }

    #[test]
    fn second_tuesday_keeps_local_time_across_dst() {
        let e = event("2027-02-09T19:00", Some(monthly(2, Weekday::Tue)));
        let dates: Vec<String> = occurrences(&e).iter().map(|d| d.to_rfc3339()).collect();
        assert_eq!(
            dates,
            vec![
                "2027-02-09T19:00:00+01:00",
                "2027-03-09T19:00:00+01:00",
                "2027-04-13T19:00:00+02:00",
                "2027-05-11T19:00:00+02:00",
            ]
        );
    }

    #[test]
    fn last_friday_and_except_dates() {
        let mut rule = monthly(-1, Weekday::Fri);
        rule.except = vec![NaiveDate::from_ymd_opt(2026, 12, 25).unwrap()];
        let e = event("2026-11-27T18:00", Some(rule));
        let dates: Vec<String> = occurrences(&e)
            .iter()
            .map(|d| d.date_naive().to_string())
            .collect();
        // COUNT counts the excepted date too, as RFC 5545 does.
        assert_eq!(dates, vec!["2026-11-27", "2027-01-29", "2027-02-26"]);
    }

    #[test]
    fn weekly_until_and_next_occurrence() {
        let rule = Repeat {
            every: Frequency::Week,
            interval: 2,
            weekday: None,
            until: NaiveDate::from_ymd_opt(2026, 12, 31),
            count: None,
            except: Vec::new(),
        };
        let e = event("2026-11-03T10:00", Some(rule));
        assert_eq!(occurrences(&e).len(), 5);
        let now = DateTime::parse_from_rfc3339("2026-11-24T12:00:00Z")
            .unwrap()
            .to_utc();
        assert_eq!(
            next_occurrence(&e, now).unwrap().to_rfc3339(),
            "2026-12-01T10:00:00+01:00"
        );
        let later = DateTime::parse_from_rfc3339("2027-01-01T00:00:00Z")
            .unwrap()
            .to_utc();
        assert!(next_occurrence(&e, later).is_none());
    }

    #[test]
    fn open_ended_rules_terminate() {
        let mut rule = monthly(1, Weekday::Mon);
        rule.count = None;
        let e = event("2026-01-05T19:00", Some(rule));
        let n = occurrences(&e).len();
        assert!((115..=125).contains(&n), "{n}");
    }

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
    fn huge_intervals_neither_panic_nor_hang() {
        // Before: a weekly interval of 100 000 000 overflowed chrono (panic),
        // a monthly one of u32::MAX wrapped to -1 (endless loop).
        let e = event(
            "2026-01-05T19:00",
            Some(rule(Frequency::Week, 100_000_000, None)),
        );
        assert_eq!(occurrences(&e).len(), 1);
        let e = event(
            "2026-01-05T19:00",
            Some(rule(Frequency::Month, u32::MAX, None)),
        );
        assert_eq!(occurrences(&e).len(), 1);
        let e = event("9899-12-31T19:00", Some(rule(Frequency::Week, 1, None)));
        assert!(occurrences(&e).len() > 500);
    }

    #[test]
    fn rare_patterns_end_at_the_horizon() {
        // Before: the 5th Monday every 24 months from a February searched
        // for eight seconds, since only matches were checked against the
        // horizon.
        let e = event(
            "2027-02-01T19:00",
            Some(rule(Frequency::Month, 24, Some((5, Weekday::Mon)))),
        );
        assert!(occurrences(&e).len() <= 1);
    }

    #[test]
    fn limits_name_the_key() {
        assert!(check_limits(Frequency::Week, 1, Some(10), 0).is_ok());
        let (key, msg) = check_limits(Frequency::Month, u32::MAX, None, 0).unwrap_err();
        assert_eq!(key, "repeat.interval");
        assert!(msg.contains("120"), "{msg}");
        let (key, _) = check_limits(Frequency::Week, 1, Some(100_000), 0).unwrap_err();
        assert_eq!(key, "repeat.count");
        let (key, _) = check_limits(Frequency::Week, 0, None, 0).unwrap_err();
        assert_eq!(key, "repeat.interval");
    }
}
