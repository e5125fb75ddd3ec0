//! Merging two establishments that are one: the CCOMS chooses the one kept and the one merged,
//! reads what will move (a count per table), then confirms.

use super::*;
use crate::domain::establishment::Merge;

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub(super) struct MergeForm {
    garde: String,
    fusionne: String,
}

#[derive(askama::Template)]
#[template(path = "establishments/merge.html")]
pub(super) struct MergePage {
    layout: Layout,
    establishments: Vec<Establishment>,
    form: MergeForm,
    errors: FormErrors,
    /// Once both are chosen: the kept one, the merged one, and what names the merged one.
    preview: Option<Preview>,
}

pub(super) struct Preview {
    kept: Establishment,
    merged: Establishment,
    /// (what, how many), for the tables with rows to move.
    moves: Vec<(&'static str, i64)>,
}

/// What a table's rows are, for the preview.
fn rows_named(table: &str) -> &'static str {
    match table {
        "fiches" => "fiches de poste",
        "post_projects" => "projets de poste",
        "applications" => "candidatures",
        "mail_templates" => "modèles d'e-mail de décision",
        "msp_records" => "médiateurs embauchés",
        "funding_requests" => "demandes de financement",
        "subsidies" => "subventions",
        "team_requests" => "demandes de création de poste",
        "events" => "événements du journal",
        "webhook_endpoints" => "adresses de webhook",
        "user_scopes" => "comptes de recruteurs",
        "calendar_feeds" => "agendas partagés",
        "one_time_tokens" => "invitations en attente",
        _ => "autres lignes",
    }
}

async fn merge_page(
    conn: &mut sqlx::AnyConnection, visitor: &Visitor, form: MergeForm, check: bool,
) -> Result<(StatusCode, MergePage), Error> {
    let all = establishments::register(conn).await?;
    let ids: Vec<i64> = all.iter().map(|e| e.id).collect();
    let (status, errors, preview) = match (check, Merge::read(&form.garde, &form.fusionne, &ids)) {
        (false, _) => (StatusCode::OK, FormErrors::default(), None),
        (true, Err(errors)) => (StatusCode::UNPROCESSABLE_ENTITY, errors, None),
        (true, Ok(merge)) => {
            let moves = establishments::merge_counts(conn, merge.merged)
                .await?
                .into_iter()
                .filter(|(_, n)| *n > 0)
                .map(|(table, n)| (rows_named(table), n))
                .collect();
            let find = |id| all.iter().find(|e| e.id == id).cloned().ok_or(Error::NotFound);
            let preview = Preview {
                kept: find(merge.kept)?,
                merged: find(merge.merged)?,
                moves,
            };
            (StatusCode::OK, FormErrors::default(), Some(preview))
        }
    };
    let page = MergePage {
        layout: Layout::of(visitor),
        establishments: all,
        form,
        errors,
        preview,
    };
    Ok((status, page))
}

/// The choice, then, once both are chosen, what will move: nothing changes until confirmed.
pub(super) async fn preview_merge(
    State(state): State<AppState>, visitor: Visitor, Query(form): Query<MergeForm>,
) -> Result<Response, Error> {
    let mut conn = state.db.pool.acquire().await?;
    let chosen = !form.garde.is_empty() || !form.fusionne.is_empty();
    let (status, page) = merge_page(&mut conn, &visitor, form, chosen).await?;
    render_as(status, &page)
}

/// Moves everything that names the merged establishment to the kept one, deletes the merged
/// one, and writes the audit row, in one transaction.
pub(super) async fn merge_establishments(
    State(state): State<AppState>, visitor: Visitor, CsrfForm(form): CsrfForm<MergeForm>,
) -> Result<Response, Error> {
    let mut tx = state.db.begin().await?;
    let ids: Vec<i64> = establishments::register(&mut tx).await?.iter().map(|e| e.id).collect();
    let merge = match Merge::read(&form.garde, &form.fusionne, &ids) {
        Ok(merge) => merge,
        Err(_) => {
            drop(tx);
            let mut conn = state.db.pool.acquire().await?;
            let (status, page) = merge_page(&mut conn, &visitor, form, true).await?;
            return render_as(status, &page);
        }
    };
    let merged = establishments::registered(&mut tx, merge.merged)
        .await?
        .ok_or(Error::NotFound)?;
    let moved: Vec<String> = establishments::merge_counts(&mut tx, merge.merged)
        .await?
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .map(|(table, n)| format!("{table} {n}"))
        .collect();
    if !establishments::merge(&mut tx, merge).await? {
        return Err(Error::NotFound);
    }
    let detail = format!(
        "établissement {} « {} » fusionné dans {} ; lignes déplacées : {}",
        merge.merged,
        merged.name,
        merge.kept,
        if moved.is_empty() {
            "aucune".to_string()
        } else {
            moved.join(", ")
        }
    );
    visitor
        .audit(&mut tx, "etablissements_fusionnes", "etablissement", merge.kept, detail)
        .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/etablissements/{}/modifier?fait=fusion", merge.kept)).into_response())
}
