//! How kept pages are answered: validators and `304`, caching headers, each visitor's own form
//! token, and the signed-in never served from memory.

use super::*;

use msp::domain::role::Role;

on_both_backends!(a_browser_holding_a_kept_page_is_answered_304_without_a_body);
async fn a_browser_holding_a_kept_page_is_answered_304_without_a_body(app: TestApp) {
    let (_, offer) = two_offers(&app).await;
    let page = format!("/offres/{}", offer.slug);
    let browser = app.browser();
    // The first answer sets the form token's cookie: only that browser may keep it.
    let first = browser.get(&page).await;
    assert_eq!(header(&first, "cache-control"), "private, max-age=60");
    let first = browser.get(&page).await;
    assert_eq!(first.status(), 200);
    assert_eq!(header(&first, "cache-control"), "public, max-age=60");
    assert_eq!(header(&first, "vary"), "Cookie");
    assert!(header(&first, "last-modified").ends_with(" GMT"));
    let tag = header(&first, "etag");
    assert!(tag.starts_with('"') && tag.ends_with('"'), "a strong tag: {tag}");

    let again = |tags: String| browser.client.get(app.url(&page)).header("if-none-match", tags).send();
    let not_modified = again(format!("\"autre\", {tag}")).await.unwrap();
    assert_eq!(not_modified.status(), 304);
    assert_eq!(header(&not_modified, "etag"), tag);
    assert!(not_modified.bytes().await.unwrap().is_empty());
    assert_eq!(again("\"autre\"".into()).await.unwrap().status(), 200);

    // Once the page changes, the old tag no longer matches.
    app.exec(sqlx::query("UPDATE fiches SET context = 'Autre contexte.' WHERE id = $1").bind(offer.id))
        .await;
    let changed = again(tag.clone()).await.unwrap();
    assert_eq!(changed.status(), 200);
    assert_ne!(header(&changed, "etag"), tag);
    assert!(changed.text().await.unwrap().contains("Autre contexte."));
}

on_both_backends!(each_visitor_posts_a_kept_pages_form_with_their_own_token);
async fn each_visitor_posts_a_kept_pages_form_with_their_own_token(app: TestApp) {
    two_offers(&app).await;
    let (first, second) = (app.browser(), app.browser());
    let first_page = first.get("/offres").await;
    let first_tag = header(&first_page, "etag");
    let first_html = first_page.text().await.unwrap();
    // The second visitor is served the page the first one's request kept.
    let second_page = second.get("/offres").await;
    let second_tag = header(&second_page, "etag");
    let second_html = second_page.text().await.unwrap();
    let (first_token, second_token) = (
        common::hidden_value(&first_html, "_csrf"),
        common::hidden_value(&second_html, "_csrf"),
    );
    assert_eq!(Some(first_token.clone()), first.cookie("msp_csrf"));
    assert_eq!(Some(second_token.clone()), second.cookie("msp_csrf"));
    assert_ne!(first_token, second_token);
    assert_ne!(first_tag, second_tag, "another body, another tag");
    assert_eq!(
        first_html.replace(&first_token, ""),
        second_html.replace(&second_token, ""),
        "the same page otherwise"
    );

    let mut fields: Vec<(String, String)> = common::form_fields(&second_html, "/alertes")
        .into_iter()
        .filter(|(name, _)| name != "email")
        .collect();
    fields.push(("email".into(), "second@exemple.fr".into()));
    fields.insert(0, ("_csrf".into(), second_token));
    let response = second
        .client
        .post(app.url("/alertes"))
        .form(&fields)
        .send()
        .await
        .unwrap();
    let status = response.status();
    let body = response.text().await.unwrap();
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("second@exemple.fr"), "{body}");
}

on_both_backends!(a_page_seen_anonymously_is_seen_signed_in_in_its_own_frame_and_never_kept);
async fn a_page_seen_anonymously_is_seen_signed_in_in_its_own_frame_and_never_kept(app: TestApp) {
    let (_, offer) = two_offers(&app).await;
    let candidate = app.user(Role::Candidate, "cachee@exemple.fr", &[]).await;
    let signed_in = app.signed_in(&candidate).await;
    let offer_page = format!("/offres/{}", offer.slug);
    for path in [offer_page.as_str(), "/offres", "/", "/statistiques", "/glossaire"] {
        assert!(!seen_twice(&app, path).await.contains("Se déconnecter"), "{path}");
        let response = signed_in.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(header(&response, "cache-control"), "no-store", "{path}");
        assert_eq!(header(&response, "etag"), "", "{path} is not served from memory");
        let html = response.text().await.unwrap();
        assert!(html.contains("Se déconnecter") && html.contains("Mon compte"), "{path}");
        // What the signed-in visitor saw was not kept for the others.
        let (_, anonymous) = app.page(path).await;
        assert!(!anonymous.contains("Se déconnecter"), "{path}");
    }
}

on_both_backends!(error_pages_are_never_kept);
async fn error_pages_are_never_kept(app: TestApp) {
    for _ in 0..2 {
        let response = app.get("/offres/une-offre-qui-n-existe-pas").await;
        assert_eq!(response.status(), 404);
        assert_eq!(header(&response, "etag"), "");
        assert!(!header(&response, "cache-control").contains("public"));
    }
    // A search the form refuses is answered, never kept.
    let response = app.get("/offres?rayon=abc&lieu=Lyon").await;
    assert_eq!(response.status(), 400);
    assert_eq!(header(&response, "etag"), "");
}
