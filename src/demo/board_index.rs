//! The demo's offers as the board indexes them, without a database: the fixed corpus of the
//! search's measured recall (`crate::board::recall`).

use std::sync::Arc;

use time::{Date, Duration, OffsetDateTime};

use crate::board::{Index, IndexBuilder, OfferSummary};
use crate::domain::fiche::WorkingTime;
use crate::geo::communes;

/// Every demo offer open on `today` (deadlines and publications counted from it), id by its
/// place in `offres.json` from 0.
pub(crate) fn index(today: Date) -> Index {
    let mut builder = IndexBuilder::new(today);
    for (id, offer) in super::offers().into_iter().enumerate() {
        let e = &offer.establishment;
        let employer = e.to_new().into_employer(id as i64);
        let (title, body) = offer.content.search_terms(&employer);
        let point = communes()
            .locate(&e.postal_code, &e.commune, &e.departement)
            .map(|c| c.point);
        let published = today.midnight().assume_utc() - Duration::days(offer.published_days_ago);
        let summary = OfferSummary {
            id: id as i64,
            slug: format!("demo-{id}").into(),
            title: offer.content.title.as_str().into(),
            employer: Arc::new(employer),
            working_time: WorkingTime {
                note: String::new(),
                ..offer.content.working_time.clone()
            },
            track: offer.content.track,
            // Every offer open, whatever the file says, so that the corpus stays the same.
            deadline: Some(today + Duration::days(offer.deadline_in_days.max(1))),
            published_at: Some::<OffsetDateTime>(published),
            updated_at: Some(published),
            point,
        };
        builder.add(summary, &title, &body);
    }
    builder.finish(1)
}
