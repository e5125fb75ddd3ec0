//! What a hire and an enrolment tell: a hire to the CCOMS (in its daily digest unless it chose
//! otherwise); an enrolment moved and a milestone coming to the MSP and their establishment.

use super::*;

/// Digest lines waiting for a person.
async fn waiting(app: &TestApp, user: &TestUser) -> i64 {
    let sql = format!(
        "SELECT COUNT(*) FROM notification_digest WHERE user_id = {} AND sent_at IS NULL",
        user.id
    );
    app.scalar(&sql).await
}

on_both_backends!(a_hire_and_an_enrolment_tell_the_ccoms_the_msp_and_their_establishment);
async fn a_hire_and_an_enrolment_tell_the_ccoms_the_msp_and_their_establishment(app: TestApp) {
    let scene = scene(app).await;
    let app = &scene.app;
    let msp_user = app.user(Role::Msp, MSP_EMAIL, &[]).await;
    let (rh, ccoms, record, cohort) = hired(&scene).await;
    // The hire: in the CCOMS's digest by default, not at once.
    assert_eq!(waiting(app, &scene.coordinator).await, 1);
    assert_eq!(app.told(&scene.coordinator.email, "Embauche").await, 0);

    // The CCOMS wants hires at once: the next one comes at once.
    let (_, settings) = ccoms.page("/compte/notifications").await;
    assert!(settings.contains("Une personne est embauchée"), "{settings}");
    let chosen = [
        ("embauche", "immediat"),
        ("fiche_soumise", "immediat"),
        ("evaluation_attendue", "immediat"),
        ("projet_abandonne", "quotidien"),
        ("derogation_demandee", "immediat"),
        ("demande_poste", "immediat"),
    ];
    assert_eq!(ccoms.post("/compte/notifications", &chosen).await.status(), 303);
    hire_as(&scene, &rh, "dominique@exemple.fr").await;
    assert_eq!(app.told(&scene.coordinator.email, "Embauche sur l'offre").await, 1);
    let mail = app.mail_to(&scene.coordinator.email).await.remove(0);
    assert!(
        !mail.text.contains("Camille") && !mail.text.contains("dominique@"),
        "{}",
        mail.text
    );

    // Enrolled, then moved by the CCOMS: the MSP at once, their manager in the digest.
    let enrolment = last_id(&enrol(&ccoms, record, cohort, true).await);
    assert_eq!(move_to(&ccoms, enrolment, "inscrite").await, 303);
    assert_eq!(
        app.told(MSP_EMAIL, &format!("Inscription en formation n° {enrolment}"))
            .await,
        1
    );
    assert_eq!(waiting(app, &scene.recruiter).await, 1);

    // A milestone comes: the MSP's account and the manager, once each, even on two runs.
    let day = date!(2027 - 01 - 11);
    let (a, b) = tokio::join!(remind_on(app, day), remind_on(app, day));
    assert_eq!(a + b, 2, "two milestones fall within the week");
    assert_eq!(remind_on(app, day).await, 0);
    assert_eq!(app.told(MSP_EMAIL, "Rappel : Arrivée dans l'équipe").await, 1);
    assert_eq!(
        app.told(&scene.recruiter.email, "Rappel : Arrivée dans l'équipe").await,
        1
    );
    let mail = app.mail_to(MSP_EMAIL).await.pop().unwrap();
    assert!(mail.text.contains("cela vous concerne directement"), "{}", mail.text);
    drop(msp_user);
}
