//! What a funding request tells, once to each: filed and completed to the region's ARS (not
//! another region's), asked to complete and decided to the establishment's recruiters.

use super::*;

on_both_backends!(a_request_tells_the_ars_and_the_establishment_each_their_part);
async fn a_request_tells_the_ars_and_the_establishment_each_their_part(app: TestApp) {
    let region = region(&app).await;
    let colleague = app.recruiter("cadre@vinatier.fr", &region.employer).await;
    let ars = app.signed_in(&region.ars).await;
    let recruiter = app.signed_in(&region.recruiter).await;
    let call = open_call(&ars).await;
    let request = request_with_documents(&app, &recruiter, &region.employer, &call).await;
    let id = request.trim_start_matches("/demandes/");

    assert_eq!(file(&recruiter, &request, true).await.status(), 303);
    assert_eq!(
        app.told(&region.ars.email, &format!("Demande de financement n° {id} déposée"))
            .await,
        1
    );
    assert_eq!(
        app.mail_to(&region.other_ars.email).await.len(),
        0,
        "another region's ARS"
    );
    let mail = app.mail_to(&region.ars.email).await.remove(0);
    assert!(mail.text.contains(&app.url(&request)), "{}", mail.text);

    let response = instruct(&ars, &request, "demander_complements", "Joignez le budget signé.").await;
    assert_eq!(response.status(), 303);
    for to in [&region.recruiter.email, &colleague.email] {
        assert_eq!(
            app.told(to, &format!("Demande de financement n° {id} à compléter"))
                .await,
            1
        );
    }
    let mail = app.mail_to(&colleague.email).await.remove(0);
    assert!(mail.text.contains("Joignez le budget signé."), "{}", mail.text);

    assert_eq!(file(&recruiter, &request, true).await.status(), 303);
    assert_eq!(
        app.told(&region.ars.email, &format!("Demande de financement n° {id} complétée"))
            .await,
        1
    );
    assert_eq!(instruct(&ars, &request, "instruire", "").await.status(), 303);
    assert_eq!(instruct(&ars, &request, "accepter", "").await.status(), 303);
    for to in [&region.recruiter.email, &colleague.email] {
        let subject = format!("Décision sur la demande de financement n° {id}");
        assert_eq!(app.told(to, &subject).await, 1, "{to}");
    }
    assert_eq!(
        app.mail_to(&region.ars.email).await.len(),
        2,
        "the ARS hears only of what it must instruct"
    );
    assert_eq!(app.mail_to(&region.other_ars.email).await.len(), 0);
}
