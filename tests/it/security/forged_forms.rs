use super::*;

on_both_backends!(every_state_changing_route_refuses_a_form_without_the_visitors_token);

/// A role the route's access lets through, so that only the CSRF rule can stop the request.
fn role_for(access: Access) -> Option<Role> {
    match access {
        Access::Public => None,
        Access::SignedIn | Access::Enrolment => Some(Role::Candidate),
        Access::SecondFactorStep => Some(Role::Recruiter),
        Access::Can(action) => Role::ALL
            .into_iter()
            .find(|role| msp::domain::policy::permits(*role, action)),
    }
}

/// What a forged request is, the form it sends, and the site it claims to come from.
type Attempt = (&'static str, Vec<(&'static str, String)>, Option<&'static str>);

/// A form without the token, with another session's (`other`), with another visitor's, or from
/// another site, and a multipart form with the token not first: each is refused with "Formulaire
/// expiré".
async fn every_forgery_is_refused(app: &TestApp, method: &Method, url: &str, cookie: &str, valid: &str, other: &str) {
    let attempts: [Attempt; 4] = [
        ("no token", vec![("champ", "valeur".into())], None),
        (
            "another session's token",
            vec![("_csrf", other.to_string()), ("champ", "valeur".into())],
            None,
        ),
        (
            "another visitor's cookie token",
            vec![("_csrf", "d".repeat(64)), ("champ", "valeur".into())],
            None,
        ),
        (
            "a page of another site",
            vec![("_csrf", valid.to_string()), ("champ", "valeur".into())],
            Some("https://evil.example"),
        ),
    ];
    for (what, form, origin) in attempts {
        let mut request = app
            .client
            .request(method.clone(), url)
            .header("cookie", cookie)
            .form(&form);
        if let Some(origin) = origin {
            request = request.header("origin", origin).header("sec-fetch-site", "cross-site");
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let body = response.text().await.unwrap();
        assert_eq!(status, 403, "{method} {url} with {what}");
        assert!(body.contains("Formulaire expiré"), "{method} {url} with {what}: {body}");
    }
    // The same multipart form with the token elsewhere than first is refused too: an
    // upload is refused before its file is received.
    let multipart = reqwest::multipart::Form::new()
        .text("champ", "valeur")
        .text("_csrf", valid.to_string());
    let response = app
        .client
        .request(method.clone(), url)
        .header("cookie", cookie)
        .multipart(multipart)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403, "{method} {url} multipart, token not first");
}

async fn every_state_changing_route_refuses_a_form_without_the_visitors_token(app: TestApp) {
    let routes = msp::web::route_table();
    let rules = msp::web::csrf_table();
    // An exemption is a decision: a new one must be added here, with its reason in the table.
    let exempt: Vec<&str> = rules
        .iter()
        .filter(|(_, _, rule)| matches!(rule, Csrf::Exempt(_)))
        .map(|(_, path, _)| *path)
        .collect();
    assert_eq!(
        exempt,
        [
            "/alertes/desabonnement",
            "/notifications/desabonnement",
            "/api/v1/etablissement/fiches",
            "/api/v1/etablissement/fiches/{id}",
        ]
    );

    let mut users: Vec<(Role, TestUser)> = Vec::new();
    for role in Role::ALL {
        let user = app.user(role, &format!("{}@securite.test", role.as_str()), &[]).await;
        users.push((role, user));
    }
    let user_of = |role: Role| &users.iter().find(|(r, _)| *r == role).unwrap().1;

    let mut checked = 0;
    for ((method, path, access), (_, _, rule)) in routes.iter().zip(&rules) {
        if *rule != Csrf::Checked {
            assert!(matches!(*method, Method::GET | Method::HEAD) || exempt.contains(path));
            continue;
        }
        let role = role_for(*access);
        let complete = *access != Access::SecondFactorStep;
        let (cookie, valid) = app.credentials(role.map(user_of), complete).await;
        // Another session's token, as another signed-in person's page carries it.
        let other = user_of(role.unwrap_or(Role::Candidate));
        let (_, other) = app.credentials(Some(other), complete).await;
        let url = app.url(&common::with_ones(path));
        every_forgery_is_refused(&app, method, &url, &cookie, &valid, &other).await;
        checked += 1;
    }
    assert!(checked > 50, "every form was tried ({checked})");
}
