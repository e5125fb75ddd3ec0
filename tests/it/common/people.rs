//! People in the tests: browsers with their own cookies, users of each role signed in, the
//! mail they receive.

use super::*;

/// A person with their own cookies, as a browser keeps them.
pub struct Browser {
    pub client: reqwest::Client,
    jar: Arc<reqwest::cookie::Jar>,
    base: String,
}

impl TestApp {
    pub fn browser(&self) -> Browser {
        let jar = Arc::new(reqwest::cookie::Jar::default());
        msp::outbound::install_crypto_provider();
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

    /// How many mails to `to` begin their subject with `subject`, once all queued were sent.
    pub async fn told(&self, to: &str, subject: &str) -> usize {
        let mails = self.mail_to(to).await;
        mails.iter().filter(|m| m.subject.starts_with(subject)).count()
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

    /// The calendar file attached to the last message sent to an address.
    pub async fn last_invitation_to(&self, to: &str) -> String {
        let mails = self.mail_to(to).await;
        let last = mails.last().unwrap_or_else(|| panic!("no mail to {to}"));
        let (_, ics) = last.attachment.clone().expect("an invitation");
        ics
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
            // Enrolled as the enrolment page stores it: sealed, no code used yet.
            users::set_totp_secret(&mut conn, self.db.documents().unwrap(), id, secret, 0)
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

    /// The `Cookie` header and the form token of a request sent straight rather than through a
    /// `Browser`: a visitor's CSRF cookie and, for a user, a fresh session of theirs (`complete`,
    /// or still owing the second factor), whose token the forms then carry.
    pub async fn credentials(&self, user: Option<&TestUser>, complete: bool) -> (String, String) {
        let csrf = "c".repeat(64);
        let Some(user) = user else {
            return (format!("msp_csrf={csrf}"), csrf);
        };
        let mut conn = self.db.pool.acquire().await.unwrap();
        let session = msp::db::sessions::create(&mut conn, user.id, complete).await.unwrap();
        let cookie = format!("msp_csrf={csrf}; msp_session={session}");
        (cookie, form_token_of_session(&session))
    }

    /// A browser signed in as this user through the real pages (password, then TOTP code).
    pub async fn signed_in(&self, user: &TestUser) -> Browser {
        let browser = self.browser();
        let response = browser.log_in(&user.email, PASSWORD).await;
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

/// A path of the route table with every parameter filled in with 1.
pub fn with_ones(path: &str) -> String {
    path.split('/')
        .map(|segment| if segment.starts_with('{') { "1" } else { segment })
        .collect::<Vec<_>>()
        .join("/")
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
        &self, path: &str, fields: &[(&str, &str)], files: &[(&str, &str, Vec<u8>)],
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

/// Every mail this instance sent to a staff address (an account that is not a candidate's, or
/// a fiche's application address) that names a candidate, by name or address: none may, since
/// such mail lands in shared mailboxes outside the audit log. Checked as each test ends.
pub(super) async fn staff_mail_naming_candidates(url: &str, sent: &[SentMail]) -> Vec<(String, String)> {
    if sent.is_empty() {
        return Vec::new();
    }
    let Ok(db) = Db::connect(url).await else {
        return Vec::new();
    };
    let strings = |sql: &'static str| {
        let pool = db.pool.clone();
        async move {
            sqlx::query_scalar::<_, String>(sql)
                .fetch_all(&pool)
                .await
                .unwrap_or_default()
        }
    };
    let candidates: Vec<String> = [
        strings("SELECT full_name FROM applications").await,
        strings("SELECT email FROM applications").await,
        strings("SELECT display_name FROM users WHERE role = 'candidate'").await,
        strings("SELECT email FROM users WHERE role = 'candidate'").await,
    ]
    .concat()
    .into_iter()
    .filter(|s| s.len() >= 5)
    .collect();
    let mut staff = strings("SELECT email FROM users WHERE role <> 'candidate'").await;
    staff.extend(strings("SELECT apply_email FROM fiches").await);
    staff.retain(|address| !candidates.contains(address));
    sent.iter()
        .filter(|mail| staff.contains(&mail.to))
        .filter_map(|mail| {
            let named = candidates.iter().find(|c| {
                [&mail.subject, &mail.text, &mail.html]
                    .iter()
                    .any(|part| part.contains(c.as_str()))
            })?;
            Some((mail.to.clone(), format!("{named} in « {} »", mail.subject)))
        })
        .collect()
}
