use super::*;

/// The VEVENTs of a feed, read by an RFC 5545 parser: (UID, DTSTART, STATUS, SUMMARY).
fn events(body: &str) -> Vec<(String, String, String, String)> {
    let unfolded = unfold(body);
    let calendar = read_calendar(&unfolded).expect("valid RFC 5545");
    calendar
        .components
        .iter()
        .filter(|c| c.name.as_str() == "VEVENT")
        .map(|c| {
            let value = |name: &str| c.find_prop(name).unwrap().val.as_str().to_owned();
            assert!(c.find_prop("DTSTAMP").is_some() && c.find_prop("DTEND").is_some());
            (value("UID"), value("DTSTART"), value("STATUS"), value("SUMMARY"))
        })
        .collect()
}

on_both_backends!(each_public_audience_has_a_feed_and_the_msps_a_secret_one);
async fn each_public_audience_has_a_feed_and_the_msps_a_secret_one(app: TestApp) {
    app.set_now(NOW);
    let teams = store_gathering(&app, "equipes", None).await;
    let cancelled = store_gathering(&app, "equipes", None).await;
    store_gathering(&app, "msp", None).await;
    let ccoms = ccoms(&app).await;
    ccoms.post(&format!("/rendez-vous/{cancelled}/annuler"), &[]).await;

    let response = app.get("/agenda/equipes.ics").await;
    assert_eq!(response.status(), 200);
    assert!(common::content_type(&response).starts_with("text/calendar"));
    let feed = events(&response.text().await.unwrap());
    assert_eq!(feed.len(), 2, "the MSPs' group is not in the teams' feed");
    let host = app.url("").split("://").nth(1).unwrap().to_string();
    assert_eq!(feed[0].0, format!("rendez-vous-{teams}@{host}"));
    assert_eq!(feed[0].1, "20261211T130000Z", "14:00 in Paris");
    assert_eq!(feed[0].2, "CONFIRMED");
    assert_eq!(feed[1].2, "CANCELLED");
    let (_, agenda) = app.page("/agenda").await;
    assert!(agenda.contains("href=\"/agenda/equipes.ics\""), "the feed is linked");

    let msp = person(&app, Role::Msp, "msp@ch.test").await;
    let response = msp.post("/rendez-vous/abonnement", &[]).await;
    assert_eq!(response.status(), 200);
    let page = response.text().await.unwrap();
    let start = page.find("<code>").unwrap() + "<code>".len();
    let end = start + page[start..].find("</code>").unwrap();
    let secret = &page[start..end];
    let path = &secret[secret.find("/agenda/").unwrap()..];
    let feed = events(&app.get(path).await.text().await.unwrap());
    assert_eq!(feed.len(), 1);
    assert!(feed[0].3.contains("Rendez-vous pour msp"));
    let candidate = person(&app, Role::Candidate, "ana@exemple.fr").await;
    let response = candidate.post("/rendez-vous/abonnement", &[]).await;
    assert_eq!(response.status(), 403);
}
