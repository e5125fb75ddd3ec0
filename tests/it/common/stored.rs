//! What scenarios stand on, stored straight in the database: people of a role, projects and
//! their drafts, a hire, a subsidy; and the database read and changed as no page would.

use super::*;

use msp::domain::project::NewProject;

impl TestApp {
    /// A recruiter of this establishment.
    pub async fn recruiter(&self, email: &str, employer: &Employer) -> TestUser {
        let scope = employer.id.to_string();
        self.user(Role::Recruiter, email, &[(ScopeKind::Establishment, &scope)])
            .await
    }

    /// Signed in, the recruiter of another establishment ("CH Ailleurs", in Lille): what they
    /// reach of someone else's data, any stranger would.
    pub async fn recruiter_elsewhere(&self) -> Browser {
        let elsewhere = self.establishment("CH Ailleurs", "Lille", "59").await;
        let stranger = self.recruiter("rh@ailleurs.test", &elsewhere).await;
        self.signed_in(&stranger).await
    }

    /// The number a query returns: a count, the last id.
    pub async fn scalar(&self, sql: &str) -> i64 {
        sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_string()))
            .fetch_one(&self.db.pool)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
    }

    /// Runs a statement straight on the database: a date moved into the past, a state set.
    pub async fn exec(&self, statement: sqlx::query::Query<'_, sqlx::Any, sqlx::any::AnyArguments>) {
        statement.execute(&self.db.pool).await.unwrap();
        self.sync_board().await;
    }

    /// Brings this instance's board up to the database at once, as a request that changes
    /// something does: what a test that writes straight to the database calls before reading
    /// the board (its follower would catch up some milliseconds later).
    pub async fn sync_board(&self) {
        self.board.sync(&self.db, self.clock.today()).await.unwrap();
    }

    /// Waits until this instance's board has caught up with the database by itself (its
    /// follower), as another instance's must after a change: up to 10 s, then fails.
    pub async fn board_caught_up(&self) {
        let wanted = msp::db::board::version(&self.db).await.unwrap();
        for _ in 0..1000 {
            let index = self.board.index(&self.db, self.clock.today()).await.unwrap();
            if index.version >= wanted {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        panic!("the board did not catch up with version {wanted} within 10 s");
    }

    /// Runs the saved searches' alerts job once, as the server does every minute, and wakes the
    /// mail worker; returns how many messages it queued.
    pub async fn run_alerts(&self) -> usize {
        let queued = msp::alerts::send_due(&self.db, &self.board, &self.clock, &self.url(""))
            .await
            .unwrap();
        self.mailer.wake.notify_one();
        queued
    }

    /// A candidate retained on a fiche, stored directly, then hired by the recruiter through
    /// the pipeline's decision, which makes the MSP's record: its id.
    pub async fn hire(&self, rh: &Browser, fiche: i64, establishment: i64, email: &str) -> i64 {
        let now = "2026-11-23T10:00:00Z";
        let application: i64 = sqlx::query_scalar(
            "INSERT INTO applications (fiche_id, establishment_id, status, full_name, email, phone, town, message, \
             talent_pool, consent_at, consent_version, follow_token_hash, submission_key, \
             created_at, updated_at, last_contact_at) VALUES ($1, $2, 'retenue', 'Camille Martin', $3, '', 'Paris', '', \
             0, $4, 'v', $3, $3, $4, $4, $4) RETURNING id",
        )
        .bind(fiche)
        .bind(establishment)
        .bind(email)
        .bind(now)
        .fetch_one(&self.db.pool)
        .await
        .unwrap();
        self.held_interview(application, establishment).await;
        let response = rh
            .move_application(
                application,
                "embauchee",
                "Décision",
                "Bonjour {nom}, bienvenue dans l'équipe.",
            )
            .await;
        assert_eq!(response.status(), 303, "hired");
        self.scalar(&format!(
            "SELECT id FROM msp_records WHERE application_id = {application}"
        ))
        .await
    }
}

impl TestApp {
    /// An interview of the application that took place yesterday (by the application's clock),
    /// its panel (a recruiter of the establishment) having filled their evaluation: what a hire
    /// follows.
    pub async fn held_interview(&self, application: i64, establishment: i64) {
        let yesterday = msp::db::instant_text(self.clock.now() - time::Duration::days(1));
        let interview: i64 = sqlx::query_scalar(
            "INSERT INTO interviews (application_id, uid, starts_at, duration_minutes, place, video_url, created_at) \
             VALUES ($1, $2, $3, 60, 'Salle 2', '', $3) RETURNING id",
        )
        .bind(application)
        .bind(format!("entretien-{application}@test"))
        .bind(&yesterday)
        .fetch_one(&self.db.pool)
        .await
        .unwrap();
        let member: i64 = self
            .scalar(&format!(
                "SELECT u.id FROM users u JOIN user_scopes s ON s.user_id = u.id WHERE u.role = 'recruiter' \
                 AND s.kind = 'establishment' AND s.value = '{establishment}' ORDER BY u.id LIMIT 1"
            ))
            .await;
        sqlx::query("INSERT INTO interview_panel (interview_id, user_id) VALUES ($1, $2)")
            .bind(interview)
            .bind(member)
            .execute(&self.db.pool)
            .await
            .unwrap();
        msp::db::interviews::submit_evaluation(
            &mut self.db.pool.acquire().await.unwrap(),
            interview,
            (member, "Jury"),
            &[("techniques".into(), "oui".into())],
            "Entretien mené.",
            "favorable",
        )
        .await
        .unwrap();
    }
}

/// A team's project to create a post: full time in a medical-psychological centre for adults,
/// training at Bobigny; to vary in tests.
pub fn project(employer: &Employer) -> NewProject {
    NewProject {
        establishment_id: employer.id,
        unit: "Centre médico-psychologique".into(),
        public_served: "Adultes".into(),
        quotite: Quotite::TempsPlein,
        track: Track::Bobigny,
        readiness: Default::default(),
    }
}

/// Stores a project (`project`) and its fiche in draft as the recruiter `author` started them,
/// in the caller's transaction: (project, fiche).
pub async fn store_draft(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>, employer: &Employer, author: i64, fiche: &FicheContent,
) -> (i64, i64) {
    let project_id = msp::db::projects::insert(tx, &project(employer), Some(author))
        .await
        .unwrap();
    let fiche_id = fiches::insert_draft(tx, employer, fiche, project_id).await.unwrap();
    (project_id, fiche_id)
}

/// Grants the subsidy of a request on a call, with the call's schedule and reminder, in the
/// caller's transaction: its id.
pub async fn grant_subsidy(conn: &mut sqlx::AnyConnection, call_id: i64, request_id: i64) -> i64 {
    use msp::db::funding as db;
    use msp::domain::funding as rules;
    let call = db::find_call(conn, call_id, &db::Regions::All).await.unwrap().unwrap();
    let request = db::find_request(conn, request_id, &msp::domain::policy::FundingScope::All)
        .await
        .unwrap()
        .unwrap();
    let ends = rules::subsidy_ends_on(call.first_year, call.years);
    let schedule = rules::schedule(&call);
    db::insert_subsidy(conn, &request, &call, &schedule, ends, rules::reminder_due_on(ends))
        .await
        .unwrap()
}

/// Stores a call for projects of the ARS of Auvergne-Rhône-Alpes (84), opened by `author` (if
/// any) on `opens_on` for 20 days: 3 posts of 45,000 € for one year from `first_year`, a budget
/// asked of each request. Its id.
pub async fn store_call(
    conn: &mut sqlx::AnyConnection, first_year: i32, opens_on: time::Date, author: Option<i64>,
) -> i64 {
    use msp::domain::funding::{CallInput, check_call};
    let first_year = first_year.to_string();
    let input = CallInput {
        title: "Appel 84",
        posts: "3",
        amount: "45000",
        years: "1",
        first_year: &first_year,
        opens_on: Some(opens_on),
        closes_on: Some(opens_on + Duration::days(20)),
        documents: "Budget",
        ..Default::default()
    };
    let new = check_call("84", &input, opens_on).unwrap();
    msp::db::funding::insert_call(conn, &new, author).await.unwrap()
}

/// Stores the request, still a draft, of a project on a call, by `author` (if any): its id.
pub async fn store_request(
    conn: &mut sqlx::AnyConnection, call: i64, project: i64, establishment: i64, author: Option<i64>,
) -> i64 {
    let who = msp::db::funding::Author {
        id: author,
        name: "Test",
    };
    msp::db::funding::insert_request(conn, call, project, establishment, "84", "Projet", &who)
        .await
        .unwrap()
}

/// A complete fiche, open for a month, to vary in tests.
pub fn content(title: &str) -> FicheContent {
    let today = paris_today();
    FicheContent {
        title: title.into(),
        working_time: WorkingTime {
            quotite: Quotite::TempsPlein,
            percent: Some(100),
            percent_max: None,
            adaptable: false,
            note: String::new(),
        },
        grade: "Animateur (catégorie B)".into(),
        pole: "Pôle de psychiatrie adulte".into(),
        service: "Service de réhabilitation".into(),
        unit: "Hôpital de jour".into(),
        place: "Site principal".into(),
        context: "Le service accueille des adultes.\n\nIl travaille en réseau avec la cité.".into(),
        public_served: "Adultes présentant des troubles psychotiques".into(),
        missions: vec![MissionGroup {
            title: "Accompagnement".into(),
            items: vec!["Soutenir le rétablissement".into()],
        }],
        competences: Competences {
            experientielles: vec!["Avoir eu recours aux soins en santé mentale".into()],
            ..Default::default()
        },
        diploma: "Bac+2, ou Bac avec VAP/VAE une fois recruté·e".into(),
        track: Some(Track::Bobigny),
        training: "Frais de formation pris en charge par l'établissement.".into(),
        how_to_apply: "Lettre de motivation et CV.".into(),
        apply_email: "recrutement@test.example".into(),
        contacts: vec![Contact {
            name: "Camille Test".into(),
            role: "Cadre de santé".into(),
            phone: "01 99 00 00 00".into(),
            email: String::new(),
        }],
        deadline: Some(today + Duration::days(30)),
        start_date: Some(today + Duration::days(60)),
        start_note: String::new(),
        pay_index: Some(376),
        ..FicheContent::default()
    }
}
