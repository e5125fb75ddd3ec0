//! The talent pool (issue 23): candidates join it with its own consent and choose what they
//! show; recruiters and the CCOMS search it (each consultation audited) and invite members to
//! apply to an open offer of their scope; members answer, leave at once, and are forgotten two
//! years after their own last action.

use crate::common;

use common::{Browser, TestApp, TestUser, location};
use msp::domain::role::{Role, ScopeKind};

mod invitations;
mod joining;
mod search;

/// A profile's fields: regions ticked, département numbers, training ticked, and more.
fn profile<'a>(regions: &[&'a str], departements: &'a str, training: &[&'a str]) -> Vec<(&'a str, &'a str)> {
    let mut fields = vec![("departements", departements), ("quotite", "les_deux")];
    fields.extend(regions.iter().map(|r| ("regions", *r)));
    fields.extend(training.iter().map(|t| ("formations", *t)));
    for part in ["zones", "disponibilite", "formation", "presentation"] {
        fields.push(("montrer", part));
    }
    fields
}

/// A candidate who joined the pool with `fields` (the consent ticked): the account, signed in.
async fn member(app: &TestApp, email: &str, fields: &[(&str, &str)]) -> (TestUser, Browser) {
    let user = app.user(Role::Candidate, email, &[]).await;
    let browser = app.signed_in(&user).await;
    let mut form = fields.to_vec();
    form.push(("consentement", "oui"));
    let joined = browser.post("/compte/vivier", &form).await;
    assert_eq!(joined.status(), 303, "{}", joined.text().await.unwrap());
    assert_eq!(location(&joined), "/compte/vivier?fait=rejoint");
    (user, browser)
}

/// The pool's number of a candidate's account.
async fn member_id(app: &TestApp, user: &TestUser) -> i64 {
    app.scalar(&format!(
        "SELECT id FROM talent_pool_members WHERE user_id = {}",
        user.id
    ))
    .await
}

/// The page's main content, without the header (which names the signed-in person).
fn main_of(page: &str) -> &str {
    let start = page.find("<main").expect("a main element");
    &page[start..page.find("</main>").unwrap_or(page.len())]
}

/// How many audit rows record this action.
async fn audited(app: &TestApp, action: &str) -> i64 {
    app.scalar(&format!("SELECT COUNT(*) FROM audit_log WHERE action = '{action}'"))
        .await
}

/// A CCOMS coordinator, signed in.
async fn ccoms(app: &TestApp) -> Browser {
    let coordinator = app.user(Role::Coordinator, "ccoms@vivier.test", &[]).await;
    app.signed_in(&coordinator).await
}

/// A recruiter of a new establishment in `departement`, signed in, with an open offer there:
/// (browser, offer id, establishment name).
async fn recruiter_with_offer(app: &TestApp, name: &str, departement: &str, title: &str) -> (Browser, i64) {
    let employer = app.establishment(name, "Ville", departement).await;
    let offer = app.publish(&employer, title, 1).await;
    let scope = employer.id.to_string();
    let email = format!("rh{}@vivier.test", employer.id);
    let recruiter = app
        .user(Role::Recruiter, &email, &[(ScopeKind::Establishment, &scope)])
        .await;
    (app.signed_in(&recruiter).await, offer.id)
}
