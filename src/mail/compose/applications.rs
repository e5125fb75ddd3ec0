//! Mails about an application: received, withdrawn, decided, and its interview.

use super::{Attachment, Compose};

/// An application received, with the candidate's follow link.
pub struct ApplicationReceived<'a> {
    pub title: &'a str,
    /// "au Centre hospitalier…", "à l'EPSM…" ([`crate::domain::french::a_name`]).
    pub at_employer: &'a str,
    pub link: &'a str,
}

kind! {
    ApplicationReceived: "suivi", "mail/application_received.txt", "mail/application_received.html",
    subject: |m| format!("Candidature reçue : {}", m.title)
}

/// An application the candidate withdrew.
pub struct Withdrawal<'a> {
    pub title: &'a str,
    /// "au Centre hospitalier…", "à l'EPSM…" ([`crate::domain::french::a_name`]).
    pub at_establishment: &'a str,
}

kind! {
    Withdrawal: "retrait", "mail/withdrawal.txt", "mail/withdrawal.html",
    subject: |_| "Candidature retirée".into()
}

/// A message written in full by a person (a decision, from a template the recruiter may have
/// edited): its text is sent as written, its paragraphs and lines kept in the HTML.
pub struct Written<'a> {
    /// "decision", or "entretien" when an interview's invitation goes with it.
    pub kind: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
    pub attachment: Option<Attachment<'a>>,
    /// The fiche's application address, where the candidate's answer goes.
    pub reply_to: Option<&'a str>,
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
    fn reply_to(&self) -> Option<&str> {
        self.reply_to
    }
}

bodies!(Written, "mail/written.txt", "mail/written.html");

/// An interview's invitation (`.ics`) to the candidate.
pub struct InterviewInvitation<'a> {
    pub name: &'a str,
    pub title: &'a str,
    /// "au Centre hospitalier…", "à l'EPSM…" ([`crate::domain::french::a_name`]).
    pub at_establishment: &'a str,
    /// Its day and time, in French.
    pub when: &'a str,
    pub calendar: Attachment<'a>,
    /// The fiche's application address, where the candidate's answer goes.
    pub reply_to: Option<&'a str>,
}

kind! {
    InterviewInvitation: "entretien", "mail/interview_invitation.txt", "mail/interview_invitation.html",
    subject: |m| format!("Entretien : {}", m.title),
    attachment: |m| Some(m.calendar),
    reply_to: |m| m.reply_to
}

/// An interview cancelled, to the candidate, with the cancelling `.ics`.
pub struct InterviewCancellation<'a> {
    pub name: &'a str,
    pub title: &'a str,
    pub when: &'a str,
    pub calendar: Attachment<'a>,
    /// The fiche's application address, where the candidate's answer goes.
    pub reply_to: Option<&'a str>,
}

kind! {
    InterviewCancellation: "entretien", "mail/interview_cancellation.txt", "mail/interview_cancellation.html",
    subject: |m| format!("Entretien annulé : {}", m.title),
    attachment: |m| Some(m.calendar),
    reply_to: |m| m.reply_to
}

/// An interview, or its cancellation, to a member of the panel or the CCOMS attendee.
pub struct PanelInterview<'a> {
    pub application_id: i64,
    /// Its day and time in French; `None` when it is cancelled.
    pub when: Option<&'a str>,
    /// The application's page (staff only).
    pub link: &'a str,
    pub calendar: Attachment<'a>,
}

kind! {
    PanelInterview: "entretien_jury", "mail/panel_interview.txt", "mail/panel_interview.html",
    subject: |m| match m.when {
        Some(when) => format!("Entretien le {when} – candidature n° {}", m.application_id),
        None => format!("Entretien annulé – candidature n° {}", m.application_id),
    },
    attachment: |m| Some(m.calendar)
}

/// To someone taken off an interview's panel, with the cancelling `.ics` of their copy.
pub struct PanelRelease<'a> {
    pub application_id: i64,
    pub calendar: Attachment<'a>,
}

kind! {
    PanelRelease: "entretien_jury", "mail/panel_release.txt", "mail/panel_release.html",
    subject: |m| format!("Entretien annulé pour vous – candidature n° {}", m.application_id),
    attachment: |m| Some(m.calendar)
}
