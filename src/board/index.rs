//! The search index of the open offers, held in memory: what every search of the public board
//! and every saved search's alert reads. Pure data and rules, no I/O: [`super::Board`] loads it
//! from the database and keeps it fresh.
//!
//! The offers' words are a [`TextIndex`] (`crate::search`, shared with the other collections);
//! this adds what only offers have: their places and filters, and the board's order (newest
//! publication first). Matches are walked driven by the shortest list, often the
//! département's or the place's, and only the page's offers are sorted.

use std::cmp::{Ordering, Reverse};
use std::collections::HashMap;
use std::sync::Arc;

use time::{Date, OffsetDateTime};

use super::filter::{Filter, Grid, Meta};
use super::{Found, OfferSummary};
use crate::domain::glossary::Glossary;
use crate::domain::offer_query::{OfferQuery, PER_PAGE};
use crate::domain::query_words;
use crate::search::{Best, TextIndex, TextIndexBuilder};

/// The open offers of one day and the stems of their text.
///
/// The big parts are shared (`Arc`): an index of the next version that changes only what the
/// pages show besides the offers (the glossary, a cohort) shares them all, and one that changes
/// a few offers copies only what it changes (`apply.rs`).
#[derive(Clone)]
pub struct Index {
    /// The database's board version this was loaded at (see migration 0009).
    pub version: i64,
    /// Offers are open up to their deadline: the index holds those open on this day.
    pub today: Date,
    /// The glossary the offers' pages explain their words with, as of `version`: the CCOMS's
    /// corrections raise the board's version too (migration 0030), so an offer page reads it
    /// here instead of querying it on every view.
    pub glossary: Glossary,
    /// The offers in the order they were added (the database's id order), and their words.
    /// Offers taken out since the load keep their position there (`apply.rs`), and only
    /// there: every other part holds the open offers only.
    pub(super) text: Arc<TextIndex<OfferSummary>>,
    /// Positions in `text`, newest publication first (then highest id): the board's order
    /// without words, and the tie-break of equal ranks.
    pub(super) recency: Arc<Vec<u32>>,
    /// For each position in `text`, its place in `recency`.
    pub(super) recency_rank: Arc<Vec<u32>>,
    /// What the filters read of each offer, packed.
    pub(super) meta: Arc<Vec<Meta>>,
    /// Positions in `text`, ascending, of each département's offers.
    pub(super) by_departement: Arc<HashMap<&'static str, Vec<u32>>>,
    /// Positions in `text` by square, for the searches around a place.
    pub(super) grid: Arc<Grid>,
    /// The words of the offers' titles in lower case, sorted: what a search that finds nothing
    /// may suggest instead of a misspelt word.
    pub(super) title_words: Arc<Vec<Box<str>>>,
    /// The position in `text` of each open offer, by fiche id.
    pub(super) positions: Arc<HashMap<i64, u32>>,
}

/// Builds an [`Index`] one offer at a time, so that a loader never holds every offer's text.
pub struct IndexBuilder {
    today: Date,
    text: TextIndexBuilder<OfferSummary>,
}

impl IndexBuilder {
    pub fn new(today: Date) -> IndexBuilder {
        IndexBuilder {
            today,
            text: TextIndexBuilder::default(),
        }
    }

    /// Adds an open offer with its stored stems (space-separated, as `text::index_terms`
    /// makes them). Offers closed on the index's day are left out.
    pub fn add(&mut self, summary: OfferSummary, title_terms: &str, body_terms: &str) {
        if summary.open_on(self.today) {
            self.text.add(summary, title_terms, body_terms);
        }
    }

    /// Adds every offer of another builder of the same day after this one's, in their order,
    /// as if each had been added here: a loader builds parts on several threads and joins them.
    pub fn append(&mut self, other: IndexBuilder) {
        debug_assert_eq!(self.today, other.today);
        self.text.append(other.text);
    }

    pub fn finish(self, version: i64) -> Index {
        let text = self.text.finish();
        let docs = text.docs();
        let mut recency: Vec<u32> = (0..docs.len() as u32).collect();
        // Instants compare as instants; an offer without a publication date comes last.
        recency.sort_by(|&a, &b| super::apply::newest_first(&docs[a as usize], &docs[b as usize]));
        let mut recency_rank = vec![0u32; docs.len()];
        for (rank, &doc) in recency.iter().enumerate() {
            recency_rank[doc as usize] = rank as u32;
        }
        let mut by_departement: HashMap<&'static str, Vec<u32>> = HashMap::new();
        let mut grid = Grid::default();
        let mut title_words = std::collections::BTreeSet::new();
        for (doc, summary) in docs.iter().enumerate() {
            title_words.extend(self::title_words(&summary.title));
            if let Some(departement) = summary.employer.departement() {
                by_departement.entry(departement.code).or_default().push(doc as u32);
            }
            if let Some(point) = summary.point {
                grid.add(doc as u32, point);
            }
        }
        Index {
            version,
            today: self.today,
            recency: Arc::new(recency),
            recency_rank: Arc::new(recency_rank),
            meta: Arc::new(docs.iter().map(Meta::of).collect()),
            by_departement: Arc::new(by_departement),
            grid: Arc::new(grid),
            positions: Arc::new(docs.iter().enumerate().map(|(at, o)| (o.id, at as u32)).collect()),
            text: Arc::new(text),
            title_words: Arc::new(title_words.into_iter().collect()),
            glossary: Glossary::built_in(),
        }
    }
}

impl Index {
    /// An index holding nothing, before the first load.
    pub fn empty() -> Index {
        IndexBuilder::new(Date::MIN).finish(i64::MIN)
    }

    /// How many open offers it holds.
    pub fn len(&self) -> usize {
        self.text.live()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Bytes held by the words' entries, the bulk of the index.
    pub fn postings_bytes(&self) -> usize {
        self.text.postings_bytes()
    }

    /// Every open offer, newest publication first: what the sitemap lists. Offers taken out
    /// since the load are not there (only `text` keeps their place).
    pub fn open_offers(&self) -> impl Iterator<Item = &OfferSummary> {
        let docs = self.text.docs();
        self.recency.iter().map(move |&doc| &docs[doc as usize])
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
        let groups = query_words::expand(&query.terms, &*self.text);
        if let Some(found) = self.by_words(query, &groups).or_else(|| self.around(query)) {
            return found;
        }
        self.walk_all(query, &groups)
    }

    /// [`Index::search`] by scoring or measuring every match: what the others must equal
    /// (tests), and the measure of what skipping saves (`demo::synthetic::timing`).
    #[cfg(test)]
    pub(crate) fn search_walking_all(&self, query: &OfferQuery) -> (Vec<Found<'_>>, u64) {
        self.walk_all(query, &query_words::expand(&query.terms, &*self.text))
    }

    /// What the searches that cannot skip any match do.
    fn walk_all(&self, query: &OfferQuery, groups: &[query_words::Group]) -> (Vec<Found<'_>>, u64) {
        let mut best = Best::new((query.offset() + PER_PAGE) as usize);
        self.matches_expanded(query, groups, |ranked| best.offer(ranked));
        let (page, total) = best.finish();
        let page = page
            .into_iter()
            .skip(query.offset() as usize)
            .map(|r| self.found(query, r))
            .collect();
        (page, total)
    }

    /// Every open offer matching a search and published at or after `since`, as a saved
    /// search's alerts tell them: nearest first around a place, else oldest publication first.
    pub fn published_since(&self, query: &OfferQuery, since: OffsetDateTime) -> Vec<Found<'_>> {
        let docs = self.text.docs();
        let mut found = Vec::new();
        self.matches(query, |ranked| {
            if docs[ranked.doc as usize].published_at.is_some_and(|at| at >= since) {
                found.push(ranked);
            }
        });
        if query.near.is_some() {
            found.sort_unstable();
        } else {
            found.sort_unstable_by_key(|r| Reverse(r.recency));
        }
        found.into_iter().map(|r| self.found(query, r)).collect()
    }

    /// The search's words with the misspelt ones replaced by the nearest word the offers hold,
    /// for a search that finds nothing; `None` when there is nothing to suggest.
    pub fn suggest_spelling(&self, query: &OfferQuery) -> Option<String> {
        query_words::suggest_spelling(&query.text, &self.title_words, &*self.text)
    }

    /// The offers nearest a search's place whatever the distance (up to `NEAREST_KM`), at most
    /// `limit`: what a search around a place that finds nothing shows instead.
    pub fn nearest(&self, query: &OfferQuery, limit: usize) -> Vec<Found<'_>> {
        let Some(near) = &query.near else {
            return Vec::new();
        };
        let wider = OfferQuery {
            near: Some(crate::domain::offer_query::Near {
                radius_km: NEAREST_KM,
                ..near.clone()
            }),
            page: 1,
            ..query.clone()
        };
        let mut best = Best::new(limit);
        self.matches(&wider, |ranked| best.offer(ranked));
        best.finish().0.into_iter().map(|r| self.found(&wider, r)).collect()
    }

    pub(super) fn found(&self, query: &OfferQuery, ranked: Ranked) -> Found<'_> {
        Found {
            offer: &self.text.docs()[ranked.doc as usize],
            km: query.near.as_ref().map(|_| ranked.key),
        }
    }

    /// The board without words or place: the offers walked newest first, only the page kept.
    fn newest(&self, query: &OfferQuery) -> (Vec<Found<'_>>, u64) {
        let offset = query.offset() as usize;
        let filter = Filter::of(query, self.today);
        let mut total = 0;
        let mut page = Vec::new();
        for &doc in self.recency.iter() {
            if filter.admits(&self.meta[doc as usize]).is_some() {
                if total >= offset && page.len() < PER_PAGE as usize {
                    page.push(Found {
                        offer: &self.text.docs()[doc as usize],
                        km: None,
                    });
                }
                total += 1;
            }
        }
        (page, total as u64)
    }

    /// Gives `found` every open offer matching the search, with its sort key.
    fn matches(&self, query: &OfferQuery, found: impl FnMut(Ranked)) {
        let groups = query_words::expand(&query.terms, &*self.text);
        self.matches_expanded(query, &groups, found);
    }

    fn matches_expanded(&self, query: &OfferQuery, groups: &[query_words::Group], mut found: impl FnMut(Ranked)) {
        let filter = Filter::of(query, self.today);
        // The offers a place or a département narrows the search to, ascending; the smaller.
        let departement_docs = query
            .departement
            .map(|d| self.by_departement.get(d.code).map_or(&[][..], Vec::as_slice));
        let near_docs = filter.near.as_ref().map(|circle| self.grid.in_box(circle));
        let within: Option<&[u32]> = match (departement_docs, near_docs.as_deref()) {
            (Some(a), Some(b)) => Some(if a.len() < b.len() { a } else { b }),
            (a, b) => a.or(b),
        };
        self.text.matches_groups(groups, within, |doc, score| {
            // The sort key of an offer that passes the filters: its distance around a place
            // (lower first), minus its rank when words were given (bm25: higher is better),
            // else nothing.
            if let Some(km) = filter.admits(&self.meta[doc as usize]) {
                found(Ranked {
                    key: km.unwrap_or(-score),
                    recency: self.recency_rank[doc as usize],
                    doc,
                });
            }
        });
    }
}

/// The words of an offer's title that a search finding nothing may suggest, in lower case.
pub(super) fn title_words(title: &str) -> impl Iterator<Item = Box<str>> + '_ {
    title
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().count() >= 4)
        .map(|w| w.to_lowercase().into_boxed_str())
}

/// How far [`Index::nearest`] looks: mainland France fits in it, and an overseas place's
/// nearest offers are those of its own island or region.
const NEAREST_KM: u32 = 1_000;

/// A match and what orders it: `key` ascending, then newest first.
#[derive(Debug, Clone, Copy)]
pub(super) struct Ranked {
    pub(super) key: f64,
    pub(super) recency: u32,
    pub(super) doc: u32,
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
