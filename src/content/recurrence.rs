//! Expands `repeat:` rules into dates. Occurrences are computed as local
//! wall-clock times in the event's zone and only then given an offset, so
//! a 19:00 meeting stays at 19:00 across daylight-saving changes — the same
//! semantics as an RRULE with a TZID.

use chrono::{
    DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Weekday,
};

use super::{Event, Frequency, Repeat};

/// Upper bound on generated occurrences, so an open-ended rule terminates.
const MAX_OCCURRENCES: usize = 1000;

/// Start instants of every occurrence of `event`, in order (one for
/// non-recurring events). Open-ended rules stop after ten years.
pub fn occurrences(event: &Event) -> Vec<DateTime<FixedOffset>> {
    let Some(rule) = &event.repeat else {
        return vec![event.start];
    };
    let tz = event.timezone;
    let first = event.start.with_timezone(&tz).naive_local();
    let horizon = first.date() + Duration::days(3653);
    let mut out = Vec::new();
    for (generated, date) in candidate_dates(rule, first.date()).enumerate() {
        if date > horizon || out.len() >= MAX_OCCURRENCES {
            break;
        }
        if rule.until.is_some_and(|u| date > u) {
            break;
        }
        if rule.count.is_some_and(|c| generated >= c as usize) {
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

/// Dates matching the rule's pattern from `start` on, before until/count.
fn candidate_dates(rule: &Repeat, start: NaiveDate) -> Box<dyn Iterator<Item = NaiveDate>> {
    let interval = rule.interval.max(1);
    match rule.every {
        Frequency::Week => {
            let weekday = rule.weekday.map_or(start.weekday(), |(_, d)| d);
            let offset = (7 + weekday.num_days_from_monday() as i64
                - start.weekday().num_days_from_monday() as i64)
                % 7;
            let first = start + Duration::days(offset);
            Box::new((0..).map(move |k: i64| first + Duration::weeks(k * i64::from(interval))))
        }
        Frequency::Month => {
            let pattern = rule.weekday;
            let day = start.day();
            Box::new(
                (0..)
                    .map(move |k: i32| add_months(start, k * interval as i32))
                    .filter_map(move |(year, month)| match pattern {
                        Some((nth, weekday)) => nth_weekday(year, month, nth, weekday),
                        None => NaiveDate::from_ymd_opt(year, month, day),
                    })
                    .filter(move |d| *d >= start),
            )
        }
    }
}

fn add_months(date: NaiveDate, months: i32) -> (i32, u32) {
    let index = date.year() * 12 + date.month0() as i32 + months;
    (index.div_euclid(12), index.rem_euclid(12) as u32 + 1)
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
}
