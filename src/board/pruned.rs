//! The two searches that matched most of the board and measured each match to keep twenty
//! (issue 24): a common word everywhere, and a place without words. Both count every match
//! apart, exactly, and only look at the matches that may enter the page; both answer exactly
//! what [`Index::search_walking_all`] does (tests).

use super::Found;
use super::filter::Filter;
use super::index::{Index, Ranked};
use crate::domain::offer_query::{OfferQuery, PER_PAGE};
use crate::domain::query_words::Group;
use crate::search::Best;

impl Index {
    /// Words that are single stems, without a place or a département (whose lists are short
    /// enough to walk): the count, then the best page by block-max pruning
    /// (`TextIndex::best`). `None` for the other searches.
    pub(super) fn by_words(&self, query: &OfferQuery, groups: &[Group]) -> Option<(Vec<Found<'_>>, u64)> {
        if query.terms.is_empty() || query.near.is_some() || query.departement.is_some() {
            return None;
        }
        let terms: Vec<String> = groups
            .iter()
            .map(|group| group.single_stem().map(str::to_string))
            .collect::<Option<_>>()?;
        let filter = Filter::of(query, self.today);
        let admits = |doc: u32| filter.admits(&self.meta[doc as usize]).is_some();
        // One word and no filter: its count of the offers held, without walking them.
        let total = match &terms[..] {
            [term] if filter.keeps_every_offer() => self.text.holding(term) as u64,
            _ => self.text.count(&terms, admits),
        };
        let offset = query.offset() as usize;
        let hits = self.text.best(&terms, offset + PER_PAGE as usize, |doc| {
            admits(doc).then(|| self.recency_rank[doc as usize])
        });
        let docs = self.text.docs();
        let page = hits
            .into_iter()
            .skip(offset)
            .map(|hit| Found {
                offer: &docs[hit.doc as usize],
                km: None,
            })
            .collect();
        Some((page, total))
    }

    /// A place without words: the squares around it nearest first, an offer's distance measured
    /// only where the square crosses the circle or may still hold one of the page's offers;
    /// a square wholly inside is counted without measuring. `None` for the other searches.
    pub(super) fn around(&self, query: &OfferQuery) -> Option<(Vec<Found<'_>>, u64)> {
        if !query.terms.is_empty() {
            return None;
        }
        let filter = Filter::of(query, self.today);
        let circle = filter.near.as_ref()?;
        let mut squares: Vec<(f64, f64, &[u32])> = self
            .grid
            .squares(circle)
            .map(|(square, docs)| {
                let (nearest, farthest) = circle.square_km(square);
                (nearest, farthest, docs)
            })
            .filter(|(nearest, _, _)| *nearest <= circle.radius())
            .collect();
        squares.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
        let mut best = Best::new((query.offset() + PER_PAGE) as usize);
        let mut total = 0u64;
        for (nearest, farthest, docs) in squares {
            // Nearest first: once a square is farther than the page's last, so are the rest.
            let may_enter = best.worst().is_none_or(|worst: &Ranked| nearest <= worst.key);
            if !may_enter && farthest <= circle.radius() {
                let admitted = docs
                    .iter()
                    .filter(|&&doc| filter.admits_but_distance(&self.meta[doc as usize]));
                total += admitted.count() as u64;
                continue;
            }
            for &doc in docs {
                let Some(Some(km)) = filter.admits(&self.meta[doc as usize]) else {
                    continue;
                };
                total += 1;
                if may_enter {
                    best.offer(Ranked {
                        key: km,
                        recency: self.recency_rank[doc as usize],
                        doc,
                    });
                }
            }
        }
        let page = best.finish().0.into_iter().skip(query.offset() as usize);
        Some((page.map(|ranked| self.found(query, ranked)).collect(), total))
    }
}
