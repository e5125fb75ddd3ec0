use super::*;
use icalendar::parser::{Component, read_calendar, unfold};
use time::macros::{date, datetime};

fn interview() -> Event {
    Event {
        uid: "entretien-42@msp.example".to_owned(),
        sequence: 0,
        // 14:30 in Paris in winter is 13:30 UTC.
        start: datetime!(2027-01-14 14:30 +01:00),
        duration_minutes: 45,
        all_day: None,
        summary: "Entretien : médiateur de santé-pair, CH Sainte-Anne".to_owned(),
        description: "Apportez votre CV.".to_owned(),
        location: "1 rue Cabanis, 75014 Paris".to_owned(),
        url: Some("https://msp.example/candidatures/42?vue=agenda&x=1,2".to_owned()),
        organizer: Some(Person {
            name: "Claire Dupont".to_owned(),
            email: "claire.dupont@ch-sainte-anne.example".to_owned(),
        }),
        attendees: vec![Person {
            name: "Zoé Lefèvre".to_owned(),
            email: "zoe@example.org".to_owned(),
        }],
        cancelled: false,
    }
}

const STAMP: OffsetDateTime = datetime!(2027-01-02 08:05:09 UTC);

/// Checks the framing a lenient parser would forgive, then parses with `icalendar`.
fn parse(out: &str) -> (Vec<(String, String)>, Vec<Component<'static>>) {
    assert!(out.ends_with("\r\n"), "{out:?}");
    for physical in out.strip_suffix("\r\n").unwrap().split("\r\n") {
        assert!(physical.len() <= MAX_LINE_OCTETS, "{physical:?}");
        assert!(!physical.contains(['\r', '\n']), "bare line break in {physical:?}");
    }
    let unfolded: &'static str = Box::leak(unfold(out).into_boxed_str());
    let calendar = read_calendar(unfolded).unwrap();
    let properties = calendar
        .properties
        .iter()
        .map(|p| (p.name.as_str().to_owned(), p.val.as_str().to_owned()))
        .collect();
    (properties, calendar.components)
}

fn value(component: &Component<'_>, name: &str) -> String {
    let property = component.find_prop(name).unwrap_or_else(|| panic!("no {name}"));
    // The parser has already unescaped TEXT values (and left URIs as they are).
    property.val.as_str().to_owned()
}

fn param(component: &Component<'_>, name: &str, key: &str) -> Option<String> {
    let property = component.find_prop(name)?;
    property
        .params
        .iter()
        .find(|p| p.key.as_str() == key)
        .and_then(|p| p.val.as_ref().map(|v| v.as_str().to_owned()))
}

#[test]
fn an_invitation_has_the_calendar_and_event_properties_in_utc() {
    let out = calendar(Method::Request, None, &[interview()], STAMP);
    let (properties, components) = parse(&out);
    assert_eq!(
        properties,
        [
            ("PRODID", PRODID),
            ("VERSION", "2.0"),
            ("CALSCALE", "GREGORIAN"),
            ("METHOD", "REQUEST"),
        ]
        .map(|(n, v)| (n.to_owned(), v.to_owned()))
    );
    assert_eq!(components.len(), 1);
    let event = &components[0];
    assert_eq!(event.name.as_str(), "VEVENT");
    assert_eq!(value(event, "UID"), "entretien-42@msp.example");
    assert_eq!(value(event, "SEQUENCE"), "0");
    assert_eq!(value(event, "DTSTAMP"), "20270102T080509Z");
    assert_eq!(value(event, "DTSTART"), "20270114T133000Z");
    assert_eq!(value(event, "DTEND"), "20270114T141500Z");
    assert_eq!(value(event, "STATUS"), "CONFIRMED");
    assert_eq!(value(event, "LOCATION"), "1 rue Cabanis, 75014 Paris");
    assert!(out.contains("LOCATION:1 rue Cabanis\\, 75014 Paris\r\n"));
    // A URI is not TEXT: its comma stays as it is.
    let url = event.find_prop("URL").unwrap().val.as_str().to_owned();
    assert_eq!(url, "https://msp.example/candidatures/42?vue=agenda&x=1,2");
    assert_eq!(value(event, "ORGANIZER"), "mailto:claire.dupont@ch-sainte-anne.example");
    assert_eq!(param(event, "ORGANIZER", "CN").unwrap(), "Claire Dupont");
    assert_eq!(value(event, "ATTENDEE"), "mailto:zoe@example.org");
    assert_eq!(param(event, "ATTENDEE", "CN").unwrap(), "Zoé Lefèvre");
    assert_eq!(param(event, "ATTENDEE", "RSVP").unwrap(), "TRUE");
    assert_eq!(param(event, "ATTENDEE", "PARTSTAT").unwrap(), "NEEDS-ACTION");
    assert!(!out.contains("X-WR-CALNAME"));
    assert!(out.starts_with("BEGIN:VCALENDAR\r\n") && out.ends_with("END:VCALENDAR\r\n"));
}

#[test]
fn a_summary_with_accents_commas_and_line_breaks_reads_back_unchanged() {
    let mut event = interview();
    event.summary = "Réunion d'équipe, pôle « santé mentale »; salle B\\notes".to_owned();
    event.description = "Ordre du jour :\r\n1. accueil,\n2. bilan;\r3. questions".to_owned();
    let out = calendar(Method::Publish, None, &[event.clone()], STAMP);
    assert!(out.contains("SUMMARY:Réunion d'équipe\\, pôle « santé mentale »\\; salle B\\\\notes\r\n"));
    let (_, components) = parse(&out);
    assert_eq!(value(&components[0], "SUMMARY"), event.summary);
    assert_eq!(
        value(&components[0], "DESCRIPTION"),
        "Ordre du jour :\n1. accueil,\n2. bilan;\n3. questions"
    );
}

#[test]
fn a_long_description_is_folded_at_75_octets_between_characters() {
    // 200 characters, most of them two octets in UTF-8, so that a cut at 75 octets would
    // fall inside one.
    let description: String = "é".repeat(150) + &"a".repeat(50);
    assert_eq!(description.chars().count(), 200);
    let mut event = interview();
    event.description = description.clone();
    let out = calendar(Method::Request, None, &[event], STAMP);
    let folded: Vec<&str> = out
        .split("\r\n")
        .skip_while(|l| !l.starts_with("DESCRIPTION:"))
        .take_while(|l| l.starts_with("DESCRIPTION:") || l.starts_with(' '))
        .collect();
    assert!(folded.len() >= 5, "{folded:?}");
    assert!(folded[1..].iter().all(|l| l.starts_with(' ') && !l.starts_with("  ")));
    let (_, components) = parse(&out);
    assert_eq!(value(&components[0], "DESCRIPTION"), description);
}

#[test]
fn folding_fills_lines_to_exactly_75_octets_when_it_can() {
    let mut out = String::new();
    line(&mut out, &"x".repeat(75));
    assert_eq!(out, format!("{}\r\n", "x".repeat(75)));
    let mut out = String::new();
    line(&mut out, &"x".repeat(76 + 74));
    assert_eq!(out, format!("{}\r\n {}\r\n x\r\n", "x".repeat(75), "x".repeat(74)));
}

#[test]
fn a_cancellation_keeps_the_uid_and_raises_the_sequence() {
    let mut event = interview();
    event.sequence = 2;
    event.cancelled = true;
    let out = calendar(Method::Cancel, None, &[event], STAMP);
    let (properties, components) = parse(&out);
    assert!(properties.contains(&("METHOD".to_owned(), "CANCEL".to_owned())));
    let event = &components[0];
    assert_eq!(value(event, "UID"), "entretien-42@msp.example");
    assert_eq!(value(event, "SEQUENCE"), "2");
    assert_eq!(value(event, "STATUS"), "CANCELLED");
    assert_eq!(param(event, "ATTENDEE", "RSVP"), None);
}

#[test]
fn a_cancel_method_always_says_cancelled() {
    let out = calendar(Method::Cancel, None, &[interview()], STAMP);
    let (_, components) = parse(&out);
    assert_eq!(value(&components[0], "STATUS"), "CANCELLED");
}

#[test]
fn a_training_week_is_written_as_whole_days() {
    let mut week = interview();
    week.uid = "formation-7-semaine-1@msp.example".to_owned();
    week.all_day = Some((date!(2027 - 03 - 01), date!(2027 - 03 - 06)));
    week.organizer = None;
    week.attendees.clear();
    let out = calendar(Method::Publish, Some("Formation MSP, promotion 2027"), &[week], STAMP);
    let (properties, components) = parse(&out);
    let name = properties.iter().find(|(name, _)| name == "X-WR-CALNAME");
    assert_eq!(name.unwrap().1, "Formation MSP, promotion 2027");
    assert!(out.contains("X-WR-CALNAME:Formation MSP\\, promotion 2027\r\n"));
    let event = &components[0];
    assert_eq!(value(event, "DTSTART"), "20270301");
    assert_eq!(param(event, "DTSTART", "VALUE").unwrap(), "DATE");
    assert_eq!(value(event, "DTEND"), "20270306");
    assert_eq!(param(event, "DTEND", "VALUE").unwrap(), "DATE");
    assert!(event.find_prop("ORGANIZER").is_none());
    assert!(event.find_prop("ATTENDEE").is_none());
}

#[test]
fn a_feed_holds_every_event_and_leaves_out_empty_fields() {
    let mut second = interview();
    second.uid = "entretien-43@msp.example".to_owned();
    second.location.clear();
    second.description.clear();
    second.url = None;
    let out = calendar(Method::Publish, Some("Mes entretiens"), &[interview(), second], STAMP);
    let (_, components) = parse(&out);
    assert_eq!(components.len(), 2);
    assert_eq!(value(&components[1], "UID"), "entretien-43@msp.example");
    for absent in ["LOCATION", "DESCRIPTION", "URL"] {
        assert!(components[1].find_prop(absent).is_none(), "{absent}");
    }
    assert_eq!(param(&components[0], "ATTENDEE", "RSVP"), None);
}

#[test]
fn typed_text_cannot_add_a_property() {
    let mut event = interview();
    event.summary = "Entretien\r\nATTENDEE:mailto:intrus@example.org".to_owned();
    event.location = "Salle\u{0}\u{7}B".to_owned();
    event.url = Some("https://msp.example/\r\nSTATUS:CANCELLED".to_owned());
    event.attendees = vec![Person {
        name: "Zoé \"la\" Lefèvre\r\nX-INJECTED:1".to_owned(),
        email: "zoe@example.org\r\nX-INJECTED:2".to_owned(),
    }];
    let out = calendar(Method::Request, None, &[event], STAMP);
    let (_, components) = parse(&out);
    let event = &components[0];
    let attendees = event.properties.iter().filter(|p| p.name.as_str() == "ATTENDEE");
    assert_eq!(attendees.count(), 1);
    assert!(event.find_prop("X-INJECTED").is_none());
    assert_eq!(value(event, "STATUS"), "CONFIRMED");
    assert_eq!(value(event, "LOCATION"), "SalleB");
    assert_eq!(param(event, "ATTENDEE", "CN").unwrap(), "Zoé la LefèvreX-INJECTED:1");
}
