//! The two text forms of time in a register: RFC 3339 timestamps (`created`,
//! `modified`) and calendar dates (`review_date`). Checked by hand to keep the engine
//! free of a date-time dependency.

/// Whether `text` is an RFC 3339 date-time, e.g. `2026-11-28T13:14:17Z` or
/// `2026-11-28T14:14:17.5+01:00`.
pub fn is_rfc3339(text: &str) -> bool {
    let Some((date, time)) = text.split_once(['T', 't']) else {
        return false;
    };
    if !is_date(date) {
        return false;
    }
    let (clock, offset) = match time.find(['Z', 'z', '+', '-']) {
        Some(at) => time.split_at(at),
        None => return false,
    };
    let clock_ok = {
        let (hms, fraction) = clock.split_once('.').unwrap_or((clock, "0"));
        let parts: Vec<&str> = hms.split(':').collect();
        parts.len() == 3
            && number_in(parts[0], 0, 23)
            && number_in(parts[1], 0, 59)
            && number_in(parts[2], 0, 60)
            && !fraction.is_empty()
            && fraction.bytes().all(|b| b.is_ascii_digit())
    };
    let offset_ok = match offset {
        "Z" | "z" => true,
        _ => {
            let body = &offset[1..];
            body.len() == 5
                && body.as_bytes()[2] == b':'
                && number_in(&body[..2], 0, 23)
                && number_in(&body[3..], 0, 59)
        }
    };
    clock_ok && offset_ok
}

/// A calendar date, ordered as time runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    year: u32,
    month: u32,
    day: u32,
}

impl Date {
    /// The date written `YYYY-MM-DD` (digits only, no sign), if it exists.
    pub fn parse(text: &str) -> Option<Date> {
        let digits = |part: &str, width: usize| {
            (part.len() == width && part.bytes().all(|b| b.is_ascii_digit()))
                .then(|| part.parse::<u32>().ok())
                .flatten()
        };
        let mut parts = text.split('-');
        let (year, month, day) = (
            digits(parts.next()?, 4)?,
            digits(parts.next()?, 2)?,
            digits(parts.next()?, 2)?,
        );
        (parts.next().is_none() && (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month))
            .then_some(Date { year, month, day })
    }
}

/// Whether `text` is a calendar date `YYYY-MM-DD` that exists.
pub fn is_date(text: &str) -> bool {
    Date::parse(text).is_some()
}

/// The same day a year after a date `YYYY-MM-DD` (29 February becomes 28 February).
pub fn a_year_after(date: &str) -> Option<String> {
    if !is_date(date) {
        return None;
    }
    let year: u32 = date[..4].parse().ok()?;
    let next = format!("{:04}{}", year + 1, &date[4..]);
    Some(if is_date(&next) {
        next
    } else {
        format!("{:04}-02-28", year + 1)
    })
}

/// `YYYY-MM-DDTHH:MM:SSZ` for a count of seconds since 1970-01-01 UTC.
pub fn format_utc(unix_seconds: i64) -> String {
    let days = unix_seconds.div_euclid(86_400);
    let second_of_day = unix_seconds.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        second_of_day / 3600,
        second_of_day / 60 % 60,
        second_of_day % 60
    )
}

/// A timestamp as people read it: "29 Nov 2026, 13:14" (in the time zone it was written
/// in, named when it is UTC). Text that is not an RFC 3339 timestamp is returned as it is.
pub fn readable(timestamp: &str) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    if !is_rfc3339(timestamp) {
        return timestamp.to_string();
    }
    let month = timestamp[5..7].parse::<usize>().unwrap_or(1).clamp(1, 12);
    let day = timestamp[8..10].trim_start_matches('0');
    let zone = if timestamp.ends_with('Z') || timestamp.ends_with("+00:00") {
        " UTC"
    } else {
        ""
    };
    format!(
        "{day} {} {}, {}{zone}",
        MONTHS[month - 1],
        &timestamp[..4],
        &timestamp[11..16]
    )
}

/// Seconds since 1970 of the earliest and latest timestamps RFC 3339 can write (years
/// 0000 to 9999, four digits).
const EARLIEST_MILLIS: f64 = -62_167_219_200_000.0;
const LATEST_MILLIS: f64 = 253_402_300_799_999.0;

/// `YYYY-MM-DDTHH:MM:SS.mmmZ` for milliseconds since 1970-01-01 UTC (a JavaScript clock),
/// always a timestamp the reader accepts: a clock past the year 9999 (or before 0000,
/// or not a number) is held at the nearest one RFC 3339 can write.
pub fn from_unix_millis(millis: f64) -> String {
    let millis = if millis.is_nan() {
        0.0
    } else {
        millis.clamp(EARLIEST_MILLIS, LATEST_MILLIS)
    } as i64;
    let seconds = format_utc(millis.div_euclid(1000));
    format!("{}.{:03}Z", &seconds[..seconds.len() - 1], millis.rem_euclid(1000))
}

fn number_in(text: &str, low: u32, high: u32) -> bool {
    text.len() == 2
        && text.bytes().all(|b| b.is_ascii_digit())
        && text.parse::<u32>().is_ok_and(|n| (low..=high).contains(&n))
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Proleptic Gregorian calendar date of a day count since 1970-01-01
/// (Howard Hinnant's days-to-civil algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A sign parsed as part of a number once let "2026-+1-+5" pass as a date.
    #[test]
    fn a_date_is_digits_only_and_ordered_as_time_runs() {
        for bad in [
            "2026-+1-+5",
            "+026-01-05",
            "2026-1-05",
            "2026-01-5 ",
            "2026-02-30",
            "2026-13-01",
            "2026-01-05-",
        ] {
            assert!(!is_date(bad), "{bad}");
            assert!(!is_rfc3339(&format!("{bad}T00:00:00Z")), "{bad}");
        }
        assert!(is_date("2024-02-29") && !is_date("2025-02-29"));
        assert!(!is_rfc3339("2026-01-05T+1:00:00Z"));
        assert!(Date::parse("2026-01-05") < Date::parse("2026-10-01"));
        assert!(Date::parse("2025-12-31") < Date::parse("2026-01-01"));
    }

    #[test]
    fn timestamps_read_as_people_write_them() {
        assert_eq!(readable("2026-11-29T13:14:05.123Z"), "29 Nov 2026, 13:14 UTC");
        assert_eq!(readable("2027-01-05T08:00:00+02:00"), "5 Jan 2027, 08:00");
        assert_eq!(readable("yesterday"), "yesterday");
    }

    #[test]
    fn a_year_after_keeps_the_day_and_moves_29_february() {
        assert_eq!(a_year_after("2026-11-28").as_deref(), Some("2027-11-28"));
        assert_eq!(a_year_after("2028-02-29").as_deref(), Some("2029-02-28"));
        assert_eq!(a_year_after("2026-13-01"), None);
    }

    #[test]
    fn accepts_rfc3339_forms() {
        for text in [
            "2026-11-28T13:14:17Z",
            "2026-11-28T13:14:17.123+01:00",
            "2024-02-29t00:00:00-05:30",
        ] {
            assert!(is_rfc3339(text), "{text}");
        }
    }

    #[test]
    fn rejects_malformed_timestamps() {
        for text in [
            "",
            "2026-11-28",
            "2026-11-28T13:14Z",
            "2026-13-01T00:00:00Z",
            "2025-02-29T00:00:00Z",
            "2026-11-28T24:00:00Z",
            "2026-11-28T13:14:17",
            "2026-11-28T13:14:17+0100",
            "2026-11-28T13:14:17.Z",
        ] {
            assert!(!is_rfc3339(text), "{text}");
        }
    }

    #[test]
    fn dates_must_exist() {
        assert!(is_date("2024-02-29"));
        assert!(!is_date("2023-02-29"));
        assert!(!is_date("2026-04-31"));
        assert!(!is_date("26-04-01"));
    }

    #[test]
    fn any_clock_gives_a_timestamp_the_reader_accepts() {
        assert_eq!(from_unix_millis(1_795_871_657_123.0), "2026-11-28T13:14:17.123Z");
        assert_eq!(from_unix_millis(0.0), "1970-01-01T00:00:00.000Z");
        // JavaScript writes the year 10000 as "+010000-…", which no RFC 3339 reader takes.
        assert_eq!(from_unix_millis(253_402_300_800_000.0), "9999-12-31T23:59:59.999Z");
        assert_eq!(from_unix_millis(8.64e15), "9999-12-31T23:59:59.999Z");
        assert_eq!(from_unix_millis(-8.64e15), "0000-01-01T00:00:00.000Z");
        assert_eq!(from_unix_millis(f64::NAN), "1970-01-01T00:00:00.000Z");
        for millis in [
            -1.0,
            1.5,
            951_782_399_999.0,
            -62_167_219_200_000.0,
            253_402_300_799_999.0,
        ] {
            assert!(
                is_rfc3339(&from_unix_millis(millis)),
                "{millis}: {}",
                from_unix_millis(millis)
            );
        }
    }

    #[test]
    fn formats_utc_seconds() {
        assert_eq!(format_utc(0), "1970-01-01T00:00:00Z");
        // 2000-03-01 is day 11017 after the epoch: checks the leap day of a century year.
        assert_eq!(format_utc(11_017 * 86_400 - 1), "2000-02-29T23:59:59Z");
        assert_eq!(format_utc(1_795_871_657), "2026-11-28T13:14:17Z");
        assert!(is_rfc3339(&format_utc(-1)));
    }
}
