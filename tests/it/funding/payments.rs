use super::*;

on_both_backends!(two_payments_at_once_never_exceed_what_was_granted);

async fn two_payments_at_once_never_exceed_what_was_granted(app: TestApp) {
    let region = region(&app).await;
    let (subsidy, _) = past_subsidy(&app, &region).await;
    let ars = app.signed_in(&region.ars).await;
    let other = app.another_instance().await;
    let ars_there = other.signed_in(&region.ars).await;
    let year = (paris_today().year() - 1).to_string();
    let today = paris_today().to_string();
    let fields = [
        ("annee", year.as_str()),
        ("montant", "30 000"),
        ("date", today.as_str()),
    ];
    let path = format!("/subventions/{subsidy}/versements");
    // Both read 45,000 € left; only one 30,000 € payment may go through.
    let (a, b) = tokio::join!(ars.post(&path, &fields), ars_there.post(&path, &fields));
    let mut statuses = [a.status().as_u16(), b.status().as_u16()];
    statuses.sort();
    assert_eq!(statuses[0], 303);
    assert!(statuses[1] == 409 || statuses[1] == 422, "{statuses:?}");
    let (paid,): (i64,) = sqlx::query_as("SELECT CAST(SUM(amount_cents) AS BIGINT) FROM subsidy_payments")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(paid, 3_000_000);
}
