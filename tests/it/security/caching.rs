use super::*;

on_both_backends!(pages_for_someone_signed_in_are_never_cached);

async fn pages_for_someone_signed_in_are_never_cached(app: TestApp) {
    let candidate = app.user(Role::Candidate, "cache@exemple.fr", &[]).await;
    let coordinator = app.user(Role::Coordinator, "cache@ccoms.test", &[]).await;
    for user in [&candidate, &coordinator] {
        let browser = app.browser();
        let session = app.session_for(user).await;
        for path in ["/compte", "/mes-candidatures", "/projets", "/admin/journal", "/offres"] {
            let response = browser
                .client
                .get(app.url(path))
                .header("cookie", format!("msp_session={session}"))
                .send()
                .await
                .unwrap();
            assert_eq!(
                response.headers().get("cache-control").map(|v| v.to_str().unwrap()),
                Some("no-store"),
                "{path} for {}",
                user.email
            );
        }
    }
    // A private link's page, to someone not signed in.
    let response = app.get("/suivi/un-jeton-quelconque").await;
    assert_eq!(
        response.headers().get("cache-control").map(|v| v.to_str().unwrap()),
        Some("no-store")
    );
}
