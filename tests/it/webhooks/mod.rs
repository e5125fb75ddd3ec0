//! Establishments' webhooks (issue 25): a recruiter adds an address and sees its secret once; a
//! new application reaches the establishment's receiver once, signed, with ids and links and
//! no one's name; a failure is retried under the same `Webhook-Id`; two instances never send
//! one attempt twice; addresses inside a network are refused unless allowed; the test button.

mod receiver;
mod story;

use crate::applications::{CANDIDATE, Scene, apply, scene};
use crate::common::{Browser, TestApp};
use receiver::{Receiver, shown_secret};

const PAGE: &str = "/etablissement/webhooks";

/// Adds the receiver's address for every kind, and gives it the secret the page shows once.
async fn add_endpoint(app: &TestApp, rh: &Browser, receiver: &Receiver) -> i64 {
    let mut fields = vec![("url", receiver.url.as_str())];
    for kind in msp::domain::webhook::KINDS {
        fields.push(("evenements", kind.as_str()));
    }
    let response = rh.post(PAGE, &fields).await;
    assert_eq!(response.status(), 200);
    let page = response.text().await.unwrap();
    receiver.trust(&shown_secret(&page).expect("the secret is shown"));
    let (_, again) = rh.page(PAGE).await;
    assert!(shown_secret(&again).is_none(), "shown once only");
    assert!(again.contains(&receiver.url));
    app.scalar("SELECT MAX(id) FROM webhook_endpoints").await
}

/// Runs one pass of the delivery worker, as the server does, at the application's instant.
async fn deliver(app: &TestApp) -> usize {
    msp::webhooks::deliver_due(&app.db, app.clock.now(), true)
        .await
        .unwrap()
}

on_both_backends!(a_new_application_reaches_the_receiver_once_signed_and_nameless);
async fn a_new_application_reaches_the_receiver_once_signed_and_nameless(app: TestApp) {
    let Scene {
        app, offer, recruiter, ..
    } = scene(app).await;
    let rh = app.signed_in(&recruiter).await;
    let (_, home) = rh.page("/espace").await;
    assert!(
        home.contains(&format!("href=\"{PAGE}\"")),
        "linked from the recruiter's home"
    );
    let receiver = Receiver::start().await;
    add_endpoint(&app, &rh, &receiver).await;
    assert_eq!(app.scalar("SELECT COUNT(*) FROM webhook_deliveries").await, 0);
    let sealed = "SELECT COUNT(*) FROM webhook_endpoints WHERE LENGTH(sealed_secret) > 32";
    assert_eq!(app.scalar(sealed).await, 1, "the secret is stored sealed");

    assert_eq!(apply(&app.browser(), &offer).await.0, 200);
    assert_eq!(deliver(&app).await, 1);
    assert_eq!(deliver(&app).await, 0, "delivered once");
    let got = receiver.received();
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(got[0].signed, "the signature checks with the secret shown once");
    let application = app.scalar("SELECT MAX(id) FROM applications").await;
    let event = app
        .scalar("SELECT MAX(id) FROM events WHERE kind = 'candidature_recue'")
        .await;
    assert_eq!(got[0].id, event.to_string(), "the event's id");
    let json = got[0].json();
    assert_eq!(json["id"], event.to_string());
    assert_eq!(json["type"], "candidature.recue");
    assert_eq!(json["source"], app.url(""));
    assert_eq!(json["data"]["candidature_id"], application);
    assert_eq!(json["data"]["fiche_id"], offer.id);
    assert_eq!(json["data"]["etablissement_id"], offer.employer.id);
    assert_eq!(
        json["data"]["candidature_lien"],
        app.url(&format!("/candidatures/{application}"))
    );
    assert_eq!(json["data"]["fiche_lien"], app.url(&format!("/offres/{}", offer.slug)));
    for personal in ["Camille", "Martin", CANDIDATE, "Aix", "06 12"] {
        assert!(!got[0].body.contains(personal), "{personal} in {}", got[0].body);
    }
    let (_, page) = rh.page(PAGE).await;
    assert!(page.contains("Reçu (code 200)"), "the delivery log");
}

on_both_backends!(a_failed_delivery_is_retried_later_under_the_same_id);
async fn a_failed_delivery_is_retried_later_under_the_same_id(app: TestApp) {
    let Scene {
        app, offer, recruiter, ..
    } = scene(app).await;
    let rh = app.signed_in(&recruiter).await;
    let receiver = Receiver::start().await;
    add_endpoint(&app, &rh, &receiver).await;
    receiver.answer(&[500]);
    apply(&app.browser(), &offer).await;
    assert_eq!(deliver(&app).await, 0);
    assert_eq!(deliver(&app).await, 0, "not due again at once");
    assert_eq!(receiver.received().len(), 1);
    let (_, page) = rh.page(PAGE).await;
    assert!(page.contains("Refusé (code 500)"), "{page}");

    app.set_now(app.clock.now() + time::Duration::minutes(2));
    assert_eq!(deliver(&app).await, 1);
    let got = receiver.received();
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].id, got[1].id, "the same Webhook-Id on the retry");
    assert_eq!(got[0].body, got[1].body);
    assert!(got.iter().all(|r| r.signed));
    let attempts = "SELECT COUNT(*) FROM webhook_attempts";
    assert_eq!(app.scalar(attempts).await, 2, "every attempt logged");
}

on_both_backends!(a_receiver_that_always_fails_is_given_up_and_shown_so);
async fn a_receiver_that_always_fails_is_given_up_and_shown_so(app: TestApp) {
    let Scene {
        app, offer, recruiter, ..
    } = scene(app).await;
    let rh = app.signed_in(&recruiter).await;
    let receiver = Receiver::start().await;
    add_endpoint(&app, &rh, &receiver).await;
    receiver.answer(&[503; 10]);
    apply(&app.browser(), &offer).await;
    for _ in 0..10 {
        deliver(&app).await;
        app.set_now(app.clock.now() + time::Duration::hours(25));
    }
    assert_eq!(receiver.received().len(), 7, "seven attempts, then given up");
    let (_, page) = rh.page(PAGE).await;
    assert!(page.contains("Abandonné"), "{page}");
}

on_both_backends!(two_instances_send_each_attempt_once);
async fn two_instances_send_each_attempt_once(app: TestApp) {
    let Scene {
        app, offer, recruiter, ..
    } = scene(app).await;
    let rh = app.signed_in(&recruiter).await;
    let receiver = Receiver::start().await;
    add_endpoint(&app, &rh, &receiver).await;
    for _ in 0..5 {
        assert_eq!(apply(&app.browser(), &offer).await.0, 200);
    }
    let second = app.another_instance().await;
    let now = app.clock.now();
    let (a, b, c) = tokio::join!(
        msp::webhooks::deliver_due(&app.db, now, true),
        msp::webhooks::deliver_due(&second.db, now, true),
        msp::webhooks::deliver_due(&app.db, now, true),
    );
    assert_eq!(a.unwrap() + b.unwrap() + c.unwrap(), 5);
    let mut ids: Vec<String> = receiver.received().into_iter().map(|r| r.id).collect();
    assert_eq!(ids.len(), 5, "{ids:?}");
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 5, "each event once");
}

/// Another instance on the same database with the default configuration: private addresses
/// refused. Returns its address.
async fn strict_instance(app: &TestApp) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (mailer, _) = msp::mail::Mailer::in_memory("Programme MSP <ne-pas-repondre@msp.test>");
    let state = msp::web::AppState::new(app.db.clone(), &base, mailer);
    assert!(!state.webhooks_allow_private, "off by default");
    tokio::spawn(async move {
        msp::web::serve_on(listener, state, std::future::pending())
            .await
            .unwrap()
    });
    base
}

on_both_backends!(plain_http_and_private_addresses_are_refused_next_to_the_field);
async fn plain_http_and_private_addresses_are_refused_next_to_the_field(app: TestApp) {
    let Scene { app, recruiter, .. } = scene(app).await;
    let base = strict_instance(&app).await;
    let (cookie, csrf) = app.credentials(Some(&recruiter), true).await;
    let cases = [
        ("http://rh.example.org/msp", "doit commencer par https://"),
        ("https://127.0.0.1/msp", "réseau privé"),
        ("https://10.0.0.8/msp", "réseau privé"),
        ("https://169.254.169.254/latest", "réseau privé"),
        ("https://[::1]/msp", "réseau privé"),
        ("https://[fd12::1]/msp", "réseau privé"),
        ("https://localhost/msp", "réseau privé"),
    ];
    for (typed, says) in cases {
        let response = app
            .client
            .post(format!("{base}{PAGE}"))
            .header("cookie", &cookie)
            .form(&[
                ("_csrf", csrf.as_str()),
                ("url", typed),
                ("evenements", "candidature_recue"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 422, "{typed}");
        let page = response.text().await.unwrap();
        assert!(page.contains(says), "{typed}: {page}");
        assert!(page.contains("id=\"erreur-url\""), "next to the field");
        assert!(page.contains(&format!("value=\"{typed}\"")), "what was typed is kept");
    }
    let response = app
        .client
        .post(format!("{base}{PAGE}"))
        .header("cookie", &cookie)
        .form(&[("_csrf", csrf.as_str()), ("url", "https://rh.example.org/msp")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Choisissez au moins un événement")
    );
    assert_eq!(app.scalar("SELECT COUNT(*) FROM webhook_endpoints").await, 0);
}

on_both_backends!(the_test_button_sends_a_signed_test_event_and_a_renewed_secret_signs_after);
async fn the_test_button_sends_a_signed_test_event_and_a_renewed_secret_signs_after(app: TestApp) {
    let Scene { app, recruiter, .. } = scene(app).await;
    let rh = app.signed_in(&recruiter).await;
    let receiver = Receiver::start().await;
    let id = add_endpoint(&app, &rh, &receiver).await.to_string();
    let response = rh.post("/etablissement/webhooks/test", &[("id", id.as_str())]).await;
    assert_eq!(response.status(), 200);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("événement de test part dans la minute")
    );
    assert_eq!(deliver(&app).await, 1);
    let got = receiver.received();
    assert_eq!(got[0].json()["type"], "test");
    assert!(got[0].signed);
    let (_, page) = rh.page(PAGE).await;
    assert!(page.contains("Événement de test") && page.contains("Reçu (code 200)"));

    // A renewed secret: the old one no longer checks, the new one does.
    let renewed = rh.post("/etablissement/webhooks/secret", &[("id", id.as_str())]).await;
    let shown = shown_secret(&renewed.text().await.unwrap()).expect("the new secret is shown");
    rh.post("/etablissement/webhooks/test", &[("id", id.as_str())]).await;
    deliver(&app).await;
    assert!(!receiver.received()[1].signed, "the old secret signs nothing");
    receiver.trust(&shown);
    rh.post("/etablissement/webhooks/test", &[("id", id.as_str())]).await;
    deliver(&app).await;
    assert!(receiver.received()[2].signed);

    // Turned off, the address hears of nothing new; deleted, it is gone with its log.
    rh.post("/etablissement/webhooks/activation", &[("id", id.as_str())])
        .await;
    rh.post("/etablissement/webhooks/suppression", &[("id", id.as_str())])
        .await;
    assert_eq!(app.scalar("SELECT COUNT(*) FROM webhook_endpoints").await, 0);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM webhook_attempts").await, 0);
    let audited = "SELECT COUNT(*) FROM audit_log WHERE action IN \
                   ('webhook_cree', 'webhook_secret_renouvele', 'webhook_desactive', 'webhook_supprime')";
    assert_eq!(app.scalar(audited).await, 4);
}

on_both_backends!(a_disabled_endpoint_and_another_establishments_hear_nothing);
async fn a_disabled_endpoint_and_another_establishments_hear_nothing(app: TestApp) {
    let Scene {
        app, offer, recruiter, ..
    } = scene(app).await;
    let rh = app.signed_in(&recruiter).await;
    let receiver = Receiver::start().await;
    let id = add_endpoint(&app, &rh, &receiver).await.to_string();
    let elsewhere = app.establishment("CH Ailleurs", "Brest", "29").await;
    let other = app.recruiter("rh@ailleurs.test", &elsewhere).await;
    let other_rh = app.signed_in(&other).await;
    let (_, page) = other_rh.page(PAGE).await;
    assert!(
        !page.contains(&receiver.url),
        "another establishment's address is not shown"
    );
    other_rh
        .post("/etablissement/webhooks/suppression", &[("id", id.as_str())])
        .await;
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM webhook_endpoints").await,
        1,
        "out of scope"
    );

    // A delivery already waiting for its retry is held while the address is off.
    receiver.answer(&[500]);
    apply(&app.browser(), &offer).await;
    assert_eq!(deliver(&app).await, 0);
    rh.post("/etablissement/webhooks/activation", &[("id", id.as_str())])
        .await;
    app.set_now(app.clock.now() + time::Duration::minutes(2));
    assert_eq!(deliver(&app).await, 0, "nothing sent to an address turned off");
    apply(&app.browser(), &offer).await;
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM webhook_deliveries").await,
        1,
        "nothing queued for it"
    );
    rh.post("/etablissement/webhooks/activation", &[("id", id.as_str())])
        .await;
    assert_eq!(deliver(&app).await, 1, "turned on again, it gets what waited");
    assert_eq!(receiver.received().len(), 2);
}

#[test]
fn the_readme_says_how_to_receive_and_verify() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    for needed in [
        "Webhook-Id",
        "Webhook-Timestamp",
        "Webhook-Signature",
        "Standard Webhooks",
        "MSP_WEBHOOKS_ALLOW_PRIVATE",
    ] {
        assert!(readme.contains(needed), "{needed}");
    }
}
