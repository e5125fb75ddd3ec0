//! The access matrix: every route the router has, tried by every kind of actor, against a table
//! written here by hand. A route added without a line in this table fails the test, and so does
//! a line for a route that no longer exists.

use crate::common;

use common::{TestApp, TestUser, location};
use msp::domain::role::{Role, ScopeKind};
use reqwest::Method;

on_both_backends!(every_route_answers_every_actor_as_the_matrix_says);

/// Who may reach a route, as the product decides it (DESIGN §2).
#[derive(Debug, Clone, Copy)]
enum Rule {
    Anyone,
    /// Someone who gave their password and still owes the second factor.
    SecondFactorStep,
    /// Signed in, even half-way, to enrol the second factor.
    Enrolment,
    /// Fully signed in, any role.
    SignedIn,
    /// Fully signed in with one of these roles.
    Only(&'static [Role]),
    /// One of these roles, and the resource in the actor's scope: the establishment's
    /// recruiters, the CCOMS everywhere. Out of scope, the resource does not exist (404).
    InScope(&'static [Role]),
}

const ADMINISTRATION: Rule = Rule::Only(&[Role::Admin, Role::Coordinator]);
const POSTS: &[Role] = &[Role::Recruiter, Role::Coordinator];
/// Funding is followed by the establishment, the region's ARS and the CCOMS.
const FUNDING: &[Role] = &[Role::Recruiter, Role::Coordinator, Role::ArsOfficer];
const ARS: &[Role] = &[Role::ArsOfficer];
const CCOMS: Rule = Rule::Only(&[Role::Coordinator]);
const ENROLMENTS: &[Role] = &[Role::Coordinator, Role::University, Role::Recruiter, Role::Msp];
/// The MSP's journal and calendar: the MSP, their manager and the CCOMS.
const JOURNAL: &[Role] = &[Role::Coordinator, Role::Recruiter, Role::Msp];

/// Every route, with who may reach it.
const MATRIX: &[(&str, &str, Rule)] = &[
    ("GET", "/", Rule::Anyone),
    ("GET", "/offres", Rule::Anyone),
    ("GET", "/offres.atom", Rule::Anyone),
    ("GET", "/offres/{slug}", Rule::Anyone),
    ("GET", "/offres/{slug}/pdf", Rule::Anyone),
    ("GET", "/api/v1/offres", Rule::Anyone),
    ("GET", "/api/v1/offres/{slug}", Rule::Anyone),
    ("GET", "/api/v1/communes", Rule::Anyone),
    ("GET", "/static/lieu.js", Rule::Anyone),
    ("GET", "/carte", Rule::Anyone),
    ("POST", "/alertes", Rule::Anyone),
    ("GET", "/alertes/confirmation", Rule::Anyone),
    ("POST", "/alertes/confirmation", Rule::Anyone),
    ("GET", "/alertes/desabonnement", Rule::Anyone),
    ("POST", "/alertes/desabonnement", Rule::Anyone),
    ("GET", "/alertes/flux/{key}", Rule::Anyone),
    ("GET", "/compte/alertes", Rule::SignedIn),
    ("POST", "/compte/alertes/{id}/supprimer", Rule::SignedIn),
    ("GET", "/donnees-personnelles", Rule::Anyone),
    ("GET", "/accessibilite", Rule::Anyone),
    ("GET", "/healthz", Rule::Anyone),
    ("GET", "/readyz", Rule::Anyone),
    ("GET", "/metrics", Rule::Anyone),
    ("GET", "/static/style.css", Rule::Anyone),
    ("GET", "/static/session.js", Rule::Anyone),
    ("GET", "/inscription", Rule::Anyone),
    ("POST", "/inscription", Rule::Anyone),
    ("GET", "/verification-email", Rule::Anyone),
    ("GET", "/connexion", Rule::Anyone),
    ("POST", "/connexion", Rule::Anyone),
    ("GET", "/connexion/code", Rule::SecondFactorStep),
    ("POST", "/connexion/code", Rule::SecondFactorStep),
    ("POST", "/deconnexion", Rule::Anyone),
    ("GET", "/mot-de-passe-oublie", Rule::Anyone),
    ("POST", "/mot-de-passe-oublie", Rule::Anyone),
    ("GET", "/mot-de-passe/nouveau", Rule::Anyone),
    ("POST", "/mot-de-passe/nouveau", Rule::Anyone),
    ("GET", "/invitation", Rule::Anyone),
    ("POST", "/invitation", Rule::Anyone),
    ("GET", "/compte", Rule::SignedIn),
    ("POST", "/compte/mot-de-passe", Rule::SignedIn),
    ("GET", "/compte/double-authentification", Rule::Enrolment),
    ("POST", "/compte/double-authentification", Rule::Enrolment),
    (
        "POST",
        "/compte/double-authentification/desactiver",
        Rule::Only(&[Role::Candidate]),
    ),
    ("POST", "/session/prolonger", Rule::SignedIn),
    ("GET", "/admin/utilisateurs", ADMINISTRATION),
    ("GET", "/admin/invitations", ADMINISTRATION),
    ("POST", "/admin/invitations", ADMINISTRATION),
    ("GET", "/admin/journal", ADMINISTRATION),
    ("GET", "/projets", Rule::Only(POSTS)),
    ("GET", "/projets/nouveau", Rule::Only(&[Role::Recruiter])),
    ("POST", "/projets/nouveau", Rule::Only(&[Role::Recruiter])),
    ("GET", "/projets/{id}", Rule::InScope(POSTS)),
    ("POST", "/projets/{id}/etape", Rule::InScope(POSTS)),
    ("POST", "/projets/{id}/fiche", Rule::InScope(&[Role::Recruiter])),
    ("GET", "/fiches/{id}", Rule::InScope(POSTS)),
    ("GET", "/fiches/{id}/modifier", Rule::InScope(&[Role::Recruiter])),
    ("POST", "/fiches/{id}/modifier", Rule::InScope(&[Role::Recruiter])),
    ("GET", "/fiches/{id}/apercu", Rule::InScope(POSTS)),
    ("GET", "/fiches/{id}/pdf", Rule::InScope(POSTS)),
    ("POST", "/fiches/{id}/soumettre", Rule::InScope(&[Role::Recruiter])),
    ("POST", "/fiches/{id}/commentaires", Rule::InScope(&[Role::Coordinator])),
    ("POST", "/fiches/{id}/decision", Rule::InScope(&[Role::Coordinator])),
    ("POST", "/fiches/{id}/fin", Rule::InScope(POSTS)),
    ("GET", "/fiches/{id}/versions", Rule::InScope(POSTS)),
    ("GET", "/fiches/{id}/place-emploi-public", Rule::InScope(POSTS)),
    ("GET", "/offres/{slug}/candidater", Rule::Anyone),
    ("POST", "/offres/{slug}/candidater", Rule::Anyone),
    ("GET", "/fiches/{id}/candidatures", Rule::InScope(POSTS)),
    (
        "POST",
        "/fiches/{id}/candidatures/decision",
        Rule::InScope(&[Role::Recruiter]),
    ),
    ("GET", "/candidatures/{id}", Rule::InScope(POSTS)),
    ("POST", "/candidatures/{id}/etat", Rule::InScope(&[Role::Recruiter])),
    ("POST", "/candidatures/{id}/notes", Rule::InScope(POSTS)),
    ("GET", "/candidatures/{id}/documents/{kind}", Rule::InScope(POSTS)),
    (
        "POST",
        "/candidatures/{id}/entretiens",
        Rule::InScope(&[Role::Recruiter]),
    ),
    ("POST", "/entretiens/{id}/modifier", Rule::InScope(&[Role::Recruiter])),
    ("POST", "/entretiens/{id}/annuler", Rule::InScope(&[Role::Recruiter])),
    ("POST", "/entretiens/{id}/evaluation", Rule::InScope(POSTS)),
    ("GET", "/etablissements/{id}/modeles", Rule::InScope(&[Role::Recruiter])),
    (
        "POST",
        "/etablissements/{id}/modeles",
        Rule::InScope(&[Role::Recruiter]),
    ),
    // A candidate's own applications: the query holds only theirs, so no other role has any.
    ("GET", "/mes-candidatures", Rule::Only(&[Role::Candidate])),
    ("GET", "/mes-candidatures/{id}", Rule::Only(&[Role::Candidate])),
    ("POST", "/mes-candidatures/{id}/retrait", Rule::Only(&[Role::Candidate])),
    ("POST", "/mes-candidatures/{id}/vivier", Rule::Only(&[Role::Candidate])),
    (
        "POST",
        "/mes-candidatures/{id}/consentement",
        Rule::Only(&[Role::Candidate]),
    ),
    ("GET", "/mes-donnees.zip", Rule::Only(&[Role::Candidate])),
    ("POST", "/compte/effacement", Rule::Only(&[Role::Candidate])),
    // The follow link is the candidate's secret: whoever holds it follows that application.
    ("GET", "/suivi/{token}", Rule::Anyone),
    ("POST", "/suivi/{token}/retrait", Rule::Anyone),
    ("POST", "/suivi/{token}/vivier", Rule::Anyone),
    ("POST", "/suivi/{token}/consentement", Rule::Anyone),
    ("GET", "/suivi/{token}/donnees.zip", Rule::Anyone),
    ("GET", "/statistiques", Rule::Anyone),
    ("GET", "/financements", Rule::Only(FUNDING)),
    ("GET", "/financements.csv", Rule::Only(ARS)),
    ("GET", "/appels/nouveau", Rule::Only(ARS)),
    ("POST", "/appels/nouveau", Rule::Only(ARS)),
    ("GET", "/appels/{id}", Rule::InScope(FUNDING)),
    ("POST", "/appels/{id}/demandes", Rule::InScope(&[Role::Recruiter])),
    ("GET", "/demandes/{id}", Rule::InScope(FUNDING)),
    ("POST", "/demandes/{id}/documents", Rule::InScope(&[Role::Recruiter])),
    (
        "POST",
        "/demandes/{id}/documents/supprimer",
        Rule::InScope(&[Role::Recruiter]),
    ),
    ("POST", "/demandes/{id}/deposer", Rule::InScope(&[Role::Recruiter])),
    ("POST", "/demandes/{id}/instruction", Rule::InScope(ARS)),
    ("GET", "/documents-financement/{id}", Rule::InScope(FUNDING)),
    ("GET", "/subventions/{id}", Rule::InScope(FUNDING)),
    ("POST", "/subventions/{id}/versements", Rule::InScope(ARS)),
    (
        "POST",
        "/subventions/{id}/perennisation",
        Rule::InScope(&[Role::Recruiter, Role::ArsOfficer]),
    ),
    // The programme's calendar: cohorts and the dashboard are the CCOMS's; enrolments are seen by
    // the CCOMS, the university of the track, the establishment and the MSP themselves.
    ("GET", "/promotions", CCOMS),
    ("POST", "/promotions", CCOMS),
    ("GET", "/promotions/{id}", CCOMS),
    ("POST", "/promotions/{id}", CCOMS),
    ("POST", "/promotions/{id}/agenda", CCOMS),
    ("GET", "/projets/{id}/retroplanning", Rule::InScope(POSTS)),
    ("POST", "/projets/{id}/retroplanning", Rule::InScope(POSTS)),
    ("GET", "/tableau-de-bord", CCOMS),
    ("GET", "/inscriptions", Rule::Only(ENROLMENTS)),
    ("POST", "/inscriptions", CCOMS),
    ("GET", "/inscriptions/{id}", Rule::InScope(ENROLMENTS)),
    (
        "POST",
        "/inscriptions/{id}/etat",
        Rule::InScope(&[Role::Coordinator, Role::University]),
    ),
    ("POST", "/inscriptions/{id}/journal", Rule::InScope(JOURNAL)),
    ("POST", "/inscriptions/{id}/etapes", Rule::InScope(JOURNAL)),
    ("POST", "/inscriptions/{id}/arrivee", Rule::InScope(POSTS)),
    ("POST", "/inscriptions/{id}/agenda", Rule::InScope(JOURNAL)),
    ("POST", "/etablissements/{id}/agenda", Rule::InScope(POSTS)),
    ("POST", "/agendas/{id}/revoquer", Rule::InScope(JOURNAL)),
    ("GET", "/mon-parcours", Rule::Only(&[Role::Msp])),
    // A feed's secret address opens it for whoever holds it.
    ("GET", "/agenda/{token}", Rule::Anyone),
];

/// Who sends the request.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Actor {
    Visitor,
    /// A staff member who gave their password but not yet their code.
    HalfSignedIn,
    Role(Role),
    /// A recruiter of another establishment than the one the data belongs to.
    OtherRecruiter,
    /// An ARS officer of another region.
    OtherArs,
}

impl Actor {
    fn role(self) -> Option<Role> {
        match self {
            Actor::Visitor => None,
            Actor::HalfSignedIn => Some(Role::Coordinator),
            Actor::Role(role) => Some(role),
            Actor::OtherRecruiter => Some(Role::Recruiter),
            Actor::OtherArs => Some(Role::ArsOfficer),
        }
    }
}

/// What the request met, as far as access goes.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Outcome {
    /// The handler ran (whatever it answered: a page, a form error, a redirect of its own).
    Reached,
    Forbidden,
    /// Out of the actor's scope: answered as if it did not exist.
    Hidden,
    SentToLogin,
    SentToSecondFactor,
}

fn expected(rule: Rule, actor: Actor) -> Outcome {
    let half = actor == Actor::HalfSignedIn;
    match (rule, actor) {
        (Rule::Anyone, _) => Outcome::Reached,
        (_, Actor::Visitor) => Outcome::SentToLogin,
        (Rule::SecondFactorStep | Rule::Enrolment, _) => Outcome::Reached,
        (Rule::SignedIn | Rule::Only(_) | Rule::InScope(_), _) if half => Outcome::SentToSecondFactor,
        (Rule::SignedIn, _) => Outcome::Reached,
        (Rule::Only(roles) | Rule::InScope(roles), _) if !roles.contains(&actor.role().unwrap()) => Outcome::Forbidden,
        (Rule::InScope(_), Actor::OtherRecruiter | Actor::OtherArs) => Outcome::Hidden,
        (Rule::Only(_) | Rule::InScope(_), _) => Outcome::Reached,
    }
}

fn outcome(status: u16, location: &str, path: &str) -> Outcome {
    match status {
        // A handler sending back to its own page (e.g. a step already done) was reached.
        302 | 303 if location == path => Outcome::Reached,
        403 => Outcome::Forbidden,
        404 => Outcome::Hidden,
        302 | 303 if location == "/connexion" || location.starts_with("/connexion?") => Outcome::SentToLogin,
        302 | 303 if location == "/connexion/code" || location == "/compte/double-authentification" => {
            Outcome::SentToSecondFactor
        }
        _ => Outcome::Reached,
    }
}

struct Cast {
    users: Vec<(Actor, TestUser)>,
    /// A project of the establishment "here", with its fiche, submitted once.
    project_id: i64,
    fiche_id: i64,
    establishment_id: i64,
    /// The candidate's application to that fiche, with a CV, and an interview with the
    /// establishment's recruiter and the coordinator on the panel.
    application_id: i64,
    interview_id: i64,
    follow_token: String,
    /// A call of the region "here" is in (84), a request of "here" with a document, and the
    /// subsidy it became.
    call_id: i64,
    request_id: i64,
    document_id: i64,
    subsidy_id: i64,
    /// The candidate hired and enrolled in Bobigny 2027 as the MSP user, with a feed of their
    /// weeks (revoked by the test) and a cohort feed (read by the test).
    cohort_id: i64,
    enrolment_id: i64,
    feed_id: i64,
    feed_token: String,
}

async fn cast(app: &TestApp) -> Cast {
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
    let project_id = msp::db::projects::insert(&mut tx, &project, author).await.unwrap();
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
    Cast {
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
         message, followed_by_service, talent_pool, consent_at, consent_version, follow_token_hash, submission_key, \
         created_at, updated_at, last_contact_at) VALUES ($1, $2, $3, 'recue', 'Camille Candidate', $4, \
         '0612345678', 'Lyon', '', 'non', 0, $5, 'v', $6, $7, $5, $5, $5) RETURNING id",
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
    let enrolment_id = msp::db::enrolments::enrol(&mut tx, record, &cohort, true)
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

/// Sends the request as the actor would, with a fresh session each time (some routes end it)
/// and a valid CSRF token, so that only the access decision can stop it.
async fn send(app: &TestApp, cast: &Cast, actor: Actor, method: &Method, path: &str) -> (u16, String) {
    let mut csrf = "c".repeat(64);
    let mut cookie = format!("msp_csrf={csrf}");
    if actor != Actor::Visitor {
        let user = &cast.users.iter().find(|(a, _)| *a == actor).unwrap().1;
        let mut conn = app.db.pool.acquire().await.unwrap();
        let complete = actor != Actor::HalfSignedIn;
        let token = msp::db::sessions::create(&mut conn, user.id, complete).await.unwrap();
        cookie.push_str(&format!("; msp_session={token}"));
        csrf = common::form_token_of_session(&token);
    }
    let request = app
        .client
        .request(method.clone(), app.url(path))
        .header("cookie", cookie);
    let request = if *method == Method::POST {
        request.form(&[("_csrf", csrf.as_str())])
    } else {
        request
    };
    let response = request.send().await.unwrap();
    (response.status().as_u16(), location(&response))
}

/// A confirmed saved search, for the routes that take its feed key.
async fn saved_search_feed_key(app: &TestApp) -> String {
    let mut conn = app.db.pool.acquire().await.unwrap();
    let search = msp::db::saved_searches::NewSavedSearch {
        user_id: None,
        email: "alerte@exemple.fr",
        query: "lieu=Lyon",
        label: "À 50 km de Lyon",
        frequency: msp::domain::saved_search::Frequency::Immediate,
        confirmed: true,
    };
    let search_id = msp::db::saved_searches::insert(&mut conn, search).await.unwrap();
    let feed_key = msp::db::saved_searches::find(&mut conn, search_id)
        .await
        .unwrap()
        .unwrap()
        .feed_key;
    feed_key
}

/// The route's path with its parameters filled in with the cast's own resources.
fn concrete_path(cast: &Cast, path: &str, slug: &str, feed_key: &str) -> String {
    // The resource a route's `{id}` names, by the route's first segment.
    let resources = [
        ("/promotions/", cast.cohort_id),
        ("/inscriptions/", cast.enrolment_id),
        ("/agendas/", cast.feed_id),
        ("/projets/", cast.project_id),
        ("/candidatures/", cast.application_id),
        ("/mes-candidatures/", cast.application_id),
        ("/entretiens/", cast.interview_id),
        ("/etablissements/", cast.establishment_id),
        ("/appels/", cast.call_id),
        ("/demandes/", cast.request_id),
        ("/documents-financement/", cast.document_id),
        ("/subventions/", cast.subsidy_id),
    ];
    let resource = resources
        .iter()
        .find(|(prefix, _)| path.starts_with(prefix))
        .map_or(cast.fiche_id, |(_, id)| *id);
    let token = if path.starts_with("/agenda/") {
        &cast.feed_token
    } else {
        &cast.follow_token
    };
    let mut concrete = path
        .replace("{slug}", slug)
        .replace("{id}", &resource.to_string())
        .replace("{kind}", "cv")
        .replace("{token}", token)
        .replace("{key}", feed_key);
    if path.ends_with("/versions") {
        concrete.push_str("?de=1&a=1");
    }
    concrete
}

async fn every_route_answers_every_actor_as_the_matrix_says(app: TestApp) {
    app.load_demo().await;
    let (_, offers) = app.json("/api/v1/offres").await;
    let slug = offers["offres"][0]["slug"].as_str().expect("a demo offer").to_string();
    let cast = cast(&app).await;
    let feed_key = saved_search_feed_key(&app).await;
    let mut actors = vec![
        Actor::Visitor,
        Actor::HalfSignedIn,
        Actor::OtherRecruiter,
        Actor::OtherArs,
    ];
    actors.extend(Role::ALL.map(Actor::Role));

    let routes = msp::web::route_table();
    for (method, path) in MATRIX.iter().map(|(m, p, _)| (m, p)) {
        assert!(
            routes.iter().any(|(rm, rp, _)| rm.as_str() == *method && rp == path),
            "the matrix names {method} {path}, which the router no longer has"
        );
    }
    let mut failures = Vec::new();
    for (method, path, _) in &routes {
        let Some((_, _, rule)) = MATRIX.iter().find(|(m, p, _)| *m == method.as_str() && p == path) else {
            failures.push(format!("{method} {path}: no line in the access matrix"));
            continue;
        };
        let concrete = concrete_path(&cast, path, &slug, &feed_key);
        for &actor in &actors {
            let (status, location) = send(&app, &cast, actor, method, &concrete).await;
            assert!(status < 500, "{method} {concrete} as {actor:?}: {status}");
            let got = outcome(status, &location, &concrete);
            let want = expected(*rule, actor);
            if got != want {
                failures.push(format!(
                    "{method} {concrete} as {actor:?}: {got:?} ({status} {location}), expected {want:?}"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));

    // What is not a route is not found, for everyone.
    for actor in actors {
        let (status, _) = send(&app, &cast, actor, &Method::GET, "/admin/inconnu").await;
        assert_eq!(status, 404, "{actor:?}");
    }
}
