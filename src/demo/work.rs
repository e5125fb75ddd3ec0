//! The demo recruiter's work in progress, so that every role's home has something in every
//! state: post projects with fiches in draft, in review, sent back, published, filled and
//! withdrawn, then the applications to them ([`super::recruitment`]) and the hired MSP's first
//! year ([`super::path`]). Made once, through the same functions as the pages; fictional people.

use sqlx::{Any, Transaction};
use time::{Date, Duration};

use super::accounts::{self, DemoAccount};
use super::projects;
use crate::db::{establishments, fiches};
use crate::domain::fiche::{Employer, FicheContent, FicheStatus};
use crate::domain::policy::EstablishmentScope;
use crate::domain::role::Role;

/// The draft's title: once it exists, the demo's work is there already.
const DRAFT: &str = "Médiateur ou médiatrice de santé-pair – équipe de liaison (brouillon)";

/// The fiches of the demo recruiter's establishment, by state, for the applications.
pub(super) struct Fiches {
    pub employer: Employer,
    /// The establishment's offer published from the demo file.
    pub published: i64,
    /// Closed, the post filled: the hired MSP's.
    pub filled: i64,
    /// Closed, the post filled by someone who has not arrived yet.
    pub hired_lately: i64,
}

/// Adds the demo's work unless it is there; the recruiter's establishment is the first of the
/// demo's in Île-de-France (as in [`accounts::ensure`]).
pub(super) async fn load(tx: &mut Transaction<'_, Any>, people: &[DemoAccount], today: Date) -> sqlx::Result<()> {
    let Some(&(establishment, _)) = establishments::list_names_in_departements(tx, &["92", "93", "94"])
        .await?
        .first()
    else {
        return Ok(());
    };
    if fiches::exists_with_title(tx, establishment, DRAFT).await? {
        return Ok(());
    }
    let employer = establishments::find(tx, establishment).await?.expect("listed just now");
    let scope = EstablishmentScope::Only(vec![establishment]);
    let Some(published) = fiches::list_for_work(tx, &scope, Some(FicheStatus::Publiee))
        .await?
        .first()
        .map(|f| f.offer.id)
    else {
        return Ok(());
    };
    let model = fiches::find_for_work(tx, published, &scope)
        .await?
        .expect("listed just now");
    let (filled, hired_lately) = fiches_in_every_state(tx, &employer, &model.offer.content, people, today).await?;
    projects::team_request(tx).await?;
    // The offer from the demo file recruits for a project of its own.
    let recruiting = projects::open(tx, employer.id, "Hôpital de jour adultes").await?;
    projects::met(tx, recruiting, today).await?;
    crate::db::projects::attach_fiche(tx, recruiting, published).await?;
    let fiches = Fiches {
        employer,
        published,
        filled,
        hired_lately,
    };
    super::recruitment::load(tx, &fiches, people, today).await?;
    super::pool::load(tx, people, published, establishment, today).await?;
    super::network::load(tx, people).await?;
    super::path::load(tx, people, today).await
}

/// A project per fiche, each fiche at its step, and a project still exploring; returns the
/// filled fiches' ids: the one whose MSP arrived, the one whose MSP is still to come.
async fn fiches_in_every_state(
    tx: &mut Transaction<'_, Any>, employer: &Employer, model: &FicheContent, people: &[DemoAccount], today: Date,
) -> sqlx::Result<(i64, i64)> {
    let recruiter = accounts::of(people, Role::Recruiter);
    let coordinator = accounts::of(people, Role::Coordinator);
    let mut filled = Vec::new();
    for (unit, title, status) in STEPS {
        let project = projects::open(tx, employer.id, unit).await?;
        projects::met(tx, project, today).await?;
        let content = content(model, title, today, status);
        let id = fiches::insert_draft(tx, employer, &content, project).await?;
        if status != FicheStatus::Brouillon {
            fiches::record_version(tx, id, &content, recruiter.id).await?;
        }
        if status == FicheStatus::ACorriger {
            let body = "Précisez les missions de la première semaine et le nom de la personne qui accueille.";
            fiches::add_comment(tx, id, 1, "missions", body, (coordinator.id, coordinator.name)).await?;
        }
        move_fiche(tx, id, status).await?;
        match status {
            FicheStatus::Close => filled.push(id),
            FicheStatus::Retiree => {
                let reason = "Le chef de service part : l'équipe reprendra le projet avec son successeur.";
                projects::give_up(tx, project, reason, today).await?;
            }
            _ => {}
        }
    }
    // A team that has only answered the first questions: the CCOMS has not met it yet.
    projects::open(tx, employer.id, "Équipe mobile psychiatrie précarité").await?;
    Ok((filled[0], filled[1]))
}

/// The demo's projects with a fiche: (unit, the fiche's title, the fiche's state).
const STEPS: [(&str, &str, FicheStatus); 7] = [
    ("Équipe de liaison", DRAFT, FicheStatus::Brouillon),
    (
        "Centre de réhabilitation",
        "Médiateur ou médiatrice de santé-pair – centre de réhabilitation",
        FicheStatus::Soumise,
    ),
    (
        "Hôpital de jour adolescents",
        "Médiateur ou médiatrice de santé-pair – hôpital de jour adolescents",
        FicheStatus::ACorriger,
    ),
    (
        "Centre d'accueil thérapeutique",
        "Médiateur ou médiatrice de santé-pair – centre d'accueil thérapeutique à temps partiel",
        FicheStatus::Publiee,
    ),
    (
        "Unité d'hospitalisation",
        "Médiateur ou médiatrice de santé-pair – unité d'hospitalisation",
        FicheStatus::Close,
    ),
    (
        "Équipe mobile de réhabilitation psychosociale",
        "Médiateur ou médiatrice de santé-pair – équipe mobile de réhabilitation psychosociale",
        FicheStatus::Close,
    ),
    (
        "Consultations de secteur",
        "Médiateur ou médiatrice de santé-pair – consultations (offre retirée)",
        FicheStatus::Retiree,
    ),
];

/// The establishment's published offer's text under another title, with dates that fit the
/// state: a filled or withdrawn offer's deadline has passed.
fn content(model: &FicheContent, title: &str, today: Date, status: FicheStatus) -> FicheContent {
    let deadline = match status {
        FicheStatus::Close | FicheStatus::Retiree => today - Duration::days(30),
        _ => today + Duration::days(45),
    };
    FicheContent {
        title: title.to_string(),
        deadline: Some(deadline),
        start_date: Some(deadline + Duration::days(60)),
        ..model.clone()
    }
}

/// Moves a fiche from draft to `to` as the pages would (submitted first when it was reviewed).
async fn move_fiche(tx: &mut Transaction<'_, Any>, id: i64, to: FicheStatus) -> sqlx::Result<()> {
    let path: &[FicheStatus] = match to {
        FicheStatus::Brouillon => &[],
        FicheStatus::Soumise => &[FicheStatus::Soumise],
        FicheStatus::ACorriger => &[FicheStatus::Soumise, FicheStatus::ACorriger],
        _ => &[FicheStatus::Soumise, FicheStatus::Publiee, to],
    };
    let all = EstablishmentScope::All;
    for &step in path {
        let version = fiches::find_for_work(tx, id, &all).await?.expect("just made").version;
        fiches::set_status(tx, id, version, step).await?;
    }
    Ok(())
}
