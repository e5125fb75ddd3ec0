//! The glossary (issue 23): the public page `/glossaire` that offers link to, and the CCOMS's
//! page to correct a term's meaning or add a term (`/glossaire/modifier`), audited.

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::auth::{Access, CsrfForm, CurrentUser, Visitor};
use super::page_cache::{Generation, public_page};
use super::views::{FormErrors, Layout, render, render_as};
use super::{AppState, Error, Route};
use crate::db::glossary;
use crate::domain::glossary::{Term, check_entry};
use crate::domain::policy::{Action, permits};

pub fn routes() -> Vec<Route> {
    // Correcting the words that explain the offers belongs with reviewing them: the CCOMS.
    let edit = Access::Can(Action::ReviewFiches);
    vec![
        Route::get("/glossaire", Access::Public, show_glossary),
        Route::get("/glossaire/modifier", edit, show_glossary_editor),
        Route::post("/glossaire/modifier", edit, save_term),
        Route::post("/glossaire/retirer", edit, remove_term),
    ]
}

#[derive(askama::Template)]
#[template(path = "glossary/show.html")]
struct GlossaryPage {
    layout: Layout,
    terms: Vec<Term>,
    may_edit: bool,
}

/// The glossary the board's index carries (its version moves with every correction): kept in
/// memory for visitors not signed in (see `web::page_cache`).
async fn show_glossary(State(state): State<AppState>, visitor: Visitor, headers: HeaderMap) -> Result<Response, Error> {
    let index = state.board.index(&state.db, state.clock.today()).await?;
    let may_edit = visitor.user().is_some_and(|u| permits(u.role, Action::ReviewFiches));
    public_page(
        &state,
        &visitor,
        &headers,
        Generation::of(&index),
        "/glossaire",
        |layout| async move {
            let page = GlossaryPage {
                layout,
                terms: index.glossary.terms().to_vec(),
                may_edit,
            };
            Ok(askama::Template::render(&page)?)
        },
    )
    .await
}

#[derive(askama::Template)]
#[template(path = "glossary/edit.html")]
struct GlossaryEditor {
    layout: Layout,
    terms: Vec<Term>,
    form: TermForm,
    errors: FormErrors,
    /// What was just done, said once.
    notice: Option<&'static str>,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
struct TermForm {
    terme: String,
    definition: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct EditorQuery {
    /// A term to correct: the form starts with its meaning.
    terme: Option<String>,
    enregistre: Option<String>,
    retire: Option<String>,
}

async fn editor_page(
    state: &AppState, visitor: &Visitor, form: TermForm, errors: FormErrors, notice: Option<&'static str>,
) -> Result<GlossaryEditor, Error> {
    let glossary = glossary::current(&state.db).await?;
    Ok(GlossaryEditor {
        layout: Layout::of(visitor),
        terms: glossary.terms().to_vec(),
        form,
        errors,
        notice,
    })
}

async fn show_glossary_editor(
    State(state): State<AppState>, visitor: Visitor, Query(query): Query<EditorQuery>,
) -> Result<Html<String>, Error> {
    let glossary = glossary::current(&state.db).await?;
    let form = query
        .terme
        .and_then(|t| glossary.find(&t).cloned())
        .map(|t| TermForm {
            terme: t.term,
            definition: t.meaning,
        })
        .unwrap_or_default();
    let notice = match (query.enregistre, query.retire) {
        (Some(_), _) => Some("Terme enregistré : les offres l'expliquent désormais ainsi."),
        (_, Some(_)) => Some("Terme rétabli ou retiré."),
        _ => None,
    };
    render(&editor_page(&state, &visitor, form, FormErrors::default(), notice).await?)
}

async fn save_term(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(user): CurrentUser, CsrfForm(form): CsrfForm<TermForm>,
) -> Result<Response, Error> {
    let (term, meaning) = match check_entry(&form.terme, &form.definition) {
        Ok(entry) => entry,
        Err(error) => {
            let errors = FormErrors { list: vec![error] };
            let page = editor_page(&state, &visitor, form, errors, None).await?;
            return render_as(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    let mut tx = state.db.begin().await?;
    glossary::save(&mut tx, &term, &meaning, user.id).await?;
    visitor
        .audit(&mut tx, "glossaire_terme_ecrit", "glossaire", &term, meaning)
        .await?;
    tx.commit().await?;
    Ok(Redirect::to("/glossaire/modifier?enregistre=1").into_response())
}

async fn remove_term(
    State(state): State<AppState>, visitor: Visitor, CsrfForm(form): CsrfForm<TermForm>,
) -> Result<Response, Error> {
    let mut tx = state.db.begin().await?;
    if !glossary::remove(&mut tx, form.terme.trim()).await? {
        return Err(Error::bad_request(
            "terme",
            "Ce terme n'a pas été écrit par le CCOMS : il n'y a rien à rétablir.",
        ));
    }
    visitor
        .audit(&mut tx, "glossaire_terme_retire", "glossaire", form.terme.trim(), "")
        .await?;
    tx.commit().await?;
    Ok(Redirect::to("/glossaire/modifier?retire=1").into_response())
}
