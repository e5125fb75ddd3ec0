//! The cast: an actor of every kind, and a resource of every kind for the routes' parameters.

use super::*;

pub(super) struct Cast {
    pub(super) users: Vec<(Actor, TestUser)>,
    /// A project of the establishment "here", with its fiche, submitted once.
    pub(super) project_id: i64,
    pub(super) fiche_id: i64,
    pub(super) establishment_id: i64,
    /// The candidate's application to that fiche, with a CV, and an interview with the
    /// establishment's recruiter and the coordinator on the panel.
    pub(super) application_id: i64,
    pub(super) interview_id: i64,
    pub(super) follow_token: String,
    /// A call of the region "here" is in (84), a request of "here" with a document, and the
    /// subsidy it became.
    pub(super) call_id: i64,
    pub(super) request_id: i64,
    pub(super) document_id: i64,
    pub(super) subsidy_id: i64,
    /// The candidate hired and enrolled in Bobigny 2027 as the MSP user, with a feed of their
    /// weeks (revoked by the test) and a cohort feed (read by the test).
    pub(super) cohort_id: i64,
    pub(super) enrolment_id: i64,
    pub(super) feed_id: i64,
    pub(super) feed_token: String,
    /// A team's request to create a post, confirmed: the CCOMS's to answer.
    pub(super) team_request_id: i64,
    /// A candidate in the talent pool, for `/vivier/{id}`.
    pub(super) pool_member_id: i64,
    /// A CV the candidate keeps in « Mes documents ».
    pub(super) stored_document_id: i64,
    /// A gathering of the agenda for the public, which every role may register to.
    pub(super) gathering_id: i64,
}

pub(super) async fn cast(app: &TestApp) -> Cast {
    let here = app.establishment("CH Ici", "Lyon", "69").await;
    let there = app.establishment("CH Ailleurs", "Lille", "59").await;
    let mut users = Vec::new();
    for role in Role::ALL {
        let scopes: Vec<(ScopeKind, String)> = match role {
            Role::Recruiter => vec![(ScopeKind::Establishment, here.id.to_string())],
            Role::ArsOfficer => vec![(ScopeKind::Region, "84".into())],
            Role::University => vec![(ScopeKind::Track, "bobigny".into())],
            _ => vec![],
        };
        users.push((Actor::Role(role), user(app, role, &scopes).await));
    }
    let other_recruiter = user(
        app,
        Role::Recruiter,
        &[(ScopeKind::Establishment, there.id.to_string())],
    )
    .await;
    users.push((Actor::OtherRecruiter, other_recruiter));
    users.push((
        Actor::OtherArs,
        user(app, Role::ArsOfficer, &[(ScopeKind::Region, "32".into())]).await,
    ));
    users.push((Actor::HalfSignedIn, user(app, Role::Coordinator, &[]).await));
    let author = users[1].1.id;
    let mut tx = app.db.pool.begin().await.unwrap();
    let project = msp::domain::project::NewProject {
        establishment_id: here.id,
        unit: "Hôpital de jour".into(),
        public_served: "Adultes".into(),
        quotite: msp::domain::fiche::Quotite::TempsPlein,
        track: msp::domain::fiche::Track::Bobigny,
        readiness: Default::default(),
    };
    let project_id = msp::db::projects::insert(&mut tx, &project, Some(author))
        .await
        .unwrap();
    let content = common::content("Médiatrice de santé-pair");
    let fiche_id = msp::db::fiches::insert_draft(&mut tx, &here, &content, project_id)
        .await
        .unwrap();
    msp::db::fiches::record_version(&mut tx, fiche_id, &content, author)
        .await
        .unwrap();
    let (call_id, request_id, document_id, subsidy_id) = funding(&mut tx, project_id, here.id, author).await;
    tx.commit().await.unwrap();
    let (application_id, interview_id, follow_token) = application(app, &users, fiche_id, here.id).await;
    let (cohort_id, enrolment_id, feed_id, feed_token) =
        enrolment(app, &users, application_id, fiche_id, here.id).await;
    let team_request_id = team_request(app).await;
    let pool_member_id = pool_member(app).await;
    let stored_document_id = stored_document(app, &users).await;
    let gathering_id = crate::gatherings::store_gathering(app, "public", None).await;
    Cast {
        gathering_id,
        team_request_id,
        pool_member_id,
        stored_document_id,
        cohort_id,
        enrolment_id,
        feed_id,
        feed_token,
        users,
        project_id,
        fiche_id,
        establishment_id: here.id,
        application_id,
        interview_id,
        follow_token,
        call_id,
        request_id,
        document_id,
        subsidy_id,
    }
}

/// A call for region 84, a filed request of the project "here" with one document, and its subsidy.
async fn funding(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>, project_id: i64, establishment_id: i64, author: i64,
) -> (i64, i64, i64, i64) {
    use msp::db::funding as db;
    use msp::domain::funding::{self as rules, CallInput};
    let today = msp::domain::calendar::paris_today();
    let year = today.year().to_string();
    let input = CallInput {
        title: "Appel 84",
        posts: "2",
        amount: "45000",
        years: "1",
        first_year: &year,
        opens_on: Some(today),
        closes_on: Some(today + time::Duration::days(30)),
        documents: "Budget",
        ..Default::default()
    };
    let new = rules::check_call("84", &input, today).unwrap();
    let call_id = db::insert_call(tx, &new, Some(author)).await.unwrap();
    let who = db::Author {
        id: Some(author),
        name: "Test",
    };
    let request_id = db::insert_request(tx, call_id, project_id, establishment_id, "84", "Projet", &who)
        .await
        .unwrap();
    let document = db::NewDocument {
        requirement: "Budget",
        file_name: "budget.pdf",
        media_type: "application/pdf",
        content: b"%PDF-1.4 test",
    };
    let document_id = db::insert_document(tx, request_id, &document, Some(author))
        .await
        .unwrap();
    let call = db::find_call(tx, call_id, &db::Regions::All).await.unwrap().unwrap();
    // Filed, as a request with a subsidy is: the ARS sees no draft.
    let all = msp::domain::policy::FundingScope::All;
    let draft = db::find_request(tx, request_id, &all).await.unwrap().unwrap();
    let filed = rules::RequestState::Deposee;
    assert!(
        db::set_request_state(tx, request_id, draft.version, filed, Some(author))
            .await
            .unwrap()
    );
    let request = db::find_request(tx, request_id, &all).await.unwrap().unwrap();
    let ends = rules::subsidy_ends_on(call.first_year, call.years);
    let subsidy_id = db::insert_subsidy(
        tx,
        &request,
        &call,
        &rules::schedule(&call),
        ends,
        rules::reminder_due_on(ends),
    )
    .await
    .unwrap();
    (call_id, request_id, document_id, subsidy_id)
}

/// An application of the cast's candidate, made directly in the database.
async fn application(
    app: &TestApp, users: &[(Actor, TestUser)], fiche_id: i64, establishment_id: i64,
) -> (i64, i64, String) {
    let id_of = |role: Role| users.iter().find(|(a, _)| *a == Actor::Role(role)).unwrap().1.id;
    let candidate = id_of(Role::Candidate);
    let follow_token = msp::secrets::random_token();
    let now = msp::db::instant_text(time::OffsetDateTime::now_utc());
    let application_id: i64 = sqlx::query_scalar(
        "INSERT INTO applications (fiche_id, establishment_id, candidate_id, status, full_name, email, phone, town, \
         message, talent_pool, consent_at, consent_version, follow_token_hash, submission_key, \
         created_at, updated_at, last_contact_at) VALUES ($1, $2, $3, 'recue', 'Camille Candidate', $4, \
         '0612345678', 'Lyon', '', 0, $5, 'v', $6, $7, $5, $5, $5) RETURNING id",
    )
    .bind(fiche_id)
    .bind(establishment_id)
    .bind(candidate)
    .bind(
        users
            .iter()
            .find(|(a, _)| *a == Actor::Role(Role::Candidate))
            .unwrap()
            .1
            .email
            .clone(),
    )
    .bind(&now)
    .bind(msp::secrets::token_hash(&follow_token))
    .bind(msp::secrets::random_token())
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    let cipher = msp::documents::DocumentCipher::from_hex(common::TEST_DOCUMENT_KEY, "").unwrap();
    let sealed = cipher.seal(b"%PDF-1.4\n%%EOF\n", "cv");
    sqlx::query(
        "INSERT INTO application_documents (application_id, kind, filename, media_type, size, key_id, sealed) \
         VALUES ($1, 'cv', 'cv.pdf', 'pdf', 14, $2, $3)",
    )
    .bind(application_id)
    .bind(&sealed.key_id)
    .bind(sealed.bytes)
    .execute(&app.db.pool)
    .await
    .unwrap();
    let interview_id: i64 = sqlx::query_scalar(
        "INSERT INTO interviews (application_id, uid, starts_at, duration_minutes, place, video_url, created_at) \
         VALUES ($1, 'cast@msp', '2099-01-15T13:30:00Z', 60, 'Salle 2', '', $2) RETURNING id",
    )
    .bind(application_id)
    .bind(&now)
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    for member in [id_of(Role::Recruiter), id_of(Role::Coordinator)] {
        sqlx::query("INSERT INTO interview_panel (interview_id, user_id) VALUES ($1, $2)")
            .bind(interview_id)
            .bind(member)
            .execute(&app.db.pool)
            .await
            .unwrap();
    }
    (application_id, interview_id, follow_token)
}

/// The application's candidate hired, known to the MSP user, enrolled in Bobigny 2027.
async fn enrolment(
    app: &TestApp, users: &[(Actor, TestUser)], application_id: i64, fiche_id: i64, establishment_id: i64,
) -> (i64, i64, i64, String) {
    let msp_user = &users.iter().find(|(a, _)| *a == Actor::Role(Role::Msp)).unwrap().1;
    let coordinator = users
        .iter()
        .find(|(a, _)| *a == Actor::Role(Role::Coordinator))
        .unwrap()
        .1
        .id;
    let record: i64 = sqlx::query_scalar(
        "INSERT INTO msp_records (application_id, user_id, establishment_id, fiche_id, full_name, email, phone, hired_at) \
         VALUES ($1, $2, $3, $4, 'Camille Candidate', $5, '', '2026-11-23T10:00:00Z') RETURNING id",
    )
    .bind(application_id)
    .bind(msp_user.id)
    .bind(establishment_id)
    .bind(fiche_id)
    .bind(&msp_user.email)
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    let mut tx = app.db.pool.begin().await.unwrap();
    let dates = msp::domain::cohort::defaults(msp::domain::fiche::Track::Bobigny, 2027);
    let cohort_id = msp::db::cohorts::insert_cohort(&mut tx, &dates).await.unwrap();
    let cohort = msp::db::cohorts::find_cohort(&mut tx, cohort_id)
        .await
        .unwrap()
        .unwrap();
    let enrolment_id = msp::db::enrolments::enrol(&mut tx, record, &cohort, Some(true))
        .await
        .unwrap()
        .unwrap();
    use msp::db::feeds::FeedKind;
    msp::db::feeds::create_feed(&mut tx, FeedKind::Msp, enrolment_id, coordinator)
        .await
        .unwrap();
    let feed_token = msp::db::feeds::create_feed(&mut tx, FeedKind::Cohort, cohort_id, coordinator)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let feed_id: i64 = sqlx::query_scalar("SELECT MIN(id) FROM calendar_feeds")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    (cohort_id, enrolment_id, feed_id, feed_token)
}

async fn user(app: &TestApp, role: Role, scopes: &[(ScopeKind, String)]) -> TestUser {
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let scopes: Vec<(ScopeKind, &str)> = scopes.iter().map(|(k, v)| (*k, v.as_str())).collect();
    app.user(role, &format!("{}-{n}@exemple.fr", role.as_str()), &scopes)
        .await
}

/// A team's request, stored and confirmed as its link would.
async fn team_request(app: &TestApp) -> i64 {
    let form = msp::domain::team_request::TeamRequestForm {
        etablissement: "EPSM de la Matrice".into(),
        commune: "Lyon".into(),
        equipe: "Équipe mobile".into(),
        nom: "Dominique Cadre".into(),
        fonction: "Cadre de santé".into(),
        email: "cadre@matrice.example".into(),
        projet: "Accueillir un MSP.".into(),
        ..Default::default()
    };
    let mut conn = app.db.pool.acquire().await.unwrap();
    let now = time::OffsetDateTime::now_utc();
    let (id, _) = msp::db::team_requests::insert(&mut conn, &form.read().unwrap(), now)
        .await
        .unwrap();
    assert!(msp::db::team_requests::confirm(&mut conn, id, now).await.unwrap());
    id
}

/// A candidate who joined the talent pool: their number in it.
async fn pool_member(app: &TestApp) -> i64 {
    use msp::domain::talent_pool::{Area, PoolWorkingTime, Profile, Shown};
    let candidate = user(app, Role::Candidate, &[]).await;
    let profile = Profile {
        shown_name: "Sam".into(),
        areas: Area::parse_list("r84"),
        available_from: None,
        working_time: PoolWorkingTime::LesDeux,
        training: Vec::new(),
        training_other: String::new(),
        presentation: String::new(),
        shown: Shown::ALL,
    };
    let mut conn = app.db.pool.acquire().await.unwrap();
    msp::db::talent_pool::save(&mut conn, candidate.id, &profile, time::OffsetDateTime::now_utc())
        .await
        .unwrap()
}

/// A CV in the candidate's « Mes documents », sealed as the page seals it.
async fn stored_document(app: &TestApp, users: &[(Actor, TestUser)]) -> i64 {
    let candidate = users
        .iter()
        .find(|(a, _)| *a == Actor::Role(Role::Candidate))
        .unwrap()
        .1
        .id;
    let cipher = msp::documents::DocumentCipher::from_hex(common::TEST_DOCUMENT_KEY, "").unwrap();
    let sealed = cipher.seal(b"%PDF-1.4\n%%EOF\n", "cv");
    let document = msp::db::applications::StoredDocument {
        kind: "cv".into(),
        filename: "cv.pdf".into(),
        media_type: "pdf".into(),
        size: 14,
        key_id: sealed.key_id,
        sealed: sealed.bytes,
    };
    let mut conn = app.db.pool.acquire().await.unwrap();
    msp::db::candidate_documents::insert(&mut conn, candidate, "Mon CV", &document)
        .await
        .unwrap()
        .unwrap()
}
