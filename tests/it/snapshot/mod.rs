//! Snapshots (insta) of what leaves the platform as text: mails as a scenario queues them, the
//! iCalendar files (an interview's invitation, a cohort's subscribed calendar) and the CSV
//! export, in `snapshots/`. What varies from run to run (the server's address, tokens, ids,
//! stamps, the year) is redacted, so one snapshot holds on both backends and on any day; a
//! change of wording shows in review. After a wanted change: `cargo insta review`, or
//! `INSTA_UPDATE=always cargo test --test it snapshot`; in CI a missing snapshot fails.

use msp::mail::SentMail;

mod calendar;
mod csv;
mod mails;

/// Runs the snapshot assertions in `check` with what varies redacted (and what else `also`
/// names: a regular expression and what stands for it).
fn redacted(also: &[(&str, &str)], check: impl FnOnce()) {
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    for &(varies, shown) in [
        (r"http://127\.0\.0\.1:\d+", "[base]"),
        (r"jeton=[\w-]+", "jeton=[token]"),
        (r"/(suivi|agenda)/[\w-]+", "/$1/[token]"),
        (r"/candidatures/\d+", "/candidatures/[id]"),
        (r"candidature n° \d+", "candidature n° [id]"),
        (r"DTSTAMP:\d{8}T\d{6}Z", "DTSTAMP:[now]"),
        (r"UID:[^\r\n]+", "UID:[uid]"),
    ]
    .iter()
    .chain(also)
    {
        settings.add_filter(varies, shown);
    }
    settings.bind(check);
}

/// A message as it left: envelope, then both bodies.
fn shown(mail: &SentMail) -> String {
    let mut shown = format!("to: {}\nsubject: {}\n", mail.to, mail.subject);
    if let Some((name, _)) = &mail.attachment {
        shown.push_str(&format!("attachment: {name}\n"));
    }
    if let Some(url) = &mail.list_unsubscribe {
        shown.push_str(&format!("list-unsubscribe: {url}\n"));
    }
    format!("{shown}--- text ---\n{}\n--- html ---\n{}\n", mail.text, mail.html)
}

/// A file whose lines end with CRLF (iCalendar, CSV), as the snapshot shows it.
fn lines(file: &str) -> String {
    file.replace("\r\n", "\n")
}
