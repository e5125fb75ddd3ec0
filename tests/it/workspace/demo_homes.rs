//! The demo's homes (issue 20): with work in every state, each role's home shows what waits for
//! it, each line a link, and no staff home names a candidate.

use super::*;
use msp::demo;

on_both_backends!(
    on_the_demo_each_roles_home_shows_what_waits_for_it_and_names_no_candidate,
    the_demo_holds_work_in_every_state_once_however_often_it_is_loaded,
);

/// The demo's fictional applicants, none of whom a staff home may name.
const APPLICANTS: &[&str] = &[
    "Sacha Lumière",
    "Noa Printemps",
    "Lou Rivage",
    "Eden Clairière",
    "Maël Horizon",
    "Claude Candidat",
    "Morgane Médiatrice",
];

async fn on_the_demo_each_roles_home_shows_what_waits_for_it_and_names_no_candidate(app: TestApp) {
    let prepared = demo::prepare(&app.db, true).await.unwrap();
    let expected: &[(Role, &[&str])] = &[
        (
            Role::Recruiter,
            &[
                "Évaluations à rendre",
                "votre évaluation est attendue (candidature n°",
                "href=\"/candidatures/",
                "Première année de vos médiateurs",
                "En retard : prévue le",
                "href=\"/inscriptions/",
                "À corriger : le CCOMS attend vos corrections",
                "En relecture au CCOMS",
                "Brouillon à terminer",
            ],
        ),
        (
            Role::Coordinator,
            &[
                "Entretiens où vous êtes attendu·e",
                "href=\"/candidatures/",
                "Inscriptions et premières années en retard",
                "href=\"/inscriptions/",
                "Médiateur ou médiatrice de santé-pair – centre de réhabilitation",
            ],
        ),
        (
            Role::ArsOfficer,
            &[
                "Réponses attendues des établissements",
                "Renvoyée le",
                "Versements dus",
                "à verser",
                "href=\"/subventions/",
            ],
        ),
        (Role::University, &["Prochaine promotion", "sur 30 places"]),
        (
            Role::Admin,
            &["Invitations en attente", "scolarite@demo.msp.example (Université)"],
        ),
        (Role::Msp, &["Votre première année", "En retard : prévue le"]),
    ];
    for (role, lines) in expected {
        let account = demo::accounts::of(&prepared.accounts, *role);
        let browser = crate::demo::sign_in(&app, account).await;
        let home = common::unescape(&home_of(&browser).await);
        common::assert_holds(&home, lines);
        if *role != Role::Msp {
            for name in APPLICANTS {
                assert!(!home.contains(name), "{role:?}'s home names {name}: {home}");
            }
        }
    }
}

/// (state, count) of a table's rows.
async fn states(app: &TestApp, sql: &'static str) -> Vec<(String, i64)> {
    sqlx::query_as(sql).fetch_all(&app.db.pool).await.unwrap()
}

async fn the_demo_holds_work_in_every_state_once_however_often_it_is_loaded(app: TestApp) {
    demo::prepare(&app.db, false).await.unwrap();
    let fiches = "SELECT status, COUNT(*) FROM fiches GROUP BY status ORDER BY status";
    let applications = "SELECT status, COUNT(*) FROM applications GROUP BY status ORDER BY status";
    let requests = "SELECT state, COUNT(*) FROM funding_requests GROUP BY state ORDER BY state";
    let first = (
        states(&app, fiches).await,
        states(&app, applications).await,
        states(&app, requests).await,
    );
    for status in FicheStatus::ALL {
        assert!(
            first.0.iter().any(|(s, _)| s == status.as_str()),
            "a fiche {status:?}: {:?}",
            first.0
        );
    }
    for status in ["recue", "entretien", "non_retenue", "retiree", "embauchee"] {
        assert!(first.1.iter().any(|(s, _)| s == status), "{status}: {:?}", first.1);
    }
    assert!(first.2.len() >= 3, "requests in several states: {:?}", first.2);
    demo::prepare(&app.db, true).await.unwrap();
    demo::prepare(&app.db, false).await.unwrap();
    let again = (
        states(&app, fiches).await,
        states(&app, applications).await,
        states(&app, requests).await,
    );
    assert_eq!(again, first, "loading the demo again adds nothing");
}
