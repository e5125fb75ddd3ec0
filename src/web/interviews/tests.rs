use super::*;

#[test]
fn times_are_read_as_people_write_them() {
    assert_eq!(parse_time("14:30"), Time::from_hms(14, 30, 0).ok());
    assert_eq!(parse_time("14h30"), Time::from_hms(14, 30, 0).ok());
    assert_eq!(parse_time("9 h"), Time::from_hms(9, 0, 0).ok());
    assert_eq!(parse_time("25:00"), None);
    assert_eq!(
        parse_date("15/01/2027"),
        Date::from_calendar_date(2027, time::Month::January, 15).ok()
    );
    assert_eq!(
        parse_date("2027-01-15"),
        Date::from_calendar_date(2027, time::Month::January, 15).ok()
    );
    assert_eq!(parse_date("31/02/2027"), None);
}
