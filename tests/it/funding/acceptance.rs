//! An ARS accepts a request only when the establishment's commitment to keep the post is on
//! record, and only after confirming the amount it grants (issue 22): 90 000 € are not granted by
//! one click on the wrong radio button.

use super::*;

on_both_backends!(an_acceptance_needs_the_commitment_on_record_and_the_amount_confirmed);
async fn an_acceptance_needs_the_commitment_on_record_and_the_amount_confirmed(app: TestApp) {
    let region = region(&app).await;
    let ars = app.signed_in(&region.ars).await;
    let recruiter = app.signed_in(&region.recruiter).await;
    let call = open_call(&ars).await;
    let request = request_with_documents(&app, &recruiter, &region.employer, &call).await;
    assert_eq!(file(&recruiter, &request, true).await.status(), 303);
    assert_eq!(instruct(&ars, &request, "instruire", "").await.status(), 303);

    // The form states the amount, and refuses an acceptance without the box ticked.
    let (_, page) = ars.page(&request).await;
    assert!(
        common::unescape(&page).contains("je confirme l'attribution de 90\u{a0}000,00\u{a0}€ au CH Le Vinatier"),
        "{page}"
    );
    let version = hidden_value(&page, "version");
    let unconfirmed = [("action", "accepter"), ("motif", ""), ("version", version.as_str())];
    let response = ars.post(&format!("{request}/instruction"), &unconfirmed).await;
    assert_eq!(response.status(), 422);
    says(response, &["Cochez la case qui confirme le montant attribué."]).await;

    // A commitment missing from the record (a request filed before it was recorded) blocks it.
    let id: i64 = request.trim_start_matches("/demandes/").parse().unwrap();
    sqlx::query("UPDATE funding_requests SET committed_at = NULL, committed_by = NULL WHERE id = $1")
        .bind(id)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let response = instruct(&ars, &request, "accepter", "").await;
    assert_eq!(response.status(), 409);
    says(response, &["n'a pas pris l'engagement de pérenniser le poste"]).await;
    let subsidies: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM subsidies")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(subsidies, 0);

    // Sent back and filed again with the commitment, it is accepted.
    let response = instruct(&ars, &request, "demander_complements", "Cochez l'engagement.").await;
    assert_eq!(response.status(), 303);
    assert_eq!(file(&recruiter, &request, true).await.status(), 303);
    assert_eq!(instruct(&ars, &request, "instruire", "").await.status(), 303);
    assert_eq!(instruct(&ars, &request, "accepter", "").await.status(), 303);
}
