use super::*;

on_both_backends!(the_public_statistics_never_show_a_count_under_five);

async fn the_public_statistics_never_show_a_count_under_five(app: TestApp) {
    app.load_demo().await;
    let (status, page) = app.page("/statistiques").await;
    assert_eq!(status, 200);
    // The demo has one subsidy in Île-de-France and a few offers per region.
    assert!(page.contains("Postes financés par les ARS"), "{page}");
    assert!(page.contains("Île-de-France"), "{page}");
    assert!(page.contains("&lt; 5"), "{page}");
    assert!(page.contains("<svg role=\"img\""), "{page}");
    // Posts count people; offers, public one by one, are counted whole below them.
    let posts = page.split("id=\"titre-offres\"").next().unwrap();
    for region_row in posts.split("<th scope=\"row\">").skip(1) {
        let row = region_row.split("</tr>").next().unwrap();
        if row.starts_with("France entière") {
            continue;
        }
        for n in 1..5 {
            assert!(!row.contains(&format!("\"number\">{n}<")), "{row}");
        }
    }
}
