//! A recruiter's home: their establishments' applications to read, interviews, fiches, projects
//! and funding requests to complete.

use time::{Date, OffsetDateTime};

use super::{Figure, Home, Line, Meeting, Pending, Section, milestone_lines, title_of};
use crate::domain::calendar::{french_date, french_instant};
use crate::domain::fiche::{FicheStatus, Offer};
use crate::domain::french::{count, count_f};
use crate::domain::project::{Project, ProjectState};

/// What a recruiter's home reads, within their establishments.
#[derive(Debug, Clone, Default)]
pub struct RecruiterDesk {
    pub projects: Vec<Project>,
    /// Their fiches, in every state.
    pub fiches: Vec<Offer>,
    /// (fiche id, applications in state "Reçue").
    pub received: Vec<(i64, i64)>,
    /// (fiche id, start) of the interviews of the coming two weeks.
    pub interviews: Vec<(i64, OffsetDateTime)>,
    /// Funding requests sent back to be completed, since when.
    pub to_complete: Vec<Pending>,
    /// Interviews held on whose panel they sat and that they have not evaluated.
    pub owed: Vec<Meeting>,
    /// Their MSPs' first-year milestones not done, due soon or late (a line per milestone,
    /// named by the enrolment's number).
    pub milestones: Vec<Pending>,
}

pub fn recruiter_home(desk: &RecruiterDesk, today: Date) -> Home {
    let received: i64 = desk.received.iter().map(|(_, n)| n).sum();
    let to_correct = desk
        .fiches
        .iter()
        .filter(|f| f.status == FicheStatus::ACorriger)
        .count();
    let unread = usize::try_from(received).unwrap_or(0);
    Home {
        figures: vec![
            Figure::new(unread, "candidature à lire", "candidatures à lire", "#candidatures"),
            Figure::new(
                desk.interviews.len(),
                "entretien à venir",
                "entretiens à venir",
                "#entretiens",
            ),
            Figure {
                late: to_correct > 0,
                ..Figure::new(to_correct, "fiche à corriger", "fiches à corriger", "#fiches")
            },
            Figure {
                late: !desk.owed.is_empty(),
                ..Figure::new(
                    desk.owed.len(),
                    "évaluation à rendre",
                    "évaluations à rendre",
                    "#evaluations",
                )
            },
            Figure::new(
                desk.to_complete.len(),
                "demande à compléter",
                "demandes à compléter",
                "#financements",
            ),
        ],
        sections: vec![
            applications(desk),
            interviews(desk),
            evaluations(&desk.owed),
            fiches(&desk.fiches, today),
            projects(&desk.projects),
            requests(&desk.to_complete),
            Section {
                id: "premiere-annee",
                title: "Première année de vos médiateurs",
                empty: "Aucune étape de première année à venir dans le mois ni en retard.",
                lines: milestone_lines(&desk.milestones, today),
            },
            pages(),
        ],
    }
}

/// Where the recruiter's other pages start.
fn pages() -> Section {
    Section {
        id: "pages",
        title: "Vos pages",
        empty: "",
        lines: vec![
            Line::new(
                "Ouvrir un projet de poste",
                "Le premier pas vers une offre",
                "/projets/nouveau",
            ),
            Line::new(
                "Inscriptions",
                "La formation et la première année de vos médiateurs",
                "/inscriptions",
            ),
            Line::new(
                "Clés d'API",
                "Relier le logiciel de votre établissement : brouillons de fiches, états, candidatures",
                "/etablissement/cles-api",
            ),
            Line::new(
                "Webhooks",
                "Prévenir le logiciel de votre établissement des candidatures et des offres",
                "/etablissement/webhooks",
            ),
            Line::new(
                "Centre de ressources",
                "Guides et documents du CCOMS pour préparer l'accueil d'un médiateur",
                "/ressources",
            ),
            Line::new(
                "Vivier",
                "Les candidat·es qui acceptent d'être trouvé·es : chercher, inviter à postuler",
                "/vivier",
            ),
        ],
    }
}

fn applications(desk: &RecruiterDesk) -> Section {
    let lines = desk
        .received
        .iter()
        .map(|&(fiche, n)| {
            Line::new(
                title_of(&desk.fiches, fiche),
                format!("{} à lire", count_f(n, "candidature reçue", "candidatures reçues")),
                format!("/fiches/{fiche}/candidatures"),
            )
        })
        .collect();
    Section {
        id: "candidatures",
        title: "Candidatures reçues",
        empty: "Aucune candidature reçue n'attend votre lecture.",
        lines,
    }
}

fn interviews(desk: &RecruiterDesk) -> Section {
    let lines = desk
        .interviews
        .iter()
        .map(|&(fiche, at)| {
            Line::new(
                title_of(&desk.fiches, fiche),
                french_instant(at),
                format!("/fiches/{fiche}/candidatures"),
            )
        })
        .collect();
    Section {
        id: "entretiens",
        title: "Entretiens des deux semaines à venir",
        empty: "Aucun entretien dans les deux semaines à venir.",
        lines,
    }
}

/// The interviews held that wait for the reader's evaluation, oldest first.
fn evaluations(owed: &[Meeting]) -> Section {
    let lines = owed
        .iter()
        .map(|m| {
            Line::new(
                m.fiche_title.clone(),
                format!(
                    "Entretien du {} : votre évaluation est attendue (candidature n° {})",
                    french_instant(m.starts_at),
                    m.application_id
                ),
                format!("/candidatures/{}", m.application_id),
            )
        })
        .collect();
    Section {
        id: "evaluations",
        title: "Évaluations à rendre",
        empty: "Aucune évaluation d'entretien n'est attendue de vous.",
        lines,
    }
}

/// Fiches to correct first, then drafts, those in review, and the open offers with the days
/// left to apply.
fn fiches(fiches: &[Offer], today: Date) -> Section {
    let order = [
        FicheStatus::ACorriger,
        FicheStatus::Brouillon,
        FicheStatus::Soumise,
        FicheStatus::Publiee,
    ];
    let mut lines = Vec::new();
    for status in order {
        for fiche in fiches.iter().filter(|f| f.status == status) {
            let detail = match status {
                FicheStatus::ACorriger => "À corriger : le CCOMS attend vos corrections".to_string(),
                FicheStatus::Brouillon => "Brouillon à terminer".to_string(),
                FicheStatus::Soumise => "En relecture au CCOMS".to_string(),
                _ => days_left(fiche.content.deadline, today),
            };
            lines.push(Line::new(
                fiche.content.title.clone(),
                detail,
                format!("/fiches/{}", fiche.id),
            ));
        }
    }
    Section {
        id: "fiches",
        title: "Fiches de poste",
        empty: "Aucune fiche en cours.",
        lines,
    }
}

/// "Publiée : plus que 12 jours pour candidater (jusqu'au 15 décembre 2026)".
fn days_left(deadline: Option<Date>, today: Date) -> String {
    match deadline {
        None => "Publiée, sans date limite".to_string(),
        Some(day) if day < today => format!("Publiée : date limite passée ({})", french_date(day)),
        Some(day) if day == today => "Publiée : dernier jour pour candidater".to_string(),
        Some(day) => format!(
            "Publiée : plus que {} pour candidater (jusqu'au {})",
            count((day - today).whole_days(), "jour", "jours"),
            french_date(day)
        ),
    }
}

fn projects(projects: &[Project]) -> Section {
    let lines = projects
        .iter()
        .filter(|p| !matches!(p.state, ProjectState::Abandonne | ProjectState::Perennise))
        .map(|p| {
            Line::new(
                format!("{} ({})", p.unit, p.establishment_name),
                p.state.label(),
                format!("/projets/{}", p.id),
            )
        })
        .collect();
    Section {
        id: "projets",
        title: "Projets de poste",
        empty: "Aucun projet en cours.",
        lines,
    }
}

fn requests(pending: &[Pending]) -> Section {
    let lines = pending
        .iter()
        .map(|p| {
            Line::new(
                p.text.clone(),
                format!("À compléter depuis le {}", french_date(p.on)),
                p.url.clone(),
            )
        })
        .collect();
    Section {
        id: "financements",
        title: "Demandes de financement à compléter",
        empty: "Aucune demande de financement à compléter.",
        lines,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn an_open_offer_says_how_many_days_are_left() {
        let today = date!(2026 - 12 - 03);
        assert_eq!(
            days_left(Some(date!(2026 - 12 - 15)), today),
            "Publiée : plus que 12 jours pour candidater (jusqu'au 15 décembre 2026)"
        );
        assert_eq!(days_left(Some(today), today), "Publiée : dernier jour pour candidater");
        assert!(days_left(Some(date!(2026 - 12 - 01)), today).contains("date limite passée"));
    }
}
