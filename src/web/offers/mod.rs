//! The public job board: the list and search of open offers, each offer's page, the Atom
//! feed, and the same data as JSON under `/api/v1`.

mod json;
mod jsonld;

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

use super::auth::Visitor;
use super::views::{Layout, OfferCard, count_offers, paragraphs, place_text, render};
use super::{Access, ApiError, AppState, Error, Route};
use crate::board::Index;
use crate::db::fiches;
use crate::domain::FieldError;
use crate::domain::calendar::{french_date, in_paris};
use crate::domain::fiche::{Offer, Quotite, Track, pay_text};
use crate::domain::geo::{DEFAULT_RADIUS, RADII, distance_text};
use crate::domain::offer_query::{OfferQuery, PER_PAGE, RawOfferQuery};
use crate::domain::role::Role;
use crate::domain::saved_search::Frequency;
use crate::domain::territory::{DEPARTEMENTS, REGIONS};

pub fn routes() -> Vec<Route> {
    vec![
        Route::get("/offres", Access::Public, list_offers),
        Route::get("/offres.atom", Access::Public, feed_offers),
        Route::get("/offres/{slug}", Access::Public, show_offer),
        Route::get("/offres/{slug}/pdf", Access::Public, show_offer_pdf),
        Route::get("/api/v1/offres", Access::Public, api_list_offers),
        Route::get("/api/v1/offres/{slug}", Access::Public, api_show_offer),
    ]
}

/// A query string serde could not even read (say, a parameter given twice) is a bad request
/// like any other, with the same French message shape.
fn raw_query(query: Result<Query<RawOfferQuery>, QueryRejection>) -> Result<RawOfferQuery, FieldError> {
    query.map(|Query(raw)| raw).map_err(|_| {
        FieldError::new(
            "requête",
            "Les paramètres de la recherche sont illisibles : chaque paramètre ne doit apparaître qu'une fois.",
        )
    })
}

#[derive(askama::Template)]
#[template(path = "offers/list.html")]
struct ListPage {
    layout: Layout,
    form: FormValues,
    error: Option<FieldError>,
    count: String,
    offers: Vec<OfferCard>,
    page: u32,
    pages: u32,
    previous_url: Option<String>,
    next_url: Option<String>,
    regions: Vec<FilterOption>,
    departements: Vec<FilterOption>,
    quotites: [Quotite; 3],
    tracks: [Track; 2],
    radii: [u32; 5],
    /// "Distances depuis Chambéry (73000)."
    near_label: Option<String>,
    /// An ambiguous place: the message, and (label, link) of each commune that fits.
    choices: Option<(String, Vec<(String, String)>)>,
    /// The search as saved: its canonical query string.
    canonical: String,
    /// A signed-in candidate saves to their account; anyone else gives an address.
    candidate: bool,
    frequencies: [Frequency; 2],
}

/// An option of the region or département filter, with its number of open offers.
struct FilterOption {
    code: &'static str,
    /// "Grand Est (3 offres)".
    label: String,
}

/// The region and département filters, each with how many open offers it has.
fn filter_options(index: &Index) -> (Vec<FilterOption>, Vec<FilterOption>) {
    let counts = index.open_by_departement();
    let count_of = |code: &str| counts.iter().find(|(c, _)| *c == code).map_or(0, |(_, n)| *n);
    let label = |name: String, n: u64| match n {
        0 => format!("{name} (aucune offre)"),
        1 => format!("{name} (1 offre)"),
        n => format!("{name} ({n} offres)"),
    };
    let regions = REGIONS
        .iter()
        .map(|r| {
            let n = DEPARTEMENTS
                .iter()
                .filter(|d| d.region_code == r.code)
                .map(|d| count_of(d.code))
                .sum();
            FilterOption {
                code: r.code,
                label: label(r.name.to_string(), n),
            }
        })
        .collect();
    let departements = DEPARTEMENTS
        .iter()
        .map(|d| FilterOption {
            code: d.code,
            label: label(format!("{} – {}", d.code, d.name), count_of(d.code)),
        })
        .collect();
    (regions, departements)
}

impl ListPage {
    fn error_for(&self, field: &str) -> Option<&str> {
        self.error
            .as_ref()
            .filter(|e| e.field == field)
            .map(|e| e.message.as_str())
    }
}

/// What the visitor typed, shown back in the form as it was.
#[derive(Default)]
struct FormValues {
    q: String,
    region: String,
    departement: String,
    quotite: String,
    parcours: String,
    lieu: String,
    rayon: String,
}

impl From<&RawOfferQuery> for FormValues {
    fn from(raw: &RawOfferQuery) -> Self {
        let value = |v: &Option<String>| v.clone().unwrap_or_default();
        FormValues {
            q: value(&raw.q),
            region: value(&raw.region),
            departement: value(&raw.departement),
            quotite: value(&raw.quotite),
            parcours: value(&raw.parcours),
            lieu: value(&raw.lieu),
            rayon: value(&raw.rayon),
        }
    }
}

impl FormValues {
    /// This search's address at another page.
    fn url_at_page(&self, page: u32) -> String {
        self.url_with(Some(page), None)
    }

    /// This search's address, at a page if given, with another place if given.
    fn url_with(&self, page: Option<u32>, lieu: Option<&str>) -> String {
        let lieu = lieu.unwrap_or(&self.lieu);
        let page = page.map(|p| p.to_string()).unwrap_or_default();
        let pairs: Vec<(&str, &str)> = [
            ("q", self.q.as_str()),
            ("lieu", lieu),
            ("rayon", if lieu.is_empty() { "" } else { &self.rayon }),
            ("region", &self.region),
            ("departement", &self.departement),
            ("quotite", &self.quotite),
            ("parcours", &self.parcours),
            ("page", &page),
        ]
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .collect();
        format!("/offres?{}", serde_urlencoded::to_string(pairs).unwrap_or_default())
    }
}

async fn list_offers(
    State(state): State<AppState>, visitor: Visitor, query: Result<Query<RawOfferQuery>, QueryRejection>,
) -> Result<Response, Error> {
    let raw = raw_query(query);
    let form = raw.as_ref().map(FormValues::from).unwrap_or_default();
    let index = state.board.index(&state.db, state.clock.today()).await?;
    let (regions, departements) = filter_options(&index);
    let mut page = ListPage {
        layout: Layout::of(&visitor),
        canonical: raw.as_ref().map(RawOfferQuery::canonical).unwrap_or_default(),
        form,
        error: None,
        count: String::new(),
        offers: Vec::new(),
        page: 1,
        pages: 1,
        previous_url: None,
        next_url: None,
        regions,
        departements,
        quotites: Quotite::ALL,
        tracks: Track::ALL,
        radii: RADII,
        near_label: None,
        choices: None,
        candidate: visitor.user().is_some_and(|u| u.role == Role::Candidate),
        frequencies: Frequency::ALL,
    };
    if page.form.rayon.is_empty() {
        page.form.rayon = DEFAULT_RADIUS.to_string();
    }
    let query = match raw.and_then(OfferQuery::try_from) {
        Ok(query) => query,
        Err(field_error) => {
            // The form comes back with what was typed and the message next to the wrong field.
            page.error = Some(field_error);
            return Ok((StatusCode::BAD_REQUEST, render(&page)?).into_response());
        }
    };
    if let Some(choices) = &query.place_choices {
        let links = choices
            .communes
            .iter()
            .map(|c| (c.label(), page.form.url_with(None, Some(&c.label()))))
            .collect();
        page.choices = Some((choices.message.clone(), links));
        return Ok(render(&page)?.into_response());
    }
    if let Some(near) = &query.near {
        page.near_label = Some(format!(
            "Dans un rayon de {} km autour de {}, les plus proches d'abord.",
            near.radius_km, near.place.label
        ));
    }
    let (found, total) = index.search(&query);
    page.count = count_offers(total);
    page.offers = found
        .iter()
        .map(|found| {
            let card = OfferCard::from(found.listing);
            match found.km {
                Some(km) => card.at_distance(distance_text(km)),
                None => card,
            }
        })
        .collect();
    page.page = query.page;
    page.pages = u32::try_from(total.div_ceil(u64::from(PER_PAGE)))
        .unwrap_or(u32::MAX)
        .max(1);
    page.previous_url = (query.page > 1).then(|| page.form.url_at_page(query.page - 1));
    page.next_url = (query.page < page.pages).then(|| page.form.url_at_page(query.page + 1));
    Ok(render(&page)?.into_response())
}

#[derive(askama::Template)]
#[template(path = "offers/show.html")]
pub(super) struct OfferPage {
    layout: Layout,
    offer: Offer,
    open: bool,
    /// Shown to the people writing it, before publication.
    preview: bool,
    /// "environ 1 850 € brut mensuel (indice majoré 376)".
    pay: Option<String>,
    place: String,
    deadline: String,
    published: String,
    start: String,
    json_ld: Option<String>,
}

impl OfferPage {
    /// The page of an offer; a preview shows a fiche exactly as it will be published.
    pub(super) fn new(layout: Layout, offer: Offer, preview: bool, index_point_euros: f64) -> OfferPage {
        let content = &offer.content;
        OfferPage {
            pay: content.pay_index.map(|index| pay_text(index, index_point_euros)),
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
            start: content.start_text(),
            open: preview,
            preview,
            json_ld: None,
            offer,
        }
    }

    fn context_paragraphs(&self) -> Vec<&str> {
        paragraphs(&self.offer.content.context)
    }
}

async fn show_offer(
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
    let mut page = OfferPage::new(Layout::of(&visitor), offer, false, state.index_point_euros);
    page.open = open;
    page.json_ld = json_ld;
    render(&page)
}

/// The offer as a printable A4 PDF, for exactly the offers whose page the public may read.
async fn show_offer_pdf(State(state): State<AppState>, Path(slug): Path<String>) -> Result<Response, Error> {
    let offer = fiches::find_public_by_slug(&state.db, &slug)
        .await?
        .ok_or(Error::NotFound)?;
    let address = format!("{}/offres/{}", state.base_url, offer.slug);
    pdf_response(offer, state.index_point_euros, Some(address)).await
}

/// A fiche's PDF, made off the async threads (laying out and subsetting the font is CPU work),
/// shown in the browser with the slug as the file's name.
pub(super) async fn pdf_response(
    offer: Offer, index_point_euros: f64, address: Option<String>,
) -> Result<Response, Error> {
    let filename = format!("{}.pdf", offer.slug);
    let bytes = tokio::task::spawn_blocking(move || {
        let pay = offer.content.pay_index.map(|index| pay_text(index, index_point_euros));
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

#[derive(askama::Template)]
#[template(path = "offers/feed.xml")]
struct Feed {
    base_url: String,
    updated: String,
    entries: Vec<FeedEntry>,
}

struct FeedEntry {
    url: String,
    title: String,
    published: String,
    summary: String,
    author: String,
}

/// Newest open offers first: what a feed reader or an aggregator polls.
async fn feed_offers(State(state): State<AppState>) -> Result<Response, Error> {
    let offers = fiches::latest_open(&state.db, state.clock.today(), 50).await?;
    let rfc3339 = |at: time::OffsetDateTime| crate::db::instant_text(at);
    let entries: Vec<FeedEntry> = offers
        .iter()
        .map(|offer| {
            let card = OfferCard::from(offer);
            FeedEntry {
                url: format!("{}{}", state.base_url, card.url),
                published: offer.published_at.map(rfc3339).unwrap_or_default(),
                summary: format!(
                    "{}, {}. {}. Date limite de candidature : {}.",
                    card.employer, card.place, card.quotite, card.deadline
                ),
                author: card.employer,
                title: card.title,
            }
        })
        .collect();
    let updated = offers
        .iter()
        .filter_map(|o| o.published_at)
        .max()
        .map(rfc3339)
        .unwrap_or_else(|| rfc3339(time::OffsetDateTime::UNIX_EPOCH));
    let feed = Feed {
        base_url: state.base_url.to_string(),
        updated,
        entries,
    };
    Ok((
        [(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")],
        feed.render()?,
    )
        .into_response())
}

async fn api_list_offers(
    State(state): State<AppState>, query: Result<Query<RawOfferQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let query = OfferQuery::try_from(raw_query(query)?)?;
    if let Some(choices) = &query.place_choices {
        return Ok(json::place_choices(choices).into_response());
    }
    let index = state.board.index(&state.db, state.clock.today()).await?;
    let (found, total) = index.search(&query);
    Ok(Json(json::OfferList::new(&found, total, query.page, &state.base_url)).into_response())
}

async fn api_show_offer(
    State(state): State<AppState>, Path(slug): Path<String>,
) -> Result<Json<json::OfferDetail>, ApiError> {
    let offer = fiches::find_public_by_slug(&state.db, &slug)
        .await?
        .ok_or(Error::NotFound)?;
    Ok(Json(json::OfferDetail::new(
        &offer,
        state.clock.today(),
        &state.base_url,
    )))
}

use askama::Template as _;
