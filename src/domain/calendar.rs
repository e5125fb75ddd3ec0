//! Civil time in France: deadlines are French dates, so "today" is the date in Paris, and a
//! time typed in a form is a time on a clock in Paris.
//!
//! Europe/Paris comes from the tz database (bundled in the binary by `jiff`, so no system
//! zoneinfo is needed); `jiff` is used here only, at the border between instants and Paris
//! civil time, and the `time` crate stays the project's date type everywhere else. "Now" is
//! read from a [`Clock`] that the application passes in, so that tests can stand on any day.

use std::ops::RangeInclusive;
use std::sync::{Arc, LazyLock, Mutex};

use jiff::tz::{AmbiguousOffset, Offset, TimeZone};
use time::{Date, Duration, Month, OffsetDateTime, PrimitiveDateTime, UtcOffset};

/// Europe/Paris, read once from the bundled tz database.
static PARIS: LazyLock<TimeZone> =
    LazyLock::new(|| TimeZone::get("Europe/Paris").expect("the bundled tz database holds Europe/Paris"));

/// The offset of Paris at a given instant: UTC+2 in summer time, UTC+1 otherwise.
pub fn paris_offset(at: OffsetDateTime) -> UtcOffset {
    let instant = jiff::Timestamp::from_second(at.unix_timestamp()).expect("an instant within jiff's range");
    utc_offset(PARIS.to_offset(instant))
}

fn utc_offset(offset: Offset) -> UtcOffset {
    UtcOffset::from_whole_seconds(offset.seconds()).expect("the offsets of Paris fit in a UtcOffset")
}

/// The given instant as seen on a clock in Paris.
pub fn in_paris(at: OffsetDateTime) -> OffsetDateTime {
    at.to_offset(paris_offset(at))
}

/// Today's date in Paris on the system's clock, for what runs outside the application (the
/// command line, demo data, an export's date) and for tests on the real day; the programme's
/// rules read the [`Clock`] they are given.
pub fn paris_today() -> Date {
    Clock::System.today()
}

/// A time on a clock in Paris that never shows: when summer time begins (the last Sunday of
/// March), the clocks jump from 02:00 to 03:00, so 02:30 that night does not exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SkippedByClockChange;

impl SkippedByClockChange {
    /// For the field where the time was typed.
    pub const MESSAGE: &'static str = "Cette heure n'existe pas à Paris ce jour-là : les horloges passent \
        de 2 h à 3 h (heure d'été). Choisissez une autre heure.";
}

/// The instant at which a clock in Paris shows this day and time.
///
/// In the spring gap (02:00 to 03:00 on the last Sunday of March) no instant does: refused, so
/// that the person who typed it chooses, rather than an hour being added behind their back.
/// In the autumn fold (02:00 to 03:00 on the last Sunday of October, shown twice) the earlier
/// one is taken, as RFC 5545 reads such a local time (3.3.5: "the first occurrence"): it is
/// what a calendar program shows for that time, and of two readings the earlier one never
/// makes anyone late.
pub fn from_paris(local: PrimitiveDateTime) -> Result<OffsetDateTime, SkippedByClockChange> {
    let civil = jiff::civil::DateTime::new(
        i16::try_from(local.year()).expect("a form year fits in i16"),
        i8::try_from(u8::from(local.month())).expect("a month"),
        i8::try_from(local.day()).expect("a day"),
        i8::try_from(local.hour()).expect("an hour"),
        i8::try_from(local.minute()).expect("a minute"),
        i8::try_from(local.second()).expect("a second"),
        0,
    )
    .expect("a valid civil date and time");
    let offset = match PARIS.to_ambiguous_timestamp(civil).offset() {
        AmbiguousOffset::Unambiguous { offset } => offset,
        AmbiguousOffset::Gap { .. } => return Err(SkippedByClockChange),
        // `before` is the offset in force before the clocks go back (summer time): the earlier.
        AmbiguousOffset::Fold { before, .. } => before,
    };
    Ok(local.assume_offset(utc_offset(offset)))
}

/// Where "now" comes from. The application holds one in its state and gives it to the
/// background jobs, so that no rule reads the system's clock behind the caller's back and a
/// test can stand on any day (the days the clocks change, a deadline, a reminder's day).
#[derive(Clone, Debug, Default)]
pub enum Clock {
    /// The system's clock, in production.
    #[default]
    System,
    /// The system's clock moved by an amount a test sets, shared by every clone (the state of
    /// each request, the jobs). Time still passes, so two events a moment apart keep their order.
    Moved(Arc<Mutex<Duration>>),
}

impl Clock {
    /// A clock that tests can move, showing the system's time until they do.
    pub fn movable() -> Clock {
        Clock::Moved(Arc::default())
    }

    /// The current instant.
    pub fn now(&self) -> OffsetDateTime {
        match self {
            Clock::System => OffsetDateTime::now_utc(),
            Clock::Moved(by) => OffsetDateTime::now_utc() + *by.lock().expect("the clock's lock"),
        }
    }

    /// Today's date in Paris.
    pub fn today(&self) -> Date {
        in_paris(self.now()).date()
    }

    /// Moves a test's clock so that it shows `at` now (and then goes on from there).
    ///
    /// # Panics
    /// On the system's clock, which only the world moves.
    pub fn set_now(&self, at: OffsetDateTime) {
        match self {
            Clock::System => panic!("the system clock cannot be set: use Clock::movable()"),
            Clock::Moved(by) => *by.lock().expect("the clock's lock") = at - OffsetDateTime::now_utc(),
        }
    }
}

/// "23 novembre 2026 à 14 h 05": an instant as French readers read it, in Paris time.
pub fn french_instant(at: OffsetDateTime) -> String {
    let local = in_paris(at);
    format!(
        "{} à {} h {:02}",
        french_date(local.date()),
        local.hour(),
        local.minute()
    )
}

/// "23 novembre 2026", "1er février 2026": how dates are written for French readers.
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
mod tests;
