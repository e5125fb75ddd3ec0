//! French as people read it (issue 19): establishments named with their article, dates and
//! times in French and Paris time, the audit log in sentences, counts with their plural, pages
//! past the last one, and the session's warning only when the session is about to end.

mod dates;
mod establishments;
mod links;
mod pages;
mod session;

use crate::common;

use common::{Browser, docx, hidden_value, pdf_file};

/// Applies to an offer by its slug as the form would, with both documents: the status and the
/// page answered.
async fn apply(browser: &Browser, slug: &str, email: &str) -> (u16, String) {
    let path = format!("/offres/{slug}/candidater");
    let (status, form) = browser.page(&path).await;
    assert_eq!(status, 200, "{path}");
    let key = hidden_value(&form, "cle");
    let fields = [
        ("cle", key.as_str()),
        ("nom", "Camille Martin"),
        ("email", email),
        ("telephone", "06 12 34 56 78"),
        ("commune", "Lyon"),
        ("message", ""),
        ("suivi", "non"),
        ("consentement", "oui"),
    ];
    let files = [
        ("cv", "cv.pdf", pdf_file("CV")),
        ("lettre", "lettre.docx", docx("Lettre")),
    ];
    let response = browser.post_multipart(&path, &fields, &files).await;
    (response.status().as_u16(), response.text().await.unwrap())
}
