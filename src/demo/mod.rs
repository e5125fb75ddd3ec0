//! The demonstration data: the two real fiches of the programme (GREMO-PASS in Strasbourg,
//! SMART 73 in Savoie) and fictitious offers across France, with fictitious contacts only.
//!
//! Dates in the file are relative to today, so the demo board always has open offers.
//! [`synthetic`] makes any number of offers of the same kind, for the benchmark.

mod funding;
pub mod synthetic;

use serde::Deserialize;
use time::{Duration, OffsetDateTime};

use crate::db::establishments::{self, NewEstablishment};
use crate::db::{Db, fiches};
use crate::domain::calendar::paris_today;
use crate::domain::fiche::{Competences, Contact, FicheContent, FicheStatus, MissionGroup, Quotite, Track};

const OFFERS_JSON: &str = include_str!("offres.json");

#[derive(Deserialize)]
struct DemoOffer {
    establishment: DemoEstablishment,
    title: String,
    quotite: Quotite,
    quotite_percent: u8,
    quotite_adaptable: bool,
    grade: String,
    pole: String,
    service: String,
    unit: String,
    place: String,
    context: String,
    public_served: String,
    missions: Vec<MissionGroup>,
    competences: Competences,
    diploma: String,
    track: Track,
    training: String,
    how_to_apply: String,
    apply_email: String,
    contacts: Vec<Contact>,
    published_days_ago: i64,
    deadline_in_days: i64,
    start_in_days: Option<i64>,
    start_note: String,
    #[serde(default)]
    pay_index: Option<u16>,
    #[serde(default)]
    public_post: crate::domain::fiche::PublicPost,
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

fn offers() -> Vec<DemoOffer> {
    serde_json::from_str(OFFERS_JSON).expect("the embedded demo data is valid")
}

/// Loads the demonstration offers unless the database already has offers.
pub async fn load_if_empty(db: &Db) -> sqlx::Result<usize> {
    let count = crate::db::fiches::count(&mut *db.pool.acquire().await?).await?;
    if count > 0 { Ok(0) } else { load(db).await }
}

/// Loads the demonstration offers that are not there yet (same establishment and title), in
/// one transaction; returns how many were added.
pub async fn load(db: &Db) -> sqlx::Result<usize> {
    let today = paris_today();
    let now = OffsetDateTime::now_utc();
    let mut tx = db.begin().await?;
    let mut added = 0;
    for offer in offers() {
        let e = &offer.establishment;
        let employer = match establishments::find_by_name(&mut tx, &e.name).await? {
            Some(employer) => employer,
            None => {
                let new = NewEstablishment {
                    name: e.name.clone(),
                    legal_name: e.legal_name.clone(),
                    is_public: e.public,
                    street: e.street.clone(),
                    postal_code: e.postal_code.clone(),
                    commune: e.commune.clone(),
                    departement_code: e.departement.clone(),
                };
                let id = establishments::insert(&mut tx, &new).await?;
                new.into_employer(id)
            }
        };
        if fiches::exists_with_title(&mut tx, employer.id, &offer.title).await? {
            continue;
        }
        let content = FicheContent {
            title: offer.title,
            quotite: offer.quotite,
            quotite_percent: offer.quotite_percent,
            quotite_adaptable: offer.quotite_adaptable,
            grade: offer.grade,
            pole: offer.pole,
            service: offer.service,
            unit: offer.unit,
            place: offer.place,
            context: offer.context,
            public_served: offer.public_served,
            missions: offer.missions,
            competences: offer.competences,
            diploma: offer.diploma,
            track: offer.track,
            training: offer.training,
            how_to_apply: offer.how_to_apply,
            apply_email: offer.apply_email,
            contacts: offer.contacts,
            deadline: Some(today + Duration::days(offer.deadline_in_days)),
            start_date: offer.start_in_days.map(|days| today + Duration::days(days)),
            start_note: offer.start_note,
            pay_index: offer.pay_index,
            public_post: offer.public_post,
        };
        let status = if offer.deadline_in_days < 0 {
            FicheStatus::Close
        } else {
            FicheStatus::Publiee
        };
        // Published in the morning of that day, so that "newest first" follows the file's ages.
        let published_at = now - Duration::days(offer.published_days_ago) - Duration::minutes(added as i64);
        fiches::insert(&mut tx, &employer, &content, status, Some(published_at)).await?;
        added += 1;
    }
    funding::load(&mut tx, today).await?;
    tx.commit().await?;
    Ok(added)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::territory;

    #[test]
    fn the_demo_data_is_complete_and_fictitious() {
        let offers = offers();
        assert!(offers.len() >= 20, "about twenty offers");
        assert!(
            offers
                .iter()
                .any(|o| o.title.contains("GREMO-PASS") || o.context.contains("GREMO-PASS"))
        );
        assert!(
            offers
                .iter()
                .any(|o| o.title.contains("SMART 73") || o.context.contains("SMART 73"))
        );
        for offer in &offers {
            assert!(
                territory::departement(&offer.establishment.departement).is_some(),
                "{}",
                offer.title
            );
            for contact in &offer.contacts {
                assert!(
                    contact.email.is_empty() || contact.email.ends_with(".example"),
                    "{}",
                    contact.email
                );
            }
            assert!(offer.apply_email.ends_with(".example"), "{}", offer.apply_email);
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
}
