//! The search index of the open offers, held in memory: what every search of the public board
//! reads. Pure data and rules, no I/O: [`super::Board`] loads it from the database and keeps
//! it fresh.
//!
//! Why in memory: a search must find, count and rank every open offer holding the words, and
//! at 100,000 offers a common word is in a third of them. SQLite's FTS5 (or PostgreSQL's
//! `tsvector`) reads and ranks those tens of thousands of matches on each search, about 50 ms
//! of CPU; the board must answer thousands of searches a second on two cores (issue 11). Here
//! the matches are an intersection of sorted integer lists, driven by the shortest one (often
//! the département's), and only the page's offers are sorted.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap};
use std::sync::Arc;

use time::{Date, OffsetDateTime};

use super::postings::{FastMap, Frequency, Postings, Probe, Probed};
use crate::domain::fiche::{Employer, Offer, Quotite, Track, quotite_text};
use crate::domain::geo::Point;
use crate::domain::offer_query::{OfferQuery, PER_PAGE};
use crate::domain::territory::{DEPARTEMENTS, REGIONS};

/// What a list of offers shows of each: enough for the board's cards, the API's summaries and
/// the filters, a few hundred bytes instead of the fiche's kilobytes.
#[derive(Debug, Clone)]
pub struct Listing {
    pub id: i64,
    pub slug: Box<str>,
    pub title: Box<str>,
    /// Shared by the offers of one establishment.
    pub employer: Arc<Employer>,
    pub quotite: Quotite,
    pub quotite_percent: u8,
    pub quotite_adaptable: bool,
    pub track: Track,
    /// The index holds only offers with a deadline; a closed offer's page may lack one.
    pub deadline: Option<Date>,
    pub published_at: Option<OffsetDateTime>,
    /// The establishment's town hall, when its commune is known.
    pub point: Option<Point>,
}

impl Listing {
    /// The listing of a whole offer, for the lists that do not come from the index.
    pub fn of(offer: &Offer) -> Listing {
        let content = &offer.content;
        Listing {
            id: offer.id,
            slug: offer.slug.as_str().into(),
            title: content.title.as_str().into(),
            employer: Arc::new(offer.employer.clone()),
            quotite: content.quotite,
            quotite_percent: content.quotite_percent,
            quotite_adaptable: content.quotite_adaptable,
            track: content.track,
            deadline: content.deadline,
            published_at: offer.published_at,
            point: None,
        }
    }

    /// Whether the offer is open on `day`: its deadline is not past.
    fn open_on(&self, day: Date) -> bool {
        self.deadline.is_some_and(|deadline| deadline >= day)
    }

    /// "Mi-temps (50 %)", "Temps plein (100 %), adaptable".
    pub fn quotite_text(&self) -> String {
        quotite_text(self.quotite, self.quotite_percent, self.quotite_adaptable)
    }
}

/// An offer found by a search, with its distance in a search around a place.
#[derive(Debug, Clone, Copy)]
pub struct Found<'a> {
    pub listing: &'a Listing,
    pub km: Option<f64>,
}

/// The open offers of one day and the stems of their text.
pub struct Index {
    /// The database's board version this was loaded at (see migration 0009).
    pub version: i64,
    /// Offers are open up to their deadline: the index holds those open on this day.
    pub today: Date,
    /// In the order they were added (the database's id order).
    docs: Vec<Listing>,
    /// Positions in `docs`, newest publication first (then highest id): the board's order
    /// without words, and the tie-break of equal ranks.
    recency: Vec<u32>,
    /// For each position in `docs`, its place in `recency`.
    recency_rank: Vec<u32>,
    terms: FastMap<Box<str>, Postings>,
    /// bm25's length term of each offer's title and body, `K1 × (1 − B + B × length ÷
    /// average length)`, computed once instead of at every match.
    title_norm: Vec<f32>,
    body_norm: Vec<f32>,
    /// What the filters read of each offer, packed: a search checks thousands of offers, and
    /// these fit in the processor's cache where the listings do not.
    meta: Vec<Meta>,
    /// Positions in `docs`, ascending, of each département's offers.
    by_departement: HashMap<&'static str, Vec<u32>>,
    /// Positions in `docs`, ascending, of the offers in each square of [`CELL`] millionths of a
    /// degree: a search around a place reads the squares its circle touches, not every offer.
    cells: HashMap<(i32, i32), Vec<u32>>,
}

/// A quarter of a degree: about 28 km north to south, 18 km east to west in France.
const CELL: i32 = 250_000;

fn cell_of(point: Point) -> (i32, i32) {
    (point.lat_e6.div_euclid(CELL), point.lon_e6.div_euclid(CELL))
}

/// An offer's filter values as small integers: positions in `DEPARTEMENTS`, `REGIONS`,
/// `Quotite::ALL` and `Track::ALL` ([`UNKNOWN`] for a code not in them), the deadline as a
/// Julian day.
#[derive(Clone, Copy)]
struct Meta {
    deadline: i32,
    point: Option<Point>,
    departement: u8,
    region: u8,
    quotite: u8,
    track: u8,
}

const UNKNOWN: u8 = u8::MAX;

fn position<T>(items: &[T], found: impl Fn(&T) -> bool) -> u8 {
    items
        .iter()
        .position(found)
        .and_then(|i| u8::try_from(i).ok())
        .unwrap_or(UNKNOWN)
}

impl Meta {
    fn of(listing: &Listing) -> Meta {
        Meta {
            deadline: listing.deadline.map_or(i32::MIN, Date::to_julian_day),
            point: listing.point,
            departement: position(DEPARTEMENTS, |d| d.code == listing.employer.departement_code),
            region: listing
                .employer
                .region()
                .map_or(UNKNOWN, |region| position(REGIONS, |r| r.code == region.code)),
            quotite: position(&Quotite::ALL, |q| *q == listing.quotite),
            track: position(&Track::ALL, |t| *t == listing.track),
        }
    }
}

/// Builds an [`Index`] one offer at a time, so that a loader never holds every offer's text.
pub struct IndexBuilder {
    today: Date,
    docs: Vec<Listing>,
    terms: FastMap<Box<str>, Postings>,
    title_len: Vec<u16>,
    body_len: Vec<u16>,
}

/// bm25's usual constants (SQLite's FTS5 and Lucene use the same).
const K1: f64 = 1.2;
const B: f64 = 0.75;
/// A word of the title weighs ten times a word of the body, as the database's ranking did.
const TITLE_WEIGHT: f64 = 10.0;

impl IndexBuilder {
    pub fn new(today: Date) -> IndexBuilder {
        IndexBuilder {
            today,
            docs: Vec::new(),
            terms: FastMap::default(),
            title_len: Vec::new(),
            body_len: Vec::new(),
        }
    }

    /// Adds an open offer with its stored stems (space-separated, as `text::index_terms`
    /// makes them). Offers closed on the index's day are left out.
    pub fn add(&mut self, listing: Listing, title_terms: &str, body_terms: &str) {
        if !listing.open_on(self.today) {
            return;
        }
        let doc = u32::try_from(self.docs.len()).expect("fewer than 4 billion offers");
        let mut counts: FastMap<&str, (u32, u32)> = FastMap::default();
        let mut title_len = 0u32;
        for term in title_terms.split_ascii_whitespace() {
            counts.entry(term).or_default().0 += 1;
            title_len += 1;
        }
        let mut body_len = 0u32;
        for term in body_terms.split_ascii_whitespace() {
            counts.entry(term).or_default().1 += 1;
            body_len += 1;
        }
        for (term, (title, body)) in counts {
            let postings = match self.terms.get_mut(term) {
                Some(postings) => postings,
                None => self.terms.entry(term.into()).or_default(),
            };
            postings.push(doc, Frequency::new(title, body));
        }
        self.title_len.push(u16::try_from(title_len).unwrap_or(u16::MAX));
        self.body_len.push(u16::try_from(body_len).unwrap_or(u16::MAX));
        self.docs.push(listing);
    }

    pub fn finish(mut self, version: i64) -> Index {
        let mut recency: Vec<u32> = (0..self.docs.len() as u32).collect();
        // Instants compare as instants; an offer without a publication date comes last.
        recency.sort_by(|&a, &b| {
            let (a, b) = (&self.docs[a as usize], &self.docs[b as usize]);
            b.published_at.cmp(&a.published_at).then(b.id.cmp(&a.id))
        });
        let mut recency_rank = vec![0u32; self.docs.len()];
        for (rank, &doc) in recency.iter().enumerate() {
            recency_rank[doc as usize] = rank as u32;
        }
        let mut by_departement: HashMap<&'static str, Vec<u32>> = HashMap::new();
        let mut cells: HashMap<(i32, i32), Vec<u32>> = HashMap::new();
        for (doc, listing) in self.docs.iter().enumerate() {
            if let Some(departement) = listing.employer.departement() {
                by_departement.entry(departement.code).or_default().push(doc as u32);
            }
            if let Some(point) = listing.point {
                cells.entry(cell_of(point)).or_default().push(doc as u32);
            }
        }
        let norms = |lengths: &[u16]| -> Vec<f32> {
            let total: u64 = lengths.iter().map(|&l| u64::from(l)).sum();
            let average = (total as f64 / lengths.len().max(1) as f64).max(1.0);
            lengths
                .iter()
                .map(|&l| (K1 * (1.0 - B + B * f64::from(l) / average)) as f32)
                .collect()
        };
        for postings in self.terms.values_mut() {
            postings.finish(self.docs.len());
        }
        self.terms.shrink_to_fit();
        Index {
            version,
            today: self.today,
            title_norm: norms(&self.title_len),
            body_norm: norms(&self.body_len),
            recency,
            recency_rank,
            terms: self.terms,
            meta: self.docs.iter().map(Meta::of).collect(),
            docs: self.docs,
            by_departement,
            cells,
        }
    }
}

impl Index {
    /// An index holding nothing, before the first load.
    pub fn empty() -> Index {
        IndexBuilder::new(Date::MIN).finish(i64::MIN)
    }

    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// Bytes held by the words' entries, the bulk of the index.
    pub fn postings_bytes(&self) -> usize {
        self.terms.values().map(Postings::bytes).sum()
    }

    /// (département code, number of open offers) of the départements that have some.
    pub fn open_by_departement(&self) -> Vec<(&'static str, u64)> {
        self.by_departement
            .iter()
            .map(|(code, docs)| (*code, docs.len() as u64))
            .collect()
    }

    /// One page of the open offers matching a search, and how many match in all: best match
    /// first when words were given, nearest first around a place, newest first otherwise;
    /// newest first among equals.
    pub fn search(&self, query: &OfferQuery) -> (Vec<Found<'_>>, u64) {
        if query.terms.is_empty() && query.near.is_none() && query.departement.is_none() {
            return self.newest(query);
        }
        let mut best = Best::new((query.offset() + PER_PAGE) as usize);
        self.matches(query, &mut best);
        let page = best
            .heap
            .into_sorted_vec()
            .into_iter()
            .skip(query.offset() as usize)
            .map(|r| Found {
                listing: &self.docs[r.doc as usize],
                km: query.near.as_ref().map(|_| r.key),
            })
            .collect();
        (page, best.seen)
    }

    /// The board without words or place: the offers walked newest first, only the page kept.
    fn newest(&self, query: &OfferQuery) -> (Vec<Found<'_>>, u64) {
        let offset = query.offset() as usize;
        let filter = Filter::of(query, self.today);
        let mut total = 0;
        let mut page = Vec::new();
        for &doc in &self.recency {
            if self.keep(doc, &filter).is_some() {
                if total >= offset && page.len() < PER_PAGE as usize {
                    page.push(Found {
                        listing: &self.docs[doc as usize],
                        km: None,
                    });
                }
                total += 1;
            }
        }
        (page, total as u64)
    }

    /// Gives `best` every open offer matching the search, with its sort key.
    fn matches(&self, query: &OfferQuery, best: &mut Best) {
        // The sort key of an offer that passes the filters: its distance around a place (lower
        // first), minus its rank when words were given (bm25: higher is better), else nothing.
        let filter = Filter::of(query, self.today);
        let keep = |doc: u32, score: f64| -> Option<Ranked> {
            let km = self.keep(doc, &filter)?;
            Some(Ranked {
                key: km.unwrap_or(-score),
                recency: self.recency_rank[doc as usize],
                doc,
            })
        };
        // The offers a place or a département narrows the search to, ascending; the smaller.
        let departement_docs = query
            .departement
            .map(|d| self.by_departement.get(d.code).map_or(&[][..], Vec::as_slice));
        let near_docs = filter.near.as_ref().map(|circle| self.in_box(circle));
        let within: Option<&[u32]> = match (departement_docs, near_docs.as_deref()) {
            (Some(a), Some(b)) => Some(if a.len() < b.len() { a } else { b }),
            (a, b) => a.or(b),
        };

        if query.terms.is_empty() {
            let docs: Box<dyn Iterator<Item = u32>> = match within {
                Some(docs) => Box::new(docs.iter().copied()),
                None => Box::new(0..self.docs.len() as u32),
            };
            docs.filter_map(|doc| keep(doc, 0.0)).for_each(|r| best.offer(r));
            return;
        }

        let n = self.docs.len() as f64;
        let mut lists = Vec::with_capacity(query.terms.len());
        for term in &query.terms {
            let Some(postings) = self.terms.get(term.as_str()) else {
                return;
            };
            let df = postings.len() as f64;
            // FTS5's floor: a word in more than half the offers still counts a little.
            let idf = ((n - df + 0.5) / (df + 0.5)).ln().max(1e-6);
            lists.push((postings, idf));
        }
        // The walk is driven by the shortest list: a rare word's, or the place's.
        lists.sort_by_key(|(postings, _)| postings.len());
        let rarest = lists[0].0;
        let driver: Box<dyn Iterator<Item = u32>> = match within {
            Some(docs) if docs.len() < rarest.len() => Box::new(docs.iter().copied()),
            _ => rarest.positions(),
        };
        let mut probes: Vec<Probe> = lists.iter().map(|(postings, _)| postings.probe()).collect();
        let mut at = vec![0; lists.len()];
        'docs: for doc in driver {
            for (probe, at) in probes.iter_mut().zip(&mut at) {
                match probe.find(doc) {
                    Probed::At(place) => *at = place,
                    Probed::Missing => continue 'docs,
                    Probed::Exhausted => break 'docs,
                }
            }
            let score = self.bm25(
                doc,
                lists.iter().zip(&at).map(|((p, idf), at)| (p.frequency(*at), *idf)),
            );
            if let Some(ranked) = keep(doc, score) {
                best.offer(ranked);
            }
        }
    }

    /// Whether an offer passes the search's filters: `None` if not, else its distance in
    /// kilometres around the search's place, if it has one.
    fn keep(&self, doc: u32, filter: &Filter) -> Option<Option<f64>> {
        let meta = &self.meta[doc as usize];
        let differs = |wanted: Option<u8>, value: u8| wanted.is_some_and(|w| w != value);
        if meta.deadline < filter.today
            || differs(filter.departement, meta.departement)
            || differs(filter.region, meta.region)
            || differs(filter.quotite, meta.quotite)
            || differs(filter.track, meta.track)
        {
            return None;
        }
        let Some(near) = &filter.near else {
            return Some(None);
        };
        let point = meta.point?;
        // The box first: integer comparisons, and most offers of the squares are outside it.
        let in_box = (near.low.lat_e6..=near.high.lat_e6).contains(&point.lat_e6)
            && (near.low.lon_e6..=near.high.lon_e6).contains(&point.lon_e6);
        if !in_box {
            return None;
        }
        let km = near.centre.distance_km(point);
        (km <= near.radius).then_some(Some(km))
    }

    /// The offers of the squares a circle's box touches, ascending.
    fn in_box(&self, circle: &Circle) -> Vec<u32> {
        let (low, high) = (cell_of(circle.low), cell_of(circle.high));
        let mut docs = Vec::new();
        for lat in low.0..=high.0 {
            for lon in low.1..=high.1 {
                if let Some(cell) = self.cells.get(&(lat, lon)) {
                    docs.extend_from_slice(cell);
                }
            }
        }
        docs.sort_unstable();
        docs
    }

    /// bm25 of one offer for the search's words, each given as (its frequency in the offer,
    /// its idf).
    fn bm25(&self, doc: u32, terms: impl Iterator<Item = (Frequency, f64)>) -> f64 {
        let weight = |tf: u8, norm: f32| {
            let tf = f64::from(tf);
            tf * (K1 + 1.0) / (tf + f64::from(norm))
        };
        let (title_norm, body_norm) = (self.title_norm[doc as usize], self.body_norm[doc as usize]);
        terms
            .map(|(frequency, idf)| {
                idf * (TITLE_WEIGHT * weight(frequency.title(), title_norm) + weight(frequency.body(), body_norm))
            })
            .sum()
    }
}

/// A search's filters as [`Meta`] holds them, with its circle computed once.
struct Filter {
    today: i32,
    departement: Option<u8>,
    region: Option<u8>,
    quotite: Option<u8>,
    track: Option<u8>,
    near: Option<Circle>,
}

struct Circle {
    centre: Point,
    radius: f64,
    /// The corners of a box around the circle.
    low: Point,
    high: Point,
}

impl Filter {
    fn of(query: &OfferQuery, today: Date) -> Filter {
        Filter {
            today: today.to_julian_day(),
            departement: query.departement.map(|d| position(DEPARTEMENTS, |x| x.code == d.code)),
            region: query.region.map(|r| position(REGIONS, |x| x.code == r.code)),
            quotite: query.quotite.map(|q| position(&Quotite::ALL, |x| *x == q)),
            track: query.track.map(|t| position(&Track::ALL, |x| *x == t)),
            near: query.near.as_ref().map(|near| {
                let centre = near.place.commune.point;
                let radius = f64::from(near.radius_km);
                let (low, high) = centre.bounding_box(radius);
                Circle {
                    centre,
                    radius,
                    low,
                    high,
                }
            }),
        }
    }
}

/// A match and what orders it: `key` ascending, then newest first.
#[derive(Debug, Clone, Copy)]
struct Ranked {
    key: f64,
    recency: u32,
    doc: u32,
}

impl Ord for Ranked {
    fn cmp(&self, other: &Ranked) -> Ordering {
        self.key.total_cmp(&other.key).then(self.recency.cmp(&other.recency))
    }
}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Ranked) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Ranked {
    fn eq(&self, other: &Ranked) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Ranked {}

/// The first `limit` matches in order, kept while the matches stream by, and how many there
/// were: a common word matches most of the board, and only the page is wanted.
struct Best {
    limit: usize,
    /// The worst kept on top.
    heap: BinaryHeap<Ranked>,
    seen: u64,
}

impl Best {
    fn new(limit: usize) -> Best {
        Best {
            limit,
            heap: BinaryHeap::with_capacity(limit.min(1024) + 1),
            seen: 0,
        }
    }

    fn offer(&mut self, ranked: Ranked) {
        self.seen += 1;
        if self.heap.len() < self.limit {
            self.heap.push(ranked);
        } else if self.heap.peek().is_some_and(|worst| ranked < *worst) {
            self.heap.pop();
            self.heap.push(ranked);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::offer_query::RawOfferQuery;
    use crate::domain::text::index_terms;
    use time::macros::{date, datetime};

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
        })
    }

    fn listing(id: i64, day: u8, employer: &Arc<Employer>, point: Option<Point>) -> Listing {
        Listing {
            id,
            slug: format!("offre-{id}").into(),
            title: format!("Offre {id}").into(),
            employer: employer.clone(),
            quotite: Quotite::TempsPlein,
            quotite_percent: 100,
            quotite_adaptable: false,
            track: Track::Bobigny,
            deadline: Some(date!(2027 - 01 - 31)),
            published_at: Some(datetime!(2026-11-01 9:00 UTC).replace_day(day).unwrap()),
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
        found.iter().map(|f| f.listing.id).collect()
    }

    /// Lille, Paris and Lyon offers; texts chosen so that ranks differ.
    fn index() -> Index {
        let lille = employer("Lille", "59000", "59");
        let paris = employer("Paris", "75001", "75");
        let lyon = employer("Lyon", "69001", "69");
        let mut builder = IndexBuilder::new(date!(2026 - 11 - 23));
        let add = |builder: &mut IndexBuilder, listing: Listing, title: &str, body: &str| {
            builder.add(listing, &index_terms([title]), &index_terms([body]))
        };
        let at = |lat, lon| Some(Point::from_degrees(lat, lon));
        add(
            &mut builder,
            listing(1, 1, &lille, at(50.6309, 3.0709)),
            "Médiateur de santé-pair",
            "réhabilitation psychosociale en ville",
        );
        add(
            &mut builder,
            listing(2, 2, &lille, at(50.6309, 3.0709)),
            "Pair-aidant",
            "psychiatrie adulte, réhabilitation",
        );
        add(
            &mut builder,
            listing(3, 3, &paris, at(48.8566, 2.3522)),
            "Médiateur réhabilitation",
            "réhabilitation psychosociale",
        );
        add(&mut builder, listing(4, 4, &lyon, None), "Médiateur", "addictologie");
        let mut closed = listing(5, 5, &lille, None);
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
            builder.add(listing(id, 1, &lille, None), "mediateur", "psychiatr");
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
}
