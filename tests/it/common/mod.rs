//! `TestApp`: the real application on a free port over a fresh database, driven over HTTP.
//!
//! Every scenario runs on SQLite, and on PostgreSQL when `MSP_TEST_POSTGRES_URL` points to a
//! server (each test then gets a database of its own, dropped at the end). What the stories share
//! lives beside it, so that a scenario reads as its story:
//! - `people`: browsers with their cookies, users of each role signed in, the mail they receive;
//! - `steps`: what every story does the same way through the forms (logging in, opening a
//!   project, moving an application);
//! - `stored`: what a scenario stands on, stored straight in the database (a recruiter, a
//!   project and its draft, a hire, a call and its subsidy), and the database read and changed;
//! - `pages`: readers of answers (a page as read, hidden fields, redirects, cookies, PDFs);
//! - `files`: documents as people upload them (PDF, DOCX, XLSX, a ZIP bomb).

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
use msp::domain::calendar::{Clock, paris_today};
use msp::domain::fiche::{
    Competences, Contact, Employer, FicheContent, FicheStatus, MissionGroup, Offer, Quotite, Track, WorkingTime,
};
use time::{Duration, OffsetDateTime};

pub mod api_check;
mod files;
mod forms;
pub mod oidc;
use oidc::Configure;
mod pages;
mod people;
mod steps;
mod stored;
pub use files::*;
pub use forms::*;
pub use pages::*;
pub use people::*;
pub use steps::*;
pub use stored::*;

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
    /// The instance's clock, shared with its handlers: the system's time until the test moves
    /// it (`set_now`); give it to the jobs the test runs (`clock.now()`, `clock.today()`).
    pub clock: Clock,
    /// The instance's index of the open offers, which its jobs share with its pages.
    pub board: Arc<msp::board::Board>,
    /// What the OpenAPI document refuses of the `/api/v1` answers so far (`api_check`).
    pub api_check: Arc<api_check::ApiCheck>,
    /// The instance's API call limits, which a test may lower (`msp::web::rate_limit`).
    pub api_limits: Arc<msp::web::rate_limit::ApiLimits>,
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
        TestApp::start_with(url, cleanup, true, true, None).await
    }

    /// `follow`: whether the board's follower runs, as `msp serve` starts it; without it the
    /// index loads with the first search.
    async fn start_with(url: &str, cleanup: Cleanup, migrate: bool, follow: bool, configure: Configure) -> TestApp {
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
        let clock = Clock::movable();
        state.clock = clock.clone();
        // The tests' webhook receivers listen on http://127.0.0.1 (`MSP_WEBHOOKS_ALLOW_PRIVATE`).
        state.webhooks_allow_private = true;
        // As `msp serve` does at start-up: a demo database shows its banner.
        state.read_settings().await.expect("read the database's settings");
        configure.inspect(|configure| configure(&mut state));
        let board = state.board.clone();
        let api_limits = state.api_limits.clone();
        if follow {
            tokio::spawn(board.clone().follow(db.clone(), clock.clone()));
            // As a load balancer waits for `/readyz`: the tests start on a loaded index.
            for _ in 0..1000 {
                if board.is_loaded() {
                    break;
                }
                tokio::time::sleep(std::time::Duration::from_millis(5)).await;
            }
        }
        tokio::spawn(msp::mail::run_worker(db.clone(), mailer.clone()));
        let api_check = api_check::ApiCheck::new();
        tokio::spawn(api_check::serve_checked(listener, state, api_check.clone()));
        msp::outbound::install_crypto_provider();
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
            clock,
            board,
            api_check,
            api_limits,
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
        TestApp::start_with(url, Cleanup::Nothing, false, true, None).await
    }

    /// Another instance whose board follows nothing: its index loads with its first search.
    pub async fn instance_without_follower(&self) -> TestApp {
        TestApp::start_with(&self.database_url, Cleanup::Nothing, false, false, None).await
    }

    /// Stands the application on another instant (then time goes on from there): its pages,
    /// its rules and the jobs given `self.clock` see that day.
    pub fn set_now(&self, at: OffsetDateTime) {
        self.clock.set_now(at);
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
        let loaded = msp::demo::load(&self.db).await.expect("demo data loads");
        self.sync_board().await;
        loaded
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
        self.sync_board().await;
        offer
    }

    /// Publishes an open offer with this title.
    pub async fn publish(&self, employer: &Employer, title: &str, days_ago: i64) -> Offer {
        self.fiche(employer, content(title), FicheStatus::Publiee, days_ago)
            .await
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
        if !std::thread::panicking() {
            let sent = self.sent.lock().unwrap().clone();
            let url = self.database_url.clone();
            // Drop runs inside the test's runtime: a thread with its own runtime can block.
            let leaks = std::thread::spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .unwrap();
                runtime.block_on(staff_mail_naming_candidates(&url, &sent))
            })
            .join()
            .unwrap();
            assert!(leaks.is_empty(), "mail to staff names a candidate: {leaks:#?}");
        }
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
        // After the cleanup, so that the failing test leaves no database behind.
        let refused = self.api_check.failures();
        if !std::thread::panicking() {
            assert!(
                refused.is_empty(),
                "API answers the OpenAPI document refuses: {refused:#?}"
            );
        }
    }
}
