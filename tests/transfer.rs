//! Moving all the data between SQLite and PostgreSQL with `msp export` and `msp import`.

mod common;

use common::{PASSWORD, TestApp};
use msp::domain::role::{Role, ScopeKind};

async fn export(app: &TestApp) -> String {
    let mut out = Vec::new();
    msp::transfer::export(&app.db, &mut out).await.expect("export");
    String::from_utf8(out).unwrap()
}

/// Some of everything: offers, accounts with scopes and a second factor, a project with its
/// fiche and a submitted version, sessions, tokens, mail, the audit log and a saved search.
async fn fill(app: &TestApp) {
    app.load_demo().await;
    let establishment = app.establishment("CH Export", "Nantes", "44").await;
    let recruiter = app
        .user(
            Role::Recruiter,
            "rh@export.fr",
            &[(ScopeKind::Establishment, &establishment.id.to_string())],
        )
        .await;
    app.signed_in(&recruiter).await;
    app.browser()
        .post(
            "/inscription",
            &[("name", "Alex"), ("email", "alex@export.fr"), ("password", PASSWORD)],
        )
        .await;
    app.mail_to("alex@export.fr").await;
    app.browser()
        .post(
            "/connexion",
            &[("email", "rh@export.fr"), ("password", "Pas le bon mot de passe")],
        )
        .await;
    let mut conn = app.db.pool.acquire().await.unwrap();
    let codes = vec![
        msp::secrets::token_hash("abcd-efgh"),
        msp::secrets::token_hash("ijkl-mnop"),
    ];
    msp::db::users::replace_recovery_codes(&mut conn, recruiter.id, &codes)
        .await
        .unwrap();
    drop(conn);
    let mut tx = app.db.begin().await.unwrap();
    let project = msp::domain::project::NewProject {
        establishment_id: establishment.id,
        unit: "Équipe mobile".into(),
        public_served: "Jeunes adultes".into(),
        quotite: msp::domain::fiche::Quotite::MiTemps,
        track: msp::domain::fiche::Track::Bordeaux,
        readiness: Default::default(),
    };
    let project_id = msp::db::projects::insert(&mut tx, &project, recruiter.id)
        .await
        .unwrap();
    let content = common::content("Médiateur « pair » – l'équipe mobile");
    let fiche = msp::db::fiches::insert_draft(&mut tx, &establishment, &content, project_id)
        .await
        .unwrap();
    msp::db::fiches::record_version(&mut tx, fiche, &content, recruiter.id)
        .await
        .unwrap();
    msp::db::fiches::add_comment(&mut tx, fiche, 1, "missions", "Précisez.", (recruiter.id, "Camille"))
        .await
        .unwrap();
    // A saved search, with an offer already alerted to it.
    let search = msp::db::saved_searches::insert(
        &mut tx,
        msp::db::saved_searches::NewSavedSearch {
            user_id: None,
            email: "alerte@export.fr",
            query: "lieu=Nantes&rayon=50",
            label: "À 50 km de Nantes (44000)",
            frequency: msp::domain::saved_search::Frequency::Weekly,
            confirmed: true,
        },
    )
    .await
    .unwrap();
    msp::db::saved_searches::record_alert(&mut tx, search, fiche)
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

#[tokio::test]
async fn sqlite_to_postgresql_and_back_gives_identical_exports() {
    let Some(postgres) = TestApp::start_postgres().await else {
        return;
    };
    let sqlite = TestApp::start_sqlite().await;
    fill(&sqlite).await;
    let first = export(&sqlite).await;
    assert!(first.lines().count() > 50, "{first}");
    for table in msp::transfer::TABLES {
        assert!(first.contains(&format!("\"table\":\"{table}\"")), "{table} exported");
    }

    let count = msp::transfer::import(&postgres.db, first.as_bytes()).await.unwrap();
    assert_eq!(count as usize, first.lines().count());
    let second = export(&postgres).await;
    assert_eq!(first, second, "SQLite and PostgreSQL exports of the same data");

    // Back to a new SQLite database: still the same.
    let again = TestApp::start_sqlite().await;
    msp::transfer::import(&again.db, second.as_bytes()).await.unwrap();
    assert_eq!(export(&again).await, first);

    // The imported database works: search finds the demo offers, and new rows get new ids.
    let (_, found) = postgres.json("/api/v1/offres?q=GREMO-PASS").await;
    assert_eq!(found["total"], 1, "{found}");
    postgres.user(Role::Candidate, "nouveau@export.fr", &[]).await;

    // Importing twice is refused: the destination must be empty.
    let refused = msp::transfer::import(&postgres.db, first.as_bytes()).await.unwrap_err();
    assert!(refused.to_string().contains("contient déjà des données"), "{refused}");
}

#[tokio::test]
async fn every_table_of_the_schema_is_exported() {
    let app = TestApp::start_sqlite().await;
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
         AND name NOT LIKE '_sqlx%' AND name NOT LIKE 'fiche_search%' ORDER BY name",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    let mut exported: Vec<String> = msp::transfer::TABLES.iter().map(|t| t.to_string()).collect();
    exported.sort();
    assert_eq!(tables, exported, "a new table must be added to msp::transfer::TABLES");
}
