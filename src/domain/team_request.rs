//! A team's request to create an MSP post (issue 22, DESIGN §3: "a team with no establishment
//! on the platform yet asks for one through a public request that the CCOMS accepts"): the
//! public form, its states, how long it is kept, and how often one address may send one.

use serde::Deserialize;
use time::{Duration, OffsetDateTime};

use super::account::Email;
use super::application::parse_phone;
use super::coded::coded_enum;
use super::establishment::{LegalIdentity, commune_field};
use super::form_errors::FormErrors;
use super::project::check_text;
use crate::geo::Commune;

coded_enum! {
    /// Where a request stands. Only confirmed ones reach the CCOMS.
    pub enum TeamRequestStatus {
        Unconfirmed = ("a_confirmer", "Adresse à confirmer"),
        Waiting = ("a_traiter", "À traiter"),
        Accepted = ("acceptee", "Acceptée"),
        Answered = ("repondue", "Répondue"),
    }
}

impl TeamRequestStatus {
    pub fn phase(self) -> super::phase::Phase {
        use super::phase::Phase;
        match self {
            TeamRequestStatus::Unconfirmed => Phase::Start,
            TeamRequestStatus::Waiting => Phase::ToDo,
            TeamRequestStatus::Accepted => Phase::Done,
            TeamRequestStatus::Answered => Phase::Closed,
        }
    }
}

/// An unconfirmed request is forgotten this long after it was sent; its link lives as long.
pub const UNCONFIRMED_KEPT_DAYS: i64 = 7;
/// A closed request (accepted or answered) is forgotten this long after: what lasts of an
/// accepted one is the establishment and the contact's own account.
pub const CLOSED_KEPT_DAYS: i64 = 90;
/// "The project in a few lines": long enough for a paragraph or two, no file.
pub const PROJECT_MAX_CHARS: usize = 2000;
/// The CCOMS's written answer.
pub const ANSWER_MAX_CHARS: usize = 5000;

/// Whether a request is to be forgotten at `now`: unconfirmed ones after
/// [`UNCONFIRMED_KEPT_DAYS`] from sending, closed ones after [`CLOSED_KEPT_DAYS`] from closing;
/// a confirmed request waits for the CCOMS however long it takes.
pub fn forgotten(
    status: TeamRequestStatus, created_at: OffsetDateTime, closed_at: Option<OffsetDateTime>, now: OffsetDateTime,
) -> bool {
    match status {
        TeamRequestStatus::Unconfirmed => now - created_at >= Duration::days(UNCONFIRMED_KEPT_DAYS),
        TeamRequestStatus::Waiting => false,
        TeamRequestStatus::Accepted | TeamRequestStatus::Answered => {
            closed_at.is_some_and(|closed| now - closed >= Duration::days(CLOSED_KEPT_DAYS))
        }
    }
}

/// How long an address waits before sending another request, after `count` in the last day:
/// three go at once (a team may correct itself), then one an hour, so that the form cannot be
/// used to flood the CCOMS or to mail strangers.
pub fn request_delay_seconds(count: u32) -> u64 {
    if count < 3 { 0 } else { 3600 }
}

/// The public form, as typed.
#[derive(Deserialize, Default, Clone, Debug)]
#[serde(default)]
pub struct TeamRequestForm {
    pub etablissement: String,
    pub siret: String,
    pub finess: String,
    pub commune: String,
    pub equipe: String,
    pub nom: String,
    pub fonction: String,
    pub email: String,
    pub telephone: String,
    pub projet: String,
}

/// The person who asks, whom the CCOMS answers and, on acceptance, invites.
#[derive(Debug, Clone)]
pub struct Contact {
    pub name: String,
    pub function: String,
    pub email: Email,
    /// Empty when not given.
    pub phone: String,
}

/// A request, checked.
#[derive(Debug, Clone)]
pub struct NewTeamRequest {
    pub establishment_name: String,
    pub identity: LegalIdentity,
    pub commune: &'static Commune,
    pub team: String,
    pub contact: Contact,
    pub project: String,
}

impl TeamRequestForm {
    pub fn read(&self) -> Result<NewTeamRequest, FormErrors> {
        let mut errors = FormErrors::default();
        let name = errors.check(check_text(
            "etablissement",
            &self.etablissement,
            "le nom de l'établissement",
            true,
            200,
        ));
        let identity = LegalIdentity::read(&self.siret, &self.finess, &mut errors);
        let commune = errors.check(commune_field("commune", &self.commune));
        let team = errors.check(check_text("equipe", &self.equipe, "l'équipe ou l'unité", true, 200));
        let contact = self.read_contact(&mut errors);
        let project = errors.check(check_text(
            "projet",
            &self.projet,
            "le projet en quelques lignes",
            true,
            PROJECT_MAX_CHARS,
        ));
        match (name, commune, team, contact, project, errors.is_empty()) {
            (Some(establishment_name), Some(commune), Some(team), Some(contact), Some(project), true) => {
                Ok(NewTeamRequest {
                    establishment_name,
                    identity,
                    commune,
                    team,
                    contact,
                    project,
                })
            }
            _ => Err(errors),
        }
    }

    fn read_contact(&self, errors: &mut FormErrors) -> Option<Contact> {
        let name = errors.check(check_text("nom", &self.nom, "votre nom", true, 200));
        let function = errors.check(check_text("fonction", &self.fonction, "votre fonction", true, 200));
        let email = errors.check(Email::parse("email", &self.email));
        let phone = if self.telephone.trim().is_empty() {
            Some(String::new())
        } else {
            errors.check(parse_phone(&self.telephone))
        };
        Some(Contact {
            name: name?,
            function: function?,
            email: email?,
            phone: phone?,
        })
    }
}

#[cfg(test)]
mod tests;
