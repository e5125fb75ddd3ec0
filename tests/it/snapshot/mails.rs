//! Mails as a scenario queues them: an application received, then the invitation to its
//! interview, to the candidate and to the panel.

use crate::common;

use common::TestApp;

use super::{redacted, shown};
use crate::applications::{CANDIDATE, application_id, apply, scene};

/// The interview's form: 15 January 2099 at 14:30 in Paris, the recruiter and the CCOMS.
pub(super) async fn schedule_interview(app: TestApp) -> (TestApp, String, String) {
    let scene = scene(app).await;
    apply(&scene.app.browser(), &scene.offer).await;
    let id = application_id(&scene.app).await;
    sqlx::query("UPDATE applications SET status = 'preselectionnee'")
        .execute(&scene.app.db.pool)
        .await
        .unwrap();
    let rh = scene.app.signed_in(&scene.recruiter).await;
    let response = rh
        .post(
            &format!("/candidatures/{id}/entretiens"),
            &[
                ("date", "15/01/2099"),
                ("heure", "14:30"),
                ("duree", "60"),
                ("lieu", "Bâtiment B, salle 2"),
                ("visio", "https://visio.exemple.fr/salle-msp"),
                ("panel", &scene.recruiter.id.to_string()),
                ("ccoms", &scene.coordinator.id.to_string()),
            ],
        )
        .await;
    assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
    (scene.app, scene.recruiter.email, scene.coordinator.email)
}

on_both_backends!(an_application_and_its_interview_as_mailed);
async fn an_application_and_its_interview_as_mailed(app: TestApp) {
    let (app, recruiter, _) = schedule_interview(app).await;
    let candidate = app.mail_to(CANDIDATE).await;
    assert_eq!(candidate.len(), 2, "the receipt, then the invitation");
    let panel = app.mail_to(&recruiter).await;
    redacted(&[], || {
        insta::assert_snapshot!("mail_application_received", shown(&candidate[0]));
        insta::assert_snapshot!("mail_interview_invitation", shown(&candidate[1]));
        insta::assert_snapshot!("mail_panel_interview", shown(panel.last().unwrap()));
    });
}
