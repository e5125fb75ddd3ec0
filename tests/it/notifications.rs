//! Each person chooses, kind by kind, to hear of events at once, in a daily digest or never
//! (`/compte/notifications`); the digest is one mail for the day, sent once even by two
//! instances, with a one-click unsubscribe; "never" sends nothing.

use crate::applications::{Scene, apply, scene};
use crate::common::{TestApp, hidden_value};

const ADDRESS: &str = "recrutement@test.example";

on_both_backends!(the_settings_keep_what_was_typed_and_say_what_is_wrong);
async fn the_settings_keep_what_was_typed_and_say_what_is_wrong(app: TestApp) {
    let Scene { app, recruiter, .. } = scene(app).await;
    let rh = app.signed_in(&recruiter).await;
    let (status, page) = rh.page("/compte/notifications").await;
    assert_eq!(status, 200);
    assert!(page.contains("Une nouvelle candidature arrive") && page.contains("Dans le résumé du jour"));
    assert!(
        !page.contains("Une fiche est soumise à la relecture"),
        "the CCOMS's, not a recruiter's"
    );
    let (_, account) = rh.page("/compte").await;
    assert!(
        account.contains("href=\"/compte/notifications\""),
        "linked from the account"
    );

    let response = rh
        .post("/compte/notifications", &[("candidature_recue", "parfois")])
        .await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(
        page.contains("Choisissez quand être prévenu : une candidature est retirée."),
        "{page}"
    );
    assert!(
        !page.contains("name=\"candidature_recue\" value=\"immediat\" checked"),
        "what was typed, not the default"
    );
    let count = "SELECT COUNT(*) FROM notification_choices";
    assert_eq!(app.scalar(count).await, 0, "nothing saved from a refused form");
}

/// Everything a recruiter hears of, at once; new applications in the daily digest.
fn digest_choices() -> Vec<(&'static str, &'static str)> {
    let mut fields: Vec<(&str, &str)> = msp::domain::event::EventKind::heard_by(msp::domain::role::Role::Recruiter)
        .into_iter()
        .map(|kind| (kind.as_str(), "immediat"))
        .collect();
    fields.retain(|(kind, _)| *kind != "candidature_recue");
    fields.push(("candidature_recue", "quotidien"));
    fields
}

on_both_backends!(a_day_of_applications_makes_one_digest_sent_once_and_never_sends_none);
async fn a_day_of_applications_makes_one_digest_sent_once_and_never_sends_none(app: TestApp) {
    let Scene {
        app,
        offer,
        recruiter,
        colleague,
        ..
    } = scene(app).await;
    let rh = app.signed_in(&recruiter).await;
    assert_eq!(rh.post("/compte/notifications", &digest_choices()).await.status(), 303);
    let (_, page) = rh.page("/compte/notifications?enregistre=1").await;
    assert!(page.contains("Vos choix sont enregistrés."));
    assert!(
        page.contains("id=\"candidature_recue-quotidien\" name=\"candidature_recue\" value=\"quotidien\" checked"),
        "{page}"
    );

    for _ in 0..2 {
        assert_eq!(apply(&app.browser(), &offer).await.0, 200);
    }
    let subject = "Nouvelle candidature n°";
    let at_once = |mails: Vec<msp::mail::SentMail>| mails.iter().filter(|m| m.subject.starts_with(subject)).count();
    assert_eq!(at_once(app.mail_to(&recruiter.email).await), 0, "in the digest");
    assert_eq!(
        at_once(app.mail_to(&colleague.email).await),
        2,
        "the colleague's default"
    );
    assert_eq!(at_once(app.mail_to(ADDRESS).await), 2);

    let unsubscribe = the_next_day_one_digest_lists_both(&app, &recruiter.email).await;

    // One click: the digest's kinds become "never"; the next application tells them nothing.
    let path = unsubscribe.trim_start_matches(&app.url("")).to_string();
    let (status, page) = app.browser().page(&path).await;
    assert_eq!(status, 200);
    assert!(page.contains("Ne plus recevoir le résumé"), "{page}");
    let token = hidden_value(&page, "jeton");
    let response = app
        .client
        .post(app.url("/notifications/desabonnement"))
        .form(&[("jeton", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let never = format!(
        "SELECT COUNT(*) FROM notification_choices WHERE user_id = {} AND choice = 'jamais'",
        recruiter.id
    );
    assert_eq!(app.scalar(&never).await, 1);
    assert_eq!(apply(&app.browser(), &offer).await.0, 200);
    assert_eq!(at_once(app.mail_to(&recruiter.email).await), 0);
    let waiting = format!(
        "SELECT COUNT(*) FROM notification_digest WHERE user_id = {} AND sent_at IS NULL",
        recruiter.id
    );
    assert_eq!(app.scalar(&waiting).await, 0, "never: not even in a digest");
    assert_eq!(at_once(app.mail_to(&colleague.email).await), 3);
}

/// The next day, two instances run the digests at once: one mail to `to`, listing both
/// applications, with its one-click unsubscribe address (returned).
async fn the_next_day_one_digest_lists_both(app: &TestApp, to: &str) -> String {
    let other = app.another_instance().await;
    let tomorrow = app.clock.today() + time::Duration::days(1);
    let base = app.url("");
    let (a, b) = tokio::join!(
        msp::notify::send_digests(&app.db, tomorrow, &base),
        msp::notify::send_digests(&other.db, tomorrow, &base)
    );
    assert_eq!(a.unwrap() + b.unwrap(), 1);
    assert_eq!(msp::notify::send_digests(&app.db, tomorrow, &base).await.unwrap(), 0);
    let digests: Vec<_> = TestApp::delivered(&[app, &other])
        .await
        .into_iter()
        .filter(|m| m.to == to && m.subject.starts_with("Résumé du"))
        .collect();
    assert_eq!(digests.len(), 1);
    let digest = &digests[0];
    assert!(digest.subject.ends_with(": 2 nouveautés"), "{}", digest.subject);
    assert_eq!(
        digest.text.matches("Une nouvelle candidature (n° ").count(),
        2,
        "{}",
        digest.text
    );
    assert!(digest.text.contains(&app.url("/compte/notifications")));
    assert!(!digest.text.contains("Camille"), "{}", digest.text);
    let unsubscribe = digest.list_unsubscribe.clone().expect("List-Unsubscribe");
    assert!(digest.text.contains(&unsubscribe));
    unsubscribe
}
