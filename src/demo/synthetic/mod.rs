//! `msp demo --synthetic N`: N fictitious but realistic offers, for the benchmark (issue 11).
//!
//! The text is assembled from the vocabulary of the real fiches (services, publics, missions and
//! competences of the demonstration offers), the employers are spread over real communes
//! (`communes.csv`, see `communes.LICENCE.md`), and every person is fictitious: names are drawn
//! from common first names and surnames, addresses end in `.example`, phone numbers are in the
//! ranges reserved for fiction. About 85 % of the offers are open, the rest closed.
//!
//! The same seed gives the same offers on the same day: dates are relative to today (so the
//! board always has open offers) and everything else comes from the seeded generator.

mod offer;
#[cfg(test)]
mod tests;
#[cfg(test)]
pub(crate) mod timing;
mod words;

use std::collections::HashSet;
use std::sync::Arc;

use time::Time;

use crate::db::establishments::{self, NewEstablishment};
use crate::db::{Backend, Db, fiches};
use crate::domain::calendar::paris_today;
use crate::domain::geo::territory::{self, Departement};
use crate::domain::text::fold;
use offer::new_offer;
use words::{ASSOCIATIONS, STREETS, Vocabulary};

/// The seed used when none is given.
pub const DEFAULT_SEED: u64 = 2026;
/// Offers written per transaction: large enough to amortize the commit, small enough to keep
/// the write lock short.
const BATCH: u32 = 1000;
/// Offers per establishment, on average.
const OFFERS_PER_EMPLOYER: u32 = 15;

const COMMUNES_CSV: &str = include_str!("../communes.csv");

/// A real commune, as `communes.csv` lists it.
#[derive(Debug, Clone)]
pub struct Commune {
    pub code_insee: &'static str,
    pub name: &'static str,
    pub departement: &'static Departement,
    pub postal_code: &'static str,
    pub population: u32,
}

/// The communes offers are spread over; the file is embedded and checked by a unit test.
pub fn communes() -> Vec<Commune> {
    COMMUNES_CSV
        .lines()
        .skip(1)
        .map(|line| {
            let fields: Vec<&'static str> = line.split(',').collect();
            let [code_insee, name, departement, postal_code, population] = fields[..] else {
                panic!("communes.csv: five fields expected in {line:?}");
            };
            Commune {
                code_insee,
                name,
                departement: territory::departement(departement)
                    .unwrap_or_else(|| panic!("communes.csv: unknown département {departement}")),
                postal_code,
                population: population.parse().expect("communes.csv: a population"),
            }
        })
        .collect()
}

/// SplitMix64: a tiny generator whose output is fixed forever for a given seed (the `rand`
/// crate's standard generator may change between versions, which would change the data set).
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// A number in `low..=high`.
    fn between(&mut self, low: i64, high: i64) -> i64 {
        low + self.below((high - low + 1) as usize) as i64
    }

    fn percent(&mut self, chance: usize) -> bool {
        self.below(100) < chance
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// `count` distinct items, in the order of the list.
    fn sample<T: Clone>(&mut self, items: &[T], count: usize) -> Vec<T> {
        let mut chosen: Vec<usize> = Vec::new();
        while chosen.len() < count.min(items.len()) {
            let i = self.below(items.len());
            if !chosen.contains(&i) {
                chosen.push(i);
            }
        }
        chosen.sort_unstable();
        chosen.into_iter().map(|i| items[i].clone()).collect()
    }
}

/// Adds `count` synthetic offers (and their establishments) to the database; returns how many
/// offers were added. Offers are prepared by [`fiches::prepare`], as [`fiches::insert`] does,
/// so their stored stems are exactly those of real offers.
pub async fn load(db: &Db, count: u32, seed: u64) -> sqlx::Result<u32> {
    let mut rng = Rng(seed);
    let communes = communes();
    // Bigger towns have more services, but not proportionally more: weight by √population.
    let mut cumulative = Vec::with_capacity(communes.len());
    let mut total = 0.0;
    for commune in &communes {
        total += f64::from(commune.population).sqrt();
        cumulative.push(total);
    }
    let pick_commune = |rng: &mut Rng| {
        let target = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64 * total;
        &communes[cumulative.partition_point(|&c| c <= target).min(communes.len() - 1)]
    };

    let employer_count = count.div_ceil(OFFERS_PER_EMPLOYER).max(1);
    let mut employers = Vec::with_capacity(employer_count as usize);
    let mut names = HashSet::new();
    let mut tx = db.pool.begin().await?;
    for _ in 0..employer_count {
        let commune = pick_commune(&mut rng);
        let new = new_establishment(&mut rng, commune, &mut names);
        let id = establishments::insert(&mut tx, &new).await?;
        employers.push(new.into_employer(id));
    }
    tx.commit().await?;

    let today = paris_today();
    // Publication instants are counted back from this morning, not from now, so that two runs on
    // the same day write the same data.
    let morning = today
        .with_time(Time::from_hms(8, 0, 0).expect("valid time"))
        .assume_utc();
    let world = Arc::new((Vocabulary::from_demo(), employers));
    // The next batch is drawn and prepared (search terms, JSON) on a blocking thread while the
    // database writes the current one; the draws stay in one sequence, so the data do not change.
    let prepare_batch = |mut rng: Rng, size: u32| {
        let world = Arc::clone(&world);
        tokio::task::spawn_blocking(move || {
            let (vocabulary, employers) = &*world;
            let batch = (0..size)
                .map(|_| {
                    let employer = rng.pick(employers);
                    let (content, status, published_at) = new_offer(&mut rng, vocabulary, employer, today, morning);
                    fiches::prepare(employer, &content, status, Some(published_at))
                })
                .collect::<sqlx::Result<Vec<_>>>();
            (rng, batch)
        })
    };
    let mut added = 0;
    let mut next = (count > 0).then(|| prepare_batch(rng, BATCH.min(count)));
    while let Some(pending) = next.take() {
        let (rng, batch) = pending.await.expect("preparing a batch does not panic");
        let batch = batch?;
        added += batch.len() as u32;
        if added < count {
            next = Some(prepare_batch(rng, BATCH.min(count - added)));
        }
        let mut tx = db.begin().await?;
        if db.backend == Backend::Sqlite {
            // The fiches' indexes outgrow SQLite's default page cache (2 MB) within a few
            // thousand offers, after which each row's index entries are read back from the
            // file; this connection keeps more of them (it stays in the pool: only this
            // process, which exits after loading, uses it).
            sqlx::query("PRAGMA cache_size = -131072").execute(&mut *tx).await?;
        }
        fiches::insert_many(&mut tx, db.backend, batch).await?;
        tx.commit().await?;
    }
    Ok(added)
}

fn new_establishment(rng: &mut Rng, commune: &Commune, names: &mut HashSet<String>) -> NewEstablishment {
    let c = commune.name;
    let de_c = de(c);
    let (name, legal_name, is_public) = match rng.below(10) {
        0..=3 => (
            format!("Centre hospitalier {de_c}"),
            format!("Centre hospitalier {de_c}"),
            true,
        ),
        4..=5 => (
            format!("EPSM {de_c}"),
            format!("Établissement public de santé mentale {de_c}"),
            true,
        ),
        6 if commune.population >= 100_000 => (
            format!("CHU {de_c}"),
            format!("Centre hospitalier universitaire {de_c}"),
            true,
        ),
        6 | 7 => (
            format!("CHS {de_c}"),
            format!("Centre hospitalier spécialisé {de_c}"),
            true,
        ),
        _ => {
            let association = rng.pick(ASSOCIATIONS);
            (
                format!("Association {association} ({c})"),
                format!("Association {association}"),
                false,
            )
        }
    };
    // Several establishments of one kind in one town are told apart by their site.
    let mut unique = name.clone();
    let mut site = 2;
    while !names.insert(unique.clone()) {
        unique = format!("{name} – site {site}");
        site += 1;
    }
    NewEstablishment {
        name: unique,
        legal_name,
        is_public,
        street: format!("{} {}", rng.between(1, 120), rng.pick(STREETS)),
        postal_code: commune.postal_code.to_string(),
        commune: c.to_string(),
        departement_code: commune.departement.code.to_string(),
    }
}

/// "de Lille", "d'Amiens", "du Mans" (for "Le Mans"), "des Abymes" (for "Les Abymes").
fn de(commune: &str) -> String {
    if let Some(rest) = commune.strip_prefix("Le ") {
        format!("du {rest}")
    } else if let Some(rest) = commune.strip_prefix("Les ") {
        format!("des {rest}")
    } else if fold(commune).starts_with(['a', 'e', 'i', 'o', 'u', 'y']) {
        format!("d'{commune}")
    } else {
        format!("de {commune}")
    }
}
