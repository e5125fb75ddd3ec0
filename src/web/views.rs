//! View models shared by several pages: what a template needs, already in French.

use askama::Template;
use axum::response::Html;

use crate::domain::calendar::{french_date, in_paris};
use crate::domain::fiche::Offer;

use super::Error;

/// Renders a page template.
pub fn render(page: &impl Template) -> Result<Html<String>, Error> {
    Ok(Html(page.render()?))
}

/// An offer as a line of a list.
pub struct OfferCard {
    pub url: String,
    pub title: String,
    pub employer: String,
    pub place: String,
    pub quotite: String,
    pub track: &'static str,
    pub deadline: String,
    pub published: String,
}

impl From<&Offer> for OfferCard {
    fn from(offer: &Offer) -> Self {
        OfferCard {
            url: format!("/offres/{}", offer.slug),
            title: offer.content.title.clone(),
            employer: offer.employer.name.clone(),
            place: place_text(offer),
            quotite: offer.content.quotite_text(),
            track: offer.content.track.label(),
            deadline: offer
                .content
                .deadline
                .map(french_date)
                .unwrap_or_else(|| "non précisée".into()),
            published: offer
                .published_at
                .map(|at| french_date(in_paris(at).date()))
                .unwrap_or_default(),
        }
    }
}

/// "Strasbourg (Bas-Rhin, Grand Est)".
pub fn place_text(offer: &Offer) -> String {
    match (offer.employer.departement(), offer.employer.region()) {
        (Some(d), Some(r)) => format!("{} ({}, {})", offer.employer.commune, d.name, r.name),
        _ => offer.employer.commune.clone(),
    }
}

/// "1 offre", "24 offres".
pub fn count_offers(n: u64) -> String {
    match n {
        0 => "Aucune offre ne correspond à votre recherche.".into(),
        1 => "1 offre".into(),
        n => format!("{n} offres"),
    }
}

/// Text split into paragraphs at blank lines.
pub fn paragraphs(text: &str) -> Vec<&str> {
    text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()).collect()
}
