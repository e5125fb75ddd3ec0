//! Evaluation grids.

use super::*;

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct EvaluationForm {
    techniques: String,
    experientielles: String,
    organisationnelles: String,
    adaptation: String,
    commentaire: String,
    recommandation: String,
}

impl EvaluationForm {
    fn rating(&self, group: &str) -> &str {
        match group {
            "techniques" => &self.techniques,
            "experientielles" => &self.experientielles,
            "organisationnelles" => &self.organisationnelles,
            _ => &self.adaptation,
        }
    }
}

/// A panel member's grid, once; they then see the others'.
pub(super) async fn evaluate(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(user): CurrentUser, PathId(id): PathId,
    CsrfForm(form): CsrfForm<EvaluationForm>,
) -> Result<Response, Error> {
    let (interview, application) = interview_in_scope(&state, &user, id).await?;
    let mut conn = state.db.pool.acquire().await?;
    let panel = interviews::panel(&mut conn, interview.id).await?;
    if !panel.iter().any(|m| m.id == user.id) {
        return Err(Error::Forbidden);
    }
    let mut errors = Vec::new();
    let mut ratings = Vec::new();
    for (group, label) in COMPETENCE_GROUPS {
        let value = form.rating(group);
        if RATINGS.iter().any(|(code, _)| *code == value) {
            ratings.push((group.to_string(), value.to_string()));
        } else {
            errors.push(FieldError::new(
                group,
                format!("{label} : choisissez une appréciation."),
            ));
        }
    }
    let recommendation = Recommendation::parse(&form.recommandation);
    if recommendation.is_none() {
        errors.push(FieldError::new("recommandation", "Choisissez votre recommandation."));
    }
    if form.commentaire.chars().count() > 3000 {
        errors.push(FieldError::new("commentaire", "3 000 caractères au plus."));
    }
    let Some(recommendation) = recommendation.filter(|_| errors.is_empty()) else {
        drop(conn);
        return refuse(&state, &visitor, application.id, errors, None).await;
    };
    interviews::submit_evaluation(
        &mut conn,
        interview.id,
        (user.id, &user.display_name),
        &ratings,
        form.commentaire.trim(),
        recommendation.as_str(),
    )
    .await?;
    Ok(Redirect::to(&format!("/candidatures/{}#evaluations", application.id)).into_response())
}
