//! The pruned searches (`pruned.rs`) against the walk of every match, on random boards and
//! searches: same pages, same totals, filters, closed offers and ties included.

use std::sync::Arc;

use time::macros::{date, datetime};
use time::{Date, Duration};

use super::{Found, Index, IndexBuilder, OfferSummary};
use crate::domain::fiche::{Employer, Quotite, Track, WorkingTime};
use crate::domain::geo::Point;
use crate::domain::offer_query::{OfferQuery, RawOfferQuery};
use crate::domain::query_words;

/// xorshift: the same boards on every run, no dependency.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// Stems by how many offers hold them: most, many, some, few.
const WORDS: [(&str, usize); 5] = [
    ("psychiatr", 85),
    ("adult", 45),
    ("logement", 12),
    ("cris", 4),
    ("pair", 1),
];
const DEPARTEMENTS: [&str; 3] = ["59", "62", "80"];
const DAY: Date = date!(2026 - 11 - 23);

fn text(rng: &mut Rng, longest: usize) -> String {
    let mut words = Vec::new();
    for (word, percent) in WORDS {
        if rng.chance(percent) {
            // Few distinct counts and lengths, so that many offers tie.
            (0..=rng.below(3)).for_each(|_| words.push(word));
        }
    }
    (0..rng.below(longest)).for_each(|_| words.push("equip"));
    words.join(" ")
}

fn offer(rng: &mut Rng, id: i64) -> OfferSummary {
    let departement = DEPARTEMENTS[rng.below(DEPARTEMENTS.len())];
    OfferSummary {
        id,
        slug: format!("offre-{id}").into(),
        title: "MSP".into(),
        employer: Arc::new(Employer {
            id,
            name: "CH".into(),
            legal_name: "CH".into(),
            is_public: true,
            street: String::new(),
            postal_code: String::new(),
            commune: String::new(),
            departement_code: departement.into(),
            article: None,
        }),
        working_time: WorkingTime {
            quotite: [Quotite::TempsPlein, Quotite::MiTemps][rng.below(2)],
            percent: None,
            percent_max: None,
            adaptable: false,
            note: String::new(),
        },
        track: [None, Some(Track::Bobigny), Some(Track::Bordeaux)][rng.below(3)],
        deadline: Some(DAY + Duration::days(rng.below(20) as i64)),
        // Few distinct instants: the tie-break among them is the id.
        published_at: Some(datetime!(2026-11-01 9:00 UTC) + Duration::days(rng.below(5) as i64)),
        updated_at: None,
        // Around Lille, squares of the grid wholly inside a circle and crossing it; some
        // offers on the same point, some without one.
        point: (!rng.chance(5)).then(|| {
            let mut step = |n: usize, scale: f64| (rng.below(n) as f64) * scale;
            Point::from_degrees(50.0 + step(120, 0.01), 2.2 + step(160, 0.01))
        }),
    }
}

fn board(rng: &mut Rng, count: i64) -> Index {
    let mut builder = IndexBuilder::new(DAY);
    for id in 1..=count {
        let summary = offer(rng, id);
        let (title, body) = (text(rng, 3), text(rng, 12));
        builder.add(summary, &title, &body);
    }
    // Days later, some offers closed: taken out as the board does at a new day, so that the
    // words' counts and the remaining lengths move too.
    builder.finish(1).on_day(DAY + Duration::days(rng.below(8) as i64))
}

fn query(rng: &mut Rng, words: bool, place: bool) -> OfferQuery {
    let mut q: Vec<&str> = Vec::new();
    if words {
        for _ in 0..=rng.below(2) {
            q.push(["psychiatrie", "adulte", "logement", "crise", "pair", "absent"][rng.below(6)]);
        }
    }
    let maybe = |rng: &mut Rng, values: &[&str]| rng.chance(30).then(|| values[rng.below(values.len())].to_string());
    OfferQuery::try_from(RawOfferQuery {
        q: Some(q.join(" ")),
        region: maybe(rng, &["32", "11"]),
        departement: maybe(rng, &DEPARTEMENTS),
        quotite: maybe(rng, &["temps_plein", "mi_temps"]),
        parcours: maybe(rng, &["bobigny", "bordeaux"]),
        lieu: place.then(|| ["Lille", "Arras", "Roubaix"][rng.below(3)].to_string()),
        rayon: place.then(|| ["10", "25", "50"][rng.below(3)].to_string()),
        lieu_texte: Some("non".into()),
        page: Some((1 + rng.below(3)).to_string()),
    })
    .expect("a valid search")
}

fn ids(found: &[Found]) -> Vec<(i64, Option<u64>)> {
    found
        .iter()
        .map(|f| (f.offer.id, f.km.map(|km| (km * 1e6) as u64)))
        .collect()
}

/// Whether the search was pruned and found offers, once checked against the walk of every match.
fn same_as_walking_all(index: &Index, query: &OfferQuery) -> bool {
    let groups = query_words::expand(&query.terms, &*index.text);
    let (expected, expected_total) = index.search_walking_all(query);
    let (page, total) = index.search(query);
    assert_eq!(ids(&page), ids(&expected), "{query:?}");
    assert_eq!(total, expected_total, "{query:?}");
    let pruned = index.by_words(query, &groups).or_else(|| index.around(query));
    pruned.is_some() && total > 0
}

#[test]
fn a_common_word_skips_blocks_and_finds_what_scoring_every_match_finds() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut found = 0;
    for count in [40, 300, 1500] {
        let index = board(&mut rng, count);
        for _ in 0..150 {
            found += u32::from(same_as_walking_all(&index, &query(&mut rng, true, false)));
        }
    }
    assert!(found > 100, "most searches are pruned and find offers: {found}");
}

#[test]
fn around_a_place_the_squares_find_what_measuring_every_offer_finds() {
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let mut found = 0;
    for count in [40, 300, 3000] {
        let index = board(&mut rng, count);
        for _ in 0..100 {
            found += u32::from(same_as_walking_all(&index, &query(&mut rng, false, true)));
        }
    }
    assert!(found > 150, "most searches are pruned and find offers: {found}");
}
