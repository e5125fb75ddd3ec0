//! The door for new teams (issue 22): a team's public request to create a post, confirmed by
//! its contact, then accepted or answered by the CCOMS; the contact page; the establishments'
//! register and the merge of duplicates.

use crate::common::{self, Browser, TestApp, TestUser};
use msp::domain::role::Role;

mod answers;
mod establishments;
mod merge;
mod request;

/// The public form, filled as a team would: the commune from the suggestions, no SIRET.
pub(crate) fn request_fields(email: &str) -> Vec<(&'static str, String)> {
    vec![
        ("etablissement", "Centre hospitalier du Rouvray".into()),
        ("siret", String::new()),
        ("finess", "760 000 166".into()),
        ("commune", "Sotteville-lès-Rouen (76300)".into()),
        ("equipe", "Équipe mobile de réhabilitation".into()),
        ("nom", "Dominique Cadre".into()),
        ("fonction", "Cadre de santé".into()),
        ("email", email.into()),
        ("telephone", "02 32 95 11 00".into()),
        (
            "projet",
            "L'équipe veut accueillir un médiateur de santé-pair.\n\nLe pôle porte le projet.".into(),
        ),
    ]
}

fn pairs<'a>(fields: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    fields.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

/// The id of the last request stored.
async fn last_request(app: &TestApp) -> i64 {
    app.scalar("SELECT MAX(id) FROM team_requests").await
}

/// Sends the form, then follows the link mailed to the contact and presses its button, as the
/// contact would: the request's id.
pub(crate) async fn confirmed_request(app: &TestApp, fields: &[(&'static str, String)]) -> i64 {
    let visitor = app.browser();
    let sent = visitor.post("/creer-un-poste", &pairs(fields)).await;
    assert_eq!(sent.status(), 200, "{}", sent.text().await.unwrap());
    let email = &fields.iter().find(|(k, _)| *k == "email").unwrap().1;
    let link = app.last_link_to(email).await;
    let token = link.split("jeton=").nth(1).expect("a token in the link").to_string();
    let confirmed = visitor.post("/creer-un-poste/confirmation", &[("jeton", &token)]).await;
    assert_eq!(confirmed.status(), 200);
    last_request(app).await
}

/// A CCOMS coordinator, signed in.
async fn ccoms(app: &TestApp) -> (TestUser, Browser) {
    let user = app.user(Role::Coordinator, "ccoms@door.test", &[]).await;
    let browser = app.signed_in(&user).await;
    (user, browser)
}

/// The value a page's field shows.
fn shows_value(page: &str, field: &str, value: &str) -> bool {
    page.contains(&format!("name=\"{field}\" value=\"{value}\""))
}
