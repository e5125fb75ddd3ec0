//! The demonstration data: the two real fiches of the programme (GREMO-PASS in Strasbourg,
//! SMART 73 in Savoie) and fictitious offers across France, with fictitious contacts only.
//!
//! Dates in the file are relative to today, so the demo board always has open offers.
//! [`synthetic`] makes any number of offers of the same kind, for the benchmark.

pub mod accounts;
mod agenda;
#[cfg(test)]
pub(crate) mod board_index;
mod funding;
mod network;
mod path;
mod pool;
mod projects;
mod recruitment;
mod resources;
pub mod synthetic;
mod work;

use serde::Deserialize;
use time::{Duration, OffsetDateTime};

use crate::db::establishments::{self, NewEstablishment};
use crate::db::{Db, fiches, settings};
use crate::domain::calendar::paris_today;
use crate::domain::fiche::{FicheContent, FicheStatus};

pub use accounts::DemoAccount;

const OFFERS_JSON: &str = include_str!("offres.json");

/// An offer of the demo file: the fiche as written, its employer, and its dates as days from
/// today so that the demo never goes stale.
#[derive(Deserialize)]
struct DemoOffer {
    establishment: DemoEstablishment,
    /// For the two offers copied from real fiches (seeds 000 and 001): the fields whose values
    /// are the demo's own and not the fiche's (`contacts`, `apply_email`, `deadline`,
    /// `published`, `establishment.street`…), so that a reader of this file, and the test that
    /// holds these offers to the seeds, know what the real fiche does not say. Empty for the
    /// other offers, which are invented throughout. Never shown.
    #[serde(default)]
    #[cfg_attr(not(test), expect(dead_code, reason = "read by tests and by readers of the file"))]
    invented: Vec<String>,
    /// The file has no `deadline` nor `start_date`: they are set from the days below.
    #[serde(flatten)]
    content: FicheContent,
    published_days_ago: i64,
    deadline_in_days: i64,
    start_in_days: Option<i64>,
}

#[derive(Deserialize)]
struct DemoEstablishment {
    name: String,
    legal_name: String,
    public: bool,
    street: String,
    postal_code: String,
    commune: String,
    departement: String,
}

impl DemoEstablishment {
    /// The establishment as the platform records it.
    fn to_new(&self) -> NewEstablishment {
        NewEstablishment {
            name: self.name.clone(),
            legal_name: self.legal_name.clone(),
            is_public: self.public,
            street: self.street.clone(),
            postal_code: self.postal_code.clone(),
            commune: self.commune.clone(),
            departement_code: self.departement.clone(),
        }
    }
}

fn offers() -> Vec<DemoOffer> {
    serde_json::from_str(OFFERS_JSON).expect("the embedded demo data is valid")
}

/// Why the demonstration does not load.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error(
        "cette base contient déjà des données qui ne viennent pas de la démonstration (comptes ou établissements) : \
         la démonstration ne s'y charge pas. Choisissez une base neuve, par exemple --database sqlite://demo.sqlite3"
    )]
    NotDemo,
    #[error("base de données : {0}")]
    Database(#[from] sqlx::Error),
}

/// What loading the demonstration did: offers added, and its accounts (all of them, with their
/// second factors' secrets, whether made now or before).
pub struct Prepared {
    pub offers: usize,
    pub accounts: Vec<DemoAccount>,
}

/// Loads the demonstration, with one account per role and work in every state (fiches,
/// applications, interviews, an enrolled MSP; see [`work`]), into an empty database or one it made
/// before (which it marks as such), in one transaction; refuses a database holding other data.
/// `every_offer`: add the offers missing (`msp demo`), else only into a board with none
/// (`msp serve --demo`, so that a demo's offers closed or edited stay so).
pub async fn prepare(db: &Db, every_offer: bool) -> Result<Prepared, DemoError> {
    let mut tx = db.begin().await?;
    if !settings::is_demo(&mut tx).await? {
        if settings::holds_data(&mut tx).await? {
            return Err(DemoError::NotDemo);
        }
        settings::mark_demo(&mut tx).await?;
    }
    let offers = if every_offer || fiches::count(&mut tx).await? == 0 {
        load_in(&mut tx).await?
    } else {
        0
    };
    let accounts = accounts::ensure(&mut tx, db.documents()?).await?;
    work::load(&mut tx, &accounts, paris_today()).await?;
    agenda::load(&mut tx, &accounts, paris_today()).await?;
    resources::load(&mut tx, db.documents()?, paris_today()).await?;
    tx.commit().await?;
    Ok(Prepared { offers, accounts })
}

const OBSERVATORY_RECORD: &[u8] = include_bytes!("../../tests/fixtures/observatoire.csv");

/// Loads the demonstration offers that are not there yet (same establishment and title), in
/// one transaction; returns how many were added. No accounts, no mark: tests stand on it.
pub async fn load(db: &Db) -> sqlx::Result<usize> {
    let mut tx = db.begin().await?;
    let added = load_in(&mut tx).await?;
    // The resources' files are sealed: without the documents' key, there are none.
    if let Ok(cipher) = db.documents() {
        resources::load(&mut tx, cipher, paris_today()).await?;
    }
    tx.commit().await?;
    Ok(added)
}

async fn load_in(tx: &mut sqlx::Transaction<'_, sqlx::Any>) -> sqlx::Result<usize> {
    let today = paris_today();
    let now = OffsetDateTime::now_utc();
    let mut added = 0;
    for offer in offers() {
        let e = &offer.establishment;
        let employer = match establishments::find_by_name(tx, &e.name).await? {
            Some(employer) => employer,
            None => {
                let new = e.to_new();
                let id = establishments::insert(tx, &new).await?;
                new.into_employer(id)
            }
        };
        if fiches::exists_with_title(tx, employer.id, &offer.content.title).await? {
            continue;
        }
        let content = FicheContent {
            deadline: Some(today + Duration::days(offer.deadline_in_days)),
            start_date: offer.start_in_days.map(|days| today + Duration::days(days)),
            ..offer.content
        };
        let status = if offer.deadline_in_days < 0 {
            FicheStatus::Close
        } else {
            FicheStatus::Publiee
        };
        // Published in the morning of that day, so that "newest first" follows the file's ages.
        let published_at = now - Duration::days(offer.published_days_ago) - Duration::minutes(added as i64);
        fiches::insert(tx, &employer, &content, status, Some(published_at)).await?;
        added += 1;
    }
    funding::load(tx, today).await?;
    // The observatory's synthetic record (the tests' own file: invented establishments, no
    // person), so that `/observatoire` has figures; a second load leaves it unchanged.
    let record = crate::domain::observatory::parse_file(OBSERVATORY_RECORD, today.year());
    crate::db::observatory::import(tx, &record.posts).await?;
    Ok(added)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::geo::territory;

    #[test]
    fn the_demo_data_is_complete_and_fictitious() {
        let offers = offers();
        assert!(offers.len() >= 20, "about twenty offers");
        assert!(
            offers
                .iter()
                .any(|o| o.content.title.contains("GREMO-PASS") || o.content.context.contains("GREMO-PASS"))
        );
        assert!(
            offers
                .iter()
                .any(|o| o.content.title.contains("SMART 73") || o.content.context.contains("SMART 73"))
        );
        for offer in &offers {
            assert!(
                territory::departement(&offer.establishment.departement).is_some(),
                "{}",
                offer.content.title
            );
            for contact in &offer.content.contacts {
                assert!(
                    contact.email.is_empty() || contact.email.ends_with(".example"),
                    "{}",
                    contact.email
                );
            }
            assert!(
                offer.content.apply_email.is_empty() || offer.content.apply_email.ends_with(".example"),
                "{}",
                offer.content.apply_email
            );
        }
        let real_people = [
            "Weibel",
            "Weiner",
            "Bertschy",
            "Cardinal",
            "Rainteau",
            "Staedel",
            "Dulieu",
            "chs-savoie.fr",
            "60 30 57",
        ];
        for name in real_people {
            assert!(!OFFERS_JSON.contains(name), "{name} must not appear in the demo data");
        }
    }

    #[test]
    fn the_offers_of_real_fiches_say_which_fields_the_demo_invented() {
        let entries: Vec<serde_json::Value> = serde_json::from_str(OFFERS_JSON).unwrap();
        for (offer, entry) in offers().iter().zip(&entries) {
            let real = offer.content.title.contains("GREMO-PASS") || offer.content.title.contains("SMART 73");
            if !real {
                assert!(
                    offer.invented.is_empty(),
                    "{}: invented throughout",
                    offer.content.title
                );
                continue;
            }
            for always in ["contacts", "deadline", "published"] {
                assert!(offer.invented.iter().any(|f| f == always), "{always}");
            }
            for field in &offer.invented {
                let known = match field.split_once('.') {
                    Some(("establishment", key)) => entry["establishment"].get(key).is_some(),
                    Some(_) => false,
                    None => {
                        entry.get(field).is_some() || ["deadline", "start_date", "published"].contains(&field.as_str())
                    }
                };
                assert!(known, "{}: {field} is not a field of the file", offer.content.title);
            }
        }
    }
}
