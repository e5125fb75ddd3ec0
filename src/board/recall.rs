//! The search's measured recall: what candidates type, over the demo's 24 offers (ids are
//! their places in `src/demo/offres.json`), with the offers each search must find and those it
//! must not (so that finding everything cannot score). Inflections, related forms, prefixes,
//! typos, synonyms, acronyms, places typed among the words, and their combinations.

use time::macros::date;

use crate::domain::offer_query::{OfferQuery, RawOfferQuery};

const ALL: &[i64] = &[
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23,
];
const PSYCHOTIC: &[i64] = &[1, 5, 7, 13, 19];
const BORDEAUX_TRACK: &[i64] = &[2, 4, 6, 8, 10, 14, 15, 17, 18, 19, 21, 23];
const BOBIGNY_TRACK: &[i64] = &[0, 3, 5, 7, 9, 11, 12, 13, 16, 20, 22];
const CMP: &[i64] = &[2, 4, 6, 8, 9, 11, 12, 14, 18, 20, 22];

/// (what is typed, offers it must find, offers it must not find).
const QUERIES: &[(&str, &[i64], &[i64])] = &[
    ("psychose", PSYCHOTIC, &[15, 23, 0]),
    ("psychoses", PSYCHOTIC, &[15, 23]),
    ("psychotique", PSYCHOTIC, &[15, 23]),
    ("Psychotiques", PSYCHOTIC, &[15]),
    ("pyschose", PSYCHOTIC, &[15, 23]),
    ("schizophrénie", &[5, 6, 23], &[0, 10]),
    ("schizophrene", &[5, 6, 23], &[0]),
    ("schizo", &[5, 6, 23], &[0]),
    ("ado", &[7, 11], &[0, 1, 2]),
    ("adolescents", &[7, 11], &[0]),
    ("adolescent", &[7, 11], &[0]),
    ("adolecsents", &[7, 11], &[0]),
    ("TCA", &[7], &[2, 0]),
    ("troubles du comportement alimentaire", &[7], &[0]),
    ("CMP", CMP, &[0, 1]),
    ("centre médico-psychologique", &[6, 8, 9, 18], &[0, 1]),
    ("CATTP", &[3, 9, 17], &[0]),
    ("HDJ", &[3, 7, 12, 13], &[0]),
    ("hôpital de jour", &[3, 7, 12, 13], &[]),
    ("ETP", &[0, 1, 3, 4], &[22]),
    ("éducation thérapeutique", &[0, 1, 3, 4], &[22]),
    ("bipolaire", &[1, 3, 6, 23], &[0]),
    ("bipolaires", &[1, 3, 6, 23], &[0]),
    ("réhab", &[1, 5, 15, 23], &[0]),
    ("réhabilitation", &[1, 5, 15, 23], &[0]),
    ("rehabilitation psychosociale", &[1, 5, 15, 23], &[0]),
    ("rehabilitaton", &[1, 5, 15, 23], &[0]),
    ("addiction", &[0, 22], &[1]),
    ("addictologie", &[0, 22], &[1]),
    ("addictions", &[0, 22], &[1]),
    ("toxicomanie", &[0, 22], &[1]),
    ("précarité", &[2], &[0]),
    ("precarite", &[2], &[0]),
    ("EMPP", &[2], &[0]),
    ("borderline", &[0, 14], &[1]),
    ("bordeline", &[0, 14], &[1]),
    ("suicide", &[7, 20], &[0]),
    ("crise", &[1, 4, 6, 8, 12, 18, 20], &[0]),
    ("logement", &[1, 5, 9, 15, 19, 21, 23], &[0]),
    ("logement d'abord", &[21], &[0]),
    ("soins intensifs", &[21], &[0]),
    ("handicap psychique", &[10], &[0]),
    ("SAMSAH", &[10], &[0]),
    ("urgences", &[2, 12, 14, 20], &[0]),
    ("enfants", &[7, 11], &[0]),
    ("jeunes", &[7, 11, 19], &[0]),
    ("alcool", &[22], &[0]),
    ("dépression", &[6, 7], &[0]),
    ("équipe mobile", &[2, 8, 16, 21], &[0]),
    ("remédiation", &[5, 23], &[0]),
    ("psychoéducation", &[1, 3, 5, 13, 19, 23], &[0]),
    ("prévention", &[3, 7, 8, 11, 20, 22], &[0]),
    ("intervention précoce", &[19], &[0]),
    ("premiers épisodes psychotiques", &[19], &[0]),
    ("psy", ALL, &[]),
    ("psychiatrie", ALL, &[]),
    ("psychaitrie", ALL, &[]),
    ("psichiatrie", ALL, &[]),
    ("médiatrice", ALL, &[]),
    ("pair-aidant", ALL, &[]),
    ("Bordeaux", BORDEAUX_TRACK, BOBIGNY_TRACK),
    ("Bobigny", BOBIGNY_TRACK, BORDEAUX_TRACK),
    ("Strasbourg", &[0], &[10]),
    ("Lille 59", &[10], &[0]),
    ("psychose Toulouse", &[19], &[1, 5, 7, 13]),
    ("Grenoble", &[2], &[0]),
    ("Chambéry", &[1], &[0]),
    ("73000", &[1], &[0]),
    ("Marseille addictologie", &[22], &[0]),
    ("nantes", &[21], &[0]),
    ("réhabilitation Savoie", &[1], &[5, 15, 23]),
    ("CMP Limoges", &[18], &[2, 4]),
];

fn search(index: &super::Index, text: &str) -> (OfferQuery, Vec<i64>) {
    let query = OfferQuery::try_from(RawOfferQuery {
        q: Some(text.into()),
        ..RawOfferQuery::default()
    })
    .unwrap();
    let found = index.published_since(&query, time::OffsetDateTime::UNIX_EPOCH);
    let ids = found.iter().map(|f| f.offer.id).collect();
    (query, ids)
}

#[test]
fn the_search_finds_what_candidates_type() {
    let index = crate::demo::board_index::index(date!(2026 - 12 - 01));
    assert_eq!(index.len(), 24);
    assert!(QUERIES.len() >= 50);
    let (mut wanted, mut found, mut missed) = (0, 0, Vec::new());
    for (text, must, must_not) in QUERIES {
        let (_, ids) = search(&index, text);
        for id in *must {
            wanted += 1;
            if ids.contains(id) {
                found += 1;
            } else {
                missed.push(format!("« {text} » misses {id}"));
            }
        }
        for id in *must_not {
            assert!(!ids.contains(id), "« {text} » must not find {id}: {ids:?}");
        }
    }
    let recall = f64::from(found) / f64::from(wanted);
    println!(
        "recall: {found} / {wanted} = {recall:.3} over {} searches; missed: {missed:?}",
        QUERIES.len()
    );
    assert!(recall >= 0.95, "recall {recall:.3}: {missed:?}");
}

#[test]
fn common_words_and_programme_names_are_not_read_as_places() {
    let index = crate::demo::board_index::index(date!(2026 - 12 - 01));
    for text in [
        "plan",
        "Plan de crise",
        "Bordeaux",
        "Bobigny",
        "ville",
        "mer",
        "école",
        "Sainte-Anne",
    ] {
        let (query, _) = search(&index, text);
        assert_eq!(query.near, None, "{text}");
    }
    let (query, ids) = search(&index, "Grenoble");
    assert_eq!(query.near.map(|n| n.place.label), Some("Grenoble (38)".to_string()));
    assert_eq!(ids.first(), Some(&2), "Voiron, nearest Grenoble");
}

#[test]
fn a_search_that_finds_nothing_gets_a_spelling_and_the_nearest_offers() {
    let index = crate::demo::board_index::index(date!(2026 - 12 - 01));
    let (query, ids) = search(&index, "psyhcaitrie");
    assert!(ids.is_empty());
    assert_eq!(index.suggest_spelling(&query).as_deref(), Some("psychiatrie"));
    let (query, ids) = search(&index, "borderline Lyon");
    assert!(ids.is_empty(), "no borderline programme within 50 km of Lyon");
    let nearest: Vec<i64> = index.nearest(&query, 5).iter().map(|f| f.offer.id).collect();
    assert_eq!(nearest, [0, 14], "Strasbourg (385 km), then Colombes (395 km)");
}
