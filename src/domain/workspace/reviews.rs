//! The CCOMS coordinator's home: the fiches waiting for review, oldest first, the projects by
//! stage, and the places where the programme is followed.

use time::{Date, OffsetDateTime};

use super::{Figure, Home, Line, Meeting, Section, waiting_since};
use crate::domain::calendar::{french_date, french_instant, in_paris};
use crate::domain::french::count;
use crate::domain::project::{Project, ProjectState};

/// What a coordinator's home reads: every establishment's.
#[derive(Debug, Clone, Default)]
pub struct CoordinatorDesk {
    /// (fiche id, title, submitted at), oldest first.
    pub review: Vec<(i64, String, OffsetDateTime)>,
    /// The interviews of the coming two weeks the reader attends for the CCOMS.
    pub attend: Vec<Meeting>,
    pub projects: Vec<Project>,
    /// (date, what, link) of what was due and is not done, oldest first, as the dashboard
    /// computes it: enrolments and first-year milestones (links to `/inscriptions/…`) are
    /// shown apart from fiches and projects.
    pub late: Vec<(Date, String, String)>,
}

pub fn coordinator_home(desk: &CoordinatorDesk, today: Date) -> Home {
    let review = review_queue(desk, today);
    let (paths, late): (Vec<_>, Vec<_>) = desk
        .late
        .iter()
        .cloned()
        .partition(|(_, _, url)| url.starts_with("/inscriptions/"));
    let overdue = desk
        .review
        .iter()
        .filter(|(_, _, at)| (today - in_paris(*at).date()).whole_days() > 7)
        .count();
    Home {
        figures: vec![
            Figure {
                late: overdue > 0,
                ..Figure::new(desk.review.len(), "fiche à relire", "fiches à relire", "#a-relire")
            },
            Figure::new(
                desk.attend.len(),
                "entretien où vous êtes attendu·e",
                "entretiens où vous êtes attendu·e",
                "#entretiens",
            ),
            Figure {
                late: !late.is_empty(),
                ..Figure::new(late.len(), "échéance en retard", "échéances en retard", "#en-retard")
            },
            Figure {
                late: !paths.is_empty(),
                ..Figure::new(
                    paths.len(),
                    "inscription ou étape en retard",
                    "inscriptions ou étapes en retard",
                    "#parcours-en-retard",
                )
            },
            Figure::new(
                desk.projects.len(),
                "projet de poste suivi",
                "projets de poste suivis",
                "#projets",
            ),
        ],
        sections: vec![
            review,
            attend(&desk.attend),
            late_section("en-retard", "Fiches et projets en retard", &late),
            late_section(
                "parcours-en-retard",
                "Inscriptions et premières années en retard",
                &paths,
            ),
            by_stage(&desk.projects),
            programme(),
        ],
    }
}

fn review_queue(desk: &CoordinatorDesk, today: Date) -> Section {
    let lines = desk
        .review
        .iter()
        .map(|(fiche, title, at)| {
            let day = in_paris(*at).date();
            Line::new(
                title.clone(),
                format!(
                    "Soumise le {}, en attente {}",
                    french_date(day),
                    waiting_since(day, today)
                ),
                format!("/fiches/{fiche}"),
            )
        })
        .collect();
    Section {
        id: "a-relire",
        title: "Fiches à relire",
        empty: "Aucune fiche n'attend votre relecture.",
        lines,
    }
}

fn attend(meetings: &[Meeting]) -> Section {
    let lines = meetings
        .iter()
        .map(|m| {
            Line::new(
                m.fiche_title.clone(),
                format!("{} (candidature n° {})", french_instant(m.starts_at), m.application_id),
                format!("/candidatures/{}", m.application_id),
            )
        })
        .collect();
    Section {
        id: "entretiens",
        title: "Entretiens où vous êtes attendu·e (deux semaines à venir)",
        empty: "Aucun entretien où vous êtes attendu·e dans les deux semaines à venir.",
        lines,
    }
}

fn late_section(id: &'static str, title: &'static str, late: &[(Date, String, String)]) -> Section {
    let lines = late
        .iter()
        .map(|(date, what, link)| Line::new(what.clone(), format!("Prévu le {}", french_date(*date)), link.clone()))
        .collect();
    Section {
        id,
        title,
        empty: "Rien n'est en retard.",
        lines,
    }
}

/// The count of projects at each stage that has any, in the pipeline's order.
fn by_stage(projects: &[Project]) -> Section {
    let lines = ProjectState::ALL
        .iter()
        .filter_map(|&state| {
            let n = projects.iter().filter(|p| p.state == state).count();
            (n > 0).then(|| Line::new(state.label(), count(n, "projet", "projets"), "/projets"))
        })
        .collect();
    Section {
        id: "projets",
        title: "Projets par étape",
        empty: "Aucun projet de poste pour l'instant.",
        lines,
    }
}

fn programme() -> Section {
    Section {
        id: "programme",
        title: "Suivre le programme",
        empty: "",
        lines: vec![
            Line::new(
                "Tableau de bord",
                "Échéances en retard et à venir, chiffres du programme",
                "/tableau-de-bord",
            ),
            Line::new(
                "Promotions",
                "Les promotions des universités et leurs dates",
                "/promotions",
            ),
            Line::new(
                "Demandes de création de poste",
                "Les équipes qui veulent créer un poste : accepter ou répondre",
                "/demandes-de-poste",
            ),
            Line::new(
                "Établissements",
                "Créer, modifier, fusionner les doublons",
                "/etablissements",
            ),
            Line::new(
                "Centre de ressources",
                "Publier les guides et documents du programme, en ajouter une version, les retirer",
                "/ressources",
            ),
            Line::new(
                "Glossaire",
                "Les sigles et les mots que les offres expliquent aux candidats",
                "/glossaire/modifier",
            ),
            Line::new(
                "Inscriptions",
                "Les inscriptions des médiateurs embauchés",
                "/inscriptions",
            ),
            Line::new(
                "Vivier",
                "Les candidat·es qui acceptent d'être trouvé·es : chercher, inviter à postuler",
                "/vivier",
            ),
            Line::new("Le réseau des MSP", "L'annuaire des MSP qui y sont entré·es", "/reseau"),
            Line::new(
                "Signalements du réseau",
                "Les messages et les membres que les MSP vous signalent",
                "/reseau/signalements",
            ),
            Line::new(
                "Financements",
                "Appels à projets, demandes et subventions",
                "/financements",
            ),
            Line::new(
                "Observatoire",
                "Importer l'historique des postes depuis 2012 et voir ses chiffres",
                "/observatoire/import",
            ),
            Line::new("Comptes", "Les comptes et les invitations", "/admin/utilisateurs"),
            Line::new("Journal", "Le journal des accès aux données", "/admin/journal"),
        ],
    }
}
