//! Notifications made from the event log (`crate::notify`): one event at once, or a day's
//! events in one digest. Each says why it was sent and where to choose what one receives.

/// One event, to one person, at once.
pub struct Notification<'a> {
    pub subject: &'a str,
    pub sentence: &'a str,
    /// The link's words and address: the page where the action is.
    pub action: &'a str,
    pub link: &'a str,
    /// Why this person gets it ("vous coordonnez le programme au CCOMS").
    pub why: &'a str,
    /// The notification settings, for an account; `None` for an application address.
    pub settings: Option<&'a str>,
}

kind! {
    Notification: "notification", "mail/notification.txt", "mail/notification.html",
    subject: |m| m.subject.to_string()
}

/// A day's events, to one person, in one mail, with a one-click way to stop digests.
pub struct Digest<'a> {
    /// The day, in French ("mercredi 2 décembre 2026").
    pub day: &'a str,
    pub items: &'a [DigestLine],
    pub settings: &'a str,
    pub unsubscribe: &'a str,
}

/// One event of a digest.
pub struct DigestLine {
    pub sentence: String,
    pub action: &'static str,
    pub link: String,
    pub why: String,
}

kind! {
    Digest: "resume_quotidien", "mail/digest.txt", "mail/digest.html",
    subject: |m| match m.items.len() {
        1 => format!("Résumé du {} : 1 nouveauté", m.day),
        n => format!("Résumé du {} : {n} nouveautés", m.day),
    },
    unsubscribe: |m| Some(m.unsubscribe)
}
