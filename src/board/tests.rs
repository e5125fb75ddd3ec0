//! The board's index: its order, filters and places, on a few offers whose ranks differ.

use std::sync::Arc;

use time::macros::{date, datetime};

use super::{Found, Index, IndexBuilder, OfferSummary};
use crate::domain::fiche::{Employer, Quotite, Track, WorkingTime};
use crate::domain::geo::Point;
use crate::domain::offer_query::{OfferQuery, RawOfferQuery};
use crate::domain::text::index_terms;

fn employer(commune: &str, postal_code: &str, departement: &str) -> Arc<Employer> {
    Arc::new(Employer {
        id: 1,
        name: "EPSM".into(),
        legal_name: "EPSM".into(),
        is_public: true,
        street: String::new(),
        postal_code: postal_code.into(),
        commune: commune.into(),
        departement_code: departement.into(),
        article: None,
    })
}

fn summary(id: i64, day: u8, employer: &Arc<Employer>, point: Option<Point>) -> OfferSummary {
    OfferSummary {
        id,
        slug: format!("offre-{id}").into(),
        title: format!("Offre {id}").into(),
        employer: employer.clone(),
        working_time: WorkingTime {
            quotite: Quotite::TempsPlein,
            percent: Some(100),
            percent_max: None,
            adaptable: false,
            note: String::new(),
        },
        track: Some(Track::Bobigny),
        deadline: Some(date!(2027 - 01 - 31)),
        published_at: Some(datetime!(2026-11-01 9:00 UTC).replace_day(day).unwrap()),
        updated_at: None,
        point,
    }
}

fn query(q: &str, departement: &str, lieu: &str) -> OfferQuery {
    OfferQuery::try_from(RawOfferQuery {
        q: Some(q.into()),
        departement: Some(departement.into()),
        lieu: Some(lieu.into()),
        ..RawOfferQuery::default()
    })
    .unwrap()
}

fn ids(found: &[Found]) -> Vec<i64> {
    found.iter().map(|f| f.offer.id).collect()
}

/// Lille, Paris and Lyon offers; texts chosen so that ranks differ.
fn index() -> Index {
    let lille = employer("Lille", "59000", "59");
    let paris = employer("Paris", "75001", "75");
    let lyon = employer("Lyon", "69001", "69");
    let mut builder = IndexBuilder::new(date!(2026 - 11 - 23));
    let add = |builder: &mut IndexBuilder, summary: OfferSummary, title: &str, body: &str| {
        builder.add(summary, &index_terms([title]), &index_terms([body]))
    };
    let at = |lat, lon| Some(Point::from_degrees(lat, lon));
    add(
        &mut builder,
        summary(1, 1, &lille, at(50.6309, 3.0709)),
        "Médiateur de santé-pair",
        "réhabilitation psychosociale en ville",
    );
    add(
        &mut builder,
        summary(2, 2, &lille, at(50.6309, 3.0709)),
        "Pair-aidant",
        "psychiatrie adulte, réhabilitation",
    );
    add(
        &mut builder,
        summary(3, 3, &paris, at(48.8566, 2.3522)),
        "Médiateur réhabilitation",
        "réhabilitation psychosociale",
    );
    add(&mut builder, summary(4, 4, &lyon, None), "Médiateur", "addictologie");
    let mut closed = summary(5, 5, &lille, None);
    closed.deadline = Some(date!(2026 - 11 - 22));
    add(&mut builder, closed, "Médiateur", "réhabilitation");
    builder.finish(7)
}

#[test]
fn without_words_the_newest_open_offers_come_first() {
    let index = index();
    let (found, total) = index.search(&query("", "", ""));
    assert_eq!(
        (ids(&found), total),
        (vec![4, 3, 2, 1], 4),
        "the closed offer is not there"
    );
    let (found, total) = index.search(&query("", "59", ""));
    assert_eq!((ids(&found), total), (vec![2, 1], 2));
}

#[test]
fn every_word_must_be_there_and_the_title_weighs_more() {
    let index = index();
    let (found, total) = index.search(&query("réhabilitations", "", ""));
    // 3 has the word in its title; 1 and 2 in the body only, the shorter body first.
    assert_eq!(total, 3);
    assert_eq!(ids(&found)[0], 3);
    let (found, _) = index.search(&query("rehabilitation psychosociale", "59", ""));
    assert_eq!(ids(&found), vec![1]);
    assert_eq!(index.search(&query("réhabilitation inconnu", "", "")).1, 0);
    assert_eq!(index.search(&query("addictologie", "59", "")).1, 0);
}

#[test]
fn around_a_place_nearest_first_and_within_the_radius() {
    let index = index();
    let (found, total) = index.search(&query("", "", "Lille"));
    assert_eq!((ids(&found), total), (vec![2, 1], 2), "same place: newest first");
    assert!(found[0].km.unwrap() < 1.0);
    let mut wide = query("réhabilitation", "", "Lille");
    wide.near.as_mut().unwrap().radius_km = 300;
    let (found, _) = index.search(&wide);
    assert_eq!(
        ids(&found),
        vec![2, 1, 3],
        "Paris is about 200 km away; Lyon has no place"
    );
}

#[test]
fn pages_after_the_first() {
    let mut builder = IndexBuilder::new(date!(2026 - 11 - 23));
    let lille = employer("Lille", "59000", "59");
    for id in 1..=45 {
        builder.add(summary(id, 1, &lille, None), "mediateur", "psychiatr");
    }
    let index = builder.finish(1);
    let mut q = query("médiateur", "", "");
    q.page = 3;
    let (found, total) = index.search(&q);
    assert_eq!(total, 45);
    assert_eq!(ids(&found), vec![5, 4, 3, 2, 1], "equal ranks: highest id first");
    q.page = 4;
    assert!(index.search(&q).0.is_empty());
}

#[test]
fn alerts_take_the_matches_published_since_oldest_first_or_nearest_first() {
    let index = index();
    let since = datetime!(2026-11-02 9:00 UTC);
    let found = index.published_since(&query("réhabilitation", "", ""), since);
    assert_eq!(ids(&found), vec![2, 3], "1 is older; oldest first, not best first");
    let found = index.published_since(&query("réhabilitation", "", ""), datetime!(2026-11-01 9:00 UTC));
    assert_eq!(ids(&found), vec![1, 2, 3]);
    let mut wide = query("réhabilitation", "", "Lille");
    wide.near.as_mut().unwrap().radius_km = 300;
    let found = index.published_since(&wide, datetime!(2026-11-01 9:00 UTC));
    assert_eq!(ids(&found), vec![2, 1, 3], "nearest first, then newest");
    assert!(found[2].km.unwrap() > 150.0);
    let found = index.published_since(&query("addictologie", "", ""), since);
    assert_eq!(ids(&found), vec![4]);
}
