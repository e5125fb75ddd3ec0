//! What the establishments' API reads and writes. Every schema is closed
//! (`deny_unknown_fields`): a misspelt field is refused rather than silently ignored.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::db::applications::{Application, Event};
use crate::db::fiches::WorkFiche;
use crate::domain::fiche::form::FicheForm;

/// A fiche's content as an establishment's system sends it, its fields named in French like the
/// rest of the API (each refused field's `champ` names the field sent: [`api_field`]); every
/// field may be left out (a draft is completed later, here or in the editor). Texts are read exactly as the editor reads
/// what is typed in it (dates `JJ/MM/AAAA`, numbers as text).
#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct FicheBody {
    #[serde(rename = "titre")]
    pub title: String,
    #[serde(rename = "en_bref")]
    pub in_brief: String,
    /// `temps_plein`, `mi_temps`, `temps_partiel` or `a_definir` (required, as in the editor).
    pub quotite: String,
    #[serde(rename = "quotite_pourcentage")]
    pub quotite_percent: String,
    pub quotite_adaptable: bool,
    #[serde(rename = "quotite_precision")]
    pub quotite_note: String,
    #[serde(rename = "contrat")]
    pub contract: String,
    #[serde(rename = "contrat_mois")]
    pub contract_months: String,
    #[serde(rename = "postes")]
    pub posts: String,
    pub grade: String,
    #[serde(rename = "indice")]
    pub pay_index: String,
    #[serde(rename = "remuneration_euros")]
    pub pay_euros: String,
    pub reference: String,
    pub versant: String,
    pub nature: String,
    #[serde(rename = "categorie")]
    pub category: String,
    pub corps: String,
    #[serde(rename = "vacant_le")]
    pub vacant_from: String,
    pub pole: String,
    pub service: String,
    #[serde(rename = "unite")]
    pub unit: String,
    #[serde(rename = "lieu")]
    pub place: String,
    pub sites: Vec<String>,
    #[serde(rename = "contexte")]
    pub context: String,
    #[serde(rename = "public_accueilli")]
    pub public_served: String,
    pub missions: Vec<MissionGroupBody>,
    pub techniques: Vec<String>,
    pub experientielles: Vec<String>,
    pub organisationnelles: Vec<String>,
    pub adaptation: Vec<String>,
    #[serde(rename = "diplome")]
    pub diploma: String,
    /// `bobigny`, `bordeaux` or `autre`.
    pub parcours: String,
    #[serde(rename = "formation")]
    pub training: String,
    #[serde(rename = "comment_postuler")]
    pub how_to_apply: String,
    #[serde(rename = "candidature_plateforme")]
    pub apply_platform: bool,
    #[serde(rename = "candidature_email")]
    pub apply_email: String,
    #[serde(rename = "candidature_url")]
    pub apply_url: String,
    pub contacts: Vec<ContactBody>,
    #[serde(rename = "date_limite")]
    pub deadline: String,
    #[serde(rename = "date_debut")]
    pub start_date: String,
    #[serde(rename = "debut_precision")]
    pub start_note: String,
}

#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct MissionGroupBody {
    pub titre: String,
    pub missions: Vec<String>,
}

#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ContactBody {
    pub nom: String,
    pub fonction: String,
    pub telephone: String,
    pub email: String,
}

impl FicheBody {
    /// The editor's form holding every step's fields: the editor's reading applies as it is.
    pub fn into_form(self) -> FicheForm {
        let lines = |list: Vec<String>| list.join("\n");
        let yes = |on: bool| on.then(|| "oui".to_string());
        FicheForm {
            title: self.title,
            in_brief: self.in_brief,
            quotite: self.quotite,
            quotite_percent: self.quotite_percent,
            quotite_adaptable: yes(self.quotite_adaptable),
            quotite_note: self.quotite_note,
            contract: self.contract,
            contract_months: self.contract_months,
            posts: self.posts,
            grade: self.grade,
            pay_index: self.pay_index,
            pay_euros: self.pay_euros,
            reference: self.reference,
            versant: self.versant,
            nature: self.nature,
            category: self.category,
            corps: self.corps,
            vacant_from: self.vacant_from,
            pole: self.pole,
            service: self.service,
            unit: self.unit,
            place: self.place,
            sites: lines(self.sites),
            context: self.context,
            public_served: self.public_served,
            groupe_titre: self.missions.iter().map(|g| g.titre.clone()).collect(),
            groupe_missions: self.missions.into_iter().map(|g| lines(g.missions)).collect(),
            techniques: lines(self.techniques),
            experientielles: lines(self.experientielles),
            organisationnelles: lines(self.organisationnelles),
            adaptation: lines(self.adaptation),
            diploma: self.diploma,
            parcours: self.parcours,
            training: self.training,
            how_to_apply: self.how_to_apply,
            apply_platform: yes(self.apply_platform),
            apply_email: self.apply_email,
            apply_url: self.apply_url,
            contact_nom: self.contacts.iter().map(|c| c.nom.clone()).collect(),
            contact_fonction: self.contacts.iter().map(|c| c.fonction.clone()).collect(),
            contact_telephone: self.contacts.iter().map(|c| c.telephone.clone()).collect(),
            contact_email: self.contacts.into_iter().map(|c| c.email).collect(),
            deadline: self.deadline,
            start_date: self.start_date,
            start_note: self.start_note,
            ..FicheForm::default()
        }
    }
}

/// A fiche of the establishment and where it stands.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FicheState {
    pub id: i64,
    pub titre: String,
    /// `brouillon`, `soumise`, `a_corriger`, `publiee`, `close` or `retiree`.
    pub etat: String,
    /// The state as the pages say it (« À corriger »).
    pub etat_libelle: String,
    /// Incremented at every change of the fiche.
    pub version: i64,
    /// The offer's public address, once published (and while closed).
    pub adresse_publique: Option<String>,
    /// RFC 3339, once published.
    pub publiee_le: Option<String>,
    /// `AAAA-MM-JJ`, when the fiche gives one.
    pub date_limite: Option<String>,
    /// The fiche's page on the platform, for its recruiters.
    pub lien: String,
}

impl FicheState {
    pub fn new(fiche: &WorkFiche, base_url: &str) -> FicheState {
        let offer = &fiche.offer;
        FicheState {
            id: offer.id,
            titre: offer.content.title.clone(),
            etat: offer.status.as_str().into(),
            etat_libelle: offer.status.label().into(),
            version: fiche.version,
            adresse_publique: offer
                .status
                .is_readable_by_public()
                .then(|| format!("{base_url}/offres/{}", offer.slug)),
            publiee_le: offer.published_at.map(crate::db::instant_text),
            date_limite: offer.content.deadline.map(|d| d.to_string()),
            lien: format!("{base_url}/fiches/{}", offer.id),
        }
    }
}

/// A page of the establishment's fiches, most recently changed first.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FicheList {
    pub total: u64,
    pub page: u32,
    pub par_page: u32,
    pub fiches: Vec<FicheState>,
}

/// An application to one of the establishment's offers, without anything that names the person.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApplicationState {
    pub id: i64,
    /// `recue`, `preselectionnee`, `entretien`, `retenue`, `embauchee`, `non_retenue`, `retiree`.
    pub etat: String,
    /// RFC 3339.
    pub recue_le: String,
    pub terminee_le: Option<String>,
    /// The candidate's data were erased (retention, withdrawn consent): only the state is left.
    pub effacee: bool,
}

impl From<&Application> for ApplicationState {
    fn from(a: &Application) -> Self {
        ApplicationState {
            id: a.id,
            etat: a.status.as_str().into(),
            recue_le: crate::db::instant_text(a.created_at),
            terminee_le: a.ended_at.map(crate::db::instant_text),
            effacee: a.purged,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApplicationList {
    pub fiche: i64,
    pub candidatures: Vec<ApplicationState>,
}

/// One dated line of an application's history.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HistoryLine {
    /// RFC 3339.
    pub le: String,
    pub de: Option<String>,
    pub vers: Option<String>,
    pub motif: String,
}

impl From<&Event> for HistoryLine {
    fn from(e: &Event) -> Self {
        HistoryLine {
            le: e.at.clone(),
            de: e.from_status.clone(),
            vers: e.to_status.clone(),
            motif: e.reason.clone(),
        }
    }
}

/// A document of the application: what it is and where a recruiter reads it, never its content.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DocumentRef {
    /// `cv` or `lettre`.
    pub piece: String,
    pub nom: String,
    pub octets: i64,
    /// The recruiter's page that opens it (signed in, audited).
    pub lien: String,
}

/// One application, as the recruiter's page shows it, without the documents' content.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApplicationDetail {
    pub id: i64,
    pub fiche: i64,
    pub fiche_titre: String,
    pub etat: String,
    pub etat_libelle: String,
    pub nom: String,
    pub email: String,
    pub telephone: String,
    pub commune: String,
    pub message: String,
    /// RFC 3339.
    pub recue_le: String,
    pub consentement_le: String,
    pub historique: Vec<HistoryLine>,
    pub documents: Vec<DocumentRef>,
    /// The application's page on the platform.
    pub lien: String,
}

/// The editor's names of the fields the API names otherwise (the same serde renames as
/// [`FicheBody`]'s), and the editor's per-line fields of a list, named by their list.
const API_NAMES: &[(&str, &str)] = &[
    ("title", "titre"),
    ("in_brief", "en_bref"),
    ("quotite_percent", "quotite_pourcentage"),
    ("quotite_note", "quotite_precision"),
    ("contract", "contrat"),
    ("contract_months", "contrat_mois"),
    ("posts", "postes"),
    ("pay_index", "indice"),
    ("pay_euros", "remuneration_euros"),
    ("category", "categorie"),
    ("vacant_from", "vacant_le"),
    ("unit", "unite"),
    ("place", "lieu"),
    ("context", "contexte"),
    ("public_served", "public_accueilli"),
    ("diploma", "diplome"),
    ("training", "formation"),
    ("how_to_apply", "comment_postuler"),
    ("apply_platform", "candidature_plateforme"),
    ("apply_email", "candidature_email"),
    ("apply_url", "candidature_url"),
    ("deadline", "date_limite"),
    ("start_date", "date_debut"),
    ("start_note", "debut_precision"),
    ("groupe_titre", "missions"),
    ("groupe_missions", "missions"),
    ("contact_nom", "contacts"),
    ("contact_fonction", "contacts"),
    ("contact_telephone", "contacts"),
    ("contact_email", "contacts"),
];

/// The API's name of a field the editor refused.
pub fn api_field(editor: &'static str) -> &'static str {
    API_NAMES
        .iter()
        .find(|(name, _)| *name == editor)
        .map_or(editor, |(_, api)| api)
}

impl FicheBody {
    /// The content this body describes, read as the editor reads its six steps; every refused
    /// field's French message otherwise.
    pub fn read(self) -> Result<crate::domain::fiche::FicheContent, Vec<crate::domain::FieldError>> {
        let mut form = self.into_form();
        let mut content = crate::domain::fiche::FicheContent::default();
        let mut errors = crate::domain::form_errors::FormErrors::default();
        for step in 1..=6 {
            form.etape = step;
            form.apply(&mut content, &mut errors);
        }
        if errors.is_empty() {
            Ok(content)
        } else {
            let mut refused = errors.list;
            for error in &mut refused {
                error.field = api_field(error.field);
            }
            Err(refused)
        }
    }
}
