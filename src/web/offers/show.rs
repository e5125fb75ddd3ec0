//! An offer's page, and its printable PDF.

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};

use super::jsonld;
use crate::db::fiches;
use crate::domain::calendar::{french_date, in_paris};
use crate::domain::cohort::{self, CohortDates};
use crate::domain::fiche::{FicheContent, Offer};
use crate::web::auth::Visitor;
use crate::web::views::{Layout, paragraphs, place_text, render};
use crate::web::{AppState, Error};

#[derive(askama::Template)]
#[template(path = "offers/show.html")]
pub(in crate::web) struct OfferPage {
    layout: Layout,
    offer: Offer,
    open: bool,
    /// Shown to the people writing it, before publication.
    preview: bool,
    /// The key facts, label and value ("Rémunération", "environ 1 820 € brut mensuel…").
    facts: Vec<(&'static str, String)>,
    place: String,
    deadline: String,
    published: String,
    json_ld: Option<String>,
    /// The cohort the offer leads to, when it names a licence and one is reachable.
    pub(in crate::web) cohort_line: Option<String>,
}

impl OfferPage {
    /// The page of an offer; a preview shows a fiche exactly as it will be published.
    pub(in crate::web) fn new(layout: Layout, offer: Offer, preview: bool, index_point_euros: f64) -> OfferPage {
        let content = &offer.content;
        OfferPage {
            facts: content.key_facts(content.pay_text(index_point_euros)),
            layout,
            place: place_text(&offer),
            deadline: content
                .deadline
                .map(french_date)
                .unwrap_or_else(|| "non précisée".into()),
            published: offer
                .published_at
                .map(|at| french_date(in_paris(at).date()))
                .unwrap_or_else(|| "pas encore publiée".into()),
            open: preview,
            preview,
            json_ld: None,
            cohort_line: None,
            offer,
        }
    }

    fn context_paragraphs(&self) -> Vec<&str> {
        paragraphs(&self.offer.content.context)
    }
}

pub(super) async fn show_offer(
    State(state): State<AppState>, visitor: Visitor, Path(slug): Path<String>,
) -> Result<Html<String>, Error> {
    let offer = fiches::find_public_by_slug(&state.db, &slug)
        .await?
        .ok_or(Error::NotFound)?;
    let open = offer.is_open(state.clock.today());
    let json_ld = if open {
        Some(jsonld::job_posting(&offer, &state.base_url, state.index_point_euros)?)
    } else {
        None
    };
    // A closed offer leads nowhere any more: its line would promise a cohort nobody can join.
    let led_to = if open {
        cohort_led_to(&state, &offer.content).await?
    } else {
        None
    };
    let mut page = OfferPage::new(Layout::of(&visitor), offer, false, state.index_point_euros);
    page.open = open;
    page.json_ld = json_ld;
    page.cohort_line = led_to.as_ref().and_then(cohort::offer_line);
    render(&page)
}

/// The cohort an offer leads to, seen today: the soonest of its licence still reachable with
/// its deadline (stored cohorts, else DESIGN's defaults). An offer naming no licence leads to
/// none and costs no query; one that does reads its track's cohorts, a handful of rows.
pub(in crate::web) async fn cohort_led_to(
    state: &AppState, content: &FicheContent,
) -> Result<Option<CohortDates>, Error> {
    let Some(track) = content.track else {
        return Ok(None);
    };
    let today = state.clock.today();
    let mut conn = state.db.pool.acquire().await?;
    let stored = crate::db::cohorts::list_for_track(&mut conn, track).await?;
    let cohorts = cohort::with_defaults(crate::web::calendar::with_enrolled(stored), today);
    Ok(cohort::cohort_led_to(&cohorts, track, today, content.deadline))
}

/// The offer as a printable A4 PDF, for exactly the offers whose page the public may read.
pub(super) async fn show_offer_pdf(State(state): State<AppState>, Path(slug): Path<String>) -> Result<Response, Error> {
    let offer = fiches::find_public_by_slug(&state.db, &slug)
        .await?
        .ok_or(Error::NotFound)?;
    let address = format!("{}/offres/{}", state.base_url, offer.slug);
    pdf_response(offer, state.index_point_euros, Some(address)).await
}

/// A fiche's PDF, made off the async threads (laying out and subsetting the font is CPU work),
/// shown in the browser with the slug as the file's name.
pub(in crate::web) async fn pdf_response(
    offer: Offer, index_point_euros: f64, address: Option<String>,
) -> Result<Response, Error> {
    let filename = format!("{}.pdf", offer.slug);
    let bytes = tokio::task::spawn_blocking(move || {
        let pay = offer.content.pay_text(index_point_euros);
        crate::export::pdf::fiche_pdf(&offer, pay.as_deref(), address.as_deref())
    })
    .await
    .map_err(|_| Error::Internal("fabrication du PDF interrompue"))??;
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            // Slugs are lowercase ASCII letters, digits and hyphens: nothing to quote.
            (header::CONTENT_DISPOSITION, format!("inline; filename=\"{filename}\"")),
        ],
        bytes,
    )
        .into_response())
}
