//! The CSV export: the funding dashboard of a region, as its ARS downloads it.

use crate::common;

use common::TestApp;

use super::{lines, redacted};
use crate::funding::{past_subsidy, region};

on_both_backends!(the_funding_dashboard_as_csv);
async fn the_funding_dashboard_as_csv(app: TestApp) {
    let region = region(&app).await;
    past_subsidy(&app, &region).await;
    let ars = app.signed_in(&region.ars).await;
    let response = ars.get("/financements.csv").await;
    assert_eq!(response.status(), 200);
    let headers = response.headers().clone();
    let header = |name: &str| headers.get(name).map_or("", |v| v.to_str().unwrap()).to_string();
    let shown = format!(
        "content-type: {}\ncontent-disposition: {}\n\n{}",
        header("content-type"),
        header("content-disposition"),
        lines(&response.text().await.unwrap())
    );
    // The subsidy stands on last year and this one, whichever they are.
    redacted(&[(r"\b20\d\d\b", "[year]")], || {
        insta::assert_snapshot!("csv_funding", shown);
    });
}
