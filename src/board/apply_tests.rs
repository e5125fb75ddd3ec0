//! An index changed in place answers every search exactly as a fresh load of the same offers:
//! the benchmark's offers, changed at random (closed, edited, published, an establishment
//! renamed, days passing), then compared search by search with an index built from scratch.

use std::collections::BTreeMap;
use std::sync::Arc;

use time::Duration;

use super::{Changes, Index, IndexBuilder, Near};
use crate::db::board::OpenOffer;
use crate::demo::synthetic::timing::open_offers;
use crate::domain::calendar::paris_today;
use crate::domain::fiche::Employer;
use crate::domain::offer_query::{OfferQuery, RawOfferQuery};

fn fresh(offers: &BTreeMap<i64, OpenOffer>, today: time::Date, version: i64) -> Index {
    let mut builder = IndexBuilder::new(today);
    for (summary, title, body) in offers.values() {
        builder.add(summary.clone(), title, body);
    }
    builder.finish(version)
}

/// (words, département, region, working time, place, radius).
const SEARCHES: &[[&str; 6]] = &[
    ["", "", "", "", "", ""],
    ["", "59", "", "", "", ""],
    ["", "", "84", "temps_plein", "", ""],
    ["psychiatrie", "", "", "", "", ""],
    ["réhabilitation psychosociale", "", "", "", "", ""],
    ["psychiatrie adulte", "", "", "mi_temps", "", ""],
    ["schizo", "", "", "", "", ""],
    ["psychaitrie", "", "", "", "", ""],
    ["addiction", "", "11", "", "", ""],
    ["CMP", "", "", "", "", ""],
    ["", "", "", "", "Lyon", "50"],
    ["psychiatrie", "", "", "", "Paris", "25"],
    ["xylophone", "", "", "", "", ""],
];

fn query(search: &[&str; 6], page: u32) -> OfferQuery {
    let given = |s: &str| (!s.is_empty()).then(|| s.to_string());
    OfferQuery::try_from(RawOfferQuery {
        q: given(search[0]),
        departement: given(search[1]),
        region: given(search[2]),
        quotite: given(search[3]),
        lieu: given(search[4]),
        rayon: given(search[5]),
        page: Some(page.to_string()),
        ..RawOfferQuery::default()
    })
    .expect("a valid search")
}

fn assert_same(applied: &Index, expected: &Index, when: &str) {
    assert_eq!(applied.len(), expected.len(), "{when}: open offers");
    let mut by_departement = applied.open_by_departement();
    let mut wanted = expected.open_by_departement();
    by_departement.sort_unstable();
    wanted.sort_unstable();
    assert_eq!(by_departement, wanted, "{when}: offers per département");
    for search in SEARCHES {
        for page in [1, 2] {
            let query = query(search, page);
            let answer = |index: &Index| {
                let (found, total) = index.search(&query);
                let ids: Vec<(i64, Option<u64>)> = found
                    .iter()
                    .map(|f| (f.offer.id, f.km.map(|km| (km * 1000.0) as u64)))
                    .collect();
                (ids, total)
            };
            assert_eq!(answer(applied), answer(expected), "{when}: {search:?} page {page}");
        }
        let query = query(search, 1);
        let nearest = |index: &Index| index.nearest(&query, 4).iter().map(|f| f.offer.id).collect::<Vec<_>>();
        assert_eq!(nearest(applied), nearest(expected), "{when}: nearest to {search:?}");
        let spelling = |index: &Index| index.suggest_spelling(&query);
        if expected.search(&query).1 == 0 {
            assert_eq!(
                spelling(applied),
                spelling(expected),
                "{when}: suggestion for {search:?}"
            );
        }
    }
    for (summary, _, _) in expected.text.docs().iter().step_by(97).map(|o| (o, (), ())) {
        let near = Near {
            id: summary.id,
            departement: &summary.employer.departement_code,
            region: None,
            point: summary.point,
            track: summary.track,
        };
        let ids = |index: &Index| index.nearby(&near).iter().map(|o| o.id).collect::<Vec<_>>();
        assert_eq!(ids(applied), ids(expected), "{when}: offers near {}", summary.id);
        assert_eq!(
            applied.point_of(summary.id),
            summary.point,
            "{when}: place of {}",
            summary.id
        );
    }
}

/// A small random walk of its own, so that the test needs no crate for it.
struct Walk(u64);

impl Walk {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

#[test]
fn an_index_changed_in_place_answers_as_a_fresh_load_of_the_same_offers() {
    let today = paris_today();
    let pool = open_offers(1_500, 7);
    let mut open: BTreeMap<i64, OpenOffer> = pool[..900].iter().map(|o| (o.0.id, o.clone())).collect();
    let mut index = fresh(&open, today, 1);
    let mut walk = Walk(3);
    let mut next_new = 900;
    for round in 0..8 {
        let version = round + 2;
        let mut changes = Changes {
            version,
            fiches: Vec::new(),
            establishments: Vec::new(),
            open: Vec::new(),
            glossary: None,
        };
        let ids: Vec<i64> = open.keys().copied().collect();
        // Closed or withdrawn.
        for _ in 0..25 {
            let id = ids[walk.below(ids.len())];
            open.remove(&id);
            changes.fiches.push(id);
        }
        // Edited while open: another offer's words and place under the same id.
        for _ in 0..10 {
            let id = ids[walk.below(ids.len())];
            if let Some(edited) = open.get_mut(&id) {
                let (mut summary, title, body) = pool[walk.below(pool.len())].clone();
                summary.id = id;
                summary.slug = format!("offre-{id}").into();
                *edited = (summary.clone(), title.clone(), body.clone());
                changes.fiches.push(id);
                changes.open.push((summary, title, body));
            }
        }
        // Published.
        for _ in 0..40 {
            let offer = pool[next_new % pool.len()].clone();
            let id = 10_000 + next_new as i64;
            next_new += 1;
            let (mut summary, title, body) = offer;
            summary.id = id;
            open.insert(id, (summary.clone(), title.clone(), body.clone()));
            changes.fiches.push(id);
            changes.open.push((summary, title, body));
        }
        // An establishment renamed: every offer of it shows the new name.
        let (summary, _, _) = open.values().nth(walk.below(open.len())).expect("open offers");
        let renamed = Arc::new(Employer {
            name: format!("{} (renommé {round})", summary.employer.name),
            ..(*summary.employer).clone()
        });
        changes.establishments.push(renamed.id);
        for (offer, title, body) in open.values_mut() {
            if offer.employer.id == renamed.id {
                offer.employer = renamed.clone();
                changes.open.push((offer.clone(), title.clone(), body.clone()));
            }
        }
        index = index.applied(changes);
        assert_eq!(index.version, version);
        assert_same(&index, &fresh(&open, today, version), &format!("round {round}"));
    }
    // Days pass: the offers of a passed deadline leave, as a load on that day leaves them out.
    for days in [3, 20] {
        let day = today + Duration::days(days);
        let moved = index.on_day(day);
        assert!(moved.len() < index.len(), "some offers close within {days} days");
        assert_same(&moved, &fresh(&open, day, index.version), &format!("{days} days later"));
    }
}

#[test]
fn a_change_the_offers_do_not_show_shares_the_index() {
    let today = paris_today();
    let offers: BTreeMap<i64, OpenOffer> = open_offers(50, 2).into_iter().map(|o| (o.0.id, o)).collect();
    let index = fresh(&offers, today, 4);
    let next = index.applied(Changes {
        version: 5,
        fiches: Vec::new(),
        establishments: Vec::new(),
        open: Vec::new(),
        glossary: None,
    });
    assert_eq!(next.version, 5);
    assert!(Arc::ptr_eq(&index.text, &next.text), "the words are shared, not copied");
    assert_same(&next, &index, "version only");
}
