use super::*;

/// Everything the public sees of the synthetic offers of a database, in order: each offer's
/// slug, status, title, context, missions, contacts, deadline and day of publication.
async fn synthetic_offers(url: &str) -> Vec<Vec<Option<String>>> {
    use sqlx::Row;
    let db = msp::db::Db::connect(url).await.unwrap();
    let rows = sqlx::query(
        "SELECT slug, status, title, context, missions, contacts, deadline, published_at FROM fiches ORDER BY id",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();
    db.pool.close().await;
    rows.iter()
        .map(|row| (0..row.len()).map(|i| row.try_get(i).unwrap()).collect())
        .collect()
}

#[tokio::test]
async fn synthetic_offers_are_the_same_for_a_seed_and_are_searchable() {
    let dir = fresh_dir("synthetic");
    let url = |name: &str| format!("sqlite://{}", dir.join(name).display());
    for (name, seed) in [("a.sqlite3", "1"), ("b.sqlite3", "1"), ("c.sqlite3", "2")] {
        let loaded = msp_ok(&["demo", "--synthetic", "50", "--seed", seed, "--database", &url(name)]);
        assert_eq!(
            loaded.trim(),
            format!("50 offres synthétiques chargées (graine {seed}).")
        );
    }
    let first = synthetic_offers(&url("a.sqlite3")).await;
    assert_eq!(first.len(), 50);
    assert_eq!(first, synthetic_offers(&url("b.sqlite3")).await);
    assert_ne!(first, synthetic_offers(&url("c.sqlite3")).await);

    let port = free_port();
    let _server = Server(serve(port, &["--database", &url("a.sqlite3")]).spawn().unwrap());
    wait_until_up(port);
    let published = first.iter().find(|o| o[1].as_deref() == Some("publiee")).unwrap();
    let [slug, status, title] = [0, 1, 2].map(|i| published[i].clone().unwrap());
    assert_eq!(status, "publiee");
    let kind = title.rsplit(" – ").next().unwrap();
    let query: String = kind
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() > 3)
        .collect::<Vec<_>>()
        .join("+");
    let page = get(port, &format!("/api/v1/offres?q={query}")).unwrap();
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    assert!(
        page.contains(&format!("\"slug\":\"{slug}\"")),
        "{slug} is found by q={query}"
    );
}
