//! A hire without an interview held and evaluated: the team asks the CCOMS, which is told at
//! once; the CCOMS grants it with a reason. Both are in the application's history or the audit
//! log; the mail says only which application and which offer.

use super::*;
use crate::domain::event::{Event as Told, EventKind};

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct ExceptionForm {
    raison: String,
}

/// The reason typed, or the page again with its message and what was typed.
async fn read_reason<'a>(
    state: &AppState, visitor: &Visitor, id: i64, form: &'a ExceptionForm,
) -> Result<Result<&'a str, Response>, Error> {
    let reason = form.raison.trim();
    if !reason.is_empty() && reason.chars().count() <= 2000 {
        return Ok(Ok(reason));
    }
    let errors = FormErrors::one(
        "raison",
        "Écrivez la raison de la dérogation, en 2 000 caractères au plus.",
    );
    let mut page = application_page(state, visitor, id, errors, None).await?;
    page.hiring.reason = form.raison.clone();
    Ok(Err(render_as(StatusCode::UNPROCESSABLE_ENTITY, &page)?))
}

/// The CCOMS lets a hire through without an interview held and evaluated, for a reason it
/// writes; recorded once, and audited.
pub(super) async fn grant_hire_exception(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(user): CurrentUser, PathId(id): PathId,
    CsrfForm(form): CsrfForm<ExceptionForm>,
) -> Result<Response, Error> {
    let reason = match read_reason(&state, &visitor, id, &form).await? {
        Ok(reason) => reason,
        Err(page) => return Ok(page),
    };
    let mut tx = state.db.begin().await?;
    let application = application_in_scope(&mut tx, &user, id).await?;
    if applications::record_hire_exception(&mut tx, application.id, reason, (user.id, &user.display_name)).await? {
        visitor
            .audit(
                &mut tx,
                "derogation_embauche",
                "candidature",
                application.id,
                reason.to_string(),
            )
            .await?;
    }
    tx.commit().await?;
    Ok(Redirect::to(&format!("/candidatures/{}#embauche-titre", application.id)).into_response())
}

/// The team asks the CCOMS for an exception, saying why: the reason goes into the application's
/// history, which only its readers see; every coordinator is told at once.
pub(super) async fn ask_hire_exception(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(user): CurrentUser, PathId(id): PathId,
    CsrfForm(form): CsrfForm<ExceptionForm>,
) -> Result<Response, Error> {
    let reason = match read_reason(&state, &visitor, id, &form).await? {
        Ok(reason) => reason,
        Err(page) => return Ok(page),
    };
    let mut tx = state.db.begin().await?;
    let application = application_in_scope(&mut tx, &user, id).await?;
    let asked = format!("Demande de dérogation au CCOMS : {reason}");
    let entry = NewEvent {
        actor_id: Some(user.id),
        actor_name: &user.display_name,
        from: None,
        to: None,
        reason: &asked,
        mail: None,
    };
    applications::add_event(&mut tx, application.id, entry).await?;
    visitor
        .audit(
            &mut tx,
            "derogation_demandee",
            "candidature",
            application.id,
            String::new(),
        )
        .await?;
    let told = Told::of_application(
        EventKind::HireExceptionAsked,
        application.id,
        &application.fiche_title,
        application.fiche_id,
        (application.establishment_id, &application.establishment_name),
    );
    crate::notify::record(&mut tx, &state.notifier()?, told, Some(user.id)).await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/candidatures/{}#embauche-titre", application.id)).into_response())
}
