//! Fixed pages: those French law asks for (the personal-data notice and the accessibility
//! statement), and the candidates' plain-words guides (issue 23): what happens after applying,
//! and preparing an interview.

use axum::response::Html;

use super::auth::{Access, Visitor};
use super::views::{Layout, render};
use super::{Error, Route};

pub fn routes() -> Vec<Route> {
    vec![
        Route::get("/donnees-personnelles", Access::Public, show_privacy_notice),
        Route::get("/accessibilite", Access::Public, show_accessibility_statement),
        Route::get("/apres-candidature", Access::Public, show_after_applying),
        Route::get("/preparer-entretien", Access::Public, show_interview_guide),
    ]
}

/// Version of the notice, stored with each consent (DESIGN: GDPR article 13).
pub const PRIVACY_NOTICE_VERSION: &str = "2026-12-06";

#[derive(askama::Template)]
#[template(path = "pages/privacy.html")]
struct PrivacyPage {
    layout: Layout,
    version: &'static str,
}

async fn show_privacy_notice(visitor: Visitor) -> Result<Html<String>, Error> {
    render(&PrivacyPage {
        layout: Layout::of(&visitor),
        version: PRIVACY_NOTICE_VERSION,
    })
}

#[derive(askama::Template)]
#[template(path = "pages/accessibility.html")]
struct AccessibilityPage {
    layout: Layout,
}

async fn show_accessibility_statement(visitor: Visitor) -> Result<Html<String>, Error> {
    render(&AccessibilityPage {
        layout: Layout::of(&visitor),
    })
}

#[derive(askama::Template)]
#[template(path = "pages/after_applying.html")]
struct AfterApplyingPage {
    layout: Layout,
}

async fn show_after_applying(visitor: Visitor) -> Result<Html<String>, Error> {
    render(&AfterApplyingPage {
        layout: Layout::of(&visitor),
    })
}

#[derive(askama::Template)]
#[template(path = "pages/interview.html")]
struct InterviewGuidePage {
    layout: Layout,
}

async fn show_interview_guide(visitor: Visitor) -> Result<Html<String>, Error> {
    render(&InterviewGuidePage {
        layout: Layout::of(&visitor),
    })
}
