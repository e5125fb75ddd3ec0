use super::*;
use time::macros::{date, datetime, time};

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
fn in_2027_summer_time_begins_on_28_march_and_ends_on_31_october_at_one_utc() {
    assert_eq!(paris_offset(datetime!(2027-03-28 00:59 UTC)).whole_hours(), 1);
    assert_eq!(paris_offset(datetime!(2027-03-28 01:00 UTC)).whole_hours(), 2);
    assert_eq!(paris_offset(datetime!(2027-10-31 00:59 UTC)).whole_hours(), 2);
    assert_eq!(paris_offset(datetime!(2027-10-31 01:00 UTC)).whole_hours(), 1);
    // Seen in Paris: 01:59 then 03:00 in March; 02:59 then 02:00 again in October.
    assert_eq!(in_paris(datetime!(2027-03-28 00:59 UTC)).time(), time!(01:59));
    assert_eq!(in_paris(datetime!(2027-03-28 01:00 UTC)).time(), time!(03:00));
    assert_eq!(in_paris(datetime!(2027-10-31 00:59 UTC)).time(), time!(02:59));
    assert_eq!(in_paris(datetime!(2027-10-31 01:00 UTC)).time(), time!(02:00));
}

/// Paris times on either side of the 2027 changes, and their instants. Saturday 27 March,
/// winter time (UTC+1); Sunday 28 March, summer time (UTC+2) from 03:00. Saturday 30 October,
/// summer time; Sunday 31 October, winter time from 03:00, 02:00 to 03:00 shown twice: the
/// first time is taken (still summer time).
const AROUND_2027_CHANGES: [(PrimitiveDateTime, OffsetDateTime); 10] = [
    (datetime!(2027-03-27 14:30), datetime!(2027-03-27 13:30 UTC)),
    (datetime!(2027-03-28 01:59), datetime!(2027-03-28 00:59 UTC)),
    (datetime!(2027-03-28 03:00), datetime!(2027-03-28 01:00 UTC)),
    (datetime!(2027-03-28 14:30), datetime!(2027-03-28 12:30 UTC)),
    (datetime!(2027-10-30 14:30), datetime!(2027-10-30 12:30 UTC)),
    (datetime!(2027-10-31 01:59), datetime!(2027-10-30 23:59 UTC)),
    (datetime!(2027-10-31 02:00), datetime!(2027-10-31 00:00 UTC)),
    (datetime!(2027-10-31 02:30), datetime!(2027-10-31 00:30 UTC)),
    (datetime!(2027-10-31 03:00), datetime!(2027-10-31 02:00 UTC)),
    (datetime!(2027-10-31 14:30), datetime!(2027-10-31 13:30 UTC)),
];

#[test]
fn a_paris_time_around_the_2027_changes_is_its_own_instant_and_back() {
    for (local, instant) in AROUND_2027_CHANGES {
        assert_eq!(from_paris(local), Ok(instant), "{local}");
        let seen = in_paris(instant);
        assert_eq!(PrimitiveDateTime::new(seen.date(), seen.time()), local, "{instant}");
    }
}

#[test]
fn a_paris_time_skipped_in_spring_is_refused() {
    for skipped in [
        datetime!(2027-03-28 02:00),
        datetime!(2027-03-28 02:30),
        datetime!(2027-03-28 02:59),
    ] {
        assert_eq!(from_paris(skipped), Err(SkippedByClockChange), "{skipped}");
    }
}

#[test]
fn a_movable_clock_stands_where_it_is_set_and_today_is_the_date_in_paris() {
    let clock = Clock::movable();
    let shared = clock.clone();
    // 23:30 UTC on 27 March 2027 is 00:30 on the 28th in Paris (winter time, UTC+1).
    clock.set_now(datetime!(2027-03-27 23:30 UTC));
    assert!((shared.now() - datetime!(2027-03-27 23:30 UTC)).abs() < Duration::minutes(1));
    assert_eq!(shared.today(), date!(2027 - 03 - 28));
    // 22:30 UTC on 28 March is 00:30 on the 29th (summer time, UTC+2).
    clock.set_now(datetime!(2027-03-28 22:30 UTC));
    assert_eq!(shared.today(), date!(2027 - 03 - 29));
    // 22:30 UTC on 30 October is still summer time: 00:30 on the 31st; a day later, winter
    // time: 23:30 on the 31st.
    clock.set_now(datetime!(2027-10-30 22:30 UTC));
    assert_eq!(shared.today(), date!(2027 - 10 - 31));
    clock.set_now(datetime!(2027-10-31 22:30 UTC));
    assert_eq!(shared.today(), date!(2027 - 10 - 31));
}

#[test]
fn the_system_clock_shows_the_system_time() {
    let clock = Clock::System;
    assert!((clock.now() - OffsetDateTime::now_utc()).abs() < Duration::minutes(1));
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
