//! The homes of the ARS officer (requests to instruct, answers awaited, payments due,
//! subsidies near their end), the university, the MSP, the administrator, and of the roles
//! whose home is where their pages are.

use time::Date;

use super::{Figure, Home, Line, Pending, Section, waiting_since};
use crate::domain::calendar::french_date;
use crate::domain::enrolment::EnrolmentState;
use crate::domain::french::{count, count_f};
use crate::domain::role::Role;

/// What an ARS officer's home reads, in their region.
#[derive(Debug, Clone, Default)]
pub struct ArsDesk {
    /// Requests filed or in instruction, since they were filed.
    pub to_instruct: Vec<Pending>,
    /// Requests sent back to the establishment to complete, since then.
    pub awaited: Vec<Pending>,
    /// Subsidies not yet followed up that end within the year.
    pub ending: Vec<Pending>,
    /// Subsidies' years due and not fully paid, since their due day.
    pub payments: Vec<Pending>,
}

/// An ARS officer's home: the requests filed in their region to instruct and those awaiting the
/// establishment's answer, oldest first, the payments due and the subsidies that end within
/// the year.
pub fn ars_home(mut desk: ArsDesk, today: Date) -> Home {
    for list in [
        &mut desk.to_instruct,
        &mut desk.awaited,
        &mut desk.ending,
        &mut desk.payments,
    ] {
        list.sort_by_key(|p| p.on);
    }
    let lines = |list: &[Pending], detail: &dyn Fn(&Pending) -> String| -> Vec<Line> {
        list.iter()
            .map(|p| Line::new(p.text.clone(), detail(p), p.url.clone()))
            .collect()
    };
    let filed = |p: &Pending| format!("Déposée le {}, {}", french_date(p.on), waiting_since(p.on, today));
    let sent_back = |p: &Pending| format!("Renvoyée le {}, {}", french_date(p.on), waiting_since(p.on, today));
    let due = |p: &Pending| format!("À verser depuis le {}", french_date(p.on));
    let ends = |p: &Pending| format!("Se termine le {}", french_date(p.on));
    Home {
        figures: vec![
            Figure::new(
                desk.to_instruct.len(),
                "demande à instruire",
                "demandes à instruire",
                "#a-instruire",
            ),
            Figure::new(
                desk.awaited.len(),
                "réponse attendue",
                "réponses attendues",
                "#reponses",
            ),
            Figure {
                late: !desk.payments.is_empty(),
                ..Figure::new(desk.payments.len(), "versement dû", "versements dus", "#versements")
            },
            Figure::new(
                desk.ending.len(),
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
                lines: lines(&desk.to_instruct, &filed),
            },
            Section {
                id: "reponses",
                title: "Réponses attendues des établissements",
                empty: "Aucune demande renvoyée n'attend de compléments.",
                lines: lines(&desk.awaited, &sent_back),
            },
            Section {
                id: "versements",
                title: "Versements dus",
                empty: "Aucun versement n'est dû.",
                lines: lines(&desk.payments, &due),
            },
            Section {
                id: "subventions",
                title: "Subventions qui se terminent dans l'année",
                empty: "Aucune subvention ne se termine dans l'année.",
                lines: lines(&desk.ending, &ends),
            },
        ],
    }
}

/// The next cohort of a university's track: its name, places taken and offered, first week.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CohortFill {
    pub name: String,
    pub enrolled: i64,
    pub capacity: u32,
    pub starts: Option<Date>,
}

/// A university's home: per cohort of its track, the enrolments to register and the VAP files
/// under way; then how full its next cohort is.
pub fn university_home(pending: &[(String, EnrolmentState)], next: Option<CohortFill>) -> Home {
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
    let fill = next.map(|c| {
        let mut detail = format!(
            "{} sur {}",
            count_f(c.enrolled, "personne inscrite", "personnes inscrites"),
            count_f(c.capacity, "place", "places")
        );
        if let Some(day) = c.starts {
            detail.push_str(&format!(", première semaine de formation le {}", french_date(day)));
        }
        Line::new(format!("Promotion {}", c.name), detail, "/inscriptions")
    });
    home.sections.insert(
        1,
        Section {
            id: "promotion",
            title: "Prochaine promotion",
            empty: "Aucune promotion à venir n'est encore fixée.",
            lines: fill.into_iter().collect(),
        },
    );
    home
}

/// An administrator's home: the invitations sent and not yet accepted (to whom, the role,
/// until when), then their pages.
pub fn admin_home(invitations: &[Pending]) -> Home {
    let mut home = links_home(Role::Admin);
    let lines = invitations
        .iter()
        .map(|p| {
            Line::new(
                p.text.clone(),
                format!("Valable jusqu'au {}", french_date(p.on)),
                p.url.clone(),
            )
        })
        .collect();
    home.figures = vec![Figure::new(
        invitations.len(),
        "invitation en attente",
        "invitations en attente",
        "#invitations",
    )];
    home.sections.insert(
        0,
        Section {
            id: "invitations",
            title: "Invitations en attente",
            empty: "Aucune invitation n'attend de réponse.",
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
    let lines = super::milestone_lines(&coming, today);
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
        Role::Msp => vec![
            Line::new(
                "Mon parcours",
                "Vos semaines de formation, votre première année et son journal",
                "/mon-parcours",
            ),
            Line::new(
                "Centre de ressources",
                "Les guides et documents du programme, publiés par le CCOMS",
                "/ressources",
            ),
            Line::new(
                "Le réseau des MSP",
                "Les pairs qui ont choisi d'y être : les trouver, leur écrire par la plateforme",
                "/reseau",
            ),
        ],
        Role::Admin => vec![
            Line::new("Comptes", "Les comptes de la plateforme", "/admin/utilisateurs"),
            Line::new("Invitations", "Inviter une personne de l'équipe", "/admin/invitations"),
            Line::new("Journal", "Le journal des accès aux données", "/admin/journal"),
        ],
        Role::Candidate => vec![
            Line::new("Mes candidatures", "Où en sont vos candidatures", "/mes-candidatures"),
            Line::new(
                "Mes documents",
                "Vos CV et lettres, à joindre en un clic quand vous postulez",
                "/compte/documents",
            ),
            Line::new("Offres d'emploi", "Les offres ouvertes", "/offres"),
            Line::new(
                "Mes alertes",
                "Les recherches dont vous recevez les nouvelles offres",
                "/compte/alertes",
            ),
            Line::new(
                "Le vivier du programme",
                "Être trouvé·e par les recruteurs du programme, et leurs invitations à postuler",
                "/compte/vivier",
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

/// A candidate's home: their pages, and first the talent pool's invitations they have not
/// answered, when there are some (the pool's in-app notice; the mail says the same).
pub fn candidate_home(unanswered_invitations: usize) -> Home {
    let mut home = links_home(Role::Candidate);
    if unanswered_invitations > 0 {
        home.figures.push(Figure::new(
            unanswered_invitations,
            "invitation à postuler",
            "invitations à postuler",
            "/compte/vivier#invitations",
        ));
    }
    home
}
