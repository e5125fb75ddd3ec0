//! The candidate's own space: each application with its state, dated history and interviews;
//! withdrawing, the talent pool, withdrawing consent; downloading all of one's data; erasing
//! one's account. Reached with an account, or without one through the application's follow
//! link (a secret only the candidate received).

use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use serde_json::json;

use super::auth::{Access, CsrfForm, Visitor, clear_session_cookie};
use super::mails::{Mail, queue};
use super::views::{FormErrors, Layout, MessagePage, french_instant, render, stored_instant};
use super::{AppState, Error, Route};
use crate::db::applications::{self, Application, Event, NewEvent};
use crate::db::audit::{self, Entry};
use crate::db::interviews::{self, Interview};
use crate::db::outbox::Concerns;
use crate::domain::account::{Email, User};
use crate::domain::application::ApplicationStatus;
use crate::domain::policy::Action;
use crate::secrets::token_hash;

pub fn routes() -> Vec<Route> {
    let own = Access::Can(Action::FollowOwnApplications);
    vec![
        Route::get("/mes-candidatures", own, list_own),
        Route::get("/mes-candidatures/{id}", own, show_own),
        Route::post("/mes-candidatures/{id}/retrait", own, withdraw_own),
        Route::post("/mes-candidatures/{id}/vivier", own, talent_pool_own),
        Route::post("/mes-candidatures/{id}/consentement", own, withdraw_consent_own),
        Route::get("/mes-donnees.zip", own, download_account_data),
        Route::post("/compte/effacement", own, erase_account),
        Route::get("/suivi/{token}", Access::Public, show_linked).personal(),
        Route::post("/suivi/{token}/retrait", Access::Public, withdraw_linked).personal(),
        Route::post("/suivi/{token}/vivier", Access::Public, talent_pool_linked).personal(),
        Route::post("/suivi/{token}/consentement", Access::Public, withdraw_consent_linked).personal(),
        Route::get("/suivi/{token}/donnees.zip", Access::Public, download_linked_data).personal(),
    ]
}

/// How the candidate reached their application.
enum Key {
    Account(User, String),
    Link(String),
}

impl Key {
    fn own(visitor: &Visitor, id: String) -> Result<Key, Error> {
        Ok(Key::Account(visitor.user().cloned().ok_or(Error::Forbidden)?, id))
    }

    /// Where the application's page and actions are.
    fn base(&self) -> String {
        match self {
            Key::Account(_, id) => format!("/mes-candidatures/{id}"),
            Key::Link(token) => format!("/suivi/{token}"),
        }
    }
}

/// The application the key opens; anything else does not exist.
async fn load(state: &AppState, key: &Key) -> Result<Application, Error> {
    let mut conn = state.db.pool.acquire().await?;
    let found = match key {
        Key::Account(user, id) => {
            let id: i64 = id.parse().map_err(|_| Error::NotFound)?;
            applications::find_for_candidate(&mut conn, id, user.id, &user.email).await?
        }
        Key::Link(token) => {
            let hash = token_hash(token);
            // The link was sent to the application's address only: whoever opens it controls
            // that address, so the application may now join the account that has it.
            applications::prove_email_by_follow_token(&mut conn, &hash).await?;
            applications::find_by_follow_token(&mut conn, &hash).await?
        }
    };
    found.ok_or(Error::NotFound)
}

// --- The list ------------------------------------------------------------------------------

#[derive(askama::Template)]
#[template(path = "applications/mine.html")]
struct MinePage {
    layout: Layout,
    applications: Vec<Application>,
}

impl MinePage {
    fn sent_on(&self, application: &Application) -> String {
        french_instant(application.created_at)
    }
}

async fn list_own(State(state): State<AppState>, visitor: Visitor) -> Result<Html<String>, Error> {
    let user = visitor.user().ok_or(Error::Forbidden)?;
    let mut conn = state.db.pool.acquire().await?;
    let applications = applications::list_for_candidate(&mut conn, user.id, &user.email).await?;
    render(&MinePage {
        layout: Layout::of(&visitor),
        applications,
    })
}

// --- One application -----------------------------------------------------------------------

#[derive(askama::Template)]
#[template(path = "applications/candidate.html")]
struct CandidatePage {
    layout: Layout,
    base: String,
    application: Application,
    events: Vec<Event>,
    interviews: Vec<Interview>,
    documents: Vec<(String, String, i64)>,
    notice: Option<&'static str>,
    errors: FormErrors,
}

impl CandidatePage {
    fn when(&self, text: &str) -> String {
        stored_instant(text)
    }

    fn interview_when(&self, interview: &Interview) -> String {
        french_instant(interview.starts_at)
    }

    fn open(&self) -> bool {
        !self.application.status.is_final()
    }

    fn consent_date(&self) -> String {
        french_instant(self.application.consent_at)
    }
}

async fn candidate_page(
    state: &AppState,
    visitor: &Visitor,
    key: &Key,
    notice: Option<&'static str>,
    errors: FormErrors,
) -> Result<CandidatePage, Error> {
    let application = load(state, key).await?;
    let mut conn = state.db.pool.acquire().await?;
    Ok(CandidatePage {
        layout: Layout::of(visitor),
        base: key.base(),
        events: applications::events(&mut conn, application.id).await?,
        interviews: interviews::for_application(&mut conn, application.id).await?,
        documents: applications::documents(&mut conn, application.id).await?,
        application,
        notice,
        errors,
    })
}

async fn show(state: AppState, visitor: Visitor, key: Key) -> Result<Response, Error> {
    let page = candidate_page(&state, &visitor, &key, None, FormErrors::default()).await?;
    // A follow link is a secret: it must not leak through a shared cache or the history sync.
    Ok(([(header::CACHE_CONTROL, "no-store")], render(&page)?).into_response())
}

async fn show_own(State(state): State<AppState>, visitor: Visitor, Path(id): Path<String>) -> Result<Response, Error> {
    let key = Key::own(&visitor, id)?;
    show(state, visitor, key).await
}

async fn show_linked(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(token): Path<String>,
) -> Result<Response, Error> {
    show(state, visitor, Key::Link(token)).await
}

#[derive(Deserialize, Default)]
struct VersionForm {
    #[serde(default)]
    version: i64,
    #[serde(default)]
    vivier: String,
    #[serde(default)]
    confirmer: String,
}

async fn refuse(
    state: &AppState,
    visitor: &Visitor,
    key: &Key,
    field: &'static str,
    message: String,
) -> Result<Response, Error> {
    let mut errors = FormErrors::default();
    errors.add(field, message);
    let page = candidate_page(state, visitor, key, None, errors).await?;
    Ok((StatusCode::CONFLICT, render(&page)?).into_response())
}

/// Withdraws the application: the recruiters see it as `retiree`, the candidate gets one message.
async fn withdraw(state: AppState, visitor: Visitor, key: Key, form: VersionForm) -> Result<Response, Error> {
    let application = load(&state, &key).await?;
    let to = match application.status.withdraw() {
        Ok(to) => to,
        Err(message) => return refuse(&state, &visitor, &key, "retrait", message).await,
    };
    let mut tx = state.db.begin().await?;
    if !applications::set_status(&mut tx, application.id, form.version, to).await? {
        drop(tx);
        return refuse(
            &state,
            &visitor,
            &key,
            "retrait",
            "Votre candidature a changé entre-temps : relisez-la, puis recommencez.".into(),
        )
        .await;
    }
    applications::add_event(
        &mut tx,
        application.id,
        NewEvent {
            actor_id: visitor.user().map(|u| u.id),
            actor_name: "Candidat·e",
            from: Some(application.status),
            to: Some(ApplicationStatus::Retiree),
            reason: "",
            mail: None,
        },
    )
    .await?;
    let text = format!(
        "Votre candidature au poste « {} » à {} est retirée, comme vous l'avez demandé. L'établissement en est informé.",
        application.fiche_title, application.establishment_name
    );
    queue(
        &mut tx,
        state.db.documents()?,
        Mail {
            kind: "retrait",
            concerns: Concerns::application(application.id),
            to: &application.email,
            subject: "Candidature retirée",
            paragraphs: &[&text],
            link: None,
        },
    )
    .await?;
    tx.commit().await?;
    state.mailer.wake.notify_one();
    Ok(Redirect::to(&key.base()).into_response())
}

async fn withdraw_own(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<VersionForm>,
) -> Result<Response, Error> {
    let key = Key::own(&visitor, id)?;
    withdraw(state, visitor, key, form).await
}

async fn withdraw_linked(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(token): Path<String>,
    CsrfForm(form): CsrfForm<VersionForm>,
) -> Result<Response, Error> {
    withdraw(state, visitor, Key::Link(token), form).await
}

async fn talent_pool(state: AppState, visitor: Visitor, key: Key, form: VersionForm) -> Result<Response, Error> {
    let application = load(&state, &key).await?;
    let mut conn = state.db.pool.acquire().await?;
    applications::set_talent_pool(&mut conn, application.id, form.vivier == "oui").await?;
    drop(conn);
    let notice = if form.vivier == "oui" {
        "Votre candidature est gardée dans le vivier du programme."
    } else {
        "Votre candidature ne sera pas gardée dans le vivier : ses données seront effacées 90 jours après la fin du recrutement."
    };
    let page = candidate_page(&state, &visitor, &key, Some(notice), FormErrors::default()).await?;
    Ok(render(&page)?.into_response())
}

async fn talent_pool_own(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<VersionForm>,
) -> Result<Response, Error> {
    let key = Key::own(&visitor, id)?;
    talent_pool(state, visitor, key, form).await
}

async fn talent_pool_linked(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(token): Path<String>,
    CsrfForm(form): CsrfForm<VersionForm>,
) -> Result<Response, Error> {
    talent_pool(state, visitor, Key::Link(token), form).await
}

/// Consent withdrawn: the application ends and its personal data and documents go at once.
async fn withdraw_consent(state: AppState, visitor: Visitor, key: Key, form: VersionForm) -> Result<Response, Error> {
    if form.confirmer != "oui" {
        return refuse(
            &state,
            &visitor,
            &key,
            "confirmer",
            "Cochez la case pour confirmer : vos données seront effacées et votre candidature retirée.".into(),
        )
        .await;
    }
    let application = load(&state, &key).await?;
    let mut tx = state.db.begin().await?;
    if !application.status.is_final() {
        applications::set_status(&mut tx, application.id, application.version, ApplicationStatus::Retiree).await?;
        applications::add_event(
            &mut tx,
            application.id,
            NewEvent {
                actor_id: visitor.user().map(|u| u.id),
                actor_name: "Candidat·e",
                from: Some(application.status),
                to: Some(ApplicationStatus::Retiree),
                reason: "",
                mail: None,
            },
        )
        .await?;
    }
    applications::withdraw_consent(&mut tx, application.id).await?;
    applications::count_erased(&mut tx, "consentement_retire", 1).await?;
    tx.commit().await?;
    let page = MessagePage::new(
        Layout::of(&visitor),
        "Vos données sont effacées",
        &["Votre consentement est retiré : votre candidature est close, vos documents et vos coordonnées sont effacés."],
    )
    .success()
    .link("Voir les offres", "/offres");
    Ok(render(&page)?.into_response())
}

async fn withdraw_consent_own(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<VersionForm>,
) -> Result<Response, Error> {
    let key = Key::own(&visitor, id)?;
    withdraw_consent(state, visitor, key, form).await
}

async fn withdraw_consent_linked(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(token): Path<String>,
    CsrfForm(form): CsrfForm<VersionForm>,
) -> Result<Response, Error> {
    withdraw_consent(state, visitor, Key::Link(token), form).await
}

// --- Download and erasure ------------------------------------------------------------------

/// One application's data as JSON, and its documents (opened) as files.
async fn application_files(
    state: &AppState,
    application: &Application,
    folder: &str,
) -> Result<(serde_json::Value, Vec<(String, Vec<u8>)>), Error> {
    let mut conn = state.db.pool.acquire().await?;
    let events = applications::events(&mut conn, application.id).await?;
    let interviews = interviews::for_application(&mut conn, application.id).await?;
    let mut files = Vec::new();
    for (kind, _, _) in applications::documents(&mut conn, application.id).await? {
        if let Some(document) = applications::document(&mut conn, application.id, &kind).await? {
            let bytes = state
                .documents
                .open(&document.key_id, &document.sealed, &document.kind)
                .map_err(|_| Error::Internal("document illisible avec les clés configurées"))?;
            let extension = document.document_type().map_or("bin", |t| t.extension());
            files.push((format!("{folder}{kind}.{extension}"), bytes));
        }
    }
    let data = json!({
        "offre": application.fiche_title,
        "etablissement": application.establishment_name,
        "etat": application.status.label(),
        "envoyee_le": crate::db::instant_text(application.created_at),
        "nom": application.full_name,
        "email": application.email,
        "telephone": application.phone,
        "commune": application.town,
        "message": application.message,
        "suivi_dans_ce_service": application.followed_by_service.label(),
        "vivier": application.talent_pool,
        "consentement": {
            "date": crate::db::instant_text(application.consent_at),
            "version_de_la_notice": application.consent_version,
        },
        "historique": events.iter().map(|e| json!({
            "date": e.at,
            "etat": e.to_label(),
            "message_objet": e.mail_subject,
            "message": e.mail_body,
        })).collect::<Vec<_>>(),
        "entretiens": interviews.iter().map(|i| json!({
            "date": crate::db::instant_text(i.starts_at),
            "duree_minutes": i.duration_minutes,
            "lieu": i.place,
            "visio": i.video_url,
            "annule": i.cancelled,
        })).collect::<Vec<_>>(),
    });
    Ok((data, files))
}

fn zip_response(name: &str, files: Vec<(String, Vec<u8>)>) -> Result<Response, Error> {
    let bytes = crate::export::zip::archive(&files).map_err(|_| Error::Internal("archive impossible"))?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/zip".to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        bytes,
    )
        .into_response())
}

fn pretty(value: &serde_json::Value) -> Vec<u8> {
    serde_json::to_vec_pretty(value).unwrap_or_default()
}

async fn download_linked_data(State(state): State<AppState>, Path(token): Path<String>) -> Result<Response, Error> {
    let application = load(&state, &Key::Link(token)).await?;
    let (data, mut files) = application_files(&state, &application, "").await?;
    files.insert(0, ("candidature.json".into(), pretty(&data)));
    zip_response("mes-donnees-msp.zip", files)
}

/// Everything the platform holds about the signed-in candidate.
async fn download_account_data(State(state): State<AppState>, visitor: Visitor) -> Result<Response, Error> {
    let user = visitor.user().ok_or(Error::Forbidden)?;
    let mut conn = state.db.pool.acquire().await?;
    let list = applications::list_for_candidate(&mut conn, user.id, &user.email).await?;
    drop(conn);
    let mut files = Vec::new();
    let mut summaries = Vec::new();
    for application in &list {
        let folder = format!("candidature-{}/", application.id);
        let (data, documents) = application_files(&state, application, &folder).await?;
        files.push((format!("{folder}candidature.json"), pretty(&data)));
        files.extend(documents);
        summaries.push(data["offre"].clone());
    }
    let account = json!({
        "compte": { "email": user.email, "nom": user.display_name, "role": user.role.label() },
        "candidatures": summaries,
    });
    files.insert(0, ("compte.json".into(), pretty(&account)));
    zip_response("mes-donnees-msp.zip", files)
}

/// Deletes the candidate's account and erases the data of all their applications.
async fn erase_account(
    State(state): State<AppState>,
    visitor: Visitor,
    CsrfForm(form): CsrfForm<VersionForm>,
) -> Result<Response, Error> {
    let user = visitor.user().cloned().ok_or(Error::Forbidden)?;
    if form.confirmer != "oui" {
        let message = MessagePage::new(
            Layout::of(&visitor),
            "Rien n'a été effacé",
            &["Pour effacer votre compte, cochez la case de confirmation."],
        )
        .link("Revenir à mes candidatures", "/mes-candidatures");
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&message)?).into_response());
    }
    let email = Email::parse("email", &user.email).map_err(Error::BadRequest)?;
    let mut tx = state.db.begin().await?;
    let ids = applications::ids_for_candidate(&mut tx, user.id, &email).await?;
    for id in &ids {
        applications::withdraw_if_open(&mut tx, *id).await?;
        applications::erase(&mut tx, *id).await?;
    }
    applications::count_erased(&mut tx, "compte_efface", 1).await?;
    audit::record(
        &mut tx,
        &visitor.actor(),
        Entry {
            action: "compte_efface",
            target_kind: "compte",
            target_id: user.id.to_string(),
            detail: format!("{} candidature(s) effacée(s)", ids.len()),
        },
    )
    .await?;
    crate::accounts::forget_account(&mut tx, state.db.documents()?, user.id, &email).await?;
    crate::db::users::delete(&mut tx, user.id).await?;
    tx.commit().await?;
    let page = MessagePage::new(
        Layout::anonymous(),
        "Votre compte est effacé",
        &["Votre compte, vos candidatures et vos documents sont effacés. Merci d'avoir utilisé la plateforme."],
    )
    .success()
    .link("Voir les offres", "/offres");
    Ok(([clear_session_cookie(&state)], render(&page)?).into_response())
}
