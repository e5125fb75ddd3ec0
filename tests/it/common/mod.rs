//! `TestApp`: the real application on a free port over a fresh database, driven over HTTP.
//!
//! Every scenario runs on SQLite, and on PostgreSQL when `MSP_TEST_POSTGRES_URL` points to a
//! server (each test then gets a database of its own, dropped at the end).

#![allow(dead_code, reason = "each test binary uses its own part of the helpers")]

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

use msp::db::users;
use msp::domain::account::{Email, Scope};
use msp::domain::role::{Role, ScopeKind};
use msp::mail::{Mailer, SentMail};

use msp::db::establishments::{self, NewEstablishment};
use msp::db::{Backend, Db, fiches};
use msp::domain::calendar::paris_today;
use msp::domain::fiche::{
    Competences, Contact, Employer, FicheContent, FicheStatus, MissionGroup, Offer, Quotite, Track,
};
use time::{Duration, OffsetDateTime};

/// Runs each named scenario `async fn NAME(app: TestApp)` as two tests, `NAME::sqlite` and
/// `NAME::postgres`.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test]
            async fn sqlite() {
                super::$name($crate::common::TestApp::start_sqlite().await).await;
            }
            #[tokio::test]
            // Without a server the PostgreSQL half shows as ignored, never as passed (build.rs).
            #[cfg_attr(not(msp_postgres), ignore = "MSP_TEST_POSTGRES_URL is not set")]
            async fn postgres() {
                if let Some(app) = $crate::common::TestApp::start_postgres().await {
                    super::$name(app).await;
                }
            }
        }
    )*};
}

static NEXT: AtomicU32 = AtomicU32::new(0);

fn unique_name() -> String {
    let nanos = OffsetDateTime::now_utc().unix_timestamp_nanos() % 1_000_000_000;
    format!(
        "msp_test_{}_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed),
        nanos
    )
}

enum Cleanup {
    /// Another instance on a database some other `TestApp` owns.
    Nothing,
    SqliteFile(PathBuf),
    PostgresDatabase {
        admin_url: String,
        name: String,
    },
}

pub struct TestApp {
    pub address: SocketAddr,
    pub db: Db,
    pub client: reqwest::Client,
    /// Messages the application sent, in order.
    pub sent: Arc<Mutex<Vec<SentMail>>>,
    /// The instance's mailer, to wake its outbox worker after a job run by the test.
    pub mailer: Mailer,
    /// The instance's index of the open offers, which its jobs share with its pages.
    pub board: Arc<msp::board::Board>,
    database_url: String,
    cleanup: Cleanup,
}

impl TestApp {
    pub async fn start_sqlite() -> TestApp {
        let path = std::env::temp_dir().join(format!("{}.sqlite3", unique_name()));
        let url = format!("sqlite://{}", path.display());
        TestApp::start(&url, Cleanup::SqliteFile(path)).await
    }

    /// `None` when no PostgreSQL server is configured, which CI never allows.
    pub async fn start_postgres() -> Option<TestApp> {
        let Ok(admin_url) = std::env::var("MSP_TEST_POSTGRES_URL") else {
            assert!(std::env::var_os("CI").is_none(), "CI must set MSP_TEST_POSTGRES_URL");
            eprintln!("PostgreSQL skipped: MSP_TEST_POSTGRES_URL is not set");
            return None;
        };
        let name = unique_name();
        let admin = Db::connect(&admin_url)
            .await
            .expect("the test PostgreSQL server answers");
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&admin.pool)
            .await
            .expect("create database");
        admin.pool.close().await;
        let url = with_database(&admin_url, &name);
        Some(TestApp::start(&url, Cleanup::PostgresDatabase { admin_url, name }).await)
    }

    async fn start(url: &str, cleanup: Cleanup) -> TestApp {
        TestApp::start_with(url, cleanup, true).await
    }

    async fn start_with(url: &str, cleanup: Cleanup, migrate: bool) -> TestApp {
        let db = Db::connect(url).await.expect("connect to the test database");
        if migrate {
            db.migrate().await.expect("migrate the test database");
        }
        // The outbox is sealed with the same key as documents, as `msp serve` configures it.
        let db = db.with_documents(msp::documents::DocumentCipher::from_hex(TEST_DOCUMENT_KEY, "").unwrap());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a free port");
        let address = listener.local_addr().unwrap();
        let (mailer, sent) = Mailer::in_memory("Programme MSP <ne-pas-repondre@msp.test>");
        let mut state = msp::web::AppState::new(db.clone(), &format!("http://{address}"), mailer.clone());
        // One key for every instance on the same database, as production configures it.
        state.documents = msp::documents::DocumentCipher::from_hex(TEST_DOCUMENT_KEY, "").unwrap();
        let board = state.board.clone();
        tokio::spawn(msp::mail::run_worker(db.clone(), mailer.clone()));
        tokio::spawn(async move {
            msp::web::serve_on(listener, state, std::future::pending())
                .await
                .unwrap()
        });
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        TestApp {
            address,
            db,
            client,
            sent,
            mailer,
            board,
            database_url: url.to_string(),
            cleanup,
        }
    }

    /// A second instance of the application (its own pool, workers and mailer) on the same
    /// database, as production runs several behind a proxy.
    pub async fn another_instance(&self) -> TestApp {
        TestApp::start(&self.database_url, Cleanup::Nothing).await
    }

    /// Another instance, without migrating, on a database URL of the test's choosing (e.g. the
    /// same database opened read-only), cleaned up by whoever owns the database.
    pub async fn instance_on(url: &str) -> TestApp {
        TestApp::start_with(url, Cleanup::Nothing, false).await
    }

    pub fn database_url(&self) -> &str {
        &self.database_url
    }

    pub fn backend(&self) -> Backend {
        self.db.backend
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.address, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("the server answers")
    }

    /// Status and body of a page.
    pub async fn page(&self, path: &str) -> (u16, String) {
        let response = self.get(path).await;
        let status = response.status().as_u16();
        (status, response.text().await.unwrap())
    }

    pub async fn json(&self, path: &str) -> (u16, serde_json::Value) {
        let response = self.get(path).await;
        let status = response.status().as_u16();
        (status, response.json().await.expect("a JSON body"))
    }

    pub async fn load_demo(&self) -> usize {
        msp::demo::load(&self.db).await.expect("demo data loads")
    }

    /// Stores an establishment in a département.
    pub async fn establishment(&self, name: &str, commune: &str, departement: &str) -> Employer {
        let mut tx = self.db.begin().await.unwrap();
        let new = NewEstablishment {
            name: name.into(),
            legal_name: format!("{name} (employeur)"),
            is_public: true,
            street: "1 rue de la Paix".into(),
            postal_code: "00000".into(),
            commune: commune.into(),
            departement_code: departement.into(),
        };
        establishments::insert(&mut tx, &new).await.unwrap();
        let employer = establishments::find_by_name(&mut tx, name).await.unwrap().unwrap();
        tx.commit().await.unwrap();
        employer
    }

    /// Stores a fiche in the given state, published `days_ago` days ago. The transaction takes
    /// SQLite's write lock at once (`Db::begin`), as the application's do: a deferred one fails
    /// with "database is locked" when the mail worker writes at the same moment.
    pub async fn fiche(&self, employer: &Employer, content: FicheContent, status: FicheStatus, days_ago: i64) -> Offer {
        let mut tx = self.db.begin().await.unwrap();
        let published = OffsetDateTime::now_utc() - Duration::days(days_ago);
        let offer = fiches::insert(&mut tx, employer, &content, status, Some(published))
            .await
            .unwrap();
        tx.commit().await.unwrap();
        offer
    }

    /// Publishes an open offer with this title.
    pub async fn publish(&self, employer: &Employer, title: &str, days_ago: i64) -> Offer {
        self.fiche(employer, content(title), FicheStatus::Publiee, days_ago)
            .await
    }
}

/// A complete fiche, open for a month, to vary in tests.
pub fn content(title: &str) -> FicheContent {
    let today = paris_today();
    FicheContent {
        title: title.into(),
        quotite: Quotite::TempsPlein,
        quotite_percent: 100,
        quotite_adaptable: false,
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
        track: Track::Bobigny,
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
        public_post: Default::default(),
    }
}

/// `postgres://host/test?x` with the database part replaced.
fn with_database(url: &str, database: &str) -> String {
    let (base, query) = url.split_once('?').map_or((url, None), |(b, q)| (b, Some(q)));
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let base = match base[scheme_end..].find('/') {
        Some(slash) => &base[..scheme_end + slash],
        None => base,
    };
    match query {
        Some(q) => format!("{base}/{database}?{q}"),
        None => format!("{base}/{database}"),
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        match &self.cleanup {
            Cleanup::Nothing => {}
            Cleanup::SqliteFile(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
            }
            Cleanup::PostgresDatabase { admin_url, name } => {
                let (admin_url, name) = (admin_url.clone(), name.clone());
                // Drop runs inside the test's runtime: a thread with its own runtime can block.
                let _ = std::thread::spawn(move || {
                    let runtime = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                        .unwrap();
                    runtime.block_on(async {
                        if let Ok(admin) = Db::connect(&admin_url).await {
                            let drop = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                            let _ = sqlx::query(sqlx::AssertSqlSafe(drop)).execute(&admin.pool).await;
                        }
                    });
                })
                .join();
            }
        }
    }
}

/// A person with their own cookies, as a browser keeps them.
pub struct Browser {
    pub client: reqwest::Client,
    jar: Arc<reqwest::cookie::Jar>,
    base: String,
}

impl TestApp {
    pub fn browser(&self) -> Browser {
        let jar = Arc::new(reqwest::cookie::Jar::default());
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .cookie_provider(jar.clone())
            .build()
            .unwrap();
        Browser {
            client,
            jar,
            base: self.url(""),
        }
    }

    /// The messages sent to an address so far, once the outbox worker has sent every queued one.
    pub async fn mail_to(&self, to: &str) -> Vec<SentMail> {
        self.wait_for_outbox().await;
        let sent = self.sent.lock().unwrap();
        sent.iter().filter(|m| m.to == to).cloned().collect()
    }

    /// Waits until no message waits in the outbox. A message still waiting after 30 seconds
    /// fails the test: a mail that never leaves must not read as a mail that was never sent.
    async fn wait_for_outbox(&self) {
        let mut pending = 0;
        for _ in 0..1200 {
            pending =
                sqlx::query_scalar("SELECT COUNT(*) FROM mail_outbox WHERE sent_at IS NULL AND abandoned_at IS NULL")
                    .fetch_one(&self.db.pool)
                    .await
                    .unwrap();
            if pending == 0 {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(25)).await;
        }
        panic!("{pending} message(s) still wait in the outbox after 30 s: the mail never left");
    }

    /// Every message the given instances of one database sent, once they sent all that was
    /// queued (a job run by the test queues without waking the workers: this wakes them).
    /// The table keeps no content once sent: what left is read from each instance's mailer.
    pub async fn delivered(instances: &[&TestApp]) -> Vec<SentMail> {
        for instance in instances {
            instance.mailer.wake.notify_one();
        }
        instances[0].wait_for_outbox().await;
        instances
            .iter()
            .flat_map(|instance| instance.sent.lock().unwrap().clone())
            .collect()
    }

    /// The path of the last link sent to an address.
    pub async fn last_link_to(&self, to: &str) -> String {
        let mails = self.mail_to(to).await;
        let text = &mails.last().unwrap_or_else(|| panic!("no mail to {to}")).text;
        let start = text.find(&self.url("/")).expect("a link to the site") + self.url("").len();
        text[start..].split_whitespace().next().unwrap().to_string()
    }

    /// A user created directly in the database, with a known TOTP secret for staff roles.
    pub async fn user(&self, role: Role, email: &str, scopes: &[(ScopeKind, &str)]) -> TestUser {
        let mut conn = self.db.pool.acquire().await.unwrap();
        let email_value = Email::parse("email", email).unwrap();
        let scopes: Vec<Scope> = scopes
            .iter()
            .map(|(kind, value)| Scope {
                kind: *kind,
                value: value.to_string(),
            })
            .collect();
        let id = users::insert(
            &mut conn,
            users::NewUser {
                email: &email_value,
                display_name: "Camille Test",
                role,
                password_hash: Some(msp::secrets::hash_password(PASSWORD)),
                email_verified: true,
                scopes: &scopes,
            },
        )
        .await
        .unwrap();
        let totp_secret = role.requires_second_factor().then(msp::secrets::new_totp_secret);
        if let Some(secret) = &totp_secret {
            sqlx::query("UPDATE users SET totp_secret = $1 WHERE id = $2")
                .bind(secret)
                .bind(id)
                .execute(&mut *conn)
                .await
                .unwrap();
        }
        TestUser {
            id,
            email: email.to_string(),
            totp_secret,
        }
    }

    /// A fresh, fully signed-in session for a user, without going through the login pages.
    pub async fn session_for(&self, user: &TestUser) -> String {
        let mut conn = self.db.pool.acquire().await.unwrap();
        msp::db::sessions::create(&mut conn, user.id, true).await.unwrap()
    }

    /// A browser signed in as this user through the real pages (password, then TOTP code).
    pub async fn signed_in(&self, user: &TestUser) -> Browser {
        let browser = self.browser();
        let response = browser
            .post("/connexion", &[("email", &user.email), ("password", PASSWORD)])
            .await;
        assert_eq!(response.status(), 303, "login of {}", user.email);
        if let Some(secret) = &user.totp_secret {
            // A code works once: a second login within the same 30 seconds uses the next code,
            // which the server accepts as clock drift, as a person would wait for it.
            let now = time::OffsetDateTime::now_utc().unix_timestamp() as u64;
            let mut status = 0;
            for at in [now, now + 30] {
                let code = msp::secrets::totp_code(secret, at);
                status = browser
                    .post("/connexion/code", &[("code", &code)])
                    .await
                    .status()
                    .as_u16();
                if status == 303 {
                    break;
                }
            }
            assert_eq!(status, 303, "second factor of {}", user.email);
        }
        browser
    }
}

pub const PASSWORD: &str = "Un mot de passe de test solide";

/// The documents' key of every test instance.
pub const TEST_DOCUMENT_KEY: &str = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

/// The value of a form's hidden field in a page.
pub fn hidden_value(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker).unwrap_or_else(|| panic!("no hidden field {name}")) + marker.len();
    html[start..].split('"').next().unwrap().to_string()
}

/// The forms' token of a signed-in session, as its pages write it.
pub fn form_token_of_session(session: &str) -> String {
    msp::web::csrf::session_token(&msp::secrets::token_hash(session))
}

pub struct TestUser {
    pub id: i64,
    pub email: String,
    pub totp_secret: Option<String>,
}

impl Browser {
    pub fn cookie(&self, name: &str) -> Option<String> {
        use reqwest::cookie::CookieStore;
        let header = self.jar.cookies(&self.base.parse().unwrap())?;
        header
            .to_str()
            .ok()?
            .split("; ")
            .filter_map(|pair| pair.split_once('='))
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value.to_string())
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(format!("{}{path}", self.base)).send().await.unwrap()
    }

    pub async fn page(&self, path: &str) -> (u16, String) {
        let response = self.get(path).await;
        (response.status().as_u16(), response.text().await.unwrap())
    }

    /// The token the pages' forms carry for this browser: its session's when signed in, else
    /// its CSRF cookie (loaded with a page first if the browser has none yet).
    pub async fn form_token(&self) -> String {
        if let Some(session) = self.cookie("msp_session") {
            return form_token_of_session(&session);
        }
        if self.cookie("msp_csrf").is_none() {
            self.get("/").await;
        }
        self.cookie("msp_csrf").unwrap()
    }

    /// Posts a form with the CSRF token, as the page's form would.
    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let csrf = self.form_token().await;
        let mut form: Vec<(&str, &str)> = vec![("_csrf", &csrf)];
        form.extend_from_slice(fields);
        self.client
            .post(format!("{}{path}", self.base))
            .form(&form)
            .send()
            .await
            .unwrap()
    }
}

impl Browser {
    /// Posts a multipart form (text fields and files), with the CSRF token.
    pub async fn post_multipart(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        files: &[(&str, &str, Vec<u8>)],
    ) -> reqwest::Response {
        let mut form = reqwest::multipart::Form::new().text("_csrf", self.form_token().await);
        for (name, value) in fields {
            form = form.text(name.to_string(), value.to_string());
        }
        for (name, filename, bytes) in files {
            let part = reqwest::multipart::Part::bytes(bytes.clone()).file_name(filename.to_string());
            form = form.part(name.to_string(), part);
        }
        self.client
            .post(format!("{}{path}", self.base))
            .multipart(form)
            .send()
            .await
            .unwrap()
    }
}

/// Where a redirect goes.
pub fn location(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default()
}

/// A PDF answer: status, `Content-Type`, `Content-Disposition` and body.
pub async fn pdf(response: reqwest::Response) -> (u16, String, String, Vec<u8>) {
    let status = response.status().as_u16();
    let header = |name| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    let (content_type, disposition) = (header("content-type"), header("content-disposition"));
    (
        status,
        content_type,
        disposition,
        response.bytes().await.unwrap().to_vec(),
    )
}

/// The text of a PDF as a reader would get it, with every run of white space (line breaks,
/// non-breaking spaces) as one space, so a wrapped sentence is found whole; the running
/// header and footer are left out, so a sentence cut by a page break is found whole too.
pub fn pdf_text(bytes: &[u8]) -> String {
    let text = pdf_extract::extract_text_from_mem(bytes).expect("a readable PDF");
    let running = |line: &str| {
        let line = line.trim();
        line.starts_with("Fiche de poste – ")
            || line.contains("document de travail, non publié")
            || line.starts_with("En ligne")
            || (line.starts_with("Page ") && line.contains(" sur "))
    };
    let body: Vec<&str> = text.lines().filter(|line| !running(line)).collect();
    collapse(&body.join("\n"))
}

/// The running header of every page of a fiche's PDF, as the reader finds it.
pub fn pdf_header(bytes: &[u8]) -> String {
    let text = pdf_extract::extract_text_from_mem(bytes).expect("a readable PDF");
    collapse(text.lines().find(|line| !line.trim().is_empty()).unwrap_or_default())
}

/// Every run of white space as one space.
pub fn collapse(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c == '\u{a0}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}
