//! Relayed messages: the mail says only that a message waits; closing, blocking, and a third
//! member who cannot read.

use super::*;

on_both_backends!(
    a_message_is_relayed_and_the_mail_holds_neither_its_text_nor_its_author,
    a_closed_conversation_refuses_new_messages_and_says_who_closed_it,
    a_third_member_cannot_read_nor_write_in_a_conversation,
    blocking_hides_both_ways_and_refuses_writing,
    a_member_who_turned_messages_off_gets_no_new_conversation,
);

async fn a_message_is_relayed_and_the_mail_holds_neither_its_text_nor_its_author(app: TestApp) {
    let (_, lune, lune_id) = member(&app, "lune@reseau.test", "Lune").await;
    let (_, soleil, soleil_id) = member(&app, "soleil@reseau.test", "Soleil").await;
    let (status, form) = main_of(&soleil, &format!("/reseau/{lune_id}/ecrire")).await;
    assert_eq!(status, 200);
    assert!(form.contains("Écrire à Lune"), "{form}");
    let conversation = write(&soleil, lune_id, "Bonjour, parlons du binôme secret-42").await;

    let mails = app.mail_to("lune@reseau.test").await;
    assert_eq!(mails.len(), 1, "one mail: a message waits");
    let mail = &mails[0];
    assert!(mail.subject.contains("Un message vous attend"), "{}", mail.subject);
    let link = format!("/reseau/messages/{conversation}");
    assert!(mail.text.contains(&link), "{}", mail.text);
    for leak in ["secret-42", "binôme", "Soleil", "soleil@reseau.test"] {
        assert!(
            !mail.text.contains(leak) && !mail.html.contains(leak) && !mail.subject.contains(leak),
            "{leak}"
        );
    }

    let (status, page) = main_of(&lune, &link).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("Conversation avec Soleil") && page.contains("secret-42"),
        "{page}"
    );
    assert!(!page.contains("@reseau.test"));
    let answered = lune.post(&link, &[("message", "Avec plaisir !")]).await;
    assert_eq!(location(&answered), format!("{link}?fait=envoye"));
    assert_eq!(app.told("soleil@reseau.test", "Un message vous attend").await, 1);
    let (_, page) = main_of(&soleil, &link).await;
    assert!(page.contains("Avec plaisir !"));
    let (_, list) = main_of(&soleil, "/reseau/messages").await;
    assert!(list.contains("Avec Lune"), "{list}");
    // Writing again from the directory continues the open conversation.
    let again = soleil.get(&format!("/reseau/{lune_id}/ecrire")).await;
    assert_eq!(location(&again), link);
    let _ = soleil_id;
}

async fn a_closed_conversation_refuses_new_messages_and_says_who_closed_it(app: TestApp) {
    let (_, lune, lune_id) = member(&app, "lune@reseau.test", "Lune").await;
    let (_, soleil, _) = member(&app, "soleil@reseau.test", "Soleil").await;
    let conversation = write(&soleil, lune_id, "Bonjour").await;
    let link = format!("/reseau/messages/{conversation}");
    let closed = lune.post(&format!("{link}/fermer"), &[]).await;
    assert_eq!(location(&closed), format!("{link}?fait=ferme"));
    let refused = soleil.post(&link, &[("message", "Encore un mot")]).await;
    assert_eq!(refused.status(), 409);
    let page = unescape(&refused.text().await.unwrap());
    assert!(
        page.contains("fermée par Lune") && !page.contains("Votre réponse"),
        "{page}"
    );
    assert_eq!(app.scalar("SELECT COUNT(*) FROM network_messages").await, 1);
    let (_, seen) = main_of(&lune, &link).await;
    assert!(seen.contains("fermée par vous"), "{seen}");
    // A new message starts a new conversation.
    let next = write(&soleil, lune_id, "On reprend ?").await;
    assert_ne!(next, conversation);
}

async fn a_third_member_cannot_read_nor_write_in_a_conversation(app: TestApp) {
    let (_, _, lune_id) = member(&app, "lune@reseau.test", "Lune").await;
    let (_, soleil, _) = member(&app, "soleil@reseau.test", "Soleil").await;
    let (_, etoile, _) = member(&app, "etoile@reseau.test", "Étoile").await;
    let conversation = write(&soleil, lune_id, "Entre nous").await;
    let link = format!("/reseau/messages/{conversation}");
    assert_eq!(etoile.get(&link).await.status(), 404);
    assert_eq!(etoile.post(&link, &[("message", "Coucou")]).await.status(), 404);
    assert_eq!(etoile.post(&format!("{link}/fermer"), &[]).await.status(), 404);
    let report = [("message", "1"), ("raison", "Pour voir")];
    assert_eq!(etoile.post(&format!("{link}/signaler"), &report).await.status(), 404);
    let (_, list) = main_of(&etoile, "/reseau/messages").await;
    assert!(!list.contains("Avec"), "{list}");
    // Nor can the CCOMS, which reads only reported messages.
    assert_eq!(ccoms(&app).await.get(&link).await.status(), 403);
}

async fn blocking_hides_both_ways_and_refuses_writing(app: TestApp) {
    let (_, lune, lune_id) = member(&app, "lune@reseau.test", "Lune").await;
    let (_, soleil, soleil_id) = member(&app, "soleil@reseau.test", "Soleil").await;
    let conversation = write(&soleil, lune_id, "Bonjour").await;
    let blocked = lune.post(&format!("/reseau/{soleil_id}/bloquer"), &[]).await;
    assert_eq!(location(&blocked), "/reseau?fait=bloque");
    let (_, seen_by_lune) = main_of(&lune, "/reseau").await;
    assert!(!seen_by_lune.contains("Soleil"), "{seen_by_lune}");
    let (_, seen_by_soleil) = main_of(&soleil, "/reseau").await;
    assert!(
        !seen_by_soleil.contains("Lune") && !seen_by_soleil.contains("bloqu"),
        "{seen_by_soleil}"
    );
    assert_eq!(soleil.get(&format!("/reseau/{lune_id}/ecrire")).await.status(), 404);
    let refused = soleil
        .post(&format!("/reseau/{lune_id}/ecrire"), &[("message", "Hé")])
        .await;
    assert_eq!(refused.status(), 404);
    let reply = soleil
        .post(&format!("/reseau/messages/{conversation}"), &[("message", "Hé")])
        .await;
    assert_eq!(reply.status(), 409, "their conversation is closed");
    assert_eq!(lune.get(&format!("/reseau/{soleil_id}/ecrire")).await.status(), 404);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM network_messages").await, 1);
}

async fn a_member_who_turned_messages_off_gets_no_new_conversation(app: TestApp) {
    let (_, lune, lune_id) = member(&app, "lune@reseau.test", "Lune").await;
    let (_, soleil, _) = member(&app, "soleil@reseau.test", "Soleil").await;
    let saved = lune.post("/reseau/adhesion", &[("nom", "Lune")]).await;
    assert_eq!(location(&saved), "/reseau/adhesion?fait=modifie");
    let (_, directory) = main_of(&soleil, "/reseau").await;
    assert!(directory.contains("N'accepte pas de messages"), "{directory}");
    let refused = soleil
        .post(&format!("/reseau/{lune_id}/ecrire"), &[("message", "Hé")])
        .await;
    assert_eq!(refused.status(), 409);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM network_conversations").await, 0);
}
