//! The demo's talent pool: the demo candidate and three fictional people who joined it, each
//! showing a different part of their profile, and one invitation from the demo recruiter to
//! the demo candidate, waiting for an answer. The fictional members have no password: nobody
//! signs in as them.

use sqlx::{Any, Transaction};
use time::{Date, Duration, OffsetDateTime};

use super::accounts::{self, DemoAccount};
use crate::db::{pool_invitations, talent_pool, users};
use crate::domain::account::Email;
use crate::domain::policy::EstablishmentScope;
use crate::domain::role::Role;
use crate::domain::talent_pool::{Area, PoolWorkingTime, Profile, Shown, Training};

/// (address, shown name, areas, from when in days, working time, training, presentation).
type Member = (
    &'static str,
    &'static str,
    &'static str,
    Option<i64>,
    PoolWorkingTime,
    &'static [Training],
    &'static str,
);

const MEMBERS: [Member; 4] = [
    (
        "candidat@demo.msp.example",
        "Claude",
        "r11",
        None,
        PoolWorkingTime::LesDeux,
        &[],
        "J'ai envie de travailler dans une équipe mobile, auprès de jeunes adultes.",
    ),
    (
        "camille@candidats.demo.msp.example",
        "Camille",
        "r84 d13",
        Some(30),
        PoolWorkingTime::TempsPlein,
        &[Training::Bobigny],
        "Diplômée de la licence en juin, je cherche un premier poste en Rhône-Alpes ou à Marseille.",
    ),
    (
        "dominique@candidats.demo.msp.example",
        "",
        "r53",
        None,
        PoolWorkingTime::TempsPartiel,
        &[Training::Du],
        "",
    ),
    (
        "yanis@candidats.demo.msp.example",
        "Yanis",
        "d59 d62",
        Some(90),
        PoolWorkingTime::LesDeux,
        &[Training::Autre],
        "Pair-aidant bénévole depuis trois ans dans un groupe d'entraide mutuelle.",
    ),
];

/// Adds the members and the invitation; `fiche` is the demo recruiter's open offer.
pub(super) async fn load(
    tx: &mut Transaction<'_, Any>, people: &[DemoAccount], fiche: i64, establishment: i64, today: Date,
) -> sqlx::Result<()> {
    let now = OffsetDateTime::now_utc();
    let mut candidate_member = None;
    for (n, (address, name, areas, from, working_time, training, presentation)) in MEMBERS.into_iter().enumerate() {
        let email = Email::parse("email", address).expect("a valid demo address");
        let user_id = match users::find_by_email(tx, &email).await? {
            Some(existing) => existing.user.id,
            None => {
                let display_name = format!("{} (démo)", address.split('@').next().unwrap_or_default());
                let new = users::NewUser {
                    email: &email,
                    display_name: &display_name,
                    role: Role::Candidate,
                    password_hash: None,
                    email_verified: true,
                    scopes: &[],
                };
                users::insert(tx, new).await?
            }
        };
        let profile = Profile {
            shown_name: name.into(),
            areas: Area::parse_list(areas),
            available_from: from.map(|days| today + Duration::days(days)),
            working_time,
            training: training.to_vec(),
            training_other: if training.contains(&Training::Autre) {
                "Formation de pair-aidant (Psycom)".into()
            } else {
                String::new()
            },
            presentation: presentation.into(),
            // The third keeps their training to themselves: a search by training skips them.
            shown: Shown {
                training: n != 2,
                ..Shown::ALL
            },
        };
        let member = talent_pool::save(tx, user_id, &profile, now - Duration::days(n as i64 * 20)).await?;
        if n == 0 {
            candidate_member = Some(member);
        }
    }
    let recruiter = accounts::of(people, Role::Recruiter);
    let scope = EstablishmentScope::Only(vec![establishment]);
    let offers = pool_invitations::open_offers(tx, &scope, today).await?;
    if let (Some(member), Some(offer)) = (candidate_member, offers.iter().find(|o| o.id == fiche)) {
        pool_invitations::insert(tx, member, offer, recruiter.id, now).await?;
    }
    Ok(())
}
