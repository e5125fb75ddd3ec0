//! The one log of what happened (DESIGN §7, issue 20): an application received, a fiche
//! submitted, a hire… Each event is recorded in the transaction of the change it tells, and the
//! notifications (at once or in a daily digest) are made from it; later capabilities (reminders,
//! webhooks) read the same log.
//!
//! An event holds no candidate's data: numbers, an offer's title, an establishment's name, a
//! date. Mail to staff lands in shared mailboxes outside the audit log, so it says which offer
//! and what happened, and links to the page where reading is audited.

mod wording;

use super::coded::coded_enum;
use super::fiche::Offer;
use super::role::Role;

pub use wording::{Wording, why, wording};

coded_enum! {
    /// What happened. The label names the kind on the notification settings.
    pub enum EventKind {
        ApplicationReceived = ("candidature_recue", "Une nouvelle candidature arrive"),
        ApplicationWithdrawn = ("candidature_retiree", "Une candidature est retirée"),
        FicheSubmitted = ("fiche_soumise", "Une fiche est soumise à la relecture"),
        FicheCommented = ("fiche_commentee", "Une remarque est écrite sur une fiche"),
        FicheCorrectionAsked = ("fiche_a_corriger", "Une fiche est à corriger"),
        FichePublished = ("fiche_publiee", "Une fiche est publiée"),
        FicheClosed = ("offre_close", "Une offre est close"),
        InterviewScheduled = ("entretien_fixe", "Un entretien est fixé"),
        InterviewMoved = ("entretien_deplace", "Un entretien est déplacé"),
        InterviewCancelled = ("entretien_annule", "Un entretien est annulé"),
        EvaluationAwaited = ("evaluation_attendue", "Une évaluation d'entretien est attendue"),
        FundingFiled = ("financement_depose", "Une demande de financement est déposée"),
        FundingCompleted = ("financement_complete", "Une demande de financement est complétée"),
        FundingIncomplete = ("financement_a_completer", "Une demande de financement est à compléter"),
        FundingDecided = ("financement_decide", "Une demande de financement est décidée"),
        EnrolmentMoved = ("inscription_modifiee", "Une inscription en formation change d'état"),
        MilestoneComing = ("etape_proche", "Une étape de la première année approche"),
        Hired = ("embauche", "Une personne est embauchée"),
        HireExceptionAsked = ("derogation_demandee", "Une équipe demande une dérogation pour embaucher"),
        ProjectAbandoned = ("projet_abandonne", "Une équipe abandonne son projet de poste"),
        ProjectCorrected = ("projet_corrige", "Le CCOMS corrige l'étape d'un projet de poste"),
        PreparationReviewed = ("preparation_relue", "Le CCOMS relit la préparation de l'équipe"),
        TeamRequestConfirmed = ("demande_poste", "Une équipe demande à créer un poste"),
        NetworkMessage = ("reseau_message", "Un membre du réseau des MSP vous écrit"),
    }
}

coded_enum! {
    /// How a person wants to hear of a kind of event.
    pub enum Choice {
        AtOnce = ("immediat", "Tout de suite"),
        Digest = ("quotidien", "Dans le résumé du jour"),
        Never = ("jamais", "Jamais"),
    }
}

/// Who hears of an event, beside the people it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// The recruiters of the establishment it concerns.
    Recruiters,
    /// The application address the fiche gives (often a shared HR mailbox, with no account).
    ApplicationAddress,
    /// Every CCOMS coordinator.
    Coordinators,
    /// The ARS officers of the region it concerns.
    ArsOfficers,
    /// The accounts the event names (an MSP, a CCOMS attendee, a panel member).
    People,
}

impl EventKind {
    /// Who is told. Interviews tell nobody beside the invitations with their calendar file,
    /// which the panel and the CCOMS attendee already get: the event is only recorded.
    pub fn audiences(self) -> &'static [Audience] {
        use Audience::*;
        use EventKind::*;
        match self {
            ApplicationReceived | ApplicationWithdrawn => &[Recruiters, ApplicationAddress],
            FicheSubmitted | Hired | ProjectAbandoned | HireExceptionAsked | TeamRequestConfirmed => &[Coordinators],
            ProjectCorrected | PreparationReviewed => &[Recruiters],
            FicheCommented | FicheCorrectionAsked | FichePublished | FicheClosed => &[Recruiters],
            FundingIncomplete | FundingDecided => &[Recruiters],
            FundingFiled | FundingCompleted => &[ArsOfficers],
            InterviewScheduled | InterviewMoved | InterviewCancelled => &[],
            EvaluationAwaited | NetworkMessage => &[People],
            EnrolmentMoved | MilestoneComing => &[People, Recruiters],
        }
    }

    /// The kinds a person of this role may hear of, in the order the settings list them.
    pub fn heard_by(role: Role) -> Vec<EventKind> {
        EventKind::ALL.into_iter().filter(|kind| kind.reaches(role)).collect()
    }

    /// Whether a person of this role can be among the recipients.
    fn reaches(self, role: Role) -> bool {
        use EventKind::*;
        match role {
            Role::Recruiter => !matches!(
                self,
                FicheSubmitted
                    | Hired
                    | HireExceptionAsked
                    | ProjectAbandoned
                    | TeamRequestConfirmed
                    | FundingFiled
                    | FundingCompleted
                    | InterviewScheduled
                    | InterviewMoved
                    | InterviewCancelled
                    | NetworkMessage
            ),
            Role::Coordinator => matches!(
                self,
                FicheSubmitted
                    | Hired
                    | HireExceptionAsked
                    | EvaluationAwaited
                    | ProjectAbandoned
                    | TeamRequestConfirmed
            ),
            Role::ArsOfficer => matches!(self, FundingFiled | FundingCompleted),
            Role::Msp => matches!(self, EnrolmentMoved | MilestoneComing | NetworkMessage),
            Role::Candidate | Role::University | Role::Admin => false,
        }
    }

    /// Until a person chooses: at once what asks them to act, in the day's digest what only
    /// informs them.
    pub fn default_choice(self, role: Role) -> Choice {
        use EventKind::*;
        match (self, role) {
            (FicheClosed | EnrolmentMoved | ProjectCorrected, Role::Recruiter) => Choice::Digest,
            (Hired | ProjectAbandoned, _) => Choice::Digest,
            _ => Choice::AtOnce,
        }
    }
}

/// Something that happened, as recorded: what, about which number, where, and the page where
/// the action is. Never a candidate's name or address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub kind: EventKind,
    /// The number it is about: the application, the fiche, the funding request, the enrolment.
    pub reference: i64,
    /// What it is about, as its page names it: the offer's title, a milestone.
    pub title: String,
    /// The establishment's name (with its article, as in "au CH du Rouvray"), or empty.
    pub place: String,
    /// A detail of the kind: an interview's date, a decision, a new state.
    pub detail: String,
    /// The page where the action is, from the site's root (`/candidatures/42`).
    pub link: String,
    pub establishment_id: Option<i64>,
    pub region_code: Option<String>,
    pub fiche_id: Option<i64>,
    /// The accounts it names as recipients (`Audience::People`).
    pub people: Vec<i64>,
}

impl Event {
    /// An event of `kind` about number `reference`, titled, at its page; the rest is added.
    pub fn new(kind: EventKind, reference: i64, title: impl Into<String>, link: impl Into<String>) -> Event {
        Event {
            kind,
            reference,
            title: title.into(),
            place: String::new(),
            detail: String::new(),
            link: link.into(),
            establishment_id: None,
            region_code: None,
            fiche_id: None,
            people: Vec::new(),
        }
    }

    /// About an offer (or the fiche it was): its title, its establishment, its application
    /// address.
    pub fn of_offer(kind: EventKind, reference: i64, offer: &Offer, link: impl Into<String>) -> Event {
        Event::new(kind, reference, offer.content.title.clone(), link)
            .at(offer.employer.id, offer.employer.name.clone())
            .of_fiche(offer.id)
    }

    /// About an application: the number is the application's, the rest its offer's.
    pub fn of_application(kind: EventKind, id: i64, title: &str, fiche_id: i64, establishment: (i64, &str)) -> Event {
        Event::new(kind, id, title, format!("/candidatures/{id}"))
            .at(establishment.0, establishment.1)
            .of_fiche(fiche_id)
    }

    /// About a post project: its number, its unit, its establishment.
    pub fn of_project(kind: EventKind, project: &super::project::Project) -> Event {
        Event::new(
            kind,
            project.id,
            project.unit.as_str(),
            format!("/projets/{}", project.id),
        )
        .at(project.establishment_id, project.establishment_name.as_str())
    }

    /// At an establishment: its recruiters are its audience, its name is in the text.
    pub fn at(mut self, establishment_id: i64, place: impl Into<String>) -> Event {
        self.establishment_id = Some(establishment_id);
        self.place = place.into();
        self
    }

    pub fn of_fiche(mut self, fiche_id: i64) -> Event {
        self.fiche_id = Some(fiche_id);
        self
    }

    pub fn in_region(mut self, region_code: impl Into<String>) -> Event {
        self.region_code = Some(region_code.into());
        self
    }

    pub fn detail(mut self, detail: impl Into<String>) -> Event {
        self.detail = detail.into();
        self
    }

    pub fn to_people(mut self, people: impl IntoIterator<Item = i64>) -> Event {
        self.people.extend(people);
        self
    }
}

#[cfg(test)]
mod tests;
