//! The homes of the ARS officer (requests to instruct, subsidies near their end) and of the
//! roles whose home is, for now, where their pages are.

use time::Date;

use super::{Figure, Home, Line, Pending, Section, waiting_since};
use crate::domain::calendar::french_date;
use crate::domain::enrolment::EnrolmentState;
use crate::domain::french::{count, count_f};
use crate::domain::role::Role;

/// An ARS officer's home: the requests filed in their region to instruct, oldest first, and the
/// subsidies that end within the year.
pub fn ars_home(mut to_instruct: Vec<Pending>, mut ending: Vec<Pending>, today: Date) -> Home {
    to_instruct.sort_by_key(|p| p.on);
    ending.sort_by_key(|p| p.on);
    let instruct = to_instruct
        .iter()
        .map(|p| {
            Line::new(
                p.text.clone(),
                format!("Déposée le {}, {}", french_date(p.on), waiting_since(p.on, today)),
                p.url.clone(),
            )
        })
        .collect();
    let ends = ending
        .iter()
        .map(|p| {
            Line::new(
                p.text.clone(),
                format!("Se termine le {}", french_date(p.on)),
                p.url.clone(),
            )
        })
        .collect();
    Home {
        figures: vec![
            Figure::new(
                to_instruct.len(),
                "demande à instruire",
                "demandes à instruire",
                "#a-instruire",
            ),
            Figure::new(
                ending.len(),
                "subvention proche de sa fin",
                "subventions proches de leur fin",
                "#subventions",
            ),
        ],
        sections: vec![
            Section {
                id: "a-instruire",
                title: "Demandes à instruire",
                empty: "Aucune demande n'attend votre instruction.",
                lines: instruct,
            },
            Section {
                id: "subventions",
                title: "Subventions qui se terminent dans l'année",
                empty: "Aucune subvention ne se termine dans l'année.",
                lines: ends,
            },
        ],
    }
}

/// A university's home: per cohort of its track, the enrolments to register and the VAP files
/// under way.
pub fn university_home(pending: &[(String, EnrolmentState)]) -> Home {
    let mut cohorts: Vec<(&str, usize, usize)> = Vec::new();
    for (cohort, state) in pending {
        let index = match cohorts.iter().position(|c| c.0 == cohort) {
            Some(i) => i,
            None => {
                cohorts.push((cohort, 0, 0));
                cohorts.len() - 1
            }
        };
        match state {
            EnrolmentState::DossierVap => cohorts[index].2 += 1,
            _ => cohorts[index].1 += 1,
        }
    }
    let lines = cohorts
        .iter()
        .map(|&(cohort, register, vap)| {
            let detail = format!(
                "{}, {}",
                count_f(register, "personne à inscrire", "personnes à inscrire"),
                count(vap, "dossier de VAP/VAE en cours", "dossiers de VAP/VAE en cours")
            );
            Line::new(cohort, detail, "/inscriptions")
        })
        .collect();
    let mut home = links_home(Role::University);
    home.figures = vec![Figure::new(
        pending.len(),
        "inscription à traiter",
        "inscriptions à traiter",
        "#a-traiter",
    )];
    home.sections.insert(
        0,
        Section {
            id: "a-traiter",
            title: "Inscriptions à traiter",
            empty: "Aucune inscription à traiter.",
            lines,
        },
    );
    home
}

/// An MSP's home: the milestones of their first year still to come (or late), then their
/// path's journal; before their enrolment, their pages only.
pub fn msp_home(enrolment: Option<(i64, Vec<Pending>)>, today: Date) -> Home {
    let mut home = links_home(Role::Msp);
    let Some((id, coming)) = enrolment else { return home };
    let late = coming.iter().filter(|p| p.on < today).count();
    let lines = coming
        .iter()
        .map(|p| {
            let when = if p.on < today {
                "En retard : prévue le"
            } else {
                "Prévue le"
            };
            Line::new(p.text.clone(), format!("{when} {}", french_date(p.on)), p.url.clone())
        })
        .collect();
    home.figures = vec![
        Figure::new(coming.len(), "étape à venir", "étapes à venir", "#etapes"),
        Figure {
            late: late > 0,
            ..Figure::new(late, "étape en retard", "étapes en retard", "#etapes")
        },
    ];
    home.sections.insert(
        0,
        Section {
            id: "etapes",
            title: "Votre première année",
            empty: "Toutes les étapes de votre première année sont faites.",
            lines,
        },
    );
    home.sections[1].lines.push(Line::new(
        "Journal du parcours",
        "Ce que vous, votre responsable et le CCOMS y écrivez",
        format!("/inscriptions/{id}#journal"),
    ));
    home
}

/// The home of a role without a queue of its own yet: the places of its work.
pub fn links_home(role: Role) -> Home {
    let lines = match role {
        Role::University => vec![Line::new(
            "Inscriptions",
            "Les inscriptions de votre parcours à traiter",
            "/inscriptions",
        )],
        Role::Msp => vec![Line::new(
            "Mon parcours",
            "Vos semaines de formation, votre première année et son journal",
            "/mon-parcours",
        )],
        Role::Admin => vec![
            Line::new("Comptes", "Les comptes de la plateforme", "/admin/utilisateurs"),
            Line::new("Invitations", "Inviter une personne de l'équipe", "/admin/invitations"),
            Line::new("Journal", "Le journal des accès aux données", "/admin/journal"),
        ],
        Role::Candidate => vec![
            Line::new("Mes candidatures", "Où en sont vos candidatures", "/mes-candidatures"),
            Line::new("Offres d'emploi", "Les offres ouvertes", "/offres"),
            Line::new(
                "Mes alertes",
                "Les recherches dont vous recevez les nouvelles offres",
                "/compte/alertes",
            ),
        ],
        _ => Vec::new(),
    };
    Home {
        figures: Vec::new(),
        sections: vec![Section {
            id: "pages",
            title: "Vos pages",
            empty: "",
            lines,
        }],
    }
}
