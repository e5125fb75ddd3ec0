//! The fiche's page.

use super::*;
use crate::domain::fiche::form::step_of;

/// Sections a coordinator can comment on, with their editor step.
pub(super) const SECTIONS: [(&str, &str, u8); 7] = [
    ("poste", "Le poste", 1),
    ("service", "Le service", 2),
    ("missions", "Missions", 3),
    ("competences", "Compétences", 4),
    ("formation", "Diplôme et formation", 5),
    ("candidature", "Candidature", 6),
    ("general", "Remarque générale", 1),
];

pub(super) fn section_label(code: &str) -> &'static str {
    SECTIONS
        .iter()
        .find(|(c, _, _)| *c == code)
        .map_or("Remarque générale", |(_, label, _)| label)
}

#[derive(askama::Template)]
#[template(path = "fiches/show.html")]
pub(super) struct FichePage {
    layout: Layout,
    fiche: WorkFiche,
    comments: Vec<Comment>,
    versions: Vec<Version>,
    may_write: bool,
    may_review: bool,
    errors: FormErrors,
    notice: Option<&'static str>,
    sections: [(&'static str, &'static str, u8); 7],
    public_employer: bool,
    warnings: Vec<ShownWarning>,
    /// Where the deadline or the start date contradicts the cohort of the fiche's licence.
    calendar: Vec<String>,
    /// The warning whose acceptance was sent without a reason.
    pub(super) reason_error_for: Option<String>,
    rule: &'static str,
}

impl FichePage {
    fn section_label(&self, code: &str) -> &'static str {
        section_label(code)
    }

    fn editable(&self) -> bool {
        self.may_write && self.fiche.offer.status.apply(FicheAction::Edit).is_ok()
    }

    fn may_end(&self) -> bool {
        self.fiche.offer.status.apply(FicheAction::Withdraw).is_ok()
    }

    fn published(&self) -> bool {
        self.fiche.offer.status == FicheStatus::Publiee
    }

    /// Where an error of this page leads: a check of the fiche to its field in the editor, a
    /// field of the comment form to itself; a conflict has no field to show.
    fn error_href(&self, field: &str) -> Option<String> {
        match field {
            "version" | "etat" | "decision" | "fin" => None,
            "avertissements" => Some("#avertissements".into()),
            "raison" => self.reason_error_for.as_ref().map(|f| format!("#champ-raison-{f}")),
            "section" | "commentaire" => Some(format!("#champ-{field}")),
            _ => Some(format!(
                "/fiches/{}/modifier?etape={}&verifier=1#champ-{field}",
                self.fiche.offer.id,
                step_of(field)
            )),
        }
    }

    /// The error next to this warning's reason, if its acceptance was refused.
    fn reason_error(&self, fingerprint: &str) -> Option<&str> {
        match &self.reason_error_for {
            Some(f) if f == fingerprint => self.errors.get("raison"),
            _ => None,
        }
    }

    /// The publication warning when « En bref » is empty (issue 23): the page says it, the
    /// submission and the publication go on.
    fn brief_warning(&self) -> Option<&'static str> {
        crate::domain::fiche::brief::missing_warning(&self.fiche.offer.content)
    }

    fn version_date(&self, version: &Version) -> String {
        french_date(crate::domain::calendar::in_paris(version.at).date())
    }
}

pub(super) async fn fiche_page(
    state: &AppState, visitor: &Visitor, fiche: WorkFiche, errors: FormErrors, notice: Option<&'static str>,
) -> Result<FichePage, Error> {
    let user = visitor.signed_in_user()?;
    let mut conn = state.db.pool.acquire().await?;
    let comments = fiches::comments(&mut conn, fiche.offer.id).await?;
    let versions = fiches::versions(&mut conn, fiche.offer.id).await?;
    let warnings = shown_warnings(&mut conn, &fiche).await?;
    drop(conn);
    let calendar = calendar_warnings(state, &fiche).await?;
    Ok(FichePage {
        layout: Layout::of(visitor),
        public_employer: fiche.offer.employer.is_public,
        fiche,
        comments,
        versions,
        may_write: permits(user.role, Action::WriteFiches),
        may_review: permits(user.role, Action::ReviewFiches),
        errors,
        notice,
        sections: SECTIONS,
        warnings,
        calendar,
        reason_error_for: None,
        rule: crate::domain::fiche::requirements::RULE,
    })
}

pub(super) async fn show_fiche(
    State(state): State<AppState>, visitor: Visitor, InScope(fiche): InScope<WorkFiche>, Query(query): Query<StepQuery>,
) -> Result<Html<String>, Error> {
    let notice = query.enregistre.is_some().then_some("Brouillon enregistré.");
    render(&fiche_page(&state, &visitor, fiche, FormErrors::default(), notice).await?)
}

pub(super) async fn refuse(
    state: &AppState, visitor: &Visitor, fiche: WorkFiche, status: StatusCode, errors: FormErrors,
) -> Result<Response, Error> {
    let page = fiche_page(state, visitor, fiche, errors, None).await?;
    render_as(status, &page)
}

pub(super) fn conflict() -> FormErrors {
    FormErrors::one(
        "version",
        "La fiche a été modifiée entre-temps par quelqu'un d'autre : voici son état actuel. Recommencez si besoin.",
    )
}

pub(super) fn illegal(message: String) -> FormErrors {
    FormErrors::one("etat", message)
}
