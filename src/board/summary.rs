//! What the board's lists show of an offer, and of an offer found by a search.

use std::sync::Arc;

use time::{Date, OffsetDateTime};

use crate::domain::fiche::{Employer, Offer, Track, WorkingTime};
use crate::domain::geo::Point;

/// What a list of offers shows of each: enough for the board's cards, the API's summaries and
/// the filters, a few hundred bytes instead of the fiche's kilobytes.
#[derive(Debug, Clone)]
pub struct OfferSummary {
    pub id: i64,
    pub slug: Box<str>,
    pub title: Box<str>,
    /// Shared by the offers of one establishment.
    pub employer: Arc<Employer>,
    /// Without its note, which only the offer's page shows.
    pub working_time: WorkingTime,
    pub track: Option<Track>,
    /// The index holds only offers with a deadline; a closed offer's page may lack one.
    pub deadline: Option<Date>,
    pub published_at: Option<OffsetDateTime>,
    /// The fiche's last change: the sitemap's `lastmod`, which tells search engines to read it again.
    pub updated_at: Option<OffsetDateTime>,
    /// The establishment's town hall, when its commune is known.
    pub point: Option<Point>,
}

impl OfferSummary {
    /// The summary of a whole offer, for the lists that do not come from the index.
    pub fn of(offer: &Offer) -> OfferSummary {
        let content = &offer.content;
        OfferSummary {
            id: offer.id,
            slug: offer.slug.as_str().into(),
            title: content.title.as_str().into(),
            employer: Arc::new(offer.employer.clone()),
            working_time: WorkingTime {
                note: String::new(),
                ..content.working_time.clone()
            },
            track: content.track,
            deadline: content.deadline,
            published_at: offer.published_at,
            updated_at: None,
            point: None,
        }
    }

    /// Whether the offer is open on `day`: its deadline is not past.
    pub(super) fn open_on(&self, day: Date) -> bool {
        self.deadline.is_some_and(|deadline| deadline >= day)
    }

    /// "Mi-temps (50 %)", "Temps plein (100 %), adaptable".
    pub fn quotite_text(&self) -> String {
        self.working_time.text()
    }
}

/// An offer found by a search, with its distance in a search around a place.
#[derive(Debug, Clone, Copy)]
pub struct Found<'a> {
    pub offer: &'a OfferSummary,
    pub km: Option<f64>,
}
