//! Decisions on several applications at once (issue 22): the recruiter first sees who will be
//! told what — the recipients, the message, the reason — and confirms; only then does each
//! application move and each candidate get their message.

use super::*;
use crate::web::pipeline::board::{apply_move, pipeline_page};

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct BulkForm {
    ids: Vec<i64>,
    etat: String,
    /// The decision's reason, kept in each application's history for the team.
    motif: String,
    /// "oui" once the recruiter has seen the preview.
    confirmer: String,
}

#[derive(askama::Template)]
#[template(path = "applications/bulk_preview.html")]
pub(super) struct BulkPreview {
    layout: Layout,
    fiche_id: i64,
    fiche_title: String,
    to: ApplicationStatus,
    /// The applications that will move, by name.
    recipients: Vec<(i64, String)>,
    /// Those that cannot, and why.
    left_out: Vec<(String, String)>,
    mail: MailTemplate,
    motif: String,
}

/// Several applications moved at once, each with its own decision e-mail from the template,
/// after a preview the recruiter confirms; those that cannot move are named, the others move.
pub(super) async fn decide_in_bulk(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(user): CurrentUser, PathId(id): PathId,
    CsrfForm(form): CsrfForm<BulkForm>,
) -> Result<Response, Error> {
    let mut errors = FormErrors::default();
    let to = ApplicationStatus::parse(&form.etat).filter(|to| to.template().is_some());
    if to.is_none() {
        errors.add("etat", "Choisissez la décision à appliquer.");
    }
    if form.ids.is_empty() {
        errors.add("ids", "Cochez au moins une candidature.");
    }
    if to == Some(ApplicationStatus::NonRetenue) && form.motif.trim().is_empty() {
        errors.add(
            "motif",
            "Indiquez le motif de la décision : il reste dans l'historique, pour l'équipe seulement.",
        );
    }
    let Some(to) = to.filter(|_| errors.is_empty()) else {
        let mut page = pipeline_page(&state, &visitor, id, errors, None).await?;
        page.typed = (form.ids.clone(), form.etat.clone(), form.motif.clone());
        return render_as(StatusCode::UNPROCESSABLE_ENTITY, &page);
    };
    let mut tx = state.db.begin().await?;
    let mut chosen = Vec::new();
    for application_id in &form.ids {
        let found = applications::find_in_scope(&mut tx, *application_id, &establishment_scope(&user)).await?;
        chosen.extend(found.filter(|a| a.fiche_id == id));
    }
    let Some(first) = chosen.first() else {
        drop(tx);
        let errors = FormErrors::one("ids", "Cochez au moins une candidature de cette offre.");
        let page = pipeline_page(&state, &visitor, id, errors, None).await?;
        return render_as(StatusCode::UNPROCESSABLE_ENTITY, &page);
    };
    let kind = to.template().unwrap_or(TemplateKind::NonRetenue);
    let template = applications::template(&mut tx, first.establishment_id, kind).await?;
    if form.confirmer != "oui" {
        let preview = preview(&mut tx, &visitor, id, to, &chosen, template, form.motif.trim()).await?;
        tx.commit().await?;
        return Ok(render(&preview)?.into_response());
    }
    let (mut moved, notifier) = (0, state.notifier()?);
    for application in &chosen {
        let reason = form.motif.trim();
        let version = application.version;
        match apply_move(
            &mut tx,
            &notifier,
            &visitor,
            application,
            version,
            to,
            reason,
            &template,
        )
        .await?
        {
            Ok(()) => moved += 1,
            Err(message) => errors.list.push(crate::domain::FieldError::new(
                "ids",
                format!("{} : {message}", application.full_name),
            )),
        }
    }
    tx.commit().await?;
    state.mailer.wake.notify_one();
    let notice = Some(match moved {
        0 => "Aucune candidature n'a changé.".to_string(),
        1 => format!("1 candidature passée à « {} », message envoyé.", to.label()),
        n => format!(
            "{n} candidatures passées à « {} », un message envoyé à chacune.",
            to.label()
        ),
    });
    let page = pipeline_page(&state, &visitor, id, errors, notice).await?;
    Ok(render(&page)?.into_response())
}

/// The page that shows who will be told what, before anything is sent; its read of the
/// candidates' names is audited like the pipeline's.
async fn preview(
    conn: &mut sqlx::AnyConnection, visitor: &Visitor, fiche_id: i64, to: ApplicationStatus, chosen: &[Application],
    mail: MailTemplate, motif: &str,
) -> Result<BulkPreview, Error> {
    let (mut recipients, mut left_out) = (Vec::new(), Vec::new());
    for application in chosen {
        let name = if application.purged {
            format!("Candidature n° {}", application.id)
        } else {
            application.full_name.clone()
        };
        match application.status.move_to(to) {
            Ok(_) if !application.purged => recipients.push((application.id, name)),
            Ok(_) => left_out.push((name, "ses données ont été effacées".to_string())),
            Err(message) => left_out.push((name, message)),
        }
    }
    let detail = crate::domain::french::count_f(recipients.len(), "candidature", "candidatures");
    visitor
        .audit(conn, "lecture_candidatures", "fiche", fiche_id, detail)
        .await?;
    Ok(BulkPreview {
        layout: Layout::of(visitor),
        fiche_id,
        fiche_title: chosen.first().map(|a| a.fiche_title.clone()).unwrap_or_default(),
        to,
        recipients,
        left_out,
        mail,
        motif: motif.to_string(),
    })
}
