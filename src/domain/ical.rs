//! iCalendar (RFC 5545) text for invitations sent by e-mail (interviews, training sessions) and
//! for subscribed feeds, written by hand so that every byte is known: UTC times only (no
//! `VTIMEZONE` to get wrong), escaped text, CRLF line ends, lines folded at 75 octets.

use time::{Date, Duration, OffsetDateTime, UtcOffset};

/// Identifies the producer in every calendar; clients show it in their diagnostics only.
const PRODID: &str = "-//MSP//Plateforme Médiateur de Santé-Pair//FR";

/// The longest a content line may be, in octets, not counting its CRLF (RFC 5545 §3.1).
const MAX_LINE_OCTETS: usize = 75;

/// Someone named in an event: the organizer or an attendee.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub name: String,
    pub email: String,
}

/// What the receiving calendar should do with the events (RFC 5546 iTIP).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// An invitation, or an update of one when `sequence` is higher than before.
    Request,
    /// The events are called off; each is written with `STATUS:CANCELLED`.
    Cancel,
    /// A feed or a download: no reply expected.
    Publish,
}

impl Method {
    fn as_str(self) -> &'static str {
        match self {
            Method::Request => "REQUEST",
            Method::Cancel => "CANCEL",
            Method::Publish => "PUBLISH",
        }
    }
}

/// One event. For an invitation and its later updates or cancellation to land on the same entry
/// of the attendee's calendar, `uid` must stay the same and `sequence` must grow with each
/// change; a `Request` or `Cancel` needs an `organizer`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub uid: String,
    pub sequence: u32,
    /// The start of a timed event; any offset, written in UTC.
    pub start: OffsetDateTime,
    pub duration_minutes: u32,
    /// A run of whole days (training weeks): the first day, inclusive, and the end day,
    /// exclusive, as RFC 5545 counts them. When `Some`, `start` and `duration_minutes` are ignored.
    pub all_day: Option<(Date, Date)>,
    pub summary: String,
    pub description: String,
    /// Left out when empty.
    pub location: String,
    pub url: Option<String>,
    pub organizer: Option<Person>,
    pub attendees: Vec<Person>,
    pub cancelled: bool,
}

/// A VCALENDAR with PRODID "-//MSP//Plateforme Médiateur de Santé-Pair//FR", VERSION 2.0,
/// CALSCALE GREGORIAN, METHOD (REQUEST/CANCEL/PUBLISH), the events, and X-WR-CALNAME when `name`
/// is Some (feeds). `stamp` is the DTSTAMP of every event: when this text was made.
///
/// What must hold, whatever the users typed: every line ends with CRLF and is at most 75 octets
/// (longer ones folded without splitting a UTF-8 character), and no value can start a new
/// property (text is escaped, control characters are dropped from the rest).
pub fn calendar(method: Method, name: Option<&str>, events: &[Event], stamp: OffsetDateTime) -> String {
    let mut out = String::new();
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, &format!("PRODID:{PRODID}"));
    line(&mut out, "VERSION:2.0");
    line(&mut out, "CALSCALE:GREGORIAN");
    line(&mut out, &format!("METHOD:{}", method.as_str()));
    if let Some(name) = name {
        line(&mut out, &format!("X-WR-CALNAME:{}", text(name)));
    }
    for event in events {
        write_event(&mut out, method, event, stamp);
    }
    line(&mut out, "END:VCALENDAR");
    out
}

fn write_event(out: &mut String, method: Method, event: &Event, stamp: OffsetDateTime) {
    line(out, "BEGIN:VEVENT");
    line(out, &format!("UID:{}", text(&event.uid)));
    line(out, &format!("SEQUENCE:{}", event.sequence));
    line(out, &format!("DTSTAMP:{}", utc(stamp)));
    match event.all_day {
        Some((first, end)) => {
            line(out, &format!("DTSTART;VALUE=DATE:{}", date(first)));
            line(out, &format!("DTEND;VALUE=DATE:{}", date(end)));
        }
        None => {
            let end = event.start + Duration::minutes(i64::from(event.duration_minutes));
            line(out, &format!("DTSTART:{}", utc(event.start)));
            line(out, &format!("DTEND:{}", utc(end)));
        }
    }
    line(out, &format!("SUMMARY:{}", text(&event.summary)));
    if !event.description.is_empty() {
        line(out, &format!("DESCRIPTION:{}", text(&event.description)));
    }
    if !event.location.is_empty() {
        line(out, &format!("LOCATION:{}", text(&event.location)));
    }
    if let Some(url) = &event.url {
        line(out, &format!("URL:{}", uri(url)));
    }
    if let Some(organizer) = &event.organizer {
        line(out, &format!("ORGANIZER;{}", person(organizer)));
    }
    for attendee in &event.attendees {
        let reply = if method == Method::Request {
            ";PARTSTAT=NEEDS-ACTION;RSVP=TRUE"
        } else {
            ""
        };
        line(
            out,
            &format!("ATTENDEE;ROLE=REQ-PARTICIPANT{reply};{}", person(attendee)),
        );
    }
    let status = if event.cancelled || method == Method::Cancel {
        "CANCELLED"
    } else {
        "CONFIRMED"
    };
    line(out, &format!("STATUS:{status}"));
    line(out, "END:VEVENT");
}

/// Appends one content line, folded: a line longer than 75 octets goes on in continuation lines
/// that start with a space and hold at most 74 octets more each, cut only between characters.
fn line(out: &mut String, content: &str) {
    let mut rest = content;
    let mut room = MAX_LINE_OCTETS;
    loop {
        if rest.len() <= room {
            out.push_str(rest);
            out.push_str("\r\n");
            return;
        }
        let mut cut = room;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        room = MAX_LINE_OCTETS - 1;
    }
}

/// A TEXT value (RFC 5545 §3.3.11): backslash, semicolon and comma escaped, any line break
/// written `\n`, other control characters (which TEXT does not allow) dropped, tabs kept.
fn text(value: &str) -> String {
    let mut escaped = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => escaped.push_str("\\\\"),
            ';' => escaped.push_str("\\;"),
            ',' => escaped.push_str("\\,"),
            '\r' => {
                chars.next_if_eq(&'\n');
                escaped.push_str("\\n");
            }
            '\n' => escaped.push_str("\\n"),
            '\t' => escaped.push('\t'),
            c if c.is_control() => {}
            c => escaped.push(c),
        }
    }
    escaped
}

/// A URI value, which is not escaped like TEXT: only what could break the line is dropped.
fn uri(value: &str) -> String {
    value.chars().filter(|c| !c.is_control()).collect()
}

/// `CN="name":mailto:email`. A quoted parameter value cannot hold a double quote or a control
/// character (RFC 5545 §3.1), so those are dropped from the name; the address loses whatever
/// could not be part of one.
fn person(person: &Person) -> String {
    let name: String = person.name.chars().filter(|c| *c != '"' && !c.is_control()).collect();
    let email: String = person
        .email
        .chars()
        .filter(|c| !c.is_control() && !c.is_whitespace())
        .collect();
    format!("CN=\"{name}\":mailto:{email}")
}

/// A UTC DATE-TIME, `YYYYMMDDTHHMMSSZ`.
fn utc(moment: OffsetDateTime) -> String {
    let moment = moment.to_offset(UtcOffset::UTC);
    format!(
        "{}T{:02}{:02}{:02}Z",
        date(moment.date()),
        moment.hour(),
        moment.minute(),
        moment.second()
    )
}

/// A DATE, `YYYYMMDD`.
fn date(day: Date) -> String {
    format!("{:04}{:02}{:02}", day.year(), u8::from(day.month()), day.day())
}

#[cfg(test)]
mod tests;
