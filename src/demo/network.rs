//! The demo's MSPs' network: the demo MSP and two fictional MSPs joined it under pseudonyms,
//! and one of them wrote to the demo MSP, who answered. The fictional members have no password:
//! nobody signs in as them.

use sqlx::{Any, Transaction};
use time::{Duration, OffsetDateTime};

use super::accounts::{self, DemoAccount};
use crate::db::network::{self, conversations};
use crate::db::users;
use crate::domain::account::Email;
use crate::domain::fiche::Track;
use crate::domain::geo::territory;
use crate::domain::network::Profile;
use crate::domain::role::Role;

/// (address, pseudonym, region, year, track, topics).
type Member = (
    &'static str,
    &'static str,
    &'static str,
    i32,
    Option<Track>,
    &'static str,
);

const OTHERS: [Member; 2] = [
    (
        "sacha@msp.demo.msp.example",
        "Sacha",
        "11",
        2019,
        Some(Track::Bobigny),
        "binôme, intervision, équipe mobile",
    ),
    (
        "ilyes@msp.demo.msp.example",
        "Ilyès",
        "75",
        2022,
        Some(Track::Bordeaux),
        "premier poste, références, formation",
    ),
];

fn profile(name: &str, region: &str, year: i32, track: Option<Track>, topics: &str) -> Profile {
    Profile {
        shown_name: name.into(),
        region: territory::region(region),
        year: Some(year),
        track,
        topics: topics.into(),
        accepts_messages: true,
    }
}

pub(super) async fn load(tx: &mut Transaction<'_, Any>, people: &[DemoAccount]) -> sqlx::Result<()> {
    let now = OffsetDateTime::now_utc();
    let demo = accounts::of(people, Role::Msp);
    let lune = profile(
        "Lune",
        "11",
        2025,
        Some(Track::Bobigny),
        "arrivée dans l'équipe, binôme",
    );
    network::save(tx, demo.id, &lune, now - Duration::days(20)).await?;
    let mut others = Vec::new();
    for (address, name, region, year, track, topics) in OTHERS {
        let email = Email::parse("email", address).expect("a valid demo address");
        let user_id = match users::find_by_email(tx, &email).await? {
            Some(existing) => existing.user.id,
            None => {
                let display_name = format!("{name} (démo)");
                let new = users::NewUser {
                    email: &email,
                    display_name: &display_name,
                    role: Role::Msp,
                    password_hash: None,
                    email_verified: true,
                    scopes: &[],
                };
                users::insert(tx, new).await?
            }
        };
        network::save(
            tx,
            user_id,
            &profile(name, region, year, track, topics),
            now - Duration::days(60),
        )
        .await?;
        others.push(user_id);
    }
    let sacha = others[0];
    let asked = now - Duration::days(3);
    let conversation = conversations::start(tx, sacha, demo.id, asked).await?;
    let question = "Bonjour ! J'ai vu que tu viens d'arriver dans ton équipe. Si tu veux parler du binôme des premières \
                    semaines, je suis là.";
    conversations::add_message(tx, conversation, sacha, question, asked).await?;
    let answer = "Merci ! Oui, volontiers : comment avez-vous organisé les temps d'échange avec ton binôme ?";
    conversations::add_message(tx, conversation, demo.id, answer, asked + Duration::hours(5)).await?;
    Ok(())
}
