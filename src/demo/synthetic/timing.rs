//! How long the board's index takes to answer searches at 100,000 synthetic offers, the
//! expanded words of issue 23 included (prefixes, typos, synonyms, a place among the words):
//! a measurement, not a check, run by hand and reported in bench/RESULTS.md:
//!
//!   CARGO_PROFILE_DEV_OPT_LEVEL=3 cargo test --lib synthetic::timing -- --ignored --nocapture
//!
//! The offers are the benchmark's (`msp demo --synthetic`, seed 1), built in memory without a
//! database; each search is parsed and answered (one page, as the board's page asks) many times.

use std::sync::Arc;
use std::time::{Duration, Instant};

use time::Time;

use super::offer::new_offer;
use super::words::Vocabulary;
use super::{Rng, communes, new_establishment};
use crate::board::{Index, IndexBuilder, OfferSummary};
use crate::db::board::OpenOffer;
use crate::domain::calendar::paris_today;
use crate::domain::fiche::WorkingTime;
use crate::domain::offer_query::{OfferQuery, RawOfferQuery};

/// (words typed, département filter, place within 25 km).
const SEARCHES: &[(&str, &str, &str)] = &[
    ("réhabilitation psychosociale", "59", ""),
    ("réhabilitation psychosociale", "", ""),
    ("psychiatrie", "", ""),
    ("psychiatrie adulte", "", ""),
    ("psychose", "", ""),
    ("addiction", "", ""),
    ("ado", "", ""),
    ("schizo", "", ""),
    ("psychaitrie", "", ""),
    ("rehabilitaton psychosociale", "", ""),
    ("CMP", "", ""),
    ("hôpital de jour", "", ""),
    ("HDJ", "", ""),
    ("psychose Lyon", "", ""),
    ("Lille 59", "", ""),
    ("xylophone", "", ""),
    ("", "", "Lille"),
    ("psychiatrie", "", "Lille"),
];

fn build(count: usize) -> Index {
    let mut builder = IndexBuilder::new(paris_today());
    for (summary, title, body) in open_offers(count, 1) {
        builder.add(summary, &title, &body);
    }
    builder.finish(1)
}

/// `count` of the benchmark's offers (ids from 0, about 15 per establishment) as the board
/// loads them, built without a database: what the board's own tests index and change.
pub(crate) fn open_offers(count: usize, seed: u64) -> Vec<OpenOffer> {
    let mut rng = Rng(seed);
    let communes = communes();
    let mut names = std::collections::HashSet::new();
    let employers: Vec<_> = (0..count.div_ceil(15))
        .map(|id| {
            let commune = &communes[rng.below(communes.len())];
            Arc::new(new_establishment(&mut rng, commune, &mut names).into_employer(id as i64))
        })
        .collect();
    let today = paris_today();
    let morning = today.with_time(Time::MIDNIGHT).assume_utc();
    let vocabulary = Vocabulary::from_demo();
    let mut offers = Vec::with_capacity(count);
    for id in 0..count {
        let employer = rng.pick(&employers);
        let (content, _, published_at) = new_offer(&mut rng, &vocabulary, employer, today, morning);
        let (title, body) = content.search_terms(employer);
        let point = crate::geo::communes()
            .locate(&employer.postal_code, &employer.commune, &employer.departement_code)
            .map(|c| c.point);
        let summary = OfferSummary {
            id: id as i64,
            slug: format!("offre-{id}").into(),
            title: content.title.as_str().into(),
            employer: employer.clone(),
            working_time: WorkingTime {
                note: String::new(),
                ..content.working_time.clone()
            },
            track: content.track,
            deadline: content.deadline,
            published_at: Some(published_at),
            updated_at: Some(published_at),
            point,
        };
        offers.push((summary, title, body));
    }
    offers
}

#[test]
#[ignore = "a measurement, not a check: run by hand"]
fn searches_at_100_000_offers() {
    let count = std::env::var("MSP_TIMING_OFFERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let started = Instant::now();
    let index = build(count);
    println!(
        "{} open offers of {count}, indexed in {:?}, postings {} bytes",
        index.len(),
        started.elapsed(),
        index.postings_bytes()
    );
    let parse = |&(text, departement, lieu): &(&str, &str, &str)| {
        OfferQuery::try_from(RawOfferQuery {
            q: Some(text.to_string()),
            departement: Some(departement.to_string()),
            lieu: (!lieu.is_empty()).then(|| lieu.to_string()),
            rayon: (!lieu.is_empty()).then(|| "25".to_string()),
            ..RawOfferQuery::default()
        })
        .expect("a valid search")
    };
    // Each search answered as the board does, and by walking every match (as before issue 24).
    let mut times: Vec<[Vec<Duration>; 2]> = vec![[Vec::new(), Vec::new()]; SEARCHES.len()];
    let mut totals = vec![0; SEARCHES.len()];
    // Round after round over every search, so that the machine's other work spreads evenly.
    for round in 0..300 {
        for (i, search) in SEARCHES.iter().enumerate() {
            // Each way first in every other round: the first pays for the caches the
            // previous search left cold.
            for way in [round % 2, 1 - round % 2] {
                let at = Instant::now();
                // Parsed again each time: reading a place among the words is part of the cost.
                let query = parse(search);
                let total = match way {
                    0 => index.search(&query).1,
                    _ => index.search_walking_all(&query).1,
                };
                times[i][way].push(at.elapsed());
                assert!(round + way == 0 || total == totals[i], "{search:?}");
                totals[i] = total;
            }
        }
    }
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "| search | département | place | matches | p50 (ms) | p99 (ms) | every match walked: p50 | p99 |\n|---|---|---|---|---|---|---|---|"
    );
    for (i, (text, departement, lieu)) in SEARCHES.iter().enumerate() {
        let [now, before] = &mut times[i];
        now.sort();
        before.sort();
        let at = |times: &[Duration], q: usize| ms(times[times.len() * q / 100]);
        println!(
            "| {text} | {departement} | {lieu} | {} | {:.3} | {:.3} | {:.3} | {:.3} |",
            totals[i],
            at(now, 50),
            at(now, 99),
            at(before, 50),
            at(before, 99)
        );
    }
}

/// What an index changed in place costs at 100,000 offers (issue 24): a publication, a
/// closing, a change only the pages show, a new day; each the median of 21 runs.
///
///   CARGO_PROFILE_DEV_OPT_LEVEL=3 cargo test --lib synthetic::timing::changes -- --ignored --nocapture
#[test]
#[ignore = "a measurement, not a check: run by hand"]
fn changes_applied_at_100_000_offers() {
    use crate::board::Changes;
    let count = std::env::var("MSP_TIMING_OFFERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let mut offers = open_offers(count, 1);
    let published = offers.pop().expect("offers");
    let mut builder = IndexBuilder::new(paris_today());
    for (summary, title, body) in offers {
        builder.add(summary, &title, &body);
    }
    let index = builder.finish(1);
    let changes = |fiches: Vec<i64>, open| Changes {
        version: 2,
        fiches,
        establishments: Vec::new(),
        open,
        glossary: None,
    };
    let median = |what: &str, run: &dyn Fn() -> usize| {
        let mut times: Vec<Duration> = (0..21)
            .map(|_| {
                let at = Instant::now();
                std::hint::black_box(run());
                at.elapsed()
            })
            .collect();
        times.sort();
        println!("| {what} | {:.1} ms |", times[10].as_secs_f64() * 1000.0);
    };
    println!("{} open offers\n| change | median |\n|---|---|", index.len());
    let id = published.0.id;
    median("a publication", &|| {
        index.applied(changes(vec![id], vec![published.clone()])).len()
    });
    median("a closing", &|| index.applied(changes(vec![7], Vec::new())).len());
    median("the glossary, a cohort", &|| {
        index.applied(changes(Vec::new(), Vec::new())).len()
    });
    median("the next day", &|| {
        index.on_day(paris_today().next_day().expect("a next day")).len()
    });
}
