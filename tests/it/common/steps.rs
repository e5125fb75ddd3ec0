//! The steps every story takes the same way, as the pages' forms send them: signing up, logging
//! in, opening a project, moving an application.

use super::*;

impl Browser {
    /// Signs up through the sign-up form.
    pub async fn sign_up(&self, name: &str, email: &str, password: &str) -> reqwest::Response {
        self.post(
            "/inscription",
            &[("name", name), ("email", email), ("password", password)],
        )
        .await
    }

    /// Logs in through the login form (the second factor, if any, comes next).
    pub async fn log_in(&self, email: &str, password: &str) -> reqwest::Response {
        self.post("/connexion", &[("email", email), ("password", password)])
            .await
    }

    /// Logs in through the login form of a page that asked to come back to `next` afterwards.
    pub async fn log_in_then(&self, email: &str, password: &str, next: &str) -> reqwest::Response {
        let fields = [("email", email), ("password", password), ("suivant", next)];
        self.post("/connexion", &fields).await
    }

    /// Opens a project for the establishment through the new project form, for a post of this
    /// working time ("temps_plein", "mi_temps") and training track ("bobigny", "bordeaux");
    /// returns the project's path.
    pub async fn open_project(&self, employer: &Employer, quotite: &str, track: &str) -> String {
        let response = self
            .post("/projets/nouveau", &pairs(&project_form(employer, quotite, track)))
            .await;
        assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
        location(&response)
    }

    /// The recruiter reads each step of the fiche's editor (`/fiches/{id}`) and ticks "J'ai
    /// vérifié ce champ" under every field marked "À vérifier", then saves the step as it is.
    pub async fn confirm_fiche(&self, fiche: &str) {
        for step in 1..=6 {
            let (_, page) = self.page(&format!("{fiche}/modifier?etape={step}")).await;
            let flagged = flagged_fields(&page);
            if flagged.is_empty() {
                continue;
            }
            let mut fields = form_fields(&page, &format!("{fiche}/modifier"));
            fields.extend(flagged.into_iter().map(|field| ("verifie".to_string(), field)));
            fields.push(("suite".into(), "rester".into()));
            let response = self.post(&format!("{fiche}/modifier"), &pairs_of(&fields)).await;
            assert_eq!(
                response.status(),
                303,
                "step {step}: {}",
                response.text().await.unwrap()
            );
        }
    }

    /// The recruiter moves an application from its page's form, with the message the candidate
    /// receives (`{nom}` and `{offre}` filled in).
    pub async fn move_application(&self, id: i64, to: &str, subject: &str, body: &str) -> reqwest::Response {
        let (_, page) = self.page(&format!("/candidatures/{id}")).await;
        let version = hidden_value(&page, "version");
        let fields = [
            ("version", version.as_str()),
            ("etat", to),
            ("motif", ""),
            ("objet", subject),
            ("corps", body),
        ];
        self.post(&format!("/candidatures/{id}/etat"), &fields).await
    }
}

/// The new project form as a recruiter fills it for their establishment: a post in a
/// rehabilitation centre for adults, wanted by the whole team.
pub fn project_form(employer: &Employer, quotite: &str, track: &str) -> Vec<(&'static str, String)> {
    vec![
        ("etablissement", employer.id.to_string()),
        ("unit", "Centre de réhabilitation".into()),
        ("public_served", "Adultes présentant des troubles psychotiques".into()),
        ("quotite", quotite.into()),
        ("parcours", track.into()),
        ("why_now", "Le projet de service mise sur le rétablissement.".into()),
        ("team_wants", "Oui, toute l'équipe.".into()),
    ]
}

/// Fields read from a page (see [`form_fields`]), as a form sends them.
pub fn pairs_of(fields: &[(String, String)]) -> Vec<(&str, &str)> {
    fields
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_str()))
        .collect()
}

/// Fields held as owned values, as a form sends them.
pub fn pairs<'n, 'v>(fields: &'v [(&'n str, String)]) -> Vec<(&'n str, &'v str)> {
    fields.iter().map(|(name, value)| (*name, value.as_str())).collect()
}

/// The new call for projects form as an ARS fills it: open from today for 30 days, 2 posts of
/// 45 000 € a year from this year, a fiche de poste and a budget asked of each request.
pub fn call_form(title: &str, years: &str) -> Vec<(&'static str, String)> {
    let today = paris_today();
    vec![
        ("title", title.into()),
        ("posts", "2".into()),
        ("amount", "45 000".into()),
        ("years", years.into()),
        ("first_year", today.year().to_string()),
        ("opens_on", today.to_string()),
        ("closes_on", (today + Duration::days(30)).to_string()),
        ("documents", "Fiche de poste\nBudget prévisionnel".into()),
    ]
}
