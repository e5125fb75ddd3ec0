//! The same on two instances: a page kept by one never outlives a change written through
//! another (or by any writer of the database), once its board has caught up with the version.

use super::*;

/// Waits until the instance's board has reached the database's version (10 s at most): an
/// instance follows the changes of others by itself, a moment later.
async fn caught_up(app: &TestApp) {
    let version = app.scalar("SELECT version FROM board_version").await;
    for _ in 0..500 {
        let index = app.board.index(&app.db, app.clock.today()).await.unwrap();
        if index.version >= version {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("the board never reached version {version}");
}

on_both_backends!(a_page_kept_by_another_instance_follows_every_change_written_elsewhere);
async fn a_page_kept_by_another_instance_follows_every_change_written_elsewhere(first: TestApp) {
    let second = first.another_instance().await;
    let (ch, offer) = two_offers(&first).await;
    caught_up(&second).await;
    let page = format!("/offres/{}", offer.slug);
    let seen = |html: String, text: &str| html.contains(text);
    for path in [page.as_str(), "/offres", "/"] {
        seen_twice(&second, path).await;
    }

    let newer = first.publish(&ch, "Pair-aidant en équipe mobile", 1).await;
    caught_up(&second).await;
    assert!(
        seen(second.page(&page).await.1, &format!("/offres/{}", newer.slug)),
        "nearby"
    );
    assert!(seen(second.page("/offres").await.1, "Pair-aidant en équipe mobile"));
    assert!(seen(second.page("/").await.1, "Pair-aidant en équipe mobile"));

    let corrected = sqlx::query("UPDATE fiches SET context = 'Une équipe mobile de secteur.' WHERE id = $1");
    first.exec(corrected.bind(offer.id)).await;
    caught_up(&second).await;
    assert!(seen(second.page(&page).await.1, "Une équipe mobile de secteur."));

    let renamed = sqlx::query("UPDATE establishments SET name = 'CH du Cache renommé' WHERE id = $1");
    first.exec(renamed.bind(ch.id)).await;
    caught_up(&second).await;
    for path in [page.as_str(), "/offres", "/"] {
        assert!(seen(second.page(path).await.1, "CH du Cache renommé"), "{path}");
    }

    first
        .exec(sqlx::query("UPDATE fiches SET status = 'close' WHERE id = $1").bind(offer.id))
        .await;
    caught_up(&second).await;
    assert!(seen(second.page(&page).await.1, "Cette offre est close"));
    assert!(!seen(second.page("/offres").await.1, &page));
}
