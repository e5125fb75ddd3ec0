//! What the review tells, by e-mail, once to each person: a submission to every CCOMS
//! coordinator, a comment, a correction asked, a publication and a closing to the fiche's
//! recruiters; never to whoever did it.

use super::*;

on_both_backends!(the_review_tells_each_side_once);
async fn the_review_tells_each_side_once(app: TestApp) {
    let team = team(&app).await;
    let colleague = app.recruiter("cadre@tilleuls.fr", &team.employer).await;
    let second = app.user(Role::Coordinator, "second@ccoms.fr", &[]).await;
    let coordinator = app.signed_in(&team.coordinator).await;
    let (recruiter, fiche) = submitted(&app, &team).await;
    let id = fiche.trim_start_matches("/fiches/");

    // Submitted: each coordinator once, with the fiche's page; the recruiters nothing.
    for to in [team.coordinator.email.as_str(), second.email.as_str()] {
        assert_eq!(app.told(to, "Fiche à relire").await, 1, "{to}");
    }
    let mails = app.mail_to(&second.email).await;
    let text = &mails.last().unwrap().text;
    assert!(text.contains(&app.url(&fiche)), "{text}");
    assert!(text.contains("vous coordonnez le programme au CCOMS"), "{text}");
    assert!(text.contains(&app.url("/compte/notifications")), "{text}");
    assert_eq!(app.mail_to(&team.recruiter.email).await.len(), 0);

    // A comment and a correction asked: both recruiters, once each; the CCOMS nothing more.
    let comment = [
        ("section", "missions"),
        ("commentaire", "Précisez le travail avec les familles."),
    ];
    let response = coordinator.post(&format!("{fiche}/commentaires"), &comment).await;
    assert_eq!(response.status(), 303);
    assert_eq!(decide(&coordinator, &fiche, "a_corriger").await.status(), 303);
    for to in [team.recruiter.email.as_str(), colleague.email.as_str()] {
        assert_eq!(app.told(to, "Nouvelle remarque sur la fiche").await, 1, "{to}");
        assert_eq!(app.told(to, "Fiche à corriger").await, 1, "{to}");
    }
    assert_eq!(app.mail_to(&team.coordinator.email).await.len(), 1);

    // Submitted again and published: the coordinators hear of the new submission, the
    // recruiters of the publication.
    assert_eq!(submit(&recruiter, &fiche).await.status(), 303);
    assert_eq!(app.told(&second.email, "Fiche à relire").await, 2);
    assert_eq!(decide(&coordinator, &fiche, "publier").await.status(), 303);
    for to in [team.recruiter.email.as_str(), colleague.email.as_str()] {
        assert_eq!(app.told(to, "Offre publiée").await, 1, "{to}");
    }

    // Filled by one recruiter: the other hears of it (in the day's digest by default).
    let (_, page) = recruiter.page(&fiche).await;
    let fields = [("fin", "pourvu"), ("version", &hidden_value(&page, "version"))];
    assert_eq!(recruiter.post(&format!("{fiche}/fin"), &fields).await.status(), 303);
    let waiting = format!(
        "SELECT COUNT(*) FROM notification_digest d JOIN events e ON e.id = d.event_id \
         WHERE e.kind = 'offre_close' AND e.reference = {id}"
    );
    assert_eq!(
        app.scalar(&waiting).await,
        1,
        "the colleague's digest, not the one who closed it"
    );
    assert_eq!(
        app.told(&colleague.email, "Offre close").await,
        0,
        "a digest, not at once"
    );
}
