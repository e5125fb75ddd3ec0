//! Starting a draft from another fiche (issue 21): the library of the fiches a recruiter may
//! reuse — the programme's published offers and their own establishments' fiches — and the
//! reuse itself, which replaces the draft's text by the source's, without its dates and contacts.

use super::*;
use crate::domain::fiche::verify::ToVerify;

#[derive(askama::Template)]
#[template(path = "fiches/library.html")]
pub(super) struct LibraryPage {
    layout: Layout,
    fiche_id: i64,
    title: String,
    version: i64,
    query: String,
    offers: Vec<crate::domain::fiche::Offer>,
    errors: FormErrors,
}

impl LibraryPage {
    /// "1 fiche", "12 fiches".
    fn count(&self) -> String {
        crate::domain::french::count(self.offers.len() as i64, "fiche", "fiches")
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct LibraryQuery {
    q: String,
}

async fn library_page(
    state: &AppState, visitor: &Visitor, user: &User, fiche: &WorkFiche, query: String, errors: FormErrors,
) -> Result<LibraryPage, Error> {
    let mut conn = state.db.pool.acquire().await?;
    let offers = fiches::library(&mut conn, &establishment_scope(user), fiche.offer.id, &query).await?;
    Ok(LibraryPage {
        layout: Layout::of(visitor),
        fiche_id: fiche.offer.id,
        title: fiche.offer.content.title.clone(),
        version: fiche.version,
        query,
        offers,
        errors,
    })
}

pub(super) async fn show_library(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(user): CurrentUser,
    InScope(fiche): InScope<WorkFiche>, Query(query): Query<LibraryQuery>,
) -> Result<Response, Error> {
    if fiche.offer.status.apply(FicheAction::Edit).is_err() {
        return Ok(Redirect::to(&format!("/fiches/{}", fiche.offer.id)).into_response());
    }
    let page = library_page(
        &state,
        &visitor,
        &user,
        &fiche,
        query.q.trim().to_string(),
        FormErrors::default(),
    )
    .await?;
    render(&page).map(IntoResponse::into_response)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct ReuseForm {
    source: String,
    version: i64,
}

/// Replaces the draft's text by the source's, if the draft may still be written and nobody
/// changed it since the library was read.
pub(super) async fn reuse(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(user): CurrentUser,
    InScope(fiche): InScope<WorkFiche>, CsrfForm(form): CsrfForm<ReuseForm>,
) -> Result<Response, Error> {
    if let Err(message) = fiche.offer.status.apply(FicheAction::Edit) {
        return refuse(&state, &visitor, &user, &fiche, StatusCode::CONFLICT, &message).await;
    }
    let mut tx = state.db.begin().await?;
    let source = match form.source.parse::<i64>() {
        Ok(id) => fiches::find_reusable(&mut tx, id, &establishment_scope(&user)).await?,
        Err(_) => None,
    };
    let Some(source) = source else {
        drop(tx);
        let message = "Choisissez une fiche de la liste.";
        return refuse(
            &state,
            &visitor,
            &user,
            &fiche,
            StatusCode::UNPROCESSABLE_ENTITY,
            message,
        )
        .await;
    };
    let content = source.content.for_reuse();
    // What was copied is another post's text: each field is reread before submission.
    let to_verify = ToVerify::filled(&content);
    let (id, employer) = (fiche.offer.id, &fiche.offer.employer);
    if !fiches::update_content(&mut tx, id, form.version, employer, &content, &to_verify, Some("")).await? {
        drop(tx);
        let message = "La fiche a changé entre-temps : vérifiez-la, puis recommencez.";
        return refuse(&state, &visitor, &user, &fiche, StatusCode::CONFLICT, message).await;
    }
    let detail = format!("depuis la fiche n° {}", source.id);
    visitor
        .audit(&mut tx, "fiche_reprise", "fiche", fiche.offer.id, detail)
        .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/fiches/{}/modifier?etape=1&repris=1", fiche.offer.id)).into_response())
}

/// The library again, with why the reuse was refused next to the choice.
async fn refuse(
    state: &AppState, visitor: &Visitor, user: &User, fiche: &WorkFiche, status: StatusCode, message: &str,
) -> Result<Response, Error> {
    let errors = FormErrors::one("source", message.to_string());
    let page = library_page(state, visitor, user, fiche, String::new(), errors).await?;
    render_as(status, &page)
}
