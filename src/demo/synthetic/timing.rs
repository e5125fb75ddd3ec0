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
    let mut rng = Rng(1);
    let communes = communes();
    let mut names = std::collections::HashSet::new();
    let employers: Vec<_> = (0..count.div_ceil(15))
        .map(|id| {
            let commune = &communes[rng.below(communes.len())];
            new_establishment(&mut rng, commune, &mut names).into_employer(id as i64)
        })
        .collect();
    let today = paris_today();
    let morning = today.with_time(Time::MIDNIGHT).assume_utc();
    let vocabulary = Vocabulary::from_demo();
    let mut builder = IndexBuilder::new(today);
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
            employer: Arc::new(employer.clone()),
            working_time: WorkingTime {
                note: String::new(),
                ..content.working_time.clone()
            },
            track: content.track,
            deadline: content.deadline,
            published_at: Some(published_at),
            point,
        };
        builder.add(summary, &title, &body);
    }
    builder.finish(1)
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
