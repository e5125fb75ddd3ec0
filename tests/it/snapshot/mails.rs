//! Mails as a scenario queues them: an application received, then the invitation to its
//! interview, to the candidate and to the panel.

use crate::common;

use common::TestApp;

use super::{redacted, shown};
use crate::applications::CANDIDATE;
use crate::clock_changes::{interview_form, preselected};

/// An application received, then its interview scheduled for 15 January 2099 at 14:30 in Paris
/// with the recruiter on the panel; returns the recruiter's address.
pub(super) async fn schedule_interview(app: TestApp) -> (TestApp, String) {
    let (scene, id) = preselected(app).await;
    let rh = scene.app.signed_in(&scene.recruiter).await;
    let panel = scene.recruiter.id.to_string();
    let form = interview_form("15/01/2099", "14:30", &panel);
    let response = rh.post(&format!("/candidatures/{id}/entretiens"), &form).await;
    assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
    (scene.app, scene.recruiter.email)
}

on_both_backends!(an_application_and_its_interview_as_mailed);
async fn an_application_and_its_interview_as_mailed(app: TestApp) {
    let (app, recruiter) = schedule_interview(app).await;
    let candidate = app.mail_to(CANDIDATE).await;
    assert_eq!(candidate.len(), 2, "the receipt, then the invitation");
    let panel = app.mail_to(&recruiter).await;
    redacted(&[], || {
        insta::assert_snapshot!("mail_application_received", shown(&candidate[0]));
        insta::assert_snapshot!("mail_interview_invitation", shown(&candidate[1]));
        insta::assert_snapshot!("mail_panel_interview", shown(panel.last().unwrap()));
    });
}
