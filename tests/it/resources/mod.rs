//! The resource centre (issue 26): the CCOMS publishes documents (a file, checked and sealed,
//! or an https link) with versions kept; anyone finds the public ones by their words, the
//! staff-only ones are invisible to visitors and candidates, a withdrawn one to all but the CCOMS.

use crate::common;

use common::{Browser, TestApp, location, pdf_file, unescape};
use msp::domain::role::Role;

mod hidden;
mod publishing;

/// The CCOMS, signed in.
async fn ccoms(app: &TestApp) -> Browser {
    let user = app.user(Role::Coordinator, "ccoms@exemple.fr", &[]).await;
    app.signed_in(&user).await
}

/// The new-resource form's text fields, for a public document for teams about welcoming.
fn fields<'a>(title: &'a str, summary: &'a str, visibility: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("titre", title),
        ("resume", summary),
        ("publics", "equipes"),
        ("publics", "encadrement"),
        ("themes", "accueil"),
        ("date", "2026-03-15"),
        ("visibilite", visibility),
    ]
}

/// Publishes a PDF resource and returns its address.
async fn publish_pdf(ccoms: &Browser, title: &str, summary: &str, visibility: &str, bytes: Vec<u8>) -> String {
    let answer = ccoms
        .post_multipart(
            "/ressources/nouvelle",
            &fields(title, summary, visibility),
            &[("fichier", "guide.pdf", bytes)],
        )
        .await;
    assert_eq!(answer.status(), 303, "{}", answer.text().await.unwrap());
    location(&answer)
}

/// The page's text, unescaped, with its status.
async fn read(browser: &Browser, path: &str) -> (u16, String) {
    let (status, body) = browser.page(path).await;
    (status, unescape(&body))
}

fn a_pdf(words: &str) -> Vec<u8> {
    pdf_file(words)
}
