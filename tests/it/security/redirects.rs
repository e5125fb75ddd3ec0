use super::*;

on_both_backends!(a_login_never_sends_anyone_to_another_site);

/// Addresses that browsers have been seen to follow to another site.
const BYPASSES: &[&str] = &[
    "//evil.example",
    "/\t/evil.example",
    "/\u{b}/evil.example",
    "/\u{c}/evil.example",
    "/\r/evil.example",
    "/\n/evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "https://evil.example",
    "http:evil.example",
    "javascript:alert(1)",
    "/ /evil.example",
    "/\u{0}/evil.example",
    "evil.example",
];

async fn a_login_never_sends_anyone_to_another_site(app: TestApp) {
    let user = app.user(Role::Candidate, "suivant@exemple.fr", &[]).await;
    for next in BYPASSES {
        let query = serde_urlencoded::to_string([("suivant", next)]).unwrap();
        let (status, page) = app.browser().page(&format!("/connexion?{query}")).await;
        assert_eq!(status, 200, "login page with suivant={next:?}");
        assert!(!page.contains("evil.example"), "suivant={next:?} kept in the form");

        let browser = app.browser();
        let response = browser.log_in_then(&user.email, PASSWORD, next).await;
        assert_eq!(response.status(), 303, "login with suivant={next:?}");
        let target = location(&response);
        assert!(
            target.starts_with('/') && !target.starts_with("//") && !target.contains("evil"),
            "suivant={next:?} sent to {target:?}"
        );
    }
    // A path of this site is still honoured.
    let browser = app.browser();
    let response = browser.log_in_then(&user.email, PASSWORD, "/mes-candidatures").await;
    assert_eq!(location(&response), "/mes-candidatures");
}
