//! Mails about an application: received, withdrawn, decided, and its interview.

use super::{Attachment, Compose};

/// An application received, with the candidate's follow link.
pub struct ApplicationReceived<'a> {
    pub title: &'a str,
    pub employer: &'a str,
    pub link: &'a str,
}

impl Compose for ApplicationReceived<'_> {
    fn kind(&self) -> &str {
        "suivi"
    }
    fn subject(&self) -> String {
        format!("Candidature reçue : {}", self.title)
    }
}

bodies!(
    ApplicationReceived,
    "mail/application_received.txt",
    "mail/application_received.html"
);

/// An application the candidate withdrew.
pub struct Withdrawal<'a> {
    pub title: &'a str,
    pub establishment: &'a str,
}

impl Compose for Withdrawal<'_> {
    fn kind(&self) -> &str {
        "retrait"
    }
    fn subject(&self) -> String {
        "Candidature retirée".into()
    }
}

bodies!(Withdrawal, "mail/withdrawal.txt", "mail/withdrawal.html");

/// A message written in full by a person (a decision, from a template the recruiter may have
/// edited): its text is sent as written, its paragraphs and lines kept in the HTML.
pub struct Written<'a> {
    /// "decision", or "entretien" when an interview's invitation goes with it.
    pub kind: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
    pub attachment: Option<Attachment<'a>>,
}

impl Compose for Written<'_> {
    fn kind(&self) -> &str {
        self.kind
    }
    fn subject(&self) -> String {
        self.subject.into()
    }
    fn attachment(&self) -> Option<Attachment<'_>> {
        self.attachment
    }
}

bodies!(Written, "mail/written.txt", "mail/written.html");

/// An interview's invitation (`.ics`) to the candidate.
pub struct InterviewInvitation<'a> {
    pub name: &'a str,
    pub title: &'a str,
    pub establishment: &'a str,
    /// Its day and time, in French.
    pub when: &'a str,
    pub calendar: Attachment<'a>,
}

impl Compose for InterviewInvitation<'_> {
    fn kind(&self) -> &str {
        "entretien"
    }
    fn subject(&self) -> String {
        format!("Entretien : {}", self.title)
    }
    fn attachment(&self) -> Option<Attachment<'_>> {
        Some(self.calendar)
    }
}

bodies!(
    InterviewInvitation,
    "mail/interview_invitation.txt",
    "mail/interview_invitation.html"
);

/// An interview cancelled, to the candidate, with the cancelling `.ics`.
pub struct InterviewCancellation<'a> {
    pub name: &'a str,
    pub title: &'a str,
    pub when: &'a str,
    pub calendar: Attachment<'a>,
}

impl Compose for InterviewCancellation<'_> {
    fn kind(&self) -> &str {
        "entretien"
    }
    fn subject(&self) -> String {
        format!("Entretien annulé : {}", self.title)
    }
    fn attachment(&self) -> Option<Attachment<'_>> {
        Some(self.calendar)
    }
}

bodies!(
    InterviewCancellation,
    "mail/interview_cancellation.txt",
    "mail/interview_cancellation.html"
);

/// An interview, or its cancellation, to a member of the panel or the CCOMS attendee.
pub struct PanelInterview<'a> {
    pub application_id: i64,
    /// Its day and time in French; `None` when it is cancelled.
    pub when: Option<&'a str>,
    /// The application's page (staff only).
    pub link: &'a str,
    pub calendar: Attachment<'a>,
}

impl Compose for PanelInterview<'_> {
    fn kind(&self) -> &str {
        "entretien_jury"
    }
    fn subject(&self) -> String {
        match self.when {
            Some(when) => format!("Entretien le {when} – candidature n° {}", self.application_id),
            None => format!("Entretien annulé – candidature n° {}", self.application_id),
        }
    }
    fn attachment(&self) -> Option<Attachment<'_>> {
        Some(self.calendar)
    }
}

bodies!(PanelInterview, "mail/panel_interview.txt", "mail/panel_interview.html");

/// To someone taken off an interview's panel, with the cancelling `.ics` of their copy.
pub struct PanelRelease<'a> {
    pub application_id: i64,
    pub calendar: Attachment<'a>,
}

impl Compose for PanelRelease<'_> {
    fn kind(&self) -> &str {
        "entretien_jury"
    }
    fn subject(&self) -> String {
        format!("Entretien annulé pour vous – candidature n° {}", self.application_id)
    }
    fn attachment(&self) -> Option<Attachment<'_>> {
        Some(self.calendar)
    }
}

bodies!(PanelRelease, "mail/panel_release.txt", "mail/panel_release.html");
