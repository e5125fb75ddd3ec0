//! The CCOMS closes a request: accepted for an establishment, its contact invited as the
//! establishment's recruiter; or answered in writing.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use super::{DecisionForm, request_page};
use crate::accounts::{Grant, invite};
use crate::db::outbox::Concerns;
use crate::db::team_requests::{self, Closing, TeamRequest};
use crate::db::{establishments, users};
use crate::domain::account::{Email, Scope};
use crate::domain::establishment::{EstablishmentDraft, commune_field};
use crate::domain::project::check_text;
use crate::domain::role::{Role, ScopeKind};
use crate::domain::team_request::{ANSWER_MAX_CHARS, TeamRequestStatus};
use crate::mail;
use crate::web::auth::{CsrfForm, Visitor};
use crate::web::extract::PathId;
use crate::web::views::{FormErrors, contact_email, render_as};
use crate::web::{AppState, Error};

/// The request's page again, with the errors next to their fields and what was typed.
async fn refused(
    state: &AppState, visitor: &Visitor, id: i64, status: StatusCode, form: DecisionForm, errors: FormErrors,
) -> Result<Response, Error> {
    let mut conn = state.db.pool.acquire().await?;
    let page = request_page(&mut conn, visitor, id, form, errors).await?;
    render_as(status, &page)
}

/// The message of a request closed before this decision, next to the form's field.
fn answered_already(field: &'static str) -> FormErrors {
    FormErrors::one(field, "Cette demande a déjà reçu une réponse.")
}

/// The establishment a new one is made of: what the request says of it.
fn new_establishment(request: &TeamRequest, statut: &str) -> Result<EstablishmentDraft, FormErrors> {
    let is_public = match statut {
        "public" => true,
        "prive" => false,
        _ => {
            return Err(FormErrors::one(
                "statut",
                "Choisissez si le nouvel établissement est public ou privé.",
            ));
        }
    };
    let commune = commune_field("commune", &format!("{} ({})", request.commune, request.postal_code))
        .map_err(|e| FormErrors::one("etablissement", e.message))?;
    Ok(EstablishmentDraft {
        name: request.establishment_name.clone(),
        legal_name: request.establishment_name.clone(),
        is_public,
        street: String::new(),
        commune,
        identity: request.identity(),
    })
}

/// Accepts a waiting request: for the establishment chosen among those proposed, or for a new
/// one made of the request; then invites its contact as the establishment's recruiter (or,
/// when they already have a recruiter's account, gives it the establishment).
pub(super) async fn accept_team_request(
    State(state): State<AppState>, visitor: Visitor, PathId(id): PathId, CsrfForm(form): CsrfForm<DecisionForm>,
) -> Result<Response, Error> {
    let mut tx = state.db.begin().await?;
    let request = team_requests::find_confirmed(&mut tx, id)
        .await?
        .ok_or(Error::NotFound)?;
    let email = Email::parse("email", &request.contact_email).map_err(|_| Error::Internal("request e-mail"))?;
    let existing = users::find_by_email(&mut tx, &email).await?;
    let establishment = match acceptable(&mut tx, &request, existing.as_ref(), &form).await? {
        Ok(establishment) => establishment,
        Err((status, errors)) => {
            drop(tx);
            return refused(&state, &visitor, id, status, form, errors).await;
        }
    };
    let (establishment_id, created) = match establishment {
        Chosen::Registered(id) => (id, false),
        Chosen::New(draft) => {
            let new_id = establishments::create(&mut tx, &draft).await?;
            let detail = format!("depuis la demande de création de poste n° {id}");
            visitor
                .audit(&mut tx, "etablissement_cree", "etablissement", new_id, detail)
                .await?;
            (new_id, true)
        }
    };
    let told = let_contact_in(&mut tx, &state, &visitor, &email, existing, establishment_id).await?;
    let closing = Closing::Accepted(establishment_id);
    let by = visitor.actor().id.ok_or(Error::Forbidden)?;
    if !team_requests::close(&mut tx, id, closing, by, state.clock.now()).await? {
        // Another coordinator answered it meanwhile: nothing of this acceptance is kept.
        drop(tx);
        return refused(
            &state,
            &visitor,
            id,
            StatusCode::CONFLICT,
            form,
            answered_already("etablissement"),
        )
        .await;
    }
    let which = if created { "créé" } else { "existant" };
    let detail = format!("établissement {establishment_id} ({which}) ; {told}");
    visitor
        .audit(&mut tx, "demande_poste_acceptee", "demande_poste", id, detail)
        .await?;
    tx.commit().await?;
    state.mailer.wake.notify_one();
    Ok(Redirect::to(&format!("/demandes-de-poste/{id}")).into_response())
}

/// Invites the contact as the establishment's recruiter, or gives their recruiter's account
/// the establishment: what the audit log says of it.
async fn let_contact_in(
    conn: &mut sqlx::AnyConnection, state: &AppState, visitor: &Visitor, email: &Email,
    existing: Option<users::Credentials>, establishment_id: i64,
) -> Result<&'static str, Error> {
    let value = establishment_id.to_string();
    match existing {
        Some(account) => {
            let scope = Scope {
                kind: ScopeKind::Establishment,
                value,
            };
            users::add_scope(conn, account.user.id, &scope).await?;
            // No invitation to tell them: a mail says their account now opens the establishment.
            let body = format!(
                "Bonjour,\n\nLa coordination du programme a accepté votre demande de création de poste. Votre compte sur la plateforme donne désormais accès à cet établissement : connectez-vous pour ouvrir le projet de poste.\n\n{}/connexion",
                state.base_url
            );
            let accepted = mail::Written {
                kind: "demande_poste_acceptee",
                subject: "Votre demande de création de poste de médiateur de santé-pair est acceptée",
                body: &body,
                attachment: None,
                reply_to: Some(contact_email()),
            };
            mail::queue(conn, state.db.documents()?, email.as_str(), Concerns::NOBODY, &accepted).await?;
            Ok("compte existant : établissement ajouté, prévenu par e-mail")
        }
        None => {
            let grant = Grant {
                role: Role::Recruiter,
                scopes: vec![(ScopeKind::Establishment.as_str().to_string(), value)],
            };
            invite(
                conn,
                state.db.documents()?,
                &visitor.actor(),
                email,
                &grant,
                &state.base_url,
            )
            .await?;
            Ok("invitation envoyée")
        }
    }
}

/// Why a request cannot be accepted as the form says, if it cannot: closed already, its
/// contact holding another role's account, or the establishment chosen.
async fn acceptable(
    conn: &mut sqlx::AnyConnection, request: &TeamRequest, existing: Option<&users::Credentials>, form: &DecisionForm,
) -> Result<Result<Chosen, (StatusCode, FormErrors)>, Error> {
    if request.status() != TeamRequestStatus::Waiting {
        return Ok(Err((StatusCode::CONFLICT, answered_already("etablissement"))));
    }
    if existing.is_some_and(|account| account.user.role != Role::Recruiter) {
        let message = format!(
            "{} a déjà un compte sur la plateforme, avec un autre rôle que recruteur : répondez plutôt par écrit.",
            request.contact_email
        );
        return Ok(Err((StatusCode::CONFLICT, FormErrors::one("etablissement", message))));
    }
    chosen_establishment(conn, request, form).await
}

enum Chosen {
    Registered(i64),
    New(EstablishmentDraft),
}

/// The establishment the form chose: a registered one, or a new one whose SIRET and FINESS no
/// other has; or why not, with the status to answer.
async fn chosen_establishment(
    conn: &mut sqlx::AnyConnection, request: &TeamRequest, form: &DecisionForm,
) -> Result<Result<Chosen, (StatusCode, FormErrors)>, Error> {
    let invalid = |errors| Ok(Err((StatusCode::UNPROCESSABLE_ENTITY, errors)));
    if form.etablissement == "nouveau" {
        let draft = match new_establishment(request, &form.statut) {
            Ok(draft) => draft,
            Err(errors) => return invalid(errors),
        };
        if let Some((_, name)) = establishments::holder_of(conn, &draft.identity, None).await? {
            let message =
                format!("« {name} » a déjà ce SIRET ou ce FINESS : choisissez-le plutôt que d'en créer un autre.");
            return Ok(Err((StatusCode::CONFLICT, FormErrors::one("etablissement", message))));
        }
        return Ok(Ok(Chosen::New(draft)));
    }
    let registered = match form.etablissement.parse::<i64>() {
        Ok(id) => establishments::registered(conn, id).await?,
        Err(_) => None,
    };
    match registered {
        Some(establishment) => Ok(Ok(Chosen::Registered(establishment.id))),
        None => invalid(FormErrors::one(
            "etablissement",
            "Choisissez l'établissement de la demande, ou d'en créer un nouveau.",
        )),
    }
}

/// Answers a waiting request in writing: the text is mailed to its contact as written, and
/// the request is closed.
pub(super) async fn answer_team_request(
    State(state): State<AppState>, visitor: Visitor, PathId(id): PathId, CsrfForm(form): CsrfForm<DecisionForm>,
) -> Result<Response, Error> {
    let mut tx = state.db.begin().await?;
    let request = team_requests::find_confirmed(&mut tx, id)
        .await?
        .ok_or(Error::NotFound)?;
    if request.status() != TeamRequestStatus::Waiting {
        drop(tx);
        return refused(
            &state,
            &visitor,
            id,
            StatusCode::CONFLICT,
            form,
            answered_already("reponse"),
        )
        .await;
    }
    let reply = match check_text("reponse", &form.reponse, "votre réponse", true, ANSWER_MAX_CHARS) {
        Ok(reply) => reply,
        Err(error) => {
            drop(tx);
            let errors = FormErrors::one("reponse", error.message);
            return refused(&state, &visitor, id, StatusCode::UNPROCESSABLE_ENTITY, form, errors).await;
        }
    };
    let by = visitor.actor().id.ok_or(Error::Forbidden)?;
    if !team_requests::close(&mut tx, id, Closing::Answered(&reply), by, state.clock.now()).await? {
        drop(tx);
        return refused(
            &state,
            &visitor,
            id,
            StatusCode::CONFLICT,
            form,
            answered_already("reponse"),
        )
        .await;
    }
    let answer = mail::Written {
        kind: "reponse_demande_poste",
        subject: "Votre demande de création de poste de médiateur de santé-pair",
        body: &reply,
        attachment: None,
        reply_to: Some(contact_email()),
    };
    mail::queue(
        &mut tx,
        state.db.documents()?,
        &request.contact_email,
        Concerns::NOBODY,
        &answer,
    )
    .await?;
    visitor
        .audit(&mut tx, "demande_poste_repondue", "demande_poste", id, "")
        .await?;
    tx.commit().await?;
    state.mailer.wake.notify_one();
    Ok(Redirect::to(&format!("/demandes-de-poste/{id}")).into_response())
}
