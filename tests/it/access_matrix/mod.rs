//! The access matrix: every route the router has, tried by every kind of actor, against a table
//! written here by hand. A route added without a line in this table fails the test, and so does
//! a line for a route that no longer exists.

use crate::common;

use common::{TestApp, TestUser, location};
use msp::domain::role::{Role, ScopeKind};
use reqwest::Method;

on_both_backends!(every_route_answers_every_actor_as_the_matrix_says);

mod cast;
mod matrix;

use cast::{Cast, cast};
use matrix::{MATRIX, Rule};

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
    /// 401: the route takes an API key, which the request did not carry.
    NeedsKey,
}

fn expected(rule: Rule, actor: Actor) -> Outcome {
    let half = actor == Actor::HalfSignedIn;
    match (rule, actor) {
        (Rule::Anyone, _) => Outcome::Reached,
        (Rule::ApiKey, _) => Outcome::NeedsKey,
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
        401 => Outcome::NeedsKey,
        403 => Outcome::Forbidden,
        404 => Outcome::Hidden,
        302 | 303 if location == "/connexion" || location.starts_with("/connexion?") => Outcome::SentToLogin,
        302 | 303 if location == "/connexion/code" || location == "/compte/double-authentification" => {
            Outcome::SentToSecondFactor
        }
        _ => Outcome::Reached,
    }
}

/// Sends the request as the actor would, with a fresh session each time (some routes end it)
/// and a valid CSRF token, so that only the access decision can stop it.
async fn send(app: &TestApp, cast: &Cast, actor: Actor, method: &Method, path: &str) -> (u16, String) {
    let answer = send_for(app, cast, actor, method, path).await;
    (answer.status, answer.location)
}

/// What an actor's request met: its status, where it leads, and how it may be cached.
struct Answer {
    status: u16,
    location: String,
    cache_control: String,
    etag: String,
}

/// The public pages kept in memory for visitors not signed in (`web::page_cache`).
const KEPT: [&str; 6] = [
    "/",
    "/offres",
    "/offres/{slug}",
    "/statistiques",
    "/glossaire",
    "/donnees-ouvertes",
];

/// No answer to someone signed in (even half-way) is kept or cacheable, and only the kept pages
/// are served from memory (with an `ETag`) to a visitor.
fn caching_failure(answer: &Answer, actor: Actor, method: &Method, path: &str) -> Option<String> {
    if *method != Method::GET {
        return None;
    }
    let signed_in = actor != Actor::Visitor;
    let wrong = if signed_in {
        answer.cache_control != "no-store" || !answer.etag.is_empty()
    } else {
        !answer.etag.is_empty() && !KEPT.contains(&path)
    };
    wrong.then(|| {
        format!(
            "GET {path} as {actor:?}: Cache-Control « {} », ETag « {} »",
            answer.cache_control, answer.etag
        )
    })
}

async fn send_for(app: &TestApp, cast: &Cast, actor: Actor, method: &Method, path: &str) -> Answer {
    let user = cast.users.iter().find(|(a, _)| *a == actor).map(|(_, user)| user);
    let (cookie, csrf) = app.credentials(user, actor != Actor::HalfSignedIn).await;
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
    let header = |name| {
        response
            .headers()
            .get(name)
            .map(|v: &reqwest::header::HeaderValue| v.to_str().unwrap().to_string())
            .unwrap_or_default()
    };
    Answer {
        status: response.status().as_u16(),
        location: location(&response),
        cache_control: header("cache-control"),
        etag: header("etag"),
    }
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
    msp::db::saved_searches::find(&mut conn, search_id)
        .await
        .unwrap()
        .unwrap()
        .feed_key
}

/// The route's path with its parameters filled in with the cast's own resources.
fn concrete_path(cast: &Cast, path: &str, slug: &str, feed_key: &str) -> String {
    if path.starts_with("/ressources/") {
        // A public resource of the demo with a file, and its first version.
        return path
            .replace("{slug}", "accueillir-un-mediateur-de-sante-pair-dans-l-equipe")
            .replace("{id}", "1");
    }
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
        ("/demandes-de-poste/", cast.team_request_id),
        ("/documents-financement/", cast.document_id),
        ("/subventions/", cast.subsidy_id),
        ("/vivier/", cast.pool_member_id),
        ("/compte/documents/", cast.stored_document_id),
        ("/rendez-vous/", cast.gathering_id),
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
        .replace("{part}", "1.xml")
        .replace("{key}", feed_key)
        .replace("{fichier}", "postes-finances-par-region.csv");
    if path.ends_with("/versions") {
        concrete.push_str("?de=1&a=1");
    }
    concrete
}

async fn every_route_answers_every_actor_as_the_matrix_says(unconfigured: TestApp) {
    // The OpenID provider's routes exist only when one is configured (here a loopback one that
    // answers its discovery document: a start leads there).
    let app = unconfigured.instance_configured(common::oidc::discovery_only).await;
    app.load_demo().await;
    // Every actor calls the key routes without a key, from one address: who may reach them is
    // tested here, the limit on wrong keys in `establishment_api`.
    app.api_limits.wrong_keys.store(0, std::sync::atomic::Ordering::Relaxed);
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
            let answer = send_for(&app, &cast, actor, method, &concrete).await;
            let (status, location) = (answer.status, answer.location.as_str());
            assert!(status < 500, "{method} {concrete} as {actor:?}: {status}");
            failures.extend(caching_failure(&answer, actor, method, path));
            let got = outcome(status, location, &concrete);
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
