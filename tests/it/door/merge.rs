//! Merging two establishments that are one: every row and every scope naming the merged one
//! moves to the one kept, checked against the schema's own references.

use super::*;
use msp::db::establishments::{MOVED_COLUMNS, OTHER_REFERENCES};
use msp::domain::role::ScopeKind;

on_both_backends!(
    every_column_referencing_establishments_is_moved_by_the_merge,
    a_merge_previews_then_moves_every_row_and_scope_to_the_establishment_kept,
);

/// (table, column) of every foreign key to `establishments (id)`, and of every column named
/// `establishment_id` (a reference the schema may not declare, like the event log's), as the
/// database itself describes them.
async fn references_in_schema(app: &TestApp) -> Vec<(String, String)> {
    let (foreign_keys, named) = match app.backend() {
        msp::db::Backend::Sqlite => (
            "SELECT m.name, p.\"from\" FROM sqlite_master m, pragma_foreign_key_list(m.name) p \
             WHERE m.type = 'table' AND p.\"table\" = 'establishments'",
            "SELECT m.name, c.name FROM sqlite_master m, pragma_table_info(m.name) c \
             WHERE m.type = 'table' AND c.name = 'establishment_id'",
        ),
        msp::db::Backend::Postgres => (
            "SELECT kcu.table_name::text, kcu.column_name::text FROM information_schema.referential_constraints rc \
             JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = rc.constraint_name \
             AND kcu.constraint_schema = rc.constraint_schema \
             JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = rc.unique_constraint_name \
             AND ccu.constraint_schema = rc.unique_constraint_schema \
             WHERE ccu.table_name = 'establishments' AND kcu.table_schema = current_schema()",
            "SELECT table_name::text, column_name::text FROM information_schema.columns \
             WHERE table_schema = current_schema() AND column_name = 'establishment_id'",
        ),
    };
    let mut found: Vec<(String, String)> = Vec::new();
    for sql in [foreign_keys, named] {
        let rows: Vec<(String, String)> = sqlx::query_as(sql).fetch_all(&app.db.pool).await.unwrap();
        found.extend(rows);
    }
    found.sort();
    found.dedup();
    found
}

async fn every_column_referencing_establishments_is_moved_by_the_merge(app: TestApp) {
    let in_schema = references_in_schema(&app).await;
    assert!(in_schema.len() >= 8, "the walk finds the references: {in_schema:?}");
    let mut moved: Vec<(String, String)> = MOVED_COLUMNS
        .iter()
        .map(|(t, c)| (t.to_string(), c.to_string()))
        .collect();
    moved.sort();
    assert_eq!(
        in_schema, moved,
        "every column naming an establishment must be in db::establishments::MOVED_COLUMNS, and only those"
    );
    // The references no schema declares: their tables still hold them where the merge looks.
    let (scope_kind, feed_kind) = (
        ScopeKind::Establishment.as_str(),
        msp::db::feeds::FeedKind::Establishment.as_str(),
    );
    assert_eq!((scope_kind, feed_kind), ("establishment", "etablissement"));
    let tables: Vec<&str> = OTHER_REFERENCES.iter().map(|(t, _, _)| *t).collect();
    assert_eq!(tables, ["user_scopes", "calendar_feeds", "one_time_tokens"]);
}

/// Rows naming `merged` in every table of [`MOVED_COLUMNS`], and the references no schema
/// declares; `kept` has a decision e-mail of the same kind.
async fn fill(app: &TestApp, kept: &msp::domain::fiche::Employer, merged: &msp::domain::fiche::Employer) {
    let both = [
        (ScopeKind::Establishment, kept.id.to_string()),
        (ScopeKind::Establishment, merged.id.to_string()),
    ];
    let both: Vec<(ScopeKind, &str)> = both.iter().map(|(k, v)| (*k, v.as_str())).collect();
    app.user(Role::Recruiter, "rh@deux.test", &both).await;
    let author = app.recruiter("rh@doublon.test", merged).await;
    let member = app.user(Role::Candidate, "vivier@doublon.test", &[]).await;
    let mut tx = app.db.begin().await.unwrap();
    let (project, fiche) = common::store_draft(&mut tx, merged, author.id, &common::content("MSP")).await;
    let call = common::store_call(&mut tx, 2027, msp::domain::calendar::paris_today(), None).await;
    let request = common::store_request(&mut tx, call, project, merged.id, None).await;
    common::grant_subsidy(&mut tx, call, request).await;
    let now = "2026-11-23T10:00:00Z";
    let application: i64 = sqlx::query_scalar(
        "INSERT INTO applications (fiche_id, establishment_id, status, full_name, email, phone, town, message, \
         talent_pool, consent_at, consent_version, follow_token_hash, submission_key, \
         created_at, updated_at, last_contact_at) VALUES ($1, $2, 'embauchee', 'Camille Martin', 'c@m.test', '', \
         'Lyon', '', 0, $3, 'v', 'h', 'k', $3, $3, $3) RETURNING id",
    )
    .bind(fiche)
    .bind(merged.id)
    .bind(now)
    .fetch_one(&mut *tx)
    .await
    .unwrap();
    let statements = [
        format!(
            "INSERT INTO msp_records (application_id, establishment_id, fiche_id, full_name, email, phone, hired_at) VALUES ({application}, {}, {fiche}, 'Camille Martin', 'c@m.test', '', '{now}')",
            merged.id
        ),
        format!(
            "INSERT INTO mail_templates (establishment_id, kind, subject, body, updated_at) VALUES ({}, 'non_retenue', 'Gardé', 'Le texte gardé', '{now}')",
            kept.id
        ),
        format!(
            "INSERT INTO mail_templates (establishment_id, kind, subject, body, updated_at) VALUES ({}, 'non_retenue', 'Doublon', 'Le texte du doublon', '{now}')",
            merged.id
        ),
        format!(
            "INSERT INTO mail_templates (establishment_id, kind, subject, body, updated_at) VALUES ({}, 'entretien', 'Entretien', 'Venez', '{now}')",
            merged.id
        ),
        format!(
            "INSERT INTO events (kind, occurred_at, reference, title, place, detail, link, establishment_id, people) VALUES ('fiche_publiee', '{now}', {fiche}, 'MSP', '', '', '/fiches/{fiche}', {}, '')",
            merged.id
        ),
        format!(
            "INSERT INTO talent_pool_members (user_id, consent_version, consent_at, shown_name, areas, working_time, training, training_other, presentation, show_areas, show_availability, show_training, show_presentation, joined_at, last_action_at) VALUES ({}, 'v', '{now}', '', 'r84', 'les_deux', '', '', '', 1, 1, 1, 1, '{now}', '{now}')",
            member.id
        ),
        format!(
            "INSERT INTO api_keys (establishment_id, public_id, key_hash, label, scopes, created_by, created_at) VALUES ({}, '0a1b2c3d', 'ab12', 'Logiciel RH', 'fiches', {}, '{now}')",
            merged.id, author.id
        ),
        format!(
            "INSERT INTO talent_pool_invitations (member_id, fiche_id, inviter_id, establishment_id, created_at) SELECT id, {fiche}, {}, {}, '{now}' FROM talent_pool_members WHERE user_id = {}",
            author.id, merged.id, member.id
        ),
    ];
    for statement in statements {
        sqlx::query(sqlx::AssertSqlSafe(statement))
            .execute(&mut *tx)
            .await
            .unwrap();
    }
    references(app, &mut tx, merged.id, author.id, &author.email).await;
    let kinds = [msp::domain::event::EventKind::ApplicationReceived];
    let (cipher, at) = (app.db.documents().unwrap(), time::OffsetDateTime::now_utc());
    msp::db::webhooks::create(&mut tx, cipher, merged.id, "https://rh.test/msp", &kinds, author.id, at)
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

/// What names `merged` beside the rows: an accepted team request, a calendar feed, and a
/// pending invitation.
async fn references(
    app: &TestApp, tx: &mut sqlx::Transaction<'static, sqlx::Any>, merged: i64, author: i64, author_email: &str,
) {
    let form = msp::domain::team_request::TeamRequestForm {
        etablissement: "CH Doublon".into(),
        commune: "Lyon".into(),
        equipe: "Équipe".into(),
        nom: "Dominique".into(),
        fonction: "Cadre".into(),
        email: "cadre@doublon.test".into(),
        projet: "Un poste.".into(),
        ..Default::default()
    };
    let at = time::OffsetDateTime::now_utc();
    let (team_request, _) = msp::db::team_requests::insert(&mut *tx, &form.read().unwrap(), at)
        .await
        .unwrap();
    msp::db::team_requests::confirm(&mut *tx, team_request, at)
        .await
        .unwrap();
    let accepted = msp::db::team_requests::Closing::Accepted(merged);
    msp::db::team_requests::close(&mut *tx, team_request, accepted, author, at)
        .await
        .unwrap();
    msp::db::feeds::create_feed(&mut *tx, msp::db::feeds::FeedKind::Establishment, merged, author)
        .await
        .unwrap();
    let actor = msp::db::audit::Actor {
        id: Some(author),
        email: author_email.into(),
        ip: "127.0.0.1".into(),
    };
    let grant = msp::accounts::Grant {
        role: Role::Recruiter,
        scopes: vec![("establishment".into(), merged.to_string())],
    };
    let invited = msp::domain::account::Email::parse("email", "nouveau@doublon.test").unwrap();
    msp::accounts::invite(
        &mut *tx,
        app.db.documents().unwrap(),
        &actor,
        &invited,
        &grant,
        "http://test",
    )
    .await
    .unwrap();
}

async fn a_merge_previews_then_moves_every_row_and_scope_to_the_establishment_kept(app: TestApp) {
    let kept = app.establishment("CH Gardé", "Lyon", "69").await;
    let merged = app.establishment("CH Doublon", "Lyon", "69").await;
    app.exec(sqlx::query("UPDATE establishments SET siret = '26750045200011' WHERE id = $1").bind(merged.id))
        .await;
    fill(&app, &kept, &merged).await;
    let (_, ccoms) = ccoms(&app).await;
    let same = ccoms
        .post("/etablissements/fusion", &[("garde", "1"), ("fusionne", "1")])
        .await;
    assert_eq!(same.status(), 422);

    let preview = format!("/etablissements/fusion?garde={}&fusionne={}", kept.id, merged.id);
    let (status, page) = ccoms.page(&preview).await;
    assert_eq!(status, 200);
    for line in [
        "fiches de poste : 1",
        "candidatures : 1",
        "comptes de recruteurs : 2",
        "invitations en attente : 1",
    ] {
        assert!(page.contains(line), "{line}:\n{page}");
    }
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM establishments").await,
        2,
        "a preview changes nothing"
    );

    let (k, m) = (kept.id.to_string(), merged.id.to_string());
    let done = ccoms
        .post("/etablissements/fusion", &[("garde", &k), ("fusionne", &m)])
        .await;
    assert_eq!(done.status(), 303);
    for (table, column) in MOVED_COLUMNS {
        let left = app
            .scalar(&format!("SELECT COUNT(*) FROM {table} WHERE {column} = {m}"))
            .await;
        let now = app
            .scalar(&format!("SELECT COUNT(*) FROM {table} WHERE {column} = {k}"))
            .await;
        assert_eq!((left, now > 0), (0, true), "{table}.{column} moved");
    }
    let scopes = |email: &str| {
        format!(
            "SELECT COUNT(*) FROM user_scopes s JOIN users u ON u.id = s.user_id WHERE u.email = '{email}' \
             AND s.kind = 'establishment' AND s.value = '{k}'"
        )
    };
    assert_eq!(app.scalar(&scopes("rh@doublon.test")).await, 1);
    assert_eq!(app.scalar(&scopes("rh@deux.test")).await, 1);
    let stale = format!("SELECT COUNT(*) FROM user_scopes WHERE kind = 'establishment' AND value = '{m}'");
    assert_eq!(app.scalar(&stale).await, 0);
    let feed = format!("SELECT COUNT(*) FROM calendar_feeds WHERE kind = 'etablissement' AND target_id = {k}");
    assert_eq!(app.scalar(&feed).await, 1);
    let invitation = format!(
        "SELECT COUNT(*) FROM one_time_tokens WHERE purpose = 'invitation' AND payload LIKE '%\"{k}\"%' AND payload NOT LIKE '%\"{m}\"%'"
    );
    assert_eq!(app.scalar(&invitation).await, 1);
    let kept_text =
        format!("SELECT COUNT(*) FROM mail_templates WHERE establishment_id = {k} AND body = 'Le texte gardé'");
    assert_eq!(
        app.scalar(&kept_text).await,
        1,
        "the kept one's own decision e-mail wins"
    );
    assert_eq!(
        app.scalar(&format!("SELECT COUNT(*) FROM establishments WHERE id = {m}"))
            .await,
        0
    );
    let identity = format!("SELECT COUNT(*) FROM establishments WHERE id = {k} AND siret = '26750045200011'");
    assert_eq!(app.scalar(&identity).await, 1, "the kept one takes the SIRET it lacked");
    let audit = "SELECT COUNT(*) FROM audit_log WHERE action = 'etablissements_fusionnes'";
    assert_eq!(app.scalar(audit).await, 1);
}
