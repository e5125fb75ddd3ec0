//! The offers as `/api/v1` returns them. Field names are part of the API: they are French like
//! the query parameters, and never renamed without a new API version.

use axum::Json;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde::Serialize;
use serde_json::json;
use time::Date;

use crate::board::{self, Found};
use crate::db::{date_text, instant_text};
use crate::domain::cohort::CohortDates;
use crate::domain::fiche::{Competences, Offer};
use crate::domain::offer_query::{PER_PAGE, PlaceChoices};

#[derive(Serialize)]
pub struct OfferList {
    pub total: u64,
    pub page: u32,
    pub par_page: u32,
    /// The place read among the words of `q` ("Lyon (69)"), around which the offers are; absent
    /// when none was (`lieu_texte=non` asks not to read one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lieu_lu: Option<String>,
    pub offres: Vec<OfferSummary>,
}

impl OfferList {
    /// A page of a search; around a place, each offer with its distance, nearest first.
    pub fn new(found: &[Found], total: u64, page: u32, base_url: &str) -> Self {
        OfferList {
            total,
            page,
            par_page: PER_PAGE,
            lieu_lu: None,
            offres: found
                .iter()
                .map(|found| OfferSummary {
                    // To the tenth of a kilometre: town halls are points, more would pretend.
                    distance_km: found.km.map(|km| (km * 10.0).round() / 10.0),
                    ..OfferSummary::new(found.offer, base_url)
                })
                .collect(),
        }
    }
}

/// A place that fits several communes: a 400 in the API's error shape, with the choices, each
/// a value to send again as `lieu`.
pub fn place_choices(choices: &PlaceChoices) -> impl IntoResponse {
    let choix: Vec<_> = choices
        .communes
        .iter()
        .map(|c| json!({ "lieu": c.label(), "code_insee": c.code, "departement": c.departement }))
        .collect();
    (
        StatusCode::BAD_REQUEST,
        Json(json!({ "erreur": {
            "code": "lieu_ambigu",
            "message": format!("{} Précisez le lieu, par exemple avec son code postal.", choices.message),
            "parametre": "lieu",
            "choix": choix,
        }})),
    )
}

#[derive(Serialize)]
pub struct Code {
    pub code: &'static str,
    pub nom: &'static str,
}

#[derive(Serialize)]
pub struct OfferSummary {
    pub slug: String,
    pub url: String,
    pub titre: String,
    pub etablissement: String,
    pub commune: String,
    pub code_postal: String,
    pub departement: Option<Code>,
    pub region: Option<Code>,
    pub quotite: &'static str,
    /// `null` when the offer does not say; with `quotite_pourcentage_max`, a range.
    pub quotite_pourcentage: Option<u8>,
    pub quotite_pourcentage_max: Option<u8>,
    pub quotite_adaptable: bool,
    /// `null` when the offer names another training than the two licences, or none.
    pub parcours: Option<&'static str>,
    pub date_limite: Option<String>,
    pub publiee_le: Option<String>,
    /// Only in a search around a place: kilometres from it, great-circle, town hall to town hall.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distance_km: Option<f64>,
}

impl OfferSummary {
    fn new(summary: &board::OfferSummary, base_url: &str) -> Self {
        let employer = &summary.employer;
        OfferSummary {
            slug: summary.slug.to_string(),
            url: format!("{base_url}/offres/{}", summary.slug),
            titre: summary.title.to_string(),
            etablissement: employer.name.clone(),
            commune: employer.commune.clone(),
            code_postal: employer.postal_code.clone(),
            departement: employer.departement().map(|d| Code {
                code: d.code,
                nom: d.name,
            }),
            region: employer.region().map(|r| Code {
                code: r.code,
                nom: r.name,
            }),
            quotite: summary.working_time.quotite.as_str(),
            quotite_pourcentage: summary.working_time.percent,
            quotite_pourcentage_max: summary.working_time.percent_max,
            quotite_adaptable: summary.working_time.adaptable,
            parcours: summary.track.map(|t| t.as_str()),
            date_limite: summary.deadline.map(date_text),
            publiee_le: summary.published_at.map(instant_text),
            distance_km: None,
        }
    }
}

#[derive(Serialize)]
pub struct MissionGroup {
    pub titre: String,
    pub elements: Vec<String>,
}

#[derive(Serialize)]
pub struct Contact {
    pub nom: String,
    pub fonction: String,
    pub telephone: String,
    pub email: String,
}

#[derive(Serialize)]
pub struct Candidature {
    pub modalites: String,
    /// Candidates apply with the platform's form, at `{url}/candidater`.
    pub sur_la_plateforme: bool,
    pub email: String,
    /// The establishment's own page to apply on, or "".
    pub site: String,
}

#[derive(Serialize)]
pub struct OfferDetail {
    #[serde(flatten)]
    pub summary: OfferSummary,
    pub ouverte: bool,
    pub statut: &'static str,
    pub grade: String,
    pub pole: String,
    pub service: String,
    pub unite: String,
    pub lieu: String,
    pub autres_lieux: Vec<String>,
    pub contrat: Option<&'static str>,
    pub contrat_duree_mois: Option<u16>,
    pub nombre_de_postes: Option<u8>,
    pub reference: String,
    /// « En bref »: the recruiter's plain summary, empty when not written.
    pub en_bref: String,
    pub contexte: String,
    pub public: String,
    pub missions: Vec<MissionGroup>,
    pub competences: Competences,
    pub diplome: String,
    pub formation: String,
    pub candidature: Candidature,
    pub contacts: Vec<Contact>,
    pub prise_de_poste: Option<String>,
    pub prise_de_poste_note: String,
    /// The cohort of the licence the offer leads to while it is open, if the fiche names one.
    pub promotion: Option<Promotion>,
}

/// The cohort an offer leads to: the job starts about two weeks before its first training week.
#[derive(Serialize)]
pub struct Promotion {
    /// "Bobigny 2027".
    pub nom: String,
    pub parcours: &'static str,
    pub prise_de_poste: String,
    pub premiere_semaine_de_formation: Option<String>,
    pub rythme: String,
}

impl Promotion {
    fn of(cohort: &CohortDates) -> Promotion {
        Promotion {
            nom: cohort.name(),
            parcours: cohort.track.as_str(),
            prise_de_poste: date_text(cohort.job_starts),
            premiere_semaine_de_formation: cohort.training_starts().map(date_text),
            rythme: cohort.rhythm.clone(),
        }
    }
}

impl OfferDetail {
    pub fn new(offer: &Offer, today: Date, base_url: &str, cohort: Option<&CohortDates>) -> Self {
        let c = &offer.content;
        OfferDetail {
            summary: OfferSummary::new(&board::OfferSummary::of(offer), base_url),
            ouverte: offer.is_open(today),
            statut: offer.status.as_str(),
            grade: c.grade.clone(),
            pole: c.pole.clone(),
            service: c.service.clone(),
            unite: c.unit.clone(),
            lieu: c.place.clone(),
            autres_lieux: c.sites.clone(),
            contrat: c.contract.map(|k| k.as_str()),
            contrat_duree_mois: c.contract_months,
            nombre_de_postes: c.posts,
            reference: c.reference.clone(),
            en_bref: c.in_brief.clone(),
            contexte: c.context.clone(),
            public: c.public_served.clone(),
            missions: c
                .missions
                .iter()
                .map(|g| MissionGroup {
                    titre: g.title.clone(),
                    elements: g.items.clone(),
                })
                .collect(),
            competences: c.competences.clone(),
            diplome: c.diploma.clone(),
            formation: c.training.clone(),
            candidature: Candidature {
                modalites: c.how_to_apply.clone(),
                sur_la_plateforme: c.apply_on_platform,
                email: c.apply_email.clone(),
                site: c.apply_url.clone(),
            },
            contacts: c
                .contacts
                .iter()
                .map(|p| Contact {
                    nom: p.name.clone(),
                    fonction: p.role.clone(),
                    telephone: p.phone.clone(),
                    email: p.email.clone(),
                })
                .collect(),
            prise_de_poste: c.start_date.map(date_text),
            prise_de_poste_note: c.start_note.clone(),
            promotion: cohort.map(Promotion::of),
        }
    }
}
