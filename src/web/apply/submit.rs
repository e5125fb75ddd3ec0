//! Sending the form: the application is stored with its documents and its follow link is
//! mailed in one transaction; a refused form comes back with the good files kept.

use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use sqlx::AnyConnection;

use super::pieces::{Pieces, Sender};
use super::submission::read_submission;
use super::{
    ApplyPage, FormState, candidate_email, candidate_id, closed_page, elsewhere_page, open_offer, stored_documents,
};
use crate::db::applications::{self, Inserted, NewApplication};
use crate::db::candidate_documents;
use crate::db::outbox::Concerns;
use crate::domain::application::Applicant;
use crate::domain::event::{Event, EventKind};
use crate::domain::fiche::Offer;
use crate::domain::role::Role;
use crate::mail::{ApplicationReceived, queue};
use crate::notify;
use crate::secrets::{random_token, token_hash};
use crate::web::auth::Visitor;
use crate::web::pages::PRIVACY_NOTICE_VERSION;
use crate::web::views::{FormErrors, Layout, MessagePage, render, render_as};
use crate::web::{AppState, Error};

pub(super) async fn apply(
    State(state): State<AppState>, visitor: Visitor, Path(slug): Path<String>, multipart: Multipart,
) -> Result<Response, Error> {
    // The form's token has been checked before any file was received (see `web::csrf`).
    let _upload = state.uploads.take(&visitor.ip).await?;
    let submission = read_submission(multipart).await?;
    let offer = open_offer(&state, &slug).await?;
    let mut input = submission.input;
    if let Some(email) = candidate_email(&visitor) {
        input.email = email;
    }
    let submission_key = submission.submission_key;
    // A second click on "Envoyer" after the first succeeded: the same confirmation.
    {
        let mut conn = state.db.pool.acquire().await?;
        if applications::find_by_submission_key(&mut conn, &submission_key)
            .await?
            .is_some()
        {
            return confirmation(&visitor, &offer);
        }
    }
    if !offer.is_open(state.clock.today()) {
        return Ok(closed_page(&visitor));
    }
    if !offer.content.apply_on_platform {
        return Ok(elsewhere_page(&visitor, &offer));
    }
    let mut errors = FormErrors::default();
    let applicant = input.parse().map_err(|list| errors.list.extend(list)).ok();
    let sender = Sender {
        candidate: candidate_id(&visitor),
        choices: &submission.choices,
    };
    let pieces = Pieces::gather(&state, submission.pieces, &submission.files, sender, &mut errors).await?;
    let Some(applicant) = applicant.filter(|_| errors.is_empty()) else {
        let kept = pieces.keep(&state).await?;
        let form = FormState {
            input,
            errors,
            submission_key,
            pieces: pieces.token,
            kept,
            stored: stored_documents(&state, &visitor).await?,
            choices: submission.choices,
        };
        let page = ApplyPage::new(&visitor, offer, form);
        return render_as(StatusCode::UNPROCESSABLE_ENTITY, &page);
    };
    let follow_token = random_token();
    let mut tx = state.db.begin().await?;
    let follow_token_hash = token_hash(&follow_token);
    let new = new_application(&visitor, &offer, &applicant, &follow_token_hash, &submission_key);
    if let Inserted::New(id) = applications::record_submission(&mut tx, new, pieces.documents(), &pieces.hash).await? {
        if let Some(user) = candidate_id(&visitor) {
            for (name, document) in pieces.to_keep() {
                // The room was checked with the form; an upload meanwhile that took the last
                // place leaves this one out of « Mes documents », never the application.
                candidate_documents::insert(&mut tx, user, name, document).await?;
            }
        }
        let follow_url = format!("{}/suivi/{follow_token}", state.base_url);
        queue_follow_link(&mut tx, &state, id, &offer, &applicant, &follow_url).await?;
        let received = Event::of_offer(
            EventKind::ApplicationReceived,
            id,
            &offer,
            format!("/candidatures/{id}"),
        );
        notify::record(&mut tx, &state.notifier()?, received, None).await?;
    }
    tx.commit().await?;
    state.mailer.wake.notify_one();
    confirmation(&visitor, &offer)
}

/// The application to store: joined to the signed-in candidate's account, its address taken as
/// verified when they signed in with this very address (signing in required it verified).
fn new_application<'a>(
    visitor: &Visitor, offer: &Offer, applicant: &'a Applicant, follow_token_hash: &'a str, submission_key: &'a str,
) -> NewApplication<'a> {
    let candidate = visitor.user().filter(|u| u.role == Role::Candidate);
    NewApplication {
        fiche_id: offer.id,
        establishment_id: offer.employer.id,
        candidate_id: candidate.map(|u| u.id),
        applicant,
        consent_version: PRIVACY_NOTICE_VERSION,
        follow_token_hash,
        submission_key,
        email_verified: visitor
            .user()
            .is_some_and(|u| u.email_verified && u.email == applicant.email.as_str()),
    }
}

/// The mail that confirms the application and gives its private follow link.
async fn queue_follow_link(
    tx: &mut AnyConnection, state: &AppState, id: i64, offer: &Offer, applicant: &Applicant, follow_url: &str,
) -> Result<(), Error> {
    let received = ApplicationReceived {
        title: &offer.content.title,
        at_employer: &offer.employer.a_name(),
        link: follow_url,
    };
    queue(
        tx,
        state.db.documents()?,
        applicant.email.as_str(),
        Concerns::application(id),
        &received,
    )
    .await?;
    Ok(())
}

/// The confirmation, shown once the application is committed (or was, at a first click).
fn confirmation(visitor: &Visitor, offer: &Offer) -> Result<Response, Error> {
    let sent = format!(
        "Votre candidature au poste « {} » {} est enregistrée. Un e-mail de confirmation vous a été envoyé, avec un lien pour la suivre.",
        offer.content.title,
        offer.employer.a_name()
    );
    let page = MessagePage::new(Layout::of(visitor), "Candidature envoyée", &[&sent]).success();
    let page = if candidate_email(visitor).is_some() {
        page.link("Suivre mes candidatures", "/mes-candidatures")
    } else {
        page.link("Voir d'autres offres", "/offres")
    };
    Ok(render(&page)?.into_response())
}
