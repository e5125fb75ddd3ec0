//! A person's home after sign-in (`/espace`): first what waits for them, as figures and
//! sections of lines, each a link, already in French. Built from what `db::workspace` read
//! within their scope, and never from a candidate's data: counts, offer titles, dates.

mod others;
mod recruiter;
mod reviews;

use time::{Date, OffsetDateTime};

use super::fiche::Offer;
use super::role::Role;

pub use others::{ArsDesk, CohortFill, admin_home, ars_home, candidate_home, links_home, msp_home, university_home};
pub use recruiter::{RecruiterDesk, recruiter_home};
pub use reviews::{CoordinatorDesk, coordinator_home};

/// One thing that waits, or one place to go: what it is, where it stands, where to act.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub text: String,
    pub detail: String,
    pub url: String,
}

impl Line {
    pub fn new(text: impl Into<String>, detail: impl Into<String>, url: impl Into<String>) -> Line {
        Line {
            text: text.into(),
            detail: detail.into(),
            url: url.into(),
        }
    }
}

/// A heading and its lines; `empty` says so when nothing waits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// The anchor of the section in the page (`#a-relire`).
    pub id: &'static str,
    pub title: &'static str,
    pub empty: &'static str,
    pub lines: Vec<Line>,
}

/// A figure at the top of the home: the number, what it counts, where those are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figure {
    pub count: usize,
    pub label: &'static str,
    pub url: String,
    /// Something is overdue: shown as late.
    pub late: bool,
}

impl Figure {
    fn new(count: usize, singular: &'static str, plural: &'static str, url: impl Into<String>) -> Figure {
        Figure {
            count,
            label: super::french::noun(count, singular, plural),
            url: url.into(),
            late: false,
        }
    }
}

/// A role's home: figures first, then its sections.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Home {
    pub figures: Vec<Figure>,
    pub sections: Vec<Section>,
}

/// Something filed that waits for someone (a funding request, a subsidy): its page, what it
/// is, and the day it began to wait or ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    pub url: String,
    pub text: String,
    pub on: Date,
}

/// An interview as a home lists it: the offer, the application's number, the start; never the
/// candidate's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meeting {
    pub fiche_id: i64,
    pub fiche_title: String,
    pub application_id: i64,
    pub starts_at: OffsetDateTime,
}

/// The main places of a role, as (label, address), for the header: its home first, then
/// where its work is. Every address is one the role may open (a test checks it against the
/// access matrix).
pub fn places(role: Role) -> &'static [(&'static str, &'static str)] {
    const HOME: (&str, &str) = ("Mon espace", "/espace");
    match role {
        // A candidate lands on their home after sign-in, as everyone does.
        Role::Candidate => &[HOME, ("Mes candidatures", "/mes-candidatures")],
        Role::Recruiter => &[
            HOME,
            ("Projets et offres", "/projets"),
            ("Financements", "/financements"),
        ],
        Role::Coordinator => &[
            HOME,
            ("Fiches à relire", "/espace#a-relire"),
            ("Projets", "/projets"),
            ("Promotions", "/promotions"),
            ("Tableau de bord", "/tableau-de-bord"),
        ],
        Role::ArsOfficer => &[
            HOME,
            ("Financements", "/financements"),
            ("Observatoire", "/observatoire"),
        ],
        Role::University => &[HOME, ("Inscriptions", "/inscriptions")],
        Role::Msp => &[HOME, ("Mon parcours", "/mon-parcours")],
        Role::Admin => &[HOME, ("Comptes", "/admin/utilisateurs"), ("Journal", "/admin/journal")],
    }
}

/// The title of the offer numbered `id` among `offers`, or its number.
fn title_of(offers: &[Offer], id: i64) -> String {
    offers
        .iter()
        .find(|o| o.id == id)
        .map_or_else(|| format!("Offre n° {id}"), |o| o.content.title.clone())
}

/// A line per first-year milestone: late ones say so.
fn milestone_lines(milestones: &[Pending], today: Date) -> Vec<Line> {
    milestones
        .iter()
        .map(|p| {
            let when = if p.on < today {
                "En retard : prévue le"
            } else {
                "Prévue le"
            };
            Line::new(
                p.text.clone(),
                format!("{when} {}", super::calendar::french_date(p.on)),
                p.url.clone(),
            )
        })
        .collect()
}

/// "depuis aujourd'hui", "depuis 1 jour", "depuis 12 jours".
fn waiting_since(since: Date, today: Date) -> String {
    match (today - since).whole_days() {
        days if days <= 0 => "depuis aujourd'hui".to_string(),
        days => format!("depuis {}", super::french::count(days, "jour", "jours")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn a_wait_is_counted_in_days_in_french() {
        let today = date!(2026 - 12 - 03);
        assert_eq!(waiting_since(today, today), "depuis aujourd'hui");
        assert_eq!(waiting_since(date!(2026 - 12 - 02), today), "depuis 1 jour");
        assert_eq!(waiting_since(date!(2026 - 11 - 21), today), "depuis 12 jours");
    }
}

#[cfg(test)]
mod tests_of_homes;
