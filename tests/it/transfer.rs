//! Moving all the data between SQLite and PostgreSQL with `msp export` and `msp import`.

use crate::common;

mod memory_rows;

use common::{PASSWORD, TestApp};
use msp::domain::role::Role;

async fn export(app: &TestApp) -> String {
    let mut out = Vec::new();
    msp::db::transfer::export(&app.db, &mut out).await.expect("export");
    String::from_utf8(out).unwrap()
}

/// Some of everything: offers, accounts with scopes and a second factor, a project with its
/// fiche and a submitted version, sessions, tokens, mail, the audit log and a saved search.
async fn fill(app: &TestApp) {
    app.load_demo().await;
    let establishment = app.establishment("CH Export", "Nantes", "44").await;
    let recruiter = app.recruiter("rh@export.fr", &establishment).await;
    app.signed_in(&recruiter).await;
    app.browser().sign_up("Alex", "alex@export.fr", PASSWORD).await;
    app.mail_to("alex@export.fr").await;
    app.browser().log_in("rh@export.fr", "Pas le bon mot de passe").await;
    let mut conn = app.db.pool.acquire().await.unwrap();
    let codes = vec![
        msp::secrets::token_hash("abcd-efgh"),
        msp::secrets::token_hash("ijkl-mnop"),
    ];
    msp::db::users::replace_recovery_codes(&mut conn, recruiter.id, &codes)
        .await
        .unwrap();
    let issuer = "https://idp.example.fr";
    msp::db::identities::link(&mut conn, recruiter.id, issuer, "sub-1", Some("13002526500013"))
        .await
        .unwrap();
    let cipher = app.db.documents().unwrap();
    msp::db::identities::save_login(&mut conn, cipher, "etat", b"{}")
        .await
        .unwrap();
    msp::db::settings::mark_demo(&mut conn).await.unwrap();
    drop(conn);
    let mut tx = app.db.begin().await.unwrap();
    let mut project = common::project(&establishment);
    project.unit = "Équipe mobile".into();
    project.public_served = "Jeunes adultes".into();
    project.quotite = msp::domain::fiche::Quotite::MiTemps;
    project.track = msp::domain::fiche::Track::Bordeaux;
    let project_id = msp::db::projects::insert(&mut tx, &project, Some(recruiter.id))
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
    msp::db::fiches::accept_warning(
        &mut tx,
        fiche,
        "0123abcd",
        "Exigence du financeur.",
        (recruiter.id, "Camille"),
    )
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
    applications(app, fiche, establishment.id, recruiter.id).await;
    stored_document(app, recruiter.id).await;
}

/// A document kept in an account's « Mes documents » (any account will do for the transfer).
async fn stored_document(app: &TestApp, user: i64) {
    sqlx::query(
        "INSERT INTO candidate_documents (user_id, kind, name, filename, media_type, size, key_id, sealed, created_at) \
         VALUES ($1, 'cv', 'Mon CV « soin »', 'cv.pdf', 'pdf', 2, 'abcd1234', $2, '2026-11-23T10:00:00Z')",
    )
    .bind(user)
    .bind(vec![7u8, 0])
    .execute(&app.db.pool)
    .await
    .unwrap();
}

/// An application with a sealed document, its history, a note, an interview with a grid, a
/// template, a hire and a retention counter: every table of the applications.
async fn applications(app: &TestApp, fiche: i64, establishment: i64, recruiter: i64) {
    let at = "2026-11-23T10:00:00Z";
    let mut statements: Vec<(&str, Vec<Param>)> = vec![
        (
            "INSERT INTO applications (fiche_id, establishment_id, status, full_name, email, phone, town, message, \
             talent_pool, consent_at, consent_version, follow_token_hash, submission_key, \
             created_at, updated_at, last_contact_at) VALUES ($1, $2, 'embauchee', 'Noé Dupré', 'noe@export.fr', \
             '0612345678', 'Nantes', 'Un message « entre guillemets »', 1, $3, '2026-11-23', 'h1', 'k1', $3, $3, $3)",
            vec![Param::Int(fiche), Param::Int(establishment), Param::Text(at)],
        ),
        (
            "INSERT INTO application_documents (application_id, kind, filename, media_type, size, key_id, sealed) \
             VALUES (1, 'cv', 'cv.pdf', 'pdf', 3, 'abcd1234', $1)",
            vec![Param::Bytes(vec![0, 1, 2, 255])],
        ),
        (
            "INSERT INTO upload_drafts (token_hash, kind, filename, media_type, size, key_id, sealed, created_at) \
             VALUES ('t1', 'lettre', 'l.odt', 'odt', 2, 'abcd1234', $1, $2)",
            vec![Param::Bytes(vec![9, 8]), Param::Text(at)],
        ),
        (
            "INSERT INTO application_events (application_id, at, actor_id, actor_name, from_status, to_status, reason, \
             mail_subject, mail_body) VALUES (1, $1, $2, 'Camille', 'recue', 'preselectionnee', '', 'Objet', 'Corps')",
            vec![Param::Text(at), Param::Int(recruiter)],
        ),
        (
            "INSERT INTO application_notes (application_id, author_id, author_name, body, at) VALUES (1, $1, 'Camille', 'Note', $2)",
            vec![Param::Int(recruiter), Param::Text(at)],
        ),
        (
            "INSERT INTO interviews (application_id, uid, starts_at, duration_minutes, place, video_url, created_at) \
             VALUES (1, 'u@msp', $1, 60, 'Salle', '', $1)",
            vec![Param::Text(at)],
        ),
        (
            "INSERT INTO interview_panel (interview_id, user_id) VALUES (1, $1)",
            vec![Param::Int(recruiter)],
        ),
        (
            "INSERT INTO evaluations (interview_id, evaluator_id, evaluator_name, ratings, comment, recommendation, \
             submitted_at) VALUES (1, $1, 'Camille', '[[\"techniques\",\"oui\"]]', 'Bien', 'favorable', $2)",
            vec![Param::Int(recruiter), Param::Text(at)],
        ),
        (
            "INSERT INTO hire_exceptions (application_id, reason, user_id, user_name, at) \
             VALUES (1, 'Entretien tenu hors de la plateforme', $1, 'Camille', $2)",
            vec![Param::Int(recruiter), Param::Text(at)],
        ),
        (
            "INSERT INTO mail_templates (establishment_id, kind, subject, body, updated_by, updated_at) \
             VALUES ($1, 'non_retenue', 'Objet', 'Corps', $2, $3)",
            vec![Param::Int(establishment), Param::Int(recruiter), Param::Text(at)],
        ),
        (
            "INSERT INTO msp_records (application_id, establishment_id, fiche_id, full_name, email, phone, hired_at) \
             VALUES (1, $1, $2, 'Noé Dupré', 'noe@export.fr', '0612345678', $3)",
            vec![Param::Int(establishment), Param::Int(fiche), Param::Text(at)],
        ),
    ];
    statements.extend(accompaniment_rows(recruiter, at));
    statements.extend(training_rows(recruiter, at));
    statements.extend(integration_rows(recruiter, at));
    statements.extend(pool_rows(fiche, establishment, recruiter, at));
    statements.extend(memory_rows::observatory_rows(at));
    statements.extend(memory_rows::agenda_rows(recruiter, at));
    statements.extend(memory_rows::resource_rows(recruiter, at));
    statements.extend(memory_rows::network_rows(recruiter, at));
    for (sql, params) in statements {
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql.to_string()));
        for param in params {
            query = match param {
                Param::Int(i) => query.bind(i),
                Param::Text(t) => query.bind(t.to_string()),
                Param::Bytes(b) => query.bind(b),
            };
        }
        query
            .execute(&app.db.pool)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }
}

/// Alex in the talent pool, showing all but their availability, invited once and declining.
fn pool_rows(fiche: i64, establishment: i64, recruiter: i64, at: &'static str) -> Vec<(&'static str, Vec<Param>)> {
    vec![
        (
            "INSERT INTO talent_pool_members (user_id, consent_version, consent_at, shown_name, areas, available_from, \
             working_time, training, training_other, presentation, show_areas, show_availability, show_training, \
             show_presentation, joined_at, last_action_at) SELECT id, 'vivier-2026-12', $1, 'Alex', 'r52 d44', \
             '2027-01-04', 'temps_plein', 'du autre', 'Pair-aidance', 'Bonjour « à tous »', 1, 0, 1, 1, $1, $1 \
             FROM users WHERE email = 'alex@export.fr'",
            vec![Param::Text(at)],
        ),
        (
            "INSERT INTO talent_pool_invitations (member_id, fiche_id, inviter_id, establishment_id, created_at, \
             answer, answered_at) VALUES (1, $1, $2, $3, $4, 'pas_interesse', $4)",
            vec![
                Param::Int(fiche),
                Param::Int(recruiter),
                Param::Int(establishment),
                Param::Text(at),
            ],
        ),
    ]
}

/// The CCOMS's meeting with the team of project 1 and its correction of the project's stage.
fn accompaniment_rows(recruiter: i64, at: &'static str) -> Vec<(&'static str, Vec<Param>)> {
    vec![
        (
            "INSERT INTO project_stage_corrections (project_id, derived_stage, stage, reason, user_id, user_name, at) \
             VALUES (1, 'fiche_en_redaction', 'publie', 'Offre diffusée ailleurs', $1, 'Camille', $2)",
            vec![Param::Int(recruiter), Param::Text(at)],
        ),
        (
            "INSERT INTO accompaniment_meetings (project_id, kind, held_on, note, user_id, user_name, created_at) \
             VALUES (1, 'sensibilisation', '2026-10-05', 'Équipe au complet', $1, 'Camille', $2)",
            vec![Param::Int(recruiter), Param::Text(at)],
        ),
    ]
}

/// A cohort, an enrolment with a milestone and a journal entry, a calendar feed, a counter.
fn training_rows(recruiter: i64, at: &'static str) -> Vec<(&'static str, Vec<Param>)> {
    vec![
        (
            "INSERT INTO cohorts (track, year, recruitment_opens, recruitment_closes, registration_closes, job_starts, \
             training_weeks, capacity, updated_at) VALUES ('bobigny', 2027, '2026-09-01', '2026-12-05', '2026-12-15', \
             '2027-01-18', '2027-02-01,2027-04-05', 30, $1)",
            vec![Param::Text(at)],
        ),
        (
            "INSERT INTO enrolments (msp_record_id, cohort_id, track, state, has_bac2, arrival_on, grade, grade_since, \
             created_at, updated_at) VALUES (1, 1, 'bobigny', 'dossier_vap', 0, '2027-01-18', 'animateur', '2027-01-18', $1, $1)",
            vec![Param::Text(at)],
        ),
        (
            "INSERT INTO integration_milestones (enrolment_id, kind, due_on, reminded_at) \
             VALUES (1, 'suivi_1_mois', '2027-02-18', $1)",
            vec![Param::Text(at)],
        ),
        (
            "INSERT INTO integration_journal (enrolment_id, author_id, author_name, body, at) \
             VALUES (1, $1, 'Camille', 'Première semaine « en binôme »', $2)",
            vec![Param::Int(recruiter), Param::Text(at)],
        ),
        (
            "INSERT INTO calendar_feeds (kind, target_id, token_hash, created_by, created_at) \
             VALUES ('msp', 1, 'hash-du-jeton', $1, $2)",
            vec![Param::Int(recruiter), Param::Text(at)],
        ),
        (
            "INSERT INTO retention_counters (kind, count) VALUES ('candidature_effacee', 3)",
            vec![],
        ),
        (
            "INSERT INTO events (kind, occurred_at, actor_id, reference, title, place, detail, link, \
             establishment_id, region_code, fiche_id, people) VALUES ('candidature_recue', $1, NULL, 1, \
             'Médiateur « pair »', 'CH Test', '', '/candidatures/1', 1, '84', 1, '')",
            vec![Param::Text(at)],
        ),
        (
            "INSERT INTO notification_choices (user_id, kind, choice) VALUES ($1, 'candidature_recue', 'quotidien')",
            vec![Param::Int(recruiter)],
        ),
        (
            "INSERT INTO notification_digest (user_id, event_id, day, why, sent_at) \
             VALUES ($1, 1, '2026-12-02', 'vous recrutez pour l''établissement concerné', NULL)",
            vec![Param::Int(recruiter)],
        ),
        (
            "INSERT INTO team_requests (establishment_name, siret, finess, commune_code, commune, postal_code, \
             departement_code, team, contact_name, contact_function, contact_email, contact_phone, project, status, \
             created_at, confirmed_at, closed_at, closed_by, reply, establishment_id) VALUES ('EPSM « Neuf »', \
             '26750045200011', NULL, '44109', 'Nantes', '44000', '44', 'Équipe mobile', 'Dominique Cadre', \
             'Cadre de santé', 'cadre@epsm.example', '', 'Accueillir un MSP.', 'acceptee', $1, $1, $1, $2, '', 1)",
            vec![Param::Text(at), Param::Int(recruiter)],
        ),
        (
            "INSERT INTO glossary_terms (term, meaning, updated_by, updated_at) \
             VALUES ('UMD', 'unité pour malades « difficiles »', $1, $2)",
            vec![Param::Int(recruiter), Param::Text(at)],
        ),
    ]
}

/// An establishment's API key and webhook, with a delivery and its attempt.
fn integration_rows(recruiter: i64, at: &'static str) -> Vec<(&'static str, Vec<Param>)> {
    vec![
        (
            "INSERT INTO api_keys (establishment_id, public_id, key_hash, label, scopes, created_by, created_at, \
             last_used_at, revoked_at, revoked_by) VALUES (1, '0a1b2c3d', 'ab12', 'Logiciel « RH »', 'fiches', $1, $2, \
             $2, $2, $1)",
            vec![Param::Int(recruiter), Param::Text(at)],
        ),
        (
            "INSERT INTO webhook_endpoints (establishment_id, url, kinds, key_id, sealed_secret, created_at, \
             created_by, disabled_at) VALUES (1, 'https://rh.export.fr/msp', 'candidature_recue,offre_close', \
             'cle', $1, $2, $3, NULL)",
            vec![Param::Bytes(vec![7, 0, 7]), Param::Text(at), Param::Int(recruiter)],
        ),
        (
            "INSERT INTO webhook_deliveries (endpoint_id, event_id, kind, payload, created_at, state, attempts, \
             next_attempt_at, claimed_until) VALUES (1, '1', 'candidature_recue', '{\"id\":\"1\"}', $1, 'livre', 2, $1, NULL)",
            vec![Param::Text(at)],
        ),
        (
            "INSERT INTO webhook_attempts (delivery_id, attempted_at, status_code, error, next_attempt_at) \
             VALUES (1, $1, 500, '', $1)",
            vec![Param::Text(at)],
        ),
    ]
}

enum Param {
    Int(i64),
    Text(&'static str),
    Bytes(Vec<u8>),
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
    for table in msp::db::transfer::TABLES {
        assert!(first.contains(&format!("\"table\":\"{table}\"")), "{table} exported");
    }

    let count = msp::db::transfer::import(&postgres.db, first.as_bytes()).await.unwrap();
    assert_eq!(count as usize, first.lines().count());
    let second = export(&postgres).await;
    assert_eq!(first, second, "SQLite and PostgreSQL exports of the same data");

    // Back to a new SQLite database: still the same.
    let again = TestApp::start_sqlite().await;
    msp::db::transfer::import(&again.db, second.as_bytes()).await.unwrap();
    assert_eq!(export(&again).await, first);

    // The imported database works: search finds the demo offers, and new rows get new ids.
    let (_, found) = postgres.json("/api/v1/offres?q=GREMO-PASS").await;
    assert_eq!(found["total"], 1, "{found}");
    postgres.user(Role::Candidate, "nouveau@export.fr", &[]).await;

    // Importing twice is refused: the destination must be empty.
    let refused = msp::db::transfer::import(&postgres.db, first.as_bytes())
        .await
        .unwrap_err();
    assert!(refused.to_string().contains("contient déjà des données"), "{refused}");
}

#[tokio::test]
async fn every_table_of_the_schema_is_exported() {
    let app = TestApp::start_sqlite().await;
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
         AND name NOT LIKE '_sqlx%' AND name NOT IN ('board_version', 'board_changes', 'readiness') ORDER BY name",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    let mut exported: Vec<String> = msp::db::transfer::TABLES.iter().map(|t| t.to_string()).collect();
    exported.sort();
    assert_eq!(
        tables, exported,
        "a new table must be added to msp::db::transfer::TABLES"
    );
}
