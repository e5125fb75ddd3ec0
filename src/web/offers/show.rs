//! An offer's page, and its printable PDF.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};

use std::cell::RefCell;

use super::jsonld;
use crate::board::{Index, Near};
use crate::db::fiches;
use crate::domain::calendar::{french_date, in_paris};
use crate::domain::cohort::{self, CohortDates};
use crate::domain::fiche::{ApplyWay, FicheContent, Offer};
use crate::domain::glossary::{Explainer, Glossary};
use crate::domain::regional_rules::{RegionalRule, follow_up_rule};
use crate::web::auth::Visitor;
use crate::web::page_cache::{Generation, public_page};
use crate::web::views::{Layout, paragraphs, place_text};
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
    /// Spells the glossary's terms out at their first use on the page, in reading order.
    explainer: RefCell<Explainer>,
    /// The offer's public address, to share.
    pub(in crate::web) address: String,
    /// The follow-up rule, on the offers of a region whose call states it.
    follow_up: Option<&'static RegionalRule>,
    /// « Offres proches »: (address, title, place).
    nearby: Vec<(String, String, String)>,
}

impl OfferPage {
    /// The page of an offer; a preview shows a fiche exactly as it will be published.
    pub(in crate::web) fn new(
        layout: Layout, offer: Offer, preview: bool, index_point_euros: f64, glossary: Glossary,
    ) -> OfferPage {
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
            explainer: RefCell::new(glossary.explainer()),
            address: String::new(),
            follow_up: follow_up_rule(offer.employer.region().map(|r| r.code)),
            nearby: Vec::new(),
            offer,
        }
    }

    fn context_paragraphs(&self) -> Vec<&str> {
        paragraphs(&self.offer.content.context)
    }

    fn brief_paragraphs(&self) -> Vec<&str> {
        paragraphs(&self.offer.content.in_brief)
    }

    /// The text as escaped HTML with the glossary's terms explained (see `domain::glossary`).
    fn explain(&self, text: &str) -> String {
        self.explainer.borrow_mut().html(text)
    }

    /// The « Postuler » button: (address, words, what follows it).
    fn apply_button(&self) -> (String, &'static str, &'static str) {
        match self.offer.content.first_apply_way() {
            ApplyWay::Platform => (
                format!("/offres/{}/candidater", self.offer.slug),
                "Postuler",
                "En ligne, sans compte : votre CV et votre lettre de motivation.",
            ),
            ApplyWay::Website(url) => (
                url.to_string(),
                "Postuler sur le site de l'établissement",
                "Site extérieur : l'établissement reçoit les candidatures sur son propre site.",
            ),
            ApplyWay::Email(email) => (
                format!(
                    "mailto:{email}?subject={}",
                    percent_encode(&format!("Candidature : {}", self.offer.content.title))
                ),
                "Postuler par e-mail",
                "Avec votre CV et votre lettre de motivation.",
            ),
            ApplyWay::Instructions => ("#postuler".into(), "Postuler : comment faire", ""),
        }
    }

    /// A mail to a friend: the offer's title as subject, its address as body.
    fn share_mail(&self) -> String {
        let title = format!("Offre d'emploi : {}", self.offer.content.title);
        format!(
            "mailto:?subject={}&body={}",
            percent_encode(&title),
            percent_encode(&self.address)
        )
    }
}

/// Percent-encodes everything but RFC 3986's unreserved characters, as a `mailto:` address's
/// fields need (a `+` would stay a plus there).
fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
            b => format!("%{b:02X}"),
        })
        .collect()
}

/// The offer's page: kept in memory for visitors not signed in, for the board's version and day
/// (see `web::page_cache`).
pub(super) async fn show_offer(
    State(state): State<AppState>, visitor: Visitor, Path(slug): Path<String>, headers: HeaderMap,
) -> Result<Response, Error> {
    // The index first: the page is kept for its version, and everything read after it is at
    // least as new as that version.
    let index = state.board.index(&state.db, state.clock.today()).await?;
    let key = format!("/offres/{slug}");
    public_page(&state, &visitor, &headers, Generation::of(&index), &key, |layout| {
        render_offer(&state, &index, layout, &slug)
    })
    .await
}

async fn render_offer(state: &AppState, index: &Index, layout: Layout, slug: &str) -> Result<String, Error> {
    let offer = fiches::find_public_by_slug(&state.db, slug)
        .await?
        .ok_or(Error::NotFound)?;
    let open = offer.is_open(index.today);
    let json_ld = if open {
        Some(jsonld::job_posting(&offer, &state.base_url, state.index_point_euros)?)
    } else {
        None
    };
    // A closed offer leads nowhere any more: its line would promise a cohort nobody can join.
    let led_to = if open {
        cohort_led_to(state, &offer.content).await?
    } else {
        None
    };
    // The board's index carries the glossary and the nearby offers: no other query per view.
    let near = nearby_offers(index, &offer);
    let address = format!("{}/offres/{}", state.base_url, offer.slug);
    let mut page = OfferPage::new(layout, offer, false, state.index_point_euros, index.glossary.clone());
    page.open = open;
    page.json_ld = json_ld;
    page.cohort_line = led_to.as_ref().and_then(cohort::offer_line);
    page.address = address;
    page.nearby = near;
    Ok(askama::Template::render(&page)?)
}

/// « Offres proches » from the board's index in memory (no search query): (address, title,
/// place) of up to four open offers.
fn nearby_offers(index: &Index, offer: &Offer) -> Vec<(String, String, String)> {
    let near = Near {
        id: offer.id,
        departement: &offer.employer.departement_code,
        region: offer.employer.region().map(|r| r.code),
        // A closed offer is not in the index: its département and region stand for its place.
        point: index.point_of(offer.id),
        track: offer.content.track,
    };
    index
        .nearby(&near)
        .into_iter()
        .map(|o| {
            let place = format!("{} – {}", o.employer.name, o.employer.locality());
            (format!("/offres/{}", o.slug), o.title.to_string(), place)
        })
        .collect()
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
