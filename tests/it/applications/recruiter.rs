//! The recruiter's side: their establishment's applications only, decisions in bulk, interviews
//! moved and cancelled.

use super::*;

on_both_backends!(a_recruiter_cannot_read_another_establishments_applications);
async fn a_recruiter_cannot_read_another_establishments_applications(app: TestApp) {
    let Scene { app, offer, .. } = scene(app).await;
    apply(&app.browser(), &offer).await;
    let id = application_id(&app).await;
    let browser = app.recruiter_elsewhere().await;
    for path in [
        format!("/candidatures/{id}"),
        format!("/candidatures/{id}/documents/cv"),
        format!("/fiches/{}/candidatures", offer.id),
    ] {
        assert_eq!(browser.get(&path).await.status(), 404, "{path}");
    }
    let ars = app
        .user(Role::ArsOfficer, "ars@ars.test", &[(ScopeKind::Region, "84")])
        .await;
    let browser = app.signed_in(&ars).await;
    assert_eq!(browser.get(&format!("/candidatures/{id}")).await.status(), 403);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'lecture_%'")
            .await,
        0,
        "nothing was read"
    );
}

on_both_backends!(bulk_refusals_send_one_message_each);
async fn bulk_refusals_send_one_message_each(app: TestApp) {
    let Scene {
        app, offer, recruiter, ..
    } = scene(app).await;
    let mut ids = Vec::new();
    for n in 0..3 {
        let email = format!("personne{n}@exemple.fr");
        let response = apply_with(&app.browser(), &offer, &[("email", &email)]).await;
        assert_eq!(response.status(), 200);
        ids.push(application_id(&app).await.to_string());
    }
    let rh = app.signed_in(&recruiter).await;
    let path = format!("/fiches/{}/candidatures/decision", offer.id);
    // A refusal needs its reason; what was ticked and typed stays.
    let chosen = [
        ("ids", ids[0].as_str()),
        ("ids", ids[1].as_str()),
        ("etat", "non_retenue"),
    ];
    let response = rh.post(&path, &chosen).await;
    assert_eq!(response.status(), 422);
    let page = common::says(response, &["Indiquez le motif de la décision"]).await;
    assert!(
        page.contains(&format!("value=\"{}\" id=\"choix-{}\" checked", ids[1], ids[1])),
        "{page}"
    );
    // With it, the recruiter first sees who will be told what; nothing is sent yet.
    let reason = "Profils plus éloignés du projet du service.";
    let mut with_reason = chosen.to_vec();
    with_reason.push(("motif", reason));
    let response = rh.post(&path, &with_reason).await;
    assert_eq!(response.status(), 200);
    common::says(
        response,
        &[
            "Vérifier avant d'envoyer",
            "2 candidatures passeront à « Non retenue »",
            reason,
            "Confirmer et envoyer les 2 messages",
        ],
    )
    .await;
    for n in 0..3 {
        assert_eq!(
            app.mail_to(&format!("personne{n}@exemple.fr")).await.len(),
            1,
            "only the receipt"
        );
    }
    with_reason.push(("confirmer", "oui"));
    let response = rh.post(&path, &with_reason).await;
    assert_eq!(response.status(), 200);
    common::says(response, &["2 candidatures passées à « Non retenue »"]).await;
    for n in 0..3 {
        let mails = app.mail_to(&format!("personne{n}@exemple.fr")).await;
        assert_eq!(mails.len(), if n < 2 { 2 } else { 1 }, "personne{n}");
        // The decision invites an answer to the establishment, not to the platform's no-reply.
        let replies: Vec<_> = mails.iter().map(|m| m.reply_to.as_deref()).collect();
        let wanted: &[Option<&str>] = if n < 2 {
            &[None, Some("recrutement@test.example")]
        } else {
            &[None]
        };
        assert_eq!(replies, wanted, "personne{n}");
    }
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM applications WHERE status = 'non_retenue' AND ended_at IS NOT NULL")
            .await,
        2
    );
    let reasons = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM application_events WHERE reason = '{}'",
            reason.replace('\'', "''")
        ))
        .await;
    assert_eq!(reasons, 2, "the reason is in each history");
}

on_both_backends!(a_rescheduled_interview_updates_every_calendar_and_a_cancelled_one_is_withdrawn);
async fn a_rescheduled_interview_updates_every_calendar_and_a_cancelled_one_is_withdrawn(app: TestApp) {
    let Scene {
        app,
        offer,
        recruiter,
        colleague,
        ..
    } = scene(app).await;
    let id = preselected_application(&app, &offer).await;
    let rh = app.signed_in(&recruiter).await;
    let schedule = |date: &str, panel: &[&TestUser]| {
        let mut form = vec![
            ("date", date.to_string()),
            ("heure", "10h".to_string()),
            ("duree", "45".to_string()),
            ("lieu", String::new()),
            ("visio", "https://visio.example/salle".to_string()),
            ("ccoms", String::new()),
        ];
        form.extend(panel.iter().map(|member| ("panel", member.id.to_string())));
        form
    };
    let both = schedule("2099-03-02", &[&recruiter, &colleague]);
    let response = rh.post(&format!("/candidatures/{id}/entretiens"), &pairs(&both)).await;
    assert_eq!(response.status(), 303);
    let interview = app.scalar("SELECT MAX(id) FROM interviews").await;

    // Another day, and the colleague leaves the panel: updates for those who stay, a
    // cancellation for the one who leaves.
    let moved = schedule("03/03/2099", &[&recruiter]);
    let response = rh
        .post(&format!("/entretiens/{interview}/modifier"), &pairs(&moved))
        .await;
    assert_eq!(response.status(), 303);
    let update = app.last_invitation_to(CANDIDATE).await;
    assert!(
        update.contains("SEQUENCE:1") && update.contains("DTSTART:20990303T090000Z"),
        "{update}"
    );
    let left = app.last_invitation_to(&colleague.email).await;
    assert!(left.contains("METHOD:CANCEL"), "{left}");

    // Cancelled: everyone's calendar withdraws it, and it cannot be moved any more.
    let response = rh.post(&format!("/entretiens/{interview}/annuler"), &[]).await;
    assert_eq!(response.status(), 303);
    let cancelled = app.last_invitation_to(CANDIDATE).await;
    assert!(
        cancelled.contains("METHOD:CANCEL") && cancelled.contains("SEQUENCE:2"),
        "{cancelled}"
    );
    // The candidate's invitations and their cancellation send answers to the establishment.
    let to_candidate = app.mail_to(CANDIDATE).await;
    let mut invitations = to_candidate.iter().filter(|m| m.attachment.is_some());
    assert!(invitations.clone().count() >= 3);
    assert!(invitations.all(|m| m.reply_to.as_deref() == Some("recrutement@test.example")));
    let moved = schedule("04/03/2099", &[&recruiter]);
    let response = rh
        .post(&format!("/entretiens/{interview}/modifier"), &pairs(&moved))
        .await;
    assert_eq!(response.status(), 422);
    let (_, page) = rh.page(&format!("/candidatures/{id}")).await;
    assert!(page.contains("(annulé)"));
}
