//! The iCalendar files: an interview's invitation as the candidate and the panel receive it,
//! and a cohort's subscribed calendar as a calendar program reads it.

use crate::common;

use common::TestApp;

use super::mails::schedule_interview;
use super::{lines, redacted};
use crate::applications::CANDIDATE;
use crate::calendar::{bobigny_2027, scene};

on_both_backends!(an_interviews_invitations_as_attached);
async fn an_interviews_invitations_as_attached(app: TestApp) {
    let (app, recruiter) = schedule_interview(app).await;
    let attached = |mail: Option<&msp::mail::SentMail>| lines(&mail.unwrap().attachment.clone().unwrap().1);
    let candidate = attached(app.mail_to(CANDIDATE).await.last());
    let panel = attached(app.mail_to(&recruiter).await.last());
    redacted(&[], || {
        insta::assert_snapshot!("ics_interview_candidate", candidate);
        insta::assert_snapshot!("ics_interview_panel", panel);
    });
}

on_both_backends!(a_cohorts_subscribed_calendar);
async fn a_cohorts_subscribed_calendar(app: TestApp) {
    let scene = scene(app).await;
    let ccoms = scene.app.signed_in(&scene.coordinator).await;
    let cohort = bobigny_2027(&ccoms).await;
    let page = ccoms
        .post(&format!("/promotions/{cohort}/agenda"), &[])
        .await
        .text()
        .await
        .unwrap();
    let start = page.find(&scene.app.url("/agenda/")).expect("the feed's address") + scene.app.url("").len();
    let feed = page[start..].split('<').next().unwrap();
    let response = scene.app.get(feed).await;
    assert_eq!(response.status(), 200);
    let content_type = response.headers()["content-type"].to_str().unwrap().to_string();
    let calendar = lines(&response.text().await.unwrap());
    redacted(&[], || {
        insta::assert_snapshot!("ics_cohort_feed", format!("content-type: {content_type}\n\n{calendar}"));
    });
}
