//! The design system's page (`/styleguide`): every component with its variants, as
//! docs/design.md describes them, for the staff who report what looks wrong and for whoever
//! changes a page. It reads no data.

use axum::response::Html;

use super::auth::{Access, Visitor};
use super::views::{Layout, render};
use super::{Error, Route};
use crate::domain::application::ApplicationStatus;
use crate::domain::enrolment::EnrolmentState;
use crate::domain::fiche::FicheStatus;
use crate::domain::funding::RequestState;
use crate::domain::phase::Phase;
use crate::domain::policy::Action;
use crate::domain::project::ProjectState;

pub fn routes() -> Vec<Route> {
    vec![Route::get(
        "/styleguide",
        Access::Can(Action::SeeStyleGuide),
        show_style_guide,
    )]
}

/// A colour token: its name, what it is for, and its contrast on white.
pub struct Token {
    pub name: &'static str,
    pub role: &'static str,
    pub on_white: &'static str,
}

const TOKENS: &[Token] = &[
    Token {
        name: "ink",
        role: "Texte",
        on_white: "15,8:1",
    },
    Token {
        name: "muted",
        role: "Texte secondaire, aides",
        on_white: "8,1:1",
    },
    Token {
        name: "accent",
        role: "Liens, bouton principal",
        on_white: "7,6:1",
    },
    Token {
        name: "accent-strong",
        role: "Survol, en-tête",
        on_white: "11,5:1",
    },
    Token {
        name: "accent-soft",
        role: "Fond des messages, badges en cours",
        on_white: "décor",
    },
    Token {
        name: "surface",
        role: "Panneaux, en-têtes de tableau",
        on_white: "décor",
    },
    Token {
        name: "line",
        role: "Séparateurs sans signification",
        on_white: "décor",
    },
    Token {
        name: "border",
        role: "Bord des champs",
        on_white: "4,8:1",
    },
    Token {
        name: "danger",
        role: "Erreurs, actions définitives",
        on_white: "8,0:1",
    },
    Token {
        name: "success",
        role: "Réussite",
        on_white: "7,1:1",
    },
    Token {
        name: "warning",
        role: "À faire, en retard",
        on_white: "7,2:1",
    },
    Token {
        name: "focus",
        role: "Contour du focus",
        on_white: "5,2:1",
    },
];

/// Every state of every state machine, grouped by the phase its badge shows.
pub struct Badges {
    pub phase: Phase,
    pub meaning: &'static str,
    pub labels: Vec<&'static str>,
}

fn badges() -> Vec<Badges> {
    let meaning = |phase| match phase {
        Phase::Start => "Commencé, rien n'est encore décidé",
        Phase::Ongoing => "En cours : quelqu'un y travaille",
        Phase::ToDo => "En attente d'une action",
        Phase::Done => "Terminé comme espéré",
        Phase::Closed => "Terminé autrement (retiré, refusé, abandonné, clos)",
    };
    let every_state: Vec<(Phase, &'static str)> = ProjectState::ALL
        .iter()
        .map(|s| (s.phase(), s.label()))
        .chain(FicheStatus::ALL.iter().map(|s| (s.phase(), s.label())))
        .chain(ApplicationStatus::ALL.iter().map(|s| (s.phase(), s.label())))
        .chain(RequestState::ALL.iter().map(|s| (s.phase(), s.label())))
        .chain(EnrolmentState::ALL.iter().map(|s| (s.phase(), s.label())))
        .collect();
    Phase::ALL
        .into_iter()
        .map(|phase| {
            // A label several machines share ("Brouillon", "Retirée") is shown once.
            let mut labels: Vec<&'static str> = Vec::new();
            for (_, label) in every_state.iter().filter(|(p, _)| *p == phase) {
                if !labels.contains(label) {
                    labels.push(label);
                }
            }
            Badges {
                phase,
                meaning: meaning(phase),
                labels,
            }
        })
        .collect()
}

#[derive(askama::Template)]
#[template(path = "styleguide.html")]
struct StyleGuidePage {
    layout: Layout,
    tokens: &'static [Token],
    badges: Vec<Badges>,
    icons: &'static [&'static str],
}

async fn show_style_guide(visitor: Visitor) -> Result<Html<String>, Error> {
    render(&StyleGuidePage {
        layout: Layout::of(&visitor),
        tokens: TOKENS,
        badges: badges(),
        icons: super::icons::NAMES,
    })
}
