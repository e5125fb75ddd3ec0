//! Download and erasure.

use super::*;

/// One application's data as JSON, and its documents (opened) as files.
pub(super) async fn application_files(
    state: &AppState, application: &Application, folder: &str,
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

pub(super) fn zip_response(name: &str, files: Vec<(String, Vec<u8>)>) -> Result<Response, Error> {
    let bytes = crate::export::zip::archive(&files).map_err(|_| Error::Internal("archive impossible"))?;
    Ok(attachment("application/zip", name, true, bytes))
}

pub(super) fn pretty(value: &serde_json::Value) -> Vec<u8> {
    serde_json::to_vec_pretty(value).unwrap_or_default()
}

pub(super) async fn download_linked_data(State(state): State<AppState>, key: Key) -> Result<Response, Error> {
    let application = load(&state, &key).await?;
    let (data, mut files) = application_files(&state, &application, "").await?;
    files.insert(0, ("candidature.json".into(), pretty(&data)));
    zip_response("mes-donnees-msp.zip", files)
}

/// Everything the platform holds about the signed-in candidate.
pub(super) async fn download_account_data(
    State(state): State<AppState>, CurrentUser(user): CurrentUser,
) -> Result<Response, Error> {
    let mut conn = state.db.pool.acquire().await?;
    let list = applications::list_for_candidate(&mut conn, user.id, &user.email).await?;
    let pool = pool_data(&mut conn, user.id).await?;
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
        "vivier": pool,
    });
    files.insert(0, ("compte.json".into(), pretty(&account)));
    zip_response("mes-donnees-msp.zip", files)
}

/// The candidate's talent pool profile and invitations, as stored; `null` outside the pool.
async fn pool_data(conn: &mut sqlx::AnyConnection, user_id: i64) -> Result<serde_json::Value, Error> {
    use crate::db::{pool_invitations, talent_pool};
    let Some(member) = talent_pool::find_by_user(conn, user_id).await? else {
        return Ok(serde_json::Value::Null);
    };
    let p = &member.profile;
    let invitations = pool_invitations::for_member(conn, member.id).await?;
    Ok(json!({
        "consentement": { "date": member.consent_at, "version": member.consent_version },
        "derniere_action": member.last_action_at,
        "prenom_ou_pseudonyme": p.shown_name,
        "zones": p.areas.iter().map(|a| a.label()).collect::<Vec<_>>(),
        "disponible_le": p.available_from.map(|d| d.to_string()),
        "temps_de_travail": p.working_time.label(),
        "formations": p.training.iter().map(|t| t.label()).collect::<Vec<_>>(),
        "autre_formation": p.training_other,
        "presentation": p.presentation,
        "montre": { "zones": p.shown.areas, "disponibilite": p.shown.availability,
            "formation": p.shown.training, "presentation": p.shown.presentation },
        "invitations": invitations.iter().map(|i| json!({
            "offre": i.title, "etablissement": i.establishment_name, "date": i.created_at,
            "reponse": i.answer().map(|a| a.label()),
        })).collect::<Vec<_>>(),
    }))
}

/// Deletes the candidate's account and erases the data of all their applications.
pub(super) async fn erase_account(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(user): CurrentUser,
    CsrfForm(form): CsrfForm<VersionForm>,
) -> Result<Response, Error> {
    if form.confirmer != "oui" {
        let message = MessagePage::new(
            Layout::of(&visitor),
            "Rien n'a été effacé",
            &["Pour effacer votre compte, cochez la case de confirmation."],
        )
        .link("Revenir à mes candidatures", "/mes-candidatures");
        return render_as(StatusCode::UNPROCESSABLE_ENTITY, &message);
    }
    let email = Email::parse("email", &user.email).map_err(Error::BadRequest)?;
    let mut tx = state.db.begin().await?;
    let ids = applications::ids_for_candidate(&mut tx, user.id, &email).await?;
    for id in &ids {
        applications::withdraw_if_open(&mut tx, *id).await?;
        applications::erase(&mut tx, *id).await?;
    }
    applications::count_erased(&mut tx, "compte_efface", 1).await?;
    visitor
        .audit(
            &mut tx,
            "compte_efface",
            "compte",
            user.id,
            crate::domain::french::count_f(ids.len(), "candidature effacée", "candidatures effacées"),
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
