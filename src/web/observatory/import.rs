//! The CCOMS's import of the historical record: a CSV file, checked row by row. The good rows
//! are imported and the bad ones listed with their line and column, so that the CCOMS corrects
//! them in its spreadsheet and sends the file again (a second import only updates).

use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{Html, Response};

use crate::db::observatory::{self, Imported};
use crate::domain::observatory::{RowError, parse_file};
use crate::web::auth::Visitor;
use crate::web::views::{FormErrors, Layout, render, render_as};
use crate::web::{AppState, Error};

/// The columns as the import page documents them: (name, what it holds).
const COLUMNS: [(&str, &str); 16] = [
    (
        "reference",
        "La référence du poste donnée par le CCOMS (IDF-2014-003). Obligatoire.",
    ),
    (
        "region",
        "Le code INSEE de la région (11) ou son nom (Île-de-France). Obligatoire.",
    ),
    ("departement", "Le code du département (93, 2A, 974)."),
    ("etablissement", "Le nom de l'établissement. Obligatoire."),
    (
        "annee_creation",
        "L'année de création du poste, 2012 ou après. Obligatoire.",
    ),
    ("etat", "projet, ouvert, pourvu, vacant ou supprimé. Obligatoire."),
    ("debut_projet", "La date du début du projet (JJ/MM/AAAA)."),
    ("date_embauche", "La date d'embauche (JJ/MM/AAAA)."),
    ("fin_subvention", "L'année de fin de la subvention."),
    ("maintenu", "Poste maintenu après la subvention : oui, non, ou vide."),
    ("grade_embauche", "animateur ou éducateur."),
    ("grade_actuel", "animateur ou éducateur."),
    ("annee_educateur", "L'année du passage éducateur."),
    ("parcours", "bobigny, bordeaux ou aucun."),
    ("cohorte", "L'année d'entrée dans la formation."),
    ("diplome", "oui, non, ou vide."),
];

#[derive(askama::Template)]
#[template(path = "observatory/import.html")]
struct ImportPage {
    layout: Layout,
    columns: &'static [(&'static str, &'static str)],
    errors: FormErrors,
    /// After an import: what it did and the lines refused.
    report: Option<(Imported, Vec<RowError>)>,
}

impl ImportPage {
    fn new(visitor: &Visitor) -> ImportPage {
        ImportPage {
            layout: Layout::of(visitor),
            columns: &COLUMNS,
            errors: FormErrors::default(),
            report: None,
        }
    }
}

pub(super) async fn show_import(visitor: Visitor) -> Result<Html<String>, Error> {
    render(&ImportPage::new(&visitor))
}

async fn read_file(mut multipart: Multipart) -> Result<Option<Vec<u8>>, Error> {
    let broken = || {
        Error::bad_request(
            "fichier",
            "L'envoi a été interrompu ou dépasse 4 Mo. Rien n'a été importé : recommencez.",
        )
    };
    while let Some(field) = multipart.next_field().await.map_err(|_| broken())? {
        if field.name() == Some("fichier") {
            let bytes = field.bytes().await.map_err(|_| broken())?;
            return Ok((!bytes.is_empty()).then(|| bytes.to_vec()));
        }
    }
    Ok(None)
}

/// Imports the valid rows in one transaction and shows the report on the same page.
pub(super) async fn import_record(
    State(state): State<AppState>, visitor: Visitor, multipart: Multipart,
) -> Result<Response, Error> {
    let mut page = ImportPage::new(&visitor);
    let Some(bytes) = read_file(multipart).await? else {
        page.errors.add("fichier", "Choisissez le fichier CSV de l'historique.");
        return render_as(StatusCode::UNPROCESSABLE_ENTITY, &page);
    };
    let parsed = parse_file(&bytes, state.clock.today().year());
    if let Some(refusal) = parsed.errors.iter().find(|e| e.line == 0) {
        page.errors.add("fichier", refusal.message.clone());
        return render_as(StatusCode::UNPROCESSABLE_ENTITY, &page);
    }
    let mut tx = state.db.begin().await?;
    let imported = observatory::import(&mut tx, &parsed.posts).await?;
    tx.commit().await?;
    page.report = Some((imported, parsed.errors));
    render_as(StatusCode::OK, &page)
}
