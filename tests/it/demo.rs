//! The explorable demo (issue 20): one account per role, each signing in as printed, with its
//! second factor in force; a banner on every page of a demo database; a database holding other
//! data refused.

use std::collections::BTreeSet;

use msp::demo::{self, DemoAccount, DemoError};
use msp::domain::role::Role;

use crate::common::{Browser, TestApp};

on_both_backends!(
    the_demo_has_one_account_per_role_each_signing_in_with_its_second_factor,
    loading_the_demo_again_adds_no_account_and_keeps_the_secrets,
    a_demo_database_says_so_on_every_page_and_a_plain_one_does_not,
    the_demo_refuses_a_database_holding_other_data,
    a_demo_loaded_with_another_key_gets_new_secrets_that_open,
    the_demo_shows_projects_at_every_stage_reached_by_their_events,
);

async fn user_count(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

/// Signs in with the demo's password, then, for staff, with the code the printed secret gives;
/// the browser stays signed in.
pub(crate) async fn sign_in(app: &TestApp, account: &DemoAccount) -> Browser {
    let browser = app.browser();
    let response = browser.log_in(&account.email, demo::accounts::PASSWORD).await;
    assert_eq!(response.status(), 303, "password of {}", account.email);
    let Some(secret) = &account.totp_secret else {
        assert_eq!(account.role, Role::Candidate);
        assert_eq!(browser.page("/compte").await.0, 200, "{}", account.email);
        return browser;
    };
    // The password alone opens nothing: the second factor is in force.
    assert_ne!(browser.page("/compte").await.0, 200, "{} without a code", account.email);
    let now = time::OffsetDateTime::now_utc().unix_timestamp() as u64;
    let code = msp::secrets::totp_code(secret, now);
    let response = browser.post("/connexion/code", &[("code", &code)]).await;
    assert_eq!(response.status(), 303, "second factor of {}", account.email);
    let (status, page) = browser.page("/compte").await;
    assert_eq!(status, 200, "{}", account.email);
    assert!(page.contains(&account.email), "{}: {page}", account.email);
    browser
}

async fn the_demo_has_one_account_per_role_each_signing_in_with_its_second_factor(app: TestApp) {
    let prepared = demo::prepare(&app.db, true).await.unwrap();
    assert!(prepared.offers >= 20, "the demo's offers");
    let roles: BTreeSet<&str> = prepared.accounts.iter().map(|a| a.role.as_str()).collect();
    let all: BTreeSet<&str> = Role::ALL.iter().map(|r| r.as_str()).collect();
    assert_eq!(roles, all, "one account per role");
    assert_eq!(prepared.accounts.len(), Role::ALL.len());
    for account in &prepared.accounts {
        assert_eq!(
            account.totp_secret.is_some(),
            account.role.is_staff(),
            "{}",
            account.email
        );
        sign_in(&app, account).await;
    }
    // What is printed names each account, its password, its secret and a code of the moment.
    let now = 1_800_000_000;
    let text = demo::accounts::instructions(&prepared.accounts, now);
    for account in &prepared.accounts {
        assert!(text.contains(&account.email), "{text}");
        assert!(text.contains(account.role.label()), "{text}");
        if let Some(secret) = &account.totp_secret {
            assert!(text.contains(secret), "{text}");
            assert!(text.contains(&msp::secrets::totp_code(secret, now)), "{text}");
        }
    }
    assert!(text.contains(demo::accounts::PASSWORD), "{text}");
}

async fn loading_the_demo_again_adds_no_account_and_keeps_the_secrets(app: TestApp) {
    let first = demo::prepare(&app.db, false).await.unwrap();
    let users = user_count(&app).await;
    assert_eq!(
        users,
        Role::ALL.len() as i64 + 5,
        "one account per role, three fictional members of the talent pool and two of the MSPs' network"
    );
    let again = demo::prepare(&app.db, true).await.unwrap();
    assert_eq!(again.offers, 0, "every offer is there already");
    assert_eq!(user_count(&app).await, users, "no account twice");
    let secrets =
        |accounts: &[DemoAccount]| -> Vec<Option<String>> { accounts.iter().map(|a| a.totp_secret.clone()).collect() };
    assert_eq!(secrets(&again.accounts), secrets(&first.accounts));
    // The printed secret still opens the account after the second start.
    let recruiter = again.accounts.iter().find(|a| a.role == Role::Recruiter).unwrap();
    sign_in(&app, recruiter).await;
}

async fn a_demo_database_says_so_on_every_page_and_a_plain_one_does_not(app: TestApp) {
    const BANNER: &str = "Base de démonstration";
    for path in ["/", "/offres", "/connexion", "/page-inconnue"] {
        let (_, page) = app.page(path).await;
        assert!(!page.contains(BANNER), "{path} of a plain database");
    }
    demo::prepare(&app.db, false).await.unwrap();
    // The mark is read at start-up: an instance started now shows the banner.
    let demo_instance = app.another_instance().await;
    // Error pages too (a page not found).
    for path in ["/", "/offres", "/connexion", "/inscription", "/page-inconnue"] {
        let (_, page) = demo_instance.page(path).await;
        let main = page.find("<main").unwrap_or_else(|| panic!("{path}: no <main>"));
        let banner = page.find(BANNER).unwrap_or_else(|| panic!("{path}: no banner"));
        assert!(banner > main, "{path}: the banner sits inside <main>");
    }
    // And to someone signed in.
    let admin = demo::prepare(&app.db, false).await.unwrap().accounts.remove(0);
    assert_eq!(admin.role, Role::Admin);
    let browser = sign_in(&demo_instance, &admin).await;
    // A page their role may not open says so on a demo page too.
    let (status, page) = browser.page("/projets").await;
    assert_eq!(status, 403);
    assert!(page.contains(BANNER), "{page}");
}

async fn the_demo_refuses_a_database_holding_other_data(app: TestApp) {
    app.establishment("CH du Rouvray", "Sotteville-lès-Rouen", "76").await;
    let refused = demo::prepare(&app.db, true).await;
    assert!(matches!(refused, Err(DemoError::NotDemo)), "{:?}", refused.err());
    assert_eq!(
        user_count(&app).await,
        0,
        "no demo account on a database made without the demo"
    );
    let mut conn = app.db.pool.acquire().await.unwrap();
    assert!(!msp::db::settings::is_demo(&mut conn).await.unwrap());
}

/// `msp demo` run in another folder than `msp serve` uses another key file: the secrets sealed
/// with the first key do not open, so each staff account gets a new one, printed and kept.
async fn a_demo_loaded_with_another_key_gets_new_secrets_that_open(app: TestApp) {
    let secrets =
        |accounts: &[DemoAccount]| -> Vec<Option<String>> { accounts.iter().map(|a| a.totp_secret.clone()).collect() };
    let first = secrets(&demo::prepare(&app.db, false).await.unwrap().accounts);
    let other = msp::documents::DocumentCipher::random();
    let mut tx = app.db.begin().await.unwrap();
    let renewed = secrets(&demo::accounts::ensure(&mut tx, &other).await.unwrap());
    let again = secrets(&demo::accounts::ensure(&mut tx, &other).await.unwrap());
    tx.commit().await.unwrap();
    assert_eq!(renewed.iter().flatten().count(), 6, "one secret per staff account");
    for (before, now) in first.iter().zip(&renewed) {
        assert!(
            before.is_none() || before != now,
            "a new secret where the old one no longer opens"
        );
    }
    assert_eq!(again, renewed, "kept once sealed with the key in use");
}

/// Every stage of DESIGN §3 has a project in the demo, each reached by what the demo recorded
/// (meetings, fiches, applications, hires, an arrival, a subsidy, a team giving up): the demo
/// stores no stage.
async fn the_demo_shows_projects_at_every_stage_reached_by_their_events(app: TestApp) {
    let prepared = demo::prepare(&app.db, true).await.unwrap();
    let corrections = sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM project_stage_corrections")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(corrections, 0, "no stage is set by hand");
    let coordinator = demo::accounts::of(&prepared.accounts, Role::Coordinator);
    let browser = sign_in(&app, coordinator).await;
    let (_, page) = browser.page("/projets").await;
    let page = crate::common::unescape(&page);
    for stage in msp::domain::project::ProjectState::ALL {
        let badge = format!(">{}</span>", stage.label());
        assert!(page.contains(&badge), "no project at {:?}: {page}", stage);
    }
    // And a team not on the platform yet waits at the door.
    let (_, page) = browser.page("/demandes-de-poste").await;
    assert!(
        crate::common::unescape(&page).contains("EPSM de l'agglomération lilloise (démo)"),
        "{page}"
    );
}
