//! Notices: saved searches' alerts and their confirmation, reminders of what comes.

use crate::domain::saved_search::alert_subject;

/// A visitor's alert waits for this link (7 days) before anything else is sent.
pub struct AlertConfirmation<'a> {
    /// The search, as the visitor reads it.
    pub search: &'a str,
    pub link: &'a str,
}

kind! {
    AlertConfirmation: "confirmation_alerte", "mail/alert_confirmation.txt", "mail/alert_confirmation.html",
    subject: |_| "Confirmez votre alerte d'offres d'emploi".into()
}

/// A team's request to create a post waits for this link (7 days) before the CCOMS sees it.
pub struct TeamRequestConfirmation<'a> {
    /// The establishment and team, as the request names them.
    pub establishment: &'a str,
    pub link: &'a str,
}

kind! {
    TeamRequestConfirmation: "confirmation_demande_poste", "mail/team_request_confirmation.txt",
    "mail/team_request_confirmation.html",
    subject: |_| "Confirmez votre demande de création de poste de médiateur de santé-pair".into()
}

/// To the establishment's recruiters and the region's ARS: a subsidy ends soon.
pub struct SubsidyReminder<'a> {
    pub establishment: &'a str,
    /// The post's unit, as the project names it.
    pub unit: &'a str,
    /// The last day, in French.
    pub ends_on: &'a str,
    pub link: &'a str,
}

kind! {
    SubsidyReminder: "rappel_subvention", "mail/subsidy_reminder.txt", "mail/subsidy_reminder.html",
    subject: |m| format!("La subvention du poste de MSP ({}) se termine le {}", m.establishment, m.ends_on)
}

/// To a hired MSP: a milestone of their first year comes.
pub struct MilestoneReminder<'a> {
    /// The milestone's label.
    pub milestone: &'a str,
    /// What is due when (`domain::enrolment::reminder_text`).
    pub due: &'a str,
    pub link: &'a str,
}

kind! {
    MilestoneReminder: "rappel_parcours", "mail/milestone_reminder.txt", "mail/milestone_reminder.html",
    subject: |m| format!("Rappel : {}", m.milestone)
}

/// New offers for a saved search, with the link that unsubscribes without signing in.
pub struct Alert<'a> {
    /// The search, as its owner named it.
    pub search: &'a str,
    pub offers: &'a [AlertOffer],
    /// The board with this search.
    pub search_url: &'a str,
    pub unsubscribe: &'a str,
}

/// One offer of an alert.
pub struct AlertOffer {
    pub url: String,
    pub title: String,
    pub employer: String,
    /// Its locality, and its distance when the search has a place.
    pub place: String,
    /// The deadline to apply, in French.
    pub deadline: Option<String>,
}

kind! {
    Alert: "alerte", "mail/alert.txt", "mail/alert.html",
    subject: |m| alert_subject(&m.offers.iter().map(|o| o.title.as_str()).collect::<Vec<_>>()),
    unsubscribe: |m| Some(m.unsubscribe)
}
