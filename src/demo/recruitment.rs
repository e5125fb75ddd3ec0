//! The demo's applications, in every state a recruitment goes through, with an interview in
//! the coming days (the CCOMS attending), one held and not yet evaluated, and a hire. The
//! applicants are fictional; the demo candidate and the demo MSP own theirs, so that their
//! pages show them.

use sqlx::{Any, Transaction};
use time::{Date, Duration, OffsetDateTime, Time};

use super::accounts::{self, DemoAccount};
use super::work::Fiches;
use crate::db::applications::{self, Inserted, NewApplication, NewEvent};
use crate::db::audit::{self, Actor, Entry};
use crate::db::interviews::{self, Schedule};
use crate::domain::account::Email;
use crate::domain::application::{Applicant, ApplicationStatus};
use crate::domain::calendar::from_paris;
use crate::domain::policy::EstablishmentScope;
use crate::domain::role::Role;
use crate::secrets::{random_token, token_hash};

/// Which of the demo's offers someone applies to.
#[derive(Clone, Copy)]
enum To {
    /// The open offer.
    Open,
    /// The filled one, whose MSP arrived.
    Filled,
    /// The one filled lately, whose MSP is still to arrive.
    FilledLately,
}

/// Who applies, how far they went, and to which offer.
const APPLICANTS: [(&str, &str, ApplicationStatus, To); 9] = [
    ("", "", ApplicationStatus::Recue, To::Open),
    ("Sacha Lumière (démo)", "sacha", ApplicationStatus::Recue, To::Open),
    (
        "Noa Printemps (démo)",
        "noa",
        ApplicationStatus::Preselectionnee,
        To::Open,
    ),
    ("Lou Rivage (démo)", "lou", ApplicationStatus::Entretien, To::Open),
    ("Eden Clairière (démo)", "eden", ApplicationStatus::Entretien, To::Open),
    ("Maël Horizon (démo)", "mael", ApplicationStatus::NonRetenue, To::Open),
    ("", "", ApplicationStatus::Retiree, To::Filled),
    ("", "", ApplicationStatus::Embauchee, To::Filled),
    (
        "Alix Fontaine (démo)",
        "alix",
        ApplicationStatus::Embauchee,
        To::FilledLately,
    ),
];

/// Makes the applications, the interviews and the hire.
pub(super) async fn load(
    tx: &mut Transaction<'_, Any>, fiches: &Fiches, people: &[DemoAccount], today: Date,
) -> sqlx::Result<()> {
    let candidate = accounts::of(people, Role::Candidate);
    let msp = accounts::of(people, Role::Msp);
    let mut interviewed = 0;
    for (n, &(name, key, status, to)) in APPLICANTS.iter().enumerate() {
        // The demo candidate applies to the open offer and withdrew from the filled one; the
        // demo MSP was hired.
        let (own, name, email) = match (name, status) {
            ("", ApplicationStatus::Embauchee) => (Some(msp.id), msp.name, msp.email.clone()),
            ("", _) => (Some(candidate.id), candidate.name, candidate.email.clone()),
            _ => (None, name, format!("{key}@candidats.demo.msp.example")),
        };
        let fiche = match to {
            To::Open => fiches.published,
            To::Filled => fiches.filled,
            To::FilledLately => fiches.hired_lately,
        };
        let id = apply(tx, fiche, fiches.employer.id, own, name, &email, n).await?;
        move_to(tx, id, status, people).await?;
        match (status, interviewed) {
            (ApplicationStatus::Entretien, 0) => {
                interview(tx, id, today + Duration::days(5), people).await?;
                interviewed += 1;
            }
            (ApplicationStatus::Entretien, _) => interview(tx, id, today - Duration::days(3), people).await?,
            _ => {}
        }
        if key == "sacha" {
            opened(tx, id, accounts::of(people, Role::Recruiter)).await?;
        }
    }
    Ok(())
}

async fn apply(
    tx: &mut Transaction<'_, Any>, fiche: i64, establishment: i64, candidate: Option<i64>, name: &str, email: &str,
    n: usize,
) -> sqlx::Result<i64> {
    let applicant = Applicant {
        full_name: name.to_string(),
        email: Email::parse("email", email).expect("a valid demo address"),
        phone: format!("06 00 00 00 0{n}"),
        town: "Nanterre".to_string(),
        message: "Je souhaite mettre mon expérience du rétablissement au service des personnes accompagnées."
            .to_string(),
    };
    let new = NewApplication {
        fiche_id: fiche,
        establishment_id: establishment,
        candidate_id: candidate,
        applicant: &applicant,
        consent_version: crate::web::pages::PRIVACY_NOTICE_VERSION,
        follow_token_hash: &token_hash(&random_token()),
        submission_key: &random_token(),
        email_verified: candidate.is_some(),
    };
    let (Inserted::New(id) | Inserted::Already(id)) = applications::insert(tx, new).await?;
    Ok(id)
}

/// Moves an application step by step to `to`, each move recorded as the pages do.
async fn move_to(
    tx: &mut Transaction<'_, Any>, id: i64, to: ApplicationStatus, people: &[DemoAccount],
) -> sqlx::Result<()> {
    use ApplicationStatus::*;
    let path: &[ApplicationStatus] = match to {
        Recue => &[],
        Preselectionnee => &[Preselectionnee],
        Entretien => &[Preselectionnee, Entretien],
        NonRetenue => &[NonRetenue],
        Retiree => &[Retiree],
        _ => &[Preselectionnee, Entretien, Retenue, Embauchee],
    };
    let who = if to == Retiree {
        accounts::of(people, Role::Candidate)
    } else {
        accounts::of(people, Role::Recruiter)
    };
    for &step in path {
        let application = applications::find_in_scope(tx, id, &EstablishmentScope::All)
            .await?
            .expect("just made");
        applications::set_status(tx, id, application.version, step).await?;
        let event = NewEvent {
            actor_id: Some(who.id),
            actor_name: who.name,
            from: Some(application.status),
            to: Some(step),
            reason: "",
            mail: None,
        };
        applications::add_event(tx, id, event).await?;
        if step == Embauchee {
            applications::record_hire(tx, &application).await?;
        }
    }
    Ok(())
}

/// An interview at 14 h (Paris) on `day`, the recruiter and the CCOMS on the panel, the CCOMS
/// attending.
async fn interview(
    tx: &mut Transaction<'_, Any>, application: i64, day: Date, people: &[DemoAccount],
) -> sqlx::Result<()> {
    let recruiter = accounts::of(people, Role::Recruiter).id;
    let coordinator = accounts::of(people, Role::Coordinator).id;
    let starts_at = from_paris(day.with_time(Time::from_hms(14, 0, 0).expect("a time")))
        .unwrap_or_else(|_| OffsetDateTime::now_utc());
    let schedule = Schedule {
        starts_at,
        duration_minutes: 45,
        place: "Bâtiment B, salle de réunion du 1er étage",
        video_url: "",
        ccoms_attendee_id: Some(coordinator),
        panel: &[recruiter, coordinator],
    };
    let uid = format!("{}@msp", &random_token()[..32]);
    interviews::insert(tx, application, &uid, &schedule).await?;
    Ok(())
}

/// The recruiter opened the application: its read is in the audit log, as the page writes it.
async fn opened(tx: &mut Transaction<'_, Any>, application: i64, recruiter: &DemoAccount) -> sqlx::Result<()> {
    let actor = Actor {
        id: Some(recruiter.id),
        email: recruiter.email.clone(),
        ip: String::new(),
    };
    let entry = Entry {
        action: "lecture_candidature",
        target_kind: "candidature",
        target_id: application.to_string(),
        detail: String::new(),
    };
    audit::record(tx, &actor, entry).await
}
