use super::*;

on_both_backends!(an_ars_runs_a_call_from_opening_to_subsidies_and_the_dashboard_adds_up);

async fn an_ars_runs_a_call_from_opening_to_subsidies_and_the_dashboard_adds_up(app: TestApp) {
    let region = region(&app).await;
    let ars = app.signed_in(&region.ars).await;
    let recruiter = app.signed_in(&region.recruiter).await;
    let other_ars = app.signed_in(&region.other_ars).await;
    let call = the_ars_opens_a_call(&ars, &other_ars, &recruiter).await;
    let (request, document) = the_establishment_files_a_request(&app, &region, &recruiter, &call).await;
    only_the_regions_ars_reads_it(&ars, &other_ars, &request, &document).await;
    the_ars_instructs_and_decides(&app, &ars, &recruiter, &request).await;
    let year = the_ars_pays_the_subsidy(&ars, &recruiter, &request).await;
    the_dashboard_and_its_csv_add_up(&ars, &other_ars, &recruiter, year).await;
}

/// A wrong amount is said next to its field; the call opened is seen in its region only.
async fn the_ars_opens_a_call(ars: &Browser, other_ars: &Browser, recruiter: &Browser) -> String {
    // A wrong amount is said next to its field, and what was typed stays.
    let response = ars
        .post(
            "/appels/nouveau",
            &[("title", ""), ("posts", "2"), ("amount", "beaucoup")],
        )
        .await;
    assert_eq!(response.status(), 422);
    says(
        response,
        &[
            "Indiquez un montant en euros, par exemple 45 000",
            "value=\"beaucoup\"",
            "Donnez un intitulé",
        ],
    )
    .await;
    let call = open_call(ars).await;
    says(
        ars.get(&call).await,
        &[
            &format!("45{NB}000,00{NB}€"),
            &format!("90{NB}000,00{NB}€"),
            "0 sur 2 postes attribués",
        ],
    )
    .await;
    // Another region's ARS does not see it; the establishment of the region does.
    assert_eq!(other_ars.get(&call).await.status(), 404);
    says(recruiter.get("/financements").await, &["Création de postes de MSP"]).await;

    call
}

/// The establishment starts a request for its project and files it with its documents; returns
/// the request's address and its fiche de poste's document id.
async fn the_establishment_files_a_request(
    app: &TestApp, region: &Region, recruiter: &Browser, call: &str,
) -> (String, String) {
    // The establishment starts a request for its project and files it with its documents.
    let summary = "Un poste à temps plein en réhabilitation.";
    let request = start_request(recruiter, &region.employer, call, summary).await;
    let response = file(recruiter, &request, false).await;
    assert_eq!(response.status(), 422);
    says(
        response,
        &[
            "Ajoutez le document demandé : « Fiche de poste »",
            "Cochez l'engagement à pérenniser le poste",
        ],
    )
    .await;
    let response = upload(
        app,
        recruiter,
        &request,
        "Fiche de poste",
        "photo.pdf",
        b"GIF89a not a pdf",
    )
    .await;
    assert_eq!(response.status(), 422);
    says(response, &["n'est ni un PDF"]).await;
    let response = upload(app, recruiter, &request, "Fiche de poste", "fiche.pdf", FICHE_PDF).await;
    assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
    let response = upload(app, recruiter, &request, "Budget prévisionnel", "budget.xlsx", &xlsx()).await;
    assert_eq!(response.status(), 303);
    assert_eq!(file(recruiter, &request, true).await.status(), 303);
    let page = says(recruiter.get(&request).await, &["Déposée", "pris le"]).await;
    let document = linked_id(&page, "/documents-financement/");

    (request, document)
}

async fn only_the_regions_ars_reads_it(ars: &Browser, other_ars: &Browser, request: &str, document: &str) {
    // The region's ARS reads the request and its documents; the other ARS gets nothing.
    let response = ars.get(&format!("/documents-financement/{document}")).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/pdf");
    assert_eq!(response.bytes().await.unwrap().as_ref(), FICHE_PDF);
    assert_eq!(other_ars.get(request).await.status(), 404);
    assert_eq!(
        other_ars
            .get(&format!("/documents-financement/{document}"))
            .await
            .status(),
        404
    );
}

/// Asking for more, instruction, a refusal, reopening, acceptance: every step recorded for good.
async fn the_ars_instructs_and_decides(app: &TestApp, ars: &Browser, recruiter: &Browser, request: &str) {
    asking_for_more_says_what_and_the_request_is_filed_again(ars, recruiter, request).await;
    a_refusal_gives_its_reason_and_can_be_reopened(ars, recruiter, request).await;
    every_step_is_recorded_for_good(app).await;
}

/// Asking for more needs to say what; the establishment reads it and files again.
async fn asking_for_more_says_what_and_the_request_is_filed_again(ars: &Browser, recruiter: &Browser, request: &str) {
    let response = instruct(ars, request, "demander_complements", " ").await;
    assert_eq!(response.status(), 422);
    says(response, &["Indiquez ce que l'établissement doit compléter"]).await;
    let response = instruct(ars, request, "demander_complements", "Joignez le budget signé.").await;
    assert_eq!(response.status(), 303);
    says(
        recruiter.get(request).await,
        &["À compléter", "Joignez le budget signé."],
    )
    .await;
    assert_eq!(file(recruiter, request, true).await.status(), 303);
}

/// Instruction, a refusal with its reason, then the refusal reopened and the request accepted.
async fn a_refusal_gives_its_reason_and_can_be_reopened(ars: &Browser, recruiter: &Browser, request: &str) {
    assert_eq!(instruct(ars, request, "instruire", "").await.status(), 303);
    let response = instruct(ars, request, "refuser", "").await;
    assert_eq!(response.status(), 422);
    assert_eq!(
        instruct(ars, request, "refuser", "Le budget ne prévoit pas la formation.")
            .await
            .status(),
        303
    );
    says(
        recruiter.get(request).await,
        &[
            "Refusée",
            "Motif de la décision",
            "Le budget ne prévoit pas la formation.",
        ],
    )
    .await;
    // A decided request does not silently change: accepting a refusal is refused.
    assert_eq!(instruct(ars, request, "accepter", "").await.status(), 409);
    assert_eq!(
        instruct(ars, request, "rouvrir", "Le budget corrigé est arrivé.")
            .await
            .status(),
        303
    );
    assert_eq!(instruct(ars, request, "accepter", "").await.status(), 303);
}

/// Every step of the request is recorded, by whom, and the history cannot be rewritten.
async fn every_step_is_recorded_for_good(app: &TestApp) {
    let events: Vec<(String, String)> =
        sqlx::query_as("SELECT to_state, actor_name FROM funding_request_events ORDER BY id")
            .fetch_all(&app.db.pool)
            .await
            .unwrap();
    let states: Vec<&str> = events.iter().map(|(s, _)| s.as_str()).collect();
    assert_eq!(
        states,
        [
            "brouillon",
            "deposee",
            "a_completer",
            "deposee",
            "en_instruction",
            "refusee",
            "en_instruction",
            "acceptee"
        ]
    );
    assert!(events.iter().all(|(_, who)| who == "Camille Test"));
    // The history cannot be rewritten, even in the database.
    assert!(
        sqlx::query("UPDATE funding_request_events SET reason = 'autre'")
            .execute(&app.db.pool)
            .await
            .is_err()
    );
}

/// The subsidy: 2 years of 45,000 €; payments up to what was granted, never beyond. Returns the
/// first year.
async fn the_ars_pays_the_subsidy(ars: &Browser, recruiter: &Browser, request: &str) -> i32 {
    // The subsidy: 2 years of 45,000 €; payments up to what was granted, never beyond.
    let page = says(recruiter.get(request).await, &["Acceptée", "Voir la subvention"]).await;
    let subsidy = format!("/subventions/{}", linked_id(&page, "/subventions/"));
    let year = paris_today().year();
    let today = paris_today().to_string();
    let pay = |year: i32, amount: &'static str| {
        let (subsidy, today) = (subsidy.clone(), today.clone());
        async move {
            ars.post(
                &format!("{subsidy}/versements"),
                &[("annee", &year.to_string()), ("montant", amount), ("date", &today)],
            )
            .await
        }
    };
    assert_eq!(pay(year, "45 000").await.status(), 303);
    let response = pay(year, "0,01").await;
    assert_eq!(response.status(), 422);
    says(response, &["Cette année est entièrement versée"]).await;
    let response = pay(year + 1, "45 000,01").await;
    assert_eq!(response.status(), 422);
    says(response, &["value=\"45 000,01\"", "dépasse ce qui reste à verser"]).await;
    assert_eq!(pay(year + 1, "30 000,50").await.status(), 303);
    assert_eq!(
        recruiter.post(&format!("{subsidy}/versements"), &[]).await.status(),
        403
    );
    says(
        recruiter.get(&subsidy).await,
        &[
            &format!("90{NB}000,00{NB}€"),
            &format!("75{NB}000,50{NB}€"),
            &format!("14{NB}999,50{NB}€"),
        ],
    )
    .await;

    year
}

async fn the_dashboard_and_its_csv_add_up(ars: &Browser, other_ars: &Browser, recruiter: &Browser, year: i32) {
    // The dashboard and its CSV: the same totals, to the cent.
    says(
        ars.get("/financements").await,
        &[
            "1 sur 2 postes attribués (50",
            &format!("90{NB}000,00{NB}€"),
            &format!("75{NB}000,50{NB}€"),
            "<svg role=\"img\"",
        ],
    )
    .await;
    let response = ars.get("/financements.csv").await;
    assert_eq!(response.status(), 200);
    assert!(common::content_type(&response).starts_with("text/csv"));
    let csv = response.text().await.unwrap();
    for line in [
        "postes prévus;Création de postes de MSP (".to_string(),
        "postes attribués;Création de postes de MSP".to_string(),
        "postes financés;total;1".to_string(),
        format!("montant engagé (euros);{year};45000,00"),
        format!("montant versé (euros);{year};45000,00"),
        format!("montant engagé (euros);{};45000,00", year + 1),
        format!("montant versé (euros);{};30000,50", year + 1),
        "montant engagé (euros);total;90000,00".to_string(),
        "montant versé (euros);total;75000,50".to_string(),
    ] {
        assert!(csv.contains(&line), "{line:?} not in {csv}");
    }
    // The other region's dashboard has none of it; recruiters have no CSV.
    let other = says(other_ars.get("/financements").await, &["Île-de-France"]).await;
    assert!(!other.contains("Création de postes de MSP"), "{other}");
    assert_eq!(recruiter.get("/financements.csv").await.status(), 403);
}
