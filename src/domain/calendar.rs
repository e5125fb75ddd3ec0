//! Civil time in France: deadlines are French dates, so "today" is the date in Paris.
//!
//! The `time` crate carries no time-zone database; the rule for Europe/Paris is fixed by EU law
//! (summer time from the last Sunday of March to the last Sunday of October, changing at
//! 01:00 UTC), so it is computed here rather than pulling a tz crate in.

use std::ops::RangeInclusive;

use time::{Date, Month, OffsetDateTime, UtcOffset, Weekday};

/// The offset of Paris at a given instant: UTC+2 in summer time, UTC+1 otherwise.
pub fn paris_offset(at: OffsetDateTime) -> UtcOffset {
    let at = at.to_offset(UtcOffset::UTC);
    let year = at.year();
    let starts = last_sunday(year, Month::March)
        .with_hms(1, 0, 0)
        .expect("valid time")
        .assume_utc();
    let ends = last_sunday(year, Month::October)
        .with_hms(1, 0, 0)
        .expect("valid time")
        .assume_utc();
    let hours = if at >= starts && at < ends { 2 } else { 1 };
    UtcOffset::from_hms(hours, 0, 0).expect("valid offset")
}

/// The given instant as seen on a clock in Paris.
pub fn in_paris(at: OffsetDateTime) -> OffsetDateTime {
    at.to_offset(paris_offset(at))
}

/// Today's date in Paris.
pub fn paris_today() -> Date {
    in_paris(OffsetDateTime::now_utc()).date()
}

fn last_sunday(year: i32, month: Month) -> Date {
    let last_day = time::util::days_in_month(month, year);
    let mut date = Date::from_calendar_date(year, month, last_day).expect("valid date");
    while date.weekday() != Weekday::Sunday {
        date = date.previous_day().expect("not the first day of all time");
    }
    date
}

/// "23 novembre 2026": how dates are written for French readers.
pub fn french_date(date: Date) -> String {
    const MONTHS: [&str; 12] = [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ];
    let day = match date.day() {
        1 => "1er".to_string(),
        d => d.to_string(),
    };
    format!(
        "{day} {} {}",
        MONTHS[usize::from(u8::from(date.month())) - 1],
        date.year()
    )
}

/// The years a date or a year typed in a form may fall in. The programme began in 2012 and plans
/// a few years ahead; the bounds leave room on both sides while keeping every calendar sum made
/// from a typed date (a year's milestones, a cohort's weeks, a subsidy's years) far inside what
/// a `Date` can hold, so no arithmetic on input can overflow.
pub const FORM_YEARS: RangeInclusive<i32> = 2000..=2100;

/// The one reader of dates typed in forms: ISO `2027-01-15` (what a date field sends) or
/// `15/01/2027` (as people in France write it), day and month on one or two digits, the year on
/// four, within [`FORM_YEARS`]. Signs, other separators and impossible days are `None`.
pub fn parse_form_date(text: &str) -> Option<Date> {
    let text = text.trim();
    let parts: Vec<&str> = if text.contains('/') {
        let mut parts: Vec<&str> = text.split('/').collect();
        parts.reverse();
        parts
    } else {
        text.split('-').collect()
    };
    let [year, month, day] = parts.as_slice() else {
        return None;
    };
    let digits = |part: &str, lengths: RangeInclusive<usize>| {
        lengths.contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit())
    };
    if !digits(year, 4..=4) || !digits(month, 1..=2) || !digits(day, 1..=2) {
        return None;
    }
    let year = parse_form_year(year)?;
    let month = Month::try_from(month.parse::<u8>().ok()?).ok()?;
    Date::from_calendar_date(year, month, day.parse().ok()?).ok()
}

/// A year typed in a form ("2027"), within [`FORM_YEARS`].
pub fn parse_form_year(text: &str) -> Option<i32> {
    let text = text.trim();
    if text.is_empty() || text.len() > 4 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok().filter(|year| FORM_YEARS.contains(year))
}

/// A date field of a form, optional: empty is `None`, anything else must be a date the one
/// reader of form dates accepts, or the field gets a French message.
pub fn parse_date_field(field: &'static str, value: &str) -> Result<Option<Date>, crate::domain::FieldError> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    // ISO as the field shows it, or day/month/year as people in France write it.
    parse_form_date(value).map(Some).ok_or_else(|| {
        crate::domain::FieldError::new(
            field,
            "Indiquez une date valide entre 2000 et 2100, par exemple 15/01/2027 ou 2027-01-15.",
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn paris_is_one_hour_ahead_in_winter_and_two_in_summer() {
        assert_eq!(paris_offset(datetime!(2026-01-15 12:00 UTC)).whole_hours(), 1);
        assert_eq!(paris_offset(datetime!(2026-07-15 12:00 UTC)).whole_hours(), 2);
    }

    #[test]
    fn summer_time_changes_at_one_in_the_morning_utc_on_the_last_sundays() {
        // 2026: 29 March and 25 October.
        assert_eq!(paris_offset(datetime!(2026-03-29 00:59 UTC)).whole_hours(), 1);
        assert_eq!(paris_offset(datetime!(2026-03-29 01:00 UTC)).whole_hours(), 2);
        assert_eq!(paris_offset(datetime!(2026-10-25 00:59 UTC)).whole_hours(), 2);
        assert_eq!(paris_offset(datetime!(2026-10-25 01:00 UTC)).whole_hours(), 1);
    }

    #[test]
    fn late_evening_utc_is_already_tomorrow_in_paris() {
        assert_eq!(in_paris(datetime!(2026-12-31 23:30 UTC)).date(), date!(2027 - 01 - 01));
    }

    #[test]
    fn dates_read_as_french() {
        assert_eq!(french_date(date!(2026 - 08 - 01)), "1er août 2026");
        assert_eq!(french_date(date!(2026 - 11 - 23)), "23 novembre 2026");
    }

    #[test]
    fn form_dates_are_iso_or_french_within_the_sane_years() {
        let expected = Some(date!(2027 - 01 - 15));
        assert_eq!(parse_form_date("2027-01-15"), expected);
        assert_eq!(parse_form_date(" 15/01/2027 "), expected);
        assert_eq!(parse_form_date("15/1/2027"), expected);
        assert_eq!(parse_form_date("29/02/2028"), Some(date!(2028 - 02 - 29)));
        assert_eq!(parse_form_date("2000-01-01"), Some(date!(2000 - 01 - 01)));
        assert_eq!(parse_form_date("2100-12-31"), Some(date!(2100 - 12 - 31)));
        for bad in [
            "",
            "2027-02-29",
            "31/02/2027",
            "9999-12-31",
            "-2027-01-01",
            "+2027-01-01",
            "0000-01-01",
            "1999-12-31",
            "2101-01-01",
            "2027-01-15-01",
            "2027/01/15",
            "15/01/27",
            "2027-+1-15",
            "２０２７-01-15",
            "99999999999999999999-01-01",
        ] {
            assert_eq!(parse_form_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn form_years_are_bounded() {
        assert_eq!(parse_form_year(" 2027 "), Some(2027));
        for bad in ["", "1999", "2101", "-2027", "+2027", "99999999999999999999", "20 27"] {
            assert_eq!(parse_form_year(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_date_field_is_read_in_iso_or_french_order() {
        let expected = Some(date!(2027 - 01 - 15));
        assert_eq!(parse_date_field("deadline", "2027-01-15"), Ok(expected));
        assert_eq!(parse_date_field("deadline", " 15/01/2027 "), Ok(expected));
        assert_eq!(parse_date_field("deadline", ""), Ok(None));
        assert!(parse_date_field("deadline", "31/02/2027").is_err());
    }
}
