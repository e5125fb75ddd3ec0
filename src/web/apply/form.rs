//! The application form, filled in for a signed-in candidate.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};

use super::{ApplyPage, FormState, candidate_email, closed_page, elsewhere_page, open_offer, stored_documents};
use crate::domain::application::ApplicantInput;
use crate::domain::role::Role;
use crate::secrets::random_token;
use crate::web::auth::Visitor;
use crate::web::views::{FormErrors, render};
use crate::web::{AppState, Error};

pub(super) async fn show_form(
    State(state): State<AppState>, visitor: Visitor, Path(slug): Path<String>,
) -> Result<Response, Error> {
    let offer = open_offer(&state, &slug).await?;
    if !offer.is_open(state.clock.today()) {
        return Ok(closed_page(&visitor));
    }
    if !offer.content.apply_on_platform {
        return Ok(elsewhere_page(&visitor, &offer));
    }
    let input = ApplicantInput {
        email: candidate_email(&visitor).unwrap_or_default(),
        nom: visitor
            .user()
            .filter(|u| u.role == Role::Candidate)
            .map(|u| u.display_name.clone())
            .unwrap_or_default(),
        ..ApplicantInput::default()
    };
    let form = FormState {
        input,
        errors: FormErrors::default(),
        submission_key: random_token(),
        pieces: String::new(),
        kept: Vec::new(),
        stored: stored_documents(&state, &visitor).await?,
        choices: Default::default(),
    };
    Ok(render(&ApplyPage::new(&visitor, offer, form))?.into_response())
}
