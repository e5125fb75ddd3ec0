//! The CCOMS closes a confirmed request: accepted for a new or a registered establishment, its
//! contact invited as recruiter; or answered in writing.

use super::*;

on_both_backends!(
    accepting_a_request_creates_its_establishment_and_invites_its_contact_as_recruiter,
    accepting_a_request_can_match_an_establishment_already_registered,
    the_ccoms_answers_a_request_in_writing_once,
    a_contact_already_recruiting_elsewhere_gets_the_establishment_and_is_told,
);

/// The contact is already a recruiter (of another establishment): no invitation, their account
/// opens the new establishment too, and a mail tells them so.
async fn a_contact_already_recruiting_elsewhere_gets_the_establishment_and_is_told(app: TestApp) {
    let (_, ccoms) = ccoms(&app).await;
    let other = app.establishment("Clinique Ailleurs", "Brest", "29").await;
    let contact = app.recruiter("cadre@rouvray.example", &other).await;
    let id = confirmed_request(&app, &request_fields("cadre@rouvray.example")).await;
    let accepted = ccoms
        .post(
            &format!("/demandes-de-poste/{id}/accepter"),
            &[("etablissement", "nouveau"), ("statut", "public")],
        )
        .await;
    assert_eq!(accepted.status(), 303);
    let created = app
        .scalar("SELECT establishment_id FROM team_requests WHERE status = 'acceptee'")
        .await;
    let scopes = format!(
        "SELECT COUNT(*) FROM user_scopes WHERE user_id = {} AND kind = 'establishment' AND value IN ('{}', '{created}')",
        contact.id, other.id
    );
    assert_eq!(app.scalar(&scopes).await, 2, "both establishments");
    assert_eq!(
        app.told(
            "cadre@rouvray.example",
            "Votre demande de création de poste de médiateur de santé-pair est acceptée"
        )
        .await,
        1
    );
    assert_eq!(app.told("cadre@rouvray.example", "Invitation").await, 0);
}

async fn accepting_a_request_creates_its_establishment_and_invites_its_contact_as_recruiter(app: TestApp) {
    let (_, ccoms) = ccoms(&app).await;
    let mut fields = request_fields("cadre@neuf.example");
    fields[0].1 = "EPSM Tout Neuf".into();
    fields[1].1 = "267 500 452 00011".into();
    let id = confirmed_request(&app, &fields).await;
    let accept = format!("/demandes-de-poste/{id}/accepter");

    let (_, page) = ccoms.page(&format!("/demandes-de-poste/{id}")).await;
    assert!(
        page.contains("Créer un nouvel établissement : EPSM Tout Neuf"),
        "{page}"
    );
    let missing = ccoms.post(&accept, &[("etablissement", "nouveau")]).await;
    assert_eq!(missing.status(), 422);
    assert!(
        missing
            .text()
            .await
            .unwrap()
            .contains("Choisissez si le nouvel établissement est public ou privé.")
    );
    let before = app.scalar("SELECT COUNT(*) FROM establishments").await;

    let accepted = ccoms
        .post(&accept, &[("etablissement", "nouveau"), ("statut", "public")])
        .await;
    assert_eq!(accepted.status(), 303);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM establishments").await, before + 1);
    let created = app
        .scalar("SELECT id FROM establishments WHERE name = 'EPSM Tout Neuf'")
        .await;
    let stored = "SELECT COUNT(*) FROM establishments WHERE siret = '26750045200011' AND finess = '760000166' \
                  AND commune = 'Sotteville-lès-Rouen' AND departement_code = '76'";
    assert_eq!(app.scalar(stored).await, 1, "the establishment is made of the request");
    let (_, page) = ccoms.page(&format!("/demandes-de-poste/{id}")).await;
    assert!(page.contains("Acceptée") && page.contains("EPSM Tout Neuf"), "{page}");
    let audited = "SELECT COUNT(*) FROM audit_log WHERE action IN ('demande_poste_acceptee', 'etablissement_cree')";
    assert_eq!(app.scalar(audited).await, 2);

    // The contact's invitation makes a recruiter of that establishment, and of it only.
    let link = app.last_link_to("cadre@neuf.example").await;
    assert!(link.starts_with("/invitation?jeton="), "{link}");
    let token = link.split("jeton=").nth(1).unwrap();
    let contact = app.browser();
    let fields = [
        ("jeton", token),
        ("name", "Dominique Cadre"),
        ("password", common::PASSWORD),
    ];
    assert_eq!(contact.post("/invitation", &fields).await.status(), 200);
    let scope = format!(
        "SELECT COUNT(*) FROM user_scopes s JOIN users u ON u.id = s.user_id WHERE u.email = 'cadre@neuf.example' \
         AND u.role = 'recruiter' AND s.kind = 'establishment' AND s.value = '{created}'"
    );
    assert_eq!(app.scalar(&scope).await, 1);

    let twice = ccoms
        .post(&accept, &[("etablissement", "nouveau"), ("statut", "public")])
        .await;
    assert_eq!(twice.status(), 409, "a request is closed once");
}

async fn accepting_a_request_can_match_an_establishment_already_registered(app: TestApp) {
    let (_, ccoms) = ccoms(&app).await;
    let registered = app.establishment("CH du Rouvray", "Sotteville-lès-Rouen", "76").await;
    let elsewhere = app.establishment("Clinique Ailleurs", "Brest", "29").await;
    let id = confirmed_request(&app, &request_fields("cadre@rouvray.example")).await;
    let (_, page) = ccoms.page(&format!("/demandes-de-poste/{id}")).await;
    assert!(
        page.contains(&format!("value=\"{}\"", registered.id)),
        "the registered one is proposed"
    );
    assert!(page.contains("nom proche") || page.contains("même commune"));
    assert!(
        !page.contains(&format!("value=\"{}\"", elsewhere.id)),
        "a stranger is not"
    );

    let unknown = ccoms
        .post(
            &format!("/demandes-de-poste/{id}/accepter"),
            &[("etablissement", "999999")],
        )
        .await;
    assert_eq!(unknown.status(), 422);
    let before = app.scalar("SELECT COUNT(*) FROM establishments").await;
    let chosen = registered.id.to_string();
    let accepted = ccoms
        .post(
            &format!("/demandes-de-poste/{id}/accepter"),
            &[("etablissement", &chosen)],
        )
        .await;
    assert_eq!(accepted.status(), 303);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM establishments").await,
        before,
        "nothing created"
    );
    let closed = format!("SELECT establishment_id FROM team_requests WHERE id = {id} AND status = 'acceptee'");
    assert_eq!(app.scalar(&closed).await, registered.id);
    let invitations = app.mail_to("cadre@rouvray.example").await;
    let invitation = invitations.last().unwrap();
    assert!(invitation.subject.starts_with("Invitation"), "{}", invitation.subject);
    let grant = format!(
        "SELECT COUNT(*) FROM one_time_tokens WHERE purpose = 'invitation' AND email = 'cadre@rouvray.example' \
         AND payload LIKE '%\"establishment\",\"{}\"%'",
        registered.id
    );
    assert_eq!(app.scalar(&grant).await, 1);
}

async fn the_ccoms_answers_a_request_in_writing_once(app: TestApp) {
    let (_, ccoms) = ccoms(&app).await;
    let id = confirmed_request(&app, &request_fields("cadre@reponse.example")).await;
    let answer = format!("/demandes-de-poste/{id}/repondre");
    let empty = ccoms.post(&answer, &[("reponse", "  ")]).await;
    assert_eq!(empty.status(), 422);
    assert!(empty.text().await.unwrap().contains("Indiquez votre réponse."));

    let text = "Bonjour,\n\nNous vous proposons une première réunion en janvier.\n\nLa coordination";
    assert_eq!(ccoms.post(&answer, &[("reponse", text)]).await.status(), 303);
    let mails = app.mail_to("cadre@reponse.example").await;
    let reply = mails.last().unwrap();
    assert_eq!(
        reply.subject,
        "Votre demande de création de poste de médiateur de santé-pair"
    );
    assert!(reply.text.contains("une première réunion en janvier"));
    let (_, page) = ccoms.page(&format!("/demandes-de-poste/{id}")).await;
    assert!(page.contains("Répondue") && page.contains("une première réunion en janvier"));
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'demande_poste_repondue'")
            .await,
        1
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM establishments").await,
        0,
        "no establishment for an answer"
    );

    let again = ccoms.post(&answer, &[("reponse", "Encore")]).await;
    assert_eq!(again.status(), 409);
}
