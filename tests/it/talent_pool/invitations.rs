//! Invitations to apply: to an open offer of the inviter's scope only, once per offer; they
//! reach the member by their page, their home and a mail naming only the establishment and
//! the offer; the inviter sees sent, declined or applied, nothing more.

use super::*;

on_both_backends!(
    a_recruiter_invites_to_an_open_offer_of_their_scope_only_and_the_member_hears_of_it,
    the_member_answers_and_the_inviter_sees_only_declined_or_applied,
);

async fn a_recruiter_invites_to_an_open_offer_of_their_scope_only_and_the_member_hears_of_it(app: TestApp) {
    let (user, candidate) = member(&app, "invitee@vivier.test", &profile(&["11"], "", &[])).await;
    let id = member_id(&app, &user).await;
    let (recruiter, ours) = recruiter_with_offer(&app, "CH Sainte-Anne", "75", "MSP – unité d'admission").await;
    let (_, theirs) = recruiter_with_offer(&app, "CH Ailleurs", "59", "MSP – ailleurs").await;
    let (_, page) = recruiter.page(&format!("/vivier/{id}")).await;
    assert!(page.contains(&format!("value=\"{ours}\"")) && !page.contains(&format!("value=\"{theirs}\"")));
    assert!(!main_of(&page).contains("invitee@vivier.test") && !main_of(&page).contains("Camille Test"));

    let path = format!("/vivier/{id}/invitation");
    let refused = recruiter.post(&path, &[("offre", &theirs.to_string())]).await;
    assert_eq!(refused.status(), 422, "another establishment's offer");
    assert!(refused.text().await.unwrap().contains("id=\"erreur-offre\""));
    assert_eq!(app.scalar("SELECT COUNT(*) FROM talent_pool_invitations").await, 0);
    let sent = recruiter.post(&path, &[("offre", &ours.to_string())]).await;
    assert_eq!(location(&sent), format!("/vivier/{id}?fait=invite"));
    let again = recruiter.post(&path, &[("offre", &ours.to_string())]).await;
    assert_eq!(again.status(), 422, "one invitation per member and offer");
    assert!(again.text().await.unwrap().contains("déjà invitée"));
    assert_eq!(app.scalar("SELECT COUNT(*) FROM talent_pool_invitations").await, 1);
    assert_eq!(super::audited(&app, "invitation_vivier").await, 1);

    let mails = app.mail_to("invitee@vivier.test").await;
    assert_eq!(mails.len(), 1);
    let mail = &mails[0];
    assert!(mail.subject.contains("MSP – unité d'admission"), "{}", mail.subject);
    assert!(mail.text.contains("CH Sainte-Anne") && mail.text.contains(&app.url("/compte/vivier")));
    for secret_or_inviter in ["@vivier.test", "Camille", "jeton", "token"] {
        assert!(
            !mail.text.contains(secret_or_inviter),
            "{secret_or_inviter}: {}",
            mail.text
        );
    }
    let (_, home) = candidate.page("/espace").await;
    assert!(
        home.contains("1</strong> <span><a href=\"/compte/vivier#invitations\">invitation à postuler"),
        "{home}"
    );
    let (_, mine) = candidate.page("/mes-candidatures").await;
    assert!(mine.contains("Une invitation à postuler vous attend"));
    let (_, page) = candidate.page("/compte/vivier").await;
    assert!(
        page.contains("<strong>CH Sainte-Anne</strong> vous invite à postuler"),
        "{page}"
    );

    // The CCOMS invites to any open offer.
    let coordinator = ccoms(&app).await;
    let sent = coordinator.post(&path, &[("offre", &theirs.to_string())]).await;
    assert_eq!(sent.status(), 303);
}

async fn the_member_answers_and_the_inviter_sees_only_declined_or_applied(app: TestApp) {
    let (user, candidate) = member(&app, "answers@vivier.test", &profile(&["11"], "", &[])).await;
    let id = member_id(&app, &user).await;
    let (recruiter, first) = recruiter_with_offer(&app, "CH Esquirol", "94", "MSP – CMP adultes").await;
    let employer = app
        .scalar(&format!("SELECT establishment_id FROM fiches WHERE id = {first}"))
        .await;
    let path = format!("/vivier/{id}/invitation");
    recruiter.post(&path, &[("offre", &first.to_string())]).await;
    let (_, page) = recruiter.page(&format!("/vivier/{id}")).await;
    assert!(page.contains("<strong>Envoyée</strong>"));

    let invitation = app.scalar("SELECT MAX(id) FROM talent_pool_invitations").await;
    let invitation = invitation.to_string();
    let declined = candidate
        .post(
            "/compte/vivier/reponse",
            &[("invitation", &invitation), ("reponse", "pas_interesse")],
        )
        .await;
    assert_eq!(declined.status(), 303);
    let (_, page) = recruiter.page(&format!("/vivier/{id}")).await;
    assert!(page.contains("<strong>Déclinée</strong>"), "{page}");
    let (_, home) = candidate.page("/espace").await;
    assert!(
        !home.contains("invitation à postuler"),
        "an answered invitation waits no more"
    );

    // To the offer, then applying from the account: the inviter learns they applied.
    let to_offer = candidate
        .post(
            "/compte/vivier/reponse",
            &[("invitation", &invitation), ("reponse", "postuler")],
        )
        .await;
    assert!(location(&to_offer).starts_with("/offres/"), "{}", location(&to_offer));
    sqlx::query(
        "INSERT INTO applications (fiche_id, establishment_id, candidate_id, status, full_name, email, phone, town, \
         message, followed_by_service, talent_pool, consent_at, consent_version, follow_token_hash, submission_key, \
         created_at, updated_at, last_contact_at) VALUES ($1, $2, $3, 'recue', 'Answers', 'answers@vivier.test', \
         '', 'Paris', '', 'non', 0, $4, 'v', 'h-answers', 'k-answers', $4, $4, $4)",
    )
    .bind(first)
    .bind(employer)
    .bind(user.id)
    .bind("2026-12-01T10:00:00Z")
    .execute(&app.db.pool)
    .await
    .unwrap();
    let (_, page) = recruiter.page(&format!("/vivier/{id}")).await;
    assert!(page.contains("<strong>A postulé</strong>"), "{page}");

    // Someone else's invitation is not the candidate's to answer.
    let (_, other) = member(&app, "other@vivier.test", &profile(&["11"], "", &[])).await;
    let refused = other
        .post(
            "/compte/vivier/reponse",
            &[("invitation", &invitation), ("reponse", "pas_interesse")],
        )
        .await;
    assert_eq!(refused.status(), 404);
}
