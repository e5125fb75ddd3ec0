//! The list and search of open offers.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};

use super::raw_query;
use crate::board::Index;
use crate::domain::FieldError;
use crate::domain::fiche::{Quotite, Track};
use crate::domain::geo::territory::{DEPARTEMENTS, REGIONS};
use crate::domain::geo::{DEFAULT_RADIUS, RADII, distance_text};
use crate::domain::glossary::escape;
use crate::domain::offer_query::{OfferQuery, RawOfferQuery, has_place, last_page};
use crate::domain::role::Role;
use crate::domain::saved_search::Frequency;
use crate::web::auth::Visitor;
use crate::web::page_cache::{Generation, public_page};
use crate::web::views::{Layout, OfferCard, count_offers, render, render_as};
use crate::web::{AppState, Error};

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
    /// The region and département filters' options, the chosen one marked (HTML).
    regions: String,
    departements: String,
    quotites: [Quotite; 4],
    tracks: [Track; 2],
    radii: [u32; 5],
    /// "Distances depuis Chambéry (73000)."
    near_label: Option<String>,
    /// A place read among the words: (the words read, the same search with them as words).
    place_in_text: Option<(String, String)>,
    /// Nothing found: the search with its misspelt words replaced, and its address.
    suggestion: Option<(String, String)>,
    /// Nothing found around a place: the nearest offers further away.
    nearest: Vec<OfferCard>,
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

/// The region and département filters' options with their counts, rendered once per board
/// version and day (`web::page_cache`): the same for every search of that generation, signed in
/// or not, so nothing personal.
pub struct Filters {
    regions: String,
    departements: String,
}

impl Filters {
    fn of(index: &Index) -> Filters {
        let (regions, departements) = filter_options(index);
        Filters {
            regions: options_html(&regions),
            departements: options_html(&departements),
        }
    }
}

fn options_html(options: &[FilterOption]) -> String {
    options
        .iter()
        .map(|o| format!("<option value=\"{}\">{}</option>", escape(o.code), escape(&o.label)))
        .collect()
}

/// The options with the chosen one marked `selected`: only a code of the list can match, since
/// the needle is searched for in the list's own markup.
fn with_selected(options: &str, chosen: &str) -> String {
    let needle = format!("<option value=\"{}\">", escape(chosen));
    match options.find(&needle).filter(|_| !chosen.is_empty()) {
        Some(at) => {
            let cut = at + needle.len() - 1;
            [&options[..cut], " selected", &options[cut..]].concat()
        }
        None => options.to_string(),
    }
}

impl ListPage {
    /// The page before the search: the form as typed, the filters with their counts.
    fn new(visitor: &Visitor, raw: Option<&RawOfferQuery>, filters: &Filters) -> ListPage {
        let mut form = raw.map(FormValues::from).unwrap_or_default();
        if form.rayon.is_empty() {
            form.rayon = DEFAULT_RADIUS.to_string();
        }
        let regions = with_selected(&filters.regions, &form.region);
        let departements = with_selected(&filters.departements, &form.departement);
        ListPage {
            layout: Layout::of(visitor),
            canonical: raw.map(RawOfferQuery::canonical).unwrap_or_default(),
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
            place_in_text: None,
            suggestion: None,
            nearest: Vec::new(),
            choices: None,
            candidate: visitor.user().is_some_and(|u| u.role == Role::Candidate),
            frequencies: Frequency::ALL,
        }
    }

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
    lieu_texte: String,
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
            lieu_texte: value(&raw.lieu_texte),
        }
    }
}

impl FormValues {
    /// This search's address at another page.
    fn url_at_page(&self, page: u32) -> String {
        self.url_with(Some(page), None)
    }

    /// This search with other words, as words only when `words_only`.
    fn url_with_words(&self, q: &str, words_only: bool) -> String {
        let other = FormValues {
            q: q.to_string(),
            lieu_texte: if words_only {
                "non".into()
            } else {
                self.lieu_texte.clone()
            },
            region: self.region.clone(),
            departement: self.departement.clone(),
            quotite: self.quotite.clone(),
            parcours: self.parcours.clone(),
            lieu: self.lieu.clone(),
            rayon: self.rayon.clone(),
        };
        other.url_with(None, None)
    }

    /// This search's address, at a page if given, with another place if given.
    fn url_with(&self, page: Option<u32>, lieu: Option<&str>) -> String {
        let lieu = lieu.unwrap_or(&self.lieu);
        let page = page.map(|p| p.to_string()).unwrap_or_default();
        let some = |v: &str| Some(v.to_string());
        let radius_counts = has_place(&some(&self.q), &some(lieu), &some(&self.lieu_texte));
        let pairs: Vec<(&str, &str)> = [
            ("q", self.q.as_str()),
            ("lieu", lieu),
            ("rayon", if radius_counts { &self.rayon } else { "" }),
            ("region", &self.region),
            ("departement", &self.departement),
            ("quotite", &self.quotite),
            ("parcours", &self.parcours),
            ("lieu_texte", &self.lieu_texte),
            ("page", &page),
        ]
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .collect();
        format!("/offres?{}", serde_urlencoded::to_string(pairs).unwrap_or_default())
    }
}

/// How many of the nearest offers a search around a place that finds nothing shows.
const NEAREST: usize = 5;

fn card(found: &crate::board::Found) -> OfferCard {
    let card = OfferCard::from(found.offer);
    match found.km {
        Some(km) => card.at_distance(distance_text(km)),
        None => card,
    }
}

pub(super) async fn list_offers(
    State(state): State<AppState>, visitor: Visitor, uri: Uri, headers: HeaderMap,
    query: Result<Query<RawOfferQuery>, QueryRejection>,
) -> Result<Response, Error> {
    let index = state.board.index(&state.db, state.clock.today()).await?;
    let generation = Generation::of(&index);
    let filters = match state.memory.filters.get(generation) {
        Some(filters) => filters,
        None => state.memory.filters.put(generation, Filters::of(&index)),
    };
    if uri.query().is_none_or(str::is_empty) {
        // The board before any search, its most visited page: kept whole for visitors not
        // signed in (see `web::page_cache`).
        let (visitor, index, filters) = (&visitor, &index, &filters);
        return public_page(&state, visitor, &headers, generation, "/offres", |layout| {
            std::future::ready(first_page(visitor, index, filters, layout))
        })
        .await;
    }
    let raw = raw_query(query);
    let mut page = ListPage::new(&visitor, raw.as_ref().ok(), &filters);
    let query = match raw.and_then(OfferQuery::try_from) {
        Ok(query) => query,
        Err(field_error) => {
            // The form comes back with what was typed and the message next to the wrong field.
            page.error = Some(field_error);
            return render_as(StatusCode::BAD_REQUEST, &page);
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
            "Dans un rayon de {} km autour {}, les plus proches d'abord.",
            near.radius_km,
            crate::domain::french::de_name(&near.place.label, None)
        ));
    }
    if let Some(taken) = &query.place_in_text {
        page.place_in_text = Some((taken.clone(), page.form.url_with_words(&page.form.q, true)));
    }
    if let Some(last) = found(&mut page, &index, &query) {
        return Ok(Redirect::to(&page.form.url_at_page(last)).into_response());
    }
    Ok(render(&page)?.into_response())
}

/// The board without a search, in the frame given.
fn first_page(visitor: &Visitor, index: &Index, filters: &Filters, layout: Layout) -> Result<String, Error> {
    let mut page = ListPage::new(visitor, None, filters);
    page.layout = layout;
    let query =
        OfferQuery::try_from(RawOfferQuery::default()).map_err(|_| Error::Internal("recherche vide refusée"))?;
    found(&mut page, index, &query);
    Ok(askama::Template::render(&page)?)
}

/// Writes the search's results into the page, or returns the last page when the one asked for
/// is past it.
fn found(page: &mut ListPage, index: &Index, query: &OfferQuery) -> Option<u32> {
    let (found, total) = index.search(query);
    if let Some(last) = query.past_the_last_page(total) {
        return Some(last);
    }
    page.count = count_offers(total);
    page.offers = found.iter().map(card).collect();
    if total == 0 {
        // Nothing found: a spelling that finds something, and the offers beyond the radius.
        page.suggestion = index.suggest_spelling(query).map(|words| {
            let q = match &query.place_in_text {
                Some(place) => format!("{words} {place}"),
                None => words.clone(),
            };
            let url = page.form.url_with_words(&q, false);
            (words, url)
        });
        page.nearest = index.nearest(query, NEAREST).iter().map(card).collect();
    }
    page.page = query.page;
    page.pages = last_page(total);
    page.previous_url = (query.page > 1).then(|| page.form.url_at_page(query.page - 1));
    page.next_url = (query.page < page.pages).then(|| page.form.url_at_page(query.page + 1));
    None
}
