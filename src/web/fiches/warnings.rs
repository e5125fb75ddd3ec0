//! The requirement warnings of a fiche (issue 21): the recruiter sees them on the fiche's page
//! and at the editor's last step; the CCOMS publishes only once each is fixed or accepted with
//! a reason, and an acceptance holds for the warned text only.

use super::*;
use crate::db::fiches::Acceptance;
use crate::domain::fiche::requirements::{self, Warning};

/// A warning and, once the CCOMS accepted it, by whom and why.
pub(super) struct ShownWarning {
    pub warning: Warning,
    pub accepted: Option<Acceptance>,
}

/// The fiche's warnings as its text reads now, each with its acceptance if any.
pub(super) async fn shown_warnings(conn: &mut AnyConnection, fiche: &WorkFiche) -> Result<Vec<ShownWarning>, Error> {
    let mut accepted = fiches::acceptances(conn, fiche.offer.id).await?;
    Ok(requirements::warnings(&fiche.offer.content)
        .into_iter()
        .map(|warning| {
            let found = accepted.iter().position(|a| a.fingerprint == warning.fingerprint);
            ShownWarning {
                accepted: found.map(|i| accepted.swap_remove(i)),
                warning,
            }
        })
        .collect())
}

/// What stops publication: each warning neither fixed nor accepted.
pub(super) async fn open_warnings(state: &AppState, fiche: &WorkFiche) -> Result<Vec<FieldError>, Error> {
    let mut conn = state.db.pool.acquire().await?;
    Ok(shown_warnings(&mut conn, fiche)
        .await?
        .into_iter()
        .filter(|shown| shown.accepted.is_none())
        .map(|shown| {
            let w = shown.warning;
            FieldError::new(
                "avertissements",
                format!(
                    "Avant de publier, faites corriger ou acceptez l'avertissement : « {} » ({}) exige {}.",
                    w.text,
                    w.field_label(),
                    w.family.label()
                ),
            )
        })
        .collect())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct AcceptForm {
    empreinte: String,
    raison: String,
}

/// The CCOMS accepts one warning, with a reason, for the text as it reads now.
pub(super) async fn accept_warning(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(ref user): CurrentUser,
    InScope(fiche): InScope<WorkFiche>, CsrfForm(form): CsrfForm<AcceptForm>,
) -> Result<Response, Error> {
    let warned = requirements::warnings(&fiche.offer.content);
    let Some(warning) = warned.iter().find(|w| w.fingerprint == form.empreinte) else {
        let errors = FormErrors::one(
            "avertissements",
            "Ce texte a changé entre-temps : voici les avertissements de la fiche telle qu'elle est maintenant.",
        );
        return refuse(&state, &visitor, fiche, StatusCode::CONFLICT, errors).await;
    };
    let label = "la raison pour laquelle vous acceptez cette exigence";
    let reason = match check_text("raison", &form.raison, label, true, 1000) {
        Ok(reason) => reason,
        Err(error) => {
            let mut page = fiche_page(&state, &visitor, fiche, FormErrors { list: vec![error] }, None).await?;
            page.reason_error_for = Some(form.empreinte);
            return render_as(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    let mut tx = state.db.begin().await?;
    let id = fiche.offer.id;
    if fiches::accept_warning(
        &mut tx,
        id,
        &warning.fingerprint,
        &reason,
        (user.id, &user.display_name),
    )
    .await?
    {
        visitor
            .audit(&mut tx, "avertissement_accepte", "fiche", id, warning.field)
            .await?;
    }
    tx.commit().await?;
    Ok(Redirect::to(&format!("/fiches/{id}#avertissements")).into_response())
}
