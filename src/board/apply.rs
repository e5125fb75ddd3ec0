//! The index of the next version made from the current one, instead of reading every offer
//! again: the offers that changed taken out and their current state put back, the offers of a
//! passed deadline taken out on a new day. Exact: every search answers as a fresh load of the
//! same offers would (`tests.rs` compares them).
//!
//! An offer taken out keeps its position in the text (its words' lists are not rewritten) but
//! leaves every other part, and the text neither gives it nor counts it; an offer put back
//! takes a new position at the end. A change that only the pages show (glossary, cohorts,
//! statistics) copies nothing but the version.

use std::cmp::Ordering;
use std::sync::Arc;

use time::Date;

use super::filter::Meta;
use super::{Index, OfferSummary};
use crate::db::board::OpenOffer;
use crate::domain::glossary::Glossary;

/// What changed on the board up to a version, as the index takes it.
pub struct Changes {
    pub version: i64,
    /// Fiches whose offer may have changed (published, edited, closed, deleted).
    pub fiches: Vec<i64>,
    /// Establishments whose offers show a new name or place.
    pub establishments: Vec<i64>,
    /// The current state of the open offers among those fiches and establishments'.
    pub open: Vec<OpenOffer>,
    /// The glossary, when it changed.
    pub glossary: Option<Glossary>,
}

impl Index {
    /// This index with `changes` applied: each changed offer taken out, then put back if open.
    pub fn applied(&self, changes: Changes) -> Index {
        let mut next = self.clone();
        next.version = changes.version;
        if let Some(glossary) = changes.glossary {
            next.glossary = glossary;
        }
        let docs = self.text.docs();
        let mut gone: Vec<u32> = changes
            .fiches
            .iter()
            .chain(changes.open.iter().map(|(offer, _, _)| &offer.id))
            .filter_map(|id| self.positions.get(id).copied())
            .collect();
        if !changes.establishments.is_empty() {
            let of_them = |at: &u32| changes.establishments.contains(&docs[*at as usize].employer.id);
            gone.extend(self.positions.values().copied().filter(of_them));
        }
        // An offer may be read twice (its fiche and its establishment changed): the last counts.
        let mut seen = std::collections::HashSet::new();
        let mut open: Vec<OpenOffer> = changes
            .open
            .into_iter()
            .rev()
            .filter(|(offer, _, _)| seen.insert(offer.id) && offer.open_on(self.today))
            .collect();
        open.reverse();
        if !gone.is_empty() || !open.is_empty() {
            next.take_out(gone);
            next.put_back(open);
            next.settle();
        }
        next
    }

    /// This index on a later day: the offers whose deadline passed taken out.
    pub fn on_day(&self, today: Date) -> Index {
        debug_assert!(today >= self.today, "an index only moves forward in time");
        let mut next = self.clone();
        next.today = today;
        let docs = self.text.docs();
        let expired: Vec<u32> = self
            .positions
            .values()
            .copied()
            .filter(|&at| !docs[at as usize].open_on(today))
            .collect();
        if !expired.is_empty() {
            next.take_out(expired);
            next.settle();
        }
        next
    }

    fn take_out(&mut self, mut gone: Vec<u32>) {
        gone.sort_unstable();
        gone.dedup();
        if gone.is_empty() {
            return;
        }
        let text = Arc::make_mut(&mut self.text);
        let (meta, by_departement, grid, positions) = (
            Arc::make_mut(&mut self.meta),
            Arc::make_mut(&mut self.by_departement),
            Arc::make_mut(&mut self.grid),
            Arc::make_mut(&mut self.positions),
        );
        for &at in &gone {
            text.remove(at);
            meta[at as usize].close();
            let offer = &text.docs()[at as usize];
            positions.remove(&offer.id);
            if let Some(departement) = offer.employer.departement()
                && let Some(list) = by_departement.get_mut(departement.code)
            {
                list.retain(|&d| d != at);
            }
            if let Some(point) = offer.point {
                grid.remove(at, point);
            }
        }
        by_departement.retain(|_, list| !list.is_empty());
        Arc::make_mut(&mut self.recency).retain(|at| gone.binary_search(at).is_err());
    }

    fn put_back(&mut self, open: Vec<OpenOffer>) {
        if open.is_empty() {
            return;
        }
        let text = Arc::make_mut(&mut self.text);
        let (meta, by_departement, grid, positions, title_words) = (
            Arc::make_mut(&mut self.meta),
            Arc::make_mut(&mut self.by_departement),
            Arc::make_mut(&mut self.grid),
            Arc::make_mut(&mut self.positions),
            Arc::make_mut(&mut self.title_words),
        );
        let mut added = Vec::with_capacity(open.len());
        for (offer, title, body) in open {
            for word in super::index::title_words(&offer.title) {
                if let Err(place) = title_words.binary_search(&word) {
                    title_words.insert(place, word);
                }
            }
            meta.push(Meta::of(&offer));
            let (id, departement, point) = (offer.id, offer.employer.departement(), offer.point);
            let at = text.append(offer, &title, &body);
            positions.insert(id, at);
            if let Some(departement) = departement {
                by_departement.entry(departement.code).or_default().push(at);
            }
            if let Some(point) = point {
                grid.add(at, point);
            }
            added.push(at);
        }
        // Into the board's order: both lists are in it, so one merge.
        let docs = text.docs();
        let newer = |a: &u32, b: &u32| newest_first(&docs[*a as usize], &docs[*b as usize]);
        added.sort_by(newer);
        let recency = Arc::make_mut(&mut self.recency);
        let mut merged = Vec::with_capacity(recency.len() + added.len());
        let (mut i, mut j) = (0, 0);
        while i < recency.len() && j < added.len() {
            if newer(&recency[i], &added[j]) == Ordering::Greater {
                merged.push(added[j]);
                j += 1;
            } else {
                merged.push(recency[i]);
                i += 1;
            }
        }
        merged.extend_from_slice(&recency[i..]);
        merged.extend_from_slice(&added[j..]);
        *recency = merged;
    }

    /// What follows from the offers held: each one's place in the board's order, bm25's norms.
    fn settle(&mut self) {
        let text = Arc::make_mut(&mut self.text);
        text.refresh_norms();
        let mut rank = vec![u32::MAX; text.docs().len()];
        for (place, &at) in self.recency.iter().enumerate() {
            rank[at as usize] = place as u32;
        }
        self.recency_rank = Arc::new(rank);
    }
}

/// The board's order: newest publication first (an offer without one last), then highest id.
pub(super) fn newest_first(a: &OfferSummary, b: &OfferSummary) -> Ordering {
    b.published_at.cmp(&a.published_at).then(b.id.cmp(&a.id))
}
