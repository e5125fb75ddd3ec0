//! View models shared by several pages: what a template needs, already in French.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use crate::board::OfferSummary;
use crate::domain::calendar::{french_date, in_paris};
use crate::domain::fiche::Offer;

use super::Error;
use super::auth::Visitor;

/// The accessibility conformity level every page's footer states (RGAA), from configuration:
/// by default "partiellement conforme", what the team's own evaluation in the statement
/// (templates/pages/accessibility.html) supports.
static CONFORMITY: std::sync::OnceLock<&'static str> = std::sync::OnceLock::new();

pub fn set_conformity(level: &'static str) {
    let _ = CONFORMITY.set(level);
}

pub fn conformity() -> &'static str {
    CONFORMITY
        .get()
        .copied()
        .unwrap_or(crate::config::Conformity::Partielle.label())
}

/// The CCOMS's contact address (`--contact-email`), which every page's footer and `/contact` give.
static CONTACT_EMAIL: std::sync::OnceLock<String> = std::sync::OnceLock::new();

pub fn set_contact_email(address: &str) {
    let _ = CONTACT_EMAIL.set(address.to_string());
}

pub fn contact_email() -> &'static str {
    CONTACT_EMAIL
        .get()
        .map_or(crate::config::DEFAULT_CONTACT_EMAIL, String::as_str)
}

/// What the frame of every page needs: who is signed in, the CSRF token for the logout form,
/// and when a short session ends.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    pub user_name: Option<String>,
    pub csrf: String,
    /// "14 h 35", for roles with short sessions.
    pub session_ends: Option<String>,
    /// Seconds until that end: the page shows its warning when few are left
    /// ([`session_ends_soon`]), and `static/session.js` when the page stays open that long.
    pub session_seconds_left: i64,
    /// Password given, second factor not yet: the header offers to log out, not to log in.
    pub second_factor_pending: bool,
    /// The main places of the signed-in person's role, as (label, address), for the header
    /// ([`crate::domain::workspace::places`]).
    pub places: &'static [(&'static str, &'static str)],
    /// The database is the demonstration's: a banner says so on every page.
    pub demo: bool,
    /// The page's path: its place in the header is marked `aria-current="page"`.
    pub path: String,
}

impl Layout {
    pub fn anonymous() -> Layout {
        Layout::default()
    }

    /// Whether `href`, a link of the header, is the page shown (a link to an anchor of the
    /// page is not: it leads elsewhere in it).
    pub fn is_current(&self, href: &str) -> bool {
        href == self.path
    }

    /// Whether the page shows the session's warning as it is sent (see [`session_ends_soon`]).
    pub fn session_warning(&self) -> bool {
        self.session_ends.is_some() && session_ends_soon(self.session_seconds_left)
    }

    pub fn of(visitor: &Visitor) -> Layout {
        let signed_in = visitor.signed_in.as_ref().filter(|s| s.complete);
        Layout {
            user_name: signed_in.map(|s| s.user.display_name.clone()),
            csrf: visitor.csrf.clone(),
            session_ends: signed_in.filter(|s| s.user.role.reads_candidate_data()).map(|s| {
                let at = in_paris(s.idle_expires_at);
                format!("{} h {:02}", at.hour(), at.minute())
            }),
            session_seconds_left: signed_in.map_or(0, |s| {
                (s.idle_expires_at - time::OffsetDateTime::now_utc()).whole_seconds()
            }),
            second_factor_pending: visitor.signed_in.as_ref().is_some_and(|s| !s.complete),
            places: signed_in.map_or(&[], |s| crate::domain::workspace::places(s.user.role)),
            demo: visitor.demo,
            path: visitor.path.clone(),
        }
    }
}

/// A short session's warning is shown in the last five minutes only: before that it would be
/// read on every page, and soon not read at all.
pub fn session_ends_soon(seconds_left: i64) -> bool {
    seconds_left <= 5 * 60
}

/// Renders a page template.
pub fn render(page: &impl Template) -> Result<Html<String>, Error> {
    Ok(Html(page.render()?))
}

/// Renders a page answered with another status than 200: a form refused (422), a change made
/// meanwhile (409), a link that cannot be used (410).
pub fn render_as(status: StatusCode, page: &impl Template) -> Result<Response, Error> {
    Ok((status, render(page)?).into_response())
}

/// An offer as a line of a list.
pub struct OfferCard {
    pub url: String,
    pub title: String,
    pub employer: String,
    pub place: String,
    pub quotite: String,
    pub track: &'static str,
    pub deadline: String,
    pub published: String,
    /// "à 12 km", in a search around a place.
    pub distance: Option<String>,
}

impl OfferCard {
    pub fn at_distance(mut self, text: String) -> OfferCard {
        self.distance = Some(text);
        self
    }
}

impl From<&Offer> for OfferCard {
    fn from(offer: &Offer) -> Self {
        OfferCard::from(&OfferSummary::of(offer))
    }
}

impl From<&OfferSummary> for OfferCard {
    fn from(summary: &OfferSummary) -> Self {
        OfferCard {
            url: format!("/offres/{}", summary.slug),
            title: summary.title.to_string(),
            employer: summary.employer.name.clone(),
            place: summary.employer.locality(),
            quotite: summary.quotite_text(),
            track: summary.track.map_or("Non précisée", |t| t.label()),
            deadline: summary
                .deadline
                .map(french_date)
                .unwrap_or_else(|| "non précisée".into()),
            published: summary
                .published_at
                .map(|at| french_date(in_paris(at).date()))
                .unwrap_or_default(),
            distance: None,
        }
    }
}

/// "Strasbourg (Bas-Rhin, Grand Est)".
pub fn place_text(offer: &Offer) -> String {
    offer.employer.locality()
}

/// "1 offre", "24 offres".
pub fn count_offers(n: u64) -> String {
    match n {
        0 => "Aucune offre ne correspond à votre recherche.".into(),
        1 => "1 offre".into(),
        n => format!("{n} offres"),
    }
}

/// Text split into paragraphs at blank lines.
pub fn paragraphs(text: &str) -> Vec<&str> {
    text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()).collect()
}

pub use crate::domain::form_errors::FormErrors;

/// Why a form comes back to its page: the status to answer, and the errors shown next to their
/// fields.
pub struct Refusal {
    pub status: StatusCode,
    pub errors: FormErrors,
}

impl Refusal {
    /// What was sent cannot be accepted (422).
    pub fn invalid(errors: FormErrors) -> Refusal {
        Refusal {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            errors,
        }
    }

    /// The thing changed meanwhile, or its state forbids this (409).
    pub fn conflict(errors: FormErrors) -> Refusal {
        Refusal {
            status: StatusCode::CONFLICT,
            errors,
        }
    }
}

/// A page of a few sentences and a link: confirmations, and links that cannot be used.
#[derive(askama::Template)]
#[template(path = "message.html")]
pub struct MessagePage {
    pub layout: Layout,
    pub heading: String,
    pub paragraphs: Vec<String>,
    pub link: Option<(String, String)>,
    pub success: bool,
}

impl MessagePage {
    pub fn new(layout: Layout, heading: &str, paragraphs: &[&str]) -> MessagePage {
        MessagePage {
            layout,
            heading: heading.into(),
            paragraphs: paragraphs.iter().map(|p| p.to_string()).collect(),
            link: None,
            success: false,
        }
    }

    pub fn link(mut self, label: &str, url: &str) -> MessagePage {
        self.link = Some((label.into(), url.into()));
        self
    }

    pub fn success(mut self) -> MessagePage {
        self.success = true;
        self
    }
}

/// "23 novembre 2026 à 14 h 05", in Paris time (templates call it from here).
pub use crate::domain::calendar::french_instant;

/// A stored instant (RFC 3339 text) as [`french_instant`] writes it.
pub fn stored_instant(text: &str) -> String {
    crate::db::parse_instant(text).map(french_instant).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_session_warning_shows_in_the_last_five_minutes_only() {
        assert!(!session_ends_soon(30 * 60));
        assert!(!session_ends_soon(5 * 60 + 1));
        assert!(session_ends_soon(5 * 60));
        assert!(session_ends_soon(10));
        assert!(session_ends_soon(0));
    }

    #[test]
    fn instants_read_in_paris_time() {
        use time::macros::datetime;
        assert_eq!(
            french_instant(datetime!(2026-12-02 06:14:49 UTC)),
            "2 décembre 2026 à 7 h 14"
        );
        assert_eq!(
            french_instant(datetime!(2027-07-14 21:30 UTC)),
            "14 juillet 2027 à 23 h 30"
        );
        assert_eq!(stored_instant("2026-12-02T06:14:49Z"), "2 décembre 2026 à 7 h 14");
    }
}
