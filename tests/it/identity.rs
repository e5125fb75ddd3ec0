//! Who is who: an application joins a person's account and file only once they proved they
//! control its address; the login and second-factor limits hold under parallel attempts and
//! count each real client behind a trusted reverse proxy.

use crate::common;

use common::{Browser, PASSWORD, TestApp, hidden_value, pdf_file};
use msp::domain::fiche::Offer;
use msp::domain::role::Role;
use tokio::task::JoinSet;

/// Opens the form and sends it with both documents; a signed-in candidate's address is theirs.
async fn apply(browser: &Browser, offer: &Offer, name: &str, email: &str) {
    let path = format!("/offres/{}/candidater", offer.slug);
    let (status, form) = browser.page(&path).await;
    assert_eq!(status, 200);
    let key = hidden_value(&form, "cle");
    let fields = [
        ("cle", key.as_str()),
        ("nom", name),
        ("email", email),
        ("telephone", "06 12 34 56 78"),
        ("commune", "Aix-les-Bains"),
        ("message", "Bonjour."),
        ("suivi", "non"),
        ("consentement", "oui"),
    ];
    let files = [
        ("cv", "cv.pdf", pdf_file(&format!("CV de {name}"))),
        ("lettre", "lettre.pdf", pdf_file("Lettre")),
    ];
    let response = browser.post_multipart(&path, &fields, &files).await;
    let status = response.status().as_u16();
    assert_eq!(status, 200, "{}", response.text().await.unwrap());
}

async fn last_application_id(app: &TestApp) -> i64 {
    app.scalar("SELECT MAX(id) FROM applications").await
}

on_both_backends!(an_application_typed_with_someone_elses_address_joins_nothing_until_the_follow_link_is_opened);
async fn an_application_typed_with_someone_elses_address_joins_nothing_until_the_follow_link_is_opened(app: TestApp) {
    let employer = app.establishment("CH Alpes Test", "Chambéry", "73").await;
    let genuine_offer = app
        .publish(&employer, "Médiateur de santé-pair en psychiatrie", 2)
        .await;
    let other_offer = app.publish(&employer, "Pair-aidant en addictologie", 2).await;
    let recruiter = app.recruiter("rh@ch-alpes.test", &employer).await;
    let victim = app.user(Role::Candidate, "victime@exemple.fr", &[]).await;

    let victim_browser = app.signed_in(&victim).await;
    apply(&victim_browser, &genuine_offer, "Camille Victime", "").await;
    let genuine = last_application_id(&app).await;
    apply(&app.browser(), &other_offer, "Un Inconnu", "victime@exemple.fr").await;
    let strangers = last_application_id(&app).await;

    // The victim's account knows nothing of the stranger's application.
    let (status, list) = victim_browser.page("/mes-candidatures").await;
    assert_eq!(status, 200);
    assert!(list.contains("Médiateur de santé-pair en psychiatrie"), "{list}");
    assert!(!list.contains("Pair-aidant en addictologie"), "{list}");
    let (status, _) = victim_browser.page(&format!("/mes-candidatures/{strangers}")).await;
    assert_eq!(status, 404);
    let archive = victim_browser.get("/mes-donnees.zip").await.bytes().await.unwrap();
    let zip = zip::ZipArchive::new(std::io::Cursor::new(archive.to_vec())).unwrap();
    assert!(
        zip.file_names()
            .all(|name| !name.unwrap().contains(&format!("candidature-{strangers}/")))
    );

    // The recruiter sees both applications, but not as the same person's.
    let rh = app.signed_in(&recruiter).await;
    let (status, page) = rh.page(&format!("/candidatures/{genuine}")).await;
    assert_eq!(status, 200);
    assert!(!page.contains(&format!("/candidatures/{strangers}\"")), "{page}");
    let (status, page) = rh.page(&format!("/candidatures/{strangers}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("Un Inconnu"));
    assert!(!page.contains(&format!("/candidatures/{genuine}\"")), "{page}");

    // The follow link went to the address: opening it proves its owner sent the application.
    let link = app.last_link_to("victime@exemple.fr").await;
    assert!(link.starts_with("/suivi/"), "{link}");
    assert_eq!(app.browser().page(&link).await.0, 200);
    let (_, list) = victim_browser.page("/mes-candidatures").await;
    assert!(list.contains("Pair-aidant en addictologie"), "{list}");
    let (_, page) = rh.page(&format!("/candidatures/{genuine}")).await;
    assert!(page.contains(&format!("/candidatures/{strangers}\"")), "{page}");
}

/// Sends `n` requests at once, each made by `request`, and returns their statuses.
async fn at_once(n: usize, request: impl Fn() -> reqwest::RequestBuilder) -> Vec<u16> {
    let mut set = JoinSet::new();
    for _ in 0..n {
        let request = request();
        set.spawn(async move { request.send().await.unwrap().status().as_u16() });
    }
    set.join_all().await
}

fn count(statuses: &[u16], status: u16) -> usize {
    statuses.iter().filter(|s| **s == status).count()
}

/// How many failures an account is allowed before it must wait (the domain's rule).
fn free_failures() -> usize {
    (0..)
        .find(|n| msp::domain::account::login_delay_seconds(*n, false) > 0)
        .unwrap() as usize
}

on_both_backends!(forty_parallel_wrong_passwords_get_no_more_checks_than_the_limit);
async fn forty_parallel_wrong_passwords_get_no_more_checks_than_the_limit(app: TestApp) {
    app.user(Role::Candidate, "cible@exemple.fr", &[]).await;
    let browser = app.browser();
    browser.get("/").await;
    let csrf = browser.form_token().await;
    let statuses = at_once(40, || {
        browser.client.post(app.url("/connexion")).form(&[
            ("_csrf", csrf.as_str()),
            ("email", "cible@exemple.fr"),
            ("password", "Un essai au hasard 123"),
        ])
    })
    .await;
    // 422 says "wrong password": the password was checked. 429 says "wait": it was not.
    assert_eq!(count(&statuses, 422), free_failures(), "{statuses:?}");
    assert_eq!(count(&statuses, 429), 40 - free_failures(), "{statuses:?}");
    let response = browser.log_in("cible@exemple.fr", PASSWORD).await;
    assert_eq!(response.status(), 429);
}

on_both_backends!(forty_parallel_wrong_codes_get_no_more_checks_than_the_limit);
async fn forty_parallel_wrong_codes_get_no_more_checks_than_the_limit(app: TestApp) {
    let employer = app.establishment("CH Alpes Test", "Chambéry", "73").await;
    let recruiter = app.recruiter("rh@ch-alpes.test", &employer).await;
    let browser = app.browser();
    let response = browser.log_in("rh@ch-alpes.test", PASSWORD).await;
    assert_eq!(response.status(), 303);
    let secret = recruiter.totp_secret.clone().unwrap();
    let now = time::OffsetDateTime::now_utc().unix_timestamp() as u64;
    let valid: Vec<String> = [now - 30, now, now + 30, now + 60]
        .iter()
        .map(|at| msp::secrets::totp_code(&secret, *at))
        .collect();
    let wrong = ["000000", "111111", "222222", "333333", "444444"]
        .into_iter()
        .find(|code| !valid.iter().any(|v| v == code))
        .unwrap();
    let csrf = browser.form_token().await;
    let statuses = at_once(40, || {
        browser
            .client
            .post(app.url("/connexion/code"))
            .form(&[("_csrf", csrf.as_str()), ("code", wrong)])
    })
    .await;
    assert_eq!(count(&statuses, 422), free_failures(), "{statuses:?}");
    assert_eq!(count(&statuses, 429), 40 - free_failures(), "{statuses:?}");
    let response = browser
        .post("/connexion/code", &[("code", &msp::secrets::totp_code(&secret, now))])
        .await;
    assert_eq!(response.status(), 429);
}

/// A client reaching an instance through a reverse proxy on this machine, which names it in
/// `X-Forwarded-For`.
struct Proxied {
    client: reqwest::Client,
    base: String,
    csrf: String,
    forwarded_for: &'static str,
}

impl Proxied {
    async fn new(base: &str, forwarded_for: &'static str) -> Proxied {
        msp::outbound::install_crypto_provider();
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let response = client.get(format!("{base}/")).send().await.unwrap();
        let csrf = common::csrf_cookie(&response).expect("a CSRF cookie");
        Proxied {
            client,
            base: base.to_string(),
            csrf,
            forwarded_for,
        }
    }

    async fn login(&self, email: &str, password: &str) -> u16 {
        self.client
            .post(format!("{}/connexion", self.base))
            .header("cookie", format!("msp_csrf={}", self.csrf))
            .header("x-forwarded-for", self.forwarded_for)
            .form(&[("_csrf", self.csrf.as_str()), ("email", email), ("password", password)])
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    }
}

/// Another instance on the same database that believes the proxy at 127.0.0.1.
async fn behind_proxy(app: &TestApp) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (mailer, _) = msp::mail::Mailer::in_memory("Programme MSP <ne-pas-repondre@msp.test>");
    let mut state = msp::web::AppState::new(app.db.clone(), &base, mailer);
    state.trusted_proxies = vec!["127.0.0.1".parse().unwrap()].into();
    tokio::spawn(async move {
        msp::web::serve_on(listener, state, std::future::pending())
            .await
            .unwrap()
    });
    base
}

/// Fails to log in from `client` with unknown addresses until its address must wait.
async fn fail_until_slowed_down(client: &Proxied) {
    for i in 0.. {
        let status = client
            .login(&format!("inconnu{i}@exemple.fr"), "Un essai au hasard 123")
            .await;
        if status == 429 {
            return;
        }
        assert_eq!(status, 422);
        assert!(i < 40, "the address is never slowed down");
    }
}

on_both_backends!(behind_a_trusted_proxy_one_clients_failures_do_not_slow_another_down);
async fn behind_a_trusted_proxy_one_clients_failures_do_not_slow_another_down(app: TestApp) {
    app.user(Role::Candidate, "proprietaire@exemple.fr", &[]).await;
    let proxied = behind_proxy(&app).await;
    fail_until_slowed_down(&Proxied::new(&proxied, "6.6.6.6, 203.0.113.7").await).await;
    // Another client through the same proxy logs in at once.
    let other = Proxied::new(&proxied, "198.51.100.9").await;
    assert_eq!(other.login("proprietaire@exemple.fr", PASSWORD).await, 303);
    // The client's address is the one the proxy wrote, not the one it claimed.
    let keys: Vec<String> =
        sqlx::query_scalar("SELECT throttle_key FROM login_failures WHERE throttle_key LIKE 'adresse:%'")
            .fetch_all(&app.db.pool)
            .await
            .unwrap();
    assert!(keys.contains(&"adresse:203.0.113.7".to_string()), "{keys:?}");
    assert!(!keys.iter().any(|k| k.contains("6.6.6.6")), "{keys:?}");

    // Without a trusted proxy, the header is the client's word: it changes nothing.
    let direct = app.url("");
    let direct = direct.trim_end_matches('/');
    fail_until_slowed_down(&Proxied::new(direct, "203.0.113.8").await).await;
    let claims_another = Proxied::new(direct, "198.51.100.10").await;
    assert_eq!(claims_another.login("proprietaire@exemple.fr", PASSWORD).await, 429);
}
