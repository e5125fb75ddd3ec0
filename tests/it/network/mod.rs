//! The MSPs' network (issue 26): MSPs join by an explicit opt-in under a chosen name; the
//! directory is seen by its members and the CCOMS only; members write to each other through
//! the platform (the mail says only that a message waits), close, block and report; the CCOMS
//! reads the reports (audited) and removes a member; retention forgets after 12 months.

use crate::common;

use common::{Browser, TestApp, TestUser, location, unescape};
use msp::domain::role::Role;

mod joining;
mod messages;
mod reports;

/// An MSP who joined the network as `name`: the account, signed in, and their member number.
async fn member(app: &TestApp, email: &str, name: &str) -> (TestUser, Browser, i64) {
    let user = app.user(Role::Msp, email, &[]).await;
    let browser = app.signed_in(&user).await;
    let fields = [
        ("nom", name),
        ("region", "11"),
        ("annee", "2021"),
        ("parcours", "bobigny"),
        ("sujets", "binôme, intervision"),
        ("messages", "oui"),
        ("consentement", "oui"),
    ];
    let joined = browser.post("/reseau/adhesion", &fields).await;
    assert_eq!(joined.status(), 303, "{}", joined.text().await.unwrap());
    assert_eq!(location(&joined), "/reseau?fait=rejoint");
    let id = app
        .scalar(&format!("SELECT id FROM network_members WHERE user_id = {}", user.id))
        .await;
    (user, browser, id)
}

/// The page's main content, without the header (which names the signed-in person).
async fn main_of(browser: &Browser, path: &str) -> (u16, String) {
    let (status, page) = browser.page(path).await;
    let start = page.find("<main").unwrap_or(0);
    let end = page.find("</main>").unwrap_or(page.len());
    (status, unescape(&page[start..end]))
}

/// `from` writes `text` to member `to`: the conversation's number.
async fn write(from: &Browser, to: i64, text: &str) -> i64 {
    let sent = from.post(&format!("/reseau/{to}/ecrire"), &[("message", text)]).await;
    assert_eq!(sent.status(), 303, "{}", sent.text().await.unwrap());
    let to = location(&sent);
    let id = to
        .strip_prefix("/reseau/messages/")
        .and_then(|rest| rest.split('?').next())
        .expect("the conversation's page");
    id.parse().unwrap()
}

/// A CCOMS coordinator, signed in.
async fn ccoms(app: &TestApp) -> Browser {
    let coordinator = app.user(Role::Coordinator, "ccoms@reseau.test", &[]).await;
    app.signed_in(&coordinator).await
}
