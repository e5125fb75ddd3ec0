//! The offers as `/api/v1` returns them. Field names are part of the API: they are French like
//! the query parameters, and never renamed without a new API version. The doc comments of these
//! types are French: they are the OpenAPI document's descriptions, which developers read.

use axum::Json;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde::Serialize;
use time::Date;
use utoipa::ToSchema;

use crate::board::{self, Found};
use crate::db::{date_text, instant_text};
use crate::domain::cohort::CohortDates;
use crate::domain::fiche::{self, Offer};
use crate::domain::offer_query::{PER_PAGE, PlaceChoices};

/// Une page des offres ouvertes qui répondent à la recherche, dans l'ordre du site.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = ListeOffres)]
pub struct OfferList {
    /// Nombre d'offres qui répondent à la recherche (le même sur chaque page).
    pub total: u64,
    /// Numéro de cette page, à partir de 1 ; une page après la dernière est vide.
    pub page: u32,
    /// Nombre d'offres d'une page pleine (la dernière peut en avoir moins).
    pub par_page: u32,
    /// Le lieu lu parmi les mots de `q` (« Lyon (69) »), autour duquel sont les offres ; absent
    /// si aucun n'a été lu (`lieu_texte=non` demande de ne pas en lire).
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
    let choix = choices
        .communes
        .iter()
        .map(|c| PlaceChoice {
            lieu: c.label(),
            code_insee: c.code,
            departement: c.departement,
        })
        .collect();
    let erreur = AmbiguousPlace {
        code: AmbiguousPlaceCode::LieuAmbigu,
        message: format!(
            "{} Précisez le lieu, par exemple avec son code postal.",
            choices.message
        ),
        parametre: "lieu",
        choix,
    };
    (StatusCode::BAD_REQUEST, Json(AmbiguousPlaceBody { erreur }))
}

/// Le 400 d'une recherche dont le `lieu` désigne plusieurs communes.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = ErreurLieuAmbigu)]
pub struct AmbiguousPlaceBody {
    pub erreur: AmbiguousPlace,
}

#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = LieuAmbigu)]
pub struct AmbiguousPlace {
    pub code: AmbiguousPlaceCode,
    /// Une phrase en français, à montrer telle quelle.
    pub message: String,
    /// Toujours `lieu`.
    pub parametre: &'static str,
    /// Les communes que le lieu peut désigner.
    pub choix: Vec<PlaceChoice>,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = CodeLieuAmbigu)]
pub enum AmbiguousPlaceCode {
    LieuAmbigu,
}

/// Une commune que le lieu peut désigner.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = ChoixDeLieu)]
pub struct PlaceChoice {
    /// « Saint-Denis (93200) » : la valeur à renvoyer comme `lieu`.
    pub lieu: String,
    pub code_insee: &'static str,
    pub departement: &'static str,
}

/// Les deux 400 de la recherche : un paramètre en faute, ou un lieu à choisir entre plusieurs communes.
#[derive(Serialize, ToSchema)]
#[serde(untagged)]
#[schema(as = ErreurRecherche)]
#[expect(dead_code, reason = "a schema only: each 400 is answered with its own type")]
pub enum SearchError {
    Parameter(crate::web::error::ApiErrorBody),
    Place(AmbiguousPlaceBody),
}

/// Un département ou une région, par son code officiel et son nom.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Code {
    pub code: &'static str,
    pub nom: &'static str,
}

/// Une offre ouverte, telle que la recherche la liste.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = ResumeOffre)]
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
    /// `null` si l'offre ne le dit pas ; avec `quotite_pourcentage_max`, une fourchette.
    pub quotite_pourcentage: Option<u8>,
    pub quotite_pourcentage_max: Option<u8>,
    pub quotite_adaptable: bool,
    /// `null` si l'offre nomme une autre formation que les deux licences, ou aucune.
    pub parcours: Option<&'static str>,
    pub date_limite: Option<String>,
    pub publiee_le: Option<String>,
    /// Seulement autour d'un lieu : distance en kilomètres, à vol d'oiseau, de mairie à mairie.
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

#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = GroupeDeMissions)]
pub struct MissionGroup {
    pub titre: String,
    pub elements: Vec<String>,
}

#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = Contact)]
pub struct Contact {
    pub nom: String,
    pub fonction: String,
    pub telephone: String,
    pub email: String,
}

#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = Candidature)]
pub struct Candidature {
    pub modalites: String,
    /// On candidate avec le formulaire de la plateforme, à `{url}/candidater`.
    pub sur_la_plateforme: bool,
    pub email: String,
    /// La page de l'établissement où candidater, ou "" s'il n'en a pas.
    pub site: String,
}

/// Une offre, ouverte ou close, avec tout ce que montre sa page.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = Offre)]
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
    /// « En bref » : le résumé du recruteur, vide s'il n'en a pas écrit.
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
    /// La promotion de la licence à laquelle mène l'offre tant qu'elle est ouverte, si la fiche en nomme une.
    pub promotion: Option<Promotion>,
}

/// La promotion à laquelle mène une offre : la prise de poste a lieu environ deux semaines avant la première semaine de formation.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = Promotion)]
pub struct Promotion {
    /// « Bobigny 2027 ».
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
            competences: Competences::from(&c.competences),
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

/// Les quatre sortes de compétences des fiches, chacune peut être vide.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Competences {
    pub techniques: Vec<String>,
    pub experientielles: Vec<String>,
    pub organisationnelles: Vec<String>,
    pub adaptation: Vec<String>,
}

impl From<&fiche::Competences> for Competences {
    fn from(c: &fiche::Competences) -> Self {
        Competences {
            techniques: c.techniques.clone(),
            experientielles: c.experientielles.clone(),
            organisationnelles: c.organisationnelles.clone(),
            adaptation: c.adaptation.clone(),
        }
    }
}
